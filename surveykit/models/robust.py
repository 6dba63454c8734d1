"""Heteroskedasticity- and cluster-robust covariance matrices (sandwich estimators).

One formula serves OLS and the logit: V = B M B, where B is the inverse of the
information matrix ((X'X)^-1 times sigma^-2-free for OLS, (X'WX)^-1 for the
logit) and M is built from the score contributions s_i (x_i e_i for OLS,
x_i (y_i - p_i) for the logit):

* HC0: M = sum s_i s_i'
* HC1: HC0 x n / (n - k)
* HC2: s_i / sqrt(1 - h_i)
* HC3: s_i / (1 - h_i)
* cluster: M = sum_g S_g S_g' with S_g the sum of s_i in cluster g, times
  G / (G - 1) and, for ``cluster_type="HC1"``, (n - 1) / (n - k).

These are ``sandwich::vcovHC(type=...)`` and ``sandwich::vcovCL(cluster=...)``
with its defaults (``type="HC1"`` for lm and ``"HC0"`` for glm objects,
``cadjust=TRUE``); h_i are the hat values (weighted by p_i(1-p_i) for the logit).

Examples
--------
>>> import numpy as np
>>> X = np.column_stack([np.ones(4), [1.0, 2, 3, 5]])
>>> e = np.array([0.1, -0.2, 0.15, -0.05])
>>> bread = np.linalg.inv(X.T @ X)
>>> V = sandwich(X * e[:, None], bread, kind="hc0")
>>> V.shape
(2, 2)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from surveykit.exceptions import DataError, OptionError
from surveykit.models._common import warn_and_record

__all__ = ["sandwich", "robust_cov", "hat_values", "ROBUST_KINDS", "MIN_CLUSTERS"]

ROBUST_KINDS = ("hc0", "hc1", "hc2", "hc3", "cluster")
#: Fewer clusters than this draw a warning (Cameron & Miller 2015: about 20-50 are needed).
MIN_CLUSTERS = 20


def hat_values(X: np.ndarray, bread: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Diagonal of the hat matrix, w_i x_i' B x_i (w_i = 1 for OLS)."""
    h = np.einsum("ij,ij->i", X @ bread, X)
    return h if weights is None else h * weights


def _cluster_sums(scores: np.ndarray, clusters) -> tuple[np.ndarray, int]:
    codes, uniques = pd.factorize(pd.Series(clusters), sort=False)
    if (codes < 0).any():
        raise DataError("the cluster variable has missing values in the model's sample")
    g = len(uniques)
    order = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0])
    return np.add.reduceat(scores[order], starts, axis=0), g


