"""Drafting schemas: the round trip on the real Wenjuanxing export, and hand-made exports."""

import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from surveykit.cli.app import app
from surveykit.cli.schema import schema_app
from surveykit.description import describe
from surveykit.io import read_raw, read_survey
from surveykit.schema import dumps_schema, load_schema, loads_schema
from surveykit.schema.infer import infer_file, infer_schema, personal_name
from surveykit.schema.xlsform import number_range, read_xlsform

DATA = Path(__file__).parent / "data" / "wjx"


def _frequencies(survey) -> dict:
    """Counts of every answer by label text (codes may differ between schemas)."""
    q = survey.questionnaire
    out = {}
    for question in q.questions:
        if question.choices is None:
            continue
        labels = question.choices.labels()
        key = question.source if isinstance(question.source, str) else question.name
        key = key.split("、")[-1].strip() if "、" in str(key) else str(key)
        if question.type == "multiple":
            counts = {labels[c]: int(survey.data[f"{question.name}__{c}"].sum())
                      for c in question.choices.codes}
        else:
            counts = survey.data[question.name].map(labels).value_counts().to_dict()
        out[question.label or key] = {k: v for k, v in counts.items() if v}
    return out


@pytest.fixture(scope="module")
def hand():
    return load_schema(DATA / "phone.yaml")


def test_round_trip_text_export(hand):
    """Draft from the text export alone, read back: the same frequencies as the hand-written schema."""
    draft = infer_file(DATA / "phone_text.xls")
    assert loads_schema(dumps_schema(draft)) == draft  # validates as it is
    ours = _frequencies(read_survey(draft, DATA / "phone_text.xls"))
    theirs = _frequencies(read_survey(hand, DATA / "phone_text.xls"))
    assert ours == theirs
    assert theirs["性别"] == {"男": 427, "女": 373}


def test_round_trip_with_codes_reads_both_exports(hand):
    """Draft from both exports: the codes are Wenjuanxing's, so the draft reads the code export too."""
    draft = infer_file(DATA / "phone_text.xls", codes=DATA / "phone_codes.xls")
    for kind in ("text", "codes"):
        ours = read_survey(draft, DATA / f"phone_{kind}.xls")
        theirs = read_survey(hand, DATA / f"phone_{kind}.xls")
        assert ours.problems.empty
        pairs = {"q1": "phones", "q2": "price", "q3": "sex", "q4": "age", "q5": "income", "q7": "spend"}
        for mine, hers in pairs.items():
            pd.testing.assert_series_equal(ours.data[mine], theirs.data[hers], check_names=False)
        for c in range(1, 15):
            assert ours.data[f"q6__{c}"].equals(theirs.data[f"hobbies__{c}"])
    assert draft.question("q2").choices.labels()[10] == "其他【请注明】"
    assert draft.question("q4").choices.codes == (2, 3, 4, 5, 6, 7, 8, 9)


def test_draft_of_code_export_alone():
    draft = infer_file(DATA / "phone_codes.xls")
    q6 = draft.question("q6")
    assert q6.type == "multiple" and q6.source == "6"
    assert q6.choices.labels()[9] == "游戏动漫" and len(q6.choices.codes) == 14
    assert draft.question("q8").choices.labels()[9] == "ACG文化(动漫、游戏等)"
    assert draft.question("q3").type == "single"  # codes without labels: labels to be written
    survey = read_survey(draft, DATA / "phone_codes.xls")
    assert survey.data["q6__1"].sum() == 479 and survey.problems.empty


def test_leading_columns_and_personal_data():
    draft = infer_file(DATA / "phone_text.xls")
    by_source = {q.source: q for q in draft.questions}
    assert draft.respondent_id == "resp_id" and by_source["序号"].role == "id"
    assert (by_source["所用时间"].name, by_source["所用时间"].type) == ("duration_s", "number")
    assert by_source["来自IP"].pii and draft.languages == ("zh",)


def test_likert_lists_recognised_and_shared(tmp_path):
    path = tmp_path / "plain.csv"
    pd.DataFrame({
        "编号": [1, 2, 3, 4],
        "a1": ["非常同意", "同意", "不同意", "同意"],           # 非常不同意 and 一般 unseen
        "a2": ["一般", "非常不同意", "同意", "非常同意"],
        "sat": ["很满意", "满意", "一般", "很不满意"],
        "age": [23, 45, 67, 31],
        "income": [1200.5, 3000.0, 2500.0, 800.0],
        "note": ["很好", "还行", "没意见", "希望多办活动"],
    }).to_csv(path, index=False)
    draft = infer_schema(read_raw(path))
    a1, a2, sat = (draft.question(n) for n in ("a1", "a2", "sat"))
    assert a1.type == a2.type == sat.type == "likert"
    assert a1.choices is a2.choices or a1.choices.name == a2.choices.name == "agree5"
    assert a1.choices.labels() == {1: "非常不同意", 2: "不同意", 3: "一般", 4: "同意", 5: "非常同意"}
    assert sat.choices.name == "satisfaction5"
    assert sat.choices.labels()[2] == "不满意"  # the unseen point filled in
    assert [draft.question(n).type for n in ("编号", "age", "income", "note")] == [
        "integer", "integer", "number", "text"]
    survey = read_survey(draft, path)
    assert survey.data["a1"].tolist() == [5.0, 4.0, 2.0, 4.0] and survey.problems.empty


