"""Describing a sample: frequencies, numeric descriptives, Likert and multiple-response tables.

These primitives work on plain codes and numbers (a Series of codes, a
DataFrame of numeric columns, 0/1 indicator columns); the schema-aware layer
adds labels and question names on top. Every function takes optional
respondent weights.

Weights
-------
*Frequency* weights (the default) count each respondent ``w`` times, as SPSS's
WEIGHT BY does: ``n`` is the sum of the weights and every statistic equals the
unweighted statistic of the data with each row repeated ``w`` times (the tests
check exactly this against R on replicated rows). *Analytic* (sampling,
relative) weights are first rescaled to sum to the number of respondents
analysed, then used as frequency weights: ``n`` stays the number of
respondents, the variance has divisor n - 1 and matches R's ``survey::svyvar``
and Stata's aweights (not ``Hmisc::wtd.var(normwt=TRUE)``, whose divisor is
``W - sum(w^2) / W``).

Examples
--------
>>> import pandas as pd
>>> t = frequencies(pd.Series([1, 2, 2, None]), order=[1, 2, 3]).table
>>> t[["code", "n", "percent", "valid_percent"]]
   code    n  percent  valid_percent
0     1  1.0     25.0      33.333333
1     2  2.0     50.0      66.666667
2     3  0.0      0.0       0.000000
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from surveykit._results import Result
from surveykit.exceptions import DataError, OptionError

__all__ = [
    "frequencies",
    "Frequencies",
    "descriptives",
    "likert_distribution",
    "LikertDistribution",
    "multiple_response",
    "MultipleResponse",
]

WEIGHT_TYPES = ("frequency", "analytic")


# ---- shared helpers (also used by surveykit.compare and surveykit.weights) ----

def _encode(values, order: Sequence | None = None, *, what: str) -> tuple[np.ndarray, list]:
    """Positions of ``values`` in ``order`` (-1 for missing) and the list of codes.

    Without ``order`` the codes are the sorted observed values. A value that is
    neither missing nor in ``order`` is a DataError.
    """
    s = pd.Series(values, copy=False).reset_index(drop=True)
    missing = s.isna().to_numpy()
    if order is None:
        try:
            order = sorted(pd.unique(s[~missing]))
        except TypeError as err:
            raise DataError(f"{what} mixes codes of different types ({err}); "
                            "give the codes in order explicitly.") from None
    codes = list(order)
    index = pd.Index(codes)
    if not index.is_unique:
        raise OptionError(f"the list of codes for {what} has duplicates: {codes}.")
    idx = index.get_indexer(s).astype(np.int64)
    idx[missing] = -1
    unknown = (idx < 0) & ~missing
    if unknown.any():
        found = list(pd.unique(s[unknown]))[:5]
        raise DataError(f"{what} has {int(unknown.sum())} values that are not among its codes {codes[:12]}: "
                        f"e.g. {found}. Recode them or declare them as missing.")
    return idx, codes


def _as_weights(weights, n: int) -> np.ndarray:
    """Return weights as a float array of length ``n``, refusing unusable values."""
    w = pd.Series(weights, copy=False).to_numpy(dtype=float, na_value=np.nan)
    if w.shape != (n,):
        raise DataError(f"weights must have one value per respondent ({n}); found {w.size}. "
                        "Pass a column of the same frame.")
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        raise DataError(f"weights must be finite and non-negative; {int(bad.sum())} are missing, "
                        f"infinite or negative (first at position {int(np.argmax(bad))}). "
                        "Give every respondent a weight (0 excludes one).")
    return w


def _frequency_weights(weights, valid: np.ndarray, weight_type: str) -> np.ndarray:
    """Weights as frequency weights on a (n,) or (n, k) validity mask; 0 where invalid.

    Analytic weights are rescaled, column by column, to sum to the number of
    valid respondents.
    """
    if weight_type not in WEIGHT_TYPES:
        raise OptionError(f"weight_type must be one of {WEIGHT_TYPES}, not {weight_type!r}.")
    w = np.ones(valid.shape[0]) if weights is None else _as_weights(weights, valid.shape[0])
    fw = (w if valid.ndim == 1 else w[:, None]) * valid
    if weights is not None and weight_type == "analytic":
        total = fw.sum(axis=0)
        fw = fw * np.divide(valid.sum(axis=0), total, out=np.zeros_like(total, dtype=float), where=total > 0)
    return fw


def _numeric(data: pd.DataFrame, items) -> pd.DataFrame:
    items = list(data.columns) if items is None else list(items)
    absent = [c for c in items if c not in data.columns]
    if absent:
        raise DataError(f"columns {absent} are not in the data; columns are {list(data.columns)[:12]}.")
    sub = data[items]
    text = [c for c in items if not pd.api.types.is_numeric_dtype(sub[c])]
    if text:
        raise DataError(f"columns {text} are not numeric; convert codes to numbers first.")
    return sub


# ---- frequencies ----

@dataclass(frozen=True, repr=False)
class Frequencies(Result):
    """A frequency table of one coded variable.

    Attributes
    ----------
    table : DataFrame
        ``code, n, percent, valid_percent, cumulative_percent``, one row per code
        in the given order (codes never chosen have n = 0).
    n_valid, n_missing, n_not_applicable : float
        Answered; applicable but missing; not applicable (skipped by design).
    missing_percent : float
        ``n_missing`` as a percentage of the applicable respondents.
    """

    title = "Frequencies"
    table: pd.DataFrame
    n_valid: float
    n_missing: float
    n_not_applicable: float
    missing_percent: float


def frequencies(codes, /, *, order: Sequence | None = None, weights=None, not_applicable=None,
                weight_type: str = "frequency") -> Frequencies:
    """Frequency table with n, percent, valid percent and cumulative percent.

    Parameters
    ----------
    codes : Series or array-like
        One code per respondent; missing values (NaN, None) are missing answers.
    order : sequence, optional
        The codes in display order (e.g. the schema's choice list). Default:
        the sorted observed codes. A value outside ``order`` is an error.
    weights : array-like, optional
        Respondent weights (see the module notes).
    not_applicable : array-like of bool, optional
        True for respondents to whom the question did not apply (skip logic);
        they are counted apart and left out of every percentage.
    weight_type : {"frequency", "analytic"}

    Returns
    -------
    Frequencies

    Notes
    -----
    ``percent = n / (n_valid + n_missing)``, ``valid_percent = n / n_valid``, as
    SPSS FREQUENCIES (where not-applicable cases are system-missing and left out).
    Checked against R ``table()`` / ``prop.table()``.

    Examples
    --------
    >>> import pandas as pd
    >>> f = frequencies(pd.Series([1, 1, 2, None]), not_applicable=[False, False, False, True])
    >>> f.n_missing, f.n_not_applicable, f.table["percent"].tolist()
    (0.0, 1.0, [66.66666666666666, 33.33333333333333])
    """
    idx, order = _encode(codes, order, what="the variable")
    n = idx.size
    applies = np.ones(n, bool) if not_applicable is None else ~np.asarray(not_applicable, dtype=bool)
    if applies.shape != (n,):
        raise DataError(f"not_applicable must have one value per respondent ({n}); found {applies.size}.")
    fw = _frequency_weights(weights, applies, weight_type)
    valid = idx >= 0
    counts = np.bincount(idx[valid], fw[valid], minlength=len(order))
    n_valid = counts.sum()
    n_applicable = fw.sum()
    raw = np.ones(n) if weights is None or weight_type == "analytic" else _as_weights(weights, n)
    n_na = float(raw[~applies].sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        table = pd.DataFrame({
            "code": order,
            "n": counts,
            "percent": counts / n_applicable * 100,
            "valid_percent": counts / n_valid * 100,
            "cumulative_percent": np.cumsum(counts) / n_valid * 100,
        })
        missing_pct = float((n_applicable - n_valid) / n_applicable * 100)
    return Frequencies(table, float(n_valid), float(n_applicable - n_valid), n_na, missing_pct)


# ---- numeric descriptives ----

def _weighted_median(x: np.ndarray, w: np.ndarray) -> float:
    """Median of ``x`` with frequency weights ``w``: with integer weights, the
    median of the data with each value repeated ``w`` times."""
    keep = w > 0
    x, w = x[keep], w[keep]
    if x.size == 0:
        return np.nan
    order = np.argsort(x, kind="stable")
    x, cum = x[order], np.cumsum(w[order])
    half = cum[-1] / 2
    i = int(np.searchsorted(cum, half * (1 - 1e-12)))
    if np.isclose(cum[i], half, rtol=1e-12, atol=0) and i + 1 < x.size:
        return float((x[i] + x[i + 1]) / 2)
    return float(x[i])


def descriptives(data: pd.DataFrame, /, *, items=None, weights=None,
                 weight_type: str = "frequency") -> pd.DataFrame:
    """Descriptive statistics of numeric columns, each over its own answers.

    Parameters
    ----------
    data : DataFrame
        Numeric columns (codes, scores).
    items : list of str, optional
        Columns to describe (default: all).
    weights : array-like, optional
        Respondent weights (see the module notes).
    weight_type : {"frequency", "analytic"}

    Returns
    -------
    DataFrame
        ``variable, n, n_missing, mean, sd, se, median, min, max, skewness, kurtosis``.

    Notes
    -----
    With weights ``w`` (frequency, or analytic rescaled) and ``W = sum(w)``:
    ``mean = sum(w x) / W``, ``sd = sqrt(sum(w (x - mean)^2) / (W - 1))``,
    ``se = sd / sqrt(W)``; without weights ``w = 1`` and ``W = n``.
    Skewness and kurtosis are SPSS's bias-corrected G1 and G2 (excess kurtosis),
    as ``psych::describe(type = 2)`` and ``e1071::skewness(type = 2)``: with
    ``m_r = sum(w (x - mean)^r) / W``, ``g1 = m3 / m2^1.5``, ``g2 = m4 / m2^2 - 3``,
    ``G1 = g1 sqrt(W (W - 1)) / (W - 2)``,
    ``G2 = ((W + 1) g2 + 6) (W - 1) / ((W - 2) (W - 3))``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = descriptives(pd.DataFrame({"x": [1.0, 2, 3, 4, 10]}))
    >>> d[["variable", "n", "mean", "median", "skewness"]].round(3)
      variable  n  mean  median  skewness
    0        x  5   4.0     3.0     1.697
    """
    sub = _numeric(data, items)
    x = sub.to_numpy(dtype=float, na_value=np.nan)
    valid = ~np.isnan(x)
    fw = _frequency_weights(weights, valid, weight_type)
    x0 = np.where(valid, x, 0.0)
    n = fw.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (fw * x0).sum(axis=0) / n
        dev = np.where(valid, x0 - mean, 0.0)
        m2, m3, m4 = ((fw * dev**r).sum(axis=0) / n for r in (2, 3, 4))
        sd = np.sqrt(m2 * n / (n - 1))
        g1, g2 = m3 / m2**1.5, m4 / m2**2 - 3
        skew = g1 * np.sqrt(n * (n - 1)) / (n - 2)
        kurt = ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3))
        lo = np.where(valid, x, np.inf).min(axis=0)
        hi = np.where(valid, x, -np.inf).max(axis=0)
    median = [_weighted_median(x[valid[:, j], j], fw[valid[:, j], j]) for j in range(x.shape[1])]
    if weights is None or weight_type == "analytic":
        n, n_missing = valid.sum(axis=0), (~valid).sum(axis=0)
    else:
        n_missing = _as_weights(weights, len(x)) @ (~valid)
    empty = ~valid.any(axis=0)
    return pd.DataFrame({
        "variable": list(sub.columns), "n": n, "n_missing": n_missing, "mean": mean, "sd": sd,
        "se": sd / np.sqrt(fw.sum(axis=0)), "median": median,
        "min": np.where(empty, np.nan, lo), "max": np.where(empty, np.nan, hi),
        "skewness": skew, "kurtosis": kurt,
    })


# ---- Likert distributions ----

@dataclass(frozen=True, repr=False)
class LikertDistribution(Result):
    """Answer distribution of a set of Likert items.

    Attributes
    ----------
    distribution : DataFrame
        ``item, code, n, percent`` (percent of the item's valid answers).
    stats : DataFrame
        ``item, n, n_missing, mean, sd``.
    """

    title = "Likert distribution"
    distribution: pd.DataFrame
    stats: pd.DataFrame

    def percent_table(self) -> pd.DataFrame:
        """Percentages as a wide table: one row per item, one column per code."""
        wide = self.distribution.pivot(index="item", columns="code", values="percent")
        return wide.loc[self.stats["item"]]


def likert_distribution(data: pd.DataFrame, /, *, codes: Sequence, items=None, weights=None,
                        weight_type: str = "frequency") -> LikertDistribution:
    """Percentage of each answer option for each item, with n, mean and sd.

    Parameters
    ----------
    data : DataFrame
        Numeric item columns.
    codes : sequence
        The answer codes in scale order (e.g. ``[1, 2, 3, 4, 5]``).
    items : list of str, optional
        Columns to use (default: all).
    weights, weight_type
        As in :func:`frequencies`.

    Returns
    -------
    LikertDistribution

    Notes
    -----
    Percentages are of each item's valid answers (``valid_percent`` of
    :func:`frequencies`): ``percent_c = 100 n_c / sum_c' n_c'`` (weighted:
    sums of weights); ``mean = sum x / n`` and ``sd = sqrt(sum (x - mean)^2 /
    (n - 1))`` as :func:`descriptives`. Checked against R
    ``prop.table(table(factor(x, levels)))``, ``mean``, ``sd``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"q1": [1, 2, 2, 3], "q2": [3, 3, 2, None]})
    >>> likert_distribution(d, codes=[1, 2, 3]).percent_table().round(1)  # doctest: +NORMALIZE_WHITESPACE
    code     1     2     3
    item
    q1    25.0  50.0  25.0
    q2     0.0  33.3  66.7
    """
    sub = _numeric(data, items)
    parts = []
    for item in sub.columns:
        table = frequencies(sub[item], order=codes, weights=weights, weight_type=weight_type).table
        parts.append(pd.DataFrame({"item": item, "code": table["code"], "n": table["n"],
                                   "percent": table["valid_percent"]}))
    stats = descriptives(sub, weights=weights, weight_type=weight_type)
    stats = stats.rename(columns={"variable": "item"})[["item", "n", "n_missing", "mean", "sd"]]
    return LikertDistribution(pd.concat(parts, ignore_index=True), stats)


# ---- multiple response ----

@dataclass(frozen=True, repr=False)
class MultipleResponse(Result):
    """A multiple-response table, overall or by group.

    Attributes
    ----------
    table : DataFrame
        ``group, option, n, pct_responses, pct_cases``. Without a grouping
        variable ``group`` is None.
    cases : DataFrame
        ``group, n_cases, n_responses, n_none, n_missing`` per group.
    n_group_missing : float
        Respondents left out because their group is missing.
    """

    title = "Multiple response"
    table: pd.DataFrame
    cases: pd.DataFrame
    n_group_missing: float = 0.0


def multiple_response(data: pd.DataFrame, /, *, items=None, by=None, by_codes: Sequence | None = None,
                      weights=None, weight_type: str = "frequency") -> MultipleResponse:
    """Counts, % of responses and % of cases of a multiple-response question.

    Parameters
    ----------
    data : DataFrame
        One 0/1 indicator column per option (1 = chosen), in option order.
    items : list of str, optional
        The indicator columns (default: all).
    by : Series or array-like, optional
        Group codes, one per respondent: the table is then a crosstab of
        options by group (percentages within each group).
    by_codes : sequence, optional
        Group codes in order (default: sorted observed codes).
    weights, weight_type
        As in :func:`frequencies`.

    Returns
    -------
    MultipleResponse

    Notes
    -----
    A respondent whose indicators are all missing did not answer (``n_missing``);
    otherwise a missing indicator counts as not chosen. *Cases* are the
    respondents who chose at least one option (SPSS MULT RESPONSE's default);
    those who answered but chose none are ``n_none``.
    ``pct_responses = n / sum(n) * 100`` (sums to 100) and
    ``pct_cases = n / n_cases * 100`` (sums to the mean number of choices x 100).

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 1, 0]})
    >>> multiple_response(d).table[["option", "n", "pct_responses", "pct_cases"]].round(1)
      option    n  pct_responses  pct_cases
    0      a  2.0           50.0       66.7
    1      b  2.0           50.0       66.7
    """
    sub = _numeric(data, items)
    x = sub.to_numpy(dtype=float, na_value=np.nan)
    odd = ~np.isnan(x) & (x != 0) & (x != 1)
    if odd.any():
        col = sub.columns[np.nonzero(odd.any(axis=0))[0][0]]
        raise DataError(f"multiple-response indicators must be 0, 1 or missing; column {col!r} has "
                        f"{sorted(set(x[odd].tolist()))[:5]}. Convert the options to 0/1 columns.")
    n = len(sub)
    if by is None:
        gidx, groups = np.zeros(n, dtype=np.int64), [None]
    else:
        gidx, groups = _encode(by, by_codes, what="the grouping variable")
    answered = ~np.isnan(x).all(axis=1)
    chosen = np.nan_to_num(x)
    in_group = gidx >= 0
    w = _frequency_weights(weights, in_group, weight_type)
    onehot = np.zeros((n, len(groups)))
    onehot[np.nonzero(in_group)[0], gidx[in_group]] = w[in_group]
    counts = chosen.T @ onehot                                   # options x groups
    n_cases = (chosen.any(axis=1) & answered) @ onehot
    n_answered = answered @ onehot
    responses = counts.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        table = pd.DataFrame({
            "group": np.repeat(np.array(groups, dtype=object), len(sub.columns)),
            "option": list(sub.columns) * len(groups),
            "n": counts.T.ravel(),
            "pct_responses": (counts / responses * 100).T.ravel(),
            "pct_cases": (counts / n_cases * 100).T.ravel(),
        })
    cases = pd.DataFrame({"group": np.array(groups, dtype=object), "n_cases": n_cases,
                          "n_responses": responses, "n_none": n_answered - n_cases,
                          "n_missing": onehot.sum(axis=0) - n_answered})
    n_group_missing = float((~in_group).sum() if weights is None else _as_weights(weights, n)[~in_group].sum())
    return MultipleResponse(table, cases, n_group_missing)
