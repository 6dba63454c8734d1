"""Benchmark of surveykit.reliability against a floor and a peer.

Run: ``python benchmarks/bench_reliability.py [--rows N]``

* Ten 3-item scales on N x 30 int8 Likert codes (seeded simulation, no missing
  value): :func:`reliability_many` (one ``X'X`` for all scales) beside the floor
  ``numpy.cov`` of the same array, and the peer ``pingouin.cronbach_alpha``
  called once per scale (alpha + Feldt interval only).
* The same with 1% missing answers (float64 with NaN, listwise per scale).
* 2000 BCa bootstrap resamples of a 1000 x 10 scale.

Each figure is the best of a few repeats; ratios are time / floor.
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
import pandas as pd

from _timing import best_of
from surveykit.reliability import cronbach_alpha, reliability_many


def likert(rows: int, scales: int, per_scale: int, rng) -> pd.DataFrame:
    """Integer codes 1..5 of items loading 0.7 on their scale's factor."""
    factors = rng.standard_normal((rows, scales))
    cols = {}
    for s in range(scales):
        for i in range(per_scale):
            latent = 0.7 * factors[:, s] + 0.71 * rng.standard_normal(rows)
            cols[f"s{s}_{i}"] = np.clip(np.round(3 + 1.1 * latent), 1, 5).astype(np.int8)
    return pd.DataFrame(cols)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    rng = np.random.default_rng(20240611)
    df = likert(args.rows, 10, 3, rng)
    scales = {f"s{s}": [f"s{s}_{i}" for i in range(3)] for s in range(10)}
    arr = df.to_numpy()
    warnings.simplefilter("ignore")

    floor = best_of(lambda: np.cov(arr, rowvar=False))
    ours = best_of(lambda: reliability_many(df, scales=scales))
    print(f"{args.rows:,} x 30 int8, 10 scales of 3 items, no missing values")
    print(f"  numpy.cov (floor)             {floor:8.3f} s   1.00")
    print(f"  surveykit reliability_many    {ours:8.3f} s   {ours / floor:5.2f}")
    try:
        import pingouin as pg
    except ImportError:
        print("  pingouin not installed: peer skipped")
    else:
        peer = best_of(lambda: [pg.cronbach_alpha(df[cols]) for cols in scales.values()], 1)
        print(f"  pingouin.cronbach_alpha x 10  {peer:8.3f} s   {peer / floor:5.2f}")

    holes = df.astype(np.float64).mask(rng.random(df.shape) < 0.01)
    listwise = best_of(lambda: reliability_many(holes, scales=scales))
    pairwise = best_of(lambda: reliability_many(holes, scales=scales, missing="pairwise"))
    print("  with 1% missing answers (float64):")
    print(f"    listwise per scale          {listwise:8.3f} s   {listwise / floor:5.2f}")
    print(f"    pairwise per scale          {pairwise:8.3f} s   {pairwise / floor:5.2f}")

    small = likert(1000, 1, 10, rng)
    alpha_only = best_of(lambda: cronbach_alpha(small, ci="feldt"))
    bca = best_of(lambda: cronbach_alpha(small, ci="bootstrap", n_boot=2000, seed=1))
    pct = best_of(lambda: cronbach_alpha(small, ci="bootstrap-percentile", n_boot=2000,
                                         seed=1))
    print("1,000 x 10, 2000 bootstrap resamples")
    print(f"  cronbach_alpha, Feldt         {alpha_only:8.4f} s")
    print(f"  BCa bootstrap                 {bca:8.4f} s")
    print(f"  percentile bootstrap          {pct:8.4f} s")


if __name__ == "__main__":
    main()
