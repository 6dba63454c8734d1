"""The questionnaire schema: the spec's example loads, broken schemas are refused
with the right line and key, and writing a schema back round-trips."""

import re
from pathlib import Path

import pytest

from surveykit import SchemaError, dumps_schema, load_schema, loads_schema
from surveykit.exceptions import InputFileError

SPEC_EXAMPLE = (Path(__file__).parent / "data" / "spec_example.yaml").read_text(encoding="utf-8")

HEAD = """surveykit: 1
id: t
languages: [zh, en]
choice_lists:
  agree5: {1: a, 2: b, 3: c, 4: d, 5: e}
  yn: {1: 是, 0: 否}
questions:
"""


def problems_of(text):
    with pytest.raises(SchemaError) as info:
        loads_schema(text, path="t.yaml")
    return info.value.problems


def test_spec_example_loads_with_its_semantics():
    q = loads_schema(SPEC_EXAMPLE, path="spec.yaml")
    assert q.id == "liushuipo-2021" and q.languages == ("zh", "en")
    assert q.question("gender").source == "1、您的性别"
    assert q.question("id_3").reverse and not q.question("id_1").reverse
    assert q.question("activities").columns == tuple(f"activities__{c}" for c in (1, 2, 3, 4))
    assert q.scale("participation").required_items == 3
    assert q.scale("identity").required_items == 4
    assert q.derived_variable("age_group").cut == (16, 30, 45, 60, 101)
    assert q.pii_columns == ("phone",)
    assert set(q.quality) == {"duration", "straightlining", "attention", "duplicates"}
    assert q.variable_label("activities__2", "en") == (
        "Which community activities have you taken part in?: Volunteer service")


def test_every_yaml_block_of_the_spec_loads():
    spec = Path(__file__).parent / "data" / "spec_example.yaml"
    assert load_schema(spec).id == "liushuipo-2021"


def test_round_trip_gives_the_same_model():
    q = loads_schema(SPEC_EXAMPLE)
    again = loads_schema(dumps_schema(q))
    assert again == q


@pytest.mark.parametrize("body, line, key, words", [
    # 1 unknown choice list
    ("  - {name: q1, type: single, choices: sexx}\n", 8, "questions[0].choices", "unknown choice list 'sexx'"),
    # 2 duplicate name
    ("  - {name: q1, type: integer}\n  - {name: q1, type: text}\n", 9, "questions.q1", "duplicate name 'q1'"),
    # 3 unknown type (with a suggestion)
    ("  - {name: q1, type: likret, choices: agree5}\n", 8, "questions[0].type", "did you mean 'likert'"),
    # 4 reverse on a non-ordered question
    ("  - {name: q1, type: single, choices: yn, reverse: true}\n", 8, "questions[0].reverse", "reverse applies"),
    # 5 scale item that is not a question
    ("  - {name: q1, type: likert, choices: agree5}\nscales:\n  - {name: s, items: [q1, q9]}\n",
     10, "scales[0].items[1]", "'q9' is not a question"),
    # 6 scale item that is not numeric
    ("  - {name: q1, type: likert, choices: agree5}\n  - {name: q2, type: text}\n"
     "scales:\n  - {name: s, items: [q1, q2]}\n", 11, "scales[0].items[1]", "must be likert"),
    # 7 cut labels that do not fit the bins
    ("  - {name: age, type: integer}\nderived:\n  - {name: g, from: age, cut: [16, 30, 60], labels: [a, b, c]}\n",
     10, "derived[0].labels", "2 bins need 2 labels"),
    # 8 bad code (a float)
    ("  - name: q1\n    type: single\n    choices: {1.5: x, 2: y}\n", 10, "questions[0].choices.1.5",
     "choice codes are integers"),
    # 9 bad question name
    ("  - {name: 1st, type: integer}\n", 8, "questions[0].name", "Python identifier"),
    # 10 unknown key with a suggestion
    ("  - {name: q1, type: single, choises: yn}\n", 8, "questions[0].choises", "did you mean 'choices'"),
    # 11 range with min > max
    ("  - {name: age, type: integer, range: [100, 16]}\n", 8, "questions[0].range", "min <= max"),
    # 12 derived from an unknown variable
    ("  - {name: age, type: integer}\nderived:\n  - {name: g, from: agee, cut: [1, 2]}\n",
     10, "derived[0].from", "not a question or a scale"),
    # 13 any_of code not an option
    ("  - {name: act, type: multiple, choices: agree5}\nderived:\n  - {name: any, from: act, any_of: [1, 7]}\n",
     10, "derived[0].any_of[1]", "7 is not an option of 'act'"),
    # 14 unknown quality check
    ("  - {name: q1, type: integer}\nquality:\n  speeding: {column: q1}\n", 10, "quality.speeding",
     "unknown quality check"),
    # 15 attention check expecting a code that does not exist
    ("  - {name: at, type: likert, choices: agree5}\nquality:\n  attention:\n    - {question: at, expect: 9}\n",
     11, "quality.attention[0].expect", "9 is not a code"),
    # 16 min_items larger than the scale
    ("  - {name: a, type: likert, choices: agree5}\n  - {name: b, type: likert, choices: agree5}\n"
     "scales:\n  - {name: s, items: [a, b], min_items: 3}\n", 11, "scales[0].min_items", "from 1 to 2"),
    # 17 label language not declared
    ("  - {name: q1, type: integer, label: {zh: 年龄, fr: âge}}\n", 8, "questions[0].label.fr",
     "label language 'fr'"),
    # 18 respondent id that is not a question
    ("  - {name: q1, type: integer}\nrespondent_id: rid\n", 9, "respondent_id", "not a question"),
])
def test_broken_schema_is_refused_with_line_and_key(body, line, key, words):
    problems = problems_of(HEAD + body)
    match = [p for p in problems if p.key == key]
    assert match, f"no problem for key {key}: {problems}"
    assert match[0].line == line
    assert words in match[0].message
    assert match[0].file == "t.yaml"


