"""``surveykit crosstab SCHEMA DATA ROW COL``: a labelled crosstab with chi-square tests."""

from __future__ import annotations

from typing import Annotated

import typer

from ._analysis import (Inputs, LangOpt, MinCellOpt, WeightOpt, analysis_command, echo_table, echo_warnings,
                        hidden_marks, quiet, text_table)


@analysis_command
def crosstab_command(
    inputs: Inputs,
    row: Annotated[str, typer.Argument(help="Row variable (coded).", show_default=False)],
    col: Annotated[str, typer.Argument(help="Column variable (coded).", show_default=False)],
    lang: LangOpt = None,
    weight: WeightOpt = None,
    min_cell: MinCellOpt = None,
) -> None:
    """Crosstab with counts, row/column %, chi-square, Cramér's V and expected-count warnings.

    Rows and columns are in the order of the codes in the schema. With a 2x2
    table, the chi-square is without continuity correction (Yates' beside it)
    and Fisher's exact test is added.
    """
    from ..compare_tables import crosstab_table

    survey = inputs.survey()
    with quiet():
        result = crosstab_table(survey, row, col, language=lang, weight=weight, min_cell=min_cell)
    inputs.publish(result.to_dict(), {"counts": result.table, "row_pct": result.row_pct,
                                      "col_pct": result.col_pct, "residuals": result.residuals,
                                      "tests": result.tests}, lambda: _print(result))


def _print(result) -> None:
    from ..report.format import Formatter

    s, f = result.stats, Formatter()
    weight = f", weighted by {result.weight}" if result.weight else ""
    typer.echo(f"{result.row_label} ({result.row}) by {result.col_label} ({result.col}): "
               f"n = {f.integer(s.n)}{weight}, {f.integer(s.n_missing)} left out (missing either)")
    if result.min_cell:
        typer.echo(f"<{result.min_cell}: fewer than {result.min_cell} respondents; x: hidden (see below).")
        typer.echo(result.note)
    for title, frame, code in (("Counts", result.table, "int"), ("Row %", result.row_pct, "pct"),
                               ("Column %", result.col_pct, "pct"),
                               ("Adjusted standardised residuals", result.residuals, "num2")):
        text = text_table(frame, dict.fromkeys(frame.columns, code))
        if result.min_cell:
            small = result.small.to_numpy() & (code == "int")
            text = hidden_marks(text, result.suppressed.to_numpy(), small, result.min_cell)
        echo_table(text, f"\n{title}:", index=True)
    echo_table(text_table(result.tests), "\nTests:")
    typer.echo(f"Cramér's V = {f.number(s.cramers_v, 3)}; smallest expected count = {f.number(s.min_expected)}")
    echo_warnings(result.warnings)
