"""Confidence intervals for Cronbach's alpha: Feldt, Duhachek, bootstrap.

The bootstrap never loops over resamples. Each respondent contributes a row of
*features* whose sums are the sufficient statistics of alpha; a block of
resamples is a matrix of multinomial counts ``W`` (resamples x respondents),
so the statistics of every resample in the block are ``W @ F``. The jackknife
(for the BCa acceleration) uses the same features: leaving respondent ``i`` out
gives ``F.sum(0) - F[i]``.

Intervals follow ``boot::boot.ci``: order statistics interpolated on the
normal scale (``norm.inter``), BCa with ``z0 = qnorm(mean(t < t0))`` and the
jackknife acceleration ``a = sum(L^3) / (6 sum(L^2)^1.5)`` with
``L_i = (n - 1)(alpha - alpha_(-i))`` (``boot::empinf(type = "jack")``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from scipy.special import fdtri, ndtr, ndtri  # not scipy.stats: 0.4 s less start-up for the CLI

__all__ = [
    "feldt_interval",
    "duhachek_interval",
    "alpha_features",
    "bootstrap_interval",
]

_BLOCK_CELLS = 2_000_000  # resamples x respondents per block of counts


def feldt_interval(alpha: float, n: int, k: int, level: float) -> tuple[float, float]:
    """Feldt's F-based interval (psych::alpha.ci with n.obs = n)."""
    p = 1.0 - level
    d1, d2 = n - 1, (n - 1) * (k - 1)
    return (1 - (1 - alpha) * fdtri(d1, d2, 1 - p / 2),
            1 - (1 - alpha) * fdtri(d1, d2, p / 2))


def duhachek_interval(alpha: float, se: float, level: float) -> tuple[float, float]:
    """Duhachek & Iacobucci's normal interval ``alpha -/+ z * ase``."""
    z = ndtri(0.5 + level / 2)
    return alpha - z * se, alpha + z * se


def _alpha(trace, total, k):
    return k / (k - 1) * (1.0 - trace / total)


def alpha_features(x: np.ndarray, pairwise: bool) -> tuple[np.ndarray, Callable]:
    """Per-respondent features and the map from their sums to alpha.

    Listwise (``x`` complete): features are the k items, the sum of their
    squares, the total score and its square. Pairwise (``x`` with NaN): the
    products ``m_i m_j``, ``z_i m_j`` and ``z_i z_j`` of answer indicators and
    centred answers, from which each resample's pairwise covariance follows.
    The map takes sums ``S`` (m x p) and the number of rows ``w`` behind them.
    """
    n, k = x.shape
    if not pairwise:
        z = x - x.mean(axis=0)
        t = z.sum(axis=1)
        feats = np.column_stack([z, (z * z).sum(axis=1), t, t * t])

        def statistic(s, w):
            trace = s[:, k] - (s[:, :k] ** 2).sum(axis=1) / w
            total = s[:, k + 2] - s[:, k + 1] ** 2 / w
            return _alpha(trace, total, k)

        return feats, statistic
    obs = ~np.isnan(x)
    m = obs.astype(np.float64)
    z = np.where(obs, x - np.nanmean(x, axis=0), 0.0)
    feats = np.concatenate([(m[:, :, None] * m[:, None, :]).reshape(n, -1),
                            (z[:, :, None] * m[:, None, :]).reshape(n, -1),
                            (z[:, :, None] * z[:, None, :]).reshape(n, -1)], axis=1)

    def statistic(s, w):
        pairs, across, zz = (s[:, j * k * k:(j + 1) * k * k].reshape(-1, k, k)
                             for j in range(3))
        with np.errstate(divide="ignore", invalid="ignore"):
            cov = (zz - across * across.transpose(0, 2, 1) / pairs) / (pairs - 1)
        return _alpha(np.trace(cov, axis1=1, axis2=2), cov.sum(axis=(1, 2)), k)

    return feats, statistic


def resample_blocks(n: int, n_boot: int, rng: np.random.Generator) -> Iterable[np.ndarray]:
    """Blocks of bootstrap indices (each row one resample of ``n`` respondents)."""
    per_block = max(1, _BLOCK_CELLS // n)
    for start in range(0, n_boot, per_block):
        yield rng.integers(0, n, size=(min(per_block, n_boot - start), n))


def replicates(feats, statistic, blocks: Iterable[np.ndarray]) -> np.ndarray:
    """Alpha of every resample, each computed as ``counts @ features``."""
    n = len(feats)
    out = []
    for idx in blocks:
        b = len(idx)
        offsets = (np.arange(b) * n)[:, None]
        counts = np.bincount((idx + offsets).ravel(), minlength=b * n).reshape(b, n)
        out.append(statistic(counts @ feats, n))
    return np.concatenate(out)


def jackknife(feats, statistic) -> np.ndarray:
    """Leave-one-out alphas from the feature sums."""
    total = feats.sum(axis=0)
    per_block = max(1, _BLOCK_CELLS // feats.shape[1])
    return np.concatenate([statistic(total - feats[i:i + per_block], len(feats) - 1)
                           for i in range(0, len(feats), per_block)])


def norm_inter(t: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """``boot:::norm.inter``: quantiles interpolated on the normal scale."""
    t = np.sort(t[np.isfinite(t)])
    r = len(t)
    rk = (r + 1) * np.asarray(probs, dtype=float)
    k = np.trunc(rk).astype(int)
    lo = t[np.clip(k - 1, 0, r - 1)]
    hi = t[np.clip(k, 0, r - 1)]
    inner = (k > 0) & (k < r) & (k != rk)
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = ((ndtri(probs) - ndtri(k / (r + 1)))
                / (ndtri((k + 1) / (r + 1)) - ndtri(k / (r + 1))))
    out = np.where(inner, lo + frac * (hi - lo), lo)
    out = np.where(k == 0, t[0], out)
    return np.where(k >= r, t[-1], out)


def bootstrap_interval(theta: float, boots: np.ndarray, level: float,
                       jack: np.ndarray | None = None) -> tuple[float, float]:
    """Percentile interval, or BCa when the jackknife values ``jack`` are given.

    Returns NaNs when the BCa bias correction is infinite (every replicate on
    one side of ``theta``), where boot.ci stops with an error.
    """
    boots = boots[np.isfinite(boots)]
    probs = np.array([(1 - level) / 2, (1 + level) / 2])
    if jack is not None:
        z0 = ndtri(np.mean(boots < theta))
        infl = (len(jack) - 1) * (theta - jack)  # boot::empinf(type = "jack")
        acc = (infl ** 3).sum() / (6 * ((infl ** 2).sum()) ** 1.5)
        if not (np.isfinite(z0) and np.isfinite(acc)):
            return np.nan, np.nan
        za = ndtri(probs)
        probs = ndtr(z0 + (z0 + za) / (1 - acc * (z0 + za)))
    lo, hi = norm_inter(boots, probs)
    return float(lo), float(hi)