def test_yaml_syntax_error_names_the_line():
    problems = problems_of("surveykit: 1\nid: t\nquestions:\n  - {name: q1, type: integer\n  - {name: q2}\n")
    assert len(problems) == 1 and problems[0].line == 5
    assert problems[0].message.startswith("invalid YAML")


def test_duplicate_yaml_key_is_refused():
    problems = problems_of("surveykit: 1\nid: t\nid: u\nquestions: [{name: a, type: text}]\n")
    assert problems[0].line == 3 and "duplicate key" in problems[0].message


def test_missing_version_and_questions_reported_together():
    problems = problems_of("id: t\n")
    keys = {p.key for p in problems}
    assert {"surveykit", "questions"} <= keys


def test_all_problems_are_reported_at_once():
    problems = problems_of(HEAD + "  - {name: q1, type: single, choices: nope}\n"
                                  "  - {name: q2, type: wrong}\n  - {name: q1, type: text}\n")
    assert len(problems) >= 3
    text = str(SchemaError(problems))
    assert text.startswith(f"{len(problems)} schema errors:")
    assert re.search(r"t\.yaml:8: questions\[0\]\.choices", text)


def test_empty_and_non_mapping_schema():
    assert "found an empty file" in problems_of("")[0].message
    assert "found a list" in problems_of("- a\n- b\n")[0].message


def test_missing_schema_file_is_an_input_error(tmp_path):
    with pytest.raises(InputFileError, match="schema file not found"):
        load_schema(tmp_path / "nope.yaml")


def test_non_utf8_schema_is_an_input_error(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("surveykit: 1\nid: t\ntitle: 社区\n".encode("gbk"))
    with pytest.raises(InputFileError, match="not UTF-8"):
        load_schema(path)


def test_letter_codes_and_inline_choices():
    q = loads_schema(HEAD + "  - name: q1\n    type: single\n    choices: {A: x, B: y}\n")
    assert q.question("q1").choices.codes == ("A", "B")
    assert not q.question("q1").choices.numeric
    assert loads_schema(dumps_schema(q)) == q
