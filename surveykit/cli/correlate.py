"""``surveykit correlate SCHEMA DATA``: correlation matrix with p-values, means and sds."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from ._analysis import Inputs, LangOpt, NumericVarsOpt, analysis_command, echo_table, quiet, text_table
from ._common import split_names


class Method(str, Enum):
    pearson = "pearson"
    spearman = "spearman"


@analysis_command
def correlate_command(
    inputs: Inputs,
    vars: NumericVarsOpt = None,
    method: Annotated[Method, typer.Option("--method", help="Correlation coefficient.")] = Method.pearson,
    stars: Annotated[bool, typer.Option("--stars", help="Mark r with * p < .05, ** p < .01, "
                                        "*** p < .001 in the printed table.")] = False,
    lang: LangOpt = None,
) -> None:
    """Correlation matrix (pairwise complete) with p-values, n, means and SDs.

    The printed tables name the variables by their labels (names are in the JSON
    document and the -o file).
    """
    from ..compare_tables import correlation_table

    survey = inputs.survey()
    with quiet():
        result = correlation_table(survey, split_names(vars), method=method.value, language=lang)
    inputs.publish(result.to_dict(), {"r": result.r, "p": result.p, "n": result.n,
                                      "descriptives": result.descriptives}, lambda: _print(result, stars))


def _matrix(result, frame, code: str, stars: bool = False):
    """A matrix as text, rows and columns labelled, NaN blank, r with the stars of its p."""
    import pandas as pd

    from ..report.format import Formatter

    f, p, labels = Formatter(), result.p.to_numpy(), result.descriptives["label"].tolist()
    return pd.DataFrame([[f.cell(v, code, p=p[i, j] if stars and i != j else None) for j, v in enumerate(line)]
                         for i, line in enumerate(frame.to_numpy())], index=labels, columns=labels)


def _print(result, stars: bool) -> None:
    import numpy as np

    typer.echo(f"{result.method.capitalize()} correlations (pairwise complete):")
    r = _matrix(result, result.r, "num2", stars)
    echo_table(r, index=True)
    if stars:
        from ..report.format import Formatter

        typer.echo(f"  {Formatter().star_legend()} (two-sided)")
    p = result.p.copy()
    p[:] = np.where(np.eye(len(p), dtype=bool), np.nan, p.to_numpy())
    echo_table(_matrix(result, p, "p"), "\np-values:", index=True)
    echo_table(_matrix(result, result.n, "int"), "\nn (pairwise):", index=True)
    echo_table(text_table(result.descriptives), "\nMeans and SDs:")
