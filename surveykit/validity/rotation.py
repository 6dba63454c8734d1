"""Factor rotations as psych::fa applies them: varimax, promax, oblimin.

Each function takes an unrotated loading matrix (items x factors, numpy) and
returns a :class:`Rotation`. The algorithms, starting points and stopping
rules are those of R, so that the same unrotated loadings give the same
rotated ones:

* ``varimax``: ``stats::varimax(L, normalize = TRUE, eps = 1e-5)``.
* ``promax``: psych's ``kaiser(L, rotate = "Promax")``, i.e. rows scaled to
  unit length (Kaiser normalisation), ``stats::varimax`` then the promax
  target ``Q = L |L|^(m-1)`` with ``m = 4`` fitted by least squares, columns
  rescaled so that the factor variances are 1, rows scaled back.
* ``oblimin``: ``GPArotation::oblimin(L)`` with its defaults (``gam = 0``,
  i.e. quartimin; no Kaiser normalisation; ``eps = 1e-5``; ``maxit = 1000``;
  identity start, no random starts), the gradient projection algorithm of
  Bernaards and Jennrich (2005).

Examples
--------
>>> import numpy as np
>>> L = np.array([[.8, .3], [.7, .4], [.3, .7], [.2, .8]])
>>> r = varimax(L)
>>> np.allclose((r.loadings ** 2).sum(axis=1), (L ** 2).sum(axis=1))
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Rotation", "varimax", "promax", "oblimin", "rotate"]


@dataclass(frozen=True)
class Rotation:
    """A rotated solution.

    Attributes
    ----------
    loadings : numpy.ndarray
        Rotated (pattern) loadings, items x factors.
    phi : numpy.ndarray or None
        Factor correlations for oblique rotations, None for orthogonal ones.
    converged : bool
        Whether the iterative part met its stopping rule.
    iterations : int
        Iterations used.
    """

    loadings: np.ndarray
    phi: np.ndarray | None
    converged: bool
    iterations: int


def _varimax(L: np.ndarray, eps: float = 1e-5, max_iter: int = 1000):
    """stats::varimax with normalize = TRUE; returns (loadings, rotmat, converged, iterations)."""
    sc = np.sqrt((L ** 2).sum(axis=1))
    x = L / sc[:, None]
    p, k = x.shape
    T = np.eye(k)
    d = 0.0
    converged = False
    for it in range(1, max_iter + 1):
        z = x @ T
        B = x.T @ (z ** 3 - z * ((z ** 2).sum(axis=0) / p))
        u, s, vt = np.linalg.svd(B)
        T = u @ vt
        d_past, d = d, s.sum()
        if d < d_past * (1 + eps):
            converged = True
            break
    return (x @ T) * sc[:, None], T, converged, it


def varimax(L: np.ndarray) -> Rotation:
    """Varimax rotation with Kaiser normalisation (``stats::varimax``)."""
    loadings, _, converged, it = _varimax(np.asarray(L, dtype=float))
    return Rotation(loadings, None, converged, it)


def promax(L: np.ndarray, m: int = 4) -> Rotation:
    """Promax rotation as ``psych::fa(rotate = "promax")`` (Kaiser-normalised rows).

    Notes
    -----
    psych scales each row by its communality ``h = sqrt(rowSums(L^2))``, runs
    ``Promax`` (``stats::varimax`` then the power-``m`` target), and multiplies
    the rows back by ``h``; ``Phi = U^-1 U^-T`` with ``U`` the whole rotation.
    """
    L = np.asarray(L, dtype=float)
    h = np.sqrt((L ** 2).sum(axis=1))
    x, T, converged, it = _varimax(L / h[:, None])
    Q = x * np.abs(x) ** (m - 1)
    U = np.linalg.lstsq(x, Q, rcond=None)[0]
    U = U * np.sqrt(np.diag(np.linalg.inv(U.T @ U)))[None, :]
    Ui = np.linalg.inv(T @ U)
    return Rotation((x @ U) * h[:, None], Ui @ Ui.T, converged, it)


def oblimin(L: np.ndarray, eps: float = 1e-5, max_iter: int = 1000) -> Rotation:
    """Direct oblimin with gamma = 0 (quartimin) by gradient projection (``GPArotation::oblimin``).

    Notes
    -----
    Criterion ``f = sum(L^2 * (L^2 N)) / 4`` with ``N`` ones off the diagonal
    (``gamma = 0``: quartimin), minimised over oblique ``T`` (unit-length
    columns) with ``L = A T^-T``; the rotation matrix is updated along the
    projected gradient with step halving until the decrease exceeds
    ``0.5 s^2 alpha``, and stops when the projected gradient norm ``s < eps``.
    """
    A = np.asarray(L, dtype=float)
    k = A.shape[1]
    N = 1.0 - np.eye(k)

    def criterion(Lr):
        X = (Lr ** 2) @ N
        return np.sum(Lr ** 2 * X) / 4, Lr * X

    T = np.eye(k)
    Lr = A @ np.linalg.inv(T).T
    f, Gq = criterion(Lr)
    G = -(Lr.T @ Gq @ np.linalg.inv(T)).T
    alpha = 1.0
    converged = False
    for it in range(max_iter + 1):
        Gp = G - T * (T * G).sum(axis=0)[None, :]
        s = np.sqrt(np.sum(Gp ** 2))
        if s < eps:
            converged = True
            break
        alpha *= 2
        for _ in range(11):
            X = T - alpha * Gp
            Tt = X / np.sqrt((X ** 2).sum(axis=0))[None, :]
            Lr = A @ np.linalg.inv(Tt).T
            ft, Gqt = criterion(Lr)
            if f - ft > 0.5 * s ** 2 * alpha:
                break
            alpha /= 2
        T, f = Tt, ft
        G = -(Lr.T @ Gqt @ np.linalg.inv(Tt)).T
    return Rotation(Lr, T.T @ T, converged, it)


_ROTATIONS = {"varimax": varimax, "promax": promax, "oblimin": oblimin}


def rotate(L: np.ndarray, method: str) -> Rotation:
    """Apply the rotation named ``method`` ('none', 'varimax', 'promax' or 'oblimin')."""
    if method == "none" or L.shape[1] < 2:
        return Rotation(np.asarray(L, dtype=float), None, True, 0)
    return _ROTATIONS[method](L)
