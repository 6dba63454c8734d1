"""``surveykit describe SCHEMA DATA``: sample profile, frequency tables and descriptives."""

from __future__ import annotations

import typer

from ._analysis import LangOpt, MinCellOpt, VarsOpt, WeightOpt, analysed, display, quiet, write_result
from ._common import (DataArg, Flavor, FlavorOpt, Format, FormatOpt, OutputOpt, SchemaArg, SheetOpt,
                      echo_frame, emit_json, split_names)


def describe_command(
    schema: SchemaArg,
    data: DataArg,
    vars: VarsOpt = None,
    lang: LangOpt = None,
    weight: WeightOpt = None,
    min_cell: MinCellOpt = None,
    flavor: FlavorOpt = Flavor.auto,
    sheet: SheetOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Sample profile: frequency tables (n, %, valid %) and descriptive statistics.

    Default variables: the demographics (and variables derived from them) and the
    scales. Analyses the respondents that the schema's quality checks keep.
    """
    from ..description import describe

    survey = analysed(schema, data, flavor, sheet, output)
    with quiet():
        result = describe(survey, split_names(vars), language=lang, weight=weight, min_cell=min_cell)
    document = result.to_dict()
    if output is not None:
        write_result(output, document, {"variables": result.variables, "categories": result.categories,
                                        "options": result.options}, inputs=[schema, data])
    if format is Format.json:
        emit_json(document)
    else:
        _print(result)


def _print(result) -> None:
    from ..description import STATS_KINDS

    weight = f", weighted by {result.weight}" if result.weight else ""
    typer.echo(f"{result.n} respondents{weight}.")
    if result.min_cell:
        typer.echo(f"Counts of fewer than {result.min_cell} respondents are hidden (<NA>/NaN).")
    v = result.variables
    for row in v.itertuples():
        head = (f"\n{row.label} ({row.variable}, {row.type}): {row.n_valid:g} valid, {row.n_missing:g} missing"
                + (f", {row.n_not_applicable:g} not applicable" if row.n_not_applicable else ""))
        if row.type == "multiple":
            opts = result.options[result.options["variable"] == row.variable]
            echo_frame(display(opts[["code", "category", "n", "pct_responses", "pct_cases"]]),
                       head + f"; {row.n_cases:g} cases")
        elif row.type not in STATS_KINDS or row.type == "likert":
            cats = result.categories[result.categories["variable"] == row.variable]
            echo_frame(display(cats[["code", "category", "n", "percent", "valid_percent",
                                     "cumulative_percent"]]), head)
    numeric = v[v["type"].isin(STATS_KINDS)]
    if len(numeric):
        echo_frame(display(numeric[["variable", "label", "n_valid", "n_missing", "mean", "sd", "median",
                                    "min", "max", "skewness", "kurtosis"]]), "\nDescriptive statistics:")
