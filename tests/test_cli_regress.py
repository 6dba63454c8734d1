"""`surveykit regress`: JSON contract, output files, exit codes and one-line refusals.

Run as subprocesses on the hand-built survey of tests/reference/regress (the
numbers are those of the Python API, checked against R in test_regress.py).
"""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

REF = Path(__file__).parent / "reference" / "regress"
SCHEMA = REF / "survey.yaml"
DATA = REF / "survey.csv"


def run(*args):
    return subprocess.run([sys.executable, "-m", "surveykit", "regress", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_ols_json_contract_and_output_file(tmp_path):
    out = tmp_path / "ols.xlsx"
    result = run(SCHEMA, DATA, "--outcome", "part", "--predictors", "trust,sex,edu,age",
                 "--robust", "hc3", "--format", "json", "-o", out)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert {"model", "outcome", "n", "r2", "adj_r2", "f", "f_p", "aic", "coefficients"} <= set(doc)
    assert doc["model"] == "ols" and doc["outcome"] == "part" and doc["n"] == 223
    assert doc["cov_type"] == "hc3"
    terms = [c["term"] for c in doc["coefficients"]]
    assert terms == ["const", "trust", "sex=1", "edu=2", "edu=3", "age"]
    sex = doc["coefficients"][2]
    assert {"term", "label", "b", "se", "t", "p", "beta", "vif", "ci"} <= set(sex)
    assert sex["label"] == "性别=男" and len(sex["ci"]) == 2
    assert doc["coefficients"][0]["beta"] is None
    assert doc["reference"][0] == {"variable": "sex", "code": 2, "label": "性别=女"}
    sheets = pd.read_excel(out, sheet_name=None, engine="openpyxl")
    assert list(sheets["coefficients"]["term"]) == terms
    assert {"statistics", "reference"} <= set(sheets)


def test_logit_json(tmp_path):
    result = run(SCHEMA, DATA, "-y", "took", "-x", "trust,sex,age", "--model", "logit",
                 "--event", "1", "--lang", "en", "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["model"] == "logit" and "pseudo_r2" in doc and "r2" not in doc
    assert (doc["event"], doc["event_label"]) == ("1", "Yes")
    rec = doc["coefficients"][1]
    assert {"term", "b", "se", "z", "p", "ci", "odds_ratio", "vif"} <= set(rec) and "t" not in rec
    assert [m["term"] for m in doc["marginal_effects"]] == ["trust", "sex=1", "age"]


def test_ologit_json_thresholds():
    result = run(SCHEMA, DATA, "-y", "sat", "-x", "trust,sex", "--model", "ologit",
                 "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [c["term"] for c in doc["coefficients"]] == ["trust", "sex=1", "1/2", "2/3", "3/4",
                                                         "4/5"]
    assert doc["coefficients"][2]["label"] == "很不满意/不满意"
    assert "z" in doc["coefficients"][0] and "pseudo_r2" in doc


def test_mediation_json_is_silent_on_a_pipe():
    result = run(SCHEMA, DATA, "-y", "part", "-x", "trust,age", "--mediator", "sat", "--focal",
                 "trust", "--boot", "500", "--seed", "4", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress line when stderr is not a terminal
    doc = json.loads(result.stdout)
    med = doc["mediation"]
    assert (med["x"], med["m"], med["y"], med["n_boot"], med["seed"]) == ("trust", "sat", "part",
                                                                          500, 4)
    assert [p["path"] for p in med["paths"]] == ["a", "b", "c", "c_prime"]
    assert [i["method"] for i in med["indirect"]] == ["percentile", "bca", "sobel"]
    assert len(med["indirect"][1]["ci"]) == 2


def _variant(tmp_path, change):
    data = pd.read_csv(DATA)
    for name, make in change.items():
        data[name] = make(data)
    path = tmp_path / "variant.csv"
    data.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("args, change, pattern", [
    (["-y", "took", "-x", "trust,sex", "--model", "logit"],
     {"took": lambda d: np.where(d["sex"] == 1, 2, 1)}, "separation"),
    (["-y", "part", "-x", "trust,sex"], {"sex": lambda d: 2}, "'sex' is constant"),
    (["-y", "part", "-x", "trust,age"], {"trust": lambda d: (d["age"] - 30) / 2},
     "['trust', 'age'] are collinear"),
    (["-y", "sat", "-x", "trust", "--model", "ologit"], {"sat": lambda d: 3},
     "'sat' has one category"),
    (["-y", "part", "-x", "trust,nope"], {}, "unknown variable(s) 'nope'"),
    # messages name the command's options, not the Python parameters behind them
    (["-y", "part", "-x", "trust", "--moderator", "nope"], {}, "--moderator: unknown variable(s) 'nope'"),
    (["-y", "part", "-x", "trust", "--level", "3"], {}, "--level must be between 0 and 1"),
    (["-y", "part", "-x", "trust", "--mediator", "age", "--boot", "10"], {}, "--boot must be at least 100"),
])
def test_refusals_are_one_line_with_exit_2(tmp_path, args, change, pattern):
    result = run(SCHEMA, _variant(tmp_path, change), *args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and pattern in lines[0], result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
