"""Wenjuanxing exports: text and code layouts written here, and the real sample export.

Expected values are worked out by hand from the rows written in each test; the
counts of the real export (tests/data/wjx, 800 respondents) were tallied on
the raw cells of both files independently of the reader (the text export's
labels and the code export's columns give the same numbers).
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.io import read_survey
from surveykit.io.flavors import FLAVORS, detect_flavor
from surveykit.io.skip import not_applicable
from surveykit.io.wjx import read_wjx_pair
from surveykit.schema import load_schema, loads_schema

DATA = Path(__file__).parent / "data" / "wjx"
LEAD = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]

SCHEMA = """
surveykit: 1
id: wjx-demo
languages: [zh]
respondent_id: rid
choice_lists:
  sex: {1: 男, 2: 女}
  acts: {1: 居民议事会, 2: 志愿服务, 3: 文体活动(广场舞、太极), 4: 其他}
  sat: {1: 很不满意, 2: 不满意, 3: 一般, 4: 满意, 5: 很满意}
questions:
  - {name: rid, type: integer, source: 序号}
  - {name: duration_s, type: number, source: 所用时间}
  - {name: ip, type: text, source: 来自IP, pii: true}
  - {name: sex, type: single, choices: sex, source: "1"}
  - {name: acts, type: multiple, choices: acts, source: "2、您参与过哪些社区活动"}
  - {name: sat, type: likert, choices: sat, source: 您对社区服务满意吗}
