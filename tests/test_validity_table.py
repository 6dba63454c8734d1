"""validity_table / scale_validity against psych and lavaan, through the schema.

bfi: psychTools::bfi as shipped (tests/reference/cfa/bfi.csv) read through
tests/data/bfi_scales.yaml (bfi.keys' reverse-keyed items marked ``reverse:
true``). References: psych::KMO, cortest.bartlett, eigen, fa, fa.parallel on
the 2436 complete rows (tests/reference/efa/), and lavaan::cfa / semTools::htmt
on the same rows with the reverse-keyed items as 7 - x (tests/reference/cfa/).
Holzinger & Swineford (continuous scores, the float path) through
:func:`scale_validity` directly.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit import load_schema, read_survey
from surveykit.exceptions import DataError, OptionError, StatisticalWarning
from surveykit.construct_validity import scale_validity, validity_table

HERE = Path(__file__).parent
SCHEMA = HERE / "data" / "bfi_scales.yaml"
CFA = HERE / "reference" / "cfa"
EFA = json.loads((HERE / "reference" / "efa" / "reference.json").read_text())
CLOSED = 1e-8   # KMO, Bartlett, eigenvalues (one covariance matrix, then closed forms)
FIT = 1e-6      # psych's fa (replicated optimiser)
CFA_TOL = {"bfi": 1e-4, "hs": 5e-6}  # lavaan's own stopping rule (see test_validity_cfa)
HS_SCALES = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"],
             "speed": ["x7", "x8", "x9"]}


@pytest.fixture(scope="module")
def bfi():
    survey = read_survey(load_schema(SCHEMA), CFA / "bfi.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        return validity_table(survey, cfa=True)


@pytest.fixture(scope="module")
def hs():
    data = pd.read_csv(CFA / "holzinger_swineford.csv")
    return scale_validity(data, scales=HS_SCALES, cfa=True, n_factors=3)


def test_exploratory_part_matches_psych(bfi):
    ref = EFA["bfi"]
    assert bfi.n == ref["n"] == 2436
    assert bfi.items["item"].tolist() == ref["items"]
    assert bfi.kmo == pytest.approx(ref["kmo"]["overall"], abs=CLOSED)
    np.testing.assert_allclose(bfi.items["msa"], ref["kmo"]["items"], atol=CLOSED)
    b = bfi.bartlett.iloc[0]
    assert b["chi2"] == pytest.approx(ref["bartlett"]["chi2"], rel=1e-9)
    assert b["df"] == ref["bartlett"]["df"]
    assert b["determinant"] == pytest.approx(ref["determinant"], rel=1e-7)
    np.testing.assert_allclose(bfi.eigenvalues["eigenvalue"], ref["eigenvalues"], atol=CLOSED)
    assert (bfi.suggested_factors, bfi.suggested_components) == (ref["parallel"]["nfact"],
                                                                 ref["parallel"]["ncomp"])


def test_efa_matches_psych_up_to_the_signs_of_reversed_items(bfi):
    ref = EFA["bfi"]["fa"]["minres_varimax"]
    assert (bfi.n_factors, bfi.method, bfi.rotation) == (5, "minres", "varimax")  # = scales
    L = np.array(ref["loadings"]).reshape(-1, 5)
    # reversing an item flips the sign of its row, nothing else
    np.testing.assert_allclose(bfi.efa.loadings.abs().to_numpy(), np.abs(L), atol=FIT)
    np.testing.assert_allclose(bfi.items["communality"], ref["communality"], atol=FIT)
    assert bfi.loadings["item"].tolist() == ref["sorted_items"]
    a1 = bfi.efa.loadings.loc["A1"].to_numpy()
    assert np.sign(a1[np.abs(a1).argmax()]) == 1  # keyed A1 loads positively on its factor


def test_harman_matches_psych(bfi):
    ref = EFA["bfi"]
    h = bfi.harman.set_index("method")
    assert h.loc["pca", "proportion"] == pytest.approx(ref["eigenvalues"][0] / 25, abs=CLOSED)
    assert h.loc["efa", "ss_loadings"] == pytest.approx(ref["one_factor_minres"]["ss_loadings"],
                                                        abs=FIT)


def _lavaan(prefix):
    fit = json.loads((CFA / f"{prefix}_fit.json").read_text())
    std = pd.read_csv(CFA / f"{prefix}_standardized.csv")
    return (fit, std[std["op"] == "=~"], pd.read_csv(CFA / f"{prefix}_cr_ave.csv"),
            pd.read_csv(CFA / f"{prefix}_htmt.csv"))


@pytest.mark.parametrize("name", ["bfi", "hs"])
def test_cfa_matches_lavaan_and_semtools(name, bfi, hs):
    res = {"bfi": bfi, "hs": hs}[name]
    fit, std, cr_ave, htmt = _lavaan(name)
    tol = CFA_TOL[name]
    f = res.cfa_fit
    assert f["df"] == fit["df"] and f["n"] == fit["ntotal"]
    assert f["chi2"] == pytest.approx(fit["chisq"], rel=1e-5)
    for ours, theirs in [("cfi", "cfi"), ("tli", "tli"), ("rmsea", "rmsea"), ("srmr", "srmr"),
                         ("rmsea_ci_low", "rmsea.ci.lower"), ("rmsea_ci_high", "rmsea.ci.upper")]:
        assert f[ours] == pytest.approx(fit[theirs], abs=tol), ours
    assert f["aic"] == pytest.approx(fit["aic"], rel=1e-7)
    np.testing.assert_allclose(res.cfa_loadings["std"], std["est.std"], atol=tol)
    np.testing.assert_allclose(res.items["std_loading"], std["est.std"], atol=tol)
    c = res.constructs.set_index("factor").loc[cr_ave["factor"]]
    np.testing.assert_allclose(c["cr"], cr_ave["cr"], atol=tol)
    np.testing.assert_allclose(c["ave"], cr_ave["ave"], atol=tol)
    got = res.htmt.set_index(["a", "b"])["htmt"]
    want = htmt.set_index(["a", "b"])["htmt"]
    np.testing.assert_allclose(got.loc[want.index], want, atol=CLOSED)
    fl = res.fornell_larcker.to_numpy()
    np.testing.assert_allclose(np.diag(fl), np.sqrt(cr_ave["ave"]), atol=tol)


def test_hs_exploratory_part_matches_psych(hs):
    ref = EFA["hs"]
    assert hs.n == 301
    assert hs.kmo == pytest.approx(ref["kmo"]["overall"], abs=1e-8)
    np.testing.assert_allclose(hs.eigenvalues["eigenvalue"], ref["eigenvalues"], atol=1e-8)
    L = np.array(ref["fa"]["minres_varimax"]["loadings"]).reshape(-1, 3)
    np.testing.assert_allclose(hs.efa.loadings.to_numpy(), L, atol=1e-6)


def test_document_has_the_contract_keys(bfi):
    doc = bfi.to_dict()
    for key in ["n", "items", "kmo", "bartlett", "eigenvalues", "efa", "cfa"]:
        assert key in doc, key
    assert set(doc["kmo"]) == {"overall", "items"} and set(doc["kmo"]["items"]) == set(doc["items"])
    assert {"chi2", "df", "p"} <= set(doc["bartlett"])
    efa = doc["efa"]
    assert {"factors", "method", "rotation", "loadings", "communalities"} <= set(efa)
    assert len(efa["loadings"]["A1"]) == efa["factors"] == 5
    cfa = doc["cfa"]
    assert {"chi2", "df", "p", "cfi", "tli", "rmsea", "srmr"} <= set(cfa["fit"])
    assert set(cfa["loadings"][0]) >= {"factor", "item", "std"}
    assert set(cfa["cr"]) == set(cfa["ave"]) == {"agree", "conscientious", "extraversion",
                                                 "neuroticism", "openness"}
    assert set(cfa["htmt"][0]) == {"a", "b", "htmt"} and len(cfa["htmt"]) == 10
    assert doc["reversed"]["A1"] is True and doc["labels"]["A1"].startswith("Am indifferent")


def test_default_factors_and_chosen_scales():
    survey = read_survey(load_schema(SCHEMA), CFA / "bfi.csv")
    res = validity_table(survey, scales=["agree", "neuroticism"], rotation="promax", method="ml",
                         language="zh")
    assert res.n_factors == 2 and res.cfa is None and res.cfa_fit is None
    assert res.items["scale"].unique().tolist() == ["agree", "neuroticism"]
    assert res.efa.phi is not None and "cfa" not in res.to_dict()
    assert res.n == int(survey.data[[f"{s}{i}" for s in "AN" for i in range(1, 6)]]
                        .notna().all(axis=1).sum())


def test_bad_requests_are_refused():
    survey = read_survey(load_schema(SCHEMA), CFA / "bfi.csv")
    with pytest.raises(OptionError, match="not scales of"):
        validity_table(survey, scales=["nope"])
    with pytest.raises(OptionError, match="n_factors"):
        validity_table(survey, scales=["agree"], n_factors=5)
    tiny = survey.replace(data=survey.data.head(8))
    with pytest.raises(DataError, match="complete rows"):
        validity_table(tiny)
