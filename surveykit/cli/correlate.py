"""``surveykit correlate SCHEMA DATA``: correlation matrix with p-values, means and sds."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from ._analysis import LangOpt, analysed, display, quiet, write_result
from ._common import (DataArg, Flavor, FlavorOpt, Format, FormatOpt, OutputOpt, SchemaArg, SheetOpt,
                      echo_frame, emit_json, split_names)


class Method(str, Enum):
    pearson = "pearson"
    spearman = "spearman"


def correlate_command(
    schema: SchemaArg,
    data: DataArg,
    vars: Annotated[str | None, typer.Option("--vars", help="Numeric variables, comma-separated "
                                             "(default: the scales).", show_default=False)] = None,
    method: Annotated[Method, typer.Option("--method", help="Correlation coefficient.")] = Method.pearson,
    stars: Annotated[bool, typer.Option("--stars", help="Mark r with * p < .05, ** p < .01, "
                                        "*** p < .001 in the printed table.")] = False,
    lang: LangOpt = None,
    flavor: FlavorOpt = Flavor.auto,
    sheet: SheetOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Correlation matrix (pairwise complete) with p-values, n, means and SDs."""
    from ..compare_tables import correlation_table

    survey = analysed(schema, data, flavor, sheet, output)
    with quiet():
        result = correlation_table(survey, split_names(vars), method=method.value, language=lang)
    document = result.to_dict()
    if output is not None:
        write_result(output, document, {"r": result.r, "p": result.p, "n": result.n,
                                        "descriptives": result.descriptives}, inputs=[schema, data])
    if format is Format.json:
        emit_json(document)
    else:
        _print(result, stars)


def _starred(r, p):
    import numpy as np

    marks = np.select([p < 0.001, p < 0.01, p < 0.05], ["***", "**", "*"], "")
    np.fill_diagonal(marks, "")
    text = r.map(lambda v: f"{v:.2f}")
    return text + marks


def _print(result, stars: bool) -> None:
    typer.echo(f"{result.method.capitalize()} correlations (pairwise complete):")
    r = _starred(result.r, result.p) if stars else display(result.r)
    typer.echo("\n".join("  " + line for line in r.to_string().splitlines()))
    if stars:
        typer.echo("  * p < .05, ** p < .01, *** p < .001 (two-sided)")
    typer.echo("\np-values:")
    typer.echo("\n".join("  " + line for line in display(result.p, 4).to_string().splitlines()))
    typer.echo("\nn (pairwise):")
    typer.echo("\n".join("  " + line for line in result.n.to_string().splitlines()))
    echo_frame(display(result.descriptives), "\nMeans and SDs:")
