"""Reading survey files through a schema: every format, the coding rules of the
spec, the problems reported, and bad input refused with a clear message."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveykit import DataError, InputFileError, SurveykitError, loads_schema, read_raw, read_survey

SCHEMA = loads_schema("""
surveykit: 1
id: t
languages: [zh, en]
respondent_id: rid
missing_codes: [-9, 99]
choice_lists:
  sex: {1: {zh: 男, en: Male}, 2: {zh: 女, en: Female}}
  agree: {1: {zh: 不同意, en: Disagree}, 2: {zh: 一般, en: Neutral}, 3: {zh: 同意, en: Agree}}
  act: {1: 议事会, 2: 志愿服务, 3: 文体活动}
questions:
  - {name: rid, type: text}
  - {name: sex, type: single, choices: sex, source: "1、性别"}
  - {name: age, type: integer, range: [16, 100]}
  - {name: a1, type: likert, choices: agree}
  - {name: a2, type: likert, choices: agree, reverse: true}
  - {name: act, type: multiple, choices: act}
  - {name: note, type: text}
""")

ROWS = [
    ["rid", "1、性别", "age", "a1", "a2", "act", "note"],
    ["r1", "男", "34", "3", "1", "议事会┋志愿服务", "好"],
    ["r2", "Female", "２８", "同意", "-9", "文体活动", ""],
    ["r3", "2", "200", "4", "2", "", "x"],
    ["r4", " 1 ", "45", "Agree", "99", "议事会,文体活动", "y"],
]


def frame():
    return pd.DataFrame(ROWS[1:], columns=ROWS[0])


def check_expected(survey):
    d = survey.data
    assert list(d.index) == [1, 2, 3, 4]
    assert d["sex"].tolist() == [1, 2, 2, 1]
    assert d["age"].tolist() == [34, 28, 200, 45]
    assert d["a1"].iloc[[0, 1, 3]].tolist() == [3, 3, 3] and np.isnan(d["a1"].iloc[2])
    assert d["a2"].iloc[[0, 2]].tolist() == [1, 2] and d["a2"].iloc[[1, 3]].isna().all()
    assert d[["act__1", "act__2", "act__3"]].iloc[[0, 1, 3]].to_numpy().tolist() == [
        [1, 1, 0], [0, 0, 1], [1, 0, 1]]
    assert d[["act__1", "act__2", "act__3"]].iloc[2].isna().all()
    problems = survey.problems.set_index("check")
    assert problems.loc["invalid_value", "row"] == 3 and problems.loc["invalid_value", "value"] == "4"
    assert problems.loc["invalid_value", "column"] == "a1"
    assert problems.loc["out_of_range", "row"] == 3
    events = survey.events
    assert sorted(events.loc[events.status == "missing_code", "row"]) == [2, 4]


def test_csv_utf8(tmp_path):
    path = tmp_path / "d.csv"
    frame().to_csv(path, index=False, encoding="utf-8")
    check_expected(read_survey(SCHEMA, path))


@pytest.mark.parametrize("encoding, sep", [("utf-8-sig", ","), ("gbk", ","), ("gb18030", ";"),
                                           ("utf-8", "\t")])
def test_csv_encodings_and_delimiters_are_detected(tmp_path, encoding, sep):
    path = tmp_path / "d.csv"
    frame().to_csv(path, index=False, encoding=encoding, sep=sep)
    raw = read_raw(path)
    assert raw.delimiter == sep
    assert raw.encoding == {"gbk": "gb18030"}.get(encoding, encoding)
    check_expected(read_survey(SCHEMA, path))


def test_xlsx_with_numbers_and_text(tmp_path):
    path = tmp_path / "d.xlsx"
    f = frame()
    f["age"] = [34, "２８", 200, 45]  # numbers and text in one column
    f.to_excel(path, index=False)
    check_expected(read_survey(SCHEMA, path))


def test_xlsx_text_cell_in_numeric_column_is_reported_not_lost(tmp_path):
    # calamine's own type guessing would turn row 1500's text into a silent null
    path = tmp_path / "d.xlsx"
    ages = list(range(20, 20 + 1999)) + ["三十"]
    pd.DataFrame({"age": [a if not isinstance(a, int) else a % 80 + 16 for a in ages]}).to_excel(
        path, index=False)
    q = loads_schema("surveykit: 1\nid: t\nquestions: [{name: age, type: integer}]\n")
    survey = read_survey(q, path)
    assert survey.problems["row"].tolist() == [2000]
    assert survey.problems["value"].tolist() == ["三十"]


def test_xlsx_sheet_choice_and_wrong_sheet(tmp_path):
    path = tmp_path / "d.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="intro", index=False)
        frame().to_excel(writer, sheet_name="data", index=False)
    check_expected(read_survey(SCHEMA, path, sheet="data"))
    with pytest.raises(InputFileError, match="no sheet named 'answers'; the workbook has 2 "
                                             "sheet\\(s\\): intro, data"):
        read_survey(SCHEMA, path, sheet="answers")
    check_expected(read_survey(SCHEMA, path, sheet="2"))  # numbered from 1 on the command line
    for wrong in ("0", "3"):
        with pytest.raises(InputFileError, match=f"no sheet {wrong}; .*numbered from 1"):
            read_survey(SCHEMA, path, sheet=wrong)


def test_sav_with_value_labels(tmp_path):
    import pyreadstat

    path = tmp_path / "d.sav"
    data = pd.DataFrame({"rid": ["r1", "r2"], "sex": [1.0, 2.0], "age": [30.0, -9.0]})
    pyreadstat.write_sav(data, str(path), column_labels=["id", "性别", "年龄"],
                         variable_value_labels={"sex": {1.0: "男", 2.0: "女"}})
    q = loads_schema("""
