"""Drafting schemas: the round trip on the real Wenjuanxing export, and hand-made exports."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from surveykit.cli.app import app
from surveykit.cli.schema import schema_app
from surveykit.io import read_raw, read_survey
from surveykit.schema import dumps_schema, load_schema, loads_schema
from surveykit.schema.infer import infer_file, infer_schema

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
