"""`surveykit describe / crosstab / compare / correlate`: JSON contracts, output files, exit codes.

Run as subprocesses on tests/tiny_survey.py; the numbers are those of the Python
API (tested in test_describe.py and test_compare_tables.py) and hand-worked values.
"""

import json
import subprocess
import sys

import pandas as pd
import pytest

import tiny_survey


def run(*args):
    return subprocess.run([sys.executable, "-m", "surveykit", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return tiny_survey.write(tmp_path_factory.mktemp("tiny"))


def test_describe_json_contract(files):
    result = run("describe", *files, "--vars", "sex,role,acts,trust", "--format", "json", "--min-cell", "2")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["n"] == 7 and doc["min_cell"] == 2
    sex, role, acts, trust = doc["variables"]
    assert {"variable", "label", "type", "n_valid", "n_missing", "categories"} <= set(sex)
    assert sex["categories"][0] == {"code": 2, "label": "Female", "n": 4, "percent": pytest.approx(400 / 7),
                                    "valid_percent": pytest.approx(400 / 7),
                                    "cumulative_percent": pytest.approx(400 / 7)}
    assert role["n_not_applicable"] == 3 and role["categories"][1]["n"] is None
    assert acts["type"] == "multiple" and acts["n_cases"] == 5
    assert {"code", "label", "n", "pct_responses", "pct_cases"} <= set(acts["options"][0])
    assert {"mean", "sd", "min", "max", "median", "skewness", "kurtosis"} <= set(trust)
    assert trust["mean"] == pytest.approx(2.25)


def test_describe_default_table_and_language(files):
    result = run("describe", *files, "--lang", "zh", "--weight", "w")
    assert result.returncode == 0, result.stderr
    assert "7 respondents, weighted by w" in result.stdout and "性别 (sex, single)" in result.stdout
    assert "女" in result.stdout and "Descriptive statistics" in result.stdout


def test_describe_output_file(files, tmp_path):
    out = tmp_path / "describe.xlsx"
    result = run("describe", *files, "--vars", "sex,acts,age", "-o", out)
    assert result.returncode == 0, result.stderr
    assert pd.ExcelFile(out, engine="openpyxl").sheet_names == ["variables", "categories", "options"]
    assert "Female" in result.stdout


@pytest.mark.parametrize("suffix", [".csv", ".json", ".md"])
def test_output_formats_by_suffix(tmp_path, suffix):
    from surveykit.cli._analysis import write_result

    out = tmp_path / f"result{suffix}"
    counts = pd.DataFrame([[1, 3], [3, 0]], index=pd.Index(["Female", "Male"], name="Sex"),
                          columns=["Yes", "No"])
    tests = pd.DataFrame({"test": ["pearson"], "statistic": [3.9375]})
    write_result(out, {"chi2": 3.9375}, {"counts": counts, "tests": tests})
    if suffix == ".csv":
        table = pd.read_csv(out)
        assert table.columns.tolist() == ["table", "Sex", "Yes", "No", "test", "statistic"]
        assert table["table"].tolist() == ["counts", "counts", "tests"]
    elif suffix == ".json":
        assert json.loads(out.read_text()) == {"chi2": 3.9375}
    else:
        text = out.read_text()
        assert "## counts" in text and "| Female" in text and "## tests" in text


def test_crosstab_json_contract(files):
    result = run("crosstab", *files, "sex", "member", "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert {"row", "col", "table", "chi2", "df", "p", "cramers_v", "min_expected", "chi2_yates", "row_codes",
            "col_codes", "row_labels", "col_labels", "g2", "fisher_p", "residuals", "row_pct", "col_pct"} <= set(doc)
    assert doc["table"] == [[1, 3], [3, 0]] and doc["row_labels"] == ["Female", "Male"]
    assert doc["chi2"] == pytest.approx(63 / 16) and doc["df"] == 1
    assert doc["warnings"] and result.stderr == ""


def test_crosstab_human_output_warns_and_suppresses(files):
    result = run("crosstab", *files, "sex", "member", "--min-cell", "2")
    assert result.returncode == 0, result.stderr
    assert "Warning: 100% of expected counts are below 5" in result.stdout
    assert "hidden" in result.stdout and "3.94" in result.stdout


def test_compare_json_contract(files):
    result = run("compare", *files, "--by", "edu", "--vars", "t1", "--posthoc", "games-howell", "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["by"] == "edu"
    res = doc["results"][0]
    assert res["var"] == "t1" and [g["label"] for g in res["groups"]] == ["Primary", "Secondary", "Tertiary"]
    assert {"code", "label", "n", "mean", "sd"} <= set(res["groups"][0])
    tests = {t["test"]: t for t in res["tests"]}
    assert set(tests) == {"anova", "welch_anova", "kruskal", "levene"}
    assert tests["anova"]["df"] == [2, 4] and len(tests["welch_anova"]["df"]) == 2
    assert {"test", "statistic", "df", "p", "effect", "effect_size"} <= set(tests["anova"])
    assert len(res["posthoc"]) == 3


def test_correlate_json_contract(files):
    result = run("correlate", *files, "--vars", "trust,age,t1", "--method", "spearman", "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["method"] == "spearman" and doc["vars"] == ["trust", "age", "t1"]
    assert doc["n"][0][1] == 5 and doc["r"][0][0] == 1 and len(doc["means"]) == 3


@pytest.mark.parametrize("args, words", [
    (["describe", "--vars", "sex,nope"], "--vars: unknown variable(s) 'nope'; the"),
    (["crosstab", "sex", "nope"], "COL: unknown variable(s) 'nope'"),
    (["describe", "--lang", "fr"], "'fr' is not a language"),
    (["describe", "--min-cell", "0"], "--min-cell"),
    (["describe", "-o", "out.docx"], "-o writes .csv, .xlsx, .json, .md"),
    (["correlate", "--method", "kendall"], "Invalid value for '--method'"),
])
def test_bad_input_exits_2_with_one_message(files, args, words):
    command, *rest = args
    result = run(command, *files, *rest)
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr and result.stdout == ""
    if "unknown" in words:  # the known variables (of the kinds the option accepts) are listed
        assert "are: " in result.stderr and ("sex, " in result.stderr or "age, " in result.stderr)


def test_output_never_overwrites_the_data(files):
    result = run("describe", *files, "-o", files[1])
    assert result.returncode == 2 and "overwrite an input" in result.stderr


def cli(capsys, *args):
    """Run the command line in this process: (exit status, stdout, stderr)."""
    from surveykit.cli.app import main

    try:
        main([*map(str, args)])
        code = 0
    except SystemExit as stop:
        code = stop.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def test_crosstab_min_cell_publishes_nothing_that_gives_hidden_counts_away(files, capsys):
    # sex x member: [[1, 3], [3, 0]]; the 1 is hidden, and with it every cell of the 2x2
    code, out, err = cli(capsys, "crosstab", *files, "sex", "member", "--min-cell", "2", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["expected"] is None and "computed on all counts" in doc["note"]
    for key in ("table", "row_pct", "col_pct", "residuals"):
        assert doc[key] == [[None, None], [None, None]], key
    assert doc["chi2"] == pytest.approx(63 / 16) and doc["cramers_v"] > 0    # the tests are kept
    assert isinstance(doc["n"], int) and isinstance(doc["n_missing"], int)
    code, out, _ = cli(capsys, "crosstab", *files, "edu", "sex", "--min-cell", "2")
    # edu x sex (Female, Male): [[1, 2], [2, 0], [1, 1]]: the 1s are <2, the cells hidden with them x
    counts = out.split("Counts:")[1].split("Row %")[0]
    assert "<2" in counts and "x" in counts and "nan" not in out.lower() and ".0 " not in counts
    assert "computed on all counts" in out


def test_crosstab_without_min_cell_keeps_expected_counts_and_whole_counts(files, capsys):
    code, out, _ = cli(capsys, "crosstab", *files, "sex", "member", "--format", "json")
    doc = json.loads(out)
    assert doc["expected"] == [[pytest.approx(16 / 7), pytest.approx(12 / 7)],
                               [pytest.approx(12 / 7), pytest.approx(9 / 7)]]   # row x col totals / n
    assert doc["n"] == 7 and isinstance(doc["n"], int) and doc["note"] is None
    code, out, _ = cli(capsys, "crosstab", *files, "sex", "member")
    female = next(line for line in out.split("Row %")[0].splitlines() if line.strip().startswith("Female"))
    assert female.split() == ["Female", "1", "3"]
    assert "6.0" not in out and "NaN" not in out


def test_describe_human_output_marks_hidden_cells_and_prints_whole_numbers(files, capsys):
    code, out, _ = cli(capsys, "describe", *files, "--vars", "role,age,trust", "--min-cell", "2")
    assert code == 0 and "nan" not in out.lower()
    role = out.split("(role, single)")[1].split("Descriptive")[0]
    assert "<2" in role and " x" in role                     # the 1 (No) and the 2 hidden with it
    age = next(line for line in out.splitlines() if line.strip().startswith("age "))
    assert age.split()[-4:-2] == ["25", "61"]                # min and max of an integer question
    trust = next(line for line in out.splitlines() if line.strip().startswith("trust "))
    assert "2.25" in trust.split()                           # means with two decimals


def test_describe_json_counts_are_integers(files, capsys):
    code, out, _ = cli(capsys, "describe", *files, "--vars", "acts,age,trust", "--format", "json")
    acts, age, trust = json.loads(out)["variables"]
    assert acts["n_cases"] == 5 and isinstance(acts["n_cases"], int)
    assert (age["min"], age["max"]) == (25, 61) and isinstance(age["min"], int)
    assert isinstance(trust["min"], float)                   # a scale score stays a number


def test_human_tables_have_no_nan_and_apa_p_values(files, capsys):
    _, out, _ = cli(capsys, "compare", *files, "--by", "sex", "--vars", "trust,age")
    assert "nan" not in out.lower() and "0.0000" not in out
    _, out, _ = cli(capsys, "correlate", *files, "--vars", "trust,age,t1")
    assert "nan" not in out.lower()
    assert out.splitlines()[1].split() == ["Trust", "Age", "Trust", "the", "committee"]   # labels
    p_lines = out.split("p-values:")[1].split("n (pairwise)")[0].splitlines()
    assert p_lines[2].split()[:1] == ["Trust"] and p_lines[2].split()[1].startswith(".")   # diagonal blank


@pytest.mark.parametrize("args, words", [
    (["crosstab", "sex", "sex"], "ROW and COL are both 'sex'"),
    (["describe", "--vars", "sex,w"], "--vars: 'w' holds personal data"),
    (["crosstab", "w", "sex"], "ROW: 'w' holds personal data"),
    (["describe", "--weight", "age", "--vars", "sex"], "--weight age: 1 respondent(s) have a missing"),
])
def test_refusals_name_the_option_and_the_reason(tmp_path, capsys, args, words):
    schema, data = tiny_survey.write(tmp_path, schema=tiny_survey.SCHEMA.replace(
        "{name: w, type: number}", "{name: w, type: number, pii: true}"))
    command, *rest = args
    code, out, err = cli(capsys, command, schema, data, *rest)
    assert code == 2 and words in err and out == ""
    if "--weight" in words:   # age is missing (code -9) in data row 6 of the file
        assert f"data row 6 of {data}" in err


@pytest.mark.parametrize("command, rest", [
    ("describe", []), ("crosstab", ["sex", "edu"]), ("compare", ["--by", "sex"]), ("correlate", []),
    ("regress", ["-y", "trust", "-x", "age"]), ("reliability", []), ("validity", []),
])
def test_no_respondents_is_refused_by_every_analysis_command(tmp_path, capsys, command, rest):
    schema, data = tiny_survey.write(tmp_path, rows=[])
    code, out, err = cli(capsys, command, schema, data, *rest)
    assert code == 2 and err == f"error: {data}: no respondents to analyse\n"


def test_quality_checks_that_exclude_everyone_leave_no_respondents(tmp_path, capsys):
    rows = [row[:8] + (10,) + row[9:] for row in tiny_survey.ROWS]   # every interview took 10 s
    schema, data = tiny_survey.write(tmp_path, rows=rows)
    code, out, err = cli(capsys, "describe", schema, data)
    assert code == 2 and "no respondents to analyse (the quality checks exclude all 8)" in err
