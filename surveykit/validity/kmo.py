"""Factorability of a set of items: KMO, Bartlett's sphericity test, eigenvalues.

Each statistic has a data entry point (``kmo(data, items=...)``, listwise over
the items) and a correlation-matrix entry point (``kmo_from_corr(R)``), so
that a caller can compute one correlation matrix and derive everything from it.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"a": [1, 2, 3, 4, 5, 2, 4, 3], "b": [2, 2, 3, 5, 4, 1, 4, 2],
...                    "c": [1, 3, 3, 4, 5, 3, 3, 2], "d": [2, 1, 4, 4, 5, 2, 5, 3]})
>>> round(kmo(df).overall, 4)
0.6632
>>> bartlett(df)[["df", "n"]]
   df  n
0   6  8
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from .._results import Result
from ..exceptions import DataError, StatisticalWarning
from ._corr import as_correlation, item_correlation

__all__ = ["KmoResult", "kmo", "kmo_from_corr", "bartlett", "bartlett_from_corr",
           "eigenvalues", "eigenvalues_from_corr"]


@dataclass(frozen=True, repr=False)
class KmoResult(Result):
    """Kaiser-Meyer-Olkin measure of sampling adequacy.

    Attributes
    ----------
    items : pandas.DataFrame
        One row per item: ``item``, ``msa`` (the item's measure of sampling adequacy).
    overall : float
        The overall KMO.
    n : int or None
        Respondents analysed (None when only a correlation matrix was given).
    warnings : tuple of str
        Statistical caveats (an overall KMO below .5), also issued as
        :class:`~surveykit.exceptions.StatisticalWarning`.
    """

    title: ClassVar[str] = "Kaiser-Meyer-Olkin measure of sampling adequacy"
    items: pd.DataFrame
    overall: float
    n: int | None
    warnings: tuple[str, ...] = ()


def _inverse(R: np.ndarray, names: list[str], what: str) -> np.ndarray:
    try:
        inv = np.linalg.inv(R)
    except np.linalg.LinAlgError:
        inv = None
    if inv is None or np.any(np.diag(inv) <= 0) or np.linalg.cond(R) > 1e12:
        raise DataError(f"{what} needs an invertible correlation matrix, but the matrix of "
                        f"{names} is singular: an item is a linear combination of others or "
                        "there are more items than respondents; drop redundant items")
    return inv


def kmo_from_corr(R, n=None) -> KmoResult:
    """KMO from a correlation matrix; see :func:`kmo`.

    Parameters
    ----------
    R : pandas.DataFrame or array_like
        Correlation matrix (items x items).
    n : int, optional
        Respondents behind R, reported in the result only.

    Notes
    -----
    The formula and R function (``psych::KMO(R)``) are those of :func:`kmo`.

    Examples
    --------
    >>> import numpy as np
    >>> R = np.array([[1, .5, .4], [.5, 1, .3], [.4, .3, 1]])
    >>> res = kmo_from_corr(R, 200)
    >>> round(res.overall, 4), res.items["msa"].round(4).tolist()
    (0.6279, [0.5938, 0.6241, 0.6994])
    """
    M, names, _ = as_correlation(R, 3 if n is None else n)
    inv = _inverse(M, names, "KMO")
    s = 1.0 / np.sqrt(np.diag(inv))
    partial = inv * s[:, None] * s[None, :]  # anti-image correlations (sign irrelevant)
    r2 = M ** 2
    q2 = partial ** 2
    np.fill_diagonal(r2, 0.0)
    np.fill_diagonal(q2, 0.0)
    msa = r2.sum(axis=0) / (r2.sum(axis=0) + q2.sum(axis=0))
    overall = r2.sum() / (r2.sum() + q2.sum())
    table = pd.DataFrame({"item": names, "msa": msa})
    notes = []
    if overall < 0.5:
        notes.append(f"KMO = {overall:.3f}: unacceptable sampling adequacy (Kaiser 1974: below "
                     ".5); the items share too little common variance for a factor analysis")
        warnings.warn(notes[-1], StatisticalWarning, stacklevel=2)
    return KmoResult(items=table, overall=float(overall), n=n, warnings=tuple(notes))


def kmo(data, /, *, items=None) -> KmoResult:
    """Kaiser-Meyer-Olkin measure of sampling adequacy, overall and per item.

    Parameters
    ----------
    data : pandas.DataFrame
        Item scores (already reverse-scored); rows with a missing item are dropped.
    items : list of str, optional
        Columns to use; all columns by default.

    Returns
    -------
    KmoResult
        ``overall`` and the per-item table ``items`` (``item``, ``msa``).

    Notes
    -----
    With ``r`` the correlations and ``q`` the partial (anti-image) correlations
    ``q_ij = -R^-1_ij / sqrt(R^-1_ii R^-1_jj)``, off the diagonal:
    ``KMO = sum r^2 / (sum r^2 + sum q^2)``; the item MSA restricts both sums
    to the item's column. Matches ``psych::KMO``. Common reading (Kaiser 1974):
    >= .9 marvellous, .8 meritorious, .7 middling, .6 mediocre, .5 miserable,
    below .5 unacceptable (warned and recorded in ``warnings``).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4, 5, 2, 4, 3], "b": [2, 2, 3, 5, 4, 1, 4, 2],
    ...                    "c": [1, 3, 3, 4, 5, 3, 3, 2], "d": [2, 1, 4, 4, 5, 2, 5, 3]})
    >>> kmo(df).items.round(3)
      item    msa
    0    a  0.617
    1    b  0.935
    2    c  0.578
    3    d  0.620
    """
    R, n = item_correlation(data, items=items)
    return kmo_from_corr(R, n)


def bartlett_from_corr(R, n) -> pd.DataFrame:
    """Bartlett's test of sphericity from a correlation matrix; see :func:`bartlett`.

    Notes
    -----
    The formula and R function (``psych::cortest.bartlett(R, n)``) are those of
    :func:`bartlett`.

    Examples
    --------
    >>> import numpy as np
    >>> R = np.array([[1, .5, .4], [.5, 1, .3], [.4, .3, 1]])
    >>> bartlett_from_corr(R, 200).round(4)
          chi2  df    p    n  determinant
    0  94.2527   3  0.0  200         0.62
    """
    M, names, n = as_correlation(R, n)
    p = M.shape[0]
    sign, logdet = np.linalg.slogdet(M)
    if sign <= 0:
        raise DataError(f"Bartlett's test needs a positive definite correlation matrix, but the "
                        f"matrix of {names} has determinant <= 0: an item is a linear "
                        "combination of others; drop redundant items")
    chi2 = -logdet * (n - 1 - (2 * p + 5) / 6)
    df = p * (p - 1) // 2
    return pd.DataFrame({"chi2": [chi2], "df": [df], "p": [stats.chi2.sf(chi2, df)],
                         "n": [n], "determinant": [np.exp(logdet)]})


def bartlett(data, /, *, items=None) -> pd.DataFrame:
    """Bartlett's test that the item correlation matrix is an identity matrix.

    Parameters
    ----------
    data : pandas.DataFrame
        Item scores; rows with a missing item are dropped.
    items : list of str, optional
        Columns to use; all columns by default.

    Returns
    -------
    pandas.DataFrame
        One row: ``chi2``, ``df``, ``p``, ``n`` (respondents analysed) and
        ``determinant`` (of the correlation matrix).

    Notes
    -----
    ``chi2 = -ln|R| (n - 1 - (2p + 5)/6)`` on ``p(p - 1)/2`` degrees of
    freedom, as ``psych::cortest.bartlett(R, n)``. With large samples it is
    almost always significant; read it together with the KMO.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4, 5, 2, 4, 3], "b": [2, 2, 3, 5, 4, 1, 4, 2],
    ...                    "c": [1, 3, 3, 4, 5, 3, 3, 2], "d": [2, 1, 4, 4, 5, 2, 5, 3]})
    >>> round(float(bartlett(df)["chi2"].iloc[0]), 3)
    20.281
    """
    R, n = item_correlation(data, items=items)
    return bartlett_from_corr(R, n)


def eigenvalues_from_corr(R) -> pd.DataFrame:
    """Eigenvalues of a correlation matrix; see :func:`eigenvalues`.

    Notes
    -----
    The formula and R function (``eigen(R)$values``) are those of :func:`eigenvalues`.

    Examples
    --------
    >>> import numpy as np
    >>> R = np.array([[1, .5, .4], [.5, 1, .3], [.4, .3, 1]])
    >>> eigenvalues_from_corr(R).round(4)
       component  eigenvalue  proportion  cumulative
    0          1      1.8056      0.6019      0.6019
    1          2      0.7124      0.2375      0.8393
    2          3      0.4820      0.1607      1.0000
    """
    M, _, _ = as_correlation(R, 3)
    ev = np.linalg.eigvalsh(M)[::-1]
    prop = ev / M.shape[0]
    return pd.DataFrame({"component": np.arange(1, len(ev) + 1), "eigenvalue": ev,
                         "proportion": prop, "cumulative": np.cumsum(prop)})


def eigenvalues(data, /, *, items=None) -> pd.DataFrame:
    """Eigenvalues of the item correlation matrix (principal components), largest first.

    Parameters
    ----------
    data : pandas.DataFrame
        Item scores; rows with a missing item are dropped.
    items : list of str, optional
        Columns to use; all columns by default.

    Returns
    -------
    pandas.DataFrame
        ``component`` (1, 2, ...), ``eigenvalue``, ``proportion`` (of the total
        variance, the number of items) and ``cumulative``.

    Notes
    -----
    The eigenvalues ``lambda_1 >= ... >= lambda_p`` solve ``R v = lambda v``
    for the complete-case correlation matrix R (``sum lambda = p``, so
    ``proportion = lambda / p``), as ``eigen(cor(x))$values`` in R; the Kaiser
    criterion keeps the components with eigenvalue > 1, a scree plot shows
    them all.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4, 5, 2, 4, 3], "b": [2, 2, 3, 5, 4, 1, 4, 2],
    ...                    "c": [1, 3, 3, 4, 5, 3, 3, 2], "d": [2, 1, 4, 4, 5, 2, 5, 3]})
    >>> eigenvalues(df)["eigenvalue"].round(3).tolist()
    [3.251, 0.482, 0.223, 0.043]
    """
    R, _ = item_correlation(data, items=items)
    return eigenvalues_from_corr(R)
