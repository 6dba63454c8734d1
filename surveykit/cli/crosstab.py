"""``surveykit crosstab SCHEMA DATA ROW COL``: a labelled crosstab with chi-square tests."""

from __future__ import annotations

from typing import Annotated

import typer

from ._analysis import LangOpt, MinCellOpt, WeightOpt, analysed, display, echo_warnings, quiet, write_result
from ._common import (DataArg, Flavor, FlavorOpt, Format, FormatOpt, OutputOpt, SchemaArg, SheetOpt,
                      echo_frame, emit_json)


def crosstab_command(
    schema: SchemaArg,
    data: DataArg,
    row: Annotated[str, typer.Argument(help="Row variable (coded).", show_default=False)],
    col: Annotated[str, typer.Argument(help="Column variable (coded).", show_default=False)],
    lang: LangOpt = None,
    weight: WeightOpt = None,
    min_cell: MinCellOpt = None,
    flavor: FlavorOpt = Flavor.auto,
    sheet: SheetOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Crosstab with counts, row/column %, chi-square, Cramér's V and expected-count warnings.

    Rows and columns are in the order of the codes in the schema. With a 2x2
    table, the chi-square is without continuity correction (Yates' beside it)
    and Fisher's exact test is added.
    """
    from ..compare_tables import crosstab_table

    survey = analysed(schema, data, flavor, sheet, output)
    with quiet():
        result = crosstab_table(survey, row, col, language=lang, weight=weight, min_cell=min_cell)
    document = result.to_dict()
    if output is not None:
        write_result(output, document, {"counts": result.table, "row_pct": result.row_pct,
                                        "col_pct": result.col_pct, "residuals": result.residuals,
                                        "tests": result.tests}, inputs=[schema, data])
    if format is Format.json:
        emit_json(document)
    else:
        _print(result)


def _print(result) -> None:
    s = result.stats
    weight = f", weighted by {result.weight}" if result.weight else ""
    typer.echo(f"{result.row_label} ({result.row}) by {result.col_label} ({result.col}): "
               f"n = {s.n:g}{weight}, {s.n_missing:g} left out (missing either)")
    if result.min_cell:
        typer.echo(f"Counts of fewer than {result.min_cell} respondents are hidden (NaN), "
                   "with complementary cells; the tests use the true counts.")
    for title, frame in (("Counts", result.table), ("Row %", result.row_pct), ("Column %", result.col_pct),
                         ("Adjusted standardised residuals", result.residuals)):
        typer.echo(f"\n{title}:")
        typer.echo("\n".join("  " + line for line in display(frame).to_string().splitlines()))
    echo_frame(display(result.tests, 4), "\nTests:")
    typer.echo(f"Cramér's V = {s.cramers_v:.3f}; smallest expected count = {s.min_expected:.2f}")
    echo_warnings(result.warnings)
