"""``surveykit validity SCHEMA DATA``: KMO, Bartlett, EFA and, with ``--cfa``, the CFA of the scales."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from ._analysis import (Inputs, LangOpt, analysis_command, echo_table, echo_warnings, option_names, quiet,
                        text_table)
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


@analysis_command
def validity_command(
    inputs: Inputs,
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
) -> None:
    """Construct validity of the scales: KMO, Bartlett's test, eigenvalues with parallel
    analysis, an exploratory factor analysis, Harman's single-factor test and, with --cfa,
    the confirmatory model (lavaan's ML defaults) with CR, AVE and HTMT.

    Items as scored (reversed as the schema says), listwise over all the items; analyses the
    respondents that the schema's quality checks keep.
    """
    from ..construct_validity import validity_table

    survey = inputs.survey()
    with quiet(), option_names(n_factors="--factors"):
        result = validity_table(survey, scales=scale or None, n_factors=factors,
                                method=method.value, rotation=rotation.value, cfa=cfa, seed=seed,
                                language=lang)
    tables = {"items": result.items, "eigenvalues": result.eigenvalues,
              "loadings": result.loadings, "variance": result.variance,
              "bartlett": result.bartlett, "harman": result.harman}
    if cfa:
        tables |= {"cfa_fit": result.cfa_fit.to_frame().T, "cfa_loadings": result.cfa_loadings,
                   "constructs": result.constructs, "fornell_larcker": result.fornell_larcker}
        if result.htmt is not None:
            tables["htmt"] = result.htmt
    inputs.publish(_document(result), tables, lambda: _print(result))


def _document(result) -> dict:
    """The JSON document, its counts (n, degrees of freedom, parameters) as integers."""
    document = result.to_dict()
    document["n"] = int(document["n"])
    document["bartlett"]["df"] = int(document["bartlett"]["df"])
    fit = (document.get("cfa") or {}).get("fit") or {}
    for key in ("df", "baseline_df", "n", "npar"):
        if fit.get(key) is not None:
            fit[key] = int(fit[key])
    return document


def _print(result) -> None:
    from ..report.format import Formatter

    f = Formatter()
    b = result.bartlett.iloc[0]
    typer.echo(f"{result.n} respondents with every item answered; {len(result.items)} items.")
    typer.echo(f"KMO = {f.number(result.kmo, 3)}; Bartlett's test: {f.stat('chi2', b['chi2'], b['df'], b['p'])}; "
               f"determinant {b['determinant']:.3g}")
    echo_table(text_table(result.items.drop(columns=["communality", "uniqueness", "std_loading"])),
               "\nItems (msa: KMO of the item):")
    echo_table(text_table(result.eigenvalues.head(max(result.n_factors, result.suggested_factors) + 2)),
               "\nEigenvalues, with the 95% quantiles of parallel analysis:")
    typer.echo(f"\nEFA ({result.method}, {result.rotation}): {result.n_factors} factors (the number "
               f"of scales unless --factors); parallel analysis suggests {result.suggested_factors} "
               f"factors, {result.suggested_components} components.")
    echo_table(text_table(result.loadings))
    echo_table(text_table(result.variance))
    h = result.harman.iloc[0]
    typer.echo(f"\nHarman's single-factor test: the first component explains {h['proportion']:.1%} of "
               f"the variance ({'above' if h['exceeds_threshold'] else 'below'} "
               f"{h['threshold']:.0%}).")
    if result.cfa is not None:
        c = result.cfa_fit
        typer.echo(f"\nCFA (ML): {f.stat('chi2', c['chi2'], c['df'], c['p'])}; "
                   f"CFI {f.number(c['cfi'], 3)}, TLI {f.number(c['tli'], 3)}, RMSEA {f.number(c['rmsea'], 3)} "
                   f"{f.ci(c['rmsea_ci_low'], c['rmsea_ci_high'], 3)}, SRMR {f.number(c['srmr'], 3)}")
        echo_table(text_table(result.cfa_loadings[["factor", "item", "est", "se", "std"]]))
        echo_table(text_table(result.constructs), "\nComposite reliability and AVE:")
        echo_table(text_table(result.fornell_larcker.reset_index(names="factor")),
                   "\nFornell-Larcker (sqrt(AVE) on the diagonal, correlations off it):")
        if result.htmt is not None:
            echo_table(text_table(result.htmt), "\nHTMT:")
    echo_warnings(result.warnings)
