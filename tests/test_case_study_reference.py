"""The five case studies against R: psych, lavaan and lm on the samples the reports analyse.

References: ``tests/reference/case_studies/`` (``make_items.py`` exports each cleaned sample,
items as scored; ``make_reference.R`` computes psych::alpha, psych::omega, psych::KMO,
psych::cortest.bartlett, psych::fa, lavaan::cfa and lm on them). Here the same numbers come
from surveykit's schema path: ``reliability_table``, ``validity_table(cfa=True)`` and
``regress`` on ``clean(read_survey(...)).survey``. Tolerances: 1e-6 for closed forms, 1e-3
for iterative fits (psych's omega and fa, lavaan), relative for large numbers.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "tests" / "reference" / "case_studies"
META = json.loads((REF / "studies.json").read_text(encoding="utf-8"))
R = json.loads((REF / "reference.json").read_text(encoding="utf-8"))
CLOSED, ITERATIVE = 1e-6, 1e-3


def close(actual, desired, tol, what):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(desired, dtype=float),
                               rtol=tol, atol=tol, err_msg=what)


@pytest.fixture(scope="module", params=list(META))
def study(request):
    name = request.param
    q = sk.load_schema(ROOT / "questionnaires" / f"{name}.yaml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        survey = sk.clean(sk.read_survey(q, ROOT / "data" / META[name]["data"])).survey
        validity = sk.validity_table(survey, cfa=True)
    return name, survey, validity


def test_exported_sample_is_the_cleaned_survey(study):
    name, survey, _ = study
    exported = pd.read_csv(REF / f"{name}_items.csv", index_col="row")
    scales = META[name]["scales"]
    items = pd.concat([survey.scale_items(s) for s in scales], axis=1)
    items = items.loc[:, ~items.columns.duplicated()]
    assert survey.n == META[name]["n"] == R[name]["n"] == len(exported)
    assert exported.index.tolist() == survey.data.index.tolist()
    pd.testing.assert_frame_equal(items, exported[items.columns], check_dtype=False,
                                  check_names=False)


def test_reliability_matches_psych(study):
    name, survey, _ = study
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sk.reliability_table(survey)
    scales = res.scales.set_index("scale")
    items = res.items.set_index(["scale", "item"])
    for scale, ref in R[name]["reliability"].items():
        row = scales.loc[scale]
        assert row["n"] == ref["n"], scale
        for mine, theirs in [("alpha", "raw_alpha"), ("alpha_std", "std_alpha"),
                             ("lambda6", "g6_smc"), ("mean_inter_item_r", "average_r")]:
            close(row[mine], ref[theirs], CLOSED, f"{name} {scale} {mine}")
        close(row["omega_total"], ref["omega_total"], ITERATIVE, f"{name} {scale} omega_total")
        ri = pd.DataFrame(ref["items"]).set_index("item")
        mine = items.loc[scale].loc[ri.index]
        for col, theirs in [("r_drop", "r_drop"), ("alpha_if_deleted", "alpha_drop"),
                            ("mean", "mean"), ("sd", "sd")]:
            close(mine[col], ri[theirs], CLOSED, f"{name} {scale} {col}")


def test_kmo_bartlett_and_efa_match_psych(study):
    name, _, res = study
    ref = R[name]["validity"]
    assert res.items["item"].tolist() == ref["items"] and res.n == ref["n"]
    close(res.kmo, ref["kmo"]["overall"], CLOSED, f"{name} KMO")
    close(res.items["msa"], ref["kmo"]["items"], CLOSED, f"{name} MSA")
    bartlett = res.bartlett.iloc[0]
    for key in ["chi2", "df", "p"]:
        close(bartlett[key], ref["bartlett"][key], CLOSED, f"{name} Bartlett {key}")
    # psych::fa orders the rotated factors by variance and makes their column sums positive
    close(res.efa.loadings.loc[ref["items"]], ref["efa"]["loadings"], ITERATIVE,
          f"{name} EFA loadings")
    close(res.efa.communalities["communality"].loc[ref["items"]], ref["efa"]["communalities"],
          ITERATIVE, f"{name} communalities")


def test_cfa_matches_lavaan(study):
    name, _, res = study
    ref = R[name]["validity"]["cfa"]
    for theirs, mine in [("chisq", "chi2"), ("df", "df"), ("pvalue", "p"), ("cfi", "cfi"),
                         ("tli", "tli"), ("rmsea", "rmsea"), ("rmsea.ci.lower", "rmsea_ci_low"),
                         ("rmsea.ci.upper", "rmsea_ci_high"), ("srmr", "srmr"), ("aic", "aic"),
                         ("bic", "bic"), ("ntotal", "n")]:
        close(res.cfa_fit[mine], ref["fit"][theirs], ITERATIVE, f"{name} CFA {mine}")
    loadings = pd.DataFrame(ref["loadings"])
    mine = res.cfa_loadings.set_index(["factor", "item"])["std"]
    close(mine.loc[list(zip(loadings["factor"], loadings["item"]))], loadings["std"], ITERATIVE,
          f"{name} CFA std.all loadings")
    close(res.items.set_index("item")["std_loading"].loc[loadings["item"]], loadings["std"],
          ITERATIVE, f"{name} std_loading column")


@pytest.mark.parametrize("model", ["scales", "report"])
def test_participation_regression_matches_lm(study, model):
    name, survey, _ = study
    ref = R[name]["regressions"][model]
    fit = sk.regress(survey, outcome="participation",
                     predictors=META[name]["regressions"][model])
    coef = fit.coefficients.set_index("term")
    terms = ref["coefficients"]["term"]
    assert coef.index.tolist() == terms
    for key in ["b", "se", "t", "p"]:
        close(coef[key], ref["coefficients"][key], CLOSED, f"{name} {model} {key}")
    for key in ["beta", "vif"]:
        close(coef.loc[list(ref[key]), key], list(ref[key].values()), CLOSED,
              f"{name} {model} {key}")
    assert fit.statistics["n"] == ref["n"]
    for key in ["r2", "adj_r2", "f", "f_p", "sigma", "aic", "bic", "loglik"]:
        close(fit.statistics[key], ref[key], CLOSED, f"{name} {model} {key}")
