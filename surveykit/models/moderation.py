"""Moderation: a focal predictor x moderator interaction with simple slopes.

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(1)
>>> df = pd.DataFrame({"x": rng.normal(size=200), "w": rng.normal(size=200)})
>>> df["y"] = 1 + 0.5 * df.x + 0.2 * df.w + 0.3 * df.x * df.w + rng.normal(size=200)
>>> r = moderation(df, outcome="y", focal="x", moderator="w")
>>> list(r.slopes["moderator_value"].round(2)) == list(
...     (df.w.mean() + np.array([-1, 0, 1]) * df.w.std()).round(2))
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from surveykit._results import Result
from surveykit.exceptions import OptionError
from surveykit.models._common import coef_table, resolve_robust
from surveykit.models.design import Design, design_matrix
from surveykit.models.ols import OLSResult, fit_ols

__all__ = ["ModerationResult", "moderation"]


@dataclass(frozen=True, repr=False)
class ModerationResult(Result):
    """Interaction model and simple slopes.

    ``coefficients``: the OLS table of outcome ~ focal + moderator +
    focal:moderator + covariates. ``slopes``: moderator_value, b, se, t, p,
    ci_low, ci_high (slope of the focal predictor at each moderator value, in
    the moderator's own units).
    """

    title: ClassVar[str] = "Moderation (interaction and simple slopes)"
    coefficients: pd.DataFrame
    slopes: pd.DataFrame
    outcome: str
    focal: str
    moderator: str
    interaction: str
    centered: bool
    n: int
    r2: float
    r2_change: float
    f_change: float
    p_change: float
    model: OLSResult


def moderation(data: pd.DataFrame, /, *, outcome: str, focal: str, moderator: str,
               covariates=(), categorical=(), center: bool = True, at=None,
               robust: str | None = None, cluster: str | None = None,
               ci_level: float = 0.95) -> ModerationResult:
    """Regress ``outcome`` on focal, moderator, their product and covariates.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    outcome, focal, moderator : str
        Numeric columns (a 0/1 moderator works: pass ``at=[0, 1]``).
    covariates : list of str
        Further predictors; those in ``categorical`` enter as dummies.
    center : bool
        Mean-centre focal and moderator (over the model's sample) before
        forming the product; the focal coefficient is then its slope at the
        mean of the moderator.
    at : list of float, optional
        Moderator values (raw units) for the simple slopes; default mean - SD,
        mean, mean + SD over the model's sample.
    robust, cluster, ci_level
        As in :func:`~surveykit.models.ols`; the slopes use the same covariance.

    Returns
    -------
    ModerationResult

    Notes
    -----
    The interaction term is named ``focal:moderator`` (R's notation). With w*
    the moderator value on the scale used in the model (centred or not), the
    simple slope is b_x + b_xw w* with variance V_xx + w*^2 V_xw,xw + 2 w* V_x,xw
    and t on the model's residual df (the closed form of Aiken & West 1991,
    the same as R computing it from ``vcov(lm)``). ``r2_change`` and its F test
    compare with the model without the product term on the same respondents.
    """
    covariates = [covariates] if isinstance(covariates, str) else list(covariates)
    for name, v in (("focal", focal), ("moderator", moderator)):
        if v in categorical:
            raise OptionError(f"the {name} variable {v!r} must be numeric; code a "
                              "two-group moderator 0/1 and pass at=[0, 1]")
    if focal == moderator:
        raise OptionError("focal and moderator must be two different variables")
    inter = f"{focal}:{moderator}"
    extra = [cluster] if cluster else []
    base = design_matrix(data, outcome=outcome, predictors=[focal, moderator, *covariates],
                         categorical=categorical, extra=extra)
    X = base.X
    jx, jw = base.terms.index(focal), base.terms.index(moderator)
    w_raw = X[:, jw].copy()
    mean_x, mean_w = X[:, jx].mean(), w_raw.mean()
    if center:
        X = X.copy()
        X[:, jx] -= mean_x
        X[:, jw] -= mean_w
    cols = X[:, :jw + 1], (X[:, jx] * X[:, jw])[:, None], X[:, jw + 1:]
    Xi = np.hstack(cols)
    terms = (*base.terms[:jw + 1], inter, *base.terms[jw + 1:])
    variables = (*base.variables[:jw + 1], inter, *base.variables[jw + 1:])
    design = Design.from_arrays(Xi, base.y, terms, variables, outcome,
                                n_dropped=base.n_dropped, index=base.index, extra=base.extra)
    robust = resolve_robust(robust, cluster)
    clusters = base.extra[cluster] if cluster else None
    model = fit_ols(design, robust=robust, clusters=clusters, ci_level=ci_level)
    main = fit_ols(design.subset([v for v in variables if v != inter]), ci_level=ci_level)
    f_change = (model.r2 - main.r2) / ((1 - model.r2) / model.df_resid)

    sd_w = w_raw.std(ddof=1)
    values = np.asarray(at if at is not None else mean_w + np.array([-1.0, 0.0, 1.0]) * sd_w,
                        dtype=float)
    ws = values - mean_w if center else values
    ji = terms.index(inter)
    b, V = model.coefficients["b"].to_numpy(), model.cov
    slope = b[jx] + b[ji] * ws
    se = np.sqrt(V[jx, jx] + ws ** 2 * V[ji, ji] + 2 * ws * V[jx, ji])
    table = coef_table(values, slope, se, stat="t", ci_level=ci_level, df=model.df_resid)
    slopes = table.rename(columns={"term": "moderator_value"})
    return ModerationResult(
        coefficients=model.coefficients, slopes=slopes, outcome=outcome, focal=focal,
        moderator=moderator, interaction=inter, centered=bool(center), n=model.n, r2=model.r2,
        r2_change=model.r2 - main.r2, f_change=f_change,
        p_change=float(stats.f.sf(f_change, 1, model.df_resid)), model=model)
