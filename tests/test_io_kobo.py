"""XLSForm conversion and KoboToolbox exports, written by the tests; expected values by hand."""

import numpy as np
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from surveykit.cli.app import app
from surveykit.cli.schema import schema_app
from surveykit.exceptions import SchemaError
from surveykit.io import read_survey
from surveykit.io.skip import not_applicable
from surveykit.schema import load_schema
from surveykit.schema.xlsform import read_xlsform

SURVEY = [
    ["type", "name", "label::English (en)", "label::Chinese (zh)", "relevant", "required"],
    ["start", "start", "", "", "", ""],
    ["begin group", "hh", "Household", "家庭", "", ""],
    ["select_one yn", "member", "Party member?", "是否党员", "", "yes"],
    ["integer", "years", "Years as member", "党龄", "${member} = 'yes'", ""],
    ["end group", "", "", "", "", ""],
    ["select_multiple acts", "acts", "Activities", "参加的活动", "", ""],
    ["select_one agree", "trust-1", "Neighbours can be trusted", "邻里可以信任", "", ""],
    ["note", "thanks", "Thank you", "谢谢", "", ""],
    ["text", "comment", "Comment", "意见", "selected(${acts}, 'other')", ""],
    ["deviceid", "deviceid", "", "", "", ""],
]
CHOICES = [
    ["list_name", "name", "label::English (en)", "label::Chinese (zh)"],
    ["yn", "yes", "Yes", "是"], ["yn", "no", "No", "否"],
    ["acts", "meet", "Council meetings", "议事会"], ["acts", "vol", "Volunteering", "志愿服务"],
    ["acts", "other", "Other", "其他"],
    *[["agree", str(i), en, zh] for i, (en, zh) in enumerate(
        [("Strongly disagree", "非常不同意"), ("Disagree", "不同意"), ("Neutral", "一般"),
         ("Agree", "同意"), ("Strongly agree", "非常同意")], start=1)],
]


def _form(tmp_path, survey=SURVEY, settings=(("form_id", "form_title", "default_language"),
                                             ("gov_2024", "Governance 2024", "Chinese (zh)"))):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(list(row))
    choices = book.create_sheet("choices")
    for row in CHOICES:
        choices.append(row)
    if settings:
        s = book.create_sheet("settings")
        for row in settings:
            s.append(list(row))
    path = tmp_path / "form.xlsx"
    book.save(path)
    return path


def test_xlsform_conversion(tmp_path):
    q = read_xlsform(_form(tmp_path))
    assert q.id == "gov_2024" and q.languages == ("zh", "en")
    assert [(x.name, x.type) for x in q.questions] == [
        ("start", "date"), ("member", "single"), ("years", "integer"), ("acts", "multiple"),
        ("trust_1", "likert"), ("comment", "text"), ("deviceid", "text")]
    member = q.question("member")
    assert member.source == "hh/member" and member.required
    assert member.choices.codes == ("yes", "no")  # letter codes kept as text codes
    assert member.label == {"zh": "是否党员", "en": "Party member?"}
    assert q.question("trust_1").choices.codes == (1, 2, 3, 4, 5)
    assert q.question("trust_1").source == "trust-1"
    assert q.question("years").relevant == "${member} = 'yes'"
    assert q.question("deviceid").pii


def test_group_relevant_and_renamed_references(tmp_path):
    survey = [list(r) for r in SURVEY]
    survey[2][4] = "${start} != ''"
    survey.append(["integer", "score", "Score", "得分", "${trust-1} >= 4", ""])
    q = read_xlsform(_form(tmp_path, survey))
    assert q.question("years").relevant == "(${start} != '') and (${member} = 'yes')"
    assert q.question("score").relevant == "${trust_1} >= 4"


