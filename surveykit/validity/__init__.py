"""Validity of scales.

Exploratory part: factorability (KMO, Bartlett, eigenvalues), parallel
analysis, exploratory factor analysis and Harman's single-factor test. Each
statistic takes a DataFrame of item scores (listwise over the items) or, via
its ``*_from_corr`` twin, a correlation matrix and n.

Confirmatory part: the CFA of scales (lavaan's ML defaults) from data or a
covariance matrix, and the convergent and discriminant validity measures
built on it (composite reliability, AVE, Fornell–Larcker, HTMT).
"""

from ._corr import item_correlation
from .cfa import CFAResult, cfa, cfa_from_cov, listwise_cov
from .cfa_measures import ave, composite_reliability, fornell_larcker, htmt, htmt_from_cov
from .efa import EfaResult, efa, efa_from_corr
from .harman import harman_single_factor, harman_single_factor_from_corr
from .kmo import (KmoResult, bartlett, bartlett_from_corr, eigenvalues, eigenvalues_from_corr,
                  kmo, kmo_from_corr)
from .parallel import ParallelResult, parallel_analysis, parallel_analysis_from_corr

__all__ = [
    "item_correlation",
    "KmoResult", "kmo", "kmo_from_corr",
    "bartlett", "bartlett_from_corr",
    "eigenvalues", "eigenvalues_from_corr",
    "ParallelResult", "parallel_analysis", "parallel_analysis_from_corr",
    "EfaResult", "efa", "efa_from_corr",
    "harman_single_factor", "harman_single_factor_from_corr",
    "CFAResult", "cfa", "cfa_from_cov", "listwise_cov",
    "composite_reliability", "ave", "fornell_larcker", "htmt", "htmt_from_cov",
]