"""


def _write(tmp_path, name, rows, headers):
    path = tmp_path / name
    pd.DataFrame(rows, columns=headers).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def _text_export(tmp_path):
    headers = LEAD + ["1、您的性别：", "2. 您参与过哪些社区活动？", "3、您对社区服务满意吗？"]
    rows = [
        [1, "2024/5/1 10:00:00", "574秒", "手机提交", "", "10.0.0.1", "男", "居民议事会┋志愿服务", "满意"],
        [2, "2024/5/1 10:05:00", "125秒", "手机提交", "", "10.0.0.2", "女", "其他【请注明】〖广场舞，跳绳〗", "(跳过)"],
        [3, "2024/5/1 10:09:00", "12分钟", "链接", "", "10.0.0.3", "(空)", "志愿服务┋打麻将", "很满意"],
        [4, "2024/5/1 10:20:00", "300秒", "链接", "", "10.0.0.4", "女性", "(跳过)", "一般"],
        [5, "2024/5/1 10:30:00", "98秒", "链接", "", "10.0.0.5", "女", "文体活动(广场舞、太极)", "很不满意"],
    ]
    return _write(tmp_path, "text.csv", rows, headers)


def _code_export(tmp_path, order=(1, 2, 3, 4, 5)):
    headers = LEAD + ["1、您的性别：", "第2题(居民议事会)", "第2题(志愿服务)", "第2题(文体活动(广场舞、太极))",
                      "第2题(其他)", "第2题(打麻将)", "3、您对社区服务满意吗？"]
    rows = {
        1: [1, "", "574秒", "", "", "10.0.0.1", 1, 1, 1, 0, 0, 0, 4],
        2: [2, "", "125秒", "", "", "10.0.0.2", 2, 0, 0, 0, 1, 0, -3],
        3: [3, "", "12分钟", "", "", "10.0.0.3", -2, 0, 1, 0, 0, 1, 5],
        4: [4, "", "300秒", "", "", "10.0.0.4", 2, -3, -3, -3, -3, -3, 3],
        5: [5, "", "98秒", "", "", "10.0.0.5", 2, 0, 0, 1, 0, 0, 1],
    }
    return _write(tmp_path, "codes.csv", [rows[i] for i in order], headers)


def _problems(survey, check):
    p = survey.problems
    return p[p["check"] == check].sort_values("row").reset_index(drop=True)


def test_text_export(tmp_path):
    survey = read_survey(loads_schema(SCHEMA), _text_export(tmp_path))
    d = survey.data
    assert survey.flavor == "wjx"
    np.testing.assert_array_equal(d["sex"], [1, 2, np.nan, np.nan, 2])
    np.testing.assert_array_equal(d["duration_s"], [574, 125, np.nan, 300, 98])
    np.testing.assert_array_equal(d["sat"], [4, np.nan, 5, 3, 1])
    # 居民议事会┋志愿服务 / other / 志愿服务 (+ unknown 打麻将) / skipped / an option with brackets
    np.testing.assert_array_equal(d[["acts__1", "acts__2", "acts__3", "acts__4"]].to_numpy(),
                                  [[1, 1, 0, 0], [0, 0, 0, 1], [0, 1, 0, 0],
                                   [np.nan] * 4, [0, 0, 1, 0]])
    assert d["acts__other_text"].tolist() == [None, "广场舞，跳绳", None, None, None]
    # every format problem with its row and column, the raw cell kept
    assert _problems(survey, "invalid_value")[["row", "column", "value"]].values.tolist() == [
        [3, "所用时间", "12分钟"], [3, "2. 您参与过哪些社区活动？", "志愿服务┋打麻将"],
        [4, "1、您的性别：", "女性"]]
    duration = _problems(survey, "invalid_value").iloc[0]["message"]
    assert "seconds" in duration
    events = survey.events.sort_values(["row", "variable"])[["row", "variable", "status"]]
    assert events.values.tolist() == [[2, "sat", "skipped"], [3, "sex", "no_answer"],
                                      [4, "acts", "skipped"]]
    notes = survey.notes
    assert set(notes.loc[notes["check"] == "undeclared_column", "column"]) == {
        "提交答卷时间", "来源", "来源详情"}


def test_skipped_answers_are_not_applicable(tmp_path):
    survey = read_survey(loads_schema(SCHEMA), _text_export(tmp_path))
    na = not_applicable(survey)
    assert na["sat"].tolist() == [False, True, False, False, False]
    assert na["acts__1"].tolist() == [False, False, False, True, False]
    assert na["acts__other_text"].tolist() == [False, False, False, True, False]
    assert not na["sex"].any()  # (空) is no answer, not "not asked"
    asked = ~na["sat"]
    valid = survey.data["sat"].notna()
    assert (valid & asked).sum() / asked.sum() == 1.0  # 4 asked, 4 answered


def test_code_export(tmp_path):
    survey = read_survey(loads_schema(SCHEMA), _code_export(tmp_path))
    d = survey.data
    np.testing.assert_array_equal(d["sex"], [1, 2, np.nan, 2, 2])
    np.testing.assert_array_equal(d["sat"], [4, np.nan, 5, 3, 1])
    np.testing.assert_array_equal(d[["acts__1", "acts__2", "acts__3", "acts__4"]].to_numpy(),
                                  [[1, 1, 0, 0], [0, 0, 0, 1], [0, 1, 0, 0],
                                   [np.nan] * 4, [0, 0, 1, 0]])
    events = survey.events
    assert set(map(tuple, events[["row", "variable", "status"]].values.tolist())) == {
        (2, "sat", "skipped"), (3, "sex", "no_answer"),
        (4, "acts__1", "skipped"), (4, "acts__2", "skipped"), (4, "acts__3", "skipped"),
        (4, "acts__4", "skipped")}
    unlisted = _problems(survey, "unlisted_option")
    assert unlisted[["row", "column", "value"]].values.tolist() == [[3, "第2题(打麻将)", "1"]]
    assert not_applicable(survey)["acts__3"].tolist() == [False, False, False, True, False]


def test_codes_not_starting_at_one(tmp_path):
    q = loads_schema("""
