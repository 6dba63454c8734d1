"""Cleaning: nothing is lost (property-based, random schemas and data), every change is
logged, exclusions and their overrides, personal data, the thesis sentence, the
clean command (JSON contract, outputs beside each other, inputs never touched,
atomic writes)."""

import csv
import hashlib
import io
import json

import numpy as np
import pandas as pd
import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from surveykit import OptionError, loads_schema, read_survey
from surveykit.cleaning import LOG_COLUMNS, clean, pseudonyms
from surveykit.cleaning.outputs import write_clean
from surveykit.cli.clean import clean_command

SCHEMA = """
surveykit: 1
id: t
languages: [zh, en]
respondent_id: rid
missing_codes: [-9, 99]
choice_lists:
  a5: {1: 非常不同意, 2: 不同意, 3: 一般, 4: 同意, 5: 非常同意}
  sex: {1: {zh: 男, en: Male}, 2: {zh: 女, en: Female}}
  act: {1: 议事会, 2: 志愿, 3: 文体}
questions:
  - {name: rid, type: text}
  - {name: sex, type: single, choices: sex, label: {zh: 性别, en: Sex}}
  - {name: age, type: integer, range: [16, 100]}
  - {name: act, type: multiple, choices: act}
  - {name: p1, type: likert, choices: a5}
  - {name: p2, type: likert, choices: a5}
  - {name: p3, type: likert, choices: a5, reverse: true}
  - {name: p4, type: likert, choices: a5}
  - {name: attn, type: likert, choices: a5}
  - {name: phone, type: text, pii: true}
  - {name: secs, type: number}
derived:
  - {name: age_group, from: age, cut: [16, 30, 60, 101], labels: ["16-29", "30-59", "60+"]}
  - {name: any_act, from: act, any_of: [1, 2, 3]}
scales:
  - {name: part, items: [p1, p2, p3, p4], min_items: 3}
quality:
  duration: {column: secs, min_seconds: 60}
  straightlining: {scales: [part]}
  attention: [{question: attn, expect: 4}]
  duplicates: [phone]
  long_runs: {scales: [part], min_run: 4, exclude: false}
"""

RAW = """rid,sex,age,act,p1,p2,p3,p4,attn,phone,secs
A1,男,34,议事会┋志愿,4,5,2,4,4,138-0000-0001,300
A2,女,140,,3,3,3,3,4,138-0000-0002,200
A3,2,-9,文体,5,-9,1,x,4,138-0000-0003,30
A4,男,25,议事会┋火星,4,4,2,5,4,138-0000-0001,400
A5,Female,61,志愿,4,5,2,4,2,,500
A6,男,45,(跳过),2,2,4,1,4,138-0000-0006,500
"""


@pytest.fixture
def files(tmp_path):
    schema, data = tmp_path / "s.yaml", tmp_path / "raw.csv"
    schema.write_text(SCHEMA, encoding="utf-8")
    data.write_text(RAW, encoding="utf-8")
    return schema, data


def read(files):
    return read_survey(loads_schema(files[0].read_text(encoding="utf-8")), files[1])


def test_log_holds_every_change_with_raw_value_and_rule(files):
    result = clean(read(files))
    log = result.log
    assert list(log.columns) == LOG_COLUMNS
    expected = [
        (2, "A2", "age", 140, None, "out_of_range"),
        (3, "A3", "age", "-9", None, "missing_code"),
        (3, "A3", "p2", "-9", None, "missing_code"),
        (3, "A3", "p4", "x", None, "invalid_value"),
        (4, "A4", "act", "议事会┋火星", "1", "invalid_value"),   # the valid option was kept
        (6, "A6", "act", "(跳过)", None, "skipped"),
    ]
    got = [tuple(None if (isinstance(v, float) and np.isnan(v)) else v for v in rec)
           for rec in log.itertuples(index=False)]
    assert got == expected


