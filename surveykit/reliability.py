"""Reliability of summated scales: Cronbach's alpha and its companions.

Primitives on a DataFrame of numeric items that are already reverse-scored:
:func:`cronbach_alpha` for one scale and :func:`reliability_many` for many
scales at once (one set of cross-products for all of them when nothing is
missing). Every statistic is computed from the item counts, means and the
covariance matrix ``C`` (one pass over the data); see Notes of
:func:`cronbach_alpha` for the formulas and the R functions they match.

Examples
--------
>>> import numpy as np, pandas as pd
>>> from surveykit.reliability import cronbach_alpha
>>> rng = np.random.default_rng(0)
>>> trait = rng.normal(size=500)
>>> df = pd.DataFrame({f"trust_{i}": np.clip(np.round(3 + trait + rng.normal(size=500)), 1, 5)
...                    for i in range(1, 5)})
>>> res = cronbach_alpha(df, ci="duhachek")
>>> bool(0.7 < res.alpha < 0.9), bool(res.ci_low < res.alpha < res.ci_high)
(True, True)
"""

from __future__ import annotations

import warnings as _warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from surveykit import _reliability_boot as boot
from surveykit._reliability_stats import (item_array, one_factor_minres, scale_moments,
                                          single_threaded_blas, smc)
from surveykit._results import Result
from surveykit.exceptions import DataError, OptionError, StatisticalWarning

__all__ = ["cronbach_alpha", "reliability_many", "Reliability", "ReliabilityTable",
           "SCALE_COLUMNS", "ITEM_COLUMNS"]

MISSING_OPTIONS = ("listwise", "pairwise")
CI_OPTIONS = ("feldt", "duhachek", "bootstrap", "bootstrap-percentile", "none")
SCALE_COLUMNS = ("k", "n", "missing", "alpha", "alpha_std", "alpha_se", "ci_low", "ci_high",
                 "ci_level", "ci_method", "mean_inter_item_r", "median_inter_item_r",
                 "omega_total", "split_half", "lambda2", "lambda6")
ITEM_COLUMNS = ("item", "n", "mean", "sd", "r_total", "r_std", "r_cor", "r_drop",
                "alpha_if_deleted", "alpha_std_if_deleted")

#: Diagnostic thresholds (documented in :func:`cronbach_alpha`).
ALPHA_NEAR_ZERO = 0.1
R_DROP_WEAK = 0.3
N_SMALL = 30


@dataclass(frozen=True, repr=False)
class Reliability(Result):
    """Reliability of one scale: scale-level statistics and the item table.

    The scalar fields are the columns of :data:`SCALE_COLUMNS` (see
    :meth:`to_row`); ``items`` has the columns of :data:`ITEM_COLUMNS`;
    ``warnings`` holds the statistical caveats that were also issued as
    :class:`~surveykit.exceptions.StatisticalWarning`.
    """

    title: ClassVar[str] = "Reliability"
    items: pd.DataFrame
    k: int
    n: int
    missing: str
    alpha: float
    alpha_std: float
    alpha_se: float
    ci_low: float
    ci_high: float
    ci_level: float
    ci_method: str
    mean_inter_item_r: float
    median_inter_item_r: float
    omega_total: float
    split_half: float
    lambda2: float
    lambda6: float
    warnings: tuple[str, ...] = ()

    def to_row(self) -> dict[str, object]:
        """The scale-level statistics as a dict keyed by :data:`SCALE_COLUMNS`."""
        return {name: getattr(self, name) for name in SCALE_COLUMNS}


@dataclass(frozen=True, repr=False)
class ReliabilityTable(Result):
    """Reliability of several scales: one row per scale, one per item.

    ``scales`` has a ``scale`` column then :data:`SCALE_COLUMNS`; ``items``
    has a ``scale`` column then :data:`ITEM_COLUMNS`. ``warnings`` are
    prefixed with the scale name.
    """

    title: ClassVar[str] = "Reliability"
    scales: pd.DataFrame
    items: pd.DataFrame
    warnings: tuple[str, ...] = ()


