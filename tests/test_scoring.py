"""Scale scores and derived variables, worked by hand from the spec's rules."""

import numpy as np
import pandas as pd
import pytest

from surveykit import loads_schema, read_survey

SCHEMA = loads_schema("""
surveykit: 1
id: t
choice_lists:
  a5: {1: a, 2: b, 3: c, 4: d, 5: e}
  yn: {1: 是, 2: 否}
  act: {1: 议事会, 2: 志愿, 3: 文体}
questions:
  - {name: x1, type: likert, choices: a5}
  - {name: x2, type: likert, choices: a5, reverse: true}
  - {name: x3, type: likert, choices: a5}
  - {name: age, type: integer}
  - {name: took, type: single, choices: yn}
  - {name: act, type: multiple, choices: act}
derived:
  - {name: age_group, from: age, cut: [16, 30, 60, 101], labels: [young, middle, old]}
  - {name: civic, from: act, any_of: [1, 2]}
scales:
  - {name: s_mean, items: [x1, x2, x3], min_items: 2}
  - {name: s_sum, items: [x1, x2, x3], score: sum, min_items: 2}
  - {name: s_all, items: [x1, x2, x3]}
""")


@pytest.fixture
def survey(tmp_path):
    path = tmp_path / "d.csv"
    pd.DataFrame({
        "x1": [5, 4, 1, "", 3], "x2": [1, 2, "", "", 5], "x3": [4, "", 2, 2, 3],
        "age": [16, 29, 30, 100, 101], "took": ["是", "是", "否", "是", "是"],
        "act": ["议事会┋文体", "文体", "(跳过)", "", "志愿"],
    }).to_csv(path, index=False)
    return read_survey(SCHEMA, path)


def test_reversed_items_and_min_items(survey):
    # x2 reversed: 6 - x.  Row 1: (5 + 5 + 4)/3; row 2: (4 + 4)/2; row 3: (1 + 2)/2;
    # row 4: one item only (< min_items 2); row 5: (3 + 1 + 3)/3
    expected = [14 / 3, 4.0, 1.5, np.nan, 7 / 3]
    np.testing.assert_allclose(survey.variable("s_mean"), expected)
    np.testing.assert_allclose(survey.variable("s_all"), [14 / 3, np.nan, np.nan, np.nan, 7 / 3])


def test_sum_score_is_prorated_when_items_are_missing(survey):
    np.testing.assert_allclose(survey.variable("s_sum"), [14.0, 12.0, 4.5, np.nan, 7.0])


def test_cut_bins_are_closed_on_the_left(survey):
    # [16,30) -> 1, [30,60) -> 2, [60,101) -> 3; 101 is outside the bins
    np.testing.assert_array_equal(survey.variable("age_group"), [1, 1, 2, 3, np.nan])


def test_any_of_counts_a_skipped_question_as_none_chosen(survey):
    # row 3 was not asked (skip logic): it chose none -> 0; row 4 left it unanswered -> missing
    np.testing.assert_array_equal(survey.variable("civic"), [1, 0, 0, np.nan, 1])


def test_imported_answers_keep_the_answer_as_given(survey):
    assert survey.data["x2"].tolist()[:2] == [1, 2]  # reversing happens only when scoring
    np.testing.assert_array_equal(survey.scale_items("s_all")["x2"].to_numpy()[:2], [5, 4])
