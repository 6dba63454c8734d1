"""Simple mediation X -> M -> Y with covariates and a vectorised bootstrap.

Three OLS models on one sample: M ~ X + C (path a), Y ~ X + M + C (paths c'
and b) and Y ~ X + C (total effect c). The indirect effect a*b gets bootstrap
intervals (percentile and BCa) and the Sobel test.

The bootstrap never refits models one by one: a resample is a vector of
counts (how often each respondent is drawn), its cross-product matrix is
Z' diag(counts) Z (one matrix product for a whole batch of resamples), and
the coefficients of every resample come from batched solves of the small
normal equations.

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(3)
>>> x = rng.normal(size=150); m = 0.5 * x + rng.normal(size=150)
>>> df = pd.DataFrame({"x": x, "m": m, "y": 0.4 * m + 0.1 * x + rng.normal(size=150)})
>>> r = mediation(df, x="x", m="m", y="y", n_boot=1000, seed=1)
>>> list(r.indirect["method"])
['percentile', 'bca', 'sobel']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from surveykit._results import Result
from surveykit.exceptions import OptionError
from surveykit.models._common import check_level, warn_and_record
from surveykit.models.design import design_matrix
from surveykit.models.ols import fit_ols

__all__ = ["MediationResult", "mediation"]

_CELLS_PER_BATCH = 4_000_000


@dataclass(frozen=True, repr=False)
class MediationResult(Result):
    """Paths of a simple mediation model.

    ``paths``: path (a, b, c, c_prime), b, se, t, p, ci_low, ci_high from the
    OLS fits. ``indirect``: method (percentile, bca, sobel), b (= a*b), se
    (bootstrap SD, or the Sobel SE), z and p (Sobel only), ci_low, ci_high.
    """

    title: ClassVar[str] = "Mediation (X -> M -> Y)"
    paths: pd.DataFrame
    indirect: pd.DataFrame
    x: str
    m: str
    y: str
    n: int
    n_boot: int
    seed: int | None
    ci_level: float
    prop_mediated: float
    warnings: tuple[str, ...] = ()


def _solve_paths(C: np.ndarray, ia, ib, jm, jy, jx_a, jm_b) -> np.ndarray:
    """a*b for a stack of cross-product matrices C (B, q, q)."""
    a = np.linalg.solve(C[:, ia][:, :, ia], C[:, ia, jm][..., None])[:, jx_a, 0]
    b = np.linalg.solve(C[:, ib][:, :, ib], C[:, ib, jy][..., None])[:, jm_b, 0]
    return a * b


def _indirect_replicates(Z: np.ndarray, count_batches, idx) -> np.ndarray:
    """a*b of each resample; each batch holds the counts (B_i, n) of B_i resamples."""
    q = Z.shape[1]
    outer = (Z[:, :, None] * Z[:, None, :]).reshape(len(Z), q * q)
    return np.concatenate([_solve_paths((c @ outer).reshape(-1, q, q), *idx)
                           for c in count_batches])


def _count_batches(rng: np.random.Generator, n: int, n_boot: int, progress=None):
    """Resamples of n respondents drawn with replacement, as counts, in batches;
    ``progress(done, total)`` is called after each batch."""
    step = max(1, _CELLS_PER_BATCH // n)
    for s in range(0, n_boot, step):
        b = min(step, n_boot - s)
        draws = rng.integers(0, n, size=(b, n)) + n * np.arange(b)[:, None]
        yield np.bincount(draws.ravel(), minlength=b * n).reshape(b, n).astype(float)
        if progress is not None:
            progress(s + b, n_boot)


def _jackknife(Z: np.ndarray, idx) -> np.ndarray:
    """Leave-one-out a*b, from the full cross-products minus each row's."""
    full = Z.T @ Z
    out = np.empty(len(Z))
    step = max(1, _CELLS_PER_BATCH // (Z.shape[1] ** 2))
    for s in range(0, len(Z), step):
        zs = Z[s:s + step]
        out[s:s + step] = _solve_paths(full[None] - zs[:, :, None] * zs[:, None, :], *idx)
    return out


def _intervals(reps, est, jack, ci_level):
    """Percentile (quantile type 7) and BCa (jackknife acceleration) intervals."""
    probs = np.array([0.5 - ci_level / 2, 0.5 + ci_level / 2])
    pct = np.quantile(reps, probs)
    z0 = stats.norm.ppf(np.mean(reps < est))
    d = jack.mean() - jack
    acc = np.sum(d ** 3) / (6 * np.sum(d ** 2) ** 1.5)
    zq = stats.norm.ppf(probs)
    adj = stats.norm.cdf(z0 + (z0 + zq) / (1 - acc * (z0 + zq)))
    bca = np.quantile(reps, adj) if np.all(np.isfinite(adj)) else np.full(2, np.nan)
    return pct, bca


def mediation(data: pd.DataFrame, /, *, x: str, m: str, y: str, covariates=(),
              categorical=(), n_boot: int = 5000, ci_level: float = 0.95,
              seed: int | None = None, progress=None) -> MediationResult:
    """Simple mediation of the effect of ``x`` on ``y`` through ``m``.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    x, m, y : str
        Numeric predictor, mediator and outcome.
    covariates : list of str
        Covariates of both the mediator and the outcome models.
    categorical : list of str
        Covariates entered as dummies.
    n_boot : int
        Bootstrap resamples (respondents drawn with replacement).
    ci_level : float
        Level of every interval.
    seed : int, optional
        Seed of ``numpy.random.default_rng`` for reproducible intervals.
    progress : callable, optional
        ``progress(done, total)`` after each batch of resamples (for a progress bar).

    Returns
    -------
    MediationResult

    Notes
    -----
    Listwise deletion over x, m, y and the covariates; all three models use
    the same respondents. Indirect effect a*b; total c = c' + a*b exactly (OLS
    on one sample). Percentile interval: quantiles (R's type 7) of the
    bootstrap a*b; BCa (Efron 1987): z0 = Phi^-1(share of replicates < a*b),
    acceleration a = sum(d^3) / (6 (sum d^2)^1.5) with d the jackknife
    deviations, quantile levels Phi(z0 + (z0 + z) / (1 - a (z0 + z))).
    Sobel: SE = sqrt(b^2 se_a^2 + a^2 se_b^2), z = a*b / SE, normal p and CI.
    These are the quantities of Hayes' PROCESS model 4 and of
    ``mediation``/``lavaan`` bootstraps; the reference test recomputes them in
    R from the same resamples.
    """
    ci_level = check_level(ci_level)
    if n_boot < 100:
        raise OptionError(f"n_boot must be at least 100 for a bootstrap interval, not {n_boot}")
    if len({x, m, y}) < 3:
        raise OptionError("x, m and y must be three different variables")
    covariates = [covariates] if isinstance(covariates, str) else list(covariates)
    if x in categorical or m in categorical:
        raise OptionError("x and m must be numeric in a simple mediation")
    full = design_matrix(data, outcome=y, predictors=[x, m, *covariates],
                         categorical=categorical)
    fit_b = fit_ols(full, ci_level=ci_level)
    fit_c = fit_ols(full.subset([x, *covariates]), ci_level=ci_level)
    jm = full.terms.index(m)
    ia = [j for j in range(len(full.terms)) if j != jm]
    design_a = full.subset([x, *covariates]).with_outcome(full.X[:, jm], m)
    fit_a = fit_ols(design_a, ci_level=ci_level)

    def row(name, fit, term):
        r = fit.coefficients.set_index("term").loc[term]
        cols = ("b", "se", "t", "p", "ci_low", "ci_high")
        return {"path": name, **{k: float(r[k]) for k in cols}}

    paths = pd.DataFrame([row("a", fit_a, x), row("b", fit_b, m), row("c", fit_c, x),
                          row("c_prime", fit_b, x)])
    a, b = paths.b.iloc[0], paths.b.iloc[1]
    est = a * b

    Z = np.column_stack([full.X, full.y])
    q = Z.shape[1]
    jx = full.terms.index(x)
    idx = (ia, list(range(q - 1)), jm, q - 1, ia.index(jx), jm)
    n = full.n
    reps = _indirect_replicates(Z, _count_batches(np.random.default_rng(seed), n, n_boot, progress), idx)
    pct, bca = _intervals(reps, est, _jackknife(Z, idx), ci_level)
    messages: list[str] = []
    if np.isnan(bca).any():
        warn_and_record(messages, "the BCa interval is undefined (every bootstrap estimate "
                        "lies on one side of the sample estimate)")
    se_s = np.sqrt(b ** 2 * paths.se.iloc[0] ** 2 + a ** 2 * paths.se.iloc[1] ** 2)
    zq = stats.norm.ppf(0.5 + ci_level / 2)
    boot_se = float(reps.std(ddof=1))
    indirect = pd.DataFrame({
        "method": ["percentile", "bca", "sobel"], "b": [est] * 3,
        "se": [boot_se, boot_se, se_s], "z": [np.nan, np.nan, est / se_s],
        "p": [np.nan, np.nan, 2 * stats.norm.sf(abs(est / se_s))],
        "ci_low": [pct[0], bca[0], est - zq * se_s], "ci_high": [pct[1], bca[1], est + zq * se_s]})
    total = paths.b.iloc[2]
    return MediationResult(paths=paths, indirect=indirect, x=x, m=m, y=y, n=n, n_boot=n_boot,
                           seed=seed, ci_level=ci_level,
                           prop_mediated=float(est / total) if total != 0 else float("nan"),
                           warnings=tuple(messages))
