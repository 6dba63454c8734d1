"""Confirmatory factor analysis by maximum likelihood, as lavaan's ``cfa()``.

Each factor is measured by its own items (simple structure: one factor per
item). The model follows lavaan's defaults exactly: the first loading of each
factor is fixed to 1 (marker variable), the factor variances and covariances
and the residual variances are free, the residuals are uncorrelated, there is
no mean structure, and the estimator is normal-theory maximum likelihood on the
biased sample covariance (divided by N) with N in the test statistic and
standard errors from the expected information.

The fit is computed from one covariance matrix, so :func:`cfa` (respondents,
listwise over the items) and :func:`cfa_from_cov` (a covariance matrix and
its n) give the same answer.

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(1)
>>> f = rng.multivariate_normal([0, 0], [[1, .4], [.4, 1]], size=500)
>>> data = pd.DataFrame(f.repeat(3, axis=1) * .7 + rng.normal(size=(500, 6)) * .6,
...                     columns=["a1", "a2", "a3", "b1", "b2", "b3"])
>>> res = cfa(data, factors={"a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3"]})
>>> res.converged, int(res.fit["df"])
(True, 8)
>>> res.loadings[["factor", "item", "est", "std"]].round(2).head(3)
  factor item   est   std
0      a   a1  1.00  0.69
1      a   a2  1.04  0.71
2      a   a3  1.08  0.75
"""

from __future__ import annotations

import warnings as _warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from surveykit._results import Result
from surveykit.exceptions import DataError, OptionError, StatisticalWarning

__all__ = ["CFAResult", "cfa", "cfa_from_cov", "listwise_cov"]

_Z975 = stats.norm.ppf(0.975)
_BLOCK = 8192     # rows per block of the cross-product


@dataclass(frozen=True, repr=False)
class CFAResult(Result):
    """Result of :func:`cfa` / :func:`cfa_from_cov`.

    Attributes
    ----------
    loadings : DataFrame
        One row per item: ``factor, item, est, se, z, p, ci_low, ci_high, std``
        (lavaan's ``parameterEstimates`` for ``=~`` with ``std`` the std.all
        column of ``standardizedSolution``). Markers have ``se`` 0 and ``z``,
        ``p`` NaN, as in lavaan.
    fit : Series
        ``chi2, df, p, cfi, tli, rmsea, rmsea_ci_low, rmsea_ci_high`` (90%),
        ``rmsea_p`` (test of close fit, RMSEA <= .05), ``srmr`` (Bentler's, as
        lavaan's ``srmr``), ``aic, bic, loglik, loglik_h1`` (saturated model),
        ``baseline_chi2, baseline_df, npar, n``.
    factor_cov : DataFrame
        Factor variances and covariances, one row per pair ``a <= b`` in
        factor order: ``a, b, est, se, z, p, ci_low, ci_high, std``; ``std``
        is the factor correlation.
    residuals : DataFrame
        Residual variances: ``item, est, se, z, p, ci_low, ci_high, std``
        (``std`` is the share of the item's model-implied variance).
    n : int
        Number of respondents (complete cases) in the covariance matrix.
    converged : bool
        Whether Fisher scoring stopped with steps below 1e-10 (relative to
        the parameters) at a stationary point (Newton decrement g'H^-1 g of
        the ML discrepancy below 1e-12).
    iterations : int
        Fisher-scoring iterations used.
    warnings : tuple of str
        Statistical caveats (Heywood cases, non-positive-definite factor
        covariance matrix, non-convergence), also issued as
        :class:`~surveykit.exceptions.StatisticalWarning`.
    """

    title = "Confirmatory factor analysis (ML)"

    loadings: pd.DataFrame
    fit: pd.Series
    factor_cov: pd.DataFrame
    residuals: pd.DataFrame
    n: int
    converged: bool
    iterations: int
    warnings: tuple[str, ...] = ()


# ---------------------------------------------------------------- the model