def cronbach_alpha(data: pd.DataFrame, /, *, items: Sequence[str] | None = None,
                   missing: str = "listwise", ci: str = "feldt", ci_level: float = 0.95,
                   n_boot: int = 2000, seed=None) -> Reliability:
    """Cronbach's alpha of one scale, with its interval, omega, lambdas and item table.

    Parameters
    ----------
    data : DataFrame
        Numeric item columns, already reverse-scored; NaN (or pandas NA) is missing.
    items : list of str, optional
        The scale's items (default: every column).
    missing : {"listwise", "pairwise"}
        ``listwise`` analyses the rows that answered every item and every
        quantity is the ordinary one. ``pairwise`` follows ``psych::alpha``:
        ``C`` is the pairwise-complete covariance matrix, ``n`` the rows that
        answered at least one item, item means and sds use each item's answers.
    ci : {"feldt", "duhachek", "bootstrap", "bootstrap-percentile", "none"}
        Interval for alpha: Feldt's F interval, Duhachek & Iacobucci's
        asymptotic normal interval, the BCa bootstrap (``bootstrap``) or the
        percentile bootstrap. ``none`` leaves ``ci_low``/``ci_high`` NaN.
    ci_level : float
        Confidence level, in (0, 1).
    n_boot : int
        Bootstrap resamples (bootstrap intervals only).
    seed : int, numpy Generator or None
        Random state of the bootstrap.

    Returns
    -------
    Reliability
        Scale statistics as fields (``alpha``, ``ci_low``...), ``items`` table
        (``to_frame()``), ``warnings``.

    Notes
    -----
    With ``C`` the covariance matrix, ``R = cov2cor(C)``, ``k`` items, ``V = 1'C1``:

    * ``alpha = k/(k-1) (1 - tr C / V)`` (psych ``raw_alpha``); ``alpha_std``
      the same on ``R`` (``std.alpha``); ``mean_inter_item_r`` and
      ``median_inter_item_r`` over the off-diagonal of ``R`` (``average_r``,
      ``median_r``).
    * ``alpha_se`` = ``sqrt(Q/n)``, Duhachek & Iacobucci (2004) (psych
      ``ase``), ``Q = 2k^2/((k-1)^2 V^3) [V (tr C^2 + tr^2 C) - 2 tr C 1'C^2 1]``.
      Feldt: ``1 - (1 - alpha) F_{1-p/2, p/2}(n-1, (n-1)(k-1))`` with the ``n``
      analysed (psych::alpha.ci). Bootstrap intervals follow boot::boot.ci
      (BCa with jackknife acceleration), resampling the analysed rows.
    * ``lambda2 = (V - tr C + sqrt(k/(k-1) sum_{i!=j} c_ij^2)) / V`` (Guttman,
      on ``C``: psych::splitHalf(covar=TRUE)); ``lambda6 = 1 - (k - sum smc)/1'R1``
      (psych::alpha ``G6(smc)``, on ``R``).
    * ``split_half``: Spearman-Brown ``2r/(1+r)`` of the correlation ``r``
      between the sums of the odd (1st, 3rd, ...) and even items, from ``C``.
    * ``omega_total = 1 - sum(u_i) / 1'R1``, ``u_i = 1 - l_i^2`` from a
      one-factor minres fit of ``R`` (psych::omega(nfactors=1, fm="minres")
      ``omega.tot``); NaN for two items (not identified).
    * Items: ``r_total`` item-total correlation ``(C1)_i / sqrt(c_ii V)`` (psych
      ``raw.r`` on complete rows); ``r_std`` = ``(R1)_i / sqrt(1'R1)``
      (``std.r``); ``r_cor`` the same with the SMCs on the diagonal of ``R``
      (``r.cor``); ``r_drop`` corrected item-total (``r.drop``);
      ``alpha_if_deleted``, ``alpha_std_if_deleted`` (``alpha.drop``
      ``raw_alpha``, ``std.alpha``; NaN for two items).

    Warnings: alpha below 0.1 (items with negative ``r_drop`` named as likely
    mis-keyed), any negative ``r_drop`` (mis-keyed), ``r_drop`` below 0.3
    (weak), zero-variance items (their correlations are NaN), ``n <= k``
    (singular ``C``) or ``n < 30``, a Heywood case in the omega factor.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> f = rng.normal(size=200)
    >>> df = pd.DataFrame({f"q{i}": np.round(3 + f + rng.normal(size=200)) for i in range(4)})
    >>> res = cronbach_alpha(df)
    >>> round(res.alpha, 3), res.n, res.ci_method
    (0.751, 200, 'feldt')
    >>> list(res.to_frame().columns[:4])
    ['item', 'n', 'mean', 'sd']
    """
    _check_options(missing, ci, ci_level, n_boot)
    names, a = item_array(data, items)
    if len(names) < 2:
        raise DataError(f"alpha needs at least 2 items, got {len(names)} ({names}); "
                        "list the scale's items")
    rng = np.random.default_rng(seed)
    with single_threaded_blas():
        moments = scale_moments(a, [np.arange(len(names))], names, missing)[0]
        res = _analyse(names, moments, lambda: a, missing, ci, ci_level, n_boot, rng)
    for msg in res.warnings:
        _warnings.warn(msg, StatisticalWarning, stacklevel=2)
    return res


