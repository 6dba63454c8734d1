"""Pairwise-complete correlation matrices with p-values, n, means and sds.

Examples
--------
>>> import pandas as pd
>>> d = pd.DataFrame({"a": [1.0, 2, 3, 4, None], "b": [2.0, 1, 4, 3, 5], "c": [1.0, 3, 2, 5, 4]})
>>> res = correlate(d)
>>> res.r.round(3)
       a    b      c
a  1.000  0.6  0.832
b  0.600  1.0  0.300
c  0.832  0.3  1.000
>>> res.n
   a  b  c
a  4  4  4
b  4  5  5
c  4  5  5
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from surveykit._results import Result
from surveykit.describe_stats import _numeric, descriptives
from surveykit.exceptions import DataError, OptionError

__all__ = ["correlate", "Correlation"]

METHODS = ("pearson", "spearman")


@dataclass(frozen=True, repr=False)
class Correlation(Result):
    """A correlation matrix with its p-values and pairwise sample sizes.

    Attributes
    ----------
    r, p, n : DataFrame
        Square matrices indexed by variable (diagonal: r = 1, p = 0, n = answers).
    descriptives : DataFrame
        ``variable, n, mean, sd`` of each variable over its own answers.
    method : str
    """

    title = "Correlations"
    r: pd.DataFrame
    p: pd.DataFrame
    n: pd.DataFrame
    descriptives: pd.DataFrame
    method: str


def _pearson_pairwise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairwise-complete Pearson r and n from masked cross-products."""
    m = (~np.isnan(x)).astype(float)
    x0 = np.where(m > 0, x - np.nanmean(x, axis=0), 0.0)  # centred for accuracy; r is shift-invariant
    n = m.T @ m
    with np.errstate(invalid="ignore", divide="ignore"):
        sx = x0.T @ m                       # sx[i, j] = sum of x_i over rows where j is present
        sxx = (x0**2).T @ m
        cov = x0.T @ x0 - sx * sx.T / n
        var = sxx - sx**2 / n               # var[i, j]: spread of x_i over the rows shared with j
        r = cov / np.sqrt(var * var.T)
    return np.clip(r, -1, 1), n


def _spearman_pairwise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Spearman's rho, ranking each pair's complete rows (as cor.test on that pair)."""
    if not np.isnan(x).any():
        return _pearson_pairwise(stats.rankdata(x, axis=0))
    k = x.shape[1]
    r = np.eye(k)
    n = np.zeros((k, k))
    m = ~np.isnan(x)
    for i, j in zip(*np.triu_indices(k)):
        both = m[:, i] & m[:, j]
        n[i, j] = n[j, i] = both.sum()
        if i != j and both.sum() > 1:
            r[i, j] = r[j, i] = np.corrcoef(stats.rankdata(x[both][:, [i, j]], axis=0), rowvar=False)[0, 1]
        elif i != j:
            r[i, j] = r[j, i] = np.nan
    return r, n


def correlate(data: pd.DataFrame, /, *, items=None, method: str = "pearson") -> Correlation:
    """Correlation matrix with p-values, pairwise n, means and sds.

    Parameters
    ----------
    data : DataFrame
        Numeric columns.
    items : list of str, optional
        Columns to correlate (default: all).
    method : {"pearson", "spearman"}

    Returns
    -------
    Correlation

    Notes
    -----
    Each coefficient uses the respondents who answered both variables, and
    its p-value is that of R's ``cor.test`` on that pair (Spearman with
    ``exact = FALSE``): ``t = r sqrt((n - 2) / (1 - r^2))`` on ``n - 2`` df,
    two-sided. Spearman's rho is Pearson's r of the ranks (mid-ranks for
    ties) of the pair's complete rows. Pearson sums come from masked matrix
    products (one pass over the data for all pairs).
    """
    if method not in METHODS:
        raise OptionError(f"method must be one of {METHODS}, not {method!r}.")
    sub = _numeric(data, items)
    if sub.shape[1] < 2:
        raise DataError(f"a correlation matrix needs at least 2 variables; found {list(sub.columns)}.")
    x = sub.to_numpy(dtype=float, na_value=np.nan)
    r, n = _pearson_pairwise(x) if method == "pearson" else _spearman_pairwise(x)
    np.fill_diagonal(r, 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = r * np.sqrt((n - 2) / (1 - r**2))
        p = 2 * stats.t.sf(np.abs(t), n - 2)
    p[n < 3] = np.nan
    np.fill_diagonal(p, 0.0)
    names = list(sub.columns)

    def square(a):
        return pd.DataFrame(a, index=names, columns=names)

    desc = descriptives(sub)[["variable", "n", "mean", "sd"]]
    return Correlation(square(r), square(p), square(n.astype(np.int64)), desc, method)
