"""Schema-aware crosstabs, group comparisons and correlations (surveykit.compare_tables).

The statistics are checked against R in test_compare.py; here the wiring is
checked on tests/tiny_survey.py (rows 1-7): code order and labels, hand-worked
chi-square and t, suppression, and agreement with the primitives (and scipy)
on the same values.
"""

import numpy as np
import pytest
from scipy import stats

import tiny_survey
from surveykit.compare import compare_groups, crosstab
from surveykit.compare_tables import compare_table, correlation_table, crosstab_table
from surveykit.exceptions import OptionError, StatisticalWarning


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    return tiny_survey.load(tmp_path_factory.mktemp("tiny"))


def test_crosstab_in_schema_code_order_with_hand_worked_chi2(survey):
    with pytest.warns(StatisticalWarning):
        x = crosstab_table(survey, "sex", "member")
    # Female (code 2, first in the schema): member rows 2 / not 3, 4, 6; Male: rows 1, 5, 7 all members
    assert x.row_codes == (2, 1) and x.row_labels == ("Female", "Male") and x.col_labels == ("Yes", "No")
    assert x.table.values.tolist() == [[1, 3], [3, 0]]
    assert x.table.index.name == "Sex" and x.table.columns.name == "Party member"
    assert x.stats.chi2 == pytest.approx(63 / 16)        # (9/7)^2 * 7 (1/16 + 1/12 + 1/12 + 1/9)
    np.testing.assert_allclose(x.row_pct.values, [[25, 75], [100, 0]])
    assert x.warnings and "expected counts" in x.warnings[0]
    assert x.tests["test"].tolist() == ["pearson", "yates", "likelihood_ratio", "fisher"]
    doc = x.to_dict()
    assert doc["table"] == [[1, 3], [3, 0]] and doc["row_codes"] == [2, 1]
    assert doc["chi2_yates"] is not None and doc["fisher_p"] == pytest.approx(x.stats.fisher_p)


def test_crosstab_statistics_equal_the_primitive_on_the_same_codes(survey):
    with pytest.warns(StatisticalWarning):
        x = crosstab_table(survey, "edu", "sex", language="zh")
        ref = crosstab(survey.data["edu"], survey.data["sex"], row_codes=[1, 2, 3], col_codes=[2, 1])
    assert x.col_labels == ("女", "男")
    for key in ["chi2", "df", "p", "g2", "cramers_v", "min_expected"]:
        assert getattr(x.stats, key) == pytest.approx(getattr(ref, key))


def test_crosstab_min_cell_hides_cells_but_not_statistics(survey):
    with pytest.warns(StatisticalWarning):
        x = crosstab_table(survey, "sex", "member", min_cell=2)
    # the 1 is hidden; its row and column need a second hidden cell each, then the last line too
    assert x.suppressed.values.tolist() == [[True, True], [True, True]]
    assert np.isnan(x.table.values.astype(float)).all() and np.isnan(x.row_pct.values).all()
    assert x.to_dict()["table"] == [[None, None], [None, None]]
    assert x.stats.chi2 == pytest.approx(63 / 16) and x.stats.table.values.tolist() == [[1, 3], [3, 0]]


def test_crosstab_min_cell_marks_the_small_cells_and_withholds_expected_counts(survey):
    with pytest.warns(StatisticalWarning):
        x = crosstab_table(survey, "sex", "member", min_cell=2)
    assert x.small.values.tolist() == [[True, False], [False, False]]   # only the 1 is small
    doc = x.to_dict()
    assert doc["expected"] is None and "computed on all counts" in doc["note"]
    assert np.isnan(doc["residuals"]).all() and doc["n"] == 7 and isinstance(doc["n"], int)


def test_crosstab_of_a_variable_with_itself_is_refused(survey):
    with pytest.raises(OptionError, match="ROW and COL are both 'sex'"):
        crosstab_table(survey, "sex", "sex")


def _determined(counts, hidden):
    """Hidden cells whose value follows from the visible cells and the row and column totals:
    those whose unit vector lies in the row space of the margin equations (linear algebra,
    independent of the graph argument of surveykit._disclosure)."""
    cells = np.argwhere(hidden)
    equations = np.array([[float(i == line) for i, _ in cells] for line in range(counts.shape[0])]
                         + [[float(j == line) for _, j in cells] for line in range(counts.shape[1])])
    rank = np.linalg.matrix_rank(equations)
    return [tuple(cell) for k, cell in enumerate(cells)
            if np.linalg.matrix_rank(np.vstack([equations, np.eye(len(cells))[k]])) == rank]


