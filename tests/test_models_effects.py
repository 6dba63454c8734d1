"""Moderation and mediation against R (lm + vcov, and a bootstrap recomputed in R).

References: tests/reference/models/make_reference.R: simple slopes computed in R
from vcov(lm) on carData::Prestige; mediation paths, Sobel test and the
percentile and BCa intervals of 2,000 resamples whose indices R drew and saved
(mediation_indices.csv) on datasets::mtcars.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.exceptions import OptionError
from surveykit.models import mediation, moderation
from surveykit.models.design import design_matrix
from surveykit.models.mediation import _indirect_replicates, _intervals, _jackknife

REF = Path(__file__).parent / "reference" / "models"


def _json(name):
    return json.loads((REF / name).read_text())


def test_moderation_matches_r():
    ref = _json("moderation.json")
    df = pd.read_csv(REF / "prestige.csv")
    got = moderation(df, outcome="prestige", focal="education", moderator="income",
                     covariates=["women"])
    r = pd.DataFrame(ref["coefficients"]).set_index("term")
    g = got.coefficients.set_index("term")
    names = {"(Intercept)": "const", "ec": "education", "ic": "income", "women": "women",
             "ec:ic": "education:income"}
    for r_name, term in names.items():
        for col in ["b", "se", "t", "p"]:
            assert g.loc[term, col] == pytest.approx(r.loc[r_name, col], rel=1e-6)
    s = pd.DataFrame(ref["slopes"])
    np.testing.assert_allclose(got.slopes["moderator_value"], s["value"], rtol=1e-10)
    for col in ["b", "se", "t", "p", "ci_low", "ci_high"]:
        np.testing.assert_allclose(got.slopes[col], s[col], rtol=1e-6, err_msg=col)
    assert got.interaction == "education:income"
    # the R-squared change of the product term is its squared t on 1 df
    assert got.f_change == pytest.approx(r.loc["ec:ic", "t"] ** 2, rel=1e-6)


def test_moderation_uncentred_slopes_are_the_same():
    df = pd.read_csv(REF / "prestige.csv")
    kw = dict(outcome="prestige", focal="education", moderator="income", at=[5000, 10000])
    a = moderation(df, center=True, **kw).slopes
    b = moderation(df, center=False, **kw).slopes
    np.testing.assert_allclose(a[["b", "se"]], b[["b", "se"]], rtol=1e-8)
    with pytest.raises(OptionError):
        moderation(df, outcome="prestige", focal="type", moderator="income",
                   categorical=["type"])


@pytest.fixture(scope="module")
def mtcars():
    return pd.read_csv(REF / "mtcars.csv")


def test_mediation_paths_and_sobel_match_r(mtcars):
    ref = _json("mediation.json")
    got = mediation(mtcars, x="hp", m="wt", y="mpg", covariates=["am"], n_boot=500, seed=1)
    p = got.paths.set_index("path")
    for path in ["a", "b", "c", "c_prime"]:
        assert p.loc[path, "b"] == pytest.approx(ref[path], rel=1e-6)
        assert p.loc[path, "se"] == pytest.approx(ref[f"{path}_se"], rel=1e-6)
    sob = got.indirect.set_index("method").loc["sobel"]
    assert sob["b"] == pytest.approx(ref["indirect"], rel=1e-6)
    assert sob["se"] == pytest.approx(ref["sobel_se"], rel=1e-6)
    assert sob["z"] == pytest.approx(ref["sobel_z"], rel=1e-6)
    assert sob["p"] == pytest.approx(ref["sobel_p"], rel=1e-6)
    # OLS on one sample: total = direct + indirect exactly
    assert p.loc["c", "b"] == pytest.approx(p.loc["c_prime", "b"] + ref["indirect"], rel=1e-10)


def test_bootstrap_intervals_match_r_on_the_same_resamples(mtcars):
    ref = _json("mediation.json")
    idx = pd.read_csv(REF / "mediation_indices.csv").to_numpy() - 1
    n = len(mtcars)
    counts = np.stack([np.bincount(row, minlength=n) for row in idx]).astype(float)
    full = design_matrix(mtcars, outcome="mpg", predictors=["hp", "wt", "am"])
    Z = np.column_stack([full.X, full.y])
    # a: wt ~ const + hp + am (columns 0, 1, 3); b: mpg ~ const + hp + wt + am
    spec = ([0, 1, 3], [0, 1, 2, 3], 2, 4, 1, 2)
    reps = _indirect_replicates(Z, [counts[:700], counts[700:]], spec)
    assert reps.std(ddof=1) == pytest.approx(ref["boot_se"], rel=1e-8)
    pct, bca = _intervals(reps, ref["indirect"], _jackknife(Z, spec), 0.95)
    np.testing.assert_allclose(pct, ref["percentile"], rtol=1e-8)
    np.testing.assert_allclose(bca, ref["bca"], rtol=1e-8)


def test_mediation_bootstrap_is_seedable_and_sane(mtcars):
    kw = dict(x="hp", m="wt", y="mpg", covariates=["am"], n_boot=2000)
    a = mediation(mtcars, seed=5, **kw).indirect
    b = mediation(mtcars, seed=5, **kw).indirect
    pd.testing.assert_frame_equal(a, b)
    pct = a.set_index("method").loc["percentile"]
    assert pct["ci_low"] < pct["b"] < pct["ci_high"]
    # the bootstrap SE of a*b is close to R's from 2,000 other resamples
    assert pct["se"] == pytest.approx(_json("mediation.json")["boot_se"], rel=0.1)
