"""Fit measures of a CFA from S, the implied Sigma and the minimum of F_ML (lavaan's formulas)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize, stats

__all__ = ["fit_measures", "rmsea_ci"]


def rmsea_ci(X2: float, df: int, n: int) -> tuple[float, float]:
    """90% CI of RMSEA by inverting the noncentral chi-square (lavaan's rule)."""
    def cdf(lam):
        return stats.chi2.cdf(X2, df) if lam == 0 else stats.ncx2.cdf(X2, df, lam)

    if df < 1:
        return 0.0, 0.0
    low = 0.0
    if cdf(0) - 0.95 >= 0:
        low = optimize.brentq(lambda x: cdf(x) - 0.95, 0, X2, xtol=1e-12)
    top = max(n, 4 * X2)
    high = 0.0
    if not (cdf(top) - 0.05 > 0 or cdf(0) - 0.05 < 0):
        high = optimize.brentq(lambda x: cdf(x) - 0.05, 0, top, xtol=1e-12)
    return np.sqrt(low / (n * df)), np.sqrt(high / (n * df))


def fit_measures(S, Sigma, F, n, npar) -> pd.Series:
    p = len(S)
    df = p * (p + 1) // 2 - npar
    X2 = n * F
    logdet_S = np.linalg.slogdet(S)[1]
    base_X2 = n * (np.log(np.diag(S)).sum() - logdet_S)
    base_df = p * (p - 1) // 2
    t1 = max(X2 - df, 0.0)
    t2 = max(X2 - df, base_X2 - base_df, 0.0)
    cfi = 1.0 if t2 == 0 else 1 - t1 / t2
    tli = ((base_X2 / base_df - X2 / df) / (base_X2 / base_df - 1)) if df > 0 else 1.0
    rmsea = np.sqrt(max(X2 / (n * df) - 1 / n, 0.0)) if df > 0 else 0.0
    ci_low, ci_high = rmsea_ci(X2, df, n)
    d = 1 / np.sqrt(np.diag(S))
    resid = (S - Sigma) * np.outer(d, d)
    srmr = np.sqrt(np.mean(resid[np.tril_indices(p)] ** 2))
    loglik_h1 = -n / 2 * (p * np.log(2 * np.pi) + logdet_S + p)
    loglik = loglik_h1 - n / 2 * F
    return pd.Series({
        "chi2": X2, "df": float(df),
        "p": stats.chi2.sf(X2, df) if df > 0 else np.nan,
        "cfi": cfi, "tli": tli, "rmsea": rmsea,
        "rmsea_ci_low": ci_low, "rmsea_ci_high": ci_high,
        "rmsea_p": stats.ncx2.sf(X2, df, n * df * 0.05**2) if df > 0 else np.nan,
        "srmr": srmr,
        "aic": -2 * loglik + 2 * npar, "bic": -2 * loglik + npar * np.log(n),
        "loglik": loglik, "loglik_h1": loglik_h1,
        "baseline_chi2": base_X2, "baseline_df": float(base_df),
        "npar": float(npar), "n": float(n)}, name="fit")
