"""OLS, robust covariances, hierarchical blocks and the model table against R.

References: tests/reference/models/make_reference.R (lm, summary.lm, confint,
car::vif, AIC/BIC, sandwich::vcovHC/vcovCL, anova) on carData::Prestige,
sandwich::PetersenCL and datasets::mtcars.
"""

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.exceptions import DataError, OptionError, StatisticalWarning
from surveykit.models import design_matrix, hierarchical, model_table, ols

REF = Path(__file__).parent / "reference" / "models"
PRED = ["education", "income", "women", "type"]
R_TERMS = {"(Intercept)": "const", "typeprof": "type=prof", "typewc": "type=wc"}


def _json(name):
    return json.loads((REF / name).read_text())


@pytest.fixture(scope="module")
def prestige():
    return pd.read_csv(REF / "prestige.csv")


@pytest.fixture(scope="module")
def fit(prestige):
    return ols(prestige, outcome="prestige", predictors=PRED, categorical=["type"])


def test_ols_coefficients_match_lm(fit):
    ref = pd.DataFrame(_json("ols_prestige.json")["coefficients"])
    ref["term"] = ref["term"].replace(R_TERMS)
    got = fit.coefficients
    assert list(got["term"]) == list(ref["term"])
    for col in ["b", "se", "t", "p", "ci_low", "ci_high"]:
        np.testing.assert_allclose(got[col], ref[col], rtol=1e-6, atol=1e-12, err_msg=col)


def test_ols_fit_statistics_match_lm(fit):
    ref = _json("ols_prestige.json")
    assert fit.n == ref["n"] == 98 and fit.n_dropped == 4
    assert (fit.df_model, fit.df_resid) == (ref["f_df1"], ref["f_df2"])
    for key in ["r2", "adj_r2", "f", "f_p", "aic", "bic", "loglik", "sigma", "durbin_watson"]:
        assert getattr(fit, key) == pytest.approx(ref[key], rel=1e-6), key


def test_beta_vif_gvif_match_r(fit):
    ref = _json("ols_prestige.json")
    names = {k: R_TERMS.get(k, k) for k in ref["beta"]}
    got = fit.coefficients.set_index("term")
    for r_name, term in names.items():
        assert got.loc[term, "beta"] == pytest.approx(ref["beta"][r_name], rel=1e-6)
        assert got.loc[term, "vif"] == pytest.approx(ref["vif"][r_name], rel=1e-6)
        assert got.loc[term, "tolerance"] == pytest.approx(1 / ref["vif"][r_name], rel=1e-6)
    gv = pd.DataFrame(ref["gvif"])
    pd.testing.assert_frame_equal(fit.gvif.reset_index(drop=True), gv, check_dtype=False, rtol=1e-6)
    assert np.isnan(got.loc["const", ["beta", "vif"]]).all()


@pytest.mark.parametrize("kind", ["hc0", "hc1", "hc2", "hc3"])
def test_hc_standard_errors_match_sandwich(prestige, kind):
    ref = pd.DataFrame(_json("ols_prestige.json")["robust"][kind.upper()])
    got = ols(prestige, outcome="prestige", predictors=PRED, categorical=["type"], robust=kind)
    for col in ["se", "t", "p"]:
        np.testing.assert_allclose(got.coefficients[col], ref[col], rtol=1e-6, err_msg=col)
    assert got.cov_type == kind


