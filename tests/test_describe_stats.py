"""Tests of surveykit.describe_stats against R (tests/reference/compare/make_reference.R)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.describe_stats import descriptives, frequencies, likert_distribution, multiple_response
from surveykit.exceptions import DataError, OptionError

REF_DIR = Path(__file__).parent / "reference" / "compare"
REF = json.loads((REF_DIR / "reference.json").read_text())
TOL = 1e-6


def data(name):
    return pd.read_csv(REF_DIR / name)


def test_frequencies_missing_and_not_applicable_as_r_table():
    aq = data("airquality.csv")
    ref = REF["frequencies"]
    f = frequencies(aq["ozone_band"], order=[1, 2, 3, 4], not_applicable=aq["Month"] == 5)
    t = f.table
    assert list(t.columns) == ["code", "n", "percent", "valid_percent", "cumulative_percent"]
    assert t["code"].tolist() == ref["code"]
    for col in ["n", "percent", "valid_percent", "cumulative_percent"]:
        np.testing.assert_allclose(t[col], ref[col], rtol=0, atol=TOL)
    assert (f.n_valid, f.n_missing, f.n_not_applicable) == (ref["n_valid"], ref["n_missing"], ref["n_not_applicable"])
    assert f.missing_percent == pytest.approx(ref["n_missing"] / (ref["n_valid"] + ref["n_missing"]) * 100)


def test_frequencies_weighted_equal_r_on_replicated_rows():
    aq = data("airquality.csv")
    applies = aq["Month"] != 5
    ref = REF["frequencies_weighted"]
    f = frequencies(aq.loc[applies, "ozone_band"], order=[1, 2, 3, 4], weights=aq.loc[applies, "w"])
    for col in ["n", "percent", "valid_percent", "cumulative_percent"]:
        np.testing.assert_allclose(f.table[col], ref[col], rtol=0, atol=TOL)
    assert f.n_missing == pytest.approx(ref["n_missing"])


def test_frequencies_analytic_weights_keep_respondent_count():
    f = frequencies(pd.Series([1, 2, 2, None]), weights=[2.0, 1.0, 1.0, 4.0], weight_type="analytic")
    assert f.n_valid + f.n_missing == pytest.approx(4)
    # analytic weights rescaled to mean 1: 1 -> 2*4/8 = 1, 2 -> 2*4/8 = 1, missing -> 2
    assert f.table["n"].tolist() == pytest.approx([1.0, 1.0])
    assert f.n_missing == pytest.approx(2.0)


def test_frequencies_reject_unknown_codes_and_bad_weights():
    with pytest.raises(DataError, match="not among its codes"):
        frequencies(pd.Series([1, 2, 9]), order=[1, 2])
    with pytest.raises(DataError, match="non-negative"):
        frequencies(pd.Series([1, 2]), weights=[1, -1])
    with pytest.raises(OptionError, match="duplicates"):
        frequencies(pd.Series([1, 2]), order=[1, 1, 2])
    with pytest.raises(OptionError, match="weight_type"):
        frequencies(pd.Series([1, 2]), weights=[1, 1], weight_type="pweight")


def test_frequencies_string_codes_keep_given_order():
    f = frequencies(pd.Series(["no", "yes", "yes", None]), order=["yes", "no"])
    assert f.table["code"].tolist() == ["yes", "no"]
    assert f.table["n"].tolist() == [2, 1]


COLS = ["n", "mean", "sd", "se", "median", "min", "max", "skewness", "kurtosis"]


@pytest.mark.parametrize("key, weighted", [("descriptives", False), ("descriptives_frequency_weights", True)])
def test_descriptives_match_psych_describe_type2(key, weighted):
    sa = data("sat_act.csv")
    ref = pd.DataFrame(REF[key])
    d = descriptives(sa, items=ref["variable"].tolist(), weights=sa["w"] if weighted else None)
    assert list(d.columns) == ["variable", "n", "n_missing", "mean", "sd", "se", "median", "min", "max",
                               "skewness", "kurtosis"]
    for col in COLS:
        np.testing.assert_allclose(d[col], ref[col], rtol=TOL, atol=TOL, err_msg=col)
    assert d.loc[d.variable == "SATQ", "n_missing"].item() == (sa["SATQ"].isna() * (sa["w"] if weighted else 1)).sum()


def test_descriptives_analytic_weights_match_survey_svyvar():
    sa = data("sat_act.csv")
    ref = pd.DataFrame(REF["descriptives_analytic_weights"])
    d = descriptives(sa, items=ref["variable"].tolist(), weights=sa["aw"], weight_type="analytic")
    np.testing.assert_allclose(d["mean"], ref["mean"], rtol=TOL)
    np.testing.assert_allclose(d["sd"], ref["sd"], rtol=TOL)
    assert d["n"].tolist() == sa[ref["variable"]].notna().sum().tolist()


def test_descriptives_skewness_is_not_e1071_type1():
    # the population-moment g1/g2 (type 1) differ from SPSS's G1/G2: make sure we report the latter
    sa = data("sat_act.csv")
    d = descriptives(sa, items=["ACT"])
    ref1 = REF["e1071_type1"][0]
    assert abs(d["skewness"].item() - ref1["skewness"]) > 1e-3
    n = len(sa)
    g1 = d["skewness"].item() * (n - 2) / np.sqrt(n * (n - 1))
    assert g1 == pytest.approx(ref1["skewness"], abs=TOL)


def test_descriptives_reject_text_columns():
    with pytest.raises(DataError, match="not numeric"):
        descriptives(pd.DataFrame({"a": ["x", "y"]}))


def test_likert_distribution_matches_r():
    bfi = data("bfi_agree.csv")
    ref = pd.DataFrame(REF["likert"])
    res = likert_distribution(bfi, items=["A1", "A2", "A3", "A4", "A5"], codes=[1, 2, 3, 4, 5, 6])
    np.testing.assert_allclose(res.distribution["n"], ref["count"], atol=TOL)
    np.testing.assert_allclose(res.distribution["percent"], ref["percent"], atol=TOL)
    stats = ref.drop_duplicates("item").reset_index(drop=True)
    np.testing.assert_allclose(res.stats["n"], stats["n"])
    np.testing.assert_allclose(res.stats["mean"], stats["mean"], rtol=TOL)
    np.testing.assert_allclose(res.stats["sd"], stats["sd"], rtol=TOL)
    wide = res.percent_table()
    assert wide.shape == (5, 6)
    np.testing.assert_allclose(wide.sum(axis=1), 100)


def test_multiple_response_overall_and_by_group_match_r():
    mr = data("multiple_response.csv")
    opts = ["opt_vs", "opt_am", "opt_gear5", "opt_carb4"]
    ref = REF["multiple_response"]
    res = multiple_response(mr, items=opts)
    for col in ["n", "pct_responses", "pct_cases"]:
        np.testing.assert_allclose(res.table[col], ref[col], atol=TOL)
    c = res.cases.iloc[0]
    assert (c.n_cases, c.n_responses, c.n_none, c.n_missing) == (
        ref["n_cases"], ref["n_responses"], ref["n_none"], ref["n_missing"])

    by = multiple_response(mr, items=opts, by=mr["cyl"])
    for cyl, r in REF["multiple_response_by_cyl"].items():
        part = by.table[by.table["group"] == int(cyl)]
        for col in ["n", "pct_responses", "pct_cases"]:
            np.testing.assert_allclose(part[col], r[col], atol=TOL)
        c = by.cases[by.cases["group"] == int(cyl)].iloc[0]
        assert (c.n_cases, c.n_none, c.n_missing) == (r["n_cases"], r["n_none"], r["n_missing"])


def test_multiple_response_weighted_equals_replicated_rows():
    mr = data("multiple_response.csv")
    opts = ["opt_vs", "opt_am", "opt_gear5", "opt_carb4"]
    w = np.arange(len(mr)) % 3 + 1
    rep = mr.loc[mr.index.repeat(w)]
    a = multiple_response(mr, items=opts, by=mr["cyl"], weights=w)
    b = multiple_response(rep, items=opts, by=rep["cyl"])
    pd.testing.assert_frame_equal(a.table, b.table, check_dtype=False)


def test_multiple_response_rejects_non_indicators():
    with pytest.raises(DataError, match="0, 1 or missing"):
        multiple_response(pd.DataFrame({"a": [1, 2]}))
