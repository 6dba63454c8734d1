"""Exploratory validity statistics against psych (tests/reference/efa/make_reference.R)."""

from __future__ import annotations

import dataclasses
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.exceptions import DataError, OptionError, StatisticalWarning
from surveykit.validity import (bartlett, bartlett_from_corr, efa, efa_from_corr, eigenvalues,
                                eigenvalues_from_corr, harman_single_factor,
                                harman_single_factor_from_corr, item_correlation, kmo,
                                kmo_from_corr, parallel_analysis, parallel_analysis_from_corr)

REF_DIR = Path(__file__).parent / "reference" / "efa"
REF = json.loads((REF_DIR / "reference.json").read_text())
DATASETS = ("bfi", "hs", "satact")
FIT_TOL = 1e-6  # psych's optim() call is replicated: agreement is ~1e-13 in practice


def load(name: str) -> pd.DataFrame:
    return pd.read_csv(REF_DIR / f"{name}.csv")


DATA = {name: load(name) for name in DATASETS}


def fa_cases():
    for name in DATASETS:
        for key in REF[name]["fa"]:
            method, rotation = key.split("_")
            yield pytest.param(name, method, rotation, id=f"{name}-{key}")


# ---------------------------------------------------------------- KMO, Bartlett, eigen
@pytest.mark.parametrize("name", DATASETS)
def test_kmo_matches_psych(name):
    ref = REF[name]["kmo"]
    res = kmo(DATA[name])
    assert res.overall == pytest.approx(ref["overall"], abs=1e-10)
    np.testing.assert_allclose(res.items["msa"], ref["items"], atol=1e-10)
    assert res.items["item"].tolist() == REF[name]["items"]
    assert res.n == REF[name]["n"]
    assert list(res.to_frame().columns) == ["item", "msa"]


@pytest.mark.parametrize("name", DATASETS)
def test_bartlett_matches_psych(name):
    ref = REF[name]
    res = bartlett(DATA[name])
    assert list(res.columns) == ["chi2", "df", "p", "n", "determinant"]
    row = res.iloc[0]
    assert row["chi2"] == pytest.approx(ref["bartlett"]["chi2"], rel=1e-10)
    assert row["df"] == ref["bartlett"]["df"]
    assert row["n"] == ref["n"]
    assert row["p"] == pytest.approx(ref["bartlett"]["p"], abs=1e-300, rel=1e-6)
    assert row["determinant"] == pytest.approx(ref["determinant"], rel=1e-9)


@pytest.mark.parametrize("name", DATASETS)
def test_eigenvalues_match_r(name):
    res = eigenvalues(DATA[name])
    np.testing.assert_allclose(res["eigenvalue"], REF[name]["eigenvalues"], atol=1e-10)
    p = len(REF[name]["items"])
    np.testing.assert_allclose(res["cumulative"].iloc[-1], 1.0)
    assert res["component"].tolist() == list(range(1, p + 1))


def test_from_corr_entry_points_take_a_correlation_matrix():
    R = DATA["hs"].corr()  # computed by pandas, not by surveykit
    ref = REF["hs"]
    assert kmo_from_corr(R).overall == pytest.approx(ref["kmo"]["overall"], abs=1e-10)
    chi2 = bartlett_from_corr(R, ref["n"])["chi2"].iloc[0]
    assert chi2 == pytest.approx(ref["bartlett"]["chi2"], rel=1e-10)
    np.testing.assert_allclose(eigenvalues_from_corr(R.to_numpy())["eigenvalue"],
                               ref["eigenvalues"], atol=1e-10)
    fit = efa_from_corr(R, ref["n"], n_factors=3, method="minres", rotation="oblimin")
    expected = np.array(ref["fa"]["minres_oblimin"]["loadings"])
    np.testing.assert_allclose(fit.loadings.to_numpy(), expected, atol=FIT_TOL)


def test_item_correlation_is_listwise():
    hs = DATA["hs"].copy()
    extra = pd.DataFrame({c: [np.nan, 1.0] for c in hs.columns})
    extra.loc[1, "x3"] = np.nan
    R, n = item_correlation(pd.concat([hs, extra], ignore_index=True))
    assert n == REF["hs"]["n"]
    np.testing.assert_allclose(R.to_numpy(), DATA["hs"].corr().to_numpy(), atol=1e-13)


