"""``surveykit compare SCHEMA DATA --by GROUP --vars a,b``: group comparisons of scores."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from ._analysis import LangOpt, analysed, display, echo_warnings, quiet, write_result
from ._common import (DataArg, Flavor, FlavorOpt, Format, FormatOpt, OutputOpt, SchemaArg, SheetOpt,
                      echo_frame, emit_json, split_names)


class Posthoc(str, Enum):
    tukey = "tukey"
    games_howell = "games-howell"


def compare_command(
    schema: SchemaArg,
    data: DataArg,
    by: Annotated[str, typer.Option("--by", help="Grouping variable (coded).", show_default=False)],
    vars: Annotated[str | None, typer.Option("--vars", help="Numeric variables, comma-separated "
                                             "(default: the scales).", show_default=False)] = None,
    posthoc: Annotated[Posthoc | None, typer.Option("--posthoc", help="Pairwise comparisons after "
                                                    "an ANOVA.", show_default=False)] = None,
    lang: LangOpt = None,
    flavor: FlavorOpt = Flavor.auto,
    sheet: SheetOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """t-tests / ANOVA (and nonparametric alternatives) of scores across groups.

    Two groups: Student's and Welch's t, Mann-Whitney U, Levene's test, Cohen's d
    (first group minus second, in code order). More groups: one-way ANOVA (eta
    squared), Welch's ANOVA, Kruskal-Wallis, Levene's test, and with --posthoc
    Tukey HSD or Games-Howell.
    """
    from ..compare_tables import compare_table

    survey = analysed(schema, data, flavor, sheet, output)
    names = split_names(vars)
    if names is None:
        names = [s.name for s in survey.questionnaire.scales]
    with quiet():
        result = compare_table(survey, by, names, posthoc_method=None if posthoc is None else posthoc.value,
                               language=lang)
    document = result.to_dict()
    if output is not None:
        write_result(output, document, {"tests": result.tests, "groups": result.groups,
                                        "posthoc": result.posthoc}, inputs=[schema, data])
    if format is Format.json:
        emit_json(document)
    else:
        _print(result)


def _print(result) -> None:
    for var, label in dict(zip(result.groups["var"], result.groups["label"])).items():
        typer.echo(f"\n{label} ({var}) by {result.by_label} ({result.by}):")
        echo_frame(display(result.groups.loc[result.groups["var"] == var, ["code", "category", "n", "mean",
                                                                            "sd"]]))
        tests = result.tests.loc[result.tests["var"] == var, ["test", "statistic", "df", "df2", "p", "effect",
                                                              "effect_size", "ci_low", "ci_high"]]
        echo_frame(display(tests, 4), "Tests:")
        pairs = result.posthoc[result.posthoc["var"] == var]
        if len(pairs):
            echo_frame(display(pairs.drop(columns=["var", "label"]), 4), f"Post hoc ({result.posthoc_method}):")
    echo_warnings(result.warnings)
