"""Benchmark: CFA on 1,000,000 x 30 Likert answers (10 factors x 3 items).

Prints, for seeded int8 data (1..5, 10 correlated factors, loadings .8/.7/.6):

- floor: ``numpy.cov`` of the same array (the cross-product every ML fit needs);
- ours: ``cfa(DataFrame)`` end to end (listwise, cross-product, Fisher scoring),
  and its two parts: the cross-product and ``cfa_from_cov`` on that matrix;
- peer: semopy 2 (``Model.fit``, its default MLW objective with SLSQP) on the
  full data, or on a subsample given by ``--peer-n`` (then said so);
- ratios to the floor and the max |difference| of the estimates (loadings,
  residual variances, factor covariances) between semopy and ours;
- when Rscript and lavaan are installed, lavaan's ``cfa(sample.cov=)`` on the
  same covariance matrix: its fit time and its max |difference| from ours.

Run: ``python benchmarks/bench_cfa.py [--n 1000000] [--peer-n N] [--repeat 3]``.
On a shared, loaded machine multi-threaded OpenBLAS makes the small matrix
products of the fit erratic (10x slower at load 6 on 2 cores); run with
``OPENBLAS_NUM_THREADS=1`` for stable figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import warnings

import numpy as np
import pandas as pd

from _timing import timed
from surveykit.validity.cfa import cfa, cfa_from_cov, listwise_cov

N_FACTORS, PER_FACTOR = 10, 3


def make_data(n: int, seed: int = 20240601) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    R = np.full((N_FACTORS, N_FACTORS), 0.3)
    np.fill_diagonal(R, 1.0)
    lam = np.tile([0.8, 0.7, 0.6], N_FACTORS)
    cols = [f"q{i + 1}" for i in range(N_FACTORS * PER_FACTOR)]
    out = np.empty((n, len(cols)), dtype=np.int8)
    for a in range(0, n, 200_000):            # in chunks: keep memory small
        b = min(n, a + 200_000)
        f = rng.multivariate_normal(np.zeros(N_FACTORS), R, size=b - a)
        x = f.repeat(PER_FACTOR, axis=1) * lam + rng.normal(size=(b - a, len(cols))) \
            * np.sqrt(1 - lam**2)
        out[a:b] = np.clip(np.round(1.1 * x + 3), 1, 5)
    return pd.DataFrame(out, columns=cols)


def semopy_estimates(model, factors) -> pd.Series:
    """semopy's estimates keyed as (kind, a, b) like ours."""
    ins = model.inspect()
    est = {}
    for lval, op, rval, value in ins[["lval", "op", "rval", "Estimate"]].itertuples(
            index=False):
        if op == "~":                        # loading: item ~ factor
            est[("load", rval, lval)] = value
        elif op == "~~" and lval in factors:  # factor (co)variance
            est[("cov",) + tuple(sorted((lval, rval), key=list(factors).index))] = value
        elif op == "~~" and lval == rval:     # residual variance
            est[("resid", lval, lval)] = value
    return pd.Series(est)


def our_estimates(res, column: str = "est") -> pd.Series:
    est = {("load", f, i): v for f, i, v in res.loadings[["factor", "item", column]]
           .itertuples(index=False)}
    est |= {("resid", i, i): v for i, v in res.residuals[["item", column]]
            .itertuples(index=False)}
    est |= {("cov", a, b): v for a, b, v in res.factor_cov[["a", "b", column]]
            .itertuples(index=False)}
    return pd.Series(est)


