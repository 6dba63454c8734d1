"""Factor extraction from a correlation matrix: minres, maximum likelihood, principal axis.

These follow ``psych::fa`` (psych 2.2.9, its internal ``fac``):

* minres: minimise the unweighted least-squares residual over the
  uniquenesses ``psi`` (bounded to ``[0.005, 1]``, started at ``1 - SMC``),
  the loadings being the first ``k`` eigenvectors of ``R - diag(psi)`` scaled
  by the square roots of their (non-negative) eigenvalues.
* ml: minimise ``sum_{j>k} (e_j - ln e_j - 1)`` with ``e`` the eigenvalues of
  ``psi^-1/2 R psi^-1/2`` (``factanal``'s objective), same bounds and start.
* pa: iterate communalities from the SMCs: put them on the diagonal, take the
  first ``k`` eigenpairs, put the implied communalities back; stop when their
  sum changes by less than 0.001, or after 50 iterations.

minres and ml call L-BFGS-B (scipy's, the same algorithm as R's ``optim``)
exactly as psych does: same objective and gradient, start, bounds, parameter
scale (0.01), stopping rule (relative reduction of the objective below
``1e7 * machine epsilon``), memory (5) and iteration limit (100). This
reproduces psych's solutions to about 1e-8, boundary (Heywood) solutions
included.

Examples
--------
>>> import numpy as np
>>> R = np.array([[1, .48, .40], [.48, 1, .30], [.40, .30, 1]])
>>> ext = extract(R, 1, "minres")
>>> np.round(ext.loadings[:, 0], 4)
array([0.8, 0.6, 0.5])
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import optimize
from threadpoolctl import ThreadpoolController

from ._corr import smc

__all__ = ["Extraction", "extract", "METHODS", "PSI_LOWER"]

METHODS = ("minres", "ml", "pa")
PSI_LOWER = 0.005  # psych's lower bound on uniquenesses (minres, ml)


@dataclass(frozen=True)
class Extraction:
    """Unrotated loadings (items x k, column sums made positive) and how they were found."""

    loadings: np.ndarray
    converged: bool
    iterations: int
    at_bound: np.ndarray  # items whose uniqueness ended on the lower bound (minres, ml)


def _top(w: np.ndarray, V: np.ndarray, k: int, shift: float = 0.0) -> np.ndarray:
    """First k eigenvectors (w ascending) scaled by sqrt(max(w - shift, 0))."""
    return V[:, ::-1][:, :k] * np.sqrt(np.maximum(w[::-1][:k] - shift, 0.0))


def _minres(psi: np.ndarray, R: np.ndarray, k: int):
    """psych's minres objective (off-diagonal residuals) and its gradient (FAgr.minres).

    The gradient is the diagonal residual, that of the full ULS discrepancy
    ``||R - psi - LL'||^2`` (up to a factor 2); both vanish at the same
    interior solution. It is kept, with the objective, as psych has them so
    that boundary (Heywood) solutions are psych's too.
    """
    w, V = np.linalg.eigh(R - np.diag(psi))
    L = _top(w, V, k)
    resid = R - L @ L.T
    f = np.sum(np.tril(resid, -1) ** 2)
    return f, (L ** 2).sum(axis=1) + psi - np.diag(R)


def _ml(psi: np.ndarray, R: np.ndarray, k: int):
    """factanal's ML discrepancy and its gradient (psych's FAfn / FAgr)."""
    s = 1.0 / np.sqrt(psi)
    w, V = np.linalg.eigh(R * s[:, None] * s[None, :])
    e = w[:-k]
    f = np.sum(e - np.log(e) - 1.0)
    L = _top(w, V, k, shift=1.0) / s[:, None]
    g = ((L ** 2).sum(axis=1) + psi - np.diag(R)) / psi ** 2
    return f, g


def _loadings(psi: np.ndarray, R: np.ndarray, k: int, method: str) -> np.ndarray:
    if method == "minres":
        w, V = np.linalg.eigh(R - np.diag(psi))
        return _top(w, V, k)
    s = 1.0 / np.sqrt(psi)
    w, V = np.linalg.eigh(R * s[:, None] * s[None, :])
    return _top(w, V, k, shift=1.0) / s[:, None]


def _optimise(R: np.ndarray, k: int, method: str):
    """psych's optim() call: L-BFGS-B, parscale 0.01, factr 1e7, lmm 5, maxit 100."""
    objective = _minres if method == "minres" else _ml
    scale = 0.01
    upper = 1.0  # max(SMC, 1) for a correlation matrix

    def scaled(y):
        f, g = objective(y * scale, R, k)
        return f, g * scale

    start = np.diag(R) - smc(R)
    res = optimize.minimize(
        scaled, np.clip(start, PSI_LOWER, upper) / scale, jac=True, method="L-BFGS-B",
        bounds=[(PSI_LOWER / scale, upper / scale)] * len(start),
        options={"ftol": 1e7 * np.finfo(float).eps, "gtol": 0.0, "maxcor": 5, "maxiter": 100})
    psi = res.x * scale
    # A failed line search right at an exact optimum (zero residual) is no failure:
    # judge by the projected gradient as well.
    g = np.where((psi <= PSI_LOWER) & (res.jac > 0) | (psi >= upper) & (res.jac < 0), 0.0, res.jac)
    converged = bool(res.success) or bool(np.max(np.abs(g)) < 1e-6)
    at_bound = psi <= PSI_LOWER * (1 + 1e-9)
    return _loadings(psi, R, k, method), converged, int(res.nit), at_bound


def _principal_axis(R: np.ndarray, k: int, min_err: float = 1e-3, max_iter: int = 50):
    h2 = smc(R)
    comm = h2.sum()
    Rm = R.copy()
    for it in range(1, max_iter + 1):
        np.fill_diagonal(Rm, h2)
        w, V = np.linalg.eigh(Rm)
        L = _top(w, V, k)
        h2 = (L ** 2).sum(axis=1)
        err = abs(comm - h2.sum())
        comm = h2.sum()
        if err <= min_err:
            return L, True, it
    return L, False, max_iter


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def extract(R: np.ndarray, k: int, method: str) -> Extraction:
    """Unrotated k-factor solution of correlation matrix R by ``method`` (minres, ml, pa)."""
    # Hundreds of tiny LAPACK calls, alternating between numpy's and scipy's
    # OpenBLAS: with multithreaded BLAS the two thread pools spin against each
    # other (100x slower on a busy 2-core machine). One thread is fastest here.
    with _blas().limit(limits=1, user_api="blas"):
        if method == "pa":
            L, converged, it = _principal_axis(R, k)
            at_bound = np.zeros(R.shape[0], dtype=bool)
        else:
            L, converged, it, at_bound = _optimise(R, k, method)
    signs = np.where(L.sum(axis=0) < 0, -1.0, 1.0)
    return Extraction(L * signs, converged, it, at_bound)
