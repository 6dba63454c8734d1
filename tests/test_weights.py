"""Tests of surveykit.weights: raking against R's survey::rake and a closed form.

Trimmed raking has no standard R equivalent (survey::trimWeights redistributes the
trimmed weight additively, once); tests/reference/compare/make_reference.R writes the
rule documented in rake(trim=) as its own R loop, and the weights are compared with it.
"""

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.exceptions import DataError, OptionError, StatisticalWarning
from surveykit.weights import kish_deff, rake

REF_DIR = Path(__file__).parent / "reference" / "compare"
REF = json.loads((REF_DIR / "reference.json").read_text())
SA = pd.read_csv(REF_DIR / "sat_act.csv")


def margins():
    ref = REF["rake_satact"]
    return {"gender": {int(k): v for k, v in ref["gender_share"].items()},
            "education": {int(k): v for k, v in ref["edu_share"].items()}}


def test_rake_matches_survey_rake_and_reproduces_margins():
    ref = REF["rake_satact"]
    r = rake(SA, margins())
    assert r.converged
    np.testing.assert_allclose(r.weights, ref["weights"], rtol=1e-6)
    np.testing.assert_allclose(r.margins["achieved"], r.margins["target"], atol=1e-9)
    assert r.weights.sum() == pytest.approx(len(SA))
    assert r.deff_kish == pytest.approx(ref["deff_kish"], rel=1e-6)
    assert r.n_effective == pytest.approx(ref["n_effective"], rel=1e-6)
    assert list(r.margins.columns) == ["variable", "code", "target", "achieved", "sample"]


def test_rake_with_base_weights_matches_survey_rake():
    r = rake(SA, margins(), base_weights=SA["aw"])
    np.testing.assert_allclose(r.weights, REF["rake_satact_base"]["weights"], rtol=1e-6)
    assert r.deff_kish == pytest.approx(REF["rake_satact_base"]["deff_kish"], rel=1e-6)


def test_rake_closed_form_for_independent_2x2_sample():
    # Sample cells in product form (row and column independent): IPF is exact after one
    # cycle and the weight of cell (i, j) is (R_i / r_i) * (C_j / c_j) * n / n.
    cells = {(1, 1): 12, (1, 2): 28, (2, 1): 18, (2, 2): 42}  # r = (.4, .6), c = (.3, .7)
    frame = pd.DataFrame([k for k, m in cells.items() for _ in range(m)], columns=["sex", "age"])
    R, C = {1: 0.5, 2: 0.5}, {1: 0.45, 2: 0.55}
    r = rake(frame, {"sex": R, "age": C})
    expect = frame.apply(lambda row: R[row.sex] / {1: .4, 2: .6}[row.sex] * C[row.age] / {1: .3, 2: .7}[row.age],
                         axis=1)
    np.testing.assert_allclose(r.weights, expect, rtol=1e-12)
    assert r.iterations <= 2


def test_rake_total_and_trimming():
    r = rake(SA, margins(), total=1_000_000)
    assert r.weights.sum() == pytest.approx(1_000_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        t = rake(SA, margins(), trim=(0.5, 2.0))
    rel = t.weights / t.weights.mean()
    assert rel.min() >= 0.5 - 1e-9 and rel.max() <= 2.0 + 1e-9
    assert t.weight_max <= 2.0 + 1e-9
    assert t.deff_kish < rake(SA, margins()).deff_kish
    # bounds wide enough for the margins: both hold at convergence
    t = rake(SA, margins(), trim=(0.3, 3.5))
    assert t.converged and t.weight_max <= 3.5 + 1e-9
    np.testing.assert_allclose(t.margins["achieved"], t.margins["target"], atol=1e-9)


@pytest.mark.parametrize("case", REF["rake_satact_trim"], ids=lambda c: f"{c['trim']}-{c['base']}")
def test_trimmed_rake_matches_the_documented_rule_written_in_r(case):
    base = SA["aw"] if case["base"] == "sa$aw" else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        r = rake(SA, margins(), trim=tuple(case["trim"]), base_weights=base, max_iter=case["max_iter"])
    assert r.converged == case["converged"]
    assert r.iterations == case["iterations"]
    np.testing.assert_allclose(r.weights, case["weights"], rtol=1e-9)
    assert r.weight_min == pytest.approx(case["weight_min"], rel=1e-9)
    assert r.weight_max == pytest.approx(case["weight_max"], rel=1e-9)
    assert r.deff_kish == pytest.approx(case["deff_kish"], rel=1e-9)
    gap = (r.margins["achieved"] - r.margins["target"]).abs().max()
    assert gap == pytest.approx(case["gap"], abs=1e-12)


def test_rake_warns_when_bounds_make_margins_unreachable():
    with pytest.warns(StatisticalWarning, match="did not converge"):
        r = rake(SA, margins(), trim=(0.9, 1.1), max_iter=50)
    assert not r.converged and r.warnings


def test_kish_deff_closed_form():
    assert kish_deff([1, 1, 1, 1]) == 1
    w = np.array([1.0, 2, 3, 4])
    assert kish_deff(w) == pytest.approx(1 + w.var() / w.mean() ** 2)


def test_rake_errors():
    with pytest.raises(OptionError, match="sum to"):
        rake(SA, {"gender": {1: 49, 2: 51}})
    with pytest.raises(DataError, match="not among its codes"):
        rake(SA, {"gender": {1: 1.0}})
    with pytest.raises(DataError, match="not a column"):
        rake(SA, {"sex": {1: 1.0}})
    with pytest.raises(DataError, match="no respondent"):
        rake(SA, {"gender": {1: 0.4, 2: 0.4, 3: 0.2}})
    frame = pd.DataFrame({"g": [1, None, 2]})
    with pytest.raises(DataError, match="missing"):
        rake(frame, {"g": {1: 0.5, 2: 0.5}})
    with pytest.raises(OptionError, match="trim"):
        rake(SA, margins(), trim=(2, 3))
