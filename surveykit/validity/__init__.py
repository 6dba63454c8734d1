"""Validity of scales.

Exploratory part: factorability (KMO, Bartlett, eigenvalues), parallel
analysis, exploratory factor analysis and Harman's single-factor test. Each
statistic takes a DataFrame of item scores (listwise over the items) or, via
its ``*_from_corr`` twin, a correlation matrix and n.
"""

from ._corr import item_correlation
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
]
