"""The result of :func:`surveykit.regression.regress` and its JSON form (``spec/cli.md``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from ._results import Result

__all__ = ["RegressionResult"]


@dataclass(frozen=True, repr=False)
class RegressionResult(Result):
    """A regression on schema variables.

    ``coefficients``: term, label, then the columns of the model's primitive
    (OLS: b, se, t, p, ci_low, ci_high, beta, vif, tolerance; logit: b, se, z,
    p, ci_low, ci_high, odds_ratio, or_ci_low, or_ci_high, beta (NaN), vif;
    ordered logit: the same with thresholds ``CODE_a/CODE_b`` last).
    ``statistics``: the fit statistics of the model (n, r2, adj_r2, f, f_p,
    aic, bic, durbin_watson... for OLS; pseudo_r2, loglik, lr_chi2... for the
    logits). ``reference``: variable, code, label of the reference category of
    each categorical predictor. Optional tables: ``marginal_effects`` (logit), ``steps``
    (hierarchical blocks), ``slopes`` (moderation), ``paths`` and ``indirect``
    (mediation). ``fit`` holds the primitive's result object (for a
    hierarchical model, mediation or moderation: that result, whose final or
    outcome model is the one tabled in ``coefficients``).
    """

    title: ClassVar[str] = "Regression"
    coefficients: pd.DataFrame
    statistics: pd.Series
    model: str
    outcome: str
    outcome_label: str
    language: str
    n: int
    reference: pd.DataFrame | None = None
    marginal_effects: pd.DataFrame | None = None
    steps: pd.DataFrame | None = None
    slopes: pd.DataFrame | None = None
    paths: pd.DataFrame | None = None
    indirect: pd.DataFrame | None = None
    fit: Any = None
    step_models: tuple = ()
    mediation: dict | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The ``regress`` JSON document (``spec/cli.md``), with the optional parts present."""
        out = {"model": self.model, "outcome": self.outcome, "outcome_label": self.outcome_label,
               "language": self.language}
        out.update({k: _plain(v) for k, v in self.statistics.items()})
        out["coefficients"] = _records(self.coefficients)
        if self.reference is not None:
            out["reference"] = _records(self.reference)
        if self.marginal_effects is not None:
            out["marginal_effects"] = _records(self.marginal_effects)
        if self.steps is not None:
            out["steps"] = [{**{k: _plain(v) for k, v in row.items()},
                             "coefficients": _records(table)}
                            for row, table in zip(self.steps.to_dict("records"), self.step_models)]
        if self.slopes is not None:
            out["slopes"] = _records(self.slopes)
        if self.mediation is not None:
            out["mediation"] = {**{k: _plain(v) for k, v in self.mediation.items()},
                                "paths": _records(self.paths), "indirect": _records(self.indirect)}
        out["warnings"] = list(self.warnings)
        return out


def _plain(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    return v


def _records(table: pd.DataFrame) -> list[dict]:
    """Rows as dicts; ``ci_low``/``ci_high`` become ``ci: [low, high]`` (likewise ``or_ci``)."""
    out = []
    for row in table.to_dict("records"):
        rec = {}
        for k, v in row.items():
            if k.endswith("ci_low"):
                rec[k[:-4]] = [_plain(v), _plain(row[k[:-3] + "high"])]
            elif not k.endswith("ci_high"):
                rec[k] = _plain(v)
        out.append(rec)
    return out