def test_xlsform_problems_listed(tmp_path):
    survey = SURVEY + [["select_one nolist", "bad", "Bad", "坏", "", ""],
                       ["begin repeat", "kids", "", "", "", ""]]
    with pytest.raises(SchemaError) as err:
        read_xlsform(_form(tmp_path, survey))
    text = str(err.value)
    assert "survey row 12" in text and "nolist" in text and "survey row 13" in text


def _export(tmp_path, with_groups=True, per_option=True, summary=True):
    p = "hh/" if with_groups else ""
    headers = ["start", f"{p}member", f"{p}years"]
    rows = [["2024-05-01T10:00:00", "yes", "12"], ["2024-05-01T11:00:00", "no", ""],
            ["2024-05-02T09:00:00", "yes", ""], ["2024-05-02T09:30:00", "maybe", "3"]]
    acts = [["meet vol", "1", "1", "0"], ["other", "0", "0", "1"], ["", "", "", ""],
            ["meet", "1", "0", "0"]]
    if summary:
        headers.append("acts")
    if per_option:
        headers += ["acts/meet", "acts/vol", "acts/other"]
    headers += ["trust-1", "comment", "deviceid", "_id", "_uuid", "_submission_time",
                "_validation_status", "_index"]
    tail = [["4", "", "d1"], ["5", "dancing", "d2"], ["", "", "d3"], ["2", "", "d4"]]
    body = []
    for i, (r, a, t) in enumerate(zip(rows, acts, tail), start=1):
        body.append(r + (a[:1] if summary else []) + (a[1:] if per_option else []) + t +
                    [str(100 + i), f"uuid-{i}", "2024-05-03T00:00:00", "", str(i)])
    path = tmp_path / "export.csv"
    pd.DataFrame(body, columns=headers).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("layout", [dict(), dict(with_groups=False), dict(per_option=False),
                                    dict(summary=False)])
def test_kobo_export(tmp_path, layout):
    q = read_xlsform(_form(tmp_path))
    survey = read_survey(q, _export(tmp_path, **layout))
    d = survey.data
    assert survey.flavor == "kobo"
    assert d["member"].iloc[:3].tolist() == ["yes", "no", "yes"] and pd.isna(d["member"].iloc[3])
    np.testing.assert_array_equal(d["years"], [12, np.nan, np.nan, 3])
    np.testing.assert_array_equal(d[["acts__meet", "acts__vol", "acts__other"]].to_numpy(),
                                  [[1, 1, 0], [0, 0, 1], [np.nan] * 3, [1, 0, 0]])
    np.testing.assert_array_equal(d["trust_1"], [4, 5, np.nan, 2])
    bad = survey.problems
    assert bad[["check", "row", "value"]].values.tolist() == [["invalid_value", 4, "maybe"]]
    assert bad.loc[0, "column"].endswith("member")
    undeclared = set(survey.notes.loc[survey.notes["check"] == "undeclared_column", "column"])
    assert {"_id", "_uuid", "_submission_time", "_index"} <= undeclared


def test_relevant_makes_answers_not_applicable(tmp_path):
    q = read_xlsform(_form(tmp_path))
    survey = read_survey(q, _export(tmp_path))
    na = not_applicable(survey)
    # years asked only of members (rows 1 and 3); row 4's member is invalid -> not asked
    assert na["years"].tolist() == [False, True, False, True]
    # comment asked only when 'other' was chosen (row 2)
    assert na["comment"].tolist() == [True, False, True, True]
    # row 3 was asked about years (member = yes) but gave no answer: missing, not "not applicable"
    assert np.isnan(survey.data.loc[3, "years"]) and not na.loc[3, "years"]


def test_cli_from_xlsform(tmp_path):
    app.add_typer(schema_app, name="schema")
    out = tmp_path / "gov.yaml"
    result = CliRunner().invoke(app, ["schema", "from-xlsform", str(_form(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert load_schema(out).question("years").relevant == "${member} = 'yes'"
    again = CliRunner().invoke(app, ["schema", "from-xlsform", str(_form(tmp_path)), "-o", str(out)])
    assert again.exit_code != 0  # no silent overwrite
