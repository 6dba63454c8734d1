"""A tiny survey written to a temporary folder, with values worked out by hand in the tests.

Eight respondents; row 8 answered in 10 seconds and is excluded by the
duration check, so analyses see rows 1-7. ``role`` is asked only of party
members (skipped for rows 3, 4, 6); ``acts`` is skipped for row 6 and left
empty by row 3. The code order of ``sex`` in the schema is 2 (Female), then 1.
"""

from pathlib import Path

import pandas as pd

SCHEMA = """\
surveykit: 1
id: tiny
languages: [en, zh]
missing_codes: [-9]
choice_lists:
  sex: {2: {en: Female, zh: 女}, 1: {en: Male, zh: 男}}
  yn: {1: {en: "Yes", zh: 是}, 2: {en: "No", zh: 否}}
  agree3: {1: Disagree, 2: Neutral, 3: Agree}
  edu: {1: {en: Primary, zh: 小学}, 2: {en: Secondary, zh: 中学}, 3: {en: Tertiary, zh: 大学}}
  acts: {1: {en: Meetings, zh: 议事会}, 2: {en: Volunteering, zh: 志愿服务}, 3: {en: Sports, zh: 文体}}
questions:
  - {name: sex, type: single, choices: sex, role: demographic, label: {en: Sex, zh: 性别}}
  - {name: age, type: integer, role: demographic, label: {en: Age, zh: 年龄}}
  - {name: edu, type: ordinal, choices: edu, role: demographic, label: {en: Education, zh: 教育}}
  - {name: member, type: single, choices: yn, label: {en: Party member, zh: 党员}}
  - {name: role, type: single, choices: yn, label: {en: Holds a party role, zh: 党内职务}}
  - {name: acts, type: multiple, choices: acts, label: {en: Activities, zh: 活动}}
  - {name: t1, type: likert, choices: agree3, label: {en: Trust the committee, zh: 信任居委会}}
  - {name: t2, type: likert, choices: agree3, reverse: true, label: {en: Distrust, zh: 不信任}}
  - {name: secs, type: number, role: paradata}
  - {name: w, type: number}
derived:
  - {name: age_group, from: age, cut: [16, 40, 101], labels: ["16-39", "40+"], label: {en: Age group}}
scales:
  - {name: trust, items: [t1, t2], label: {en: Trust, zh: 信任}}
quality:
  duration: {column: secs, min_seconds: 60}
"""

ROWS = [  # sex age edu member role acts t1 t2 secs w
    ("男", 25, 1, "是", "是", "1,2", 3, 1, 300, 1),
    ("女", 45, 2, "是", "否", "2", 2, 2, 300, 2),
    ("女", 52, 3, "否", "(跳过)", None, 3, 1, 300, 1),
    ("女", 33, 2, "否", "(跳过)", "1,2,3", 1, -9, 300, 1),
    ("男", 61, 3, "是", None, "3", 2, 3, 300, 1),
    ("女", -9, 1, "否", "(跳过)", "(跳过)", 3, 1, 300, 1),
    ("男", 38, 1, "是", "是", "1", 1, 3, 300, 1),
    ("男", 30, 2, "是", "是", "1", 3, 1, 10, 1),
]
COLUMNS = ["sex", "age", "edu", "member", "role", "acts", "t1", "t2", "secs", "w"]


def write(folder: Path, schema: str = SCHEMA, rows=ROWS) -> tuple[Path, Path]:
    """Write the schema and the data (CSV) into ``folder``; return their paths."""
    schema_path, data_path = folder / "tiny.yaml", folder / "tiny.csv"
    schema_path.write_text(schema, encoding="utf-8")
    pd.DataFrame(rows, columns=COLUMNS).to_csv(data_path, index=False, encoding="utf-8")
    return schema_path, data_path


def load(folder: Path, **kwargs):
    """The analysis sample of the tiny survey (rows 1-7)."""
    from surveykit import load_schema, read_survey
    from surveykit.sample import analysis_sample

    schema_path, data_path = write(folder, **kwargs)
    return analysis_sample(read_survey(load_schema(schema_path), data_path))