def test_exclusions_with_all_reasons_and_flag_only_columns(files):
    result = clean(read(files))
    excluded = result.excluded
    assert list(excluded.columns) == ["row", "respondent", "reasons"]
    assert excluded["row"].tolist() == [2, 3, 4, 5]
    assert excluded["reasons"].tolist() == [("straightlining",), ("duration",), ("duplicates",),
                                            ("attention",)]
    assert result.survey.data.index.tolist() == [1, 6]
    assert result.n_raw == 6 and result.n_clean == 2 and result.n_excluded == 4
    # long_runs only flags: it flagged row 2 (3,3,3,3), excluded anyway, and nobody kept
    assert result.checks.set_index("check").loc["long_runs"].tolist() == ["flag", 1]
    assert result.flag_columns().columns.tolist() == ["flag_long_runs"]


def test_command_line_overrides_exclusion(files):
    survey = read(files)
    result = clean(survey, flag_only=["straightlining", "duplicates"], exclude=["long_runs"])
    assert result.excluded["row"].tolist() == [2, 3, 5]
    assert result.excluded["reasons"].tolist() == [("long_runs",), ("duration",), ("attention",)]
    flags = result.flag_columns()
    assert flags.columns.tolist() == ["flag_straightlining", "flag_duplicates"]
    assert flags.loc[4].tolist() == [0, 1]
    with pytest.raises(OptionError, match="not quality checks of the schema"):
        clean(survey, exclude=["contradictions"])
    with pytest.raises(OptionError, match="both to exclude and to flag only"):
        clean(survey, exclude=["duration"], flag_only=["duration"])


def test_scores_and_derived_added_after_cleaning(files):
    data = clean(read(files)).survey.data
    assert data.columns[-3:].tolist() == ["age_group", "any_act", "part"]
    # row 1: 4, 5, 6-2=4, 4 -> 4.25; row 6: 2, 2, 6-4=2, 1 -> 1.75
    assert data["part"].tolist() == [4.25, 1.75]
    assert data["age_group"].tolist() == [2.0, 2.0]
    # row 6 was not asked the question (skip logic): it chose none of the options
    assert data.loc[1, "any_act"] == 1.0 and data.loc[6, "any_act"] == 0.0
    assert data.loc[1, "p3"] == 2.0      # reversed items kept as answered


def test_input_survey_is_not_modified(files):
    survey = read(files)
    before = survey.data.copy()
    clean(survey)
    pd.testing.assert_frame_equal(survey.data, before)
    assert survey.data.loc[2, "age"] == 140


def test_pii_dropped_everywhere_by_default(files, tmp_path):
    result = clean(read(files))
    assert "phone" not in result.survey.data
    assert "phone" not in [q.name for q in result.survey.questionnaire.questions]
    assert result.pii.to_dict("records") == [{"column": "phone", "action": "dropped"}]
    paths = write_clean(result, tmp_path / "out" / "clean.csv", inputs=files)
    for path in paths:
        assert "138-0000" not in path.read_text(encoding="utf-8-sig")
    kept = clean(read(files), keep_pii=True)
    assert kept.survey.data.loc[1, "phone"] == "138-0000-0001"


def test_pseudonyms_keep_duplicates_findable(files):
    result = clean(read(files), pseudonymize=True, salt="s3cret", flag_only=["duplicates"])
    phones = result.survey.data["phone"]
    assert phones[1] == phones[4] != phones[6]            # rows 1 and 4 share a phone number
    assert all(p.startswith("p") and len(p) == 17 for p in phones.dropna())
    assert result.survey.questionnaire.question("phone").type == "text"
    again = clean(read(files), pseudonymize=True, salt="s3cret", flag_only=["duplicates"])
    assert again.survey.data["phone"].equals(phones)      # same salt, same pseudonyms
    other = clean(read(files), pseudonymize=True, salt="other", flag_only=["duplicates"])
    assert not (other.survey.data["phone"] == phones).any()
    assert result.notes == ()
    random = clean(read(files), pseudonymize=True)
    assert "random salt" in random.notes[0]
    with pytest.raises(OptionError):
        clean(read(files), keep_pii=True, pseudonymize=True)
    with pytest.raises(OptionError):
        clean(read(files), salt="x")


