"""``surveykit validity SCHEMA DATA``: KMO, Bartlett, EFA and, with ``--cfa``, the CFA of the scales."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from ._analysis import LangOpt, analysed, display, echo_warnings, quiet, write_result
from ._common import (DataArg, Flavor, FlavorOpt, Format, FormatOpt, OutputOpt, SchemaArg, SheetOpt,
                      echo_frame, emit_json)
from .reliability import ScaleOpt


class Method(str, Enum):
    minres = "minres"
    ml = "ml"
    pa = "pa"


class Rotation(str, Enum):
    varimax = "varimax"
    promax = "promax"
    oblimin = "oblimin"
    none = "none"


def validity_command(
    schema: SchemaArg,
    data: DataArg,
    scale: ScaleOpt = None,
    factors: Annotated[int | None, typer.Option(
        "--factors", help="Factors of the EFA (default: the number of scales; the parallel "
                          "analysis suggestion is printed beside it).", show_default=False)] = None,
    method: Annotated[Method, typer.Option("--method", help="EFA extraction.")] = Method.minres,
    rotation: Annotated[Rotation, typer.Option("--rotation", help="EFA rotation.")] = Rotation.varimax,
    cfa: Annotated[bool, typer.Option(
        "--cfa", help="Also fit the CFA of the scales (one factor each): fit, standardised "
                      "loadings, CR, AVE, Fornell-Larcker, HTMT.")] = False,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the parallel analysis.")] = 0,
    lang: LangOpt = None,
    flavor: FlavorOpt = Flavor.auto,
    sheet: SheetOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Construct validity of the scales: KMO, Bartlett's test, eigenvalues with parallel
    analysis, an exploratory factor analysis, Harman's single-factor test and, with --cfa,
    the confirmatory model (lavaan's ML defaults) with CR, AVE and HTMT.

    Items as scored (reversed as the schema says), listwise over all the items; analyses the
    respondents that the schema's quality checks keep.
    """
    from ..construct_validity import validity_table

    survey = analysed(schema, data, flavor, sheet)
    with quiet():
        result = validity_table(survey, scales=scale or None, n_factors=factors,
                                method=method.value, rotation=rotation.value, cfa=cfa, seed=seed,
                                language=lang)
    document = result.to_dict()
    if output is not None:
        tables = {"items": result.items, "eigenvalues": result.eigenvalues,
                  "loadings": result.loadings, "variance": result.variance,
                  "bartlett": result.bartlett, "harman": result.harman}
        if cfa:
            tables |= {"cfa_fit": result.cfa_fit.to_frame().T, "cfa_loadings": result.cfa_loadings,
                       "constructs": result.constructs, "fornell_larcker": result.fornell_larcker}
            if result.htmt is not None:
                tables["htmt"] = result.htmt
        write_result(output, document, tables, inputs=[schema, data])
    if format is Format.json:
        emit_json(document)
    else:
        _print(result)


def _print(result) -> None:
    b = result.bartlett.iloc[0]
    typer.echo(f"{result.n} respondents with every item answered; {len(result.items)} items.")
    typer.echo(f"KMO = {result.kmo:.3f}; Bartlett's test: chi2({int(b['df'])}) = {b['chi2']:.2f}, "
               f"p = {b['p']:.3g}; determinant {b['determinant']:.3g}")
    echo_frame(display(result.items.drop(columns=["communality", "uniqueness", "std_loading"]), 3),
               "\nItems (msa: KMO of the item):")
    echo_frame(display(result.eigenvalues.head(max(result.n_factors, result.suggested_factors) + 2), 3),
               "\nEigenvalues, with the 95% quantiles of parallel analysis:")
    typer.echo(f"\nEFA ({result.method}, {result.rotation}): {result.n_factors} factors (the number "
               f"of scales unless --factors); parallel analysis suggests {result.suggested_factors} "
               f"factors, {result.suggested_components} components.")
    echo_frame(display(result.loadings, 3))
    echo_frame(display(result.variance, 3))
    h = result.harman.iloc[0]
    typer.echo(f"\nHarman's single-factor test: the first component explains {h['proportion']:.1%} of "
               f"the variance ({'above' if h['exceeds_threshold'] else 'below'} "
               f"{h['threshold']:.0%}).")
    if result.cfa is not None:
        f = result.cfa_fit
        typer.echo(f"\nCFA (ML): chi2({int(f['df'])}) = {f['chi2']:.2f}, p = {f['p']:.3g}; "
                   f"CFI {f['cfi']:.3f}, TLI {f['tli']:.3f}, RMSEA {f['rmsea']:.3f} "
                   f"[{f['rmsea_ci_low']:.3f}, {f['rmsea_ci_high']:.3f}], SRMR {f['srmr']:.3f}")
        echo_frame(display(result.cfa_loadings[["factor", "item", "est", "se", "std"]], 3))
        echo_frame(display(result.constructs, 3), "\nComposite reliability and AVE:")
        echo_frame(display(result.fornell_larcker.reset_index(names="factor"), 3),
                   "\nFornell-Larcker (sqrt(AVE) on the diagonal, correlations off it):")
        if result.htmt is not None:
            echo_frame(display(result.htmt, 3), "\nHTMT:")
    echo_warnings(result.warnings)
