"""``surveykit reliability`` as a whole process: JSON contract, numbers from psych, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

HERE = Path(__file__).parent
SCHEMA = HERE / "data" / "bfi_scales.yaml"
DATA = HERE / "reference" / "cfa" / "bfi.csv"
REF = HERE / "reference" / "reliability"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "surveykit", "reliability", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_json_document_matches_the_contract_and_psych():
    proc = run(SCHEMA, DATA, "--scale", "agree", "--scale", "openness", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert [s["scale"] for s in doc["scales"]] == ["agree", "openness"]
    ref = pd.read_csv(REF / "alpha_scales.csv")
    ref = ref[(ref["dataset"] == "bfi") & (ref["missing"] == "listwise")].set_index("scale")
    items = pd.read_csv(REF / "alpha_items.csv")
    items = items[(items["dataset"] == "bfi") & (items["missing"] == "listwise")]
    for scale in doc["scales"]:
        assert set(scale) >= {"scale", "k", "n", "missing", "alpha", "alpha_std", "alpha_ci",
                              "ci_method", "omega_total", "mean_inter_item_r", "items",
                              "lambda2", "lambda6", "split_half", "warnings", "label"}
        r = ref.loc[scale["scale"]]
        assert scale["n"] == r["n"] and scale["missing"] == "listwise"
        assert scale["alpha"] == pytest.approx(r["alpha"], abs=1e-9)
        assert scale["alpha_ci"] == pytest.approx([r["feldt_low"], r["feldt_high"]], abs=1e-9)
        assert scale["omega_total"] == pytest.approx(r["omega_total"], abs=1e-6)
        want = items[items["scale"] == scale["scale"]].set_index("item")
        for item in scale["items"]:
            assert set(item) >= {"item", "reversed", "mean", "sd", "r_drop", "alpha_if_deleted"}
            assert item["r_drop"] == pytest.approx(want.loc[item["item"], "r_drop"], abs=1e-9)
            assert item["mean"] == pytest.approx(want.loc[item["item"], "mean"], abs=1e-9)
        assert [i["reversed"] for i in scale["items"]] == (
            [True, False, False, False, False] if scale["scale"] == "agree"
            else [False, True, False, False, True])
    assert doc["scales"][1]["warnings"] and not proc.stderr.strip()


def test_human_table_pairwise_duhachek_and_output_file(tmp_path):
    out = tmp_path / "rel.xlsx"
    proc = run(SCHEMA, DATA, "--missing", "pairwise", "--ci", "duhachek", "--lang", "zh",
               "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert "宜人性 (agree): 5 items, n = 2800 (pairwise)" in proc.stdout
    assert "(duhachek, 95%)" in proc.stdout
    assert "Warning: items ['O4'] have a weak corrected item-total correlation" in proc.stdout
    sheets = pd.read_excel(out, sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["scales", "items"] and len(sheets["items"]) == 25


def test_bootstrap_is_seeded_and_silent_without_a_terminal():
    args = (SCHEMA, DATA, "-s", "agree", "--ci", "bootstrap", "--n-boot", "300", "--seed", "7",
            "--format", "json")
    first, second = run(*args), run(*args)
    assert first.returncode == 0 and first.stderr == ""
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    assert a["scales"][0]["alpha_ci"] == b["scales"][0]["alpha_ci"]
    assert a["scales"][0]["ci_method"] == "bootstrap"


@pytest.mark.parametrize("args, message", [
    (["--scale", "agreeable"], "not scales of 'bfi'"),
    (["--missing", "both"], "both"),
    (["--n-boot", "10", "--ci", "bootstrap"], "--n-boot must be"),
])
def test_bad_input_exits_2_with_one_message(args, message):
    proc = run(SCHEMA, DATA, *args)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_missing_data_file_exits_2(tmp_path):
    proc = run(SCHEMA, tmp_path / "absent.csv")
    assert proc.returncode == 2 and "absent.csv" in proc.stderr
