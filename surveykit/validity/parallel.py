"""Horn's parallel analysis (psych::fa.parallel with simulated normal data).

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(0)
>>> f = rng.normal(size=(400, 2))
>>> x = f[:, [0, 0, 0, 1, 1, 1]] * .8 + rng.normal(scale=.6, size=(400, 6))
>>> res = parallel_analysis(pd.DataFrame(x), seed=1)
>>> res.n_factors, res.n_components
(2, 2)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from .._results import Result
from ..exceptions import DataError, OptionError
from ._corr import as_correlation, item_correlation
from ._extract import METHODS, extract

__all__ = ["ParallelResult", "parallel_analysis", "parallel_analysis_from_corr"]

KINDS = ("both", "pc", "fa")


@dataclass(frozen=True, repr=False)
class ParallelResult(Result):
    """Result of :func:`parallel_analysis`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per eigenvalue number: ``number``, ``pc_observed``,
        ``pc_sim_mean``, ``pc_sim_quantile``, ``fa_observed``, ``fa_sim_mean``,
        ``fa_sim_quantile`` (the columns of a kind not asked for hold NaN).
    n_factors : int or None
        Suggested number of factors (None unless ``kind`` includes "fa").
    n_components : int or None
        Suggested number of components (None unless ``kind`` includes "pc").
    n, n_iter, quantile, method, kind, seed
        As used.
    """

    title: ClassVar[str] = "Parallel analysis"
    table: pd.DataFrame
    n_factors: int | None
    n_components: int | None
    n: int
    n_iter: int
    quantile: float
    method: str
    kind: str
    seed: int | None


def _simulated_correlations(rng: np.random.Generator, n: int, p: int, n_iter: int) -> np.ndarray:
    """n_iter correlation matrices of n independent standard normal observations on p variables.

    Drawn without the data: ``(n - 1) S ~ Wishart(n - 1, I)``, sampled by
    Bartlett's decomposition ``W = A A'`` (``A`` lower triangular,
    ``A_ii^2 ~ chi2(n - i)``, ``A_ij ~ N(0, 1)`` below the diagonal), then
    scaled to a correlation matrix. Same distribution as ``cor()`` of an
    n x p normal sample, at O(p^3) per matrix whatever n.
    """
    A = np.zeros((n_iter, p, p))
    lower = np.tril_indices(p, -1)
    A[:, lower[0], lower[1]] = rng.standard_normal((n_iter, lower[0].size))
    diag = np.arange(p)
    A[:, diag, diag] = np.sqrt(rng.chisquare(n - 1 - diag, size=(n_iter, p)))
    W = A @ A.transpose(0, 2, 1)
    s = 1.0 / np.sqrt(W[:, diag, diag])
    return W * s[:, :, None] * s[:, None, :]


def _fa_values(R: np.ndarray, method: str) -> np.ndarray:
    """Eigenvalues of R with the one-factor communalities on the diagonal (psych's fa()$values)."""
    L = extract(R, 1, method).loadings
    reduced = R.copy()
    np.fill_diagonal(reduced, (L ** 2).sum(axis=1))
    return np.linalg.eigvalsh(reduced)[::-1]


def _retain(observed: np.ndarray, threshold: np.ndarray) -> int:
    """Number of leading observed eigenvalues above the simulated threshold."""
    below = np.flatnonzero(~(observed > threshold))
    return int(below[0]) if below.size else len(observed)


def parallel_analysis_from_corr(R, n, /, *, n_iter=100, kind="both", method="minres",
                                quantile=0.95, seed=None) -> ParallelResult:
    """Parallel analysis of a correlation matrix; see :func:`parallel_analysis`.

    Notes
    -----
    The method and R function (``psych::fa.parallel(R, n.obs = n, fm, fa,
    n.iter, quant)``) are those of :func:`parallel_analysis`.

    Examples
    --------
    >>> import numpy as np
    >>> L = np.array([[.8, 0], [.7, 0], [.6, 0], [0, .7], [0, .6], [0, .5]])
    >>> R = L @ L.T
    >>> np.fill_diagonal(R, 1)
    >>> res = parallel_analysis_from_corr(R, 300, n_iter=20, seed=1)
    >>> res.n_factors, res.n_components
    (2, 2)
    >>> res.table[["number", "fa_observed", "fa_sim_quantile"]].head(3).round(3)
       number  fa_observed  fa_sim_quantile
    0       1        1.490            1.017
    1       2        0.716            0.142
    2       3        0.000            0.082
    """
    M, _, n = as_correlation(R, n)
    p = M.shape[0]
    if kind not in KINDS:
        raise OptionError(f"kind must be one of {list(KINDS)}, not {kind!r}")
    if method not in METHODS:
        raise OptionError(f"method must be one of {list(METHODS)}, not {method!r}")
    if isinstance(n_iter, bool) or not isinstance(n_iter, (int, np.integer)) or n_iter < 1:
        raise OptionError(f"n_iter must be a positive integer, not {n_iter!r}")
    if not 0 < quantile < 1:
        raise OptionError(f"quantile must be between 0 and 1, not {quantile!r}")
    if n <= p:
        raise DataError(f"parallel analysis needs more respondents than items; got n = {n} "
                        f"for {p} items")
    sims = _simulated_correlations(np.random.default_rng(seed), n, p, int(n_iter))
    nan = np.full(p, np.nan)
    cols = {"number": np.arange(1, p + 1)}
    n_components = n_factors = None
    if kind in ("both", "pc"):
        sim = np.linalg.eigvalsh(sims)[:, ::-1]
        observed = np.linalg.eigvalsh(M)[::-1]
        q = np.quantile(sim, quantile, axis=0)
        cols |= {"pc_observed": observed, "pc_sim_mean": sim.mean(axis=0), "pc_sim_quantile": q}
        n_components = _retain(observed, q)
    else:
        cols |= {"pc_observed": nan, "pc_sim_mean": nan, "pc_sim_quantile": nan}
    if kind in ("both", "fa"):
        sim = np.array([_fa_values(S, method) for S in sims])
        observed = _fa_values(M, method)
        q = np.quantile(sim, quantile, axis=0)
        cols |= {"fa_observed": observed, "fa_sim_mean": sim.mean(axis=0), "fa_sim_quantile": q}
        n_factors = _retain(observed, q)
    else:
        cols |= {"fa_observed": nan, "fa_sim_mean": nan, "fa_sim_quantile": nan}
    return ParallelResult(table=pd.DataFrame(cols), n_factors=n_factors,
                          n_components=n_components, n=n, n_iter=int(n_iter),
                          quantile=float(quantile), method=method, kind=kind, seed=seed)


def parallel_analysis(data, /, *, items=None, n_iter=100, kind="both", method="minres",
                      quantile=0.95, seed=None) -> ParallelResult:
    """Horn's parallel analysis: how many factors / components to retain.

    Observed eigenvalues are compared with those of correlation matrices of
    random normal data of the same size (n respondents, p items); a factor or
    component is retained while its observed eigenvalue exceeds the
    ``quantile`` of the simulated ones.

    Parameters
    ----------
    data : pandas.DataFrame
        Item scores; rows with a missing item are dropped (listwise).
    items : list of str, optional
        Columns to use; all columns by default.
    n_iter : int
        Number of simulated data sets (psych's default is 20; 100 gives
        steadier thresholds and costs little here).
    kind : {"both", "pc", "fa"}
        Principal components (eigenvalues of R), common factors (eigenvalues
        of R with one-factor communalities on the diagonal), or both.
    method : {"minres", "ml", "pa"}
        Extraction method for the factor eigenvalues.
    quantile : float
        Quantile of the simulated eigenvalues used as the threshold (0.95 as
        psych; the means are reported too).
    seed : int, optional
        Seed of the random generator, for a reproducible result.

    Returns
    -------
    ParallelResult
        Observed, mean simulated and quantile of simulated eigenvalues, and the
        suggested ``n_factors`` and ``n_components``.

    Notes
    -----
    Matches ``psych::fa.parallel(x, fm = method, fa = kind, n.iter, quant)``
    in its simulated-data part: the suggestion is the number of leading
    observed eigenvalues greater than the simulated ``quant`` quantile. The
    random correlation matrices are drawn directly from their Wishart
    distribution (Bartlett's decomposition), which is exact for normal data
    and does not grow with n; psych also resamples the observed data, which
    is not done here. The simulated values are random: they agree with
    psych's within sampling error, not digit for digit. The factor
    eigenvalues come from one-factor fits (psych's ``nfactors = 1``); with
    ``method="pa"`` the simulated fits start from SMCs where psych starts
    them from ones. When every observed eigenvalue exceeds its threshold the
    suggestion is the number of items (psych gives NA).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(300, 1)) * .7 + rng.normal(scale=.7, size=(300, 5))
    >>> parallel_analysis(pd.DataFrame(x), kind="pc", seed=3).n_components
    1
    """
    R, n = item_correlation(data, items=items)
    return parallel_analysis_from_corr(R, n, n_iter=n_iter, kind=kind, method=method,
                                       quantile=quantile, seed=seed)