@pytest.mark.parametrize("dtype", ["int8", "Int64", "float32"])
def test_integer_and_nullable_codes(dtype):
    codes = DATA["bfi"].astype(dtype)
    if dtype != "int8":  # two incomplete rows, dropped listwise
        extra = pd.DataFrame(2.0, index=[0, 1], columns=codes.columns)
        extra.loc[0, "A1"] = extra.loc[1, "C5"] = np.nan
        codes = pd.concat([codes, extra.astype(dtype)], ignore_index=True)
        assert codes.isna().sum().sum() == 2
    res = kmo(codes)
    assert res.n == REF["bfi"]["n"]
    assert res.overall == pytest.approx(REF["bfi"]["kmo"]["overall"], abs=1e-10)


# ---------------------------------------------------------------- EFA
@pytest.mark.parametrize(("name", "method", "rotation"), fa_cases())
def test_efa_matches_psych_fa(name, method, rotation):
    ref = REF[name]["fa"][f"{method}_{rotation}"]
    nf = 1 if isinstance(ref["factors"], str) else len(ref["factors"])
    res = efa(DATA[name], n_factors=nf, method=method, rotation=rotation)
    L = np.array(ref["loadings"]).reshape(-1, nf)
    np.testing.assert_allclose(res.loadings.to_numpy(), L, atol=FIT_TOL)
    np.testing.assert_allclose(res.communalities["communality"], ref["communality"], atol=FIT_TOL)
    np.testing.assert_allclose(res.communalities["uniqueness"], ref["uniquenesses"], atol=FIT_TOL)
    vacc = np.array(ref["vaccounted"]).reshape(len(ref["vaccounted_rows"]), -1)
    rows = dict(zip(ref["vaccounted_rows"], vacc))
    np.testing.assert_allclose(res.variance["ss_loadings"], rows["SS loadings"], atol=FIT_TOL)
    np.testing.assert_allclose(res.variance["proportion"], rows["Proportion Var"], atol=FIT_TOL)
    if nf > 1:
        np.testing.assert_allclose(res.variance["cumulative"], rows["Cumulative Var"], atol=FIT_TOL)
        np.testing.assert_allclose(res.variance["proportion_explained"],
                                   rows["Proportion Explained"], atol=FIT_TOL)
        np.testing.assert_allclose(res.variance["cumulative_explained"],
                                   rows["Cumulative Proportion"], atol=FIT_TOL)
    if ref["phi"] is None:
        assert res.phi is None and res.structure is None
    else:
        phi = np.array(ref["phi"])
        np.testing.assert_allclose(res.phi.to_numpy(), phi, atol=FIT_TOL)
        np.testing.assert_allclose(res.structure.to_numpy(), L @ phi, atol=FIT_TOL)
    assert res.sorted_loadings()["item"].tolist() == ref["sorted_items"]
    assert res.converged and res.warnings == ()
    assert (res.n, res.method, res.rotation, res.n_factors) == (REF[name]["n"], method, rotation, nf)


def test_efa_result_tables():
    res = efa(DATA["hs"], n_factors=3, method="minres", rotation="promax")
    frame = res.to_frame()
    assert list(frame.columns) == ["item", "F1", "F2", "F3", "communality", "uniqueness"]
    assert frame["item"].tolist() == REF["hs"]["items"]
    assert list(res.variance.columns) == ["factor", "ss_loadings", "proportion", "cumulative",
                                          "proportion_explained", "cumulative_explained"]
    np.testing.assert_allclose(np.diag(res.phi), 1.0)
    assert "[loadings]" in res.summary() and "<table" in res._repr_html_()
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.n = 1


def test_efa_default_rotation_is_varimax():
    res = efa(DATA["hs"], n_factors=3)
    ref = np.array(REF["hs"]["fa"]["minres_varimax"]["loadings"])
    np.testing.assert_allclose(res.loadings.to_numpy(), ref, atol=FIT_TOL)


