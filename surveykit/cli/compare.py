"""``surveykit compare SCHEMA DATA --by GROUP --vars a,b``: group comparisons of scores."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from ._analysis import (Inputs, LangOpt, NumericVarsOpt, analysis_command, echo_table, echo_warnings, quiet,
                        text_table)
from ._common import split_names


class Posthoc(str, Enum):
    tukey = "tukey"
    games_howell = "games-howell"


@analysis_command
def compare_command(
    inputs: Inputs,
    by: Annotated[str, typer.Option("--by", help="Grouping variable (coded).", show_default=False)],
    vars: NumericVarsOpt = None,
    posthoc: Annotated[Posthoc | None, typer.Option("--posthoc", help="Pairwise comparisons after "
                                                    "an ANOVA.", show_default=False)] = None,
    lang: LangOpt = None,
) -> None:
    """t-tests / ANOVA (and nonparametric alternatives) of scores across groups.

    Two groups: Student's and Welch's t, Mann-Whitney U, Levene's test, Cohen's d
    (first group minus second, in code order). More groups: one-way ANOVA (eta
    squared), Welch's ANOVA, Kruskal-Wallis, Levene's test, and with --posthoc
    Tukey HSD or Games-Howell.
    """
    from ..compare_tables import compare_table

    survey = inputs.survey()
    names = split_names(vars)
    if names is None:
        names = [s.name for s in survey.questionnaire.scales]
    with quiet():
        result = compare_table(survey, by, names, posthoc_method=None if posthoc is None else posthoc.value,
                               language=lang)
    inputs.publish(result.to_dict(), {"tests": result.tests, "groups": result.groups,
                                      "posthoc": result.posthoc}, lambda: _print(result))


def _print(result) -> None:
    for var, label in dict(zip(result.groups["var"], result.groups["label"])).items():
        typer.echo(f"\n{label} ({var}) by {result.by_label} ({result.by}):")
        echo_table(text_table(result.groups.loc[result.groups["var"] == var,
                                                ["code", "category", "n", "mean", "sd"]]))
        tests = result.tests.loc[result.tests["var"] == var, ["test", "statistic", "df", "df2", "p", "effect",
                                                              "effect_size", "ci_low", "ci_high"]]
        echo_table(text_table(tests), "Tests:")
        pairs = result.posthoc[result.posthoc["var"] == var]
        if len(pairs):
            echo_table(text_table(pairs.drop(columns=["var", "label"])),
                       f"Post hoc ({result.posthoc_method}):")
    echo_warnings(result.warnings)
