"""Benchmark: KMO + Bartlett + 3-factor minres EFA (varimax) on 1,000,000 x 30 Likert answers.

Prints, for seeded int8 data (1..5; 3 correlated factors x 10 items, loadings
.5 to .8):

- floor: ``numpy.cov`` of the same array (the cross-product every statistic
  here needs);
- ours: ``item_correlation`` (listwise, one cross-product) then
  ``kmo_from_corr``, ``bartlett_from_corr`` and ``efa_from_corr`` on that
  matrix; the from-matrix part is timed on its own too;
- peer: factor_analyzer's ``calculate_kmo``, ``calculate_bartlett_sphericity``
  and ``FactorAnalyzer(3, rotation='varimax').fit`` on the same DataFrame
  (each computes its own correlation matrix, as its API requires), or
  'unavailable' when it cannot be imported;
- ratios to the floor, and the max |difference| of the loadings and KMO
  between factor_analyzer and ours.

Run: ``python benchmarks/bench_validity.py [--n 1000000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
import pandas as pd

from _timing import timed
from surveykit.validity import bartlett_from_corr, efa_from_corr, item_correlation, kmo_from_corr

N_FACTORS, PER_FACTOR = 3, 10


def make_data(n: int, seed: int = 20240611) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    phi = np.full((N_FACTORS, N_FACTORS), 0.3)
    np.fill_diagonal(phi, 1.0)
    lam = np.tile(np.linspace(0.8, 0.5, PER_FACTOR), N_FACTORS)
    cols = [f"q{i + 1}" for i in range(N_FACTORS * PER_FACTOR)]
    out = np.empty((n, len(cols)), dtype=np.int8)
    for a in range(0, n, 200_000):  # in chunks: keep memory small
        b = min(n, a + 200_000)
        f = rng.multivariate_normal(np.zeros(N_FACTORS), phi, size=b - a)
        x = f.repeat(PER_FACTOR, axis=1) * lam \
            + rng.normal(size=(b - a, len(cols))) * np.sqrt(1 - lam ** 2)
        out[a:b] = np.clip(np.round(1.1 * x + 3), 1, 5)
    return pd.DataFrame(out, columns=cols)


def ours_from_corr(R, n):
    return (kmo_from_corr(R, n), bartlett_from_corr(R, n),
            efa_from_corr(R, n, n_factors=3, method="minres", rotation="varimax"))


def ours(df):
    R, n = item_correlation(df)
    return ours_from_corr(R, n)


def import_peer():
    """factor_analyzer's functions; its fit() passes ``force_all_finite`` to scikit-learn's
    ``check_array``, renamed ``ensure_all_finite`` in scikit-learn 1.8: map the keyword."""
    import factor_analyzer.factor_analyzer as fa_module
    from factor_analyzer import FactorAnalyzer, calculate_bartlett_sphericity, calculate_kmo

    check_array = fa_module.check_array
    try:
        check_array(np.zeros((2, 2)), force_all_finite=True)
    except TypeError:
        def patched(*args, force_all_finite=True, **kwargs):
            return check_array(*args, ensure_all_finite=force_all_finite, **kwargs)
        fa_module.check_array = patched
    return FactorAnalyzer, calculate_bartlett_sphericity, calculate_kmo


def peer(df):
    FactorAnalyzer, calculate_bartlett_sphericity, calculate_kmo = import_peer()

    _, kmo_total = calculate_kmo(df)
    calculate_bartlett_sphericity(df)
    fa = FactorAnalyzer(n_factors=3, rotation="varimax", method="minres").fit(df)
    return kmo_total, fa.loadings_


def align(ours_loadings: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Other's columns reordered and reflected to match ours (factor order and sign are arbitrary)."""
    corr = ours_loadings.T @ other
    order = np.abs(corr).argmax(axis=1)
    return other[:, order] * np.sign(corr[np.arange(len(order)), order])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    df = make_data(args.n)
    X = df.to_numpy()
    print(f"data: {args.n:,} x {X.shape[1]} {X.dtype} Likert codes, "
          f"{N_FACTORS} factors; best of {args.repeat}")

    t_floor, _ = timed(lambda: np.cov(X, rowvar=False), args.repeat)
    t_corr, (R, n) = timed(lambda: item_correlation(df), args.repeat)
    t_fit, _ = timed(lambda: ours_from_corr(R, n), max(args.repeat, 20))
    t_ours, (k, _, fit) = timed(lambda: ours(df), args.repeat)
    print(f"floor  numpy.cov                                {t_floor * 1e3:9.1f} ms")
    print(f"ours   item_correlation (listwise + X'X)        {t_corr * 1e3:9.1f} ms"
          f"   {t_corr / t_floor:5.2f} x floor")
    print(f"ours   KMO + Bartlett + EFA from R              {t_fit * 1e3:9.2f} ms")
    print(f"ours   total from the DataFrame                 {t_ours * 1e3:9.1f} ms"
          f"   {t_ours / t_floor:5.2f} x floor")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t_peer, (peer_kmo, peer_loadings) = timed(lambda: peer(df), 1)
    except ImportError as err:
        print(f"peer   factor_analyzer                          unavailable ({err})")
        return
    diff = np.abs(align(fit.loadings.to_numpy(), peer_loadings) - fit.loadings.to_numpy()).max()
    print(f"peer   factor_analyzer KMO + Bartlett + fit     {t_peer * 1e3:9.1f} ms"
          f"   {t_peer / t_floor:5.2f} x floor, {t_peer / t_ours:5.1f} x ours")
    print(f"agreement with factor_analyzer: |KMO diff| {abs(peer_kmo - k.overall):.1e}, "
          f"max |loading diff| {diff:.1e}")


if __name__ == "__main__":
    main()
