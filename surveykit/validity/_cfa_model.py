"""The CFA's parameter layout: loadings, residual variances and factor covariances.

A simple-structure model (each item on one factor) in lavaan's default
parameterisation: the first loading of each factor fixed to 1, free factor
(co)variances and residual variances. Parameters are packed as (free loadings,
residual variances, vech(Phi)); Sigma = L Phi L' + diag(psi).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from surveykit.exceptions import OptionError

__all__ = ["CFAModel", "build_model", "start_values"]


@dataclass(frozen=True)
class CFAModel:
    """Parameter layout: free loadings, residual variances, vech(Phi)."""

    items: tuple[str, ...]
    factors: tuple[str, ...]
    factor_of: np.ndarray   # (p,) factor index of each item
    free: np.ndarray        # items whose loading is free (not a marker)

    @property
    def p(self) -> int:
        return len(self.items)

    @property
    def m(self) -> int:
        return len(self.factors)

    @property
    def phi_index(self) -> tuple[np.ndarray, np.ndarray]:
        """Row/column of each free factor (co)variance, lavaan's order."""
        m = self.m
        diag = np.arange(m)
        lo, hi = np.triu_indices(m, 1)
        return np.concatenate([diag, lo]), np.concatenate([diag, hi])

    def unpack(self, theta: np.ndarray):
        p, k = self.p, len(self.free)
        lam = np.ones(p)
        lam[self.free] = theta[:k]
        psi = theta[k:k + p]
        phi = np.zeros((self.m, self.m))
        r, c = self.phi_index
        phi[r, c] = phi[c, r] = theta[k + p:]
        L = np.zeros((p, self.m))
        L[np.arange(p), self.factor_of] = lam
        return L, psi, phi

    def sigma(self, theta: np.ndarray) -> np.ndarray:
        L, psi, phi = self.unpack(theta)
        return L @ phi @ L.T + np.diag(psi)

    def jacobian(self, theta: np.ndarray) -> np.ndarray:
        """dSigma/dtheta as a (q, p, p) array."""
        L, _, phi = self.unpack(theta)
        p = self.p
        eye = np.eye(p)
        a = (L @ phi)[:, self.factor_of[self.free]].T          # (k, p)
        e = eye[self.free]                                      # (k, p)
        d_lam = e[:, :, None] * a[:, None, :]
        d_lam = d_lam + d_lam.transpose(0, 2, 1)
        d_psi = eye[:, :, None] * eye[:, None, :]
        r, c = self.phi_index
        d_phi = L.T[r][:, :, None] * L.T[c][:, None, :]
        off = r != c
        d_phi[off] += d_phi[off].transpose(0, 2, 1)
        return np.concatenate([d_lam, d_psi, d_phi])


def build_model(factors: Mapping[str, Sequence[str]]) -> CFAModel:
    if not isinstance(factors, Mapping) or not factors:
        raise OptionError("factors must be a non-empty mapping of factor name to its "
                          f"items, e.g. {{'trust': ['t1', 't2', 't3']}}; got {factors!r}")
    items, factor_of, free, seen = [], [], [], {}
    for j, (name, its) in enumerate(factors.items()):
        its = [its] if isinstance(its, str) else list(its)
        if len(its) < 2:
            raise OptionError(f"factor {name!r} has {len(its)} item(s); a factor needs at "
                              "least 2 items (3 or more for a stand-alone factor)")
        for i, item in enumerate(its):
            if item in seen:
                raise OptionError(f"item {item!r} is listed under factors {seen[item]!r} "
                                  f"and {name!r}; each item measures exactly one factor")
            seen[item] = name
            if i:
                free.append(len(items))
            items.append(item)
            factor_of.append(j)
    model = CFAModel(tuple(items), tuple(str(f) for f in factors),
                   np.array(factor_of), np.array(free, dtype=int))
    npar = len(free) + len(items) + model.m * (model.m + 1) // 2
    if npar > len(items) * (len(items) + 1) // 2:
        raise OptionError(f"the model has {npar} free parameters but only "
                          f"{len(items) * (len(items) + 1) // 2} variances and covariances "
                          "to fit (negative degrees of freedom, not identified); give a "
                          "stand-alone factor at least 3 items")
    return model


def start_values(model: CFAModel, S: np.ndarray) -> np.ndarray:
    """Moment-based starting values (covariance ratios to the marker)."""
    lam = np.ones(model.p)
    psi_f = np.empty(model.m)
    groups = [np.flatnonzero(model.factor_of == j) for j in range(model.m)]
    for j, idx in enumerate(groups):
        r = idx[0]
        for i in idx[1:]:
            others = idx[(idx != i) & (idx != r)]
            num, den = S[i, others].sum(), S[r, others].sum()
            if num != 0 and den != 0:
                lam[i] = num / den
        iu = np.triu_indices(len(idx), 1)
        ratio = (S[np.ix_(idx, idx)] / np.outer(lam[idx], lam[idx]))[iu]
        psi_f[j] = np.clip(ratio.mean(), 0.05 * S[r, r], 0.95 * S[r, r])
    phi = np.diag(psi_f)
    for j in range(model.m):
        for k in range(j):
            c = S[np.ix_(groups[j], groups[k])] / np.outer(lam[groups[j]], lam[groups[k]])
            corr = np.clip(c.mean() / np.sqrt(psi_f[j] * psi_f[k]), -0.9, 0.9)
            phi[j, k] = phi[k, j] = corr * np.sqrt(psi_f[j] * psi_f[k])
    while np.linalg.eigvalsh(phi).min() <= 1e-6 * psi_f.min():
        phi = 0.5 * phi + 0.5 * np.diag(psi_f)
    theta_diag = np.maximum(np.diag(S) - lam**2 * psi_f[model.factor_of], 0.1 * np.diag(S))
    r, c = model.phi_index
    return np.concatenate([lam[model.free], theta_diag, phi[r, c]])
