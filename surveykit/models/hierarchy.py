"""Hierarchical (blockwise) linear regression: R-squared change of each block.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"y": [2.0, 3, 5, 4, 6, 8, 7, 9, 11, 10],
...                    "age": [20.0, 25, 30, 35, 40, 45, 50, 55, 60, 65],
...                    "trust": [1.0, 3, 2, 4, 3, 5, 4, 2, 5, 4]})
>>> r = hierarchical(df, outcome="y", blocks=[["age"], ["trust"]])
>>> list(r.steps.columns[:4])
['step', 'added', 'n', 'df_model']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd
from scipy import stats

from surveykit._results import Result
from surveykit.exceptions import OptionError
from surveykit.models._common import resolve_robust
from surveykit.models.design import design_matrix
from surveykit.models.ols import OLSResult, fit_ols

__all__ = ["HierarchyResult", "hierarchical"]


@dataclass(frozen=True, repr=False)
class HierarchyResult(Result):
    """Blockwise OLS fits on one common sample.

    ``steps``: step, added, n, df_model, r2, adj_r2, r2_change, f_change, df1,
    df2, p_change, f, f_p, aic, bic. ``coefficients``: the OLS table of every
    step, with a ``step`` column first. ``models`` holds the fitted steps.
    """

    title: ClassVar[str] = "Hierarchical regression"
    steps: pd.DataFrame
    coefficients: pd.DataFrame
    outcome: str
    n: int
    n_dropped: int
    models: tuple[OLSResult, ...]


def hierarchical(data: pd.DataFrame, /, *, outcome: str, blocks, categorical=(),
                 robust: str | None = None, cluster: str | None = None,
                 ci_level: float = 0.95) -> HierarchyResult:
    """Fit OLS models that add one block of predictors at a time.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    outcome : str
        Numeric outcome.
    blocks : list of lists of str
        Predictor blocks in order of entry; step s uses blocks 1..s.
    categorical : list of str
        Categorical predictors (in any block), entered as dummies.
    robust, cluster, ci_level
        Passed to each step's coefficient table (see :func:`~surveykit.models.ols`);
        the change tests stay the classical ones.

    Returns
    -------
    HierarchyResult

    Notes
    -----
    Every step uses the same respondents: listwise deletion over the outcome
    and all blocks' variables (else R-squared changes would mix samples), so
    ``n`` is that of the last step. For step s with p_s coefficients,
    F change = ((R2_s - R2_(s-1)) / df1) / ((1 - R2_s) / df2) with df1 =
    p_s - p_(s-1) and df2 = n - p_s; R2_0 = 0 (intercept only), so step 1's
    change test is its overall F. This is R's ``anova(m1, m2, ...)`` on the
    nested lm fits.
    """
    if not blocks or any(isinstance(b, str) or not list(b) for b in blocks):
        raise OptionError("blocks must be a non-empty list of non-empty lists of predictors, "
                          "e.g. [['age', 'gender'], ['trust']]")
    blocks = [list(b) for b in blocks]
    allvars = [v for b in blocks for v in b]
    clusters_col = [cluster] if cluster else []
    full = design_matrix(data, outcome=outcome, predictors=allvars, categorical=categorical,
                         extra=clusters_col)
    clusters = full.extra[cluster] if cluster else None
    robust = resolve_robust(robust, cluster)
    models, rows, tables = [], [], []
    prev_r2, prev_p = 0.0, 1
    for s in range(1, len(blocks) + 1):
        design = full.subset([v for b in blocks[:s] for v in b]) if s < len(blocks) else full
        m = fit_ols(design, robust=robust, clusters=clusters, ci_level=ci_level)
        p = len(design.terms)
        df1, df2 = p - prev_p, m.df_resid
        fch = ((m.r2 - prev_r2) / df1) / ((1 - m.r2) / df2)
        rows.append({"step": s, "added": ", ".join(blocks[s - 1]), "n": m.n,
                     "df_model": m.df_model, "r2": m.r2, "adj_r2": m.adj_r2,
                     "r2_change": m.r2 - prev_r2, "f_change": fch, "df1": df1, "df2": df2,
                     "p_change": float(stats.f.sf(fch, df1, df2)), "f": m.f, "f_p": m.f_p,
                     "aic": m.aic, "bic": m.bic})
        tables.append(m.coefficients.assign(step=s))
        models.append(m)
        prev_r2, prev_p = m.r2, p
    coefs = pd.concat(tables, ignore_index=True)
    coefs = coefs[["step", *[c for c in coefs.columns if c != "step"]]]
    return HierarchyResult(steps=pd.DataFrame(rows), coefficients=coefs, outcome=outcome,
                           n=full.n, n_dropped=full.n_dropped, models=tuple(models))