@dataclass(frozen=True)
class _Model:
    """Parameter layout: free loadings, residual variances, vech(Phi)."""

    items: tuple[str, ...]
    factors: tuple[str, ...]
    factor_of: np.ndarray   # (p,) factor index of each item
    free: np.ndarray        # items whose loading is free (not a marker)

    @property
    def p(self) -> int:
        return len(self.items)

    @property
    def m(self) -> int:
        return len(self.factors)

    @property
    def phi_index(self) -> tuple[np.ndarray, np.ndarray]:
        """Row/column of each free factor (co)variance, lavaan's order."""
        m = self.m
        diag = np.arange(m)
        lo, hi = np.triu_indices(m, 1)
        return np.concatenate([diag, lo]), np.concatenate([diag, hi])

    def unpack(self, theta: np.ndarray):
        p, k = self.p, len(self.free)
        lam = np.ones(p)
        lam[self.free] = theta[:k]
        psi = theta[k:k + p]
        phi = np.zeros((self.m, self.m))
        r, c = self.phi_index
        phi[r, c] = phi[c, r] = theta[k + p:]
        L = np.zeros((p, self.m))
        L[np.arange(p), self.factor_of] = lam
        return L, psi, phi

    def sigma(self, theta: np.ndarray) -> np.ndarray:
        L, psi, phi = self.unpack(theta)
        return L @ phi @ L.T + np.diag(psi)

    def jacobian(self, theta: np.ndarray) -> np.ndarray:
        """dSigma/dtheta as a (q, p, p) array."""
        L, _, phi = self.unpack(theta)
        p = self.p
        eye = np.eye(p)
        a = (L @ phi)[:, self.factor_of[self.free]].T          # (k, p)
        e = eye[self.free]                                      # (k, p)
        d_lam = e[:, :, None] * a[:, None, :]
        d_lam = d_lam + d_lam.transpose(0, 2, 1)
        d_psi = eye[:, :, None] * eye[:, None, :]
        r, c = self.phi_index
        d_phi = L.T[r][:, :, None] * L.T[c][:, None, :]
        off = r != c
        d_phi[off] += d_phi[off].transpose(0, 2, 1)
        return np.concatenate([d_lam, d_psi, d_phi])


def _build_model(factors: Mapping[str, Sequence[str]]) -> _Model:
    if not isinstance(factors, Mapping) or not factors:
        raise OptionError("factors must be a non-empty mapping of factor name to its "
                          f"items, e.g. {{'trust': ['t1', 't2', 't3']}}; got {factors!r}")
    items, factor_of, free, seen = [], [], [], {}
    for j, (name, its) in enumerate(factors.items()):
        its = [its] if isinstance(its, str) else list(its)
        if len(its) < 2:
            raise OptionError(f"factor {name!r} has {len(its)} item(s); a factor needs at "
                              "least 2 items (3 or more for a stand-alone factor)")
        for i, item in enumerate(its):
            if item in seen:
                raise OptionError(f"item {item!r} is listed under factors {seen[item]!r} "
                                  f"and {name!r}; each item measures exactly one factor")
            seen[item] = name
            if i:
                free.append(len(items))
            items.append(item)
            factor_of.append(j)
    model = _Model(tuple(items), tuple(str(f) for f in factors),
                   np.array(factor_of), np.array(free, dtype=int))
    npar = len(free) + len(items) + model.m * (model.m + 1) // 2
    if npar > len(items) * (len(items) + 1) // 2:
        raise OptionError(f"the model has {npar} free parameters but only "
                          f"{len(items) * (len(items) + 1) // 2} variances and covariances "
                          "to fit (negative degrees of freedom, not identified); give a "
                          "stand-alone factor at least 3 items")
    return model


def _start(model: _Model, S: np.ndarray) -> np.ndarray:
    """Moment-based starting values (covariance ratios to the marker)."""
    lam = np.ones(model.p)
    psi_f = np.empty(model.m)
    groups = [np.flatnonzero(model.factor_of == j) for j in range(model.m)]
    for j, idx in enumerate(groups):
        r = idx[0]
        for i in idx[1:]:
            others = idx[(idx != i) & (idx != r)]
            num, den = S[i, others].sum(), S[r, others].sum()
            if num != 0 and den != 0:
                lam[i] = num / den
        iu = np.triu_indices(len(idx), 1)
        ratio = (S[np.ix_(idx, idx)] / np.outer(lam[idx], lam[idx]))[iu]
        psi_f[j] = np.clip(ratio.mean(), 0.05 * S[r, r], 0.95 * S[r, r])
    phi = np.diag(psi_f)
    for j in range(model.m):
        for k in range(j):
            c = S[np.ix_(groups[j], groups[k])] / np.outer(lam[groups[j]], lam[groups[k]])
            corr = np.clip(c.mean() / np.sqrt(psi_f[j] * psi_f[k]), -0.9, 0.9)
            phi[j, k] = phi[k, j] = corr * np.sqrt(psi_f[j] * psi_f[k])
    while np.linalg.eigvalsh(phi).min() <= 1e-6 * psi_f.min():
        phi = 0.5 * phi + 0.5 * np.diag(psi_f)
    theta_diag = np.maximum(np.diag(S) - lam**2 * psi_f[model.factor_of], 0.1 * np.diag(S))
    r, c = model.phi_index
    return np.concatenate([lam[model.free], theta_diag, phi[r, c]])


