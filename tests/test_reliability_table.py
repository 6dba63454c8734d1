"""reliability_table: the scales of a schema, items reversed by the schema, against psych.

The data are psychTools::bfi as shipped (raw answers 1..6, tests/reference/cfa/bfi.csv)
read through tests/data/bfi_scales.yaml, whose ``reverse: true`` items are
bfi.keys' negative keys. The reference values (tests/reference/reliability/,
make_reference.R) are psych::alpha on the items reversed in R as 7 - x, so
agreement shows that the schema's reversal is psych's keying.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit import load_schema, loads_schema, read_survey
from surveykit.exceptions import OptionError, StatisticalWarning
from surveykit.scale_reliability import reliability_table

HERE = Path(__file__).parent
SCHEMA = HERE / "data" / "bfi_scales.yaml"
DATA = HERE / "reference" / "cfa" / "bfi.csv"
REF = HERE / "reference" / "reliability"
SCALES = ["agree", "conscientious", "extraversion", "neuroticism", "openness"]
CLOSED = 1e-9  # closed-form statistics
OMEGA = 1e-6   # one-factor minres fit behind omega_total


@pytest.fixture(scope="module")
def survey():
    return read_survey(load_schema(SCHEMA), DATA)


def _reference(missing: str):
    scales = pd.read_csv(REF / "alpha_scales.csv")
    items = pd.read_csv(REF / "alpha_items.csv")
    pick = (scales["dataset"] == "bfi") & (scales["missing"] == missing) & scales["scale"].isin(SCALES)
    scales = scales[pick].set_index("scale").loc[SCALES]
    pick = (items["dataset"] == "bfi") & (items["missing"] == missing) & items["scale"].isin(SCALES)
    return scales, items[pick].set_index(["scale", "item"])


@pytest.mark.parametrize("missing", ["listwise", "pairwise"])
def test_scales_match_psych_through_the_schema(survey, missing):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        res = reliability_table(survey, missing=missing)
    ref, ref_items = _reference(missing)
    got = res.scales.set_index("scale").loc[SCALES]
    assert got["n"].tolist() == ref["n"].tolist()
    assert got["k"].tolist() == [5] * 5
    for col in ["alpha", "alpha_std", "alpha_se", "mean_inter_item_r", "median_inter_item_r",
                "split_half", "lambda2", "lambda6"]:
        np.testing.assert_allclose(got[col], ref[col], atol=CLOSED, err_msg=col)
    np.testing.assert_allclose(got["ci_low"], ref["feldt_low"], atol=CLOSED)
    np.testing.assert_allclose(got["ci_high"], ref["feldt_high"], atol=CLOSED)
    np.testing.assert_allclose(got["omega_total"], ref["omega_total"], atol=OMEGA)
    items = res.items.set_index(["scale", "item"]).loc[ref_items.index]
    for col in ["n", "mean", "sd", "r_total", "r_std", "r_cor", "r_drop", "alpha_if_deleted",
                "alpha_std_if_deleted"]:
        np.testing.assert_allclose(items[col], ref_items[col], atol=CLOSED, err_msg=col)


def test_reversal_comes_from_the_schema(survey):
    res = reliability_table(survey, scales=["agree"])
    assert res.items[["item", "reversed"]].values.tolist() == [
        ["A1", True], ["A2", False], ["A3", False], ["A4", False], ["A5", False]]
    # psych's mean of the keyed item A1 (7 - x), not of the raw answers
    ref = _reference("listwise")[1].loc[("agree", "A1")]
    assert res.items["mean"][0] == pytest.approx(ref["mean"], abs=CLOSED)
    # without the reverse key, A1 correlates negatively with the rest and is named
    text = SCHEMA.read_text().replace('indifferent to the feelings of others", reverse: true',
                                      'indifferent to the feelings of others"')
    unkeyed = read_survey(loads_schema(text), DATA)
    with pytest.warns(StatisticalWarning, match=r"\['A1'\].*mis-keyed"):
        bad = reliability_table(unkeyed, scales=["agree"])
    assert bad.scales["alpha"][0] < res.scales["alpha"][0] - 0.1
    assert any("A1" in w for w in bad.scale_warnings("agree"))


def test_labels_identifiers_and_order(survey):
    res = reliability_table(survey, scales=["openness", "agree"], language="zh")
    assert res.scales["scale"].tolist() == ["openness", "agree"]
    assert res.scales["label"].tolist() == ["开放性", "宜人性"]
    assert list(res.scales.columns[:3]) == ["scale", "label", "k"]
    assert list(res.items.columns[:5]) == ["scale", "item", "label", "reversed", "n"]
    assert res.items["label"][0] == "Am full of ideas"  # items labelled in English only
    assert res.language == "zh"


def test_document_has_the_contract_keys(survey):
    doc = reliability_table(survey, scales=["openness"]).to_dict()
    scale = doc["scales"][0]
    for key in ["scale", "k", "n", "missing", "alpha", "alpha_std", "alpha_ci", "ci_method",
                "omega_total", "mean_inter_item_r", "items", "lambda2", "lambda6", "split_half",
                "warnings", "label"]:
        assert key in scale, key
    assert len(scale["alpha_ci"]) == 2 and scale["ci_method"] == "feldt"
    for key in ["item", "reversed", "mean", "sd", "r_drop", "alpha_if_deleted", "label"]:
        assert key in scale["items"][0], key
    assert scale["warnings"] == ["items ['O4'] have a weak corrected item-total correlation "
                                 "(r_drop < 0.3)"]


def test_progress_is_called_per_scale_and_changes_nothing(survey):
    calls = []
    kwargs = dict(scales=["agree", "openness"], ci="bootstrap-percentile", n_boot=200, seed=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        stepped = reliability_table(survey, **kwargs, progress=lambda d, t: calls.append((d, t)))
        whole = reliability_table(survey, **kwargs)
    assert calls == [(1, 2), (2, 2)]
    pd.testing.assert_frame_equal(stepped.scales, whole.scales)
    row = whole.scales.iloc[0]
    assert row["ci_low"] < row["alpha"] < row["ci_high"]


def test_bad_scale_and_language_are_refused(survey):
    with pytest.raises(OptionError, match="not scales of 'bfi'.*agree"):
        reliability_table(survey, scales=["agreeable"])
    with pytest.raises(OptionError, match="'fr' is not a language"):
        reliability_table(survey, language="fr")
