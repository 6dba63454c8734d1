"""Skip logic: which answers are "not applicable" because the question was not asked.

A question is not applicable to a respondent when the export says it was
skipped by the questionnaire's logic (Wenjuanxing's ``(跳过)`` or ``-3``,
recorded as ``skipped`` in ``SurveyData.events``), or when the question's
``relevant`` condition (XLSForm syntax, kept by ``schema from-xlsform``) is
false for that respondent. Not applicable is kept apart from "no answer":
percentages of a question use the respondents who were asked
(``~not_applicable(survey)[column]``) as the denominator.

The ``relevant`` conditions understood are those XLSForm forms use for skip
logic: ``${q}`` references, numbers and quoted texts, ``= != < <= > >=``,
``and``, ``or``, ``not(...)``, parentheses, ``selected(${q}, 'code')`` and
``count-selected(${q})``. An empty answer compares as in ODK: ``${q} = 1`` is
false and ``${q} != 1`` true. The evaluation is vectorised over respondents.

Examples
--------
>>> import tempfile, pathlib
>>> from surveykit.schema import loads_schema
>>> from surveykit.io import read_survey
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... choice_lists: {yn: {1: 是, 2: 否}}
... questions:
...   - {name: member, type: single, choices: yn}
...   - {name: meetings, type: integer, relevant: "${member} = 1"}
... ''')
>>> path = pathlib.Path(tempfile.mkdtemp()) / "raw.csv"
>>> _ = path.write_text("member,meetings\\n是,3\\n否,\\n是,\\n", encoding="utf-8")
>>> not_applicable(read_survey(q, path))
     member  meetings
row
1     False     False
2     False      True
3     False     False
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ..schema.model import OPTION_TYPES, Questionnaire

__all__ = ["not_applicable", "evaluate_relevant"]

_TOKEN = re.compile(r"""\s*(?:
    (?P<ref>\$\{[^}]+\})
  | (?P<num>-?\d+(?:\.\d+)?)
  | (?P<str>'[^']*'|"[^"]*")
  | (?P<op><=|>=|!=|=|<|>|\(|\)|,)
  | (?P<word>[A-Za-z_][\w-]*)
)""", re.X)


def _tokens(expression: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    expression = expression.strip()
    while pos < len(expression):
        match = _TOKEN.match(expression, pos)
        if match is None or match.end() == pos:
            raise DataError(f"relevant condition {expression!r}: cannot read it from "
                            f"{expression[pos:]!r}; use ${{q}}, = != < > and or not() selected()")
        kind = match.lastgroup
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


class _Parser:
    """Recursive descent over the tokens; every node is a Series over respondents."""

    def __init__(self, expression, questionnaire: Questionnaire, data: pd.DataFrame):
        self.expression, self.q, self.data = expression, questionnaire, data
        self.tokens = _tokens(expression)
        self.i = 0

    def fail(self, message: str):
        raise DataError(f"relevant condition {self.expression!r}: {message}")

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, value=None):
        kind, text = self.peek()
        if kind is None or (value is not None and text != value):
            self.fail(f"expected {value or 'more'} at token {self.i + 1}")
        self.i += 1
        return kind, text

    def parse(self) -> pd.Series:
        result = self.disjunction()
        if self.i != len(self.tokens):
            self.fail(f"unexpected {self.peek()[1]!r}")
        return pd.Series(np.asarray(result, dtype=bool), index=self.data.index)

    def disjunction(self):
        left = self.conjunction()
        while self.peek() == ("word", "or"):
            self.take()
            left = np.asarray(left, dtype=bool) | np.asarray(self.conjunction(), dtype=bool)
        return left

    def conjunction(self):
        left = self.comparison()
        while self.peek() == ("word", "and"):
            self.take()
            left = np.asarray(left, dtype=bool) & np.asarray(self.comparison(), dtype=bool)
        return left

    def comparison(self):
        left = self.operand()
        kind, text = self.peek()
        if kind == "op" and text in ("=", "!=", "<", "<=", ">", ">="):
            self.take()
            right = self.operand()
            left, right = _comparable(left, right)
            with np.errstate(invalid="ignore"):
                result = {"=": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal,
                          ">": np.greater, ">=": np.greater_equal}[text](left, right)
            return np.asarray(result, dtype=bool)
        return left

    def operand(self):
        kind, text = self.take()
        if kind == "ref":
            return self.column(text[2:-1])
        if kind == "num":
            return float(text)
        if kind == "str":
            return text[1:-1]
        if (kind, text) == ("op", "("):
            inner = self.disjunction()
            self.take(")")
            return inner
        if kind == "word" and text == "not":
            self.take("(")
            inner = self.disjunction()
            self.take(")")
            return ~np.asarray(inner, dtype=bool)
        if kind == "word" and text in ("selected", "count-selected"):
            self.take("(")
            ref = self.take()
            if ref[0] != "ref":
                self.fail(f"{text}() takes a ${{question}}")
            question = self.question(ref[1][2:-1])
            columns = self.data[list(question.columns)].to_numpy(dtype=float) if \
                question.type in OPTION_TYPES else None
            if text == "count-selected":
                self.take(")")
                return np.nansum(columns == 1, axis=1).astype(float) if columns is not None else \
                    self.column(question.name).notna().to_numpy(dtype=float)
            self.take(",")
            code = self.take()[1].strip("'\"")
            self.take(")")
            if columns is None:
                left, right = _comparable(self.column(question.name), code)
                return np.asarray(left == right, dtype=bool)
            position = [str(c) for c in question.choices.codes].index(code) \
                if code in [str(c) for c in question.choices.codes] else None
            if position is None:
                self.fail(f"{code!r} is not an option of '{question.name}'")
            return columns[:, position] == 1
        self.fail(f"cannot use {text!r} here")

    def question(self, name):
        try:
            return self.q.question(name)
        except KeyError:
            self.fail(f"${{{name}}} is not a question of the schema")

    def column(self, name) -> np.ndarray:
        question = self.question(name)
        if question.type in OPTION_TYPES:
            self.fail(f"compare a multiple-choice question with selected(${{{name}}}, 'code')")
        return self.data[question.name].to_numpy()


def _comparable(left, right):
    """Bring a column and a literal to one type (codes compare as numbers when they are)."""
    def as_float(x):
        if isinstance(x, str):
            try:
                return float(x)
            except ValueError:
                return x
        return x

    if isinstance(left, np.ndarray) and left.dtype.kind == "f":
        return left, as_float(right)
    if isinstance(right, np.ndarray) and right.dtype.kind == "f":
        return as_float(left), right
    if isinstance(left, np.ndarray) and left.dtype == object:
        left = np.array([None if v is None else str(v) for v in left], dtype=object)
        return left, (str(right) if not isinstance(right, np.ndarray) else right)
    return left, right


def evaluate_relevant(questionnaire: Questionnaire, data: pd.DataFrame, expression: str) -> pd.Series:
    """Evaluate an XLSForm ``relevant`` condition for every respondent (True = asked).

    Examples
    --------
    >>> import pandas as pd
    >>> from surveykit.schema import loads_schema
    >>> q = loads_schema("surveykit: 1\\nid: d\\nquestions:\\n  - {name: age, type: integer}\\n")
    >>> evaluate_relevant(q, pd.DataFrame({"age": [15.0, 40.0, None]}), "${age} >= 18").tolist()
    [False, True, False]
    """
    return _Parser(expression, questionnaire, data).parse()


def not_applicable(survey) -> pd.DataFrame:
    """True where a question was not asked of a respondent (skip logic), by data column.

    Parameters
    ----------
    survey : SurveyData
        Data read through a schema.

    Returns
    -------
    DataFrame
        Same index and columns as ``survey.data``; True where the export marked
        the answer as skipped by the questionnaire's logic, or where the
        question's ``relevant`` condition is false. An option column
        (``NAME__CODE``, ``NAME__other_text``) follows its question.

    Examples
    --------
    ``tasks`` is asked only of those who took part (``relevant: ${took_part} != 2``):

    >>> from surveykit import load_schema, read_survey
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> na = not_applicable(survey)
    >>> int(na["tasks__1"].sum()), int((survey.data["took_part"] == 2).sum()), bool(na["took_part"].any())
    (189, 189, False)
    """
    data, q = survey.data, survey.questionnaire
    out = pd.DataFrame(False, index=data.index, columns=data.columns)
    owner = {column: column.split("__")[0] for column in data.columns}
    columns_of: dict[str, list[str]] = {}
    for column, name in owner.items():
        columns_of.setdefault(name, []).append(column)
    for question in q.questions:
        if question.relevant and question.name in columns_of:
            asked = evaluate_relevant(q, data, question.relevant).to_numpy()
            for column in columns_of[question.name]:
                out[column] = out[column].to_numpy() | ~asked
    events = survey.events
    skipped = events[events["status"] == "skipped"] if len(events) else events
    for variable, rows in skipped.groupby("variable")["row"] if len(skipped) else ():
        rows = rows[rows.isin(data.index)]  # events of respondents since excluded do not apply
        for column in columns_of.get(variable.split("__")[0], []):  # skipped: the whole question
            out.loc[rows.to_numpy(), column] = True
    return out
