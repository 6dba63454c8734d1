"""`surveykit validate`: exit codes, JSON document, and one clear message on bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

SPEC = Path(__file__).parent / "data" / "spec_example.yaml"


def run(*args):
    return subprocess.run([sys.executable, "-m", "surveykit.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def data(tmp_path):
    rows = {"resp_id": ["A1", "A2", "A1"], "1、您的性别": ["男", "女性", "２"], "age": [34, 140, 40],
            "activities": ["居民议事会┋志愿服务", "文体活动", ""]}
    for i in range(1, 5):
        rows[f"part_{i}"] = [4, 5, 1]
        rows[f"id_{i}"] = [5, 4, 1]
    rows.update({"attn_1": [4, 3, 4], "phone": ["139", "138", "139"], "duration_s": [300, 50, 600],
                 "来源详情": ["x", "y", "z"]})
    path = tmp_path / "d.csv"
    pd.DataFrame(rows).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def test_valid_schema_exits_0():
    result = run("validate", SPEC)
    assert result.returncode == 0 and "is valid" in result.stdout


def test_problems_exit_1_with_json_contract(data):
    result = run("validate", SPEC, data, "--format", "json")
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert doc["n_rows"] == 3 and doc["flavor"] == "plain"
    counts = doc["counts"]
    assert (counts["invalid_value"], counts["out_of_range"], counts["duplicate_id"]) == (1, 1, 1)
    first = doc["problems"][0]
    assert first == {"check": "invalid_value", "column": "1、您的性别", "question": "gender", "row": 2,
                     "value": "女性", "message": "'女性' is not a code or label of list 'gender'"}
    assert doc["notes"][0]["column"] == "来源详情"
    assert doc["quality"] == {"duration": [2], "straightlining": [3], "attention": [2], "duplicates": [3]}


def test_human_output_lists_problems(data):
    result = run("validate", SPEC, data)
    assert result.returncode == 1
    assert "3 rows read" in result.stdout and "'女性' is not a code or label" in result.stdout


@pytest.mark.parametrize("make, words", [
    (lambda d: ["validate", d / "none.yaml"], "schema file not found"),
    (lambda d: ["validate", SPEC, d / "none.csv"], "data file not found"),
    (lambda d: ["validate", SPEC, d / "d.csv", "--flavor", "spss"], None),
    (lambda d: ["validate", SPEC, d / "d.csv", "--flavor", "odk"], "Invalid value for '--flavor'"),
])
def test_bad_input_exits_2_without_traceback(data, make, words):
    result = run(*make(data.parent))
    if words is None:  # a valid flavour forced on a plain file still reads
        assert result.returncode == 1
        return
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_schema_error_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("surveykit: 1\nid: t\nquestions:\n  - {name: q, type: single, choices: nope}\n")
    result = run("validate", bad)
    assert result.returncode == 2
    assert f"{bad}:4: questions[0].choices: unknown choice list 'nope'" in result.stderr


def test_missing_column_exits_2(tmp_path, data):
    frame = pd.read_csv(data).drop(columns=["age"])
    frame.to_csv(tmp_path / "short.csv", index=False)
    result = run("validate", SPEC, tmp_path / "short.csv")
    assert result.returncode == 2 and "'age'" in result.stderr and "not in the file" in result.stderr


def test_output_file_is_written(tmp_path, data):
    out = tmp_path / "problems.csv"
    run("validate", SPEC, data, "-o", out)
    checks = pd.read_csv(out, encoding="utf-8-sig")["check"].tolist()
    assert {"invalid_value", "out_of_range", "duplicate_id"} <= set(checks)