surveykit: 1
id: t
missing_codes: [-9]
choice_lists: {sex: {1: 男, 2: 女}}
questions:
  - {name: rid, type: text}
  - {name: sex, type: single, choices: sex}
  - {name: age, type: integer}
""")
    survey = read_survey(q, path)
    assert survey.flavor == "spss"
    assert survey.data["sex"].tolist() == [1, 2]
    assert survey.data["age"].iloc[0] == 30 and np.isnan(survey.data["age"].iloc[1])
    raw = read_raw(path)
    assert raw.value_labels["sex"] == {1: "男", 2: "女"} and raw.column_labels["sex"] == "性别"


def test_dta_and_parquet(tmp_path):
    import pyreadstat

    q = loads_schema("surveykit: 1\nid: t\nchoice_lists: {sex: {1: m, 2: f}}\n"
                     "questions: [{name: sex, type: single, choices: sex}, {name: age, type: number}]\n")
    data = pd.DataFrame({"sex": [1.0, 2.0, 3.0], "age": [20.5, 30.0, 40.0]})
    pyreadstat.write_dta(data, str(tmp_path / "d.dta"))
    data.to_parquet(tmp_path / "d.parquet")
    for name in ("d.dta", "d.parquet"):
        survey = read_survey(q, tmp_path / name)
        assert survey.data["age"].tolist() == [20.5, 30.0, 40.0]
        assert survey.problems["row"].tolist() == [3]


def test_multiple_choice_one_column_per_option(tmp_path):
    q = loads_schema("""
surveykit: 1
id: t
choice_lists: {act: {1: a, 2: b}}
questions:
  - name: act
    type: multiple
    choices: act
    source: {1: "Q5(a)", 2: "Q5(b)"}
  - {name: act2, type: multiple, choices: act}
