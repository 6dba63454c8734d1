"""Timings of surveykit.models against statsmodels and the normal-equations floor.

Run:  python benchmarks/bench_models.py [--sizes 100000,1000000]

Seeded simulated data with 10 numeric predictors. For each size it prints the
time of surveykit (from a DataFrame: listwise check, design matrix, fit, full
tables), of statsmodels on prepared arrays (sm.OLS, sm.Logit, OrderedModel
with method="bfgs"), and of the floor X'X + X'y + solve on a prepared matrix;
ratios to the floor and the largest absolute difference between the estimates.
OrderedModel runs at 100,000 respondents only (at 1,000,000 it takes minutes).
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

from _timing import timed
from surveykit.models import logit, ols, ordered_logit

K = 10


def simulate(n, seed=12345):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, K))
    beta = np.linspace(-0.5, 0.5, K)
    eta = X @ beta
    df = pd.DataFrame(X, columns=[f"x{j}" for j in range(K)])
    df["y_ols"] = 1.0 + eta + rng.normal(size=n)
    df["y_logit"] = (rng.random(n) < 1 / (1 + np.exp(-(0.3 + eta)))).astype(float)
    df["y_ord"] = np.digitize(eta + rng.logistic(size=n), [-1.5, -0.3, 0.6, 1.8]) + 1.0
    return df


def floor(Xc, y):
    return np.linalg.solve(Xc.T @ Xc, Xc.T @ y)


def line(label, t, t_floor, diff=None):
    d = "" if diff is None else f"  max|diff| {diff:.2e}"
    print(f"  {label:<34} {t * 1000:9.1f} ms  {t / t_floor:7.1f} x floor{d}")


def run(n, repeat):
    import statsmodels.api as sm
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    df = simulate(n)
    preds = [f"x{j}" for j in range(K)]
    X = df[preds].to_numpy()
    Xc = np.column_stack([np.ones(n), X])
    print(f"\nn = {n:,} respondents, {K} predictors")
    t_floor, _ = timed(lambda: floor(Xc, df["y_ols"].to_numpy()), repeat)
    line("floor: X'X + X'y + solve", t_floor, t_floor)

    t, r = timed(lambda: ols(df, outcome="y_ols", predictors=preds), repeat)
    ts, s = timed(lambda: sm.OLS(df["y_ols"].to_numpy(), Xc).fit(), repeat)
    line("surveykit ols (from DataFrame)", t, t_floor, np.max(np.abs(r.coefficients.b - s.params)))
    line("statsmodels sm.OLS (arrays)", ts, t_floor)
    print(f"  -> ols / sm.OLS = {t / ts:.2f}")

    t, r = timed(lambda: logit(df, outcome="y_logit", predictors=preds), repeat)
    ts, s = timed(lambda: sm.Logit(df["y_logit"].to_numpy(), Xc).fit(disp=0), repeat)
    line(f"surveykit logit ({r.iterations} Newton steps)", t, t_floor,
         np.max(np.abs(r.coefficients.b - s.params)))
    line("statsmodels sm.Logit (arrays)", ts, t_floor)
    print(f"  -> logit / sm.Logit = {t / ts:.2f}")

    t, r = timed(lambda: ordered_logit(df, outcome="y_ord", predictors=preds), 1)
    line(f"surveykit ordered_logit ({r.iterations} steps)", t, t_floor)
    if n <= 100_000:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            s = OrderedModel(df["y_ord"].to_numpy(), X, distr="logit").fit(
                method="bfgs", disp=False, maxiter=1000)
            ts = time.perf_counter() - t0
        cuts = s.model.transform_threshold_params(s.params)[1:-1]
        diff = np.max(np.abs(r.coefficients.b.to_numpy() - np.r_[s.params[:K], cuts]))
        line("statsmodels OrderedModel bfgs", ts, t_floor, diff)
        print(f"  -> ordered_logit / OrderedModel = {t / ts:.3f}")
    else:
        print("  (OrderedModel skipped at this size: it takes minutes)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    for n in (int(s) for s in args.sizes.split(",")):
        run(n, args.repeat)


if __name__ == "__main__":
    main()