def test_personal_respondent_id_is_replaced(tmp_path):
    schema = loads_schema("surveykit: 1\nid: t\nrespondent_id: phone\nquestions:\n"
                          "  - {name: phone, type: text, pii: true}\n"
                          "  - {name: age, type: integer, range: [16, 99]}\n")
    path = tmp_path / "raw.csv"
    path.write_text("phone,age\n13911112222,130\n13933334444,40\n", encoding="utf-8")
    dropped = clean(read_survey(schema, path))
    assert dropped.log["respondent"].tolist() == [1]       # the row identifies the respondent
    assert dropped.survey.questionnaire.respondent_id is None
    hashed = clean(read_survey(schema, path), pseudonymize=True, salt="k")
    assert hashed.log["respondent"].tolist() == pseudonyms(pd.Series(["13911112222"]), "k").tolist()


def test_pseudonyms_are_keyed_hashes():
    values = pd.Series(["a", "a", None, "b"])
    out = pseudonyms(values, "salt")
    assert out[0] == out[1] and out[2] is None and out[0] != out[3]
    assert pseudonyms(pd.Series([13800000000.0]), "salt")[0] == pseudonyms(pd.Series(["13800000000"]), "salt")[0]


def test_thesis_sentences(files):
    result = clean(read(files), distributed=8)
    assert result.sentence("en") == (
        "Of 8 questionnaires distributed, 6 were returned (response rate 75.0%). After excluding 4 "
        "invalid questionnaires (completion time too short: 1; the same answer to every item: 1; "
        "failed attention check: 1; duplicate submission: 1), 2 valid questionnaires remained, a "
        "valid rate of 33.3% of those returned and 25.0% of those distributed.")
    assert result.sentence("zh") == (
        "本次调查共发放问卷8份，回收6份，回收率为75.0%；剔除无效问卷4份（作答时间过短1份、所有题目选择同一选项1份、"
        "未通过注意力检测题1份、重复提交1份），最终获得有效问卷2份，有效率为33.3%，有效回收率为25.0%。")
    plain = clean(read(files), flag_only=["duration", "straightlining", "attention", "duplicates"])
    assert plain.sentence("zh") == "本次调查共回收问卷6份，经检查无无效问卷，有效问卷6份，有效率为100.0%。"
    assert plain.sentence("en") == ("6 questionnaires were returned. None was excluded: all 6 are "
                                    "valid, a valid rate of 100.0%.")
    with pytest.raises(OptionError, match="distributed"):
        clean(read(files), distributed=5)


# -- the command --------------------------------------------------------------------------