def reliability_many(data: pd.DataFrame, /, *, scales: Mapping[str, Sequence[str]],
                     missing: str = "listwise", ci: str = "feldt", ci_level: float = 0.95,
                     n_boot: int = 2000, seed=None) -> ReliabilityTable:
    """:func:`cronbach_alpha` of many scales at once, as two tidy tables.

    Parameters
    ----------
    data : DataFrame
        Numeric item columns, already reverse-scored.
    scales : mapping of str to list of str
        Scale name -> its items (in order; ``split_half`` uses that order).
    missing, ci, ci_level, n_boot, seed
        As in :func:`cronbach_alpha` (one random generator, used scale after scale).

    Returns
    -------
    ReliabilityTable
        ``scales`` (``scale`` + :data:`SCALE_COLUMNS`), ``items`` (``scale`` +
        :data:`ITEM_COLUMNS`) and ``warnings`` prefixed by the scale name.

    Notes
    -----
    The item array is extracted once and read in one pass. Without missing
    values one cross-product matrix ``X'X`` of all items serves every scale
    (exact for integer codes). With ``listwise`` and missing values, each
    scale's items are zeroed on the rows incomplete for that scale and one
    Gram matrix of these columns and the scales' 0/1 completeness gives every
    scale's complete-row sums and cross-products. With ``pairwise``, one Gram
    matrix of the centred answers and the answer indicators gives the
    pairwise-complete covariance of every pair of items. Each scale's row
    equals :func:`cronbach_alpha` of its items (``alpha = k/(k-1) (1 - tr C /
    1'C1)``), i.e. ``psych::alpha(data[, items], use = "complete.obs")`` per
    scale (``use = "pairwise"`` for ``missing="pairwise"``), as
    ``lapply(scales, function(s) psych::alpha(data[, s]))`` would give.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(2)
    >>> f = rng.normal(size=(300, 2))
    >>> df = pd.DataFrame({f"{s}{i}": np.round(3 + f[:, j] + rng.normal(size=300))
    ...                    for j, s in enumerate("ab") for i in range(3)})
    >>> tab = reliability_many(df, scales={"a": ["a0", "a1", "a2"], "b": ["b0", "b1", "b2"]})
    >>> tab.scales[["scale", "k", "n"]].to_dict("records")
    [{'scale': 'a', 'k': 3, 'n': 300}, {'scale': 'b', 'k': 3, 'n': 300}]
    """
    _check_options(missing, ci, ci_level, n_boot)
    if not scales:
        raise DataError("no scales given; pass scales={'name': ['item1', 'item2', ...]}")
    short = {s: list(v) for s, v in scales.items() if len(v) < 2}
    if short:
        raise DataError(f"scales {short} have fewer than 2 items; alpha needs at least 2")
    needed = list(dict.fromkeys(c for cols in scales.values() for c in cols))
    names, a = item_array(data, needed)
    where = {c: i for i, c in enumerate(names)}
    groups = [np.array([where[str(c)] for c in cols]) for cols in scales.values()]
    rng = np.random.default_rng(seed)
    rows, item_tables, notes = [], [], []
    with single_threaded_blas():
        all_moments = scale_moments(a, groups, names, missing)
        for (scale, cols), idx, moments in zip(scales.items(), groups, all_moments):
            res = _analyse([str(c) for c in cols], moments, lambda idx=idx: a[:, idx],
                           missing, ci, ci_level, n_boot, rng)
            rows.append({"scale": scale, **res.to_row()})
            item_tables.append(res.items.assign(scale=scale))
            notes += [f"scale '{scale}': {msg}" for msg in res.warnings]
    for msg in notes:
        _warnings.warn(msg, StatisticalWarning, stacklevel=2)
    items_frame = pd.concat(item_tables, ignore_index=True)
    return ReliabilityTable(scales=pd.DataFrame(rows, columns=["scale", *SCALE_COLUMNS]),
                            items=items_frame[["scale", *ITEM_COLUMNS]],
                            warnings=tuple(notes))