def test_suppression_leaves_no_hidden_count_that_the_margins_determine():
    from surveykit._disclosure import suppress

    # two blocks of small counts joined by a small cell (0, 2): every line has two or more
    # hidden cells, yet the margins give (0, 2) away; a cell closing a cycle through it is hidden
    counts = np.array([[1, 2, 3, 50], [2, 1, 40, 60], [30, 70, 1, 2], [80, 90, 2, 1]])
    primary = (counts > 0) & (counts < 5)
    assert _determined(counts, primary) == [(0, 2)]
    hidden = suppress(counts, 5)
    assert _determined(counts, hidden) == [] and (hidden & ~primary).sum() == 1 and hidden[2, 0]
    rng = np.random.default_rng(7)
    for _ in range(300):
        counts = rng.integers(0, 12, size=rng.integers(2, 6, size=2))
        hidden = suppress(counts, 5)
        assert hidden[(counts > 0) & (counts < 5)].all()
        if hidden.sum() < hidden.size:   # a table hidden whole gives nothing away but n
            assert _determined(counts, hidden) == [], counts


def test_weighted_crosstab(survey):
    with pytest.warns(StatisticalWarning):
        x = crosstab_table(survey, "sex", "member", weight="w")
    assert x.table.values.tolist() == [[2, 3], [3, 0]] and x.weight == "w"


def test_two_groups_first_minus_second_in_schema_order(survey):
    res = compare_table(survey, "sex", ["trust", "age"])
    g = res.groups[res.groups["var"] == "trust"]
    assert g["category"].tolist() == ["Female", "Male"] and g["n"].tolist() == [3, 3]
    np.testing.assert_allclose(g["mean"], [8 / 3, 11 / 6])
    t = res.tests.set_index(["var", "test"])
    # Female 2, 3, 3 vs Male 3, 1.5, 1: pooled variance 17/24
    assert t.loc[("trust", "student_t"), "statistic"] == pytest.approx((8 / 3 - 11 / 6) / np.sqrt(17 / 24 * 2 / 3))
    ref = compare_groups(survey.frame(["trust", "age"]), by=survey.data["sex"], codes=[2, 1])
    np.testing.assert_allclose(res.tests["statistic"], ref.tests["statistic"])
    assert res.tests["label"].iloc[0] == "Trust"


def test_more_groups_with_posthoc_and_json_df(survey):
    res = compare_table(survey, "edu", ["t1"], posthoc_method="games-howell", language="zh")
    assert res.posthoc[["group1_label", "group2_label"]].values.tolist() == [
        ["小学", "中学"], ["小学", "大学"], ["中学", "大学"]]
    doc = res.to_dict()
    tests = {t["test"]: t for t in doc["results"][0]["tests"]}
    assert tests["anova"]["df"] == [2.0, 4.0] and tests["anova"]["effect"] == "eta_sq"
    assert isinstance(tests["kruskal"]["df"], float)
    groups = [1 + 1 + 1, 2, 2]  # t1 by edu: (3, 3, 1), (2, 1), (3, 2)
    assert [gr["n"] for gr in doc["results"][0]["groups"]] == groups
    f = stats.f_oneway([3, 3, 1], [2, 1], [3, 2])
    assert tests["anova"]["statistic"] == pytest.approx(f.statistic)


def test_correlations_pairwise_with_labels(survey):
    res = correlation_table(survey, ["trust", "age", "t1"])
    both = survey.frame(["trust", "age"]).dropna()
    r, p = stats.pearsonr(both["trust"], both["age"])
    assert res.r.loc["trust", "age"] == pytest.approx(r) and res.p.loc["trust", "age"] == pytest.approx(p)
    assert res.n.loc["trust", "age"] == 5
    doc = res.to_dict()
    assert doc["vars"] == ["trust", "age", "t1"] and doc["labels"][0] == "Trust"
    assert set(doc) >= {"method", "r", "p", "n", "means", "sds"}
    assert correlation_table(survey, ["trust", "t1"]).r.index.tolist() == ["trust", "t1"]


def test_results_display_in_jupyter(survey):
    with pytest.warns(StatisticalWarning):
        x = crosstab_table(survey, "sex", "member")
    for result, word in [(x, "Female"), (compare_table(survey, "sex", ["trust"]), "welch_t"),
                         (correlation_table(survey, ["trust", "age"]), "Trust")]:
        assert "<table" in result._repr_html_() and word in result._repr_html_()


@pytest.mark.parametrize("call, words", [
    (lambda s: crosstab_table(s, "sex", "age"), "COL: unknown variable(s) 'age' ('age' is integer)"),
    (lambda s: compare_table(s, "sex", ["nope"]), "unknown variable(s) 'nope'"),
    (lambda s: compare_table(s, "trust", ["age"]), "--by"),
    (lambda s: compare_table(s, "sex", ["age"], posthoc_method="scheffe"), "--posthoc"),
    (lambda s: correlation_table(s, ["sex", "age"]), "'sex' is single"),
])
def test_bad_names_are_option_errors(survey, call, words):
    with pytest.raises(OptionError, match=None) as err:
        call(survey)
    assert words in str(err.value)
