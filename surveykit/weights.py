"""Survey weights: checking them, and raking a sample to known population margins.

:func:`rake` adjusts weights by iterative proportional fitting (IPF) until the
weighted shares of each raking variable (age group, gender...) equal the
population shares, e.g. from a census. The result carries the weights and the
Kish design effect of weighting, which says how much precision the weights
cost.

Examples
--------
>>> import pandas as pd
>>> sample = pd.DataFrame({"gender": [1, 1, 1, 2, 2], "age": [1, 2, 2, 1, 2]})
>>> r = rake(sample, {"gender": {1: 0.5, 2: 0.5}, "age": {1: 0.5, 2: 0.5}})
>>> r.margins[["variable", "code", "target", "achieved"]].round(3)
  variable  code  target  achieved
0   gender     1     0.5       0.5
1   gender     2     0.5       0.5
2      age     1     0.5       0.5
3      age     2     0.5       0.5
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from surveykit._results import Result
from surveykit.describe_stats import _as_weights, _encode
from surveykit.exceptions import DataError, OptionError, StatisticalWarning

__all__ = ["rake", "Raking", "kish_deff"]


def kish_deff(weights) -> float:
    """Kish's design effect of unequal weighting, ``n * sum(w**2) / sum(w)**2``.

    Equals ``1 + cv**2`` (cv: coefficient of variation of the weights, with
    divisor n); the effective sample size is ``n / deff``.

    Notes
    -----
    ``deff = n sum(w^2) / (sum w)^2`` (Kish 1965), as R's
    ``PracTools::deffK(w)``; ``n_eff = (sum w)^2 / sum(w^2)``.

    Examples
    --------
    >>> kish_deff([1, 1, 2, 2])
    1.1111111111111112
    """
    w = np.asarray(weights, dtype=float)
    return float(w.size * np.sum(w**2) / np.sum(w) ** 2)


@dataclass(frozen=True, repr=False)
class Raking(Result):
    """Weights raked to population margins.

    Attributes
    ----------
    margins : DataFrame
        ``variable, code, target, achieved, sample``: population share, weighted
        share after raking, unweighted sample share (proportions, 0-1).
    weights : Series
        One weight per respondent (index of the frame), summing to ``total``.
    iterations : int
        Full IPF cycles run.
    converged : bool
        Whether every margin is within ``tol`` (and weights within the trimming bounds).
    deff_kish, n_effective : float
        Kish design effect of the final weights and ``n / deff_kish``.
    weight_min, weight_max : float
        Smallest and largest weight relative to the mean weight.
    warnings : tuple of str
        Statistical caveats (no convergence).
    """

    title = "Raking"
    margins: pd.DataFrame
    weights: pd.Series
    iterations: int
    converged: bool
    deff_kish: float
    n_effective: float
    weight_min: float
    weight_max: float
    warnings: tuple[str, ...] = field(default=())


def _margin_index(frame: pd.DataFrame, var, shares: Mapping) -> tuple[np.ndarray, np.ndarray, list]:
    if var not in frame.columns:
        raise DataError(f"raking variable {var!r} is not a column of the data; "
                        f"columns are {list(frame.columns)[:10]}.")
    codes = list(shares.keys())
    target = np.array([float(shares[c]) for c in codes])
    if (target < 0).any() or not np.isfinite(target).all():
        raise OptionError(f"population shares of {var!r} must be finite and non-negative; found {target.tolist()}.")
    if abs(target.sum() - 1) > 0.01:
        raise OptionError(f"population shares of {var!r} sum to {target.sum():.4g}, not 1. "
                          "Give shares (proportions), not counts or percentages.")
    idx, _ = _encode(frame[var], codes, what=f"raking variable {var!r}")
    if (idx < 0).any():
        raise DataError(f"raking variable {var!r} is missing for {int((idx < 0).sum())} respondents; "
                        "impute it or drop those respondents before raking.")
    empty = [c for c, k in zip(codes, np.bincount(idx, minlength=len(codes))) if k == 0 and shares[c] > 0]
    if empty:
        raise DataError(f"no respondent has {var!r} = {empty}, but its population share is positive; "
                        "merge that category with a neighbour.")
    return idx, target / target.sum(), codes


def _trim(w: np.ndarray, low: float, high: float) -> np.ndarray:
    """Clip weights to [low, high] times their mean, repeating until the mean settles."""
    for _ in range(100):
        mean = w.mean()
        clipped = np.clip(w, low * mean, high * mean)
        if np.allclose(clipped, w, rtol=1e-13, atol=0):
            break
        w = clipped
    return w


def rake(frame: pd.DataFrame, margins: Mapping, /, *, base_weights=None, total: float | None = None,
         trim: tuple[float, float] | None = None, max_iter: int = 1000, tol: float = 1e-10) -> Raking:
    """Rake weights to known population margins by iterative proportional fitting.

    Parameters
    ----------
    frame : DataFrame
        One row per respondent, with a column for each raking variable.
    margins : mapping
        ``{variable: {code: population_share}}``; the shares of a variable sum to 1.
        Every respondent must have a code listed for every variable.
    base_weights : array-like, optional
        Design weights to start from (default: all 1).
    total : float, optional
        Sum of the returned weights (e.g. the population size). Default: the
        number of respondents, so that the mean weight is 1.
    trim : (low, high), optional
        Bounds for the weights as multiples of the mean weight (e.g. ``(0.3, 3)``).
        Weights are clipped after each IPF cycle and raking continues, so that
        the final weights respect the bounds and the margins as far as both
        can hold at once.
    max_iter : int
        Maximum number of IPF cycles.
    tol : float
        Convergence criterion: largest absolute difference between achieved
        and target shares.

    Returns
    -------
    Raking

    Notes
    -----
    Each cycle multiplies the weights of the respondents in category ``c`` of
    variable ``v`` by ``target_vc / achieved_vc``, variable after variable
    (Deming–Stephan IPF). Without trimming the limit is the raking solution of
    R's ``survey::rake``; tests compare the weights with it. With ``trim``,
    after each full cycle the weights are clipped to ``[low, high]`` times
    their mean, repeatedly until the mean settles; what is clipped is not
    handed to other weights (raking itself restores the margins), and raking
    stops when a cycle's clipping changes nothing and every margin is within
    ``tol`` (``survey::trimWeights`` instead spreads the excess over the
    untrimmed units once). Kish's design effect is ``n * sum(w^2) / sum(w)^2``
    and includes the base weights.

    Examples
    --------
    >>> import pandas as pd
    >>> sample = pd.DataFrame({"gender": [1, 1, 1, 2]})
    >>> rake(sample, {"gender": {1: 0.5, 2: 0.5}}).weights.tolist()
    [0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 2.0]
    """
    if not margins:
        raise OptionError("margins is empty: give at least one {variable: {code: share}}.")
    if trim is not None and not (0 <= trim[0] < 1 < trim[1]):
        raise OptionError(f"trim must be (low, high) with 0 <= low < 1 < high (multiples of the mean weight); found {trim}.")
    n = len(frame)
    if n == 0:
        raise DataError("cannot rake an empty sample.")
    parts = [(var, *_margin_index(frame, var, shares)) for var, shares in margins.items()]
    w = np.ones(n) if base_weights is None else _as_weights(base_weights, n).copy()
    if w.sum() <= 0:
        raise DataError("base weights sum to 0: give positive weights.")
    w *= n / w.sum()

    def gap() -> float:
        return max(np.abs(np.bincount(idx, w, len(t)) / w.sum() - t).max() for _, idx, t, _ in parts)

    converged, it = False, 0
    for it in range(1, max_iter + 1):
        for _, idx, target, _ in parts:
            achieved = np.bincount(idx, w, len(target))
            factor = np.divide(target * w.sum(), achieved, out=np.zeros_like(target), where=achieved > 0)
            w = w * factor[idx]
        within = True
        if trim is not None:
            trimmed = _trim(w, *trim)
            within = np.allclose(trimmed, w, rtol=1e-12, atol=0)
            w = trimmed
        if within and gap() < tol:
            converged = True
            break
    notes = []
    if not converged:
        notes.append(f"raking did not converge in {max_iter} cycles (largest margin gap {gap():.3g}); "
                     "the margins may be incompatible with the trimming bounds or the sample has "
                     "empty cells: merge categories or widen the bounds.")
        warnings.warn(notes[-1], StatisticalWarning, stacklevel=2)
    w *= (n if total is None else float(total)) / w.sum()
    rows = []
    for var, idx, target, codes in parts:
        achieved = np.bincount(idx, w, len(target)) / w.sum()
        sample = np.bincount(idx, minlength=len(target)) / n
        rows += [(var, c, t, a, s) for c, t, a, s in zip(codes, target, achieved, sample)]
    deff = kish_deff(w)
    rel = w / w.mean()
    return Raking(
        margins=pd.DataFrame(rows, columns=["variable", "code", "target", "achieved", "sample"]),
        weights=pd.Series(w, index=frame.index, name="weight"),
        iterations=it, converged=converged, deff_kish=deff, n_effective=n / deff,
        weight_min=float(rel.min()), weight_max=float(rel.max()), warnings=tuple(notes))
