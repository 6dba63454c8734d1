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
from scipy import stats

from surveykit._results import Result
from surveykit.exceptions import DataError, OptionError, StatisticalWarning
from surveykit.validity._cfa_fit import fit_measures
from surveykit.validity._cfa_ml import fisher_scoring, solve
from surveykit.validity._cfa_model import CFAModel, build_model, start_values

__all__ = ["CFAResult", "cfa", "cfa_from_cov", "listwise_cov"]

_Z975 = stats.norm.ppf(0.975)
_BLOCK = 8192     # rows per block of the cross-product
_DECREMENT = 1e-12  # Newton decrement g'H^-1 g of F_ML below which a point is stationary
_STEP_TOL = 1e-10   # relative step of Fisher scoring below which it stops


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
    model = build_model(factors)
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
    model = build_model(factors)
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


def _fit(model: CFAModel, S: np.ndarray, n: int) -> CFAResult:
    if not np.all(np.isfinite(S)) or np.linalg.eigvalsh(S).min() <= 1e-12 * np.trace(S):
        raise DataError("the covariance matrix of the items is singular or not positive "
                        "definite (a constant item, an item that is a sum of others, or "
                        "too few respondents); drop or fix the offending items")
    theta, F, grad, H, iterations, stopped = fisher_scoring(model, S, start_values(model, S),
                                                           tol=_STEP_TOL)
    step = solve(H, grad)
    decrement = float(grad @ step)
    converged = stopped and decrement < _DECREMENT
    notes = [] if converged else [_convergence_note(
        iterations, decrement, float(np.max(np.abs(step) / (1 + np.abs(theta)))),
        float(np.linalg.cond(H)))]
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
    return CFAResult(loadings=loadings, fit=fit_measures(S, Sigma, F, n, len(theta)),
                     factor_cov=factor_cov, residuals=residuals, n=n,
                     converged=converged, iterations=iterations, warnings=tuple(notes))


def _convergence_note(iterations: int, decrement: float, step: float, cond: float) -> str:
    """Why the fit is not a converged one, as far as the last step tells.

    Three cases: the minimum of F_ML was reached within rounding error (a tiny
    Newton decrement) but the steps did not shrink below the tolerance; the
    expected information is not positive definite, so no step lowers F_ML
    (negative decrement); or the discrepancy was still falling. A nearly
    singular information matrix (condition number above 1e12) means the data
    do not determine some parameters (a factor variance near 0, a Heywood case).
    """
    singular = (f"; the information matrix is nearly singular (condition number {cond:.2g}), "
                "so the data do not determine some parameters") if cond > 1e12 else ""
    if 0 <= decrement < _DECREMENT:
        return (f"the CFA reached the minimum of the ML discrepancy within rounding error "
                f"(Newton decrement {decrement:.2g}), but after {iterations} iterations its "
                f"steps were still {step:.2g} of the parameters (tolerance {_STEP_TOL:g}); "
                f"estimates are approximate{singular}")
    if decrement < 0:
        return (f"the CFA stopped after {iterations} iterations: the information matrix is not "
                f"positive definite (condition number {cond:.2g}), so the data do not identify "
                "the model; estimates are not reliable")
    return (f"the CFA did not converge after {iterations} iterations (Newton decrement "
            f"{decrement:.2g}){singular}; estimates are not reliable")


def _heywood_notes(model: CFAModel, psi, std, phi) -> list[str]:
    notes = [f"Heywood case: the residual variance of {item!r} is negative ({v:.4g})"
             for item, v in zip(model.items, psi) if v < 0]
    notes += [f"Heywood case: the standardised loading of {item!r} is {v:.4g} "
              "(|std| > 1)" for item, v in zip(model.items, std) if abs(v) > 1]
    if np.linalg.eigvalsh(phi).min() <= 0:
        notes.append("the factor covariance matrix is not positive definite (a negative "
                     "factor variance or a factor correlation beyond +-1)")
    return notes