def cli():
    app = typer.Typer()
    app.command("clean")(clean_command)
    app.callback()(lambda: None)
    return app


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_command_json_contract_and_outputs(files, tmp_path):
    schema, data = files
    before = digest(data)
    out = tmp_path / "clean.xlsx"
    run = CliRunner().invoke(cli(), ["clean", str(schema), str(data), "-o", str(out),
                                     "--distributed", "10", "--format", "json"])
    assert run.exit_code == 0, run.output
    doc = json.loads(run.stdout)
    for key in ("n_raw", "n_clean", "n_excluded", "excluded", "changes", "outputs"):
        assert key in doc
    assert (doc["n_raw"], doc["n_clean"], doc["n_excluded"], doc["changes"]) == (6, 2, 4, 6)
    assert doc["excluded"][0] == {"row": 2, "respondent": "A2", "reasons": ["straightlining"]}
    assert [p.rsplit("/", 1)[-1] for p in doc["outputs"]] == ["clean.xlsx", "clean.log.csv",
                                                             "clean.excluded.csv"]
    assert doc["sentence"]["zh"].startswith("本次调查共发放问卷10份")
    assert digest(data) == before                                  # the input is never modified
    log = pd.read_csv(tmp_path / "clean.log.csv", encoding="utf-8-sig", dtype=str)
    assert list(log.columns) == LOG_COLUMNS and len(log) == 6
    excluded = pd.read_csv(tmp_path / "clean.excluded.csv", encoding="utf-8-sig", dtype=str)
    assert excluded["reasons"].tolist() == ["straightlining", "duration", "duplicates", "attention"]
    sheets = pd.read_excel(out, sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["data", "variables"]
    assert sheets["data"]["row"].tolist() == [1, 6] and "phone" not in sheets["data"]


def test_command_human_output(files, tmp_path):
    run = CliRunner().invoke(cli(), ["clean", str(files[0]), str(files[1]), "-o",
                                     str(tmp_path / "c.csv"), "--flag-only", "duration"])
    assert run.exit_code == 0, run.output
    assert "6 rows read; 3 kept, 3 excluded" in run.output
    assert "本次调查共回收问卷6份" in run.output


@pytest.mark.parametrize("target", ["data", "schema", "log"])
def test_output_onto_an_input_is_refused(files, tmp_path, target):
    schema, data = files
    if target == "log":   # the log beside OUT would overwrite the data file
        data = data.rename(tmp_path / "x.log.csv")
        out = tmp_path / "x.csv"
    else:
        out = data if target == "data" else schema.with_suffix(".csv")
        if target == "schema":
            schema = schema.rename(out)
    before = digest(data)
    run = CliRunner().invoke(cli(), ["clean", str(schema), str(data), "-o", str(out)])
    assert isinstance(run.exception, OptionError) and "overwrite an input" in str(run.exception)
    assert digest(data) == before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".sav", ".parquet"])
