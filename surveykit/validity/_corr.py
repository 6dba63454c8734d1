"""Item correlation matrices: the one input every exploratory statistic uses.

Every exploratory primitive has two entry points: ``f(data, /, *, items=...)``
on a DataFrame of item scores, and ``f_from_corr(R, n, ...)`` on a correlation
matrix already computed (so that a caller can form one cross-product matrix
and derive KMO, Bartlett and the EFA from it). The first calls
:func:`item_correlation` and then the second; this module holds both halves of
that conversion and the checks they share.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"a": [1, 2, 3, 4, None], "b": [2, 1, 4, 3, 5]})
>>> R, n = item_correlation(df)
>>> n
4
>>> float(R.loc["a", "b"])
0.6
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..exceptions import DataError, StatisticalWarning

__all__ = ["item_correlation"]


def _item_matrix(data, items) -> tuple[np.ndarray, list[str]]:
    """Listwise-complete numeric matrix of the chosen item columns."""
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"expected a pandas DataFrame of item scores, got {type(data).__name__}; "
                        "pass the items as columns of a DataFrame")
    names = [str(c) for c in data.columns] if items is None else [str(i) for i in items]
    columns = list(data.columns) if items is None else list(items)
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise DataError(f"items not found in the data: {missing}; "
                        f"available columns are {list(map(str, data.columns))}")
    if len(columns) < 2:
        raise DataError(f"at least 2 items are needed, got {len(columns)}: {names}")
    frame = data[columns]
    bad = [str(c) for c in columns if not pd.api.types.is_numeric_dtype(frame[c])
           or pd.api.types.is_bool_dtype(frame[c])]
    if bad:
        raise DataError(f"items must be numeric scores, these are not: {bad}; "
                        "code the answers as numbers before the analysis")
    if all(isinstance(dt, np.dtype) for dt in frame.dtypes):
        X = frame.to_numpy()  # numpy dtypes: no copy to float for integer codes
    else:  # nullable extension dtypes: pd.NA becomes NaN
        X = frame.to_numpy(dtype=np.float64, na_value=np.nan)
    if X.dtype.kind == "f":
        incomplete = np.isnan(X).any(axis=1)
        if incomplete.any():
            X = X[~incomplete]
    return X, names


_CHUNK = 32768  # rows per block of the cross-product: a few MB of float64, kept in cache


def _centred_cross_product(X: np.ndarray) -> np.ndarray:
    """``Xc'Xc`` with ``Xc = X - mean``, by blocks of rows (no n x p float copy)."""
    mean = X.mean(axis=0, dtype=np.float64)
    C = np.zeros((X.shape[1], X.shape[1]))
    for start in range(0, X.shape[0], _CHUNK):
        Z = X[start:start + _CHUNK] - mean
        C += Z.T @ Z
    return C


def item_correlation(data, /, *, items=None) -> tuple[pd.DataFrame, int]:
    """Pearson correlation matrix of the items over the complete rows.

    Parameters
    ----------
    data : pandas.DataFrame
        Item scores (already reverse-scored), one row per respondent.
    items : list of str, optional
        Columns to use; all columns by default.

    Returns
    -------
    R : pandas.DataFrame
        Items x items correlation matrix (index and columns are the item names).
    n : int
        Number of respondents analysed: rows with an answer to every item
        (listwise deletion; nothing is imputed).

    Raises
    ------
    DataError
        A missing or non-numeric item, fewer than 3 complete rows, or an item
        without variance.

    Notes
    -----
    One cross-product of the centred data, ``C = Xc'Xc``, then
    ``R = D^-1/2 C D^-1/2`` with ``D = diag(C)``: R's ``cor(x)`` on
    ``na.omit(x)``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 3, 2, 4], "c": [4, 3, 2, 2]})
    >>> R, n = item_correlation(df, items=["a", "b"])
    >>> round(float(R.iloc[0, 1]), 3), n
    (0.8, 4)
    """
    X, names = _item_matrix(data, items)
    n = X.shape[0]
    if n < 3:
        raise DataError(f"only {n} respondents answered all of the items {names}; "
                        "at least 3 complete rows are needed")
    R = _cov_to_corr(_centred_cross_product(X), names)
    return pd.DataFrame(R, index=names, columns=names), n


def _cov_to_corr(C: np.ndarray, names: list[str]) -> np.ndarray:
    d = np.diag(C)
    flat = [names[i] for i in np.flatnonzero(d <= 0)]
    if flat:
        raise DataError(f"items without variance (every respondent gave the same answer): {flat}; "
                        "drop them from the analysis")
    s = 1.0 / np.sqrt(d)
    R = C * s[:, None] * s[None, :]
    np.fill_diagonal(R, 1.0)
    return R


def as_correlation(R, n) -> tuple[np.ndarray, list[str], int]:
    """Check a correlation matrix given by the caller; return it, its item names and n.

    A DataFrame gives the item names; a plain array gets ``V1..Vp`` (as psych).
    The matrix must be square, symmetric, finite, with a unit diagonal.
    """
    if isinstance(R, pd.DataFrame):
        names = [str(c) for c in R.columns]
        if [str(i) for i in R.index] != names:
            raise DataError("the correlation matrix must have the same items, in the same "
                            f"order, as rows and columns; rows {list(R.index)}, columns {names}")
        M = R.to_numpy(dtype=np.float64)
    else:
        M = np.asarray(R, dtype=np.float64)
        names = [f"V{i + 1}" for i in range(M.shape[0])] if M.ndim == 2 else []
    if M.ndim != 2 or M.shape[0] != M.shape[1] or M.shape[0] < 2:
        raise DataError(f"expected a square correlation matrix of at least 2 items, got shape {M.shape}")
    if not np.all(np.isfinite(M)):
        raise DataError("the correlation matrix has missing or infinite entries; "
                        "compute it on complete rows (listwise)")
    if not np.allclose(M, M.T, atol=1e-10) or not np.allclose(np.diag(M), 1.0, atol=1e-10):
        raise DataError("the matrix is not a correlation matrix (it must be symmetric with "
                        "ones on the diagonal); convert a covariance matrix with cov2cor first")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 3:
        raise DataError(f"n must be the number of respondents (an integer >= 3), got {n!r}")
    M = (M + M.T) / 2
    np.fill_diagonal(M, 1.0)
    return M, names, int(n)


def check_positive_definite(R: np.ndarray, eigenvalues: np.ndarray | None = None) -> str | None:
    """Return (and warn with) a message when R is not positive definite, else None."""
    ev = np.linalg.eigvalsh(R) if eigenvalues is None else eigenvalues
    if ev.min() > 1e-12 * max(ev.max(), 1.0):
        return None
    msg = (f"the correlation matrix is not positive definite (smallest eigenvalue "
           f"{ev.min():.3g}): some items are linear combinations of others, or the "
           "matrix was not computed on one sample; results may be unreliable")
    warnings.warn(msg, StatisticalWarning, stacklevel=3)
    return msg


def smc(R: np.ndarray) -> np.ndarray:
    """Squared multiple correlations ``1 - 1/diag(R^-1)``, bounded to [0, 1] (psych::smc)."""
    inv = np.linalg.pinv(R, hermitian=True)
    return np.clip(1.0 - 1.0 / np.diag(inv), 0.0, 1.0)
