"""Writers by suffix: what each format holds (codes, labels, codebook), read back by
independent readers (csv module, openpyxl, pyreadstat, pyarrow); refusals."""

import csv

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pyreadstat
import pytest
from openpyxl import load_workbook

from surveykit import DataError, OptionError, loads_schema, read_survey
from surveykit.io import writers
from surveykit.io.writers import write_survey

SCHEMA = """
surveykit: 1
id: w
languages: [zh, en]
choice_lists:
  sex: {1: {zh: 男, en: Male}, 2: {zh: 女, en: Female}}
  act: {1: {zh: 议事会, en: Council}, 2: {zh: 志愿, en: Volunteering}}
questions:
  - {name: sex, type: single, choices: sex, label: {zh: 性别, en: Sex}}
  - {name: act, type: multiple, choices: act, label: {zh: 活动, en: Activities}}
  - {name: note, type: text}
  - {name: q1, type: likert, choices: sex, reverse: true}
  - {name: secs, type: number}
scales: [{name: s, items: [q1, secs], label: {zh: 量表, en: Scale}}]
"""


@pytest.fixture
def survey(tmp_path):
    path = tmp_path / "raw.csv"
    path.write_text("sex,act,note,q1,secs\n男,议事会┋志愿,你好,1,12.5\n2,,,2,30\n", encoding="utf-8")
    return read_survey(loads_schema(SCHEMA), path)


def test_csv_holds_codes_under_variable_names(survey, tmp_path):
    write_survey(survey, tmp_path / "o.csv")
    with open(tmp_path / "o.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [["row", "sex", "act__1", "act__2", "note", "q1", "secs"],
                    ["1", "1", "1", "1", "你好", "1", "12.5"],
                    ["2", "2", "", "", "", "2", "30.0"]]   # a column with fractions stays float


def test_xlsx_holds_codes_and_a_codebook(survey, tmp_path):
    extra = pd.DataFrame({"flag_long_runs": np.array([0, 1], dtype="int8")}, index=survey.data.index)
    write_survey(survey, tmp_path / "o.xlsx", extra=extra)
    book = load_workbook(tmp_path / "o.xlsx")
    assert book.sheetnames == ["data", "variables"]
    data = [[c.value for c in row] for row in book["data"].iter_rows()]
    assert data[0] == ["row", "sex", "act__1", "act__2", "note", "q1", "secs", "flag_long_runs"]
    assert data[1] == [1, 1, 1, 1, "你好", 1, 12.5, 0]
    codebook = {row[0].value: [c.value for c in row] for row in book["variables"].iter_rows()}
    assert codebook["variable"] == ["variable", "label_zh", "label_en", "type", "values", "reversed"]
    assert codebook["sex"] == ["sex", "性别", "Sex", "single", "1 = 男; 2 = 女", False]
    assert codebook["act__2"][1:4] == ["活动: 志愿", "Activities: Volunteering", "multiple option"]
    assert codebook["q1"][-1] is True
    assert codebook["flag_long_runs"][3] == "flag"


def test_sav_carries_variable_and_value_labels(survey, tmp_path):
    data = survey.data.assign(s=survey.variable("s"))
    write_survey(survey.replace(data=data), tmp_path / "o.sav")
    frame, meta = pyreadstat.read_sav(str(tmp_path / "o.sav"))
    assert frame["sex"].tolist() == [1.0, 2.0] and frame["note"].tolist() == ["你好", ""]
    assert meta.column_names_to_labels["sex"] == "性别"
    assert meta.column_names_to_labels["s"] == "量表"
    assert meta.variable_value_labels["sex"] == {1.0: "男", 2.0: "女"}
    assert meta.variable_value_labels["act__1"] == {0.0: "未选", 1.0: "选中"}
    assert frame["s"].tolist() == pytest.approx([(3 - 1 + 12.5) / 2, (3 - 2 + 30) / 2])  # q1 reversed


def test_parquet_keeps_types(survey, tmp_path):
    write_survey(survey, tmp_path / "o.parquet")
    table = pq.read_table(tmp_path / "o.parquet")
    assert table.column_names == ["row", "sex", "act__1", "act__2", "note", "q1", "secs"]
    assert table.column("sex").to_pylist() == [1, 2]
    assert table.column("act__1").to_pylist() == [1, None]
    assert table.column("secs").to_pylist() == [12.5, 30.0]


def test_refusals(survey, tmp_path, monkeypatch):
    with pytest.raises(OptionError, match="cannot write '.txt'"):
        write_survey(survey, tmp_path / "o.txt")
    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 1)
    with pytest.raises(DataError, match="do not fit in an Excel sheet"):
        write_survey(survey, tmp_path / "o.xlsx")
    assert not (tmp_path / "o.xlsx").exists()
