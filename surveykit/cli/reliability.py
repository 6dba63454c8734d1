"""``surveykit reliability SCHEMA DATA``: Cronbach's alpha and item statistics of the scales."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from ._analysis import (Inputs, LangOpt, SeedOpt, analysis_command, echo_table, echo_warnings, option_names,
                        quiet, text_table)
from ._progress import progress_bar


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


@analysis_command
def reliability_command(
    inputs: Inputs,
    scale: ScaleOpt = None,
    missing: Annotated[Missing, typer.Option(
        "--missing", help="listwise: the respondents who answered every item of the scale (as "
                          "SPSS); pairwise: as psych::alpha.")] = Missing.listwise,
    ci: Annotated[Interval, typer.Option(
        "--ci", help="Interval for alpha: Feldt, Duhachek's asymptotic, BCa bootstrap, "
                     "percentile bootstrap, or none.")] = Interval.feldt,
    ci_level: Annotated[float, typer.Option("--ci-level", help="Confidence level.")] = 0.95,
    n_boot: Annotated[int, typer.Option("--n-boot", help="Bootstrap resamples.")] = 2000,
    seed: SeedOpt = None,
    lang: LangOpt = None,
) -> None:
    """Reliability of each scale: Cronbach's alpha (raw and standardised) with its interval,
    omega, split-half, Guttman's lambdas, and item statistics (corrected item-total r,
    alpha if deleted) of the items as scored (reversed as the schema says).

    Analyses the respondents that the schema's quality checks keep.
    """
    from ..scale_reliability import reliability_table

    survey = inputs.survey()
    options = dict(scales=scale or None, missing=missing.value, ci=ci.value, ci_level=ci_level,
                   n_boot=n_boot, seed=seed, language=lang)
    with (quiet(), option_names(ci_level="--ci-level", n_boot="--n-boot"),
          progress_bar("bootstrap (scales)", ci.value.startswith("bootstrap")) as update):
        result = reliability_table(survey, **options, progress=update)
    inputs.publish(result.to_dict(), {"scales": result.scales, "items": result.items},
                   lambda: _print(result))


def _print(result) -> None:
    from ..report.format import Formatter

    f = Formatter()
    for row in result.scales.itertuples():
        interval = ("" if row.ci_method == "none" else
                    f" {f.ci(row.ci_low, row.ci_high, 3)} ({row.ci_method}, {row.ci_level:.0%})")
        typer.echo(f"\n{row.label} ({row.scale}): {row.k} items, n = {f.integer(row.n)} ({row.missing})")
        typer.echo(f"  alpha = {f.number(row.alpha, 3)}{interval}; standardised {f.number(row.alpha_std, 3)}; "
                   f"omega total {f.number(row.omega_total, 3)}; "
                   f"mean inter-item r {f.number(row.mean_inter_item_r, 3)}")
        typer.echo(f"  split-half {f.number(row.split_half, 3)}; lambda2 {f.number(row.lambda2, 3)}; "
                   f"lambda6 {f.number(row.lambda6, 3)}")
        items = result.items[result.items["scale"] == row.scale]
        echo_table(text_table(items[["item", "label", "reversed", "n", "mean", "sd", "r_drop",
                                     "alpha_if_deleted"]]))
        echo_warnings(result.scale_warnings(row.scale))