@pytest.mark.parametrize("method", ["minres", "ml"])
def test_heywood_case_is_reported_and_matches_psych(method):
    ref = REF["heywood"]
    with pytest.warns(StatisticalWarning, match="Heywood case: .*V1"):
        res = efa_from_corr(np.array(ref["r"]), ref["n"], n_factors=1, method=method,
                            rotation="none")
    np.testing.assert_allclose(res.loadings["F1"], ref[method]["loadings"], atol=FIT_TOL)
    np.testing.assert_allclose(res.communalities["communality"], ref[method]["communality"],
                               atol=FIT_TOL)
    assert len(res.warnings) == 1 and "Heywood" in res.warnings[0]


def test_not_positive_definite_matrix_warns():
    R = np.array([[1, .9, .9, .2], [.9, 1, .1, .3], [.9, .1, 1, .3], [.2, .3, .3, 1]])
    assert np.linalg.eigvalsh(R).min() < 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = efa_from_corr(R, 100, n_factors=1, method="minres", rotation="none")
    assert any(issubclass(w.category, StatisticalWarning) for w in caught)
    assert any("not positive definite" in m for m in res.warnings)
    with pytest.raises(DataError, match="positive definite"):
        bartlett_from_corr(R, 100)


def test_negative_degrees_of_freedom_warn():
    with pytest.warns(StatisticalWarning, match="degrees of freedom"):
        efa(DATA["hs"][["x1", "x2", "x3", "x4"]], n_factors=2, method="pa")


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"n_factors": 9}, OptionError, "n_factors"),
    ({"n_factors": 0}, OptionError, "n_factors"),
    ({"n_factors": 2, "method": "uls"}, OptionError, "method"),
    ({"n_factors": 2, "rotation": "quartimax"}, OptionError, "rotation"),
    ({"n_factors": 2, "items": ["x1", "nope"]}, DataError, "nope"),
])
def test_efa_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        efa(DATA["hs"], **kwargs)


def test_bad_data_is_refused():
    df = DATA["hs"].head(20).copy()
    df["x2"] = 3.0
    with pytest.raises(DataError, match="without variance.*x2"):
        kmo(df)
    df["x2"] = "a"
    with pytest.raises(DataError, match="numeric.*x2"):
        kmo(df)
    with pytest.raises(DataError, match="not a correlation matrix"):
        kmo_from_corr(np.array([[1, .5], [.4, 1]]))
    singular = DATA["hs"][["x1", "x2"]].assign(s=lambda d: d.x1 + d.x2)
    with pytest.raises(DataError, match="singular"):
        kmo(singular)


# ---------------------------------------------------------------- parallel analysis
@pytest.mark.parametrize("name", ["bfi", "hs"])
def test_parallel_analysis_matches_psych(name):
    ref = REF[name]["parallel"]
    res = parallel_analysis(DATA[name], n_iter=ref["n_iter"], seed=11)
    t = res.table
    # deterministic parts
    np.testing.assert_allclose(t["pc_observed"], ref["pc_values"], atol=1e-10)
    np.testing.assert_allclose(t["fa_observed"], ref["fa_values"], atol=FIT_TOL)
    assert (res.n_factors, res.n_components) == (ref["nfact"], ref["ncomp"])
    # random parts: both are means of n_iter draws, so their difference has
    # standard deviation sd * sqrt(2 / n_iter); quantiles are noisier
    for kind in ("pc", "fa"):
        se = np.array(ref[f"{kind}_sim_sd"]) * np.sqrt(2 / ref["n_iter"])
        assert np.all(np.abs(t[f"{kind}_sim_mean"] - ref[f"{kind}_sim_mean"]) < 5 * se + 1e-3)
        assert np.all(np.abs(t[f"{kind}_sim_quantile"] - ref[f"{kind}_sim_q95"]) < 10 * se + 1e-3)