def _check_options(missing, ci, ci_level, n_boot) -> None:
    if missing not in MISSING_OPTIONS:
        raise OptionError(f"missing must be one of {MISSING_OPTIONS}, not {missing!r}")
    if ci not in CI_OPTIONS:
        raise OptionError(f"ci must be one of {CI_OPTIONS}, not {ci!r}")
    if not 0 < ci_level < 1:
        raise OptionError(f"ci_level must be between 0 and 1 (e.g. 0.95), not {ci_level!r}")
    if ci.startswith("bootstrap") and (not isinstance(n_boot, (int, np.integer))
                                       or n_boot < 100):
        raise OptionError(f"n_boot must be an integer of at least 100, not {n_boot!r}")


def _analyse(names, moments, sample, missing, ci, ci_level, n_boot, rng) -> Reliability:
    """All statistics of one scale from its moments; ``sample()`` returns the
    item array, needed by the bootstrap only."""
    n, counts, means, cov = moments
    k = len(names)
    var = np.diag(cov).copy()
    constant = var <= 1e-12 * max(var.max(), 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):  # NaN for constant items
        raw = _raw(cov, var, n, k)
    std = _standardised(cov, k) if not constant.any() else _standardised_nan(k)
    low, high = _interval(ci, raw["alpha"], raw["alpha_se"], n, k, ci_level, sample,
                          missing, n_boot, rng)
    items = pd.DataFrame({
        "item": names, "n": counts.astype(np.int64), "mean": means, "sd": np.sqrt(var),
        "r_total": raw["r_total"], "r_std": std["r_std"], "r_cor": std["r_cor"],
        "r_drop": raw["r_drop"], "alpha_if_deleted": raw["alpha_del"],
        "alpha_std_if_deleted": std["alpha_std_del"]})
    values = dict(
        k=k, n=int(n), missing=missing, alpha=raw["alpha"], alpha_std=std["alpha_std"],
        alpha_se=raw["alpha_se"], ci_low=low, ci_high=high, ci_level=float(ci_level),
        ci_method=ci, mean_inter_item_r=std["mean_r"], median_inter_item_r=std["median_r"],
        omega_total=std["omega"], split_half=raw["split_half"], lambda2=raw["lambda2"],
        lambda6=std["lambda6"])
    notes = _diagnose(names, raw["alpha"], raw["r_drop"], constant, n, k, std["heywood"],
                      ci, (low, high))
    return Reliability(items=items, warnings=tuple(notes), **values)


def _raw(cov, var, n, k) -> dict:
    """Statistics of ``C``: alpha, its ase, lambda2, split-half, item-total, if-deleted."""
    total, trace = cov.sum(), var.sum()
    rowsum = cov.sum(axis=1)
    cc = cov @ cov
    q = 2 * k**2 / ((k - 1) ** 2 * total**3) * (total * (np.trace(cc) + trace**2)
                                                 - 2 * trace * cc.sum())
    off_sq = (cov**2).sum() - (var**2).sum()
    odd, even = np.arange(0, k, 2), np.arange(1, k, 2)
    r_half = cov[np.ix_(odd, even)].sum() / np.sqrt(cov[np.ix_(odd, odd)].sum()
                                                    * cov[np.ix_(even, even)].sum())
    rest = total - 2 * rowsum + var  # variance of the total without item i
    return dict(
        alpha=float(k / (k - 1) * (1 - trace / total)),
        alpha_se=float(np.sqrt(q / n)),
        lambda2=float((total - trace + np.sqrt(k / (k - 1) * off_sq)) / total),
        split_half=float(2 * r_half / (1 + r_half)),
        r_total=rowsum / np.sqrt(var * total),
        r_drop=(rowsum - var) / np.sqrt(var * rest),
        alpha_del=((k - 1) / (k - 2) * (1 - (trace - var) / rest) if k > 2
                   else np.full(k, np.nan)))