def test_a_crash_mid_write_leaves_no_half_written_file(files, tmp_path, monkeypatch, suffix):
    """Each writer is made to write part of its file and then fail: the earlier complete
    file stays as it was and no temporary file is left."""
    import pyreadstat

    result = clean(read(files))
    out = tmp_path / "out" / f"clean{suffix}"
    write_clean(result, out, inputs=files)
    before = digest(out)

    def crash(*args, **kwargs):
        target = args[1] if len(args) > 1 else kwargs.get("path")
        with open(target if not hasattr(target, "write") else target.name, "wb") as fh:
            fh.write(b"half a file")
        raise OSError("disk full")

    if suffix == ".sav":
        monkeypatch.setattr(pyreadstat, "write_sav", crash)
    elif suffix == ".xlsx":
        from openpyxl.workbook.workbook import Workbook

        def half_saved(self, handle):
            handle.write(b"PK half a zip")
            raise OSError("disk full")

        monkeypatch.setattr(Workbook, "save", half_saved)
    elif suffix == ".csv":
        monkeypatch.setattr(pd.DataFrame, "to_csv", crash)
    else:
        monkeypatch.setattr(pd.DataFrame, "to_parquet", crash)
    with pytest.raises(OSError, match="disk full"):
        write_clean(result, out, inputs=files)
    assert digest(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(
        ["clean" + suffix, "clean.log.csv", "clean.excluded.csv"])


# -- nothing is lost: random schemas and data --------------------------------------------

@st.composite
def surveys(draw):
    n_items = draw(st.integers(3, 7))
    k = draw(st.integers(3, 6))
    reverse = draw(st.lists(st.booleans(), min_size=n_items, max_size=n_items))
    reverse[0], reverse[-1] = False, True           # some scale can have contradictions
    low = draw(st.integers(0, 30))
    high = low + draw(st.integers(5, 60))
    split = draw(st.integers(2, n_items - 2)) if n_items >= 4 else n_items   # scales of 2+ items
    scales = [list(range(split)), list(range(split, n_items))] if split < n_items else [list(range(n_items))]
    scales = [s for s in scales if s]
    lines = ["surveykit: 1", "id: random", "respondent_id: rid", "missing_codes: [-9]",
             "choice_lists: {c: {" + ", ".join(f"{i}: o{i}" for i in range(1, k + 1)) + "}}",
             "questions:", "  - {name: rid, type: text}",
             f"  - {{name: age, type: integer, range: [{low}, {high}]}}",
             "  - {name: phone, type: text, pii: true}", "  - {name: secs, type: number}"]
    for i in range(n_items):
        lines.append(f"  - {{name: x{i}, type: likert, choices: c{', reverse: true' if reverse[i] else ''}}}")
    lines.append("scales:")
    for j, s in enumerate(scales):
        lines.append(f"  - {{name: s{j}, items: [{', '.join(f'x{i}' for i in s)}], "
                     f"min_items: {draw(st.integers(1, len(s)))}}}")
    all_scales = ", ".join(f"s{j}" for j in range(len(scales)))
    rules = {
        "duration": f"{{column: secs, min_seconds: {draw(st.integers(0, 100))}, min_share_of_median: 0.3",
        "straightlining": f"{{scales: [{all_scales}]",
        "attention": "{checks: [{question: x0, expect: 2}]",
        "duplicates": "{columns: [phone]",
        "long_runs": f"{{scales: [{all_scales}], min_run: {draw(st.integers(2, n_items))}",
        "near_duplicates": f"{{scales: [{all_scales}], max_differences: {draw(st.integers(0, n_items - 1))}",
    }
    mixed = [f"s{j}" for j, sc in enumerate(scales) if len({reverse[i] for i in sc}) == 2]
    if mixed:
        rules["contradictions"] = f"{{scales: [{', '.join(mixed)}]"
    chosen = draw(st.lists(st.sampled_from(sorted(rules)), unique=True))
    if chosen:
        lines.append("quality:")
        for name in chosen:
            exclude = draw(st.booleans())
            lines.append(f"  {name}: {rules[name]}{'' if exclude else ', exclude: false'}}}")
    n = draw(st.integers(1, 30))
    item_cell = st.one_of(st.integers(1, k).map(str), st.sampled_from(["", "-9", "x", str(k + 1), "0", "(跳过)"]))
    rows = []
    for r in range(n):
        rows.append({"rid": f"r{r}", "age": draw(st.one_of(st.integers(low - 10, high + 10).map(str),
                                                            st.sampled_from(["", "-9", "abc"]))),
                     "phone": draw(st.sampled_from(["", "1", "2", "3"])),
                     "secs": draw(st.sampled_from(["", "10", "50", "200", "900"])),
                     **{f"x{i}": draw(item_cell) for i in range(n_items)}})
    return "\n".join(lines) + "\n", rows, k, (low, high)


def kept_as_is(column: str, cell: str, k: int, bounds) -> bool:
    """Does the raw cell appear unchanged in clean data (independently of surveykit)?"""
    if column.startswith("x"):
        return cell.isdigit() and 1 <= int(cell) <= k
    if column == "age":
        return cell.lstrip("-").isdigit() and int(cell) != -9 and bounds[0] <= int(cell) <= bounds[1]
    return True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(case=surveys())
def test_nothing_is_lost(tmp_path, case):
    schema_text, rows, k, bounds = case
    q = loads_schema(schema_text)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "raw.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    survey = read_survey(q, path)
    assert survey.n == len(rows)
    result = clean(survey)
    kept, excluded = set(result.survey.data.index), set(result.excluded["row"])
    assert not kept & excluded
    assert kept | excluded == set(range(1, len(rows) + 1))
    assert result.n_clean + result.n_excluded == result.n_raw == len(rows)
    logged = set(zip(result.log["row"], result.log["column"]))
    data = result.survey.data
    for r, raw in enumerate(rows, start=1):
        for column, cell in raw.items():
            if column in ("rid", "phone", "secs") or cell == "":
                continue
            if not kept_as_is(column, cell, k, bounds):
                assert (r, column) in logged, (r, column, cell)
            elif r in kept:
                assert data.loc[r, column] == float(cell) and (r, column) not in logged
    assert "phone" not in data.columns
