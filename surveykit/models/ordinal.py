"""Ordered (proportional-odds) logit, as R's ``MASS::polr(method="logistic")``.

The model is logit P(Y <= k) = theta_k - x'b for the K ordered codes of the
outcome (k = 1..K-1). The log-likelihood is concave in (b, theta) (Pratt 1981),
so Newton's method with the analytic gradient and Hessian and step halving
(which also keeps the thresholds increasing) converges from the start values
theta_k = logit(cumulative proportion), b = 0 in a handful of iterations.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"y": [1, 1, 2, 1, 2, 3, 2, 3, 3, 2, 1, 3],
...                    "x": [0.5, 1, 1, 2, 2, 2, 3, 3, 4, 4, 2.5, 5]})
>>> r = ordered_logit(df, outcome="y", predictors=["x"])
>>> r.coefficients[["term", "b"]].round(3)
  term      b
0    x  1.120
1  1/2  1.791
2  2/3  3.800
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd
from scipy import special

from surveykit._results import Result
from surveykit.exceptions import DataError
from surveykit.models._common import ModelDict, check_level, coef_table, xb
from surveykit.models.design import Design, code_label, design_matrix

__all__ = ["OrderedLogitResult", "ordered_logit", "fit_ordered_logit"]


@dataclass(frozen=True, repr=False)
class OrderedLogitResult(ModelDict, Result):
    """A fitted ordered logit.

    ``coefficients``: term, b, se, z, p, ci_low, ci_high, odds_ratio; predictors
    first, then one threshold per pair of adjacent codes named ``CODE_a/CODE_b``
    holding theta_k (its odds_ratio is NaN).
    """

    title: ClassVar[str] = "Ordered logistic regression (proportional odds)"
    coefficients: pd.DataFrame
    model: str
    outcome: str
    n: int
    n_dropped: int
    n_categories: int
    loglik: float
    ll_null: float
    pseudo_r2: float
    aic: float
    bic: float
    iterations: int
    ci_level: float
    cov: np.ndarray
    warnings: tuple[str, ...] = ()


def _probabilities(X, yk, params):
    """u, v (upper and lower cut minus eta) and P = F(u) - F(v) for each row."""
    p = X.shape[1]
    gam = np.r_[-np.inf, params[p:], np.inf]
    eta = xb(X, params[:p])
    u = gam[yk + 1] - eta
    v = gam[yk] - eta
    # F(u) - F(v) = F(-v) - F(-u): take the form without cancellation in the upper tail
    P = np.where(v > 0, special.expit(-v) - special.expit(-u),
                 special.expit(u) - special.expit(v))
    return u, v, P


def _loglik(X, yk, params):
    p = X.shape[1]
    if np.any(np.diff(params[p:]) <= 0):
        return -np.inf
    P = _probabilities(X, yk, params)[2]
    return float(np.sum(np.log(P))) if np.all(P > 0) else -np.inf


def _gradient_hessian(X, yk, K, params):
    """Gradient and Hessian of the log-likelihood at params = (b, theta).

    With u = theta_y - eta, v = theta_(y-1) - eta, P = F(u) - F(v), f = F(1-F),
    f' = f(1-2F): d logP/du = f(u)/P, d logP/dv = -f(v)/P; second derivatives
    huu = f'(u)/P - (f(u)/P)^2, hvv = -f'(v)/P - (f(v)/P)^2, huv = f(u)f(v)/P^2;
    du/db = dv/db = -x.
    """
    n, p = X.shape
    m = K - 1
    u, v, P = _probabilities(X, yk, params)
    Fu, Fv = special.expit(u), special.expit(v)
    fu, fv = Fu * (1 - Fu), Fv * (1 - Fv)        # 0 at +-inf
    a1, a0 = fu / P, fv / P
    huu = fu * (1 - 2 * Fu) / P - a1 ** 2
    hvv = -fv * (1 - 2 * Fv) / P - a0 ** 2
    huv = a1 * a0
    up, lo = yk < m, yk > 0                       # rows whose u / v is a finite threshold
    ku, kv = yk[up], yk[lo] - 1                   # index of that threshold
    # one matrix product for X'(w X), X'M (b-theta block) and X'(a1 - a0)
    A = np.zeros((n, p + m + 1), order="F")
    np.multiply(X, (huu + 2 * huv + hvv)[:, None], out=A[:, :p])
    rows = np.arange(n)
    A[rows[up], p + ku] = (huu + huv)[up]
    A[rows[lo], p + kv] += (huv + hvv)[lo]
    A[:, p + m] = a1 - a0
    XA = X.T @ A
    hbb, hbt, g_b = XA[:, :p], -XA[:, p:p + m], -XA[:, p + m]
    g_t = np.bincount(ku, a1[up], m) - np.bincount(kv, a0[lo], m)
    # theta-theta block is tridiagonal: diagonal from huu/hvv, off-diagonal from huv
    htt = np.diag(np.bincount(ku, huu[up], m) + np.bincount(kv, hvv[lo], m))
    both = up & lo                                 # rows between two finite thresholds
    off = np.bincount(yk[both] - 1, huv[both], m)[:m - 1]
    htt[np.arange(m - 1), np.arange(1, m)] += off
    htt[np.arange(1, m), np.arange(m - 1)] += off
    H = np.block([[hbb, hbt], [hbt.T, htt]])
    return np.r_[g_b, g_t], H


def fit_ordered_logit(design: Design, *, ci_level: float = 0.95, max_iter: int = 100,
                      tol: float = 1e-10) -> OrderedLogitResult:
    """Fit an ordered logit on a design without ``const``; see :func:`ordered_logit`.

    Notes
    -----
    ``logit P(Y <= k | x) = theta_k - x'b``, maximum likelihood with standard
    errors from the inverse observed information: R's
    ``MASS::polr(y ~ x, method = "logistic", Hess = TRUE)`` (terms ``x`` then the
    thresholds ``k/k+1``); the rest as in :func:`ordered_logit`.

    Examples
    --------
    >>> import pandas as pd
    >>> from surveykit.models.design import design_matrix
    >>> df = pd.DataFrame({"y": [1., 1, 2, 1, 2, 3, 2, 3, 3, 2, 1, 3],
    ...                    "x": [1., 2, 3, 4, 5, 6, 3, 8, 7, 2, 3, 5]})
    >>> res = fit_ordered_logit(design_matrix(df, outcome="y", predictors=["x"], intercept=False))
    >>> res.coefficients[["term", "b", "se"]].round(4)
      term       b      se
    0    x  1.3581  0.5934
    1  1/2  3.7221  1.9538
    2  2/3  6.8394  2.9573
    """
    ci_level = check_level(ci_level)
    X, n = design.X, design.n
    codes, yk = np.unique(design.y, return_inverse=True)
    K = len(codes)
    if K < 2:
        raise DataError(f"the outcome {design.outcome!r} has a single category "
                        f"({code_label(codes[0])}) in the model's sample; nothing to model")
    if K == 2:
        raise DataError(f"the outcome {design.outcome!r} has 2 categories; use the binary "
                        "logit (an ordered logit needs 3 or more, as MASS::polr)")
    counts = np.bincount(yk, minlength=K)
    cum = np.cumsum(counts)[:-1] / n
    params = np.r_[np.zeros(X.shape[1]), np.log(cum / (1 - cum))]
    ll0 = float(np.sum(counts * np.log(counts / n)))
    ll = _loglik(X, yk, params)
    converged = False
    for it in range(1, max_iter + 1):
        g, H = _gradient_hessian(X, yk, K, params)
        try:
            step = np.linalg.solve(H, -g)
        except np.linalg.LinAlgError as err:
            raise DataError(f"the ordered logit of {design.outcome!r} has a singular "
                            "information matrix (separation or a category with no "
                            "variation?)") from err
        t = 1.0
        while True:
            new = params + t * step
            ll_new = _loglik(X, yk, new)
            if ll_new >= ll - 1e-12 * abs(ll) or t < 1e-10:
                break
            t /= 2
        small = np.max(np.abs(t * step)) < 1e-8 * (1 + np.max(np.abs(params)))
        change = abs(ll_new - ll)
        params, ll = new, ll_new
        if small and change <= tol * (abs(ll) + 0.1):
            converged = True
            break
    if not converged:
        raise DataError(f"the ordered logit of {design.outcome!r} did not converge in "
                        f"{max_iter} iterations; check for separation (a category of a "
                        "predictor where everyone gives the same answer)")
    g, H = _gradient_hessian(X, yk, K, params)
    cov = np.linalg.inv(-H)
    if np.any(np.abs(params) > 30):
        raise DataError(f"the ordered logit of {design.outcome!r} has infinite estimates "
                        "(separation): coefficients beyond 30 in "
                        f"{[t for t, v in zip(design.terms, params) if abs(v) > 30]}")
    names = [*design.terms, *(f"{code_label(a)}/{code_label(b)}"
                              for a, b in zip(codes[:-1], codes[1:]))]
    table = coef_table(names, params, np.sqrt(np.diag(cov)), stat="z", ci_level=ci_level)
    p = X.shape[1]
    table["odds_ratio"] = np.r_[np.exp(params[:p]), np.full(K - 1, np.nan)]
    k = len(params)
    return OrderedLogitResult(
        coefficients=table, model="ologit", outcome=design.outcome, n=n,
        n_dropped=design.n_dropped, n_categories=K, loglik=ll, ll_null=ll0,
        pseudo_r2=1 - ll / ll0, aic=-2 * ll + 2 * k, bic=-2 * ll + np.log(n) * k,
        iterations=it, ci_level=ci_level, cov=cov)


def ordered_logit(data: pd.DataFrame, /, *, outcome: str, predictors, categorical=(),
                  ci_level: float = 0.95, max_iter: int = 100) -> OrderedLogitResult:
    """Ordered logistic regression of ``outcome`` (3+ ordered codes) on ``predictors``.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    outcome : str
        Numeric codes whose order is the order of the categories.
    predictors, categorical
        As in :func:`~surveykit.models.ols` (no ``const``: the thresholds play
        its part).
    ci_level : float
        Level of the Wald intervals.
    max_iter : int
        Newton iterations allowed.

    Returns
    -------
    OrderedLogitResult

    Notes
    -----
    logit P(Y <= k | x) = theta_k - x'b, as ``MASS::polr(method="logistic")``;
    standard errors from the inverse observed information in (b, theta), which
    is what ``vcov(polr(..., Hess=TRUE))`` returns (polr differentiates
    numerically and maps its log-increment parametrisation back by the
    delta method). McFadden's pseudo-R2 against the thresholds-only model.
    """
    design = design_matrix(data, outcome=outcome, predictors=predictors,
                           categorical=categorical, intercept=False)
    return fit_ordered_logit(design, ci_level=ci_level, max_iter=max_iter)
