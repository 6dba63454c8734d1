"""Binary logistic regression: Newton-Raphson, odds ratios, marginal effects.

The outcome is 0/1 or has two codes, and the model predicts the higher code.
Separation (a predictor or a combination of predictors that predicts the
outcome perfectly, for everyone or for one category) makes maximum likelihood
estimates infinite; it is detected by a linear programme once the iterations
show its signs, and raised as a :class:`~surveykit.exceptions.DataError` naming
the predictors involved, instead of returning a table of huge coefficients.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"y": [0, 0, 1, 0, 1, 1, 0, 1, 1, 1],
...                    "x": [1.0, 2, 2, 3, 3, 4, 5, 5, 6, 7]})
>>> r = logit(df, outcome="y", predictors=["x"])
>>> r.coefficients[["term", "b", "odds_ratio"]].round(3)
    term      b  odds_ratio
0  const -1.870       0.154
1      x  0.637       1.890
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from surveykit._results import Result
from surveykit.exceptions import DataError
from surveykit.models._common import (
    ModelDict, check_level, coef_table, resolve_robust, warn_and_record, xb, xtv,
)
from surveykit.models.design import Design, code_label, design_matrix
from surveykit.models.robust import robust_cov

__all__ = ["LogitResult", "logit", "fit_logit"]


@dataclass(frozen=True, repr=False)
class LogitResult(ModelDict, Result):
    """A fitted binary logit.

    ``coefficients``: term, b, se, z, p, ci_low, ci_high, odds_ratio, or_ci_low,
    or_ci_high. ``marginal_effects``: term, dydx, se, z, p, ci_low, ci_high
    (average marginal effects on the probability of ``event``).
    """

    title: ClassVar[str] = "Binary logistic regression"
    coefficients: pd.DataFrame
    marginal_effects: pd.DataFrame
    model: str
    outcome: str
    event: str
    n: int
    n_dropped: int
    n_events: int
    loglik: float
    ll_null: float
    pseudo_r2: float
    aic: float
    bic: float
    lr_chi2: float
    lr_df: int
    lr_p: float
    iterations: int
    cov_type: str
    n_clusters: int | None
    ci_level: float
    cov: np.ndarray
    warnings: tuple[str, ...] = ()


def _binary_outcome(y: np.ndarray, name: str) -> tuple[np.ndarray, str]:
    codes = np.unique(y)
    if len(codes) < 2:
        raise DataError(f"the outcome {name!r} has a single category "
                        f"({code_label(codes[0]) if len(codes) else 'none'}) in the model's "
                        "sample; a logit needs two")
    if len(codes) > 2:
        raise DataError(f"the outcome {name!r} has {len(codes)} categories "
                        f"({', '.join(code_label(c) for c in codes[:6])}...); a binary logit "
                        "needs two: recode it, or use the ordered logit")
    return (y == codes[1]).astype(float), code_label(codes[1])


def _loglik(y, eta):
    # sum y*eta - log(1 + exp(eta)), stably
    return float(np.sum(y * eta - np.logaddexp(0.0, eta)))


def separation_terms(X: np.ndarray, y: np.ndarray, terms) -> list[str]:
    """Predictors involved in (quasi-)complete separation, [] when there is none.

    Solves max sum_i s_i x_i'd subject to s_i x_i'd >= 0, |d_j| <= 1 (s_i = +-1
    for y = 1/0; Konis 2007): a positive optimum is a direction along which the
    likelihood increases without bound.
    """
    sd = X.std(axis=0)
    scale = np.where(sd > 0, sd, 1.0)
    A = X / scale * (2 * y - 1)[:, None]
    res = optimize.linprog(-A.sum(axis=0), A_ub=-A, b_ub=np.zeros(len(y)),
                           bounds=[(-1, 1)] * X.shape[1], method="highs")
    if res.status != 0 or -res.fun < 1e-7 * len(y):
        return []
    d = res.x
    return [t for t, v in zip(terms, d) if abs(v) > 1e-7 and t != "const"] or list(terms)


def _hessian_gradient(X, w, r):
    """X'WX and X'r from one matrix product (faster than a separate matrix-vector one)."""
    n, k = X.shape
    A = np.empty((n, k + 1), order="F")
    np.multiply(X, w[:, None], out=A[:, :k])
    A[:, k] = r
    hg = X.T @ A
    return hg[:, :k], hg[:, k]


def _newton(X, y, max_iter, tol):
    ybar = y.mean()
    b = np.zeros(X.shape[1])
    b[0] = np.log(ybar / (1 - ybar))
    eta = xb(X, b)
    ll = _loglik(y, eta)
    for it in range(1, max_iter + 1):
        p = special.expit(eta)
        w = p * (1 - p)
        H, g = _hessian_gradient(X, w, y - p)
        try:
            step = np.linalg.solve(H, g)
        except np.linalg.LinAlgError:
            return b, eta, ll, it, False
        t = 1.0
        while True:
            b_new = b + t * step
            eta_new = xb(X, b_new)
            ll_new = _loglik(y, eta_new)
            if ll_new >= ll - 1e-12 * abs(ll) or t < 1e-8:
                break
            t /= 2
        done = (abs(ll_new - ll) <= tol * (abs(ll) + 0.1)
                and np.max(np.abs(t * step)) < 1e-7 * (1 + np.max(np.abs(b))))
        b, eta, ll = b_new, eta_new, ll_new
        if done:
            return b, eta, ll, it, True
    return b, eta, ll, max_iter, False


def _ame(design: Design, b, eta, cov, ci_level):
    X = design.X
    p = special.expit(eta)
    w = p * (1 - p)
    n, k = X.shape
    factors = design.factor_terms()
    in_factor = {j for cols in factors.values() for j in cols}
    effect = np.empty(k)
    grads = np.zeros((k, k))
    mw = w.mean()
    m1 = xtv(X, w * (1 - 2 * p)) / n
    for j in range(1, k):
        if j not in in_factor:
            effect[j] = mw * b[j]
            grads[j] = b[j] * m1
            grads[j, j] += mw
    for cols in factors.values():
        # x0: every row at the first code of this factor; x1 = x0 + e_j
        eta0 = eta - xb(X[:, cols], b[cols])
        p0 = special.expit(eta0)
        w0 = p0 * (1 - p0)
        g0 = xtv(X, w0)
        g0[cols] = 0.0
        for j in cols:
            p1 = special.expit(eta0 + b[j])
            w1 = p1 * (1 - p1)
            g1 = xtv(X, w1)
            g1[cols] = 0.0
            g1[j] = w1.sum()
            effect[j] = np.mean(p1 - p0)
            grads[j] = (g1 - g0) / n
    idx = np.arange(1, k)
    se = np.sqrt(np.einsum("ij,jk,ik->i", grads[idx], cov, grads[idx]))
    t = coef_table([design.terms[j] for j in idx], effect[idx], se, stat="z", ci_level=ci_level)
    return t.rename(columns={"b": "dydx"})


def fit_logit(design: Design, *, robust: str | None = None, clusters=None,
              ci_level: float = 0.95, max_iter: int = 50, tol: float = 1e-12) -> LogitResult:
    """Fit a binary logit on a prepared design; see :func:`logit`.

    Notes
    -----
    Maximises ``loglik = sum(y x'b - log(1 + exp(x'b)))`` by Newton-Raphson
    (IRLS), ``se = sqrt(diag((X'WX)^-1))`` with ``W = diag(p (1 - p))``, ``z = b /
    se``: R's ``summary(glm(y ~ x, family = binomial))``; the rest as in
    :func:`logit`.

    Examples
    --------
    >>> import pandas as pd
    >>> from surveykit.models.design import design_matrix
    >>> df = pd.DataFrame({"y": [0., 0, 1, 0, 1, 1, 0, 1, 1, 0], "x": [1., 2, 3, 4, 5, 6, 3, 8, 7, 2]})
    >>> res = fit_logit(design_matrix(df, outcome="y", predictors=["x"]))
    >>> res.coefficients[["term", "b", "se", "z", "p"]].round(4)
        term       b      se       z       p
    0  const -5.7158  3.5087 -1.6290  0.1033
    1      x  1.5074  0.9472  1.5914  0.1115
    """
    ci_level = check_level(ci_level)
    y, event = _binary_outcome(design.y, design.outcome)
    X, n = design.X, design.n
    messages: list[str] = []
    b, eta, ll, iters, converged = _newton(X, y, max_iter, tol)
    extreme = np.abs(eta) > 30
    if not converged or extreme.any():
        names = separation_terms(X, y, design.terms)
        if names:
            raise DataError(
                f"perfect or quasi-complete separation in the logit of {design.outcome!r}: "
                f"{names} predict(s) the outcome exactly for some respondents, so their "
                "coefficients are infinite; drop or merge the categories involved, or "
                "remove the predictor(s)")
        if not converged:
            raise DataError(f"the logit of {design.outcome!r} did not converge in {max_iter} "
                            "iterations; rescale the predictors or raise max_iter")
        warn_and_record(messages, f"{int(extreme.sum())} fitted probabilities are "
                        "numerically 0 or 1 (extreme predictor values)")
    p = special.expit(eta)
    w = p * (1 - p)
    inv = np.linalg.inv(X.T @ (X * w[:, None]))
    if robust is None:
        cov_type, cov, n_clusters = "classical", inv, None
    else:
        cov_type, cov, n_clusters = robust_cov(robust, X, X * (y - p)[:, None], inv,
                                               clusters=clusters, cluster_type="HC0", weights=w,
                                               messages=messages)
    se = np.sqrt(np.diag(cov))
    table = coef_table(design.terms, b, se, stat="z", ci_level=ci_level)
    table["odds_ratio"] = np.exp(table["b"])
    table["or_ci_low"] = np.exp(table["ci_low"])
    table["or_ci_high"] = np.exp(table["ci_high"])
    ybar = y.mean()
    ll0 = n * (ybar * np.log(ybar) + (1 - ybar) * np.log(1 - ybar))
    k = X.shape[1]
    lr = 2 * (ll - ll0)
    return LogitResult(
        coefficients=table, marginal_effects=_ame(design, b, eta, cov, ci_level),
        model="logit", outcome=design.outcome, event=event, n=n,
        n_dropped=design.n_dropped, n_events=int(y.sum()), loglik=ll, ll_null=float(ll0),
        pseudo_r2=1 - ll / ll0, aic=-2 * ll + 2 * k, bic=-2 * ll + np.log(n) * k,
        lr_chi2=lr, lr_df=k - 1, lr_p=float(stats.chi2.sf(lr, k - 1)), iterations=iters,
        cov_type=cov_type, n_clusters=n_clusters, ci_level=ci_level, cov=cov,
        warnings=tuple(messages))


def logit(data: pd.DataFrame, /, *, outcome: str, predictors, categorical=(),
          robust: str | None = None, cluster: str | None = None, ci_level: float = 0.95,
          max_iter: int = 50) -> LogitResult:
    """Binary logistic regression of ``outcome`` on ``predictors`` (listwise deletion).

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    outcome : str
        0/1 or two codes; the model predicts the higher code (``event``).
    predictors, categorical
        As in :func:`~surveykit.models.ols`.
    robust : {None, "hc0", "hc1", "hc2", "hc3", "cluster"}
        Sandwich covariance (``sandwich::vcovHC``/``vcovCL`` on a glm: the
        cluster estimator is HC0 with G/(G-1)). ``cluster`` alone implies it.
    cluster : str, optional
        Column of cluster labels.
    ci_level : float
        Level of the Wald intervals.
    max_iter : int
        Newton iterations allowed.

    Returns
    -------
    LogitResult

    Raises
    ------
    DataError
        Separation (naming the predictors), an outcome with one or more than
        two codes, non-convergence, and the design errors of ``design_matrix``.

    Notes
    -----
    Newton-Raphson (IRLS) with step halving from b = (logit(mean y), 0, ...),
    stopping when the log-likelihood changes by less than 1e-12 relatively and
    the step is below 1e-7. Matches R's ``glm(family=binomial)``; intervals are
    Wald intervals (``confint.default``), odds ratios exp(b). McFadden's
    pseudo-R2 = 1 - loglik/loglik_null; AIC = -2 loglik + 2p. Average marginal
    effects: for a numeric term mean(p(1-p)) b_j, with delta-method gradient
    b_j mean(p(1-p)(1-2p) x) + mean(p(1-p)) e_j; for a dummy ``VAR=CODE``, the
    mean discrete change in p when everyone is set to CODE instead of the first
    code of VAR (as R's marginaleffects/margins do for factors).
    """
    robust = resolve_robust(robust, cluster)
    design = design_matrix(data, outcome=outcome, predictors=predictors,
                           categorical=categorical, extra=[cluster] if cluster else [])
    return fit_logit(design, robust=robust, clusters=design.extra[cluster] if cluster else None,
                     ci_level=ci_level, max_iter=max_iter)
