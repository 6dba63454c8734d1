"""``surveykit describe SCHEMA DATA``: sample profile, frequency tables and descriptives."""

from __future__ import annotations

import typer

from ._analysis import (Inputs, LangOpt, MinCellOpt, VarsOpt, WeightOpt, analysis_command, echo_table,
                        hidden_marks, quiet, text_table)
from ._common import split_names


@analysis_command
def describe_command(
    inputs: Inputs,
    vars: VarsOpt = None,
    lang: LangOpt = None,
    weight: WeightOpt = None,
    min_cell: MinCellOpt = None,
) -> None:
    """Sample profile: frequency tables (n, %, valid %) and descriptive statistics.

    Default variables: the demographics (and variables derived from them) and the
    scales. Analyses the respondents that the schema's quality checks keep.
    """
    from ..description import describe

    survey = inputs.survey()
    with quiet():
        result = describe(survey, split_names(vars), language=lang, weight=weight, min_cell=min_cell)
    inputs.publish(result.to_dict(), {"variables": result.variables, "categories": result.categories,
                                      "options": result.options}, lambda: _print(result))


def _print(result) -> None:
    import numpy as np

    from ..description import STATS_KINDS

    weight = f", weighted by {result.weight}" if result.weight else ""
    typer.echo(f"{result.n} respondents{weight}.")
    if result.min_cell:
        typer.echo(f"<{result.min_cell}: fewer than {result.min_cell} respondents; x: hidden with them, so "
                   "that they cannot be worked out from the totals (the statistics use every answer).")
    v = result.variables
    for row in v.itertuples():
        head = (f"\n{row.label} ({row.variable}, {row.type}): {_count(row.n_valid)} valid, "
                f"{_count(row.n_missing)} missing"
                + (f", {_count(row.n_not_applicable)} not applicable" if row.n_not_applicable else ""))
        if row.type == "multiple":
            table, head = result.options, head + f"; {_count(row.n_cases)} cases"
            columns = ["code", "category", "n", "pct_responses", "pct_cases"]
        elif row.type not in STATS_KINDS or row.type == "likert":
            table = result.categories
            columns = ["code", "category", "n", "percent", "valid_percent", "cumulative_percent"]
        else:
            continue
        rows = table[table["variable"] == row.variable]
        text = text_table(rows[columns])
        if result.min_cell:
            hidden = rows["suppressed"].to_numpy()[:, None].repeat(len(columns) - 2, axis=1)
            small = rows["small"].to_numpy()[:, None] & (np.arange(len(columns) - 2) == 0)
            text.iloc[:, 2:] = hidden_marks(text.iloc[:, 2:], hidden, small, result.min_cell)
        echo_table(text, head)
    numeric = v[v["type"].isin(STATS_KINDS)]
    if len(numeric):
        whole = ["int" if t == "integer" else "num2" for t in numeric["type"]]
        echo_table(text_table(numeric[["variable", "label", "n_valid", "n_missing", "mean", "sd", "median",
                                       "min", "max", "skewness", "kurtosis"]],
                              {"min": whole, "max": whole, "median": whole, "skewness": "num2",
                               "kurtosis": "num2"}),
                   "\nDescriptive statistics:")


def _count(value) -> str:
    from ..report.format import Formatter

    return Formatter().integer(value)