# ------------------------------------------------------------ the estimator

def _discrepancy(S: np.ndarray, Sigma: np.ndarray) -> float:
    """F_ML = log|Sigma| + tr(S Sigma^-1) - log|S| - p; inf if Sigma is not PD.

    Computed as sum(d - log1p(d)) over the eigenvalues 1 + d of Sigma^-1 S,
    which keeps full precision near the optimum (no cancellation of log
    determinants), so the line search can still see progress there.
    """
    try:
        C = np.linalg.cholesky(Sigma)
    except np.linalg.LinAlgError:
        return np.inf
    Ci = np.linalg.solve(C, np.eye(len(S)))
    d = np.linalg.eigvalsh(Ci @ S @ Ci.T) - 1
    return float(np.sum(d - np.log1p(d)))


def _score(model: _Model, S: np.ndarray, theta: np.ndarray):
    """Gradient of F_ML and its expected Hessian tr(Si dSigma_a Si dSigma_b)."""
    Si = np.linalg.inv(model.sigma(theta))
    D = model.jacobian(theta)                              # (q, p, p)
    q, p = len(D), model.p
    A = (Si @ D.transpose(1, 0, 2).reshape(p, q * p)).reshape(p, q, p)
    A = A.transpose(1, 0, 2).reshape(q, p * p)             # rows: vec(Si dSigma_a)
    H = A @ A.reshape(q, p, p).transpose(0, 2, 1).reshape(q, p * p).T
    grad = D.reshape(q, p * p) @ (Si - Si @ S @ Si).ravel()
    return grad, H


