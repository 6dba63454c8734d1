"""Validity of scales: factorability (KMO, Bartlett), parallel analysis, EFA, Harman's test."""
from .efa import EfaResult, efa, efa_from_corr
from .kmo import (KmoResult, bartlett, bartlett_from_corr, eigenvalues, eigenvalues_from_corr,
                  kmo, kmo_from_corr)
