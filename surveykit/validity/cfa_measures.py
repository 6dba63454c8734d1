"""Convergent and discriminant validity of a measurement model.

Composite reliability and average variance extracted (Fornell & Larcker,
1981) from the standardised loadings of a CFA, the Fornell–Larcker table, and
the heterotrait–monotrait ratio of correlations (HTMT; Henseler, Ringle &
Sarstedt, 2015) from the item correlations.

Examples
--------
>>> import pandas as pd
>>> from surveykit.validity.cfa import cfa
>>> hs = pd.read_csv("tests/reference/cfa/holzinger_swineford.csv")
>>> factors = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"],
...            "speed": ["x7", "x8", "x9"]}
>>> res = cfa(hs, factors=factors)
>>> composite_reliability(res).round(3)
factor
visual     0.626
textual    0.885
speed      0.691
Name: cr, dtype: float64
>>> htmt(hs, factors=factors).round(3)
         a        b   htmt
0   visual  textual  0.424
1   visual    speed  0.467
2  textual    speed  0.290
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from surveykit.exceptions import DataError, OptionError
from surveykit.validity._corr import item_correlation
from surveykit.validity.cfa import CFAResult

__all__ = ["composite_reliability", "ave", "fornell_larcker", "htmt", "htmt_from_cov"]


def _std_loadings(result: CFAResult) -> pd.core.groupby.SeriesGroupBy:
    if not isinstance(result, CFAResult):
        raise OptionError(f"expected the result of cfa(), got {type(result).__name__}")
    return result.loadings.groupby("factor", sort=False)["std"]


def composite_reliability(result: CFAResult, /) -> pd.Series:
    """Composite (construct) reliability of each factor of a CFA.

    Parameters
    ----------
    result : CFAResult
        A fitted :func:`~surveykit.validity.cfa.cfa`.

    Returns
    -------
    Series
        Named ``cr``, indexed by factor (in model order).

    Notes
    -----
    Fornell & Larcker (1981) from the standardised (std.all) loadings l:
    CR = (sum l)^2 / ((sum l)^2 + sum(1 - l^2)). This is the usual thesis
    formula; it equals ``semTools::compRelSEM`` only when residuals are
    uncorrelated (as in this model).

    Examples
    --------
    >>> import pandas as pd
    >>> from surveykit.validity.cfa import cfa
    >>> hs = pd.read_csv("tests/reference/cfa/holzinger_swineford.csv")
    >>> res = cfa(hs, factors={"visual": ["x1", "x2", "x3"],
    ...                        "textual": ["x4", "x5", "x6"]})
    >>> round(float(composite_reliability(res)["textual"]), 3)
    0.885
    """
    def cr(lam):
        s = lam.sum() ** 2
        return s / (s + (1 - lam**2).sum())

    return _std_loadings(result).apply(cr).rename("cr")


def ave(result: CFAResult, /) -> pd.Series:
    """Average variance extracted of each factor of a CFA.

    Parameters
    ----------
    result : CFAResult
        A fitted :func:`~surveykit.validity.cfa.cfa`.

    Returns
    -------
    Series
        Named ``ave``, indexed by factor (in model order).

    Notes
    -----
    Fornell & Larcker (1981): AVE = mean(l^2) over the factor's standardised
    (std.all) loadings l, i.e. ``mean(standardizedSolution(fit)$est.std^2)``
    over the factor's ``=~`` rows of ``lavaan::cfa``; equals
    ``semTools::AVE(fit)`` for a congeneric model with uncorrelated errors.

    Examples
    --------
    >>> import pandas as pd
    >>> from surveykit.validity.cfa import cfa
    >>> hs = pd.read_csv("tests/reference/cfa/holzinger_swineford.csv")
    >>> res = cfa(hs, factors={"visual": ["x1", "x2", "x3"],
    ...                        "textual": ["x4", "x5", "x6"]})
    >>> round(float(ave(res)["textual"]), 3)
    0.72
    """
    return _std_loadings(result).apply(lambda lam: (lam**2).mean()).rename("ave")


def fornell_larcker(result: CFAResult, /) -> pd.DataFrame:
    """Fornell–Larcker table: sqrt(AVE) on the diagonal, factor correlations off it.

    Parameters
    ----------
    result : CFAResult
        A fitted :func:`~surveykit.validity.cfa.cfa`.

    Returns
    -------
    DataFrame
        Square, indexed and labelled by factor (model order). Discriminant
        validity holds for a factor when its diagonal entry exceeds every
        correlation in its row and column.

    Notes
    -----
    Fornell & Larcker (1981): diagonal ``sqrt(AVE_f)`` with ``AVE_f =
    mean(l^2)`` over the factor's std.all loadings (:func:`ave`); off the
    diagonal the CFA's latent correlations ``phi_ab`` (lavaan's std.all of
    ``f1 ~~ f2``, ``lavInspect(fit, "cor.lv")``). Discriminant validity of
    ``a``: ``sqrt(AVE_a) > |phi_ab|`` for every ``b``.

    Examples
    --------
    >>> import pandas as pd
    >>> from surveykit.validity.cfa import cfa
    >>> hs = pd.read_csv("tests/reference/cfa/holzinger_swineford.csv")
    >>> res = cfa(hs, factors={"visual": ["x1", "x2", "x3"],
    ...                        "textual": ["x4", "x5", "x6"]})
    >>> fornell_larcker(res).round(3)
             visual  textual
    visual    0.609    0.461
    textual   0.461    0.848
    """
    root = np.sqrt(ave(result))
    fc = result.factor_cov
    table = fc.pivot(index="a", columns="b", values="std").reindex(
        index=root.index, columns=root.index)
    table = table.combine_first(table.T)
    values = table.to_numpy(copy=True)
    np.fill_diagonal(values, root.to_numpy())
    out = pd.DataFrame(values, index=root.index, columns=root.index)
    out.index.name = out.columns.name = None
    return out


def htmt(data: pd.DataFrame, /, *, factors: Mapping[str, Sequence[str]],
         absolute: bool = True, htmt2: bool = False) -> pd.DataFrame:
    """Heterotrait–monotrait ratio of correlations of every pair of factors.

    Parameters
    ----------
    data : DataFrame
        Respondents in rows, the items (already reverse-scored) as numeric
        columns; rows with a missing item are dropped (listwise).
    factors : mapping of str to list of str
        Each factor and its items (at least 2 per factor).
    absolute : bool, default True
        Use absolute item correlations (``semTools::htmt`` default), so a
        negatively worded item that was not reversed does not cancel others.
        Set False for Henseler et al.'s original formula on signed correlations.
    htmt2 : bool, default False
        Geometric instead of arithmetic means (HTMT2, Roemer, Schuberth &
        Henseler, 2021; always on absolute correlations).

    Returns
    -------
    DataFrame
        ``a, b, htmt``: one row per pair of factors, ``a`` before ``b`` in
        the model's order.

    See Also
    --------
    htmt_from_cov : the same from a covariance or correlation matrix.

    Notes
    -----
    HTMT(a, b) = mean r(heterotrait a-b) / sqrt(mean r(monotrait a) x mean
    r(monotrait b)), the monotrait means over distinct item pairs within a
    factor. Matches ``semTools::htmt(model, data, absolute, htmt2)``
    (semTools 0.5-6 defaults to ``htmt2 = TRUE``; surveykit defaults to
    the original HTMT of Henseler et al., 2015, the one thesis guides cite
    with the .85/.90 thresholds).

    Examples
    --------
    >>> import pandas as pd
    >>> hs = pd.read_csv("tests/reference/cfa/holzinger_swineford.csv")
    >>> htmt(hs, factors={"visual": ["x1", "x2", "x3"],
    ...                   "speed": ["x7", "x8", "x9"]}, absolute=False).round(3)
            a      b   htmt
    0  visual  speed  0.424
    """
    R, _ = item_correlation(data, items=_items(factors))
    return htmt_from_cov(R, factors=factors, absolute=absolute, htmt2=htmt2)


def htmt_from_cov(cov: pd.DataFrame, /, *, factors: Mapping[str, Sequence[str]],
                  absolute: bool = True, htmt2: bool = False) -> pd.DataFrame:
    """HTMT (see :func:`htmt`) from a covariance or correlation matrix.

    Parameters
    ----------
    cov : DataFrame
        Square covariance (or correlation) matrix labelled by item on both axes.
    factors, absolute, htmt2
        As in :func:`htmt`.

    Returns
    -------
    DataFrame
        ``a, b, htmt``.

    Notes
    -----
    The formula and R function (``semTools::htmt``, which also accepts a
    covariance matrix as ``sample.cov``) are those of :func:`htmt`; HTMT is
    scale-free, so a covariance and its correlation matrix give the same value.

    Examples
    --------
    >>> import pandas as pd
    >>> hs = pd.read_csv("tests/reference/cfa/holzinger_swineford.csv")
    >>> htmt_from_cov(hs.cov(), factors={"visual": ["x1", "x2", "x3"],
    ...                                  "speed": ["x7", "x8", "x9"]}).round(3)
            a      b   htmt
    0  visual  speed  0.467
    """
    items = _items(factors)
    if not isinstance(cov, pd.DataFrame):
        raise DataError("cov must be a DataFrame labelled by item on both axes, got "
                        f"{type(cov).__name__}")
    missing = [c for c in items if c not in cov.columns or c not in cov.index]
    if missing:
        raise DataError(f"items {missing} are not in the covariance matrix labels")
    C = cov.loc[items, items].to_numpy(dtype=np.float64)
    d = np.sqrt(np.diag(C))
    return _htmt(C / np.outer(d, d), factors, absolute, htmt2)


def _items(factors) -> list[str]:
    if not isinstance(factors, Mapping) or len(factors) < 2:
        raise OptionError("factors must map at least two factor names to their items, "
                          f"got {factors!r}")
    items = []
    for name, its in factors.items():
        its = [its] if isinstance(its, str) else list(its)
        if len(its) < 2:
            raise OptionError(f"factor {name!r} has {len(its)} item(s); HTMT needs at least "
                              "2 items per factor")
        items += its
    if len(set(items)) != len(items):
        raise OptionError("an item is listed under more than one factor; each item "
                          "measures exactly one factor")
    return items


def _htmt(R: np.ndarray, factors, absolute: bool, htmt2: bool) -> pd.DataFrame:
    if absolute or htmt2:
        R = np.abs(R)
    if htmt2:
        with np.errstate(divide="ignore"):
            R = np.log(R)
    sizes = [1 if isinstance(v, str) else len(v) for v in factors.values()]
    bounds = np.cumsum([0] + sizes)
    blocks = [slice(bounds[i], bounds[i + 1]) for i in range(len(sizes))]
    mono = np.array([R[b, b][np.triu_indices(k, 1)].mean() for b, k in zip(blocks, sizes)])
    names = [str(f) for f in factors]
    rows = []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            hetero = R[blocks[i], blocks[j]].mean()
            value = (np.exp(hetero - (mono[i] + mono[j]) / 2) if htmt2
                     else hetero / np.sqrt(mono[i] * mono[j]))
            rows.append((names[i], names[j], value))
    return pd.DataFrame(rows, columns=["a", "b", "htmt"])
