"""Regression models on numeric data: OLS, logit, ordered logit, blocks, moderation, mediation.

Primitives take a DataFrame of numeric columns, an outcome, predictors and the
list of predictors that are categorical (entered as ``VAR=CODE`` dummies
against their first code), and return frozen result objects whose tables use
the names of the ``regress`` JSON contract (term, b, se, t or z, p, beta, vif,
ci_low, ci_high).
"""

from surveykit.models.compare import model_table
from surveykit.models.design import Design, design_matrix
from surveykit.models.hierarchy import HierarchyResult, hierarchical
from surveykit.models.logit import LogitResult, fit_logit, logit
from surveykit.models.mediation import MediationResult, mediation
from surveykit.models.moderation import ModerationResult, moderation
from surveykit.models.ols import OLSResult, fit_ols, ols
from surveykit.models.ordinal import OrderedLogitResult, fit_ordered_logit, ordered_logit
from surveykit.models.robust import sandwich

__all__ = [
    "Design",
    "design_matrix",
    "OLSResult",
    "ols",
    "fit_ols",
    "LogitResult",
    "logit",
    "fit_logit",
    "OrderedLogitResult",
    "ordered_logit",
    "fit_ordered_logit",
    "HierarchyResult",
    "hierarchical",
    "ModerationResult",
    "moderation",
    "MediationResult",
    "mediation",
    "model_table",
    "sandwich",
]
