"""Crosstabs of two coded variables with chi-square tests and effect size.

Examples
--------
>>> import pandas as pd
>>> x = crosstab(pd.Series([1, 1, 2, 2, 2, 1] * 5), pd.Series([1, 2, 2, 2, 1, 1] * 5))
>>> x.table  # doctest: +NORMALIZE_WHITESPACE
col   1   2
row
1    10   5
2     5  10
>>> round(x.chi2, 4), x.df, round(x.chi2_yates, 4), round(x.cramers_v, 4)
(3.3333, 1, 2.1333, 0.3333)
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from surveykit._results import Result
from surveykit.describe_stats import _as_weights, _encode
from surveykit.exceptions import DataError, OptionError, StatisticalWarning

__all__ = ["crosstab", "Crosstab"]


@dataclass(frozen=True, repr=False)
class Crosstab(Result):
    """A two-way table with its tests.

    Attributes
    ----------
    table : DataFrame
        Counts (weighted if weights were given); rows and columns in code order,
        no margins.
    row_pct, col_pct, expected, residuals : DataFrame
        Row and column percentages (0-100), expected counts under independence,
        adjusted standardised residuals (R's ``chisq.test()$stdres``).
    suppressed : DataFrame of bool
        Cells to hide when publishing (``0 < count < min_cell``); all False without
        ``min_cell``. Statistics always use the true counts.
    chi2, df, p : float, int, float
        Pearson chi-square without continuity correction.
    chi2_yates, p_yates : float or None
        With Yates' continuity correction (2x2 tables only).
    g2, g2_p : float
        Likelihood-ratio chi-square G² and its p (same df).
    fisher_p : float or None
        Fisher's exact test, two-sided (2x2 tables of integer counts only).
    cramers_v, min_expected : float
    n, n_missing : float
        Respondents in the table, and left out (missing row or column).
    row_codes, col_codes : tuple
    warnings : tuple of str
    """

    title = "Crosstab"
    table: pd.DataFrame
    row_pct: pd.DataFrame
    col_pct: pd.DataFrame
    expected: pd.DataFrame
    residuals: pd.DataFrame
    suppressed: pd.DataFrame
    chi2: float
    df: int
    p: float
    chi2_yates: float | None
    p_yates: float | None
    g2: float
    g2_p: float
    fisher_p: float | None
    cramers_v: float
    min_expected: float
    n: float
    n_missing: float
    row_codes: tuple
    col_codes: tuple
    warnings: tuple[str, ...] = field(default=())


def _tests(obs: np.ndarray) -> dict:
    """Chi-square family on the non-empty rows and columns of ``obs``."""
    o = obs[obs.sum(axis=1) > 0][:, obs.sum(axis=0) > 0]
    n = o.sum()
    r, c = o.shape
    out = {"chi2_yates": None, "p_yates": None, "fisher_p": None}
    if r < 2 or c < 2:
        return out | {"chi2": np.nan, "df": 0, "p": np.nan, "g2": np.nan, "g2_p": np.nan, "cramers_v": np.nan}
    e = np.outer(o.sum(axis=1), o.sum(axis=0)) / n
    df = (r - 1) * (c - 1)
    chi2 = float(((o - e) ** 2 / e).sum())
    g2 = float(2 * np.sum(np.where(o > 0, o * np.log(np.where(o > 0, o, 1) / e), 0.0)))
    out |= {"chi2": chi2, "df": df, "p": float(stats.chi2.sf(chi2, df)), "g2": g2,
            "g2_p": float(stats.chi2.sf(g2, df)), "cramers_v": float(np.sqrt(chi2 / (n * (min(r, c) - 1))))}
    if (r, c) == (2, 2):
        yates = np.minimum(0.5, np.abs(o - e))
        chi2_y = float(((np.abs(o - e) - yates) ** 2 / e).sum())
        out |= {"chi2_yates": chi2_y, "p_yates": float(stats.chi2.sf(chi2_y, 1))}
        if np.allclose(o, np.round(o)):
            out["fisher_p"] = float(stats.fisher_exact(np.round(o).astype(np.int64)).pvalue)
    return out


def crosstab(row, col, /, *, row_codes: Sequence | None = None, col_codes: Sequence | None = None,
             weights=None, min_cell: int | None = None) -> Crosstab:
    """Crosstab of two coded variables with Pearson and likelihood-ratio chi-square.

    Parameters
    ----------
    row, col : Series or array-like
        Codes, one per respondent; respondents missing either are left out.
    row_codes, col_codes : sequence, optional
        Codes in display order (default: sorted observed codes). Codes never
        observed appear as empty rows or columns.
    weights : array-like, optional
        Frequency weights: the table holds their sums and the tests treat them
        as counts (as SPSS's WEIGHT BY, without rounding).
    min_cell : int, optional
        Statistical disclosure control: cells with ``0 < count < min_cell`` are
        flagged in ``suppressed`` (and should be hidden in published tables,
        with their row and column percentages).

    Returns
    -------
    Crosstab

    Notes
    -----
    Expected counts ``E = row_total * col_total / n``; ``chi2 = sum((O - E)^2 / E)``
    with ``(r - 1)(c - 1)`` df; Yates: ``sum((|O - E| - min(0.5, |O - E|))^2 / E)``
    (as R's ``chisq.test(correct = TRUE)``); ``G2 = 2 sum(O ln(O / E))``
    (as ``MASS::loglm``); ``V = sqrt(chi2 / (n (min(r, c) - 1)))``; adjusted
    residuals ``(O - E) / sqrt(E (1 - row_total / n)(1 - col_total / n))``.
    Rows or columns that are entirely empty are left out of the tests (R would
    return NaN). A StatisticalWarning is raised when more than 20% of the
    expected counts are below 5 or any is below 1 (Cochran's rule). With
    sampling (not frequency) weights the chi-square is not design-based
    (a Rao–Scott correction is not implemented).

    Examples
    --------
    >>> import pandas as pd
    >>> x = crosstab(pd.Series([1, 1, 2, 2] * 10), pd.Series([1, 2, 2, 2] * 10), min_cell=15)
    >>> x.suppressed.to_numpy().tolist()
    [[True, True], [False, False]]
    """
    r_idx, r_codes = _encode(row, row_codes, what="the row variable")
    c_idx, c_codes = _encode(col, col_codes, what="the column variable")
    if r_idx.size != c_idx.size:
        raise DataError(f"row and column variables differ in length ({r_idx.size} and {c_idx.size}).")
    if min_cell is not None and min_cell < 1:
        raise OptionError(f"min_cell must be a positive count; found {min_cell}.")
    w = np.ones(r_idx.size) if weights is None else _as_weights(weights, r_idx.size)
    ok = (r_idx >= 0) & (c_idx >= 0)
    cells = r_idx[ok] * len(c_codes) + c_idx[ok]
    obs = np.bincount(cells, w[ok], len(r_codes) * len(c_codes)).reshape(len(r_codes), len(c_codes))
    n = obs.sum()
    if n == 0:
        raise DataError("the crosstab is empty: no respondent has both variables answered.")
    rt, ct = obs.sum(axis=1, keepdims=True), obs.sum(axis=0, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        e = rt * ct / n
        resid = (obs - e) / np.sqrt(e * (1 - rt / n) * (1 - ct / n))
        row_pct, col_pct = obs / rt * 100, obs / ct * 100
    res = _tests(obs)
    used = e[(rt[:, 0] > 0)][:, ct[0] > 0]
    min_e = float(used.min())
    notes = []
    small = float((used < 5).mean() * 100)
    if small > 20 or min_e < 1:
        notes.append(f"{small:.0f}% of expected counts are below 5 (minimum {min_e:.2f}): the chi-square "
                     "approximation may be poor; merge categories or use Fisher's exact test.")
        warnings.warn(notes[-1], StatisticalWarning, stacklevel=2)

    def frame(a):
        return pd.DataFrame(a, index=pd.Index(r_codes, name="row"), columns=pd.Index(c_codes, name="col"))

    suppressed = (obs > 0) & (obs < min_cell) if min_cell is not None else np.zeros_like(obs, bool)
    return Crosstab(
        table=frame(obs.astype(np.int64) if weights is None else obs), row_pct=frame(row_pct),
        col_pct=frame(col_pct), expected=frame(e), residuals=frame(resid), suppressed=frame(suppressed),
        min_expected=min_e, n=float(n), n_missing=float(w[~ok].sum()), row_codes=tuple(r_codes),
        col_codes=tuple(c_codes), warnings=tuple(notes), **res)
