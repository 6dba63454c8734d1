"""Comparing groups and relating variables: crosstabs, group tests, correlations.

Primitives on plain codes and numbers; the schema-aware layer adds labels.
"""

from surveykit.compare.correlate import Correlation, correlate
from surveykit.compare.crosstab import Crosstab, crosstab
from surveykit.compare.groups import GroupComparison, cohens_d, compare_groups, posthoc

__all__ = [
    "Correlation",
    "Crosstab",
    "GroupComparison",
    "cohens_d",
    "compare_groups",
    "correlate",
    "crosstab",
    "posthoc",
]
