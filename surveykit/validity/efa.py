"""Exploratory factor analysis (psych::fa): extraction, rotation, ordering, caveats.

Examples
--------
A correlation matrix with an exact two-factor structure gives its loadings back:

>>> import numpy as np
>>> L = np.array([[.8, 0], [.7, 0], [.6, 0], [0, .7], [0, .6], [0, .5]])
>>> R = L @ L.T
>>> np.fill_diagonal(R, 1)
>>> res = efa_from_corr(R, 300, n_factors=2, method="minres", rotation="varimax")
>>> res.loadings.round(3).abs()  # doctest: +NORMALIZE_WHITESPACE
       F1   F2
item
V1    0.8  0.0
V2    0.7  0.0
V3    0.6  0.0
V4    0.0  0.7
V5    0.0  0.6
V6    0.0  0.5
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from .._results import Result
from ..exceptions import OptionError, StatisticalWarning
from ._corr import as_correlation, check_positive_definite, item_correlation
from ._extract import METHODS, PSI_LOWER, extract
from .rotation import rotate

__all__ = ["EfaResult", "efa", "efa_from_corr"]

ROTATIONS = ("varimax", "promax", "oblimin", "none")


@dataclass(frozen=True, repr=False)
class EfaResult(Result):
    """Result of :func:`efa`.

    Attributes
    ----------
    loadings : pandas.DataFrame
        Rotated (pattern) loadings, items (index ``item``) x factors ``F1..Fk``,
        factors ordered by the variance they explain.
    communalities : pandas.DataFrame
        Items (index ``item``) x ``communality`` (``h2``, the variance of the
        item explained by the factors, ``diag(L Phi L')``, unchanged by
        rotation) and ``uniqueness`` (``1 - h2``).
    variance : pandas.DataFrame
        One row per factor: ``factor``, ``ss_loadings``, ``proportion``
        (of the total variance, the number of items), ``cumulative``,
        ``proportion_explained`` (of the common variance) and
        ``cumulative_explained``. For an oblique rotation ``ss_loadings`` is
        ``diag(Phi L'L)`` as in psych.
    phi : pandas.DataFrame or None
        Factor correlations (oblique rotations only).
    structure : pandas.DataFrame or None
        Structure matrix ``L Phi`` (oblique rotations only).
    n : int
        Respondents analysed.
    n_factors, method, rotation
        As requested.
    converged : bool
        Whether both the extraction and the rotation met their stopping rules.
    iterations : int
        Iterations of the extraction.
    warnings : tuple of str
        Statistical caveats (Heywood cases, non-convergence, a matrix that is
        not positive definite), also issued as :class:`StatisticalWarning`.
    """

    title: ClassVar[str] = "Exploratory factor analysis"
    loadings: pd.DataFrame
    communalities: pd.DataFrame
    variance: pd.DataFrame
    phi: pd.DataFrame | None
    structure: pd.DataFrame | None
    n: int
    n_factors: int
    method: str
    rotation: str
    converged: bool
    iterations: int
    warnings: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """Loadings with ``communality`` and ``uniqueness``; columns ``item, F1..Fk, communality, uniqueness``."""
        return self.loadings.join(self.communalities).reset_index()

    def sorted_loadings(self) -> pd.DataFrame:
        """:meth:`to_frame` with items grouped by their main factor (``psych::fa.sort``).

        Each item goes to the factor with its largest absolute loading; groups
        follow the factor order, and within a group items are sorted by that
        absolute loading, largest first.
        """
        absl = self.loadings.abs().to_numpy()
        main = absl.argmax(axis=1)
        order = np.lexsort((-absl[np.arange(len(main)), main], main))
        return self.to_frame().iloc[order].reset_index(drop=True)


def _check_options(n_factors, method, rotation, p):
    if method not in METHODS:
        raise OptionError(f"method must be one of {list(METHODS)}, not {method!r}")
    if rotation not in ROTATIONS:
        raise OptionError(f"rotation must be one of {list(ROTATIONS)}, not {rotation!r}")
    if isinstance(n_factors, bool) or not isinstance(n_factors, (int, np.integer)) \
            or not 1 <= n_factors < p:
        raise OptionError(f"n_factors must be an integer from 1 to {p - 1} (fewer than the "
                          f"{p} items), not {n_factors!r}")


def _warn(messages: list[str], msg: str) -> None:
    warnings.warn(msg, StatisticalWarning, stacklevel=4)
    messages.append(msg)


def efa_from_corr(R, n, /, *, n_factors, method="minres", rotation="varimax") -> EfaResult:
    """Exploratory factor analysis of a correlation matrix; see :func:`efa`.

    Parameters
    ----------
    R : pandas.DataFrame or array_like
        Item correlation matrix.
    n : int
        Respondents behind R.
    n_factors, method, rotation
        As in :func:`efa`.

    Notes
    -----
    The formulas and R function (``psych::fa(R, nfactors, n.obs = n, fm,
    rotate)``) are those of :func:`efa`.

    Examples
    --------
    >>> import numpy as np
    >>> L = np.array([[.8, 0], [.7, 0], [.6, 0], [0, .7], [0, .6], [0, .5]])
    >>> R = L @ L.T
    >>> np.fill_diagonal(R, 1)
    >>> efa_from_corr(R, 300, n_factors=2).loadings.abs().round(3)
           F1   F2
    item
    V1    0.8  0.0
    V2    0.7  0.0
    V3    0.6  0.0
    V4    0.0  0.7
    V5    0.0  0.6
    V6    0.0  0.5
    """
    M, names, n = as_correlation(R, n)
    p = M.shape[0]
    _check_options(n_factors, method, rotation, p)
    messages: list[str] = []
    not_pd = check_positive_definite(M)
    if not_pd:
        messages.append(not_pd)
        if method == "ml":
            _warn(messages, "maximum likelihood needs a positive definite matrix; "
                            "use method='minres' for this matrix")
    if n < 5 * p:
        _warn(messages, f"n = {n} respondents for {p} items, fewer than 5 per item: a factor "
                        "solution from so small a sample is unstable")
    dof = ((p - n_factors) ** 2 - (p + n_factors)) / 2
    if dof < 0:
        _warn(messages, f"{n_factors} factors for {p} items leave negative degrees of freedom "
                        f"({dof:g}): the model is not identified; extract fewer factors")

    ext = extract(M, n_factors, method)
    rot = rotate(ext.loadings, rotation)
    L, phi = rot.loadings, rot.phi
    signs = np.where(L.sum(axis=0) < 0, -1.0, 1.0)
    L = L * signs
    if phi is not None:
        phi = phi * signs[:, None] * signs[None, :]
    ss = (L ** 2).sum(axis=0) if phi is None else np.diag(phi @ L.T @ L)
    order = np.argsort(-ss, kind="stable")
    L, ss = L[:, order], ss[order]
    if phi is not None:
        phi = phi[np.ix_(order, order)]

    h2 = (ext.loadings ** 2).sum(axis=1)
    for name, value, bound in zip(names, h2, ext.at_bound):
        if value >= 1:
            _warn(messages, f"Heywood case: item {name} has communality {value:.4f} (>= 1); the "
                            "solution is improper: extract fewer factors or review the item")
        elif bound:
            _warn(messages, f"Heywood case: the uniqueness of item {name} reached the lower "
                            f"bound {PSI_LOWER} (communality {value:.4f}); the solution is "
                            "improper: extract fewer factors or review the item")
    if not ext.converged:
        _warn(messages, f"the {method} extraction did not converge in {ext.iterations} "
                        "iterations; the loadings may be inaccurate")
    if not rot.converged:
        _warn(messages, f"the {rotation} rotation did not converge in {rot.iterations} "
                        "iterations; the loadings may be inaccurate")

    factors = [f"F{i + 1}" for i in range(n_factors)]
    items = pd.Index(names, name="item")
    prop = ss / p
    variance = pd.DataFrame({
        "factor": factors, "ss_loadings": ss, "proportion": prop,
        "cumulative": np.cumsum(prop), "proportion_explained": ss / ss.sum(),
        "cumulative_explained": np.cumsum(ss) / ss.sum()})
    loadings = pd.DataFrame(L, index=items, columns=factors)
    phi_df = structure = None
    if phi is not None:
        phi_df = pd.DataFrame(phi, index=pd.Index(factors, name="factor"), columns=factors)
        structure = pd.DataFrame(L @ phi, index=items, columns=factors)
    return EfaResult(
        loadings=loadings,
        communalities=pd.DataFrame({"communality": h2, "uniqueness": 1.0 - h2}, index=items),
        variance=variance, phi=phi_df, structure=structure, n=n, n_factors=int(n_factors),
        method=method, rotation=rotation, converged=ext.converged and rot.converged,
        iterations=ext.iterations, warnings=tuple(messages))


def efa(data, /, *, items=None, n_factors, method="minres", rotation="varimax") -> EfaResult:
    """Exploratory factor analysis of item scores, as ``psych::fa``.

    Parameters
    ----------
    data : pandas.DataFrame
        Item scores (already reverse-scored); rows with a missing item are
        dropped (listwise; nothing is imputed).
    items : list of str, optional
        Columns to use; all columns by default.
    n_factors : int
        Number of factors to extract (see :func:`parallel_analysis`).
    method : {"minres", "ml", "pa"}
        Minimum residual (psych's default), maximum likelihood, or iterated
        principal axis factoring (SPSS's "principal axis factoring").
    rotation : {"varimax", "promax", "oblimin", "none"}
        Varimax (the usual choice in SPSS reports; psych defaults to oblimin),
        promax (m = 4), direct oblimin (quartimin), or unrotated.

    Returns
    -------
    EfaResult
        Loadings, communalities, variance explained, factor correlations;
        ``to_frame()`` is the loadings table with communalities and
        ``sorted_loadings()`` the same grouped by factor.

    Warns
    -----
    StatisticalWarning
        Heywood case (a communality >= 1, or a uniqueness held at psych's lower
        bound 0.005: reported, never hidden), non-convergence, a correlation
        matrix that is not positive definite, negative degrees of freedom.

    Notes
    -----
    Matches ``psych::fa(x, nfactors, fm, rotate)`` (psych 2.2.9 with
    GPArotation 2022.10), see :mod:`surveykit.validity._extract` and
    :mod:`surveykit.validity.rotation`. As psych does, after extraction and
    again after rotation each factor whose loadings sum to a negative number
    is reflected, and factors are ordered by ``ss_loadings``. Factors are
    named ``F1..Fk`` in that order (psych's names, e.g. ``MR2``, keep the
    extraction order). Fewer than five respondents per item (n < 5p, the
    usual minimum, e.g. Gorsuch 1983) draws a warning.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> f = rng.normal(size=(500, 2))
    >>> x = f[:, [0, 0, 0, 1, 1, 1]] * [.8, .7, .6, .8, .7, .6]
    >>> df = pd.DataFrame(x + rng.normal(scale=.6, size=x.shape), columns=list("abcdef"))
    >>> res = efa(df, n_factors=2, method="ml", rotation="promax")
    >>> res.sorted_loadings().round(2)
      item    F1    F2  communality  uniqueness
    0    d  0.81 -0.01         0.66        0.34
    1    e  0.77  0.03         0.59        0.41
    2    f  0.70 -0.01         0.50        0.50
    3    a -0.03  0.75         0.57        0.43
    4    b -0.01  0.74         0.55        0.45
    5    c  0.04  0.73         0.53        0.47
    """
    R, n = item_correlation(data, items=items)
    return efa_from_corr(R, n, n_factors=n_factors, method=method, rotation=rotation)
