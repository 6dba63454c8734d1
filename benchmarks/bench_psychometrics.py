"""Benchmark: the whole measurement check of 10 scales on 1,000,000 x 30 int8 answers.

Once the data are in memory (a DataFrame of int8 Likert codes 1..5, ten
correlated 3-item scales, seeded), "everything" is:

- ``reliability_many``: alpha, Feldt interval, omega, lambdas, item statistics
  of the 10 scales (one cross-product of all items);
- ``scale_validity(cfa=True)``: KMO, Bartlett, eigenvalues, parallel analysis
  (100 simulated matrices), a 10-factor minres EFA with varimax, Harman's
  test, and the CFA of the 10 scales with CR, AVE, Fornell-Larcker and HTMT,
  all from one covariance matrix of the items (one more cross-product).

Printed beside the floor (``numpy.cov`` of the same array) and the peers on
the same data: ``pingouin.cronbach_alpha`` once per scale; factor_analyzer's
``calculate_kmo``, ``calculate_bartlett_sphericity`` and a 10-factor minres
varimax ``FactorAnalyzer.fit`` (imported with the scikit-learn >= 1.8 shim of
``bench_validity.py``); semopy's CFA on a subsample (``--semopy-n``, default
100,000; it is much slower than the rest), timed as measured, not scaled.
Target: ours under 0.3 s.

Run: ``python benchmarks/bench_psychometrics.py [--n 1000000] [--repeat 3] [--semopy-n 100000]``.
On a shared machine run with ``OPENBLAS_NUM_THREADS=1`` for stable figures.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

import numpy as np
import pandas as pd

from _timing import best_of
from bench_validity import import_peer
from surveykit.reliability import reliability_many
from surveykit.construct_validity import scale_validity

SCALES, PER_SCALE = 10, 3


def make_data(n: int, seed: int = 20240611) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """int8 codes 1..5 of 10 correlated factors (r = .3) x 3 items (loadings .8, .7, .6)."""
    rng = np.random.default_rng(seed)
    phi = np.full((SCALES, SCALES), 0.3)
    np.fill_diagonal(phi, 1.0)
    lam = np.tile([0.8, 0.7, 0.6], SCALES)
    scales = {f"s{s + 1}": [f"s{s + 1}_{i + 1}" for i in range(PER_SCALE)] for s in range(SCALES)}
    cols = [c for items in scales.values() for c in items]
    out = np.empty((n, len(cols)), dtype=np.int8)
    for a in range(0, n, 200_000):
        b = min(n, a + 200_000)
        f = rng.multivariate_normal(np.zeros(SCALES), phi, size=b - a)
        x = f.repeat(PER_SCALE, axis=1) * lam + rng.normal(size=(b - a, len(cols))) * np.sqrt(1 - lam**2)
        out[a:b] = np.clip(np.round(1.1 * x + 3), 1, 5)
    return pd.DataFrame(out, columns=cols), scales


def ours(df, scales):
    rel = reliability_many(df, scales=scales)
    val = scale_validity(df, scales=scales, n_factors=SCALES, method="minres",
                         rotation="varimax", cfa=True)
    return rel, val


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--semopy-n", type=int, default=100_000)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    df, scales = make_data(args.n)
    X = df.to_numpy()
    print(f"data: {args.n:,} x {X.shape[1]} int8, {SCALES} scales x {PER_SCALE} items; best of "
          f"{args.repeat}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    floor = best_of(lambda: np.cov(X, rowvar=False), args.repeat)
    t_rel = best_of(lambda: reliability_many(df, scales=scales), args.repeat)
    t_val = best_of(lambda: scale_validity(df, scales=scales, cfa=True), args.repeat)
    t_all = best_of(lambda: ours(df, scales), args.repeat)
    rel, val = ours(df, scales)

    def line(label, seconds, note=""):
        print(f"{label:<66} {seconds:8.3f} s {seconds / floor:7.2f} x floor {note}")

    line("floor  numpy.cov", floor)
    line("ours   reliability_many (10 scales)", t_rel)
    line("ours   scale_validity (KMO, Bartlett, PA, EFA, CFA, CR/AVE/HTMT)", t_val)
    line("ours   everything together", t_all, "(target < 0.300 s)")

    peers = 0.0
    try:
        import pingouin as pg
    except ImportError as err:
        print(f"peer   pingouin unavailable ({err})")
    else:
        t = best_of(lambda: [pg.cronbach_alpha(df[c]) for c in scales.values()], 1)
        a_peer = pg.cronbach_alpha(df[scales["s1"]])[0]
        line("peer   pingouin.cronbach_alpha x 10", t,
             f"|alpha diff| {abs(a_peer - rel.scales['alpha'][0]):.1e}")
        peers += t
    try:
        FactorAnalyzer, bartlett_fa, kmo_fa = import_peer()
    except ImportError as err:
        print(f"peer   factor_analyzer unavailable ({err})")
    else:
        t_k = best_of(lambda: kmo_fa(df), 1)
        t_b = best_of(lambda: bartlett_fa(df), 1)
        t_f = best_of(lambda: FactorAnalyzer(n_factors=SCALES, rotation="varimax",
                                             method="minres").fit(df), 1)
        line("peer   factor_analyzer calculate_kmo", t_k,
             f"|KMO diff| {abs(kmo_fa(df)[1] - val.kmo):.1e}")
        line("peer   factor_analyzer calculate_bartlett_sphericity", t_b)
        line(f"peer   factor_analyzer FactorAnalyzer({SCALES}).fit", t_f)
        peers += t_k + t_b + t_f
    try:
        import semopy
    except ImportError as err:
        print(f"peer   semopy unavailable ({err})")
    else:
        sub = df.sample(min(args.semopy_n, args.n), random_state=1).astype(np.float64)
        desc = "\n".join(f"{s} =~ {' + '.join(items)}" for s, items in scales.items())
        start = time.perf_counter()
        semopy.Model(desc).fit(sub)
        t = time.perf_counter() - start
        line(f"peer   semopy CFA on {len(sub):,} rows", t)
        peers += t
    if peers:
        print(f"peers together {peers:.3f} s = {peers / t_all:.1f} x ours")


if __name__ == "__main__":
    main()