surveykit: 1
id: age
choice_lists: {age: {1: 18岁以下, 2: 18~25岁, 3: 26~30岁}}
questions: [{name: age, type: ordinal, choices: age, source: "1"}]
""")
    path = _write(tmp_path, "c.csv", [[1, "", "", "", "", "", 2], [2, "", "", "", "", "", 3]],
                  LEAD + ["1、您的年龄段"])
    survey = read_survey(q, path)
    assert survey.data["age"].tolist() == [2.0, 3.0] and survey.problems.empty


def test_join_text_and_code_exports(tmp_path):
    text = _text_export(tmp_path)
    codes = _code_export(tmp_path, order=(5, 4, 3, 2, 1))  # another row order
    survey = read_wjx_pair(loads_schema(SCHEMA), codes, text)
    d = survey.data.set_index("rid")
    assert d.loc[2, "acts__other_text"] == "广场舞，跳绳" and d.loc[2, "acts__4"] == 1
    assert d.loc[3, "sex"] != d.loc[3, "sex"]  # -2 in the code export: missing
    # respondent 4 (row 2 of the code export): '女性' in the text export, code 2 in the code export
    assert _problems(survey, "export_mismatch")[["row", "column", "value"]].values.tolist() == [
        [2, "sex", "2"]]
    # change one code: reported with the code export's row and kept as the code export says
    frame = pd.read_csv(codes, encoding="utf-8-sig")
    frame.loc[frame["序号"] == 5, "1、您的性别："] = 1
    frame.to_csv(codes, index=False, encoding="utf-8-sig")
    survey = read_wjx_pair(loads_schema(SCHEMA), codes, text)
    mismatch = _problems(survey, "export_mismatch")
    assert mismatch[["row", "column", "value"]].values.tolist() == [[1, "sex", "1"], [2, "sex", "2"]]
    assert "respondent 5" in mismatch.loc[0, "message"]


def test_mixed_codes_and_labels_reported(tmp_path):
    path = _write(tmp_path, "m.csv", [[i, "", "", "", "", "", v] for i, v in
                                      enumerate(["男", "女", "2", "男", "女"], start=1)],
                  LEAD + ["1、您的性别"])
    q = loads_schema("surveykit: 1\nid: m\nchoice_lists: {sex: {1: 男, 2: 女}}\n"
                     "questions: [{name: sex, type: single, choices: sex, source: '1'}]\n")
    survey = read_survey(q, path)
    assert survey.data["sex"].tolist() == [1, 2, 2, 1, 2]  # nothing lost
    assert survey.problems.empty  # both forms are valid answers: a note, not a problem
    mixed = survey.notes[survey.notes["check"] == "mixed_codes_labels"]
    assert mixed["column"].tolist() == ["1、您的性别"]
    assert "rows 3 ('2')" in mixed["message"].iloc[0]


@pytest.mark.parametrize("wanted, found", [
    ("1", "1、您的性别："), ("Q1", "1、您的性别："), ("第1题", "1、您的性别："),
    ("您的性别", "1、您的性别："), ("1. 您的性别", "1、您的性别："), ("1、您的性别", "1、您的性别："),
    ("我经常参加议事会", "5(我经常参加议事会)"), ("2", None), ("9", None),
    ("1、您的年龄", None)])
def test_header_matching(wanted, found):
    headers = ["序号", "1、您的性别：", "2、您的年龄", "2、您的职业", "5(我经常参加议事会)"]
    assert FLAVORS["wjx"].find_column(wanted, {h: h for h in headers}) == found


def test_detection():
    assert detect_flavor(LEAD + ["1、性别"], ".xls").name == "wjx"
    assert detect_flavor(["序号", "第6题(运动)"], ".xlsx").name == "wjx"
    assert detect_flavor(["id", "1、性别"], ".xlsx").name == "plain"


def test_ip_is_personal_data(tmp_path):
    q = loads_schema(SCHEMA.replace(", pii: true", ""))
    survey = read_survey(q, _text_export(tmp_path))
    notes = survey.notes
    assert notes.loc[notes["check"] == "personal_data", "column"].tolist() == ["来自IP"]


# -- the real export --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def phone():
    return load_schema(DATA / "phone.yaml")


@pytest.mark.parametrize("kind", ["text", "codes"])
def test_real_export(phone, kind):
    survey = read_survey(phone, DATA / f"phone_{kind}.xls")
    d = survey.data
    assert survey.flavor == "wjx" and len(d) == 800 and survey.problems.empty
    assert d["sex"].value_counts().to_dict() == {1.0: 427, 2.0: 373}
    assert d["age"].value_counts().to_dict() == {5.0: 248, 4.0: 214, 6.0: 130, 7.0: 103,
                                                 3.0: 62, 8.0: 34, 9.0: 8, 2.0: 1}
    assert d["price"].value_counts()[[9.0, 10.0]].tolist() == [5, 2]
    assert d["hobbies__1"].sum() == 479 and d["hobbies__14"].sum() == 2
    assert d["news__9"].sum() == 131 and d["news__1"].sum() == 11  # ACG文化(动漫、游戏等), 不关注


def test_real_pair_keeps_other_texts(phone):
    survey = read_wjx_pair(phone, DATA / "phone_codes.xls", DATA / "phone_text.xls")
    assert survey.problems.empty
    other = survey.data[["price__other_text", "hobbies__other_text", "news__other_text"]]
    assert other.notna().sum().tolist() == [2, 2, 5]
    assert survey.data.loc[500, "price__other_text"] == "我妈买的。"
    assert survey.data.loc[691, "news__other_text"] == "电影，餐饮"
    assert survey.data.loc[726, ["price", "price__other_text"]].tolist() == [10.0, "亲友赠送的"]
