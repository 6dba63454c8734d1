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

from ._analysis import LangOpt, analysed, display, echo_warnings, quiet, write_result
from ._progress import progress_bar
from ._common import (DataArg, Flavor, FlavorOpt, Format, FormatOpt, OutputOpt, SchemaArg,
                      SheetOpt, echo_frame, emit_json, split_names)


class Model(str, Enum):
    ols = "ols"
    logit = "logit"
    ologit = "ologit"


def regress_command(
    schema: SchemaArg,
    data: DataArg,
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
    seed: Annotated[int | None, typer.Option(
        "--seed", help="Seed of the bootstrap (reproducible intervals).", show_default=False)] = None,
    event: Annotated[str | None, typer.Option(
        "--event", help="Logit: the code predicted, against all others (default: the higher "
                        "of two codes).", show_default=False)] = None,
    level: Annotated[float, typer.Option("--level", help="Confidence level.")] = 0.95,
    lang: LangOpt = None,
    flavor: FlavorOpt = Flavor.auto,
    sheet: SheetOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Regression of a scale score, question or derived variable on others.

    OLS shows B, SE, t, p, CI, standardised beta and VIF with R-squared,
    adjusted R-squared, F and AIC; logit shows z, odds ratios, McFadden's
    pseudo-R-squared and average marginal effects; the ordered logit shows the
    thresholds between adjacent codes. Missing answers are dropped listwise over
    the model's variables and n is reported. Analyses the respondents that the
    schema's quality checks keep.
    """
    from ..exceptions import OptionError
    from ..regression import regress

    try:
        at_values = None if at is None else [float(v) for v in split_names(at)]
    except ValueError:
        raise OptionError(f"--at takes numbers separated by commas, e.g. 2,3,4; found {at!r}") from None
    survey = analysed(schema, data, flavor, sheet)
    blocks = [split_names(b) for b in block] if block else None
    with quiet(), progress_bar("bootstrap (resamples)", mediator is not None) as update:
        result = regress(survey, outcome=outcome, predictors=split_names(predictors) or (),
                         model=model.value, robust=robust, blocks=blocks, focal=focal,
                         moderator=moderator, at=at_values, center=center, mediator=mediator,
                         n_boot=boot, seed=seed, event=event, ci_level=level, language=lang,
                         progress=update)
    document = result.to_dict()
    if output is not None:
        write_result(output, document, _tables(result), inputs=[schema, data])
    if format is Format.json:
        emit_json(document)
    else:
        _print(result)


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


def _fmt(x, digits: int = 3) -> str:
    return "NA" if x is None or x != x else f"{x:.{digits}f}"


def _print(result) -> None:
    s = result.statistics
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
        typer.echo(f"R2 = {_fmt(s['r2'])}, adjusted R2 = {_fmt(s['adj_r2'])}, "
                   f"F({s['df_model']}, {s['df_resid']}) = {_fmt(s['f'], 2)}, "
                   f"p = {_fmt(s['f_p'], 4)}; AIC = {_fmt(s['aic'], 1)}, "
                   f"Durbin-Watson = {_fmt(s['durbin_watson'], 2)}.")
    else:
        lr = (f", LR chi2({s['lr_df']}) = {_fmt(s['lr_chi2'], 2)}, p = {_fmt(s['lr_p'], 4)}"
              if "lr_chi2" in s else "")
        typer.echo(f"McFadden pseudo-R2 = {_fmt(s['pseudo_r2'])}{lr}; "
                   f"AIC = {_fmt(s['aic'], 1)}.")
    if s.get("cov_type", "classical") != "classical":
        clusters = f", {s['n_clusters']} clusters" if s.get("n_clusters") else ""
        typer.echo(f"Standard errors: robust ({s['cov_type']}{clusters}).")
    if result.reference is not None and len(result.reference):
        typer.echo("Reference categories: " + ", ".join(result.reference["label"]) + ".")
    if result.steps is not None:
        echo_frame(display(result.steps[["step", "added", "r2", "adj_r2", "r2_change", "f_change",
                                         "df1", "df2", "p_change"]], 4), "\nSteps:")
        _print_steps(result)
    echo_frame(display(_shown(result.coefficients), 4), "\nCoefficients:")
    if result.slopes is not None:
        typer.echo(f"\nInteraction: R2 change = {_fmt(s['r2_change'], 4)}, "
                   f"F(1, {s['df_resid']}) = {_fmt(s['f_change'], 2)}, p = {_fmt(s['p_change'], 4)}.")
        echo_frame(display(result.slopes, 4), "Simple slopes of the focal predictor:")
    if result.marginal_effects is not None:
        echo_frame(display(result.marginal_effects, 4), "\nAverage marginal effects:")
    if result.mediation is not None:
        m = result.mediation
        echo_frame(display(result.paths, 4), "\nPaths:")
        echo_frame(display(result.indirect, 4),
                   f"\nIndirect effect ({m['n_boot']} bootstrap resamples, seed {m['seed']}):")
        typer.echo(f"Proportion mediated: {_fmt(m['prop_mediated'])}.")
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
    echo_frame(display(side.reset_index(), 4), "\nCoefficients by step:")
