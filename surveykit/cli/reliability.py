"""``surveykit reliability SCHEMA DATA``: Cronbach's alpha and item statistics of the scales."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from ._analysis import LangOpt, analysed, display, echo_warnings, quiet, write_result
from ._progress import progress_bar
from ._common import (DataArg, Flavor, FlavorOpt, Format, FormatOpt, OutputOpt, SchemaArg, SheetOpt,
                      echo_frame, emit_json)


class Missing(str, Enum):
    listwise = "listwise"
    pairwise = "pairwise"


class Interval(str, Enum):
    feldt = "feldt"
    duhachek = "duhachek"
    bootstrap = "bootstrap"
    bootstrap_percentile = "bootstrap-percentile"
    none = "none"


ScaleOpt = Annotated[list[str] | None, typer.Option(
    "--scale", "-s", help="A scale of the schema (repeatable; default: every scale).",
    show_default=False)]


def reliability_command(
    schema: SchemaArg,
    data: DataArg,
    scale: ScaleOpt = None,
    missing: Annotated[Missing, typer.Option(
        "--missing", help="listwise: the respondents who answered every item of the scale (as "
                          "SPSS); pairwise: as psych::alpha.")] = Missing.listwise,
    ci: Annotated[Interval, typer.Option(
        "--ci", help="Interval for alpha: Feldt, Duhachek's asymptotic, BCa bootstrap, "
                     "percentile bootstrap, or none.")] = Interval.feldt,
    ci_level: Annotated[float, typer.Option("--ci-level", help="Confidence level.")] = 0.95,
    n_boot: Annotated[int, typer.Option("--n-boot", help="Bootstrap resamples.")] = 2000,
    seed: Annotated[int | None, typer.Option(
        "--seed", help="Seed of the bootstrap (default: random).", show_default=False)] = None,
    lang: LangOpt = None,
    flavor: FlavorOpt = Flavor.auto,
    sheet: SheetOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Reliability of each scale: Cronbach's alpha (raw and standardised) with its interval,
    omega, split-half, Guttman's lambdas, and item statistics (corrected item-total r,
    alpha if deleted) of the items as scored (reversed as the schema says).

    Analyses the respondents that the schema's quality checks keep.
    """
    from ..scale_reliability import reliability_table

    survey = analysed(schema, data, flavor, sheet)
    options = dict(scales=scale or None, missing=missing.value, ci=ci.value, ci_level=ci_level,
                   n_boot=n_boot, seed=seed, language=lang)
    with quiet(), progress_bar("bootstrap (scales)", ci.value.startswith("bootstrap")) as update:
        result = reliability_table(survey, **options, progress=update)
    document = result.to_dict()
    if output is not None:
        write_result(output, document, {"scales": result.scales, "items": result.items},
                     inputs=[schema, data])
    if format is Format.json:
        emit_json(document)
    else:
        _print(result)


def _print(result) -> None:
    for row in result.scales.itertuples():
        interval = ("" if row.ci_method == "none" else
                    f" [{row.ci_low:.3f}, {row.ci_high:.3f}] ({row.ci_method}, "
                    f"{row.ci_level:.0%})")
        typer.echo(f"\n{row.label} ({row.scale}): {row.k} items, n = {row.n} ({row.missing})")
        typer.echo(f"  alpha = {row.alpha:.3f}{interval}; standardised {row.alpha_std:.3f}; "
                   f"omega total {row.omega_total:.3f}; mean inter-item r {row.mean_inter_item_r:.3f}")
        typer.echo(f"  split-half {row.split_half:.3f}; lambda2 {row.lambda2:.3f}; "
                   f"lambda6 {row.lambda6:.3f}")
        items = result.items[result.items["scale"] == row.scale]
        echo_frame(display(items[["item", "label", "reversed", "n", "mean", "sd", "r_drop",
                                  "alpha_if_deleted"]], 3))
        echo_warnings(result.scale_warnings(row.scale))
