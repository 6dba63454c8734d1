"""Schema-aware describing (surveykit.description) on a tiny survey worked out by hand.

The statistics themselves are checked against R in test_describe_stats.py; here
the values are counted by hand from tests/tiny_survey.py (rows 1-7 analysed):
labels, code order, denominators with not-applicable respondents, multiple
response, weights (against the same data with the weighted row repeated),
suppression of small cells and the analysis sample.
"""

import numpy as np
import pytest

import tiny_survey
from surveykit.description import (default_variables, describe, descriptives_table, frequency_table,
                                likert_table, missing_summary, multiple_response_table, sample_profile)
from surveykit.exceptions import OptionError


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    return tiny_survey.load(tmp_path_factory.mktemp("tiny"))


def cats(d, name):
    return d.categories[d.categories["variable"] == name].reset_index(drop=True)


def test_analysis_sample_drops_the_respondent_the_duration_check_excludes(survey):
    assert survey.data.index.tolist() == [1, 2, 3, 4, 5, 6, 7]


def test_labels_in_the_chosen_language_and_codes_in_schema_order(survey):
    en, zh = describe(survey, ["sex"]), describe(survey, ["sex"], language="zh")
    assert cats(en, "sex")[["code", "category"]].values.tolist() == [[2, "Female"], [1, "Male"]]
    assert cats(zh, "sex")["category"].tolist() == ["女", "男"]
    assert zh.variables["label"].tolist() == ["性别"] and en.variables["label"].tolist() == ["Sex"]
    t = cats(en, "sex")
    assert t["n"].tolist() == [4, 3]
    np.testing.assert_allclose(t["percent"], [400 / 7, 300 / 7])
    np.testing.assert_allclose(t["cumulative_percent"], [400 / 7, 100])


def test_not_applicable_respondents_are_outside_every_denominator(survey):
    d = describe(survey, ["role"])
    v = d.variables.iloc[0]
    # members: rows 1, 2, 5, 7; row 5 left it empty; rows 3, 4, 6 were not asked
    assert (v["n_valid"], v["n_missing"], v["n_not_applicable"]) == (3, 1, 3)
    t = cats(d, "role")
    assert t["n"].tolist() == [2, 1]
    np.testing.assert_allclose(t["percent"], [50.0, 25.0])          # of the 4 it applied to
    np.testing.assert_allclose(t["valid_percent"], [200 / 3, 100 / 3])
    assert v["missing_percent"] == pytest.approx(25.0)


def test_not_applicable_from_a_relevant_condition(tmp_path):
    schema = tiny_survey.SCHEMA.replace("label: {en: Holds a party role, zh: 党内职务}}",
                                        "label: {en: Holds a party role}, relevant: '${member} = 1'}")
    rows = [tuple(None if cell == "(跳过)" and i == 4 else cell for i, cell in enumerate(r))
            for r in tiny_survey.ROWS]
    v = describe(tiny_survey.load(tmp_path, schema=schema, rows=rows), ["role"]).variables.iloc[0]
    assert (v["n_valid"], v["n_missing"], v["n_not_applicable"]) == (3, 1, 3)


def test_multiple_response_percentages_of_responses_and_of_cases(survey):
    d = describe(survey, ["acts"])
    v = d.variables.iloc[0]
    # answered: rows 1, 2, 4, 5, 7; row 3 empty (missing); row 6 not asked
    assert (v["n_valid"], v["n_missing"], v["n_not_applicable"], v["n_cases"]) == (5, 1, 1, 5)
    o = d.options
    assert o["category"].tolist() == ["Meetings", "Volunteering", "Sports"]
    assert o["n"].tolist() == [3, 3, 2]                            # 8 responses
    np.testing.assert_allclose(o["pct_responses"], [37.5, 37.5, 25.0])
    np.testing.assert_allclose(o["pct_cases"], [60.0, 60.0, 40.0])


def test_multiple_response_by_group(survey):
    m = multiple_response_table(survey, "acts", by="sex", language="zh")
    t = m.table
    assert t["group_label"].unique().tolist() == ["女", "男"]
    female = t[t["group"] == 2]   # rows 2 {2}, 4 {1,2,3}: 4 responses, 2 cases
    assert female["n"].tolist() == [1, 2, 1]
    np.testing.assert_allclose(female["pct_responses"], [25.0, 50.0, 25.0])
    np.testing.assert_allclose(female["pct_cases"], [50.0, 100.0, 50.0])
    assert m.cases.set_index("group").loc[2, ["n_cases", "n_missing"]].tolist() == [2, 2]


def test_numeric_and_scale_descriptives(survey):
    d = descriptives_table(survey, ["age", "trust"])
    age, trust = d.iloc[0], d.iloc[1]
    ages = np.array([25, 45, 52, 33, 61, 38.0])                    # row 6: missing code -9
    assert (age["n_valid"], age["n_missing"]) == (6, 1)
    assert age["mean"] == pytest.approx(ages.mean()) and age["sd"] == pytest.approx(ages.std(ddof=1))
    assert (age["median"], age["min"], age["max"]) == (41.5, 25, 61)
    # trust = mean(t1, 4 - t2); row 4 lacks t2, so no score
    scores = np.array([3, 2, 3, 1.5, 3, 1.0])
    assert trust["type"] == "scale" and trust["n_valid"] == 6
    assert trust["mean"] == pytest.approx(2.25) and trust["sd"] == pytest.approx(scores.std(ddof=1))