def sandwich(scores: np.ndarray, bread: np.ndarray, *, kind: str, hat: np.ndarray | None = None,
             clusters=None, cluster_type: str = "HC1") -> np.ndarray:
    """Robust covariance matrix B M B.

    Parameters
    ----------
    scores : ndarray (n, k)
        Score contributions s_i.
    bread : ndarray (k, k)
        Inverse information matrix B.
    kind : {"hc0", "hc1", "hc2", "hc3", "cluster"}
    hat : ndarray (n,), optional
        Hat values, needed for HC2 and HC3.
    clusters : array-like (n,), optional
        Cluster labels, needed for ``kind="cluster"``.
    cluster_type : {"HC1", "HC0"}
        Small-sample factor of the cluster estimator besides G/(G-1):
        ``"HC1"`` multiplies by (n-1)/(n-k) (vcovCL's default for lm).

    Returns
    -------
    ndarray (k, k)

    Notes
    -----
    ``V = B M B`` with ``M = sum_i s_i s_i'`` (HC0); HC1 multiplies M by
    ``n / (n - k)``; HC2 and HC3 divide ``s_i`` by ``sqrt(1 - h_i)`` and ``1 - h_i``;
    the cluster estimator sums the scores within clusters, ``M = sum_g S_g S_g'
    G / (G - 1)`` (times ``(n - 1) / (n - k)`` for HC1). As R's
    ``sandwich::vcovHC(m, type)`` and ``sandwich::vcovCL(m, cluster)``.

    Examples
    --------
    HC1 standard errors of a small OLS fit (scores ``x_i e_i``, bread ``(X'X)^-1``):

    >>> import numpy as np
    >>> X = np.column_stack([np.ones(8), [1., 2, 3, 4, 5, 6, 7, 8], [0., 1, 0, 1, 0, 1, 0, 1]])
    >>> y = np.array([3., 4, 6, 5, 8, 9, 7, 10])
    >>> b = np.linalg.lstsq(X, y, rcond=None)[0]
    >>> e = y - X @ b
    >>> np.sqrt(np.diag(sandwich(X * e[:, None], np.linalg.inv(X.T @ X), kind="hc1"))).round(4)
    array([0.5675, 0.1813, 0.9843])
    """
    kind = kind.lower()
    n, k = scores.shape
    if kind not in ROBUST_KINDS:
        raise OptionError(f"robust must be one of {ROBUST_KINDS}, not {kind!r}")
    if kind in ("hc2", "hc3"):
        if hat is None:
            raise OptionError(f"{kind} needs the hat values")
        if np.any(hat >= 1 - 1e-10):
            raise DataError(f"{kind.upper()} is undefined: some observations have leverage 1 "
                            "(a dummy with a single respondent?); use hc1 or merge categories")
        scores = scores / ((1 - hat) ** (0.5 if kind == "hc2" else 1.0))[:, None]
    if kind == "cluster":
        if clusters is None:
            raise OptionError("cluster-robust standard errors need a cluster variable")
        sums, g = _cluster_sums(scores, clusters)
        if g < 2:
            raise DataError("cluster-robust standard errors need at least 2 clusters; found 1")
        meat = sums.T @ sums * (g / (g - 1))
        if cluster_type == "HC1":
            meat *= (n - 1) / (n - k)
    else:
        meat = scores.T @ scores
        if kind == "hc1":
            meat *= n / (n - k)
    return bread @ meat @ bread


def robust_cov(robust: str, X: np.ndarray, scores: np.ndarray, bread: np.ndarray, *,
               clusters=None, cluster_type: str, weights: np.ndarray | None = None,
               messages: list[str]) -> tuple[str, np.ndarray, int | None]:
    """The robust covariance of a fit: its kind, the matrix and the number of clusters.

    Parameters
    ----------
    robust : {"hc0", "hc1", "hc2", "hc3", "cluster"}
        Kind of sandwich (any case).
    X : ndarray (n, k)
        Design matrix (for the hat values of HC2 and HC3).
    scores, bread, clusters, cluster_type
        As in :func:`sandwich`.
    weights : ndarray (n,), optional
        IRLS weights of the hat values (p_i (1 - p_i) for the logit).
    messages : list of str
        Statistical warnings of the fit; fewer than :data:`MIN_CLUSTERS` clusters add one.

    Returns
    -------
    cov_type : str
        ``robust`` in lower case.
    cov : ndarray (k, k)
    n_clusters : int or None
        Number of clusters (None unless ``robust="cluster"``).

    Notes
    -----
    With few clusters the cluster-robust variance is biased downwards and Wald
    tests over-reject even after the G/(G-1) correction (Cameron & Miller 2015,
    "A practitioner's guide to cluster-robust inference", J. Human Resources
    50(2)); below about 20-50 clusters a wild cluster bootstrap is advised.
    """
    cov_type = robust.lower()
    if cov_type not in ROBUST_KINDS:
        raise OptionError(f"robust must be one of {ROBUST_KINDS} or None, not {robust!r}")
    hat = hat_values(X, bread, weights) if cov_type in ("hc2", "hc3") else None
    cov = sandwich(scores, bread, kind=cov_type, hat=hat, clusters=clusters,
                   cluster_type=cluster_type)
    n_clusters = None
    if cov_type == "cluster":
        n_clusters = int(pd.Series(clusters).nunique())
        if n_clusters < MIN_CLUSTERS:
            warn_and_record(messages, f"only {n_clusters} clusters: cluster-robust standard "
                            "errors are unreliable with fewer than about 20-50 clusters")
    return cov_type, cov, n_clusters
