"""``surveykit regress SCHEMA DATA --outcome Y --predictors a,b,c``: regression on schema variables.

One command for the linear, logit and ordered logit models and for the
analyses built on OLS: hierarchical blocks (``--block``, repeated), moderation
(``--moderator M --focal X``) and mediation (``--mediator M --focal X``, with a
bootstrap interval of the indirect effect).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from ._analysis import (Inputs, LangOpt, SeedOpt, analysis_command, echo_table, echo_warnings, option_names,
                        quiet, text_table)
from ._common import split_names
from ._progress import progress_bar


class Model(str, Enum):
    ols = "ols"
    logit = "logit"
    ologit = "ologit"


@analysis_command
def regress_command(
    inputs: Inputs,
    outcome: Annotated[str, typer.Option(
        "--outcome", "-y", help="Outcome: a question, derived variable or scale.",
        show_default=False)],
    predictors: Annotated[str | None, typer.Option(
        "--predictors", "-x", help="Predictors, comma-separated (single/ordinal questions enter "
                                   "as dummies against their first code).", show_default=False)] = None,
    model: Annotated[Model, typer.Option("--model", "-m", help="Model.")] = Model.ols,
    robust: Annotated[str | None, typer.Option(
        "--robust", help="Robust standard errors: hc0, hc1, hc2, hc3, or cluster:VAR.",
        show_default=False)] = None,
    block: Annotated[list[str] | None, typer.Option(
        "--block", help="A block of predictors entered after --predictors and earlier blocks "
                        "(repeatable; hierarchical OLS with R-squared change).",
        show_default=False)] = None,
    moderator: Annotated[str | None, typer.Option(
        "--moderator", help="Moderator of the focal predictor's effect (OLS with interaction).",
        show_default=False)] = None,
    mediator: Annotated[str | None, typer.Option(
        "--mediator", help="Mediator between the focal predictor and the outcome.",
        show_default=False)] = None,
    focal: Annotated[str | None, typer.Option(
        "--focal", help="Focal predictor of --moderator or --mediator (default: the only "
                        "predictor).", show_default=False)] = None,
    at: Annotated[str | None, typer.Option(
        "--at", help="Moderator values of the simple slopes, comma-separated (default: mean "
                     "and +-1 SD, or both codes of a two-code moderator).",
        show_default=False)] = None,
    center: Annotated[bool, typer.Option(
        "--center/--no-center", help="Mean-centre focal predictor and moderator.")] = True,
    boot: Annotated[int, typer.Option("--boot", help="Bootstrap resamples of the indirect effect.")] = 5000,
    seed: SeedOpt = None,
    event: Annotated[str | None, typer.Option(
        "--event", help="Logit: the code predicted, against all others (default: the higher "
                        "of two codes).", show_default=False)] = None,
    level: Annotated[float, typer.Option("--level", help="Confidence level.")] = 0.95,
    lang: LangOpt = None,
) -> None:
    """Regression of a scale score, question or derived variable on others.

    OLS shows B, SE, t, p, CI, standardised beta and VIF with R-squared,
    adjusted R-squared, F and AIC; logit shows z, odds ratios, McFadden's
    pseudo-R-squared and average marginal effects; the ordered logit shows the
    thresholds between adjacent codes. Missing answers are dropped listwise over
    the model's variables and n is reported. Analyses the respondents that the
    schema's quality checks keep.
    """
    from .._variables import check_names
    from ..exceptions import OptionError
    from ..regression import CATEGORICAL_KINDS, NUMERIC_KINDS, regress

    try:
        at_values = None if at is None else [float(v) for v in split_names(at)]
    except ValueError:
        raise OptionError(f"--at takes numbers separated by commas, e.g. 2,3,4; found {at!r}") from None
    survey = inputs.survey()
    for option, name in (("--moderator", moderator), ("--mediator", mediator), ("--focal", focal)):
        if name is not None:
            check_names(survey, [name], option=option, allowed=CATEGORICAL_KINDS | NUMERIC_KINDS)
    blocks = [split_names(b) for b in block] if block else None
    with (quiet(), option_names(ci_level="--level", n_boot="--boot"),
          progress_bar("bootstrap (resamples)", mediator is not None) as update):
        result = regress(survey, outcome=outcome, predictors=split_names(predictors) or (),
                         model=model.value, robust=robust, blocks=blocks, focal=focal,
                         moderator=moderator, at=at_values, center=center, mediator=mediator,
                         n_boot=boot, seed=seed, event=event, ci_level=level, language=lang,
                         progress=update)
    inputs.publish(result.to_dict(), _tables(result), lambda: _print(result))


def _tables(result) -> dict:
    import pandas as pd

    tables = {"coefficients": result.coefficients,
              "statistics": pd.DataFrame({"statistic": result.statistics.index,
                                          "value": result.statistics.astype(str).to_numpy()})}
    for name in ("reference", "marginal_effects", "steps", "slopes", "paths", "indirect"):
        table = getattr(result, name)
        if table is not None and len(table):
            tables[name] = table
    return tables


_TITLE = {"ols": "Linear regression (OLS)", "logit": "Binary logistic regression",
          "ologit": "Ordered logistic regression"}


def _print(result) -> None:
    from ..report.format import Formatter

    f, s = Formatter(), result.statistics
    what = _TITLE[result.model]
    if result.model == "logit":
        what += f" predicting {result.outcome}={s['event']} ({s['event_label']})"
    if result.mediation is not None:
        what = "Mediation (OLS)"
    elif result.steps is not None:
        what = "Hierarchical regression (OLS)"
    elif result.slopes is not None:
        what = "Moderation (OLS with interaction)"
    typer.echo(f"{what}: outcome {result.outcome_label} ({result.outcome}); n = {result.n}"
               f" ({s['n_dropped']} dropped for missing answers).")
    if "r2" in s:
        typer.echo(f"R2 = {f.number(s['r2'], 3)}, adjusted R2 = {f.number(s['adj_r2'], 3)}, "
                   f"{f.stat('F', s['f'], (s['df_model'], s['df_resid']), s['f_p'])}; "
                   f"AIC = {f.number(s['aic'], 1)}, Durbin-Watson = {f.number(s['durbin_watson'])}.")
    else:
        lr = f", LR {f.stat('chi2', s['lr_chi2'], s['lr_df'], s['lr_p'])}" if "lr_chi2" in s else ""
        typer.echo(f"McFadden pseudo-R2 = {f.number(s['pseudo_r2'], 3)}{lr}; AIC = {f.number(s['aic'], 1)}.")
    if s.get("cov_type", "classical") != "classical":
        clusters = f", {s['n_clusters']} clusters" if s.get("n_clusters") else ""
        typer.echo(f"Standard errors: robust ({s['cov_type']}{clusters}).")
    if result.reference is not None and len(result.reference):
        typer.echo("Reference categories: " + ", ".join(result.reference["label"]) + ".")
    if result.steps is not None:
        echo_table(text_table(result.steps[["step", "added", "r2", "adj_r2", "r2_change", "f_change",
                                            "df1", "df2", "p_change"]]), "\nSteps:")
        _print_steps(result)
    echo_table(text_table(_shown(result.coefficients)), "\nCoefficients:")
    if result.slopes is not None:
        typer.echo(f"\nInteraction: R2 change = {f.number(s['r2_change'], 3)}, "
                   f"{f.stat('F', s['f_change'], (1, s['df_resid']), s['p_change'])}.")
        echo_table(text_table(result.slopes), "Simple slopes of the focal predictor:")
    if result.marginal_effects is not None:
        echo_table(text_table(result.marginal_effects), "\nAverage marginal effects:")
    if result.mediation is not None:
        m = result.mediation
        echo_table(text_table(result.paths), "\nPaths:")
        echo_table(text_table(result.indirect),
                   f"\nIndirect effect ({m['n_boot']} bootstrap resamples, seed {m['seed']}):")
        typer.echo(f"Proportion mediated: {f.number(m['prop_mediated'], 3) or 'not defined'}.")
    echo_warnings(result.warnings)


def _shown(table):
    keep = ["term", "label", "b", "se", "t", "z", "p", "ci_low", "ci_high", "beta", "vif",
            "odds_ratio"]
    cols = [c for c in keep if c in table.columns and not table[c].isna().all()]
    return table[cols]


def _print_steps(result) -> None:
    import pandas as pd

    side = pd.concat({f"step {i}": t.set_index(["term", "label"])[["b", "p"]]
                      for i, t in enumerate(result.step_models, 1)}, axis=1)
    side.columns = [f"{a} {b}" for a, b in side.columns]
    formats = {c: "p" for c in side.columns if c.endswith(" p")}
    echo_table(text_table(side.reset_index(), formats), "\nCoefficients by step:")
