"""Harman's single-factor test for common method bias.

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(0)
>>> f = rng.normal(size=(300, 2))
>>> x = f[:, [0, 0, 0, 1, 1, 1]] * .8 + rng.normal(scale=.6, size=(300, 6))
>>> harman_single_factor(pd.DataFrame(x))[["method", "exceeds_threshold"]]
  method  exceeds_threshold
0    pca              False
1    efa              False
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import OptionError
from ._corr import as_correlation, item_correlation
from ._extract import extract

__all__ = ["harman_single_factor", "harman_single_factor_from_corr"]


def harman_single_factor_from_corr(R, n, /, *, threshold=0.5, efa=True) -> pd.DataFrame:
    """Harman's single-factor test on a correlation matrix; see :func:`harman_single_factor`.

    Notes
    -----
    The formula and R functions (``eigen(R)$values[1] / p``;
    ``psych::fa(R, 1, fm = "minres", rotate = "none")``) are those of
    :func:`harman_single_factor`.

    Examples
    --------
    >>> import numpy as np
    >>> L = np.array([[.8, 0], [.7, 0], [.6, 0], [0, .7], [0, .6], [0, .5]])
    >>> R = L @ L.T
    >>> np.fill_diagonal(R, 1)
    >>> harman_single_factor_from_corr(R, 300)[["method", "proportion", "exceeds_threshold"]].round(3)
      method  proportion  exceeds_threshold
    0    pca       0.329              False
    1    efa       0.248              False
    """
    M, _, n = as_correlation(R, n)
    if not 0 < threshold < 1:
        raise OptionError(f"threshold must be a proportion between 0 and 1, not {threshold!r}")
    p = M.shape[0]
    rows = {"method": ["pca"], "ss_loadings": [np.linalg.eigvalsh(M)[-1]]}
    if efa:
        L = extract(M, 1, "minres").loadings
        rows["method"].append("efa")
        rows["ss_loadings"].append(float((L ** 2).sum()))
    table = pd.DataFrame(rows)
    table["proportion"] = table["ss_loadings"] / p
    table["threshold"] = float(threshold)
    table["exceeds_threshold"] = table["proportion"] > threshold
    table["n"] = n
    return table


def harman_single_factor(data, /, *, items=None, threshold=0.5, efa=True) -> pd.DataFrame:
    """Share of the variance of all items taken by one unrotated factor.

    Parameters
    ----------
    data : pandas.DataFrame
        Item scores of all the scales of the questionnaire (already
        reverse-scored); rows with a missing item are dropped (listwise).
    items : list of str, optional
        Columns to use; all columns by default.
    threshold : float
        Proportion above which a single factor is taken to signal common
        method bias (0.5, the usual convention).
    efa : bool
        Also report the one-factor minres EFA (unrotated).

    Returns
    -------
    pandas.DataFrame
        One row per variant: ``method`` ("pca", then "efa"), ``ss_loadings``
        (the first eigenvalue, or the one factor's sum of squared loadings),
        ``proportion`` (of the total variance, the number of items),
        ``threshold``, ``exceeds_threshold`` and ``n``.

    Notes
    -----
    The convention used in most reports is the "pca" row: the first
    eigenvalue of the item correlation matrix divided by the number of items,
    i.e. the "% of variance" of the first component of SPSS's unrotated
    principal-component extraction (``eigen(cor(x))$values[1] / p`` in R).
    The "efa" row is ``sum(psych::fa(x, 1, fm = "minres", rotate =
    "none")$loadings^2) / p``, a stricter (smaller) figure. The test is weak:
    passing it does not show that there is no method bias (Podsakoff et al.,
    2003); a marker variable or a CFA with a method factor is stronger.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(300, 1)) + rng.normal(scale=.5, size=(300, 4))
    >>> bool(harman_single_factor(pd.DataFrame(x), efa=False)["exceeds_threshold"][0])
    True
    """
    R, n = item_correlation(data, items=items)
    return harman_single_factor_from_corr(R, n, threshold=threshold, efa=efa)