def lavaan_estimates(S: pd.DataFrame, n: int, desc: str):
    """lavaan's fit time and estimates on the same covariance (None without R)."""
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        S.to_csv(f"{tmp}/S.csv")
        script = f"""
suppressPackageStartupMessages(library(lavaan))
S <- as.matrix(read.csv("{tmp}/S.csv", row.names = 1)) * {n} / ({n} - 1)
t <- system.time(fit <- cfa("{desc.replace(chr(10), '; ')}", sample.cov = S,
                            sample.nobs = {n}))[["elapsed"]]
pe <- parameterEstimates(fit)
write.csv(pe[, c("lhs", "op", "rhs", "est")], "{tmp}/pe.csv", row.names = FALSE)
cat(t)
"""
        run = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True)
        if run.returncode != 0:
            return None
        pe = pd.read_csv(f"{tmp}/pe.csv")
    factors = set(pe.loc[pe.op == "=~", "lhs"])
    est = {}
    for lhs, op, rhs, value in pe.itertuples(index=False):
        kind = "load" if op == "=~" else "cov" if lhs in factors else "resid"
        est[(kind, lhs, rhs)] = value
    return float(run.stdout.split()[-1]), pd.Series(est)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--peer-n", type=int, default=None,
                    help="rows given to semopy (default: all)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    df = make_data(args.n)
    X = df.to_numpy()
    cols = list(df.columns)
    factors = {f"F{j + 1}": cols[PER_FACTOR * j:PER_FACTOR * (j + 1)]
               for j in range(N_FACTORS)}
    print(f"data: {args.n:,} x {X.shape[1]} int8 Likert, {N_FACTORS} factors x "
          f"{PER_FACTOR} items; best of {args.repeat}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores, OPENBLAS_NUM_THREADS="
          f"{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")

    t_floor, _ = timed(lambda: np.cov(X, rowvar=False), args.repeat)
    t_total, res = timed(lambda: cfa(df, factors=factors), args.repeat)

    t_cov, (S, _) = timed(lambda: listwise_cov(df), args.repeat)
    S = pd.DataFrame(S, index=cols, columns=cols)
    t_fit, res_cov = timed(
        lambda: cfa_from_cov(S, args.n, factors=factors, ddof=0), args.repeat)
    assert res.converged and res_cov.converged

    print(f"{'step':44s} {'seconds':>9s} {'x floor':>8s}")
    rows = [("floor: numpy.cov(int8 array)", t_floor),
            ("ours: cfa(DataFrame) end to end", t_total),
            ("  listwise_cov: blocked cross-product", t_cov),
            (f"  cfa_from_cov: Fisher scoring ({res_cov.iterations} iter)", t_fit)]

    import semopy
    peer_n = args.peer_n or args.n
    sub = df if peer_n >= args.n else df.sample(peer_n, random_state=1)
    desc = "\n".join(f"{f} =~ {' + '.join(items)}" for f, items in factors.items())
    ours_sub = res if peer_n >= args.n else cfa(sub, factors=factors)

    def run_semopy():
        model = semopy.Model(desc)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(sub.astype(np.float64))
        return model

    t_peer, model = timed(run_semopy, 1)
    label = "peer: semopy Model.fit (MLW, SLSQP)"
    if peer_n < args.n:
        label += f" on {peer_n:,} rows"
    rows.append((label, t_peer))
    for name, t in rows:
        print(f"{name:44s} {t:9.3f} {t / t_floor:8.2f}")
    diff = (semopy_estimates(model, factors) - our_estimates(ours_sub)).abs()
    print(f"semopy / ours time ratio: {t_peer / t_total:.1f}"
          + ("" if peer_n >= args.n else f" (semopy on {peer_n:,} rows, ours on all)"))
    worst = diff.idxmax()
    print(f"max |semopy - ours| over {diff.notna().sum()} estimates: {diff.max():.3g} "
          f"({worst}; {diff.max() / our_estimates(ours_sub, 'se')[worst]:.2f} SE)")
    lavaan = lavaan_estimates(S, args.n, desc)
    if lavaan is not None:
        seconds, est = lavaan
        diff = (est - our_estimates(res)).abs()
        print(f"lavaan cfa(sample.cov) fit alone: {seconds:.3f} s ({seconds / t_fit:.1f} x "
              f"our cfa_from_cov); max |lavaan - ours| over {diff.notna().sum()} "
              f"estimates: {diff.max():.3g}")
    fit = res.fit
    print(f"fit: chi2={fit['chi2']:.2f} df={fit['df']:.0f} cfi={fit['cfi']:.4f} "
          f"rmsea={fit['rmsea']:.4f} srmr={fit['srmr']:.4f}")


if __name__ == "__main__":
    main()
