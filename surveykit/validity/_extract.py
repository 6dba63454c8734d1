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

minres and ml use L-BFGS-B with analytic gradients, run to a tighter
tolerance than R's ``optim`` (whose default stops on a relative change of
the objective of about 2e-9), so the two agree to R's own precision.

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

import numpy as np
from scipy import optimize

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


def _uls(psi: np.ndarray, R: np.ndarray, k: int):
    """ULS discrepancy ||R - psi - LL'||^2 (L optimal for psi) and its gradient."""
    w, V = np.linalg.eigh(R - np.diag(psi))
    L = _top(w, V, k)
    resid = np.diag(R) - psi - (L ** 2).sum(axis=1)
    f = np.sum(w[:-k] ** 2) + np.sum(np.minimum(w[-k:], 0.0) ** 2)
    return f, -2.0 * resid


def _ml(psi: np.ndarray, R: np.ndarray, k: int):
    """factanal's ML discrepancy and gradient (psych's FAfn / FAgr)."""
    s = 1.0 / np.sqrt(psi)
    w, V = np.linalg.eigh(R * s[:, None] * s[None, :])
    e = w[:-k]
    f = np.sum(e - np.log(e) - 1.0)
    L = _top(w, V, k, shift=1.0) / s[:, None]
    g = ((L ** 2).sum(axis=1) + psi - np.diag(R)) / psi ** 2
    return f, g


def _optimise(R: np.ndarray, k: int, method: str):
    objective = _uls if method == "minres" else _ml
    start = np.diag(R) - smc(R)
    upper = 1.0  # max(SMC, 1) for a correlation matrix
    res = optimize.minimize(objective, np.clip(start, PSI_LOWER, upper), args=(R, k), jac=True,
                            method="L-BFGS-B", bounds=[(PSI_LOWER, upper)] * len(start),
                            options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 5000, "maxcor": 10})
    psi = res.x
    # L-BFGS-B may stop on a failed line search at an exact optimum (e.g. zero
    # residual): judge convergence by the projected gradient as well.
    g = np.where((psi <= PSI_LOWER) & (res.jac > 0) | (psi >= upper) & (res.jac < 0), 0.0, res.jac)
    converged = bool(res.success) or bool(np.max(np.abs(g)) < 1e-6)
    if method == "minres":
        w, V = np.linalg.eigh(R - np.diag(psi))
        L = _top(w, V, k)
    else:
        s = 1.0 / np.sqrt(psi)
        w, V = np.linalg.eigh(R * s[:, None] * s[None, :])
        L = _top(w, V, k, shift=1.0) / s[:, None]
    return L, converged, int(res.nit), psi <= PSI_LOWER * (1 + 1e-6)


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


def extract(R: np.ndarray, k: int, method: str) -> Extraction:
    """Unrotated k-factor solution of correlation matrix R by ``method`` (minres, ml, pa)."""
    if method == "pa":
        L, converged, it = _principal_axis(R, k)
        at_bound = np.zeros(R.shape[0], dtype=bool)
    else:
        L, converged, it, at_bound = _optimise(R, k, method)
    signs = np.where(L.sum(axis=0) < 0, -1.0, 1.0)
    return Extraction(L * signs, converged, it, at_bound)
