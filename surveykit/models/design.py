"""Design matrices for the regression models: dummies, listwise deletion, checks.

A model is described by an outcome, a list of predictors and the subset of
predictors that are categorical. Numeric predictors enter as they are; a
categorical predictor enters as 0/1 dummies named ``VAR=CODE`` against its first
(smallest) code; the intercept is the term ``const``. Rows with a missing value
in any of the model's variables are dropped (listwise deletion) and the number
kept is the model's ``n``.

The cross-product matrix X'X is computed once here: it serves the OLS fit and
the checks for constant and collinear predictors, which name the offending
variables.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"y": [1.0, 2, 3, 4, 5, None], "x": [2.0, 1, 4, 3, 6, 5],
...                    "g": ["a", "b", "a", "c", "b", "c"]})
>>> d = design_matrix(df, outcome="y", predictors=["x", "g"], categorical=["g"])
>>> d.terms, d.n, d.n_dropped
(('const', 'x', 'g=b', 'g=c'), 5, 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from surveykit.exceptions import DataError, OptionError

__all__ = ["Design", "design_matrix", "code_label"]

_COLLINEAR_EIG = 1e-10


@dataclass(frozen=True)
class Design:
    """A model's numeric design: X (with ``const`` first when present), y, term names.

    Attributes
    ----------
    X : ndarray (n, p)
        Design matrix of the complete cases.
    y : ndarray (n,)
        Outcome of the complete cases.
    terms : tuple of str
        Column names of X (``const``, numeric names, ``VAR=CODE`` dummies).
    variables : tuple of str
        Source variable of each term (``""`` for ``const``).
    outcome : str
        Name of the outcome.
    n, n_dropped : int
        Rows kept and rows dropped by listwise deletion.
    index : pandas.Index
        Row labels of the kept rows.
    xtx : ndarray (p, p)
        X'X.
    xty : ndarray (p,)
        X'y.
    extra : dict of str to ndarray
        Extra columns (e.g. a cluster variable) over the kept rows.
    """

    X: np.ndarray
    y: np.ndarray
    terms: tuple[str, ...]
    variables: tuple[str, ...]
    outcome: str
    n: int
    n_dropped: int
    index: pd.Index
    xtx: np.ndarray
    xty: np.ndarray
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_arrays(cls, X, y, terms, variables, outcome, *, n_dropped=0, index=None,
                    extra=None) -> Design:
        """A checked design from a design matrix and an outcome (cross-products computed)."""
        n, p = X.shape
        Z = np.empty((n, p + 1), order="F")
        Z[:, :p] = X
        Z[:, p] = y
        zz = Z.T @ Z
        d = cls(Z[:, :p], Z[:, p], tuple(terms), tuple(variables), outcome, n, n_dropped,
                pd.RangeIndex(n) if index is None else index, zz[:p, :p], zz[:p, p],
                extra or {})
        check_rank(d)
        return d

    def with_outcome(self, y: np.ndarray, outcome: str) -> Design:
        """The same predictors with another outcome (rows unchanged)."""
        return Design.from_arrays(self.X, y, self.terms, self.variables, outcome,
                                  n_dropped=self.n_dropped, index=self.index, extra=self.extra)

    def subset(self, variables: Sequence[str]) -> Design:
        """The same rows with the terms of ``variables`` only (``const`` kept), checked."""
        wanted = set(variables)
        cols = [j for j, v in enumerate(self.variables) if v == "" or v in wanted]
        sub = Design(self.X[:, cols], self.y, tuple(self.terms[j] for j in cols),
                     tuple(self.variables[j] for j in cols), self.outcome, self.n,
                     self.n_dropped, self.index, self.xtx[np.ix_(cols, cols)], self.xty[cols],
                     self.extra)
        check_rank(sub)
        return sub

    def factor_terms(self) -> dict[str, list[int]]:
        """Column positions of the dummies of each categorical variable."""
        out: dict[str, list[int]] = {}
        for j, (t, v) in enumerate(zip(self.terms, self.variables)):
            if t.startswith(f"{v}=") and v:
                out.setdefault(v, []).append(j)
        return out


def code_label(code) -> str:
    """Text of a code in a term name: ``2.0`` -> ``"2"``, ``"b"`` -> ``"b"``."""
    if isinstance(code, (float, np.floating)) and float(code).is_integer():
        return str(int(code))
    return str(code)


def _as_list(x, what: str) -> list[str]:
    if x is None:
        return []
    if isinstance(x, str):
        return [x]
    if not isinstance(x, Iterable):
        raise OptionError(f"{what} must be a list of column names, not {x!r}")
    return list(x)


def _numeric(col: pd.Series, name: str) -> np.ndarray:
    if not (pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col)):
        raise DataError(
            f"variable {name!r} is not numeric (dtype {col.dtype}); "
            "declare it as categorical to enter it as dummies, or convert it to numbers")
    return col.to_numpy(dtype=float, na_value=np.nan)


def _check_columns(data: pd.DataFrame, names: Sequence[str]) -> None:
    missing = [c for c in names if c not in data.columns]
    if missing:
        raise DataError(f"column(s) {missing} not found in the data; "
                        f"available columns: {list(data.columns)}")


def design_matrix(data: pd.DataFrame, /, *, outcome: str, predictors: Sequence[str],
                  categorical: Sequence[str] = (), intercept: bool = True,
                  extra: Sequence[str] = ()) -> Design:
    """Build the design matrix of a model with listwise deletion and checks.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    outcome : str
        Outcome column (numeric).
    predictors : list of str
        Predictor columns, in the order their terms should appear.
    categorical : list of str
        Predictors entered as dummies ``VAR=CODE`` against their first code.
    intercept : bool
        Put a ``const`` column first (ordered logit uses thresholds instead).
    extra : list of str
        Further columns that take part in the listwise deletion and are
        returned in ``Design.extra`` (a cluster variable).

    Returns
    -------
    Design

    Raises
    ------
    DataError
        A missing or non-numeric column, too few complete cases, a constant
        predictor, or collinear predictors (named).
    """
    predictors = _as_list(predictors, "predictors")
    categorical = _as_list(categorical, "categorical")
    extra = _as_list(extra, "extra")
    if not predictors:
        raise OptionError("a model needs at least one predictor")
    unknown = [c for c in categorical if c not in predictors]
    if unknown:
        raise OptionError(f"categorical variable(s) {unknown} are not among the predictors")
    if outcome in predictors:
        raise OptionError(f"the outcome {outcome!r} is also listed as a predictor")
    dup = sorted({p for p in predictors if predictors.count(p) > 1})
    if dup:
        raise OptionError(f"predictor(s) {dup} listed more than once")
    _check_columns(data, [outcome, *predictors, *extra])

    numeric = [c for c in predictors if c not in categorical]
    arrays = {c: _numeric(data[c], c) for c in dict.fromkeys([outcome, *numeric])}
    keep = np.ones(len(data), dtype=bool)
    for a in arrays.values():
        keep &= ~np.isnan(a)
    for c in [*categorical, *extra]:
        keep &= data[c].notna().to_numpy()
    all_kept = bool(keep.all())
    n = int(keep.sum())

    def kept(values: np.ndarray) -> np.ndarray:
        return values if all_kept else values[keep]

    # levels of each categorical variable, over the kept rows
    levels: dict[str, tuple[np.ndarray, list]] = {}
    for c in categorical:
        values = kept(data[c].to_numpy())
        codes = pd.unique(values)
        try:
            codes = sorted(codes)
        except TypeError:
            codes = sorted(codes, key=str)
        if len(codes) < 2:
            raise DataError(
                f"predictor {c!r} is constant in the model's sample (only code "
                f"{code_label(codes[0]) if codes else 'none'}); drop it from the predictors")
        levels[c] = (values, codes)

    terms: list[str] = ["const"] if intercept else []
    variables: list[str] = [""] if intercept else []
    for c in predictors:
        if c in levels:
            for code in levels[c][1][1:]:
                terms.append(f"{c}={code_label(code)}")
                variables.append(c)
        else:
            terms.append(c)
            variables.append(c)
    p = len(terms)
    if n <= p:
        raise DataError(
            f"too few complete cases: {n} respondent(s) answered {outcome!r} and every "
            f"predictor, but the model has {p} coefficients; use fewer predictors or "
            "check the missing values")

    # X and y side by side, column-major: one matrix product gives X'X and X'y
    Z = np.empty((n, p + 1), order="F")
    j = 0
    if intercept:
        Z[:, 0] = 1.0
        j = 1
    for c in predictors:
        if c in levels:
            values, codes = levels[c]
            for code in codes[1:]:
                Z[:, j] = values == code
                j += 1
        else:
            Z[:, j] = kept(arrays[c])
            j += 1
    Z[:, p] = kept(arrays[outcome])
    zz = Z.T @ Z
    extras = {c: kept(data[c].to_numpy()) for c in extra}
    index = data.index if all_kept else data.index[keep]
    design = Design(Z[:, :p], Z[:, p], tuple(terms), tuple(variables), outcome, n,
                    len(data) - n, index, zz[:p, :p], zz[:p, p], extras)
    check_rank(design)
    return design


def centered_moments(xtx: np.ndarray, n: int):
    """Means and (n-1)-covariance matrix of columns 1.. from X'X whose column 0 is const."""
    mean = xtx[0, 1:] / n
    cov = (xtx[1:, 1:] - n * np.outer(mean, mean)) / (n - 1)
    return mean, cov