def test_cluster_standard_errors_match_vcovcl():
    ref = _json("cluster.json")
    pet = pd.read_csv(REF / "petersen.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("error", StatisticalWarning)   # 500 clusters: no caveat
        got = ols(pet, outcome="y", predictors=["x"], cluster="firm")
    ref_se = pd.DataFrame(ref["petersen"])["se"]
    np.testing.assert_allclose(got.coefficients["se"], ref_se, rtol=1e-6)
    assert got.n_clusters == 500 and got.warnings == ()
    mt = pd.read_csv(REF / "mtcars.csv")
    with pytest.warns(StatisticalWarning, match="only 3 clusters"):
        got = ols(mt, outcome="mpg", predictors=["wt", "hp", "gear"], categorical=["gear"],
                  robust="cluster", cluster="cyl")
    assert got.n_clusters == mt["cyl"].nunique() == 3
    assert got.warnings == ("only 3 clusters: cluster-robust standard errors are unreliable "
                            "with fewer than about 20-50 clusters",)
    r = pd.DataFrame(ref["mtcars"])
    for col in ["se", "t", "p"]:
        np.testing.assert_allclose(got.coefficients[col], r[col], rtol=1e-6, err_msg=col)


def test_hierarchical_blocks_match_anova(prestige):
    ref = _json("hierarchy.json")
    got = hierarchical(prestige, outcome="prestige",
                       blocks=[["education"], ["income", "women"], ["type"]], categorical=["type"])
    s = got.steps
    assert got.n == ref["n"] and (s["n"] == ref["n"]).all()
    for col in ["r2", "adj_r2", "aic", "f_change", "p_change"]:
        np.testing.assert_allclose(s[col], ref[col], rtol=1e-6, err_msg=col)
    assert list(s["df1"]) == ref["df1"] and list(s["df2"]) == ref["df2"]
    np.testing.assert_allclose(s["r2_change"], np.diff(np.r_[0, ref["r2"]]), rtol=1e-6)
    assert set(got.coefficients["step"]) == {1, 2, 3}


def test_hierarchical_uses_one_sample(prestige):
    # 'type' is missing for 4 occupations: step 1 must drop them too
    got = hierarchical(prestige, outcome="prestige", blocks=[["education"], ["type"]],
                       categorical=["type"])
    assert got.models[0].n == got.models[1].n == 98


def test_model_table_lays_models_side_by_side(prestige, fit):
    small = ols(prestige, outcome="prestige", predictors=["education"])
    t = model_table([small, fit], names=["m1", "m2"])
    assert list(t.columns.get_level_values(0).unique()) == ["m1", "m2"]
    assert t.loc["education", ("m1", "b")] == small.coefficients["b"][1]
    assert np.isnan(t.loc["women", ("m1", "b")])
    assert t.loc["n", ("m2", "b")] == 98 and t.loc["r2", ("m2", "b")] == fit.r2
    with pytest.raises(OptionError):
        model_table([small, fit], names=["x", "x"])


def test_to_dict_follows_the_regress_contract(fit):
    d = fit.to_dict()
    for key in ["model", "outcome", "n", "r2", "adj_r2", "f", "f_p", "aic"]:
        assert key in d
    c = d["coefficients"][1]
    assert set(c) >= {"term", "b", "se", "t", "p", "beta", "vif", "ci"} and len(c["ci"]) == 2
    assert d["coefficients"][0]["beta"] is None
    json.dumps(d)


def test_design_dummies_and_listwise(prestige):
    d = design_matrix(prestige, outcome="prestige", predictors=["type", "women"],
                      categorical=["type"])
    assert d.terms == ("const", "type=prof", "type=wc", "women")
    assert d.n == 98 and d.n_dropped == 4
    np.testing.assert_array_equal(d.X[:, 1], (prestige["type"].dropna() == "prof").to_numpy())


def test_constant_predictor_is_named():
    df = pd.DataFrame({"y": [1.0, 2, 3, 4, 5], "x": [1.0, 2, 3, 5, 4], "k": [2.0] * 5})
    with pytest.raises(DataError, match="'k'"):
        ols(df, outcome="y", predictors=["x", "k"])


def test_collinear_predictors_are_named():
    rng = np.random.default_rng(0)
    df = pd.DataFrame(rng.normal(size=(50, 3)), columns=["a", "b", "c"])
    df["total"] = df.a + df.b
    df["y"] = rng.normal(size=50)
    with pytest.raises(DataError, match="collinear") as err:
        ols(df, outcome="y", predictors=["a", "b", "c", "total"])
    msg = str(err.value)
    assert "'a'" in msg and "'b'" in msg and "'total'" in msg and "'c'" not in msg


def test_too_few_observations_and_bad_input():
    df = pd.DataFrame({"y": [1.0, 2, 3], "a": [1.0, 2, 4], "b": [3.0, 1, 2]})
    with pytest.raises(DataError, match="too few"):
        ols(df, outcome="y", predictors=["a", "b"])
    with pytest.raises(DataError, match="not found"):
        ols(df, outcome="y", predictors=["zz"])
    with pytest.raises(DataError, match="constant"):
        ols(df.assign(y=1.0), outcome="y", predictors=["a"])
    with pytest.raises(DataError, match="categorical"):
        ols(df.assign(s=["u", "v", "w"]), outcome="y", predictors=["s"])
    with pytest.raises(OptionError):
        ols(df, outcome="y", predictors=["a"], robust="hc9")
