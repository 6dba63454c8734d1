"""Sufficient statistics for reliability: one pass over the data, then matrices.

Everything in :mod:`surveykit.reliability` is computed from the item counts,
means and covariance matrix ``C`` returned here, which come from one Gram
matrix accumulated over row chunks: ``X'X`` (with a column of ones for the
sums) when nothing is missing; with missing values, listwise, the scales'
items zeroed on the rows incomplete for the scale beside one 0/1 completeness
column per scale; pairwise, ``[Z, M]`` whose blocks are ``M'M``, ``Z'M``,
``Z'Z`` (``M`` the 0/1 answers, ``Z`` the centred answers with 0 for missing).

Integer data (Likert codes) are multiplied in float32 over row chunks small
enough that every partial sum is an integer below 2**24, which float32 holds
exactly, then accumulated in float64: exact and about twice as fast as float64.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from surveykit.exceptions import DataError

__all__ = [
    "item_array",
    "crossproducts",
    "moments_from_crossproducts",
    "scale_moments",
    "smc",
    "one_factor_minres",
    "single_threaded_blas",
]

_CHUNK_ROWS = 65_536
_FLOAT32_EXACT = 2**24  # every integer of smaller magnitude is exact in float32


@functools.cache
def _blas_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def single_threaded_blas():
    """Context manager limiting BLAS to one thread.

    The products here are tall and narrow (rows x a few dozen items): one
    thread is as fast as two, and multithreaded OpenBLAS spins badly when the
    machine is busy (ten times slower on a loaded 2-core machine).
    """
    return _blas_controller().limit(limits=1, user_api="blas")


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
        if a.dtype.kind in "iub":
            b[:, :k] = a[start:start + len(b)]
        else:
            np.subtract(a[start:start + len(b)], shift, out=b[:, :k])
        total += b.T @ b
    return n, shift, total[k, :k].copy(), total[:k, :k].copy()


def moments_from_crossproducts(n, shift, sums, xtx) -> tuple[np.ndarray, np.ndarray]:
    """Means and covariance matrix (denominator n - 1) from cross-products."""
    means = sums / n
    cov = (xtx - np.outer(sums, means)) / (n - 1)
    cov = (cov + cov.T) / 2
    return shift + means, cov


def scale_moments(a: np.ndarray, groups: list[np.ndarray], names: list[str],
                  missing: str) -> list[tuple[int, np.ndarray, np.ndarray, np.ndarray]]:
    """``(n, item counts, means, C)`` of every group of columns, in one pass.

    ``listwise``: the complete rows of each group. ``pairwise``: ``C`` is the
    pairwise-complete covariance (R's ``cov(x, use = "pairwise")``), means
    and counts are over each item's answers, ``n`` counts the rows that
    answered at least one item of the group. Without missing values both are
    the ordinary moments of one ``X'X``.
    """
    if a.dtype.kind != "f" or not np.isnan(a).any():
        n, shift, sums, xtx = crossproducts(a)
        _check_n(n, "respondents")
        out = []
        for g in groups:
            means, cov = moments_from_crossproducts(n, shift[g], sums[g], xtx[np.ix_(g, g)])
            out.append((n, np.full(len(g), n), means, cov))
        return out
    shift = _first_rows_mean(a)
    if missing == "listwise":
        return _listwise_groups(a, shift, groups)
    return _pairwise_groups(a, shift, groups, names)


def _first_rows_mean(a: np.ndarray) -> np.ndarray:
    """Column means of the first rows' answers (0 where none): a centring shift."""
    head = a[:1000]
    seen = (~np.isnan(head)).sum(axis=0)
    return np.where(seen > 0, np.nansum(head, axis=0) / np.maximum(seen, 1), 0.0)


def _chunks(n: int):
    for start in range(0, n, _CHUNK_ROWS):
        yield slice(start, min(n, start + _CHUNK_ROWS))


def _listwise_groups(a, shift, groups):
    """One Gram matrix of ``[Y, D]``: ``Y`` holds each group's centred items
    zeroed on the rows incomplete for that group, ``D`` the groups' 0/1
    completeness; its blocks are every group's complete-row cross-products."""
    cols = np.concatenate(groups)
    owner = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    starts = np.cumsum([0] + [len(g) for g in groups[:-1]])
    width, total = len(cols), 0.0
    for rows in _chunks(len(a)):
        x = a[rows][:, cols] - shift[cols]
        hole = np.isnan(x)
        complete = ~np.logical_or.reduceat(hole, starts, axis=1)
        x[hole] = 0.0
        x *= complete[:, owner]
        b = np.concatenate([x, complete.astype(np.float64)], axis=1)
        total = total + b.T @ b
    out = []
    for s, g in enumerate(groups):
        r = slice(starts[s], starts[s] + len(g))
        n = int(round(total[width + s, width + s]))
        _check_n(n, "complete rows (listwise)")
        means, cov = moments_from_crossproducts(n, shift[g], total[width + s, r], total[r, r])
        out.append((n, np.full(len(g), n), means, cov))
    return out


def _pairwise_groups(a, shift, groups, names):
    """One Gram matrix of ``[Z, M]`` (centred answers with 0 for missing, 0/1
    answered) gives ``M'M``, ``Z'M`` and ``Z'Z`` for every pair of items."""
    k = a.shape[1]
    total, answered = 0.0, np.zeros(len(groups), dtype=np.int64)
    for rows in _chunks(len(a)):
        x = a[rows] - shift
        obs = ~np.isnan(x)
        x[~obs] = 0.0
        b = np.concatenate([x, obs.astype(np.float64)], axis=1)
        total = total + b.T @ b
        answered += [int(obs[:, g].any(axis=1).sum()) for g in groups]
    zz, across, pairs = total[:k, :k], total[:k, k:], total[k:, k:]
    out = []
    for g, n in zip(groups, answered):
        _check_n(int(n), "respondents with at least one answer")
        p = pairs[np.ix_(g, g)]
        if (p < 2).any():
            i, j = np.argwhere(p < 2)[0]
            raise DataError(f"items {names[g[i]]!r} and {names[g[j]]!r} were answered "
                            f"together by {int(p[i, j])} respondent(s): their pairwise "
                            "covariance is undefined; drop one or use missing='listwise'")
        s = across[np.ix_(g, g)]  # s[i, j]: sum of item i over the rows that answered j
        cov = (zz[np.ix_(g, g)] - s * s.T / p) / (p - 1)
        counts = np.diag(p).copy()
        out.append((int(n), counts, shift[g] + np.diag(s) / counts, cov))
    return out


def _check_n(n: int, what: str) -> None:
    if n < 2:
        raise DataError(f"reliability needs at least 2 {what}, found {n}; "
                        "check the item columns and their missing values")


def smc(r: np.ndarray) -> np.ndarray:
    """Squared multiple correlations ``1 - 1/diag(R^-1)`` (psych::smc, via a
    pseudo-inverse as psych does)."""
    return 1.0 - 1.0 / np.diag(np.linalg.pinv(r, hermitian=True))


def one_factor_minres(r: np.ndarray, tol: float = 1e-12, max_iter: int = 500) -> np.ndarray:
    """Loadings of a one-factor minres (unweighted least squares) solution.

    Minimises the sum of squared off-diagonal residuals
    ``sum_{i != j} (r_ij - l_i l_j)^2``, the fit function of
    ``psych::fa(fm = "minres")``, by Levenberg-Marquardt from the square roots
    of the SMCs. The Gauss-Newton system has a closed form: ``J'J = l l' +
    diag(l'l - 2 l^2)`` and ``J'e = E l`` (``E`` the off-diagonal residuals).
    Loadings are signed so that their sum is positive.
    """
    off = r - np.diag(np.diag(r))

    def residuals(lam):
        e = off - np.outer(lam, lam)
        np.fill_diagonal(e, 0.0)
        return e, float((e * e).sum())

    lam = np.sqrt(np.clip(smc(r), 0.05, 1.0))
    e, loss = residuals(lam)
    damping = 1e-4
    for _ in range(max_iter):
        normal = np.outer(lam, lam) + np.diag(lam @ lam - 2 * lam * lam)
        step = np.linalg.solve(normal + damping * np.diag(np.diag(normal)), e @ lam)
        e_new, loss_new = residuals(lam + step)
        if loss_new <= loss:
            lam, e, loss, damping = lam + step, e_new, loss_new, damping / 10
            if np.abs(step).max() < tol:
                break
        elif damping > 1e10:
            break
        else:
            damping *= 10
    return lam if lam.sum() >= 0 else -lam
