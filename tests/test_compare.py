"""Tests of surveykit.compare against R (tests/reference/compare/make_reference.R)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.compare import cohens_d, compare_groups, correlate, crosstab, posthoc
from surveykit.exceptions import DataError, OptionError, StatisticalWarning

REF_DIR = Path(__file__).parent / "reference" / "compare"
REF = json.loads((REF_DIR / "reference.json").read_text())
TOL = 1e-6


def data(name):
    return pd.read_csv(REF_DIR / name)


def close(actual, expected, tol=TOL):
    np.testing.assert_allclose(np.asarray(actual, float), np.asarray(expected, float), rtol=tol, atol=tol)


# ---- crosstab ----------------------------------------------------------------------

def check_crosstab(x, ref):
    close(x.table, ref["table"])
    close(x.expected, ref["expected"])
    close(x.residuals, ref["stdres"])
    close(x.row_pct, ref["row_pct"])
    close(x.col_pct, ref["col_pct"])
    assert x.df == ref["df"] == ref["g2_df"]
    close([x.chi2, x.p, x.g2, x.g2_p, x.cramers_v], [ref["chi2"], ref["p"], ref["g2"], ref["g2_p"], ref["cramers_v"]])
    assert x.min_expected == pytest.approx(np.min(ref["expected"]))


def test_crosstab_r_by_c_matches_chisq_test_and_loglm():
    mt = data("mtcars.csv")
    with pytest.warns(StatisticalWarning, match="expected counts"):
        x = crosstab(mt["cyl"], mt["gear"])
    check_crosstab(x, REF["crosstab_cyl_gear"])
    assert x.chi2_yates is None and x.fisher_p is None
    assert x.row_codes == (4, 6, 8) and x.col_codes == (3, 4, 5)
    assert len(x.warnings) == 1


def test_crosstab_2x2_yates_and_fisher():
    mt = data("mtcars.csv")
    x = crosstab(mt["am"], mt["vs"])
    ref = REF["crosstab_am_vs"]
    check_crosstab(x, ref)
    close([x.chi2_yates, x.p_yates, x.fisher_p], [ref["chi2_yates"], ref["p_yates"], ref["fisher_p"]])
    assert x.warnings == ()


def test_crosstab_weighted_equals_r_on_replicated_rows():
    sa = data("sat_act.csv")
    x = crosstab(sa["gender"], sa["education"], weights=sa["w"])
    check_crosstab(x, REF["crosstab_gender_education_weighted"])


def test_crosstab_declared_empty_code_is_shown_but_not_tested():
    mt = data("mtcars.csv")
    x = crosstab(mt["am"], mt["vs"], row_codes=[0, 1, 2])
    assert x.table.shape == (3, 2) and x.table.loc[2].sum() == 0
    assert x.chi2 == pytest.approx(REF["crosstab_am_vs"]["chi2"]) and x.df == 1


def test_crosstab_suppression_keeps_statistics_on_true_counts():
    mt = data("mtcars.csv")
    with pytest.warns(StatisticalWarning):
        x = crosstab(mt["cyl"], mt["gear"], min_cell=3)
    expected = (np.array(REF["crosstab_cyl_gear"]["table"]) > 0) & (np.array(REF["crosstab_cyl_gear"]["table"]) < 3)
    assert (x.suppressed.to_numpy() == expected).all()
    assert x.chi2 == pytest.approx(REF["crosstab_cyl_gear"]["chi2"])


def test_crosstab_missing_and_errors():
    x = crosstab(pd.Series([1, 2, None, 1] * 10), pd.Series([1, 1, 2, None] * 10))
    assert x.n == 20 and x.n_missing == 20
    with pytest.raises(DataError, match="not among its codes"):
        crosstab(pd.Series([1, 2]), pd.Series([1, 2]), row_codes=[1])
    with pytest.raises(OptionError, match="min_cell"):
        crosstab(pd.Series([1, 2]), pd.Series([1, 2]), min_cell=0)


# ---- group tests ------------------------------------------------------------------

def two_group_case(key):
    if key == "two_toothgrowth_supp":
        return data("toothgrowth.csv"), "len", "supp"
    if key == "two_mtcars_am":
        return data("mtcars.csv"), "mpg", "am"
    return data("sat_act.csv"), "ACT", "gender"


@pytest.mark.parametrize("key", ["two_toothgrowth_supp", "two_mtcars_am", "two_satact_gender"])
def test_two_groups_match_t_test_wilcox_levene_effectsize(key):
    d, y, g = two_group_case(key)
    ref = REF[key]
    res = compare_groups(d[[y, g]], by=g)
    close(res.groups[["n", "mean", "sd"]], pd.DataFrame(ref["groups"])[["n", "mean", "sd"]])
    t = res.tests.set_index("test")
    for name in ["student_t", "welch_t"]:
        close(t.loc[name, ["statistic", "df", "p"]], [ref[name]["statistic"], ref[name]["df"], ref[name]["p"]])
        close(t.loc[name, ["effect_size", "ci_low", "ci_high"]],
              [ref["cohens_d"]["d"], ref["cohens_d"]["ci_low"], ref["cohens_d"]["ci_high"]])
    mw = ref["mann_whitney"]
    close(t.loc["mann_whitney", ["statistic", "p", "effect_size"]], [mw["statistic"], mw["p"], mw["rank_biserial"]])
    lev = ref["levene_mean"]
    close(t.loc["levene", ["statistic", "df", "df2", "p"]], [lev["statistic"], lev["df1"], lev["df2"], lev["p"]])
    med = compare_groups(d[[y, g]], by=g, levene_center="median").tests.set_index("test").loc["levene"]
    lev = ref["levene_median"]
    close(med[["statistic", "df", "df2", "p"]], [lev["statistic"], lev["df1"], lev["df2"], lev["p"]])
    assert list(res.tests.columns) == ["var", "test", "statistic", "df", "df2", "p", "effect", "effect_size",
                                       "ci_low", "ci_high"]


K_CASES = {"k_chickwts_feed": ("chickwts.csv", "weight", "feed"),
           "k_warpbreaks_tension": ("warpbreaks.csv", "breaks", "tension"),
           "k_toothgrowth_dose": ("toothgrowth.csv", "len", "dose")}


@pytest.mark.parametrize("key", list(K_CASES))
def test_k_groups_match_aov_oneway_kruskal_levene(key):
    file, y, g = K_CASES[key]
    d = data(file)
    ref = REF[key]
    res = compare_groups(d, by=g, items=[y])
    close(res.groups[["n", "mean", "sd"]], pd.DataFrame(ref["groups"])[["n", "mean", "sd"]])
    t = res.tests.set_index("test")
    for name, r in [("anova", ref["anova"]), ("welch_anova", ref["welch_anova"]), ("levene", ref["levene_mean"])]:
        close(t.loc[name, ["statistic", "df", "df2", "p"]], [r["statistic"], r["df1"], r["df2"], r["p"]])
    close(t.loc["anova", "effect_size"], ref["anova"]["eta_sq"])
    kw = ref["kruskal"]
    close(t.loc["kruskal", ["statistic", "df", "p", "effect_size"]], [kw["statistic"], kw["df"], kw["p"], kw["epsilon_sq"]])


@pytest.mark.parametrize("key", list(K_CASES))
def test_tukey_matches_tukeyhsd(key):
    file, y, g = K_CASES[key]
    ref = pd.DataFrame(REF[key]["tukey"])
    res = posthoc(data(file), by=g, item=y, method="tukey")
    # R's pairs are "j-i" with diff = mean_j - mean_i; ours are i - j: match them by name
    codes = [str(c).removesuffix(".0") for c in res["group1"]], [str(c).removesuffix(".0") for c in res["group2"]]
    ref = ref.set_index("pair").loc[[f"{b}-{a}" for a, b in zip(*codes)]]
    close(res["diff"], -ref["diff"])
    close(res["ci_low"], -ref["upr"])
    close(res["ci_high"], -ref["lwr"])
    close(res["p"], ref["p_adj"])


@pytest.mark.parametrize("key", list(K_CASES))
def test_games_howell_matches_rstatix(key):
    file, y, g = K_CASES[key]
    ref = pd.DataFrame(REF[key]["games_howell"])
    res = posthoc(data(file), by=g, item=y, method="games_howell")
    assert [str(c).removesuffix(".0") for c in res["group1"]] == ref["group1"].astype(str).tolist()
    close(res["diff"], -ref["estimate"])          # rstatix: mean(group2) - mean(group1)
    close(res["ci_low"], -ref["conf_high"])
    close(res["ci_high"], -ref["conf_low"])
    close(res["df"], ref["df"])
    close(res["p"], ref["p_adj"])
    assert np.abs(res["p"] - ref["p_adj_rstatix"]).max() < 5e-4  # rstatix rounds its p to 3 digits


def test_cohens_d_direct_and_group_edge_cases():
    ref = REF["two_mtcars_am"]["cohens_d"]
    mt = data("mtcars.csv")
    d = cohens_d(mt.loc[mt.am == 0, "mpg"], mt.loc[mt.am == 1, "mpg"])
    close(d, [ref["d"], ref["ci_low"], ref["ci_high"]])
    frame = pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 6, 7], "g": [1, 1, 1, 2, 2, 2, 3]})
    with pytest.warns(StatisticalWarning, match="fewer than 2"):
        res = compare_groups(frame, by="g")
    assert res.tests["test"].tolist() == ["student_t", "welch_t", "mann_whitney", "levene"]
    assert res.groups["n"].tolist() == [3, 3, 1]
    with pytest.raises(DataError, match="fewer than two groups"):
        compare_groups(frame.iloc[:4], by="g")
    with pytest.raises(OptionError, match="levene_center"):
        compare_groups(frame, by="g", levene_center="trimmed")


def test_group_order_sets_the_sign_of_t():
    tg = data("toothgrowth.csv")
    a = compare_groups(tg[["len", "supp"]], by="supp").tests.set_index("test")
    b = compare_groups(tg[["len", "supp"]], by="supp", codes=["VC", "OJ"]).tests.set_index("test")
    assert b.loc["welch_t", "statistic"] == pytest.approx(-a.loc["welch_t", "statistic"])
    assert b.loc["welch_t", "effect_size"] == pytest.approx(-a.loc["welch_t", "effect_size"])


# ---- correlations ----------------------------------------------------------------

@pytest.mark.parametrize("key, file", [("cor_airquality_pearson", "airquality.csv"),
                                       ("cor_airquality_spearman", "airquality.csv"),
                                       ("cor_satact_pearson", "sat_act.csv"),
                                       ("cor_satact_spearman", "sat_act.csv")])
def test_correlations_match_cor_test_per_pair(key, file):
    ref = REF[key]
    res = correlate(data(file), items=ref["vars"], method=key.rsplit("_", 1)[1])
    close(res.r, ref["r"])
    close(res.p, ref["p"], tol=1e-9)
    assert (res.n.to_numpy() == np.array(ref["n"])).all()
    close(res.descriptives["mean"], ref["mean"])
    close(res.descriptives["sd"], ref["sd"])


def test_correlate_errors():
    with pytest.raises(OptionError, match="method"):
        correlate(pd.DataFrame({"a": [1.0, 2], "b": [1.0, 2]}), method="kendall")
    with pytest.raises(DataError, match="at least 2"):
        correlate(pd.DataFrame({"a": [1.0, 2]}))