def _standardised(cov, k) -> dict:
    """Statistics of ``R = cov2cor(C)``: alpha_std, mean/median r, lambda6, omega."""
    sd = np.sqrt(np.diag(cov))
    r = cov / np.outer(sd, sd)
    np.fill_diagonal(r, 1.0)
    sum_r = r.sum()
    squared = smc(r)
    rc = r.copy()
    np.fill_diagonal(rc, squared)
    rest = sum_r - 2 * r.sum(axis=1) + 1
    loadings = one_factor_minres(r) if k > 2 else np.full(k, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):  # NaN where 1'R1 <= 0
        return dict(
            alpha_std=float(k / (k - 1) * (1 - k / sum_r)),
            mean_r=float((sum_r - k) / (k * (k - 1))),
            median_r=float(np.median(r[np.triu_indices(k, 1)])),
            lambda6=float(1 - (k - squared.sum()) / sum_r),
            omega=float(1 - (1 - loadings**2).sum() / sum_r),
            heywood=bool((loadings**2 >= 1).any()),
            r_std=r.sum(axis=1) / np.sqrt(sum_r),
            r_cor=rc.sum(axis=1) / np.sqrt(rc.sum()),
            alpha_std_del=((k - 1) / (k - 2) * (1 - (k - 1) / rest) if k > 2
                           else np.full(k, np.nan)))


def _standardised_nan(k) -> dict:
    nan = float("nan")
    return dict(alpha_std=nan, mean_r=nan, median_r=nan, lambda6=nan, omega=nan,
                heywood=False, r_std=np.full(k, nan), r_cor=np.full(k, nan),
                alpha_std_del=np.full(k, nan))


def _interval(ci, alpha, se, n, k, level, sample, missing, n_boot, rng) -> tuple[float, float]:
    if ci == "none":
        return float("nan"), float("nan")
    if ci == "feldt":
        return tuple(float(v) for v in boot.feldt_interval(alpha, n, k, level))
    if ci == "duhachek":
        return tuple(float(v) for v in boot.duhachek_interval(alpha, se, level))
    pairwise = missing == "pairwise"
    x = sample().astype(np.float64)
    x = x[~np.isnan(x).all(axis=1)] if pairwise else x[~np.isnan(x).any(axis=1)]
    feats, statistic = boot.alpha_features(x, pairwise)
    reps = boot.replicates(feats, statistic, boot.resample_blocks(len(x), n_boot, rng))
    jack = boot.jackknife(feats, statistic) if ci == "bootstrap" else None
    return boot.bootstrap_interval(alpha, reps, level, jack)


def _diagnose(names, alpha, r_drop, constant, n, k, heywood, ci, interval) -> list[str]:
    """Statistical caveats of one scale, as messages (rules in cronbach_alpha)."""
    notes = []
    flat = [nm for nm, c in zip(names, constant) if c]
    if flat:
        notes.append(f"items {flat} have zero variance: their correlations and the "
                     "standardised statistics are NaN; drop them from the scale")
    negative = [nm for nm, r in zip(names, r_drop) if r < 0]
    weak = [nm for nm, r in zip(names, r_drop) if 0 <= r < R_DROP_WEAK]
    if alpha < ALPHA_NEAR_ZERO:
        notes.append(f"alpha = {alpha:.3f} is negative or near zero: the items do not "
                     "measure one thing" + (f"; items {negative} correlate negatively with "
                                           "the rest and are probably not reverse-scored"
                                           if negative else ""))
    elif negative:
        notes.append(f"items {negative} correlate negatively with the rest of the scale "
                     "(r_drop < 0): probably mis-keyed (not reverse-scored)")
    if weak:
        notes.append(f"items {weak} have a weak corrected item-total correlation "
                     f"(r_drop < {R_DROP_WEAK})")
    if n <= k:
        notes.append(f"only {n} respondents for {k} items: the covariance matrix is "
                     "singular and alpha is not trustworthy")
    elif n < N_SMALL:
        notes.append(f"only {n} respondents (fewer than {N_SMALL}): alpha and its "
                     "interval are imprecise")
    if heywood:
        notes.append("the one-factor solution behind omega_total has a loading of 1 "
                     "or more (Heywood case): omega_total is not trustworthy")
    if ci.startswith("bootstrap") and np.isnan(interval).all():
        notes.append("the BCa bootstrap interval is undefined (every resample fell on "
                     "one side of alpha); use ci='bootstrap-percentile' or 'feldt'")
    return notes