""")
    path = tmp_path / "d.csv"
    pd.DataFrame({"Q5(a)": ["1", "0", "", "b"], "Q5(b)": ["1", "1", "", "0"],
                  "act2__1": [0, 1, 1, 0], "act2__2": [1, 1, 0, 0]}).to_csv(path, index=False)
    survey = read_survey(q, path)
    d = survey.data
    assert d["act__1"].tolist()[:2] == [1, 0] and d["act__2"].tolist()[:2] == [1, 1]
    assert d.loc[3, ["act__1", "act__2"]].isna().all()
    assert survey.problems["row"].tolist() == [4] and survey.problems["column"].tolist() == ["Q5(a)"]
    assert d["act2__1"].tolist() == [0, 1, 1, 0]


def test_unknown_option_in_a_listing_is_reported_and_others_kept(tmp_path):
    path = tmp_path / "d.csv"
    f = frame()
    f.loc[0, "act"] = "议事会┋跳广场舞"
    f.to_csv(path, index=False)
    survey = read_survey(SCHEMA, path)
    assert survey.data.loc[1, "act__1"] == 1
    bad = survey.problems[survey.problems.question == "act"]
    assert bad["row"].tolist() == [1] and "'跳广场舞'" in bad["message"].iloc[0]


def test_missing_declared_column_is_a_data_error(tmp_path):
    path = tmp_path / "d.csv"
    frame().drop(columns=["1、性别", "a2"]).to_csv(path, index=False)
    with pytest.raises(DataError, match=r"2 column\(s\) declared in the schema are not in the file: "
                                        r"'1、性别' \(question sex\); 'a2'"):
        read_survey(SCHEMA, path)


def test_undeclared_columns_are_notes(tmp_path):
    path = tmp_path / "d.csv"
    f = frame()
    f["来源详情"] = "x"
    f.to_csv(path, index=False)
    notes = read_survey(SCHEMA, path).notes
    assert notes["column"].tolist() == ["来源详情"]


def test_duplicate_respondent_ids(tmp_path):
    path = tmp_path / "d.csv"
    f = frame()
    f.loc[3, "rid"] = "r1"
    f.to_csv(path, index=False)
    dup = read_survey(SCHEMA, path).problems.query("check == 'duplicate_id'")
    assert dup["row"].tolist() == [4] and "row 1" in dup["message"].iloc[0]


@pytest.mark.parametrize("make, words", [
    (lambda p: None, "data file not found"),
    (lambda p: p.write_bytes(b""), "the file is empty"),
    (lambda p: p.write_bytes(b"\n\n  \n"), "the file is empty"),
    (lambda p: p.write_bytes(b"a,a\n1,2\n"), "appears twice"),
])
def test_bad_csv_files(tmp_path, make, words):
    path = tmp_path / "d.csv"
    make(path)
    with pytest.raises(InputFileError, match=words):
        read_survey(SCHEMA, path)


def test_unknown_suffix_and_broken_workbook(tmp_path):
    (tmp_path / "d.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputFileError, match="unknown data format '.pdf'"):
        read_raw(tmp_path / "d.pdf")
    (tmp_path / "d.xlsx").write_bytes(b"not a zip file at all")
    with pytest.raises(InputFileError, match="not a readable Excel workbook"):
        read_raw(tmp_path / "d.xlsx")


def test_undecodable_csv(tmp_path):
    path = tmp_path / "d.csv"
    path.write_bytes(b"a\n\xff\xfe\xfa\n")
    with pytest.raises(InputFileError, match="neither UTF-8 nor GBK"):
        read_raw(path)


CELLS = st.one_of(st.text(max_size=8), st.sampled_from(["1", "２", "男", "-9", "(空)", "┋", "1┋2",
                                                        "1.5", "nan", "=1+1", " "]))
HEADERS = st.lists(st.sampled_from(["rid", "1、性别", "age", "a1", "a2", "act", "note", "x", ""]),
                   min_size=1, max_size=9, unique=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(headers=HEADERS, cells=st.lists(st.lists(CELLS, min_size=9, max_size=9), min_size=0, max_size=6))
def test_reader_raises_nothing_but_its_own_errors(tmp_path, headers, cells):
    """Random headers and cells: the reader either reads, or raises a SurveykitError;
    and every invalid cell it reads is reported, never dropped silently."""
    path = tmp_path / "h.csv"
    body = pd.DataFrame([row[: len(headers)] for row in cells], columns=headers, dtype=object)
    body.to_csv(path, index=False)
    try:
        survey = read_survey(SCHEMA, path)
    except SurveykitError:
        return
    raw = read_raw(path).frame
    for name in ("sex", "a1", "a2"):
        header = "1、性别" if name == "sex" else name
        cells_ = raw[header].astype("string").str.strip()
        nonblank = cells_.notna() & (cells_ != "")
        coded = survey.data[name].notna()
        accounted = coded | raw.index.isin(survey.events.query("variable == @name")["row"]) | \
            raw.index.isin(survey.problems.query("question == @name")["row"])
        assert (accounted | ~nonblank).all()