def _solve(H: np.ndarray, g: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.solve(H, g)
    except np.linalg.LinAlgError:      # not identified: least-squares step
        return np.linalg.lstsq(H, g, rcond=None)[0]


def _fisher_scoring(model: _Model, S: np.ndarray, theta: np.ndarray,
                    max_iter: int = 2000, tol: float = 1e-10):
    """Minimise F_ML by Fisher scoring with step halving.

    Stops when the scoring step is below ``tol`` relative to the parameters.
    Returns theta, F, gradient, expected Hessian of F, iterations used and
    whether the stopping rule was met.
    """
    F = _discrepancy(S, model.sigma(theta))
    slack = 1e-14 * (1 + F)       # F's rounding noise near the optimum
    for it in range(max_iter + 1):
        grad, H = _score(model, S, theta)
        if it == max_iter:
            break
        step = _solve(H, grad)
        if np.max(np.abs(step) / (1 + np.abs(theta))) < tol:
            return theta, F, grad, H, it, True
        t = 1.0
        while (F_new := _discrepancy(S, model.sigma(theta - t * step))) > F + slack:
            t /= 2
            if t < 1e-12:
                return theta, F, grad, H, it, False
        theta, F = theta - t * step, F_new
    return theta, F, grad, H, max_iter, False


# ------------------------------------------------------------ fit measures

def _rmsea_ci(X2: float, df: int, n: int) -> tuple[float, float]:
    """90% CI of RMSEA by inverting the noncentral chi-square (lavaan's rule)."""
    def cdf(lam):
        return stats.chi2.cdf(X2, df) if lam == 0 else stats.ncx2.cdf(X2, df, lam)

    if df < 1:
        return 0.0, 0.0
    low = 0.0
    if cdf(0) - 0.95 >= 0:
        low = optimize.brentq(lambda x: cdf(x) - 0.95, 0, X2, xtol=1e-12)
    top = max(n, 4 * X2)
    high = 0.0
    if not (cdf(top) - 0.05 > 0 or cdf(0) - 0.05 < 0):
        high = optimize.brentq(lambda x: cdf(x) - 0.05, 0, top, xtol=1e-12)
    return np.sqrt(low / (n * df)), np.sqrt(high / (n * df))


def _fit_measures(S, Sigma, F, n, npar) -> pd.Series:
    p = len(S)
    df = p * (p + 1) // 2 - npar
    X2 = n * F
    logdet_S = np.linalg.slogdet(S)[1]
    base_X2 = n * (np.log(np.diag(S)).sum() - logdet_S)
    base_df = p * (p - 1) // 2
    t1 = max(X2 - df, 0.0)
    t2 = max(X2 - df, base_X2 - base_df, 0.0)
    cfi = 1.0 if t2 == 0 else 1 - t1 / t2
    tli = ((base_X2 / base_df - X2 / df) / (base_X2 / base_df - 1)) if df > 0 else 1.0
    rmsea = np.sqrt(max(X2 / (n * df) - 1 / n, 0.0)) if df > 0 else 0.0
    ci_low, ci_high = _rmsea_ci(X2, df, n)
    d = 1 / np.sqrt(np.diag(S))
    resid = (S - Sigma) * np.outer(d, d)
    srmr = np.sqrt(np.mean(resid[np.tril_indices(p)] ** 2))
    loglik_h1 = -n / 2 * (p * np.log(2 * np.pi) + logdet_S + p)
    loglik = loglik_h1 - n / 2 * F
    return pd.Series({
        "chi2": X2, "df": float(df),
        "p": stats.chi2.sf(X2, df) if df > 0 else np.nan,
        "cfi": cfi, "tli": tli, "rmsea": rmsea,
        "rmsea_ci_low": ci_low, "rmsea_ci_high": ci_high,
        "rmsea_p": stats.ncx2.sf(X2, df, n * df * 0.05**2) if df > 0 else np.nan,
        "srmr": srmr,
        "aic": -2 * loglik + 2 * npar, "bic": -2 * loglik + npar * np.log(n),
        "loglik": loglik, "loglik_h1": loglik_h1,
        "baseline_chi2": base_X2, "baseline_df": float(base_df),
        "npar": float(npar), "n": float(n)}, name="fit")


def _table(est, se, std, **ids) -> pd.DataFrame:
    """Estimate table in lavaan's layout; se == 0 marks a fixed parameter."""
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, est / se, np.nan)
    return pd.DataFrame({**ids, "est": est, "se": se, "z": z,
                         "p": 2 * stats.norm.sf(np.abs(z)),
                         "ci_low": est - _Z975 * se, "ci_high": est + _Z975 * se,
                         "std": std})


# ------------------------------------------------------------ entry points

def cfa(data: pd.DataFrame, /, *, factors: Mapping[str, Sequence[str]]) -> CFAResult:
    """Fit a confirmatory factor model by maximum likelihood, as ``lavaan::cfa``.

    Parameters
    ----------
    data : DataFrame
        Respondents in rows; the items (already reverse-scored) as numeric
        columns. Rows with a missing value on any item are dropped (listwise).
    factors : mapping of str to list of str
        Each factor and its items, in order; the first item is the marker
        (loading fixed to 1). Every item measures exactly one factor.

    Returns
    -------
    CFAResult
        Loadings, fit measures, factor covariances, residual variances.

    Raises
    ------
    DataError
        Missing or non-numeric item columns, too few complete rows, or a
        singular covariance matrix.
    OptionError
        A malformed ``factors`` mapping.

    Warns
    -----
    StatisticalWarning
        Heywood case, non-positive-definite factor covariance matrix, or an
        optimiser that did not converge (also recorded in ``warnings``).

    See Also
    --------
    cfa_from_cov : the same model from a covariance matrix and its n.

    Notes
    -----
    Matches ``lavaan::cfa(model, data)`` with its defaults (lavaan 0.6):
    ML on the covariance S with divisor N, discrepancy
    F = log|Sigma| + tr(S Sigma^-1) - log|S| - p, chi2 = N F, standard errors
    from the expected information, ``std`` = lavaan's std.all (standardised
    by the model-implied item variances and the factor variances). Fit
    measures follow ``fitMeasures``: CFI and TLI against the independence
    model, RMSEA with lavaan's 90% interval and close-fit p, ``srmr`` =
    ``srmr_bentler`` (residual covariances scaled by the observed SDs, mean
    over the lower triangle with the diagonal), AIC/BIC from the normal
    log-likelihood with N. The estimator is Fisher scoring with analytic
    gradient and expected information with step halving, iterated until the
    step is below 1e-10 (relative), then checked by the Newton decrement. On
    bfi its solution has a lavaan gradient of 1e-10 where lavaan's own
    (nlminb, rel.tol 1e-10) has 2e-6: agreement is 1e-6 on Holzinger &
    Swineford, 2.5e-5 on bfi, where ours has the lower chi-square.

    Examples
    --------
    >>> import pandas as pd
    >>> from surveykit.validity.cfa import cfa
    >>> hs = pd.read_csv("tests/reference/cfa/holzinger_swineford.csv")
    >>> res = cfa(hs, factors={"visual": ["x1", "x2", "x3"],
    ...                        "textual": ["x4", "x5", "x6"],
    ...                        "speed": ["x7", "x8", "x9"]})
    >>> res.fit[["chi2", "cfi"]].round(3).tolist()
    [85.306, 0.931]
    """
    model = _build_model(factors)
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"data must be a pandas DataFrame of items, got {type(data).__name__}")
    missing = [c for c in model.items if c not in data.columns]
    if missing:
        raise DataError(f"items {missing} are not columns of the data; the data has "
                        f"{list(data.columns)[:20]}; check the names in factors")
    sub = data[list(model.items)]
    bad = [c for c in model.items if not pd.api.types.is_numeric_dtype(sub[c])]
    if bad:
        raise DataError(f"items {bad} are not numeric; recode them to numbers first")
    S, n = listwise_cov(sub)
    if n <= model.p:
        raise DataError(f"only {n} complete rows for {model.p} items; a CFA needs more "
                        "respondents than items (listwise over the items)")
    return _fit(model, S, n)


