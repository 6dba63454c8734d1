"""CFA, CR/AVE, Fornell–Larcker and HTMT against lavaan 0.6-14 and semTools 0.5-6.

References: tests/reference/cfa/make_reference.R (lavaan::cfa with its defaults,
standardizedSolution, fitMeasures; CR/AVE from lavaan's std.all loadings;
semTools::htmt) on lavaan::HolzingerSwineford1939, psychTools::bfi (reversed
items keyed as bfi.keys, complete cases) and a simulated Heywood case.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.exceptions import DataError, OptionError, StatisticalWarning
from surveykit.validity.cfa import CFAResult, cfa, cfa_from_cov
from surveykit.validity.cfa_measures import (
    ave, composite_reliability, fornell_larcker, htmt, htmt_from_cov)

REF = Path(__file__).parent / "reference" / "cfa"

HS_FACTORS = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"],
              "speed": ["x7", "x8", "x9"]}
BFI_FACTORS = {name: [f"{letter}{i}" for i in range(1, 6)]
               for name, letter in zip(["agree", "conscientious", "extraversion",
                                        "neuroticism", "openness"], "ACENO")}
HEY_FACTORS = {"f1": ["y1", "y2", "y3"], "f2": ["y4", "y5", "y6"]}
NONPD_FACTORS = {"a": ["v1", "v2", "v3"], "b": ["v4", "v5", "v6"]}
FIT_KEYS = {"chi2": "chisq", "df": "df", "p": "pvalue", "cfi": "cfi", "tli": "tli",
            "rmsea": "rmsea", "rmsea_ci_low": "rmsea.ci.lower",
            "rmsea_ci_high": "rmsea.ci.upper", "rmsea_p": "rmsea.pvalue",
            "srmr": "srmr", "aic": "aic", "bic": "bic", "loglik": "logl",
            "loglik_h1": "unrestricted.logl", "baseline_chi2": "baseline.chisq",
            "baseline_df": "baseline.df", "npar": "npar", "n": "ntotal"}


def _bfi_scored() -> pd.DataFrame:
    raw = pd.read_csv(REF / "bfi.csv")
    reversed_items = ["A1", "C4", "C5", "E1", "E2", "O2", "O5"]   # psychTools::bfi.keys
    raw[reversed_items] = 7 - raw[reversed_items]
    return raw                    # incomplete rows: cfa() and htmt() drop them


DATA = {
    "hs": (lambda: pd.read_csv(REF / "holzinger_swineford.csv"), HS_FACTORS),
    "bfi": (_bfi_scored, BFI_FACTORS),
    "heywood": (lambda: pd.read_csv(REF / "heywood.csv"), HEY_FACTORS),
    "nonpd": (lambda: pd.read_csv(REF / "nonpd.csv"), NONPD_FACTORS),
}
WARNED = {"heywood", "nonpd"}
# lavaan's nlminb stops at rel.tol 1e-10 on F: on bfi its own gradient is 2e-6
# (ours 1e-10 by lavaan's gradient at our solution, with a lower chi2), which
# leaves its estimates 2.5e-5 from the optimum; elsewhere they agree to 1e-6.
EST_TOL = {"hs": 5e-6, "bfi": 1e-4, "heywood": 5e-6, "nonpd": 5e-6}


@pytest.fixture(scope="module", params=list(DATA))
def case(request):
    name = request.param
    load, factors = DATA[name]
    data = load()
    with _statistical_warnings(expected=name in WARNED):
        res = cfa(data, factors=factors)
    pe = pd.read_csv(REF / f"{name}_estimates.csv")
    ss = pd.read_csv(REF / f"{name}_standardized.csv")
    ref = pe.merge(ss[["lhs", "op", "rhs", "est.std"]], on=["lhs", "op", "rhs"])
    fit = json.loads((REF / f"{name}_fit.json").read_text())
    return name, data, factors, res, ref, fit


@contextlib.contextmanager
def _statistical_warnings(expected: bool):
    """Expect a StatisticalWarning, or turn any into an error."""
    if expected:
        with pytest.warns(StatisticalWarning):
            yield
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("error", StatisticalWarning)
            yield


def _compare(ours: pd.DataFrame, ref: pd.DataFrame, tol: float) -> None:
    pairs = [("est", "est"), ("se", "se"), ("z", "z"), ("p", "pvalue"),
             ("ci_low", "ci.lower"), ("ci_high", "ci.upper"), ("std", "est.std")]
    for ours_col, ref_col in pairs:
        np.testing.assert_allclose(ours[ours_col].to_numpy(float),
                                   ref[ref_col].to_numpy(float),
                                   atol=tol, rtol=tol, err_msg=ours_col)


def test_loadings_match_lavaan(case):
    name, _, _, res, ref, _ = case
    ld = ref[ref.op == "=~"]
    assert list(res.loadings.columns) == ["factor", "item", "est", "se", "z", "p",
                                          "ci_low", "ci_high", "std"]
    assert res.loadings["factor"].tolist() == ld["lhs"].tolist()
    assert res.loadings["item"].tolist() == ld["rhs"].tolist()
    _compare(res.loadings, ld, EST_TOL[name])


def test_residual_variances_match_lavaan(case):
    name, _, factors, res, ref, _ = case
    items = [i for its in factors.values() for i in its]
    rv = ref[(ref.op == "~~") & (ref.lhs == ref.rhs) & ref.lhs.isin(items)]
    assert res.residuals["item"].tolist() == rv["lhs"].tolist()
    _compare(res.residuals, rv, EST_TOL[name])


def test_factor_covariances_match_lavaan(case):
    name, _, factors, res, ref, _ = case
    fc = ref[(ref.op == "~~") & ref.lhs.isin(list(factors))]
    merged = res.factor_cov.merge(fc, left_on=["a", "b"], right_on=["lhs", "rhs"],
                                  suffixes=("", "_ref"))
    assert len(merged) == len(fc) == len(res.factor_cov)
    merged = merged.rename(columns={"est": "ours_est", "se": "ours_se"})
    ours = merged[["ours_est", "ours_se", "z", "p", "ci_low", "ci_high", "std"]].set_axis(
        ["est", "se", "z", "p", "ci_low", "ci_high", "std"], axis=1)
    reference = merged[["est_ref", "se_ref", "z_ref", "pvalue", "ci.lower", "ci.upper",
                        "est.std"]].set_axis(
        ["est", "se", "z", "pvalue", "ci.lower", "ci.upper", "est.std"], axis=1)
    _compare(ours, reference, EST_TOL[name])


def test_fit_measures_match_lavaan(case):
    _, _, _, res, _, fit = case
    for ours, theirs in FIT_KEYS.items():
        # lavaan's estimates carry its optimiser's tolerance (srmr differs by 2e-9)
        assert res.fit[ours] == pytest.approx(fit[theirs], rel=1e-6, abs=1e-12), ours


def test_converged_and_result_interface(case):
    name, _, _, res, _, _ = case
    assert isinstance(res, CFAResult)
    assert res.converged
    assert res.n == {"hs": 301, "bfi": 2436, "heywood": 60, "nonpd": 200}[name]
    pd.testing.assert_frame_equal(res.to_frame(), res.loadings)
    assert "Confirmatory factor analysis" in res.summary()
    assert {"chi2", "df", "p", "cfi", "tli", "rmsea", "srmr"} <= set(res.fit.index)


def test_cfa_from_cov_matches_lavaan():
    hs = pd.read_csv(REF / "holzinger_swineford.csv")
    ref = pd.read_csv(REF / "hs_estimates.csv")
    fit = json.loads((REF / "hs_fit.json").read_text())
    for cov, ddof in [(hs.cov(), 1), (hs.cov(ddof=0), 0)]:
        res = cfa_from_cov(cov, len(hs), factors=HS_FACTORS, ddof=ddof)
        np.testing.assert_allclose(res.loadings["est"], ref[ref.op == "=~"]["est"],
                                   atol=5e-6)
        assert res.fit["chi2"] == pytest.approx(fit["chisq"], rel=1e-8)


def test_cr_ave_match_r_and_closed_form(case):
    name, _, factors, res, ref, _ = case
    r = pd.read_csv(REF / f"{name}_cr_ave.csv").set_index("factor")
    assert composite_reliability(res).index.tolist() == list(factors)
    np.testing.assert_allclose(composite_reliability(res), r["cr"], atol=EST_TOL[name])
    np.testing.assert_allclose(ave(res), r["ave"], atol=EST_TOL[name])
    # closed form on lavaan's own standardised loadings
    lavaan_std = ref[ref.op == "=~"]["est.std"].to_numpy()
    same = dataclasses.replace(res, loadings=res.loadings.assign(std=lavaan_std))
    np.testing.assert_allclose(composite_reliability(same), r["cr"], rtol=1e-12)
    np.testing.assert_allclose(ave(same), r["ave"], rtol=1e-12)


def test_fornell_larcker(case):
    name, _, factors, res, ref, _ = case
    fl = fornell_larcker(res)
    r = pd.read_csv(REF / f"{name}_cr_ave.csv").set_index("factor")
    assert fl.index.tolist() == fl.columns.tolist() == list(factors)
    np.testing.assert_allclose(np.diag(fl), np.sqrt(r["ave"]), atol=EST_TOL[name])
    fc = ref[(ref.op == "~~") & ref.lhs.isin(list(factors)) & (ref.lhs != ref.rhs)]
    for a, b, r_ab in fc[["lhs", "rhs", "est.std"]].itertuples(index=False):
        assert fl.loc[a, b] == fl.loc[b, a] == pytest.approx(r_ab, abs=EST_TOL[name])


@pytest.mark.parametrize("name", list(DATA))
def test_htmt_matches_semtools(name):
    load, factors = DATA[name]
    data = load()
    ref = pd.read_csv(REF / f"{name}_htmt.csv")
    for kwargs, col in [({}, "htmt"), ({"htmt2": True}, "htmt2"),
                        ({"absolute": False}, "htmt_signed")]:
        for ours in (htmt(data, factors=factors, **kwargs),
                     htmt_from_cov(data.dropna().cov(), factors=factors, **kwargs)):
            assert list(ours.columns) == ["a", "b", "htmt"]
            merged = ours.merge(ref[["a", "b", col]].rename(columns={col: "ref"}),
                                on=["a", "b"])
            assert len(merged) == len(ref) == len(ours)
            np.testing.assert_allclose(merged["htmt"], merged["ref"], rtol=1e-10,
                                       err_msg=col)


def test_heywood_case_is_warned_and_recorded():
    data = pd.read_csv(REF / "heywood.csv")
    with pytest.warns(StatisticalWarning, match="Heywood case") as caught:
        res = cfa(data, factors=HEY_FACTORS)
    ref = pd.read_csv(REF / "heywood_estimates.csv")
    assert ref.loc[(ref.lhs == "y3") & (ref.rhs == "y3"), "est"].item() < 0
    assert any("residual variance of 'y3' is negative" in w for w in res.warnings)
    assert any("standardised loading of 'y3'" in w for w in res.warnings)
    assert len(caught) == len(res.warnings) == 2


def test_non_positive_definite_factor_covariance_is_warned():
    data = pd.read_csv(REF / "nonpd.csv")
    with pytest.warns(StatisticalWarning, match="not positive definite"):
        res = cfa(data, factors=NONPD_FACTORS)
    assert res.warnings == ("the factor covariance matrix is not positive definite (a "
                            "negative factor variance or a factor correlation beyond +-1)",)
    ref = pd.read_csv(REF / "nonpd_standardized.csv")
    r_ab = ref.loc[(ref.lhs == "a") & (ref.rhs == "b"), "est.std"].item()
    assert r_ab > 1
    assert res.factor_cov.query("a != b")["std"].item() == pytest.approx(r_ab, abs=5e-6)


def test_errors():
    hs = pd.read_csv(REF / "holzinger_swineford.csv")
    with pytest.raises(DataError, match="not columns"):
        cfa(hs, factors={"visual": ["x1", "x2", "nope"]})
    with pytest.raises(OptionError, match="listed under"):
        cfa(hs, factors={"a": ["x1", "x2", "x3"], "b": ["x3", "x4", "x5"]})
    with pytest.raises(OptionError, match="at least 2"):
        cfa(hs, factors={"a": ["x1"], "b": ["x4", "x5", "x6"]})
    with pytest.raises(OptionError, match="not identified"):
        cfa(hs, factors={"a": ["x1", "x2"]})
    with pytest.raises(OptionError, match="mapping"):
        cfa(hs, factors=["x1", "x2"])
    with pytest.raises(DataError, match="singular"):
        cfa(hs.assign(x10=hs.x1 + hs.x2), factors={"a": ["x1", "x2", "x10"],
                                                    "b": ["x4", "x5", "x6"]})
    with pytest.raises(DataError, match="complete rows"):
        cfa(hs.head(5), factors=HS_FACTORS)
    with pytest.raises(DataError, match="not numeric"):
        cfa(hs.assign(x1=hs.x1.astype(str)), factors=HS_FACTORS)
    with pytest.raises(DataError, match="labelled"):
        cfa_from_cov(hs.cov().to_numpy(), 301, factors=HS_FACTORS)
    with pytest.raises(OptionError, match="ddof"):
        cfa_from_cov(hs.cov(), 301, factors=HS_FACTORS, ddof=2)
    with pytest.raises(OptionError, match="at least two"):
        htmt(hs, factors={"a": ["x1", "x2"]})


def test_non_convergence_is_warned(monkeypatch):
    import functools
    import importlib

    cfa_module = importlib.import_module("surveykit.validity.cfa")  # the module, not the function

    monkeypatch.setattr(cfa_module, "fisher_scoring", functools.partial(
        cfa_module.fisher_scoring, max_iter=3))
    hs = pd.read_csv(REF / "holzinger_swineford.csv")
    with pytest.warns(StatisticalWarning, match="did not converge"):
        res = cfa(hs, factors=HS_FACTORS)
    assert not res.converged and res.iterations == 3
    assert res.warnings[0].startswith("the CFA did not converge after 3 iterations")


# Twelve and twenty Holzinger-Swineford pupils: too few for nine items and three factors.
_TINY = [24, 227, 186, 60, 65, 37, 213, 117, 284, 23, 171, 98]
_TINY_20 = [189, 276, 116, 118, 296, 58, 271, 16, 257, 291, 13, 95, 207, 200, 71, 165, 156,
            11, 151, 292]


def _number_after(text: str, words: str) -> float:
    return float(text.split(words, 1)[1].split()[0].rstrip("),;"))


def test_stalled_fit_says_it_reached_the_minimum():
    hs = pd.read_csv(REF / "holzinger_swineford.csv")
    with pytest.warns(StatisticalWarning, match="reached the minimum"):
        res = cfa(hs.loc[_TINY], factors=HS_FACTORS)
    note = res.warnings[0]
    assert not res.converged and res.iterations == 2000
    assert note.startswith("the CFA reached the minimum of the ML discrepancy within rounding")
    assert _number_after(note, "Newton decrement") < 1e-12     # stationary, as said
    assert _number_after(note, "steps were still") > 1e-10     # but the steps did not settle
    assert "did not converge" not in note


def test_unidentified_fit_names_the_information_matrix():
    hs = pd.read_csv(REF / "holzinger_swineford.csv")
    with pytest.warns(StatisticalWarning, match="information matrix is not positive definite"):
        res = cfa(hs.loc[_TINY_20], factors=HS_FACTORS)
    assert not res.converged and res.iterations < 2000
    assert _number_after(res.warnings[0], "condition number") > 1e12
