"""Comparing a numeric variable across groups: t-tests, ANOVA, rank tests, post hoc.

Everything is computed from per-group sufficient statistics (n, mean,
variance) and, for the rank tests, one ranking of the pooled sample.

Examples
--------
>>> import pandas as pd
>>> d = pd.DataFrame({"score": [3.0, 4, 5, 4, 2, 3, 2, 1], "sex": [1, 1, 1, 1, 2, 2, 2, 2]})
>>> res = compare_groups(d, by="sex")
>>> res.groups[["code", "n", "mean"]]
   code  n  mean
0     1  4   4.0
1     2  4   2.0
>>> res.tests[["test", "statistic", "df"]].round(3)
           test  statistic   df
0     student_t      3.464  6.0
1       welch_t      3.464  6.0
2  mann_whitney     15.500  NaN
3        levene      0.000  1.0
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, stats

from surveykit._results import Result
from surveykit.describe_stats import _encode
from surveykit.exceptions import DataError, OptionError, StatisticalWarning

__all__ = ["compare_groups", "GroupComparison", "posthoc", "cohens_d"]

TEST_COLUMNS = ["var", "test", "statistic", "df", "df2", "p", "effect", "effect_size", "ci_low", "ci_high"]
CENTERS = ("mean", "median")


@dataclass(frozen=True, repr=False)
class GroupComparison(Result):
    """Group statistics and tests of one or more variables across groups.

    Attributes
    ----------
    tests : DataFrame
        ``var, test, statistic, df, df2, p, effect, effect_size, ci_low, ci_high``.
        ``df2`` is the denominator df of F tests (``anova``, ``welch_anova``,
        ``levene``) and NaN otherwise; the JSON ``df`` is ``[df, df2]`` for F tests.
        ``ci_low``/``ci_high`` bound the effect size where a CI is computed.
    groups : DataFrame
        ``var, code, n, mean, sd`` for every group code (n = 0 for empty groups).
    warnings : tuple of str
    """

    title = "Group comparison"
    tests: pd.DataFrame
    groups: pd.DataFrame
    warnings: tuple[str, ...] = field(default=())


def _moments(y: np.ndarray, g: np.ndarray, k: int):
    n = np.bincount(g, minlength=k).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(g, y, k) / n
        var = np.bincount(g, (y - mean[g]) ** 2, k) / (n - 1)
    return n, mean, var


def _f_oneway(y, g, k):
    """One-way ANOVA F from the data: (F, df1, df2, p, eta_sq)."""
    n, mean, var = _moments(y, g, k)
    ssb = np.sum(n * (mean - y.mean()) ** 2)
    ssw = np.sum((n - 1) * var)
    df1, df2 = k - 1, n.sum() - k
    f = (ssb / df1) / (ssw / df2)
    return f, df1, df2, stats.f.sf(f, df1, df2), ssb / (ssb + ssw)


def _levene(y, g, k, center):
    n, mean, _ = _moments(y, g, k)
    mid = mean if center == "mean" else np.array([np.median(y[g == j]) for j in range(k)])
    return _f_oneway(np.abs(y - mid[g]), g, k)[:4]


def _tie_sum(ranks: np.ndarray) -> float:
    _, t = np.unique(ranks, return_counts=True)
    return float(np.sum(t**3 - t))


def _ncp_interval(t: float, df: float, level: float) -> tuple[float, float]:
    """Noncentrality parameters whose t distributions put ``t`` at the upper and
    lower (1 - level)/2 tails (the CI method of R's effectsize)."""
    alpha = (1 - level) / 2
    # the interval is about t ± z sqrt(1 + t²/(2 df)); bracket it generously
    width = 2 * stats.norm.ppf(1 - alpha / 2) * np.sqrt(1 + t**2 / (2 * df)) + 1

    def cdf(ncp):
        # scipy's nct.cdf returns NaN far in the lower tail (e.g. t=-1.915, df=58, ncp=10)
        value = stats.nct.cdf(t, df, ncp)
        return value if np.isfinite(value) else 1 - stats.nct.sf(t, df, ncp)

    def root(prob):
        return optimize.brentq(lambda ncp: cdf(ncp) - prob, t - width, t + width, xtol=1e-12)

    return root(1 - alpha), root(alpha)


def cohens_d(a, b, /, *, ci_level: float = 0.95) -> tuple[float, float, float]:
    """Cohen's d of two samples with the pooled sd, and its confidence interval.

    Returns
    -------
    (d, ci_low, ci_high)

    Notes
    -----
    ``d = (mean_a - mean_b) / s_pooled``. The CI inverts the noncentral t
    distribution of ``t = d / sqrt(1/n_a + 1/n_b)`` with ``n_a + n_b - 2`` df and
    rescales the noncentrality bounds to d, as ``effectsize::cohens_d`` does
    (Steiger & Fouladi 1997); it is exact under normality and equal variances.

    Examples
    --------
    >>> [round(v, 4) for v in cohens_d([3.0, 4, 5, 4], [2.0, 3, 2, 1])]
    [2.4495, 0.4649, 4.338]
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    n1, n2 = a.size, b.size
    if min(n1, n2) < 2:
        raise DataError(f"Cohen's d needs at least 2 values per group; found {n1} and {n2}.")
    sp = np.sqrt(((n1 - 1) * a.var(ddof=1) + (n2 - 1) * b.var(ddof=1)) / (n1 + n2 - 2))
    d = (a.mean() - b.mean()) / sp
    scale = np.sqrt(1 / n1 + 1 / n2)
    lo, hi = _ncp_interval(d / scale, n1 + n2 - 2, ci_level)
    return float(d), float(lo * scale), float(hi * scale)


def _row(test, statistic, df, p, effect=None, effect_size=np.nan, ci=(np.nan, np.nan), df2=np.nan):
    return {"test": test, "statistic": float(statistic), "df": float(df), "df2": float(df2), "p": float(p),
            "effect": effect, "effect_size": float(effect_size), "ci_low": ci[0], "ci_high": ci[1]}


def _two_group_tests(y, g, center, ci_level):
    n, mean, var = _moments(y, g, 2)
    n1, n2 = n
    diff = mean[0] - mean[1]
    sp2 = ((n1 - 1) * var[0] + (n2 - 1) * var[1]) / (n1 + n2 - 2)
    t_s = diff / np.sqrt(sp2 * (1 / n1 + 1 / n2))
    df_s = n1 + n2 - 2
    se2 = var / n
    t_w = diff / np.sqrt(se2.sum())
    df_w = se2.sum() ** 2 / np.sum(se2**2 / (n - 1))
    d, lo, hi = cohens_d(y[g == 0], y[g == 1], ci_level=ci_level)
    ranks = stats.rankdata(y)
    u = ranks[g == 0].sum() - n1 * (n1 + 1) / 2
    z = u - n1 * n2 / 2
    sigma = np.sqrt(n1 * n2 / 12 * ((n1 + n2 + 1) - _tie_sum(ranks) / ((n1 + n2) * (n1 + n2 - 1))))
    z = (z - np.sign(z) * 0.5) / sigma
    f, df1, df2, p_lev = _levene(y, g, 2, center)
    return [
        _row("student_t", t_s, df_s, 2 * stats.t.sf(abs(t_s), df_s), "cohens_d", d, (lo, hi)),
        _row("welch_t", t_w, df_w, 2 * stats.t.sf(abs(t_w), df_w), "cohens_d", d, (lo, hi)),
        _row("mann_whitney", u, np.nan, 2 * stats.norm.sf(abs(z)), "rank_biserial", 2 * u / (n1 * n2) - 1),
        _row("levene", f, df1, p_lev, df2=df2),
    ]


def _k_group_tests(y, g, k, center):
    f, df1, df2, p, eta = _f_oneway(y, g, k)
    n, mean, var = _moments(y, g, k)
    w = n / var
    mw = np.sum(w * mean) / w.sum()
    tmp = np.sum((1 - w / w.sum()) ** 2 / (n - 1))
    f_w = (np.sum(w * (mean - mw) ** 2) / (k - 1)) / (1 + 2 * (k - 2) / (k**2 - 1) * tmp)
    df2_w = (k**2 - 1) / (3 * tmp)
    ranks = stats.rankdata(y)
    big_n = y.size
    h = 12 / (big_n * (big_n + 1)) * np.sum(np.bincount(g, ranks, k) ** 2 / n) - 3 * (big_n + 1)
    h /= 1 - _tie_sum(ranks) / (big_n**3 - big_n)
    f_l, df1_l, df2_l, p_l = _levene(y, g, k, center)
    return [
        _row("anova", f, df1, p, "eta_sq", eta, df2=df2),
        _row("welch_anova", f_w, k - 1, stats.f.sf(f_w, k - 1, df2_w), df2=df2_w),
        _row("kruskal", h, k - 1, stats.chi2.sf(h, k - 1), "epsilon_sq", h / (big_n - 1)),
        _row("levene", f_l, df1_l, p_l, df2=df2_l),
    ]


def _pairs_input(data, by, items):
    if isinstance(by, str):
        if by not in data.columns:
            raise DataError(f"grouping column {by!r} is not in the data; columns are {list(data.columns)[:12]}.")
        group, rest = data[by], data.drop(columns=[by])
    else:
        group, rest = pd.Series(by, copy=False), data
        if len(group) != len(data):
            raise DataError(f"the grouping variable has {len(group)} values for {len(data)} respondents.")
    items = [c for c in rest.columns if pd.api.types.is_numeric_dtype(rest[c])] if items is None else list(items)
    absent = [c for c in items if c not in data.columns]
    if absent:
        raise DataError(f"columns {absent} are not in the data; columns are {list(data.columns)[:12]}.")
    return group, items


def _usable(y, gidx, codes, var):
    """Drop respondents missing y or group; codes of groups with n >= 2."""
    ok = (gidx >= 0) & ~np.isnan(y)
    y, gidx = y[ok], gidx[ok]
    n = np.bincount(gidx, minlength=len(codes))
    keep = np.nonzero(n >= 2)[0]
    if keep.size < 2:
        raise DataError(f"{var!r}: fewer than two groups have at least 2 answers "
                        f"(group sizes {dict(zip(codes, n.tolist()))}); nothing to compare.")
    remap = np.full(len(codes), -1)
    remap[keep] = np.arange(keep.size)
    g = remap[gidx]
    return y[g >= 0], g[g >= 0], keep, n


def compare_groups(data: pd.DataFrame, /, *, by, items=None, codes: Sequence | None = None,
                   levene_center: str = "mean", ci_level: float = 0.95) -> GroupComparison:
    """Compare numeric variables across the groups of a coded variable.

    Parameters
    ----------
    data : DataFrame
        Numeric columns to compare (and the grouping column, if ``by`` names it).
    by : str or Series
        The grouping column's name in ``data``, or the group codes themselves.
    items : list of str, optional
        Variables to compare (default: every numeric column except ``by``).
    codes : sequence, optional
        Group codes in order (default: sorted observed codes). With two groups
        the t statistics and d are first group minus second group in this order.
    levene_center : {"mean", "median"}
        Centre of Levene's test: ``"mean"`` is Levene's original test (SPSS's
        "based on mean"); ``"median"`` is Brown–Forsythe (``car::leveneTest``'s
        default).
    ci_level : float
        Level of the Cohen's d interval.

    Returns
    -------
    GroupComparison

    Notes
    -----
    Each variable uses the respondents with both it and the group answered;
    groups with fewer than 2 such answers are left out of the tests (with a
    warning). Two groups: ``student_t`` and ``welch_t`` (R ``t.test`` with
    ``var.equal`` TRUE/FALSE), Cohen's d with the pooled sd and a noncentral-t CI
    (``effectsize::cohens_d``), ``mann_whitney`` (U of the first group, normal
    approximation with tie and continuity correction as
    ``wilcox.test(exact = FALSE, correct = TRUE)``; effect: rank-biserial
    ``2U / (n1 n2) - 1``), ``levene`` (``car::leveneTest``). More groups:
    ``anova`` (``aov``; ``eta_sq = SS_between / SS_total``), ``welch_anova``
    (``oneway.test``), ``kruskal`` (``kruskal.test``; ``epsilon_sq = H / (n - 1)``
    as ``effectsize::rank_epsilon_squared``) and ``levene``.
    """
    if levene_center not in CENTERS:
        raise OptionError(f"levene_center must be one of {CENTERS}, not {levene_center!r}.")
    if not 0 < ci_level < 1:
        raise OptionError(f"ci_level must be between 0 and 1; found {ci_level}.")
    group, items = _pairs_input(data, by, items)
    gidx, codes = _encode(group, codes, what="the grouping variable")
    test_rows, group_rows, notes = [], [], []
    for var in items:
        y = data[var].to_numpy(dtype=float, na_value=np.nan)
        y, g, keep, n_all = _usable(y, gidx, codes, var)
        n, mean, var_ = _moments(y, g, keep.size)
        full = np.full(len(codes), np.nan)
        m_all, s_all = full.copy(), full.copy()
        m_all[keep], s_all[keep] = mean, np.sqrt(var_)
        group_rows += [{"var": var, "code": c, "n": int(k), "mean": m, "sd": s}
                       for c, k, m, s in zip(codes, n_all, m_all, s_all)]
        if keep.size < len(codes):
            notes.append(f"{var!r}: groups {[codes[i] for i in range(len(codes)) if i not in keep]} "
                         "have fewer than 2 answers and are left out of the tests.")
            warnings.warn(notes[-1], StatisticalWarning, stacklevel=2)
        rows = (_two_group_tests(y, g, levene_center, ci_level) if keep.size == 2
                else _k_group_tests(y, g, keep.size, levene_center))
        test_rows += [{"var": var} | r for r in rows]
    return GroupComparison(pd.DataFrame(test_rows, columns=TEST_COLUMNS),
                           pd.DataFrame(group_rows, columns=["var", "code", "n", "mean", "sd"]), tuple(notes))


POSTHOC = ("tukey", "games_howell")


def posthoc(data: pd.DataFrame, /, *, by, item: str, codes: Sequence | None = None, method: str = "tukey",
            ci_level: float = 0.95) -> pd.DataFrame:
    """Pairwise comparisons of group means after an ANOVA.

    Parameters
    ----------
    data : DataFrame
    by : str or Series
        Grouping column name or group codes (as in :func:`compare_groups`).
    item : str
        The numeric variable.
    codes : sequence, optional
        Group codes in order.
    method : {"tukey", "games_howell"}
        Tukey HSD (equal variances; R ``TukeyHSD``) or Games–Howell (unequal
        variances; ``rstatix::games_howell_test``).
    ci_level : float
        Family-wise confidence level of the intervals.

    Returns
    -------
    DataFrame
        ``group1, group2, diff, se, statistic, df, p, ci_low, ci_high``, one row
        per pair with ``group1`` before ``group2`` in code order.

    Notes
    -----
    ``diff = mean(group1) - mean(group2)`` (SPSS's I - J; R's ``TukeyHSD`` reports
    the opposite sign). Tukey: ``se = sqrt(MSE (1/n_i + 1/n_j))`` with the ANOVA's
    error df; Games–Howell: ``se = sqrt(v_i/n_i + v_j/n_j)`` with Welch df.
    ``statistic = sqrt(2) |diff| / se`` is the studentized range q;
    ``p = P(Q_{k,df} > q)``; the CI is ``diff ± q_crit / sqrt(2) * se``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 6, 7, 8, 9], "g": [1, 1, 1, 2, 2, 2, 3, 3, 3]})
    >>> posthoc(d, by="g", item="y")[["group1", "group2", "diff"]]
       group1  group2  diff
    0       1       2  -3.0
    1       1       3  -6.0
    2       2       3  -3.0
    """
    if method not in POSTHOC:
        raise OptionError(f"method must be one of {POSTHOC}, not {method!r}.")
    group, _ = _pairs_input(data, by, [item])
    gidx, codes = _encode(group, codes, what="the grouping variable")
    y, g, keep, _ = _usable(data[item].to_numpy(dtype=float, na_value=np.nan), gidx, codes, item)
    k = keep.size
    n, mean, var = _moments(y, g, k)
    i, j = np.triu_indices(k, 1)
    if method == "tukey":
        df = np.full(i.size, n.sum() - k)
        se = np.sqrt(np.sum((n - 1) * var) / df[0] * (1 / n[i] + 1 / n[j]))
    else:
        a, b = var[i] / n[i], var[j] / n[j]
        se = np.sqrt(a + b)
        df = (a + b) ** 2 / (a**2 / (n[i] - 1) + b**2 / (n[j] - 1))
    diff = mean[i] - mean[j]
    q = np.sqrt(2) * np.abs(diff) / se
    half = np.array([stats.studentized_range.ppf(ci_level, k, d) for d in np.unique(df)])
    half = half[np.searchsorted(np.unique(df), df)] / np.sqrt(2) * se
    return pd.DataFrame({
        "group1": [codes[keep[x]] for x in i], "group2": [codes[keep[x]] for x in j],
        "diff": diff, "se": se, "statistic": q, "df": df, "p": stats.studentized_range.sf(q, k, df),
        "ci_low": diff - half, "ci_high": diff + half,
    })