def test_weights_count_like_repeated_rows(survey, tmp_path):
    rows = tiny_survey.ROWS[:1] + [tiny_survey.ROWS[1]] * 2 + tiny_survey.ROWS[2:]
    repeated = tiny_survey.load(tmp_path, rows=rows)                # row 2 (w = 2) twice
    names = ["sex", "role", "acts", "age", "trust"]
    weighted, plain = describe(survey, names, weight="w"), describe(repeated, names)
    assert weighted.weight == "w"
    for a, b in [(weighted.categories, plain.categories), (weighted.options, plain.options)]:
        np.testing.assert_allclose(a["n"].astype(float), b["n"].astype(float))
        np.testing.assert_allclose(a.iloc[:, 5:7].astype(float), b.iloc[:, 5:7].astype(float))
    cols = ["n_valid", "n_missing", "n_not_applicable", "mean", "sd", "median"]
    np.testing.assert_allclose(weighted.variables[cols].astype(float), plain.variables[cols].astype(float))


def test_weight_from_the_schema_role(tmp_path):
    schema = tiny_survey.SCHEMA.replace("{name: w, type: number}", "{name: w, type: number, role: weight}")
    d = describe(tiny_survey.load(tmp_path, schema=schema), ["sex"])
    assert d.weight == "w" and cats(d, "sex")["n"].tolist() == [5.0, 3.0]


def test_min_cell_hides_small_counts_and_their_complement(survey):
    d = describe(survey, ["role", "sex"], min_cell=2)
    role, sex = cats(d, "role"), cats(d, "sex")
    # role: 2 yes, 1 no; the 1 is hidden, and the 2 too (else n_valid - 2 gives it away)
    assert role["suppressed"].tolist() == [True, True]
    assert role["n"].isna().all() and role["percent"].isna().all() and role["cumulative_percent"].isna().all()
    assert not sex["suppressed"].any() and sex["n"].tolist() == [4, 3]
    assert d.variables.set_index("variable").loc["role", "n_valid"] == 3   # totals stay true
    doc = d.to_dict()["variables"][0]["categories"][0]
    assert doc["n"] is None and doc["suppressed"] is True


def test_likert_table_items_as_answered(survey):
    lt = likert_table(survey, "trust")
    assert lt.stats["reversed"].tolist() == [False, True]
    wide = lt.percent_table()
    assert wide.columns.tolist()[:3] == ["Disagree", "Neutral", "Agree"]
    assert wide.index.tolist() == ["Trust the committee", "Distrust"]
    np.testing.assert_allclose(wide.iloc[0, :3], [200 / 7, 200 / 7, 300 / 7])   # t1: 1,1 / 2,2 / 3,3,3
    np.testing.assert_allclose(wide.iloc[1, :3], [50.0, 100 / 6, 100 / 3])      # t2: 1,1,1 / 2 / 3,3
    assert wide["mean"].iloc[1] == pytest.approx(11 / 6)                       # as answered, not reversed


def test_missing_summary_gives_the_reasons(survey):
    m = missing_summary(survey).set_index("variable")
    assert m.loc["age", ["n_missing", "n_missing_code"]].tolist() == [1, 1]
    assert m.loc["role", ["n_valid", "n_missing", "n_not_applicable"]].tolist() == [3, 1, 3]
    assert m.loc["t2", "n_missing_code"] == 1 and m.loc["acts", "n_not_applicable"] == 1
    assert np.isnan(m.loc["trust", "n_missing_code"])


def test_defaults_profile_and_frequency_table(survey):
    assert default_variables(survey) == ["sex", "age", "age_group", "edu", "trust"]
    profile = sample_profile(survey)
    assert profile["variable"].unique().tolist() == ["sex", "age_group", "edu"]
    assert frequency_table(survey, "edu")["n"].tolist() == [3, 2, 2]
    assert describe(survey).n == 7


@pytest.mark.parametrize("call, words", [
    (lambda s: describe(s, ["sex", "nope"]), "unknown variable(s) 'nope'; the variables"),
    (lambda s: describe(s, ["sex"], language="fr"), "'fr' is not a language"),
    (lambda s: describe(s, ["sex"], weight="sex"), "'sex' is single"),
    (lambda s: describe(s, ["sex"], min_cell=0), "positive whole number"),
    (lambda s: sample_profile(s, ["age"]), "'age' is integer"),
])
def test_bad_names_and_options_are_option_errors(survey, call, words):
    with pytest.raises(OptionError) as err:
        call(survey)
    assert words in str(err.value)
    if "unknown" in words:
        assert "sex, age, edu, member, role, acts, t1, t2" in str(err.value)


def test_result_displays_in_jupyter(survey):
    html = describe(survey, ["sex", "age"])._repr_html_()
    assert "<table" in html and "Female" in html