def check_rank(design: Design) -> None:
    """Raise DataError for a constant predictor or a set of collinear predictors."""
    X, terms = design.X, design.terms
    has_const = bool(terms) and terms[0] == "const"
    cols = list(range(1, len(terms)) if has_const else range(len(terms)))
    n = design.n
    if has_const:
        mean, cov = centered_moments(design.xtx, n)
    else:
        mean = X.mean(axis=0)
        cov = (design.xtx - n * np.outer(mean, mean)) / (n - 1)
    # variances from cross-products; columns that look constant are checked exactly
    suspect = np.flatnonzero(np.diag(cov) <= 1e-9 * (mean ** 2 + 1e-300))
    const = [terms[cols[j]] for j in suspect if np.ptp(X[:, cols[j]]) == 0]
    if const:
        raise DataError(
            f"predictor(s) {const} are constant in the model's sample (n={n}); "
            "a constant predictor cannot be estimated: drop it")
    if len(suspect):  # nearly constant: cross-products lose precision, centre the data
        cov = np.atleast_2d(np.cov(X[:, cols], rowvar=False))
    sd = np.sqrt(np.clip(np.diag(cov), 0, None))
    r = cov / np.outer(sd, sd)
    vals, vecs = np.linalg.eigh(r)
    if vals[0] < _COLLINEAR_EIG * len(vals):
        v = vecs[:, 0]
        names = [terms[j] for j, w in zip(cols, v) if abs(w) > 0.01 * np.abs(v).max()]
        raise DataError(
            f"predictors {names} are collinear (one is an exact linear combination of the "
            "others in the model's sample, e.g. a total and its parts, or dummies of "
            "nested categories); drop one of them")
