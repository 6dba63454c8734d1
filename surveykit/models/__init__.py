"""Regression models on numeric data: OLS, logit, ordered logit and their helpers."""

from surveykit.models.design import Design, design_matrix
from surveykit.models.ols import OLSResult, fit_ols, ols

__all__ = ["Design", "design_matrix", "OLSResult", "fit_ols", "ols"]