def listwise_cov(data: pd.DataFrame, /) -> tuple[np.ndarray, int]:
    """ML covariance (divisor n) of the complete rows of numeric columns, and n.

    The cross-product is accumulated over blocks of rows in float64 after a
    shift by the mean of the first rows, so integer (e.g. int8 Likert) data
    are never copied whole and the result keeps full precision.

    Examples
    --------
    >>> import pandas as pd
    >>> S, n = listwise_cov(pd.DataFrame({"a": [1, 2, 3, None], "b": [2, 4, 7, 1]}))
    >>> n, S.round(4).tolist()
    (3, [[0.6667, 1.6667], [1.6667, 4.2222]])
    """
    complete = data.notna().all(axis=1).to_numpy()
    X = (data if complete.all() else data[complete]).to_numpy()
    if X.dtype.kind not in "iuf":
        X = X.astype(np.float64)
    n, p = X.shape
    shift = X[:1024].mean(axis=0, dtype=np.float64) if n else np.zeros(p)
    cross, total = np.zeros((p, p)), np.zeros(p)
    for start in range(0, n, _BLOCK):
        block = X[start:start + _BLOCK].astype(np.float64) - shift
        cross += block.T @ block
        total += block.sum(axis=0)
    mean = total / max(n, 1)
    return cross / max(n, 1) - np.outer(mean, mean), n


def cfa_from_cov(cov, /, n: int, *, factors: Mapping[str, Sequence[str]],
                 ddof: int = 1) -> CFAResult:
    """Fit the model of :func:`cfa` to a covariance matrix of n respondents.

    Parameters
    ----------
    cov : DataFrame
        Square covariance matrix of the items, labelled by item on both axes
        (other items may be present and are ignored).
    n : int
        Number of respondents the matrix was computed from.
    factors : mapping of str to list of str
        As in :func:`cfa`.
    ddof : {1, 0}
        Divisor of ``cov``: ``n - ddof``. The default 1 is the usual unbiased
        matrix (``DataFrame.cov``, ``numpy.cov``), rescaled to the ML matrix
        by (n - 1) / n as lavaan does with ``sample.cov``; 0 means ``cov`` is
        already divided by n.

    Returns
    -------
    CFAResult

    Notes
    -----
    Same as ``lavaan::cfa(model, sample.cov = cov, sample.nobs = n)``.

    Examples
    --------
    >>> import pandas as pd
    >>> from surveykit.validity.cfa import cfa_from_cov
    >>> hs = pd.read_csv("tests/reference/cfa/holzinger_swineford.csv")
    >>> res = cfa_from_cov(hs.cov(), len(hs), factors={
    ...     "visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"],
    ...     "speed": ["x7", "x8", "x9"]})
    >>> round(float(res.fit["rmsea"]), 4)
    0.0921
    """
    model = _build_model(factors)
    if not isinstance(cov, pd.DataFrame):
        raise DataError("cov must be a DataFrame labelled by item on both axes, got "
                        f"{type(cov).__name__}; wrap an array as "
                        "pd.DataFrame(a, index=items, columns=items)")
    missing = [c for c in model.items if c not in cov.columns or c not in cov.index]
    if missing:
        raise DataError(f"items {missing} are not in the covariance matrix labels; "
                        "label its rows and columns by item")
    if ddof not in (0, 1):
        raise OptionError(f"ddof must be 0 or 1, not {ddof!r}")
    if int(n) != n or n <= model.p:
        raise DataError(f"n = {n} respondents for {model.p} items; a CFA needs an "
                        "integer n larger than the number of items")
    S = cov.loc[list(model.items), list(model.items)].to_numpy(dtype=np.float64)
    return _fit(model, S * (n - ddof) / n, int(n))


