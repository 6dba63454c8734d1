"""Several fitted models side by side: terms as rows, models as columns.

Examples
--------
>>> import pandas as pd
>>> from surveykit.models.ols import ols
>>> df = pd.DataFrame({"y": [2.0, 3, 5, 4, 6, 8, 7, 9], "a": [1.0, 2, 3, 4, 5, 6, 7, 8],
...                    "b": [0.0, 1, 0, 1, 0, 1, 0, 1]})
>>> t = model_table([ols(df, outcome="y", predictors=["a"]),
...                  ols(df, outcome="y", predictors=["a", "b"])], names=["m1", "m2"])
>>> list(t.index)
['const', 'a', 'b', 'n', 'r2', 'adj_r2', 'aic', 'bic']
>>> list(t.columns.get_level_values(1)[:3])
['b', 'se', 'p']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from surveykit.exceptions import OptionError

__all__ = ["model_table"]

_FIT_ROWS = ("n", "r2", "adj_r2", "pseudo_r2", "aic", "bic")


def model_table(models, names=None) -> pd.DataFrame:
    """Compare fitted models (OLS, logit, ordered logit results).

    Parameters
    ----------
    models : list of results
        Each with a ``coefficients`` table (term, b, se, p) and fit statistics.
    names : list of str, optional
        Column names of the models; default ``(1)``, ``(2)``...

    Returns
    -------
    DataFrame
        Index: every term in order of first appearance, then the fit rows
        ``n, r2, adj_r2, pseudo_r2, aic, bic`` that at least one model has.
        Columns: a MultiIndex (model, stat) with stat in ``b, se, p``; a term
        absent from a model is NaN; fit statistics stand in the ``b`` column.
    """
    models = list(models)
    if not models:
        raise OptionError("model_table needs at least one fitted model")
    names = [f"({i})" for i in range(1, len(models) + 1)] if names is None else list(names)
    if len(names) != len(models) or len(set(names)) != len(names):
        raise OptionError(f"give one distinct name per model: {len(models)} models, names {names}")
    terms = list(dict.fromkeys(t for m in models for t in m.coefficients["term"]))
    fit_rows = [r for r in _FIT_ROWS if any(getattr(m, r, None) is not None for m in models)]
    blocks = []
    for name, m in zip(names, models):
        coefs = m.coefficients.set_index("term")[["b", "se", "p"]].reindex(terms)
        fit = pd.DataFrame({"b": [getattr(m, r, np.nan) for r in fit_rows],
                            "se": np.nan, "p": np.nan}, index=fit_rows, dtype=float)
        block = pd.concat([coefs, fit])
        block.columns = pd.MultiIndex.from_product([[name], block.columns],
                                                   names=["model", "stat"])
        blocks.append(block)
    out = pd.concat(blocks, axis=1)
    out.index.name = "term"
    return out
