"""Sufficient statistics for reliability: one pass over the data, then matrices.

Everything in :mod:`surveykit.reliability` is computed from the item counts,
means and covariance matrix ``C`` returned here, which come from a single set
of cross-products: ``X'X`` (with a column of ones for the sums) on complete
rows, or the pairwise-complete cross-products ``M'M``, ``Z'M``, ``Z'Z`` (``M``
the 0/1 matrix of answers, ``Z`` the centred answers with 0 for missing).

Integer data (Likert codes) are multiplied in float32 over row chunks small
enough that every partial sum is an integer below 2**24, which float32 holds
exactly, then accumulated in float64: exact and about twice as fast as float64.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize

from surveykit.exceptions import DataError

__all__ = [
    "item_array",
    "crossproducts",
    "moments_from_crossproducts",
    "listwise_moments",
    "pairwise_moments",
    "smc",
    "one_factor_minres",
]

_CHUNK_ROWS = 65_536
_FLOAT32_EXACT = 2**24  # every integer of smaller magnitude is exact in float32


def item_array(data: pd.DataFrame, items) -> tuple[list[str], np.ndarray]:
    """Check the item columns and return their names and a 2-D array.

    Integer columns without missing values stay integer (for the exact
    float32 path); anything else becomes float64 with NaN for missing.
    """
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"data must be a pandas DataFrame of item columns, "
                        f"not {type(data).__name__}; wrap it with pd.DataFrame(...)")
    names = list(data.columns) if items is None else list(items)
    unknown = [c for c in names if c not in data.columns]
    if unknown:
        raise DataError(f"item columns {unknown} are not in the data; "
                        f"available columns: {list(data.columns)}")
    dup = sorted({str(c) for c in names if names.count(c) > 1})
    if dup:
        raise DataError(f"items {dup} are listed more than once; list each item once")
    frame = data[names]
    bad = [c for c in names if not pd.api.types.is_numeric_dtype(frame[c].dtype)]
    if bad:
        raise DataError(f"item columns {bad} are not numeric "
                        f"(dtypes {[str(frame[c].dtype) for c in bad]}); "
                        "recode answers to numbers before computing reliability")
    if all(isinstance(t, np.dtype) and t.kind in "iub" for t in frame.dtypes):
        a = frame.to_numpy()
    else:
        a = frame.to_numpy(dtype=np.float64, na_value=np.nan)
        if np.isinf(a).any():
            raise DataError("item columns contain infinite values; replace them "
                            "with missing values (NaN) or valid codes")
    return [str(c) for c in names], a


def crossproducts(a: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """Return ``n``, the shift, the column sums and ``X'X`` of ``a - shift``.

    ``a`` has no missing values. Integer data are not shifted (the products
    are exact); float data are shifted by the mean of their first rows, which
    keeps ``X'X - s s'/n`` free of cancellation.
    """
    n, k = a.shape
    if a.dtype.kind in "iub":
        shift = np.zeros(k)
        big = max(abs(int(a.max())), abs(int(a.min())), 1) if n else 1
        exact_rows = _FLOAT32_EXACT // (big * big)  # partial sums stay below 2**24
        if exact_rows >= 1024:
            dtype, rows = np.float32, min(_CHUNK_ROWS, exact_rows)
        else:
            dtype, rows = np.float64, _CHUNK_ROWS
    else:
        shift = a[: min(n, 1000)].mean(axis=0) if n else np.zeros(k)
        dtype, rows = np.float64, _CHUNK_ROWS
    buf = np.empty((min(rows, max(n, 1)), k + 1), dtype=dtype)
    buf[:, k] = 1.0
    total = np.zeros((k + 1, k + 1))
    for start in range(0, n, rows):
        b = buf[: min(rows, n - start)]
        np.subtract(a[start:start + len(b)], shift.astype(dtype), out=b[:, :k],
                    casting="unsafe")
        total += b.T @ b
    return n, shift, total[k, :k].copy(), total[:k, :k].copy()


def moments_from_crossproducts(n, shift, sums, xtx) -> tuple[np.ndarray, np.ndarray]:
    """Means and covariance matrix (denominator n - 1) from cross-products."""
    means = sums / n
    cov = (xtx - np.outer(sums, means)) / (n - 1)
    cov = (cov + cov.T) / 2
    return shift + means, cov


def listwise_moments(a: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """``n``, per-item counts, means and covariance over the complete rows of ``a``."""
    if a.dtype.kind == "f":
        complete = ~np.isnan(a).any(axis=1)
        if not complete.all():
            a = a[complete]
    n, shift, sums, xtx = crossproducts(a)
    _check_n(n, "complete rows (listwise)")
    means, cov = moments_from_crossproducts(n, shift, sums, xtx)
    return n, np.full(a.shape[1], n), means, cov


def answered_rows(a: np.ndarray) -> np.ndarray:
    """The rows of ``a`` with at least one answer (pairwise analyses use these)."""
    if a.dtype.kind != "f":
        return a.astype(np.float64)
    return a[~np.isnan(a).all(axis=1)]


def pairwise_moments(a: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """``n`` (rows answering at least one item), item counts, means and the
    pairwise-complete covariance matrix (R's ``cov(x, use = "pairwise")``)."""
    a = answered_rows(a)
    obs = ~np.isnan(a)
    if obs.all():
        return listwise_moments(a)
    n = len(a)
    _check_n(n, "respondents with at least one answer")
    m = obs.astype(np.float64)
    shift = np.nanmean(a, axis=0)
    z = np.where(obs, a - shift, 0.0)
    pairs = m.T @ m
    if (pairs < 2).any():
        i, j = np.argwhere(pairs < 2)[0]
        raise DataError(f"items {i + 1} and {j + 1} of the scale were answered together "
                        f"by {int(pairs[i, j])} respondent(s): their pairwise covariance "
                        "is undefined; drop one of them or use missing='listwise'")
    across = z.T @ m  # across[i, j]: sum of item i over the rows that answered j
    cov = (z.T @ z - across * across.T / pairs) / (pairs - 1)
    counts = np.diag(pairs).copy()
    return n, counts, shift + np.diag(across) / counts, cov


def _check_n(n: int, what: str) -> None:
    if n < 2:
        raise DataError(f"reliability needs at least 2 {what}, found {n}; "
                        "check the item columns and their missing values")


def smc(r: np.ndarray) -> np.ndarray:
    """Squared multiple correlations ``1 - 1/diag(R^-1)`` (psych::smc, via a
    pseudo-inverse as psych does)."""
    return 1.0 - 1.0 / np.diag(np.linalg.pinv(r, hermitian=True))


def one_factor_minres(r: np.ndarray) -> np.ndarray:
    """Loadings of a one-factor minres (unweighted least squares) solution.

    Minimises the sum of squared off-diagonal residuals
    ``sum_{i != j} (r_ij - l_i l_j)^2``, the fit function of
    ``psych::fa(fm = "minres")``; starts from the square roots of the SMCs.
    Loadings are signed so that their sum is positive.
    """
    off = r - np.diag(np.diag(r))

    def fit(lam):
        resid = off - np.outer(lam, lam)
        np.fill_diagonal(resid, 0.0)
        return float((resid * resid).sum()), -4.0 * resid @ lam

    start = np.sqrt(np.clip(smc(r), 0.05, 1.0))
    sol = optimize.minimize(fit, start, jac=True, method="BFGS",
                            options={"gtol": 1e-12, "maxiter": 10_000})
    lam = sol.x
    return lam if lam.sum() >= 0 else -lam