def test_parallel_analysis_is_seedable_and_kind_selects_columns():
    R = DATA["hs"].corr()
    a = parallel_analysis_from_corr(R, 301, n_iter=30, kind="pc", seed=5)
    b = parallel_analysis_from_corr(R, 301, n_iter=30, kind="pc", seed=5)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert list(a.table.columns) == ["number", "pc_observed", "pc_sim_mean", "pc_sim_quantile",
                                     "fa_observed", "fa_sim_mean", "fa_sim_quantile"]
    assert a.table["fa_observed"].isna().all() and a.n_factors is None
    assert a.n_components == REF["hs"]["parallel"]["ncomp"]


def test_simulated_eigenvalues_follow_random_normal_data():
    """The Wishart shortcut against brute force: correlations of simulated normal data."""
    rng = np.random.default_rng(7)
    n, p, reps = 60, 5, 400
    brute = np.array([np.linalg.eigvalsh(np.corrcoef(rng.standard_normal((n, p)), rowvar=False))
                      for _ in range(reps)])[:, ::-1]
    R = np.eye(p)
    fast = parallel_analysis_from_corr(R, n, n_iter=reps, kind="pc", seed=8).table["pc_sim_mean"]
    se = brute.std(axis=0) * np.sqrt(2 / reps)
    assert np.all(np.abs(fast.to_numpy() - brute.mean(axis=0)) < 4 * se)


def test_parallel_analysis_needs_more_rows_than_items():
    with pytest.raises(DataError, match="more respondents than items"):
        parallel_analysis(DATA["hs"].head(8))


# ---------------------------------------------------------------- Harman
@pytest.mark.parametrize("name", DATASETS)
def test_harman_single_factor(name):
    ref = REF[name]
    p = len(ref["items"])
    res = harman_single_factor(DATA[name])
    assert res["method"].tolist() == ["pca", "efa"]
    assert res["proportion"].iloc[0] == pytest.approx(ref["eigenvalues"][0] / p, abs=1e-10)
    assert res["proportion"].iloc[1] == pytest.approx(ref["one_factor_minres"]["proportion"],
                                                      abs=FIT_TOL)
    expected = np.array([ref["eigenvalues"][0] / p, ref["one_factor_minres"]["proportion"]]) > 0.5
    assert res["exceeds_threshold"].tolist() == expected.tolist()
    assert (res["n"] == ref["n"]).all()


def test_harman_threshold_and_pca_only():
    R = DATA["satact"].corr()
    res = harman_single_factor_from_corr(R, 687, threshold=0.75, efa=False)
    assert res["method"].tolist() == ["pca"]
    assert not res["exceeds_threshold"].iloc[0]  # 0.73 of the variance
    with pytest.raises(OptionError):
        harman_single_factor_from_corr(R, 687, threshold=50)


def test_unacceptable_kmo_is_warned_and_recorded():
    ref = json.loads((REF_DIR / "kmo_low.json").read_text())   # psych::KMO, kmo_low.R
    R = pd.DataFrame(ref["R"], index=ref["items"], columns=ref["items"])
    with pytest.warns(StatisticalWarning, match=r"unacceptable sampling adequacy \(Kaiser 1974"):
        res = kmo_from_corr(R, 200)
    assert res.overall == pytest.approx(ref["overall"], abs=1e-12)
    np.testing.assert_allclose(res.items["msa"], ref["msa"], atol=1e-12)
    assert res.warnings == (f"KMO = {ref['overall']:.3f}: unacceptable sampling adequacy "
                            "(Kaiser 1974: below .5); the items share too little common "
                            "variance for a factor analysis",)
    assert kmo(DATA["hs"]).warnings == ()                         # KMO .75 in psych


def test_fewer_than_five_respondents_per_item_warn():
    hs = DATA["hs"]
    items = REF["hs"]["items"]
    small = hs[items].dropna().iloc[:5 * len(items) - 1]
    with pytest.warns(StatisticalWarning, match="fewer than 5 per item"):
        res = efa(small, n_factors=3)
    assert res.warnings[0] == (f"n = {len(small)} respondents for {len(items)} items, fewer "
                               "than 5 per item: a factor solution from so small a sample is "
                               "unstable")
    enough = efa(hs[items].dropna().iloc[:5 * len(items)], n_factors=3)
    assert not any("per item" in w for w in enough.warnings)
