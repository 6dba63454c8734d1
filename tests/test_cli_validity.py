"""``surveykit validity`` as a whole process: JSON contract, numbers from psych/lavaan, exit codes."""

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
CFA = HERE / "reference" / "cfa"
EFA = json.loads((HERE / "reference" / "efa" / "reference.json").read_text())["bfi"]


def run(*args):
    return subprocess.run([sys.executable, "-m", "surveykit", "validity", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_json_document_with_cfa_matches_the_contract_and_r():
    proc = run(SCHEMA, DATA, "--cfa", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["n"] == 2436 and doc["items"] == EFA["items"]
    assert doc["kmo"]["overall"] == pytest.approx(EFA["kmo"]["overall"], abs=1e-8)
    assert doc["kmo"]["items"]["A1"] == pytest.approx(EFA["kmo"]["items"][0], abs=1e-8)
    assert doc["bartlett"]["chi2"] == pytest.approx(EFA["bartlett"]["chi2"], rel=1e-9)
    assert (doc["bartlett"]["df"], doc["bartlett"]["p"]) == (300, 0.0)
    assert doc["eigenvalues"] == pytest.approx(EFA["eigenvalues"], abs=1e-8)
    efa = doc["efa"]
    assert (efa["factors"], efa["method"], efa["rotation"]) == (5, "minres", "varimax")
    assert list(efa["communalities"].values()) == pytest.approx(
        EFA["fa"]["minres_varimax"]["communality"], abs=1e-6)
    fit = json.loads((CFA / "bfi_fit.json").read_text())
    cfa = doc["cfa"]
    assert {"chi2", "df", "p", "cfi", "tli", "rmsea", "srmr"} <= set(cfa["fit"])
    assert cfa["fit"]["chi2"] == pytest.approx(fit["chisq"], rel=1e-5)
    assert cfa["fit"]["cfi"] == pytest.approx(fit["cfi"], abs=1e-4)
    assert cfa["fit"]["srmr"] == pytest.approx(fit["srmr"], abs=1e-4)
    std = pd.read_csv(CFA / "bfi_standardized.csv")
    std = std[std["op"] == "=~"]
    assert [(r["factor"], r["item"]) for r in cfa["loadings"]] == list(zip(std["lhs"], std["rhs"]))
    assert [r["std"] for r in cfa["loadings"]] == pytest.approx(std["est.std"].tolist(), abs=1e-4)
    cr_ave = pd.read_csv(CFA / "bfi_cr_ave.csv").set_index("factor")
    assert cfa["cr"] == pytest.approx(cr_ave["cr"].to_dict(), abs=1e-4)
    assert cfa["ave"] == pytest.approx(cr_ave["ave"].to_dict(), abs=1e-4)
    htmt = pd.read_csv(CFA / "bfi_htmt.csv").set_index(["a", "b"])["htmt"]
    assert all(set(h) == {"a", "b", "htmt"} for h in cfa["htmt"])
    assert {(h["a"], h["b"]): h["htmt"] for h in cfa["htmt"]} == pytest.approx(htmt.to_dict(),
                                                                              abs=1e-8)
    assert doc["parallel"]["n_factors"] == EFA["parallel"]["nfact"]


def test_human_table_names_the_parallel_analysis_suggestion():
    proc = run(SCHEMA, DATA, "-s", "agree", "-s", "openness", "--factors", "3", "--method", "pa",
               "--rotation", "oblimin")
    assert proc.returncode == 0, proc.stderr
    assert "EFA (pa, oblimin): 3 factors" in proc.stdout
    assert "parallel analysis suggests" in proc.stdout
    assert "KMO = " in proc.stdout and "Harman's single-factor test" in proc.stdout


@pytest.mark.parametrize("args, message", [
    (["--scale", "nope"], "not scales of 'bfi'"),
    (["--rotation", "quartimax"], "quartimax"),
    (["--factors", "30"], "--factors must be"),
])
def test_bad_input_exits_2_with_one_message(args, message):
    proc = run(SCHEMA, DATA, *args)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
