"""Ordinary least squares with standardised coefficients, VIF and robust SEs.

The fit solves the normal equations by a Cholesky factorisation of the
column-scaled X'X, which is computed once with the design (see
:mod:`surveykit.models.design`); the residuals are formed explicitly so that the
residual sum of squares carries no cancellation error.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"y": [3.1, 4.0, 5.2, 5.9, 7.1, 8.2, 8.8, 10.1],
...                    "x": [1.0, 2, 3, 4, 5, 6, 7, 8],
...                    "g": [1, 2, 1, 2, 1, 2, 1, 2]})
>>> r = ols(df, outcome="y", predictors=["x", "g"], categorical=["g"])
>>> r.coefficients[["term", "b"]].round(3)
    term     b
0  const  2.09
1      x  0.99
2    g=2  0.01
>>> r.n
8
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd
from scipy import linalg, stats

from surveykit._results import Result
from surveykit.exceptions import DataError
from surveykit.models._common import ModelDict, check_level, coef_table, resolve_robust, xb
from surveykit.models.design import Design, centered_moments, design_matrix
from surveykit.models.robust import robust_cov

__all__ = ["OLSResult", "ols", "fit_ols", "vif_table"]


@dataclass(frozen=True, repr=False)
class OLSResult(ModelDict, Result):
    """A fitted linear regression.

    ``coefficients`` has the columns term, b, se, t, p, ci_low, ci_high, beta,
    vif, tolerance (``const`` has NaN beta, vif and tolerance); ``gvif`` has one
    row per predictor variable: variable, gvif, df, gvif_adj (= GVIF^(1/(2 df)),
    as car::vif). ``cov`` is the covariance matrix of b (robust when asked).
    """

    title: ClassVar[str] = "Linear regression (OLS)"
    coefficients: pd.DataFrame
    gvif: pd.DataFrame
    model: str
    outcome: str
    n: int
    n_dropped: int
    df_model: int
    df_resid: int
    r2: float
    adj_r2: float
    f: float
    f_p: float
    aic: float
    bic: float
    loglik: float
    sigma: float
    durbin_watson: float
    cov_type: str
    n_clusters: int | None
    ci_level: float
    cov: np.ndarray
    warnings: tuple[str, ...] = ()


def _chol_inverse(xtx: np.ndarray, terms) -> tuple[np.ndarray, tuple]:
    d = 1.0 / np.sqrt(np.diag(xtx))
    try:
        cf = linalg.cho_factor(xtx * np.outer(d, d), lower=False, check_finite=False)
    except linalg.LinAlgError as err:  # check_rank catches this case before
        raise DataError(f"the predictors {list(terms)} are collinear") from err
    inv = linalg.cho_solve(cf, np.eye(len(d)), check_finite=False) * np.outer(d, d)
    return inv, (cf, d)


def vif_table(design: Design) -> tuple[np.ndarray, pd.DataFrame]:
    """Per-term VIF (diagonal of the inverse correlation matrix) and GVIF per variable.

    GVIF of a variable with dummy set S is det(R_SS) det(R_-S-S) / det(R)
    (Fox & Monette 1992; car::vif); for a one-column variable it equals its VIF.
    """
    _, cov = centered_moments(design.xtx, design.n)
    sd = np.sqrt(np.diag(cov))
    r = cov / np.outer(sd, sd)
    k = len(r)
    vif = np.diag(np.linalg.inv(r)) if k > 1 else np.ones(1)
    _, logdet = np.linalg.slogdet(r)
    rows = []
    groups: dict[str, list[int]] = {}
    for j, v in enumerate(design.variables[1:]):
        groups.setdefault(v, []).append(j)
    for v, idx in groups.items():
        rest = [j for j in range(k) if j not in idx]
        ld_s = np.linalg.slogdet(r[np.ix_(idx, idx)])[1]
        ld_r = np.linalg.slogdet(r[np.ix_(rest, rest)])[1] if rest else 0.0
        g = float(np.exp(ld_s + ld_r - logdet))
        rows.append((v, g, len(idx), g ** (1 / (2 * len(idx)))))
    gvif = pd.DataFrame(rows, columns=["variable", "gvif", "df", "gvif_adj"])
    return vif, gvif


def fit_ols(design: Design, *, robust: str | None = None, clusters=None,
            ci_level: float = 0.95) -> OLSResult:
    """Fit OLS on a prepared :class:`~surveykit.models.design.Design`.

    Parameters and results as :func:`ols`; ``clusters`` holds the cluster label
    of each row of the design when ``robust="cluster"``.

    Notes
    -----
    ``b = (X'X)^-1 X'y`` (Cholesky of the design's ``X'X``), ``se = sqrt(diag(
    s^2 (X'X)^-1))`` with ``s^2 = RSS / (n - p)``, ``t = b / se`` on ``n - p``
    df: R's ``summary(lm(y ~ x))``; the rest as in :func:`ols`.

    Examples
    --------
    >>> import pandas as pd
    >>> from surveykit.models.design import design_matrix
    >>> df = pd.DataFrame({"y": [3., 4, 6, 5, 8, 9, 7, 10], "x": [1., 2, 3, 4, 5, 6, 7, 8],
    ...                    "g": [1, 2, 1, 2, 1, 2, 1, 2]})
    >>> design = design_matrix(df, outcome="y", predictors=["x", "g"], categorical=["g"])
    >>> res = fit_ols(design, robust="hc3")
    >>> res.coefficients[["term", "b", "se", "t", "p"]].round(4)
        term    b      se       t       p
    0  const  2.4  0.6858  3.4994  0.0173
    1      x  0.9  0.2641  3.4073  0.0191
    2    g=2  0.1  1.3057  0.0766  0.9419
    >>> round(res.r2, 4), res.cov_type
    (0.819, 'hc3')
    """
    ci_level = check_level(ci_level)
    X, y, n = design.X, design.y, design.n
    p = X.shape[1]
    inv, (cf, d) = _chol_inverse(design.xtx, design.terms)
    b = d * linalg.cho_solve(cf, d * design.xty, check_finite=False)
    e = y - xb(X, b)
    rss = float(e @ e)
    ybar = y.mean()
    yc = y - ybar
    tss = float(yc @ yc)
    if tss == 0:
        raise DataError(f"the outcome {design.outcome!r} is constant in the model's sample "
                        f"(n={n}); there is nothing to explain")
    df_resid = n - p
    df_model = p - 1
    sigma2 = rss / df_resid
    messages: list[str] = []
    if robust is None:
        cov_type, cov, n_clusters = "classical", inv * sigma2, None
    else:
        cov_type, cov, n_clusters = robust_cov(robust, X, X * e[:, None], inv, clusters=clusters,
                                               cluster_type="HC1", messages=messages)
    se = np.sqrt(np.diag(cov))
    table = coef_table(design.terms, b, se, stat="t", ci_level=ci_level, df=df_resid)

    mean, xcov = centered_moments(design.xtx, n)
    sd_y = np.sqrt(tss / (n - 1))
    vif, gvif = vif_table(design)
    table["beta"] = np.r_[np.nan, b[1:] * np.sqrt(np.diag(xcov)) / sd_y]
    table["vif"] = np.r_[np.nan, vif]
    table["tolerance"] = 1.0 / table["vif"]

    r2 = 1 - rss / tss
    adj_r2 = 1 - (1 - r2) * (n - 1) / df_resid
    bs = b[1:]
    f = float(bs @ np.linalg.solve(cov[1:, 1:], bs) / df_model)
    loglik = -0.5 * n * (np.log(2 * np.pi) + np.log(rss / n) + 1)
    k_ll = p + 1
    return OLSResult(
        coefficients=table, gvif=gvif, model="ols", outcome=design.outcome, n=n,
        n_dropped=design.n_dropped, df_model=df_model, df_resid=df_resid, r2=r2,
        adj_r2=adj_r2, f=f, f_p=float(stats.f.sf(f, df_model, df_resid)),
        aic=-2 * loglik + 2 * k_ll, bic=-2 * loglik + np.log(n) * k_ll, loglik=loglik,
        sigma=float(np.sqrt(sigma2)), durbin_watson=float(np.sum(np.diff(e) ** 2) / rss),
        cov_type=cov_type, n_clusters=n_clusters, ci_level=ci_level, cov=cov,
        warnings=tuple(messages))


def ols(data: pd.DataFrame, /, *, outcome: str, predictors, categorical=(),
        robust: str | None = None, cluster: str | None = None,
        ci_level: float = 0.95) -> OLSResult:
    """Linear regression of ``outcome`` on ``predictors`` (listwise deletion).

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    outcome : str
        Numeric outcome.
    predictors : list of str
        Predictors; those in ``categorical`` enter as dummies ``VAR=CODE``
        against their first code.
    categorical : list of str
        Categorical predictors.
    robust : {None, "hc0", "hc1", "hc2", "hc3", "cluster"}
        Covariance matrix of b. ``"cluster"`` needs ``cluster``; giving
        ``cluster`` alone implies it.
    cluster : str, optional
        Column of cluster labels (part of the listwise deletion).
    ci_level : float
        Level of the confidence intervals.

    Returns
    -------
    OLSResult

    Notes
    -----
    Matches R's ``lm``/``summary.lm``/``confint``: t = b/se on n - p df.
    beta = b sd(x)/sd(y) over the model's sample. VIF is the diagonal of the
    inverse correlation matrix of the predictor columns (per dummy); GVIF per
    variable as ``car::vif``. loglik = -n/2 (log(2 pi RSS/n) + 1), AIC = -2 loglik
    + 2 (p + 1) and BIC with log(n): R's ``AIC(lm)``/``BIC(lm)`` (sigma counted).
    Durbin-Watson = sum (e_t - e_(t-1))^2 / sum e_t^2 in row order. With a robust
    covariance, se/t/p/ci use it with the residual df n - p (as
    ``lmtest::coeftest(m, vcov=sandwich::vcovHC(m, type))``); the cluster
    estimator is ``sandwich::vcovCL(m, cluster)`` with its defaults (HC1,
    G/(G-1) (n-1)/(n-p)). F is the Wald F of all slopes with the covariance in
    use (the classical F without ``robust``), on (p-1, n-p) df.
    """
    robust = resolve_robust(robust, cluster)
    design = design_matrix(data, outcome=outcome, predictors=predictors,
                           categorical=categorical, extra=[cluster] if cluster else [])
    clusters = design.extra[cluster] if cluster else None
    return fit_ols(design, robust=robust, clusters=clusters, ci_level=ci_level)