def test_cli_infer_then_validate(tmp_path):
    app.add_typer(schema_app, name="schema")
    out = tmp_path / "draft.yaml"
    result = CliRunner().invoke(app, ["schema", "infer", str(DATA / "phone_text.xls"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    check = subprocess.run([sys.executable, "-m", "surveykit", "validate", str(out),
                            str(DATA / "phone_text.xls")], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


# -- review fixes: numbers kept as numbers, personal data, XLSForm constraints ---------------

SHIPPED = Path(__file__).parent.parent / "data"
_PHONE_OR_IP = r"(?<!\d)1[3-9]\d{9}(?!\d)|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}"


@pytest.fixture(scope="module")
def governance():
    draft = infer_file(SHIPPED / "governance_units.csv")
    return draft, read_survey(draft, SHIPPED / "governance_units.csv")


def test_mostly_numeric_column_is_a_number_and_stray_text_is_invalid(governance):
    """居住年限 holds whole years and one '13多': an integer question, raw values kept as they are."""
    draft, survey = governance
    assert draft.question("居住年限").type == "integer"
    raw = pd.read_csv(SHIPPED / "governance_units.csv", encoding="gb18030", dtype=str)["居住年限"]
    expected = pd.to_numeric(raw, errors="coerce").to_numpy()
    assert survey.data["居住年限"].to_numpy(dtype=float) == pytest.approx(expected, nan_ok=True)
    invalid = survey.problems[survey.problems["check"] == "invalid_value"]
    assert invalid[["column", "value"]].values.tolist() == [["居住年限", "13多"]]
    assert invalid["row"].tolist() == [int(raw.index[raw == "13多"][0]) + 1]  # rows count from 1


def test_numeric_labels_are_their_own_codes(tmp_path):
    """Numbers among many texts stay a choice list, but '0' is code 0, never code 1."""
    path = tmp_path / "kids.csv"
    pd.DataFrame({"孩子数": ["0", "1", "2", "不知道", "2", "不知道", "1", "拒绝回答", "0", "3", "不知道", "1"],
                  "score": ["1.5", "2", "不知道", "2", "不知道", "1.5", "不知道", "2", "1.5", "2", "2", "2"]}
                 ).to_csv(path, index=False)
    draft = infer_schema(read_raw(path))
    kids = draft.question("孩子数")
    assert kids.type == "single"
    assert kids.choices.labels() == {0: "0", 1: "1", 2: "2", 3: "3", 4: "不知道", 5: "拒绝回答"}
    assert draft.question("score").type == "text"  # '1.5' cannot be a code of its own
    survey = read_survey(draft, path)
    assert survey.data["孩子数"].tolist()[:4] == [0, 1, 2, 4] and survey.problems.empty


@pytest.mark.parametrize("name", ["haikou_liushuipo.xlsx", "j_community_epidemic.csv",
                                  "yongchang_micro.sav", "qingdao_linkage.xlsx", "governance_units.csv"])
def test_shipped_drafts_read_back_without_miscoding(name):
    """No choice list of a draft has a numeric label other than its code; phones and IPs are pii text."""
    draft = infer_file(SHIPPED / name)
    for question in draft.questions:
        for code, label in (question.choices.labels() if question.choices else {}).items():
            assert not label.strip().lstrip("-").isdigit() or int(label) == code, (question.name, code, label)
    survey = read_survey(draft, SHIPPED / name)
    data = survey.data.drop(columns=list(draft.pii_columns))
    as_text = data.astype(str).to_string() + describe(survey).summary()
    assert not pd.Series([as_text]).str.contains(_PHONE_OR_IP).any()
    assert all(draft.question(c).type == "text" for c in draft.pii_columns)
    assert draft.pii_columns  # each export holds phone numbers (and Wenjuanxing the IP)


def test_personal_data_from_header_and_from_content(governance):
    draft, _ = governance
    assert [(draft.question(n).type, draft.question(n).pii) for n in ("IP地址", "联系电话")] == [
        ("text", True), ("text", True)]
    assert not draft.question("居住年限").pii
    haikou = infer_file(SHIPPED / "haikou_liushuipo.xlsx")
    assert haikou.question("q16").pii and haikou.question("q16").type == "text"  # 手机号码（选填）


def test_personal_data_found_in_unnamed_columns(tmp_path):
    path = tmp_path / "contacts.csv"
    pd.DataFrame({"备注": ["13812345678", "15900001111", "(空)", "18600002222"],
                  "v2": ["a@b.cn", "li.ming@example.com", "", "x_y@z.org"],
                  "v3": ["10.0.0.1", "192.168.1.20(广东-深圳)", "8.8.8.8", ""],
                  "您有几部手机": [1, 2, 1, 2],
                  "n": [13, 15, 18, 20]}).to_csv(path, index=False)
    draft = infer_schema(read_raw(path))
    assert [(q.name, q.type, q.pii) for q in draft.questions] == [
        ("备注", "text", True), ("v2", "text", True), ("v3", "text", True),
        ("您有几部手机", "integer", False), ("n", "integer", False)]
    # the survey about mobile phones: '1、手机部数' counts phones, it is no phone number
    assert not infer_file(DATA / "phone_text.xls").question("q1").pii


@pytest.mark.parametrize("text, personal", [
    ("联系电话", True), ("16、请留下您的手机号码（选填）", True), ("IP地址", True), ("来自IP", True),
    ("contact/phone", True), ("ipAddress", True), ("E-mail", True), ("full_name", True),
    ("What is your name?", True), ("身份证号", True), ("家庭住址", True), ("您的微信", True),
    ("1、手机部数", False), ("telling", False), ("community_name", False),
    ("社区微信群方便我获取信息", False), ("age", False), ("姓名", True), ("tel", True)])
def test_personal_names(text, personal):
    assert personal_name(text) is personal


def test_xlsform_constraints_become_ranges_and_phone_is_personal():
    form = read_xlsform(SHIPPED / "j_community_epidemic.xlsform.xlsx")
    assert form.question("age").range == (16, 100)  # '. >= 16 and . <= 100' on the survey sheet
    assert form.question("residence_years").range == (0, 80)
    assert (form.question("phone").type, form.question("phone").pii) == ("text", True)
    survey = read_survey(form, SHIPPED / "j_community_epidemic.csv")
    outside = survey.problems[survey.problems["check"] == "out_of_range"]
    raw = pd.read_csv(SHIPPED / "j_community_epidemic.csv", sep=";")["demo/age"]
    assert sorted(outside["value"].astype(float)) == sorted(raw[(raw < 16) | (raw > 100)].tolist())


@pytest.mark.parametrize("constraint, integer, expected", [
    (". >= 16 and . <= 100", True, (16, 100)), ("(. >= 16) and (. <= 100)", True, (16, 100)),
    ("(.>=16)and(.<=100)", True, (16, 100)), ("(. >= 0 and . <= 80)", True, (0, 80)),
    (". > 0", True, (1, math.inf)), (". > 0", False, (0, math.inf)), (". < 10", True, (-math.inf, 9)),
    (". <= 5.5", False, (-math.inf, 5.5)), (". >= 2.5", True, (3, math.inf)),
    ("regex(., '^1[0-9]{10}$')", True, None), (". >= 16 or . = 999", True, None),
    (". >= 10 and . <= 5", True, None), ("", True, None), ("${age} > 3", True, None)])
def test_number_range(constraint, integer, expected):
    assert number_range(constraint, integer=integer) == expected


def test_xlsform_personal_names_and_unparsed_constraints(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    for row in [["type", "name", "label", "constraint", "parameters"],
                ["integer", "tel", "Telephone", "", ""],
                ["decimal", "mobile_no", "Mobile", "", ""],
                ["text", "q9", "手机号码", "regex(., '^1[0-9]{10}$')", ""],
                ["integer", "phones", "您家有几部手机", ". >= 0", ""],
                ["integer", "kids", "Children", "string-length(.) < 3", ""],
                ["range", "score", "Score", "", "start=0 end=10 step=1"]]:
        survey.append(row)
    path = tmp_path / "form.xlsx"
    book.save(path)
    form = read_xlsform(path)
    got = [(q.name, q.type, q.pii, q.range) for q in form.questions]
    assert got == [("tel", "text", True, None), ("mobile_no", "text", True, None),
                   ("q9", "text", True, None), ("phones", "integer", False, (0, math.inf)),
                   ("kids", "integer", False, None), ("score", "number", False, (0, 10))]
    assert loads_schema(dumps_schema(form)) == form
