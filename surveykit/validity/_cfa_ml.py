"""The CFA estimator: the ML discrepancy, its gradient and Fisher scoring.

F_ML = log|Sigma| + tr(S Sigma^-1) - log|S| - p is minimised over the
parameters of a :class:`~surveykit.validity._cfa_model.CFAModel` by Fisher
scoring (the expected Hessian) with step halving, as lavaan's estimator
converges to the same minimum.
"""

from __future__ import annotations

import numpy as np

from surveykit.validity._cfa_model import CFAModel

__all__ = ["discrepancy", "score", "solve", "fisher_scoring"]


def discrepancy(S: np.ndarray, Sigma: np.ndarray) -> float:
    """F_ML = log|Sigma| + tr(S Sigma^-1) - log|S| - p; inf if Sigma is not PD.

    Computed as sum(d - log1p(d)) over the eigenvalues 1 + d of Sigma^-1 S,
    which keeps full precision near the optimum (no cancellation of log
    determinants), so the line search can still see progress there.
    """
    try:
        C = np.linalg.cholesky(Sigma)
    except np.linalg.LinAlgError:
        return np.inf
    Ci = np.linalg.solve(C, np.eye(len(S)))
    d = np.linalg.eigvalsh(Ci @ S @ Ci.T) - 1
    return float(np.sum(d - np.log1p(d)))


def score(model: CFAModel, S: np.ndarray, theta: np.ndarray):
    """Gradient of F_ML and its expected Hessian tr(Si dSigma_a Si dSigma_b)."""
    Si = np.linalg.inv(model.sigma(theta))
    D = model.jacobian(theta)                              # (q, p, p)
    q, p = len(D), model.p
    A = (Si @ D.transpose(1, 0, 2).reshape(p, q * p)).reshape(p, q, p)
    A = A.transpose(1, 0, 2).reshape(q, p * p)             # rows: vec(Si dSigma_a)
    H = A @ A.reshape(q, p, p).transpose(0, 2, 1).reshape(q, p * p).T
    grad = D.reshape(q, p * p) @ (Si - Si @ S @ Si).ravel()
    return grad, H


def solve(H: np.ndarray, g: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.solve(H, g)
    except np.linalg.LinAlgError:      # not identified: least-squares step
        return np.linalg.lstsq(H, g, rcond=None)[0]


def fisher_scoring(model: CFAModel, S: np.ndarray, theta: np.ndarray,
                    max_iter: int = 2000, tol: float = 1e-10):
    """Minimise F_ML by Fisher scoring with step halving.

    Stops when the scoring step is below ``tol`` relative to the parameters.
    Returns theta, F, gradient, expected Hessian of F, iterations used and
    whether the stopping rule was met.
    """
    F = discrepancy(S, model.sigma(theta))
    slack = 1e-14 * (1 + F)       # F's rounding noise near the optimum
    for it in range(max_iter + 1):
        grad, H = score(model, S, theta)
        if it == max_iter:
            break
        step = solve(H, grad)
        if np.max(np.abs(step) / (1 + np.abs(theta))) < tol:
            return theta, F, grad, H, it, True
        t = 1.0
        while (F_new := discrepancy(S, model.sigma(theta - t * step))) > F + slack:
            t /= 2
            if t < 1e-12:
                return theta, F, grad, H, it, False
        theta, F = theta - t * step, F_new
    return theta, F, grad, H, max_iter, False