def _fit(model: _Model, S: np.ndarray, n: int) -> CFAResult:
    if not np.all(np.isfinite(S)) or np.linalg.eigvalsh(S).min() <= 1e-12 * np.trace(S):
        raise DataError("the covariance matrix of the items is singular or not positive "
                        "definite (a constant item, an item that is a sum of others, or "
                        "too few respondents); drop or fix the offending items")
    theta, F, grad, H, iterations, stopped = _fisher_scoring(model, S, _start(model, S))
    notes = []
    decrement = float(grad @ _solve(H, grad))
    converged = stopped and decrement < 1e-12
    if not converged:
        notes.append(f"the CFA did not converge after {iterations} iterations (Newton "
                     f"decrement {decrement:.2g}); estimates are not reliable")
    # vcov = inverse of N times the unit expected information, which is H / 2
    try:
        vcov = np.linalg.inv(H) * 2 / n
        se = np.sqrt(np.where(np.diag(vcov) > 0, np.diag(vcov), np.nan))
    except np.linalg.LinAlgError:
        se = np.full(len(theta), np.nan)
        notes.append("the information matrix is singular (model not identified); "
                     "standard errors are missing")
    L, psi, phi = model.unpack(theta)
    Sigma = model.sigma(theta)
    sd_item = np.sqrt(np.diag(Sigma))
    sd_fac = np.sqrt(np.where(np.diag(phi) > 0, np.diag(phi), np.nan))
    k, p = len(model.free), model.p
    lam = L[np.arange(p), model.factor_of]
    lam_se = np.zeros(p)
    lam_se[model.free] = se[:k]
    std = lam * sd_fac[model.factor_of] / sd_item
    loadings = _table(lam, lam_se, std,
                      factor=[model.factors[j] for j in model.factor_of],
                      item=list(model.items))
    residuals = _table(psi, se[k:k + p], psi / sd_item**2, item=list(model.items))
    r, c = model.phi_index
    order = np.lexsort((c, r))
    r, c = r[order], c[order]
    factor_cov = _table(phi[r, c], se[k + p:][order],
                        phi[r, c] / np.sqrt(phi[r, r] * phi[c, c]),
                        a=[model.factors[i] for i in r], b=[model.factors[i] for i in c])
    notes += _heywood_notes(model, psi, std, phi)
    for note in notes:
        _warnings.warn(note, StatisticalWarning, stacklevel=3)
    return CFAResult(loadings=loadings, fit=_fit_measures(S, Sigma, F, n, len(theta)),
                     factor_cov=factor_cov, residuals=residuals, n=n,
                     converged=converged, iterations=iterations, warnings=tuple(notes))


def _heywood_notes(model: _Model, psi, std, phi) -> list[str]:
    notes = [f"Heywood case: the residual variance of {item!r} is negative ({v:.4g})"
             for item, v in zip(model.items, psi) if v < 0]
    notes += [f"Heywood case: the standardised loading of {item!r} is {v:.4g} "
              "(|std| > 1)" for item, v in zip(model.items, std) if abs(v) > 1]
    if np.linalg.eigvalsh(phi).min() <= 0:
        notes.append("the factor covariance matrix is not positive definite (a negative "
                     "factor variance or a factor correlation beyond +-1)")
    return notes
