"""Binary and ordered logit against R's glm(binomial) and MASS::polr.

References: tests/reference/models/make_reference.R on MASS::birthwt (glm,
confint.default, AME and delta-method SEs written out in R, sandwich) and
MASS::housing (polr with weights=Freq, Hess=TRUE; here expanded by Freq).
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.exceptions import DataError, StatisticalWarning
from surveykit.models import logit, ordered_logit

REF = Path(__file__).parent / "reference" / "models"
BW_PRED = ["age", "lwt", "race", "smoke", "ptl", "ht", "ui"]


def _json(name):
    return json.loads((REF / name).read_text())


@pytest.fixture(scope="module")
def birthwt():
    return pd.read_csv(REF / "birthwt.csv")


@pytest.fixture(scope="module")
def fit(birthwt):
    return logit(birthwt, outcome="low", predictors=BW_PRED, categorical=["race"])


def test_logit_matches_glm(fit):
    ref = _json("logit_birthwt.json")
    r = pd.DataFrame(ref["coefficients"])
    r["term"] = r["term"].str.replace(r"factor\(race\)", "race=", regex=True).replace(
        {"(Intercept)": "const"})
    got = fit.coefficients
    assert list(got["term"]) == list(r["term"])
    for col in ["b", "se", "z", "p", "ci_low", "ci_high"]:
        np.testing.assert_allclose(got[col], r[col], rtol=1e-6, err_msg=col)
    np.testing.assert_allclose(got["odds_ratio"], np.exp(r["b"]), rtol=1e-4)
    np.testing.assert_allclose(got["or_ci_high"], np.exp(r["ci_high"]), rtol=1e-4)
    for key in ["loglik", "ll_null", "pseudo_r2", "aic", "bic"]:
        assert getattr(fit, key) == pytest.approx(ref[key], rel=1e-6), key
    assert fit.n == ref["n"] and fit.event == "1" and fit.n_events == 59


def test_logit_likelihood_ratio_test_matches_glm_deviances(fit):
    # R: null.deviance - deviance, df.null - df.residual, pchisq(upper tail)
    ref = _json("logit_birthwt.json")
    assert fit.lr_chi2 == pytest.approx(ref["lr_chi2"], rel=1e-7)
    assert fit.lr_df == ref["lr_df"] == 8
    assert fit.lr_p == pytest.approx(ref["lr_p"], rel=1e-6)


def test_average_marginal_effects_match_r_formula(fit):
    ref = pd.DataFrame(_json("logit_birthwt.json")["ame"]).set_index("term")
    got = fit.marginal_effects.set_index("term").loc[ref.index]
    np.testing.assert_allclose(got["dydx"], ref["dydx"], rtol=1e-6)
    np.testing.assert_allclose(got["se"], ref["se"], rtol=1e-6)


def test_logit_robust_match_sandwich(birthwt):
    ref = _json("logit_birthwt.json")
    for kind in ["hc0", "hc3"]:
        got = logit(birthwt, outcome="low", predictors=BW_PRED, categorical=["race"], robust=kind)
        np.testing.assert_allclose(got.coefficients["se"], ref[kind], rtol=1e-4, err_msg=kind)
    with pytest.warns(StatisticalWarning, match="only 3 clusters"):
        got = logit(birthwt, outcome="low", predictors=BW_PRED, categorical=["race"],
                    cluster="race")
    np.testing.assert_allclose(got.coefficients["se"], ref["cl"], rtol=1e-4)
    assert got.n_clusters == birthwt["race"].nunique() == 3
    assert any("only 3 clusters" in w for w in got.warnings)


def test_two_codes_predict_the_higher(birthwt):
    recoded = birthwt.assign(low=birthwt["low"].map({0: 1, 1: 2}))
    got = logit(recoded, outcome="low", predictors=["age", "smoke"])
    base = logit(birthwt, outcome="low", predictors=["age", "smoke"])
    assert got.event == "2"
    np.testing.assert_allclose(got.coefficients["b"], base.coefficients["b"])


def test_complete_separation_is_an_error():
    df = pd.DataFrame({"y": [0, 0, 0, 0, 1, 1, 1, 1], "x": [1.0, 2, 3, 4, 5, 6, 7, 8],
                       "z": [0.3, 0.1, 0.5, 0.2, 0.4, 0.9, 0.7, 0.6]})
    with pytest.raises(DataError, match="separation.*'x'"):
        logit(df, outcome="y", predictors=["x"])


def test_quasi_complete_separation_names_the_dummy():
    rng = np.random.default_rng(1)
    n = 300
    g = rng.integers(1, 4, n)
    x = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-x))).astype(int)
    y[g == 3] = 1  # everyone in group 3 has the event
    df = pd.DataFrame({"y": y, "x": x, "g": g})
    with pytest.raises(DataError, match=r"separation.*'g=3'") as err:
        logit(df, outcome="y", predictors=["x", "g"], categorical=["g"])
    assert "'x'" not in str(err.value)


def test_outcome_category_errors():
    df = pd.DataFrame({"y": [1, 1, 1, 1, 1], "x": [1.0, 2, 3, 4, 5]})
    with pytest.raises(DataError, match="single category"):
        logit(df, outcome="y", predictors=["x"])
    with pytest.raises(DataError, match="single category"):
        ordered_logit(df, outcome="y", predictors=["x"])
    with pytest.raises(DataError, match="3 categories"):
        logit(df.assign(y=[1, 2, 3, 1, 2]), outcome="y", predictors=["x"])


@pytest.fixture(scope="module")
def housing():
    h = pd.read_csv(REF / "housing.csv")
    return h.loc[h.index.repeat(h["Freq"])].drop(columns="Freq").reset_index(drop=True)


def test_ordered_logit_matches_polr(housing):
    ref = _json("polr_housing.json")
    cat = ["Infl", "Type", "Cont"]
    got = ordered_logit(housing, outcome="Sat", predictors=cat, categorical=cat)
    r = pd.DataFrame(ref["coefficients"])
    assert list(got.coefficients["term"]) == ["Infl=2", "Infl=3", "Type=2", "Type=3", "Type=4",
                                              "Cont=2", "1/2", "2/3"]
    np.testing.assert_allclose(got.coefficients["b"], r["b"], atol=1e-6)
    np.testing.assert_allclose(got.coefficients["se"], r["se"], rtol=1e-4)
    np.testing.assert_allclose(got.coefficients["z"], r["z"], rtol=1e-4)
    assert got.loglik == pytest.approx(ref["loglik"], rel=1e-8)
    assert got.aic == pytest.approx(ref["aic"], rel=1e-8)
    assert got.n == ref["n"] == 1681


def test_ordered_logit_agrees_with_statsmodels_on_simulated_data():
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    rng = np.random.default_rng(7)
    n = 2000
    X = rng.normal(size=(n, 3))
    latent = X @ np.array([0.8, -0.5, 0.3]) + rng.logistic(size=n)
    y = np.digitize(latent, [-1.0, 0.2, 1.5]) + 1
    df = pd.DataFrame(X, columns=["a", "b", "c"]).assign(y=y)
    got = ordered_logit(df, outcome="y", predictors=["a", "b", "c"])
    sm = OrderedModel(y, X, distr="logit").fit(method="newton", disp=False)
    np.testing.assert_allclose(got.coefficients["b"][:3], sm.params[:3], atol=1e-5)
    cuts = sm.model.transform_threshold_params(sm.params)[1:-1]
    np.testing.assert_allclose(got.coefficients["b"][3:], cuts, atol=1e-5)
