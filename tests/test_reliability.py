"""Tests of surveykit.reliability against R (psych, boot) and closed forms.

References are in tests/reference/reliability/, written by make_reference.R:
alpha_scales.csv / alpha_items.csv (psych::alpha, alpha.ci, splitHalf, omega),
bootstrap.csv with the resampling indices boot::boot used (replayed here).
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit import _reliability_boot as boot
from surveykit.exceptions import DataError, OptionError, StatisticalWarning
from surveykit.reliability import (ITEM_COLUMNS, SCALE_COLUMNS, Reliability, cronbach_alpha,
                                   reliability_many)

REF = Path(__file__).parent / "reference" / "reliability"
CLOSED = 1e-9      # closed forms (R prints 15-17 digits)
ITERATIVE = 1e-4   # omega_total: psych's minres stops at optim's tolerance

SCALE_STATS = ["alpha", "alpha_std", "alpha_se", "mean_inter_item_r", "median_inter_item_r",
               "split_half", "lambda2", "lambda6"]
ITEM_STATS = ["mean", "sd", "r_total", "r_std", "r_cor", "r_drop", "alpha_if_deleted",
              "alpha_std_if_deleted"]


def _read(name):
    return pd.read_csv(REF / name)


DATA = {"bfi": _read("bfi_scored.csv"), "epi": _read("epi_scored.csv"),
        "sat": _read("sat_act.csv"), "holzinger": _read("holzinger.csv")}
DATA["bfi_complete"] = DATA["bfi"].dropna().astype(np.int8)  # integer codes, no NA
SCALES = _read("scales.csv")
REF_SCALES = _read("alpha_scales.csv")
REF_ITEMS = _read("alpha_items.csv")


def scales_of(dataset):
    source = "bfi" if dataset == "bfi_complete" else dataset
    rows = SCALES[SCALES.dataset == source]
    return {s: list(g.item) for s, g in rows.groupby("scale", sort=False)}


def ref_items(dataset, scale, missing):
    sel = ((REF_ITEMS.dataset == dataset) & (REF_ITEMS.scale == scale)
           & (REF_ITEMS.missing == missing))
    return REF_ITEMS[sel].reset_index(drop=True)


def check_scale(got: dict, ref: pd.Series):
    assert got["k"] == ref["k"] and got["n"] == ref["n"]
    for col in SCALE_STATS:
        assert got[col] == pytest.approx(ref[col], abs=CLOSED), col
    if np.isnan(ref["omega_total"]):
        assert np.isnan(got["omega_total"])
    else:
        assert got["omega_total"] == pytest.approx(ref["omega_total"], abs=ITERATIVE)


def check_items(got: pd.DataFrame, ref: pd.DataFrame):
    assert list(got["item"]) == list(ref["item"])
    assert list(got["n"]) == list(ref["n"])
    for col in ITEM_STATS:
        np.testing.assert_allclose(got[col].to_numpy(float), ref[col].to_numpy(float),
                                   rtol=0, atol=CLOSED, err_msg=col)


@pytest.mark.parametrize("row", [r for _, r in REF_SCALES.iterrows()],
                         ids=lambda r: f"{r.dataset}-{r.scale}-{r.missing}")
def test_cronbach_alpha_matches_psych(row):
    items = scales_of(row.dataset)[row.scale]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        feldt = cronbach_alpha(DATA[row.dataset], items=items, missing=row.missing)
        duhachek = cronbach_alpha(DATA[row.dataset], items=items, missing=row.missing,
                                  ci="duhachek")
    check_scale(feldt.to_row(), row)
    check_items(feldt.to_frame(), ref_items(row.dataset, row.scale, row.missing))
    assert (feldt.ci_low, feldt.ci_high) == pytest.approx(
        (row.feldt_low, row.feldt_high), abs=CLOSED)
    assert (duhachek.ci_low, duhachek.ci_high) == pytest.approx(
        (row.duhachek_low, row.duhachek_high), abs=CLOSED)
    assert feldt.ci_method == "feldt" and feldt.ci_level == 0.95


@pytest.mark.parametrize("dataset,missing", [
    ("bfi", "listwise"), ("bfi", "pairwise"), ("epi", "listwise"), ("epi", "pairwise"),
    ("holzinger", "listwise"), ("bfi_complete", "listwise")])
def test_reliability_many_matches_psych(dataset, missing):
    """One pass for all scales: global X'X (holzinger, int8 bfi_complete), per-scale
    completeness columns (listwise with NA), pairwise Gram; overlapping scales
    (bfi agree_consc, holzinger all)."""
    scales = scales_of(dataset)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        tab = reliability_many(DATA[dataset], scales=scales, missing=missing, ci="duhachek")
    assert list(tab.scales.columns) == ["scale", *SCALE_COLUMNS]
    assert list(tab.items.columns) == ["scale", *ITEM_COLUMNS]
    ref = REF_SCALES[(REF_SCALES.dataset == dataset) & (REF_SCALES.missing == missing)]
    assert list(tab.scales.scale) == list(ref.scale) == list(scales)
    for (_, got), (_, want) in zip(tab.scales.iterrows(), ref.iterrows()):
        check_scale(got.to_dict(), want)
        assert (got.ci_low, got.ci_high) == pytest.approx(
            (want.duhachek_low, want.duhachek_high), abs=CLOSED)
        items = tab.items[tab.items.scale == got.scale].drop(columns="scale")
        check_items(items.reset_index(drop=True), ref_items(dataset, got.scale, missing))


def _bootstrap_case(case):
    if case == "bfi_agree":
        return DATA["bfi"].iloc[:300][scales_of("bfi")["agree"]], False
    return DATA["sat"].iloc[:250], True


@pytest.mark.parametrize("row", [r for _, r in _read("bootstrap.csv").iterrows()],
                         ids=lambda r: r.case)
def test_bootstrap_replays_boot(row):
    """Same resamples as boot::boot -> same percentile and BCa limits as boot.ci."""
    frame, pairwise = _bootstrap_case(row.case)
    x = frame.to_numpy(float)
    x = x[~np.isnan(x).all(axis=1)] if pairwise else x[~np.isnan(x).any(axis=1)]
    assert len(x) == row.n
    idx = pd.read_csv(REF / f"boot_{row.case}_indices.csv.gz").to_numpy() - 1
    feats, statistic = boot.alpha_features(x, pairwise)
    reps = boot.replicates(feats, statistic, [idx])
    jack = boot.jackknife(feats, statistic)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        theta = cronbach_alpha(frame, missing="pairwise" if pairwise else "listwise").alpha
    assert theta == pytest.approx(row.t0, abs=CLOSED)
    assert boot.bootstrap_interval(theta, reps, 0.95) == pytest.approx(
        (row.perc_low, row.perc_high), abs=CLOSED)
    assert boot.bootstrap_interval(theta, reps, 0.95, jack) == pytest.approx(
        (row.bca_low, row.bca_high), abs=CLOSED)


@pytest.mark.parametrize("ci", ["bootstrap", "bootstrap-percentile"])
def test_bootstrap_public_api(ci):
    agree = DATA["bfi"].iloc[:300][scales_of("bfi")["agree"]]
    ref = _read("bootstrap.csv").set_index("case").loc["bfi_agree"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        a = cronbach_alpha(agree, ci=ci, n_boot=2000, seed=7)
        b = cronbach_alpha(agree, ci=ci, n_boot=2000, seed=7)
        c = cronbach_alpha(agree, ci=ci, n_boot=2000, seed=8)
    assert (a.ci_low, a.ci_high) == (b.ci_low, b.ci_high)
    assert (a.ci_low, a.ci_high) != (c.ci_low, c.ci_high)
    assert a.ci_low < a.alpha < a.ci_high and a.ci_method == ci
    low, high = ("bca_low", "bca_high") if ci == "bootstrap" else ("perc_low", "perc_high")
    # other resamples than R's: agreement within Monte Carlo error
    assert a.ci_low == pytest.approx(ref[low], abs=0.015)
    assert a.ci_high == pytest.approx(ref[high], abs=0.015)


def test_bootstrap_2000_resamples_of_1000_by_10_is_fast():
    rng = np.random.default_rng(3)
    f = rng.normal(size=(1000, 1))
    data = pd.DataFrame(np.round(3 + f + rng.normal(size=(1000, 10))),
                        columns=[f"q{i}" for i in range(10)])
    cronbach_alpha(data, ci="bootstrap", n_boot=200, seed=1)  # warm-up
    start = time.perf_counter()
    res = cronbach_alpha(data, ci="bootstrap", n_boot=2000, seed=1)
    assert time.perf_counter() - start < 1.0
    assert res.ci_low < res.alpha < res.ci_high


def _naive(x: np.ndarray) -> tuple[float, np.ndarray]:
    """Straightforward listwise alpha and r_drop with numpy.cov on the complete rows."""
    x = x[~np.isnan(x).any(axis=1)]
    k = x.shape[1]
    c = np.cov(x, rowvar=False)
    alpha = k / (k - 1) * (1 - np.trace(c) / c.sum())
    total = x.sum(axis=1)
    r_drop = np.array([np.corrcoef(x[:, i], total - x[:, i])[0, 1] for i in range(k)])
    return alpha, r_drop


def test_listwise_with_holes_matches_numpy_cov():
    rng = np.random.default_rng(11)
    f = rng.normal(size=(500, 2))
    x = np.round(3 + np.repeat(f, 4, axis=1) + rng.normal(size=(500, 8))) + 100.0
    x[rng.random(x.shape) < 0.05] = np.nan
    df = pd.DataFrame(x, columns=[f"v{i}" for i in range(8)])
    scales = {"a": ["v0", "v1", "v2", "v3"], "b": ["v4", "v5", "v6", "v7"],
              "ab": ["v2", "v3", "v4", "v5"]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        tab = reliability_many(df, scales=scales)
    for name, cols in scales.items():
        alpha, r_drop = _naive(df[cols].to_numpy())
        row = tab.scales.set_index("scale").loc[name]
        assert row.alpha == pytest.approx(alpha, abs=1e-12)
        got = tab.items[tab.items.scale == name].r_drop.to_numpy()
        np.testing.assert_allclose(got, r_drop, atol=1e-12)


def test_nullable_integers_equal_float_nan():
    bfi = DATA["bfi"][scales_of("bfi")["agree"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        a = cronbach_alpha(bfi.astype("Int64"), missing="pairwise")
    ref = REF_SCALES.set_index(["dataset", "scale", "missing"]).loc[("bfi", "agree",
                                                                     "pairwise")]
    assert a.alpha == pytest.approx(ref.alpha, abs=CLOSED) and a.n == ref.n


def test_miskeyed_item_is_named():
    agree = DATA["bfi"][scales_of("bfi")["agree"]].assign(A1=lambda d: 7 - d.A1)
    with pytest.warns(StatisticalWarning, match="A1"):
        res = cronbach_alpha(agree)
    assert res.items.set_index("item").r_drop["A1"] < 0
    assert any("mis-keyed" in w and "A1" in w for w in res.warnings)


def test_negative_alpha_names_likely_miskeyed_items():
    hs = DATA["holzinger"][["x1", "x2", "x3"]].assign(x2=lambda d: -d.x2, x3=lambda d: -d.x3)
    with pytest.warns(StatisticalWarning, match="negative or near zero"):
        res = cronbach_alpha(hs)
    assert res.alpha < 0
    assert any("negative or near zero" in w and "x1" in w for w in res.warnings)


def test_zero_variance_and_small_sample_warnings():
    df = pd.DataFrame({"a": [1, 2, 3, 4, 5, 2, 3], "b": [2, 2, 3, 5, 4, 1, 3],
                       "c": [3, 3, 3, 3, 3, 3, 3]})
    with pytest.warns(StatisticalWarning):
        res = cronbach_alpha(df)
    text = " ".join(res.warnings)
    assert "zero variance" in text and "['c']" in text and "fewer than 30" in text
    assert np.isnan(res.alpha_std) and np.isnan(res.items.r_drop[2])
    assert np.isfinite(res.alpha)


def test_result_object():
    hs = DATA["holzinger"]
    res = cronbach_alpha(hs, items=["x4", "x5", "x6"])
    assert isinstance(res, Reliability) and res.warnings == ()
    assert list(res.to_frame().columns) == list(ITEM_COLUMNS)
    assert list(res.to_row()) == list(SCALE_COLUMNS)
    assert "alpha=0.882707" in res.summary()
    with pytest.raises(AttributeError):
        res.alpha = 0.0  # frozen
    none = cronbach_alpha(hs, items=["x4", "x5", "x6"], ci="none")
    assert np.isnan(none.ci_low) and none.ci_method == "none"
    ref = REF_SCALES.set_index(["dataset", "scale"]).loc[("holzinger", "textual")]
    lo, hi = cronbach_alpha(hs, items=["x4", "x5", "x6"], ci_level=0.9).ci_low, ref.feldt_low
    assert lo > hi  # a 90% interval is inside the 95% one


@pytest.mark.parametrize("kwargs,error", [
    (dict(items=["x1", "nope"]), DataError),
    (dict(items=["x1"]), DataError),
    (dict(items=["x1", "x1"]), DataError),
    (dict(missing="both"), OptionError),
    (dict(ci="bca"), OptionError),
    (dict(ci_level=95), OptionError),
    (dict(ci="bootstrap", n_boot=10), OptionError),
])
def test_errors(kwargs, error):
    with pytest.raises(error):
        cronbach_alpha(DATA["holzinger"], **kwargs)


def test_non_numeric_and_empty_errors():
    df = pd.DataFrame({"a": ["x", "y", "z"], "b": [1, 2, 3]})
    with pytest.raises(DataError, match="not numeric"):
        cronbach_alpha(df)
    with pytest.raises(DataError, match="no scales"):
        reliability_many(DATA["holzinger"], scales={})
    empty = pd.DataFrame({"a": [np.nan, 1.0], "b": [1.0, np.nan]})
    with pytest.raises(DataError, match="at least 2"):
        cronbach_alpha(empty)
    with pytest.raises(DataError, match="answered together"):
        cronbach_alpha(empty.assign(c=[1.0, 2.0]), missing="pairwise")
