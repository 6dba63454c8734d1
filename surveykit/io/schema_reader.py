"""Reading a raw export through a questionnaire: columns to questions, cells to codes.

:func:`read_survey` is the one entry point: it reads the file, detects its
flavour, matches every question to its column(s), resolves the cells, and
returns a :class:`~surveykit.data.SurveyData` holding the coded data, the
problems found (invalid values, values out of range, duplicate ids) and the
notes (columns the schema does not declare). Nothing is dropped silently: an
invalid cell becomes missing and is listed with its row, column and raw value.

Examples
--------
>>> import tempfile, pathlib
>>> from surveykit.schema import loads_schema
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... choice_lists: {sex: {1: 男, 2: 女}}
... questions:
...   - {name: sex, type: single, choices: sex, source: 您的性别}
...   - {name: age, type: integer, range: [16, 100]}
... ''')
>>> path = pathlib.Path(tempfile.mkdtemp()) / "raw.csv"
>>> _ = path.write_text("您的性别,age\\n男,34\\n女性,140\\n", encoding="utf-8")
>>> survey = read_survey(q, path)
>>> survey.data
     sex    age
row
1    1.0   34.0
2    NaN  140.0
>>> survey.problems[["check", "row", "value"]]
          check  row value
0  invalid_value    2    女性
1  out_of_range     2   140
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ..schema.model import CODED_TYPES, Question, Questionnaire, text
from .cells import (
    NO_ANSWER_WORDS, SKIPPED_WORDS, STATUSES, CodeLookup, Coded, normalize, resolve_column,
    word_status,
)
from .files import RawTable, read_raw
from .flavors import Flavor, detect_flavor, get_flavor

__all__ = ["read_survey", "code_table"]

PROBLEM_COLUMNS = ["check", "column", "question", "row", "value", "message"]
#: Separators of a one-column multiple-choice answer, most specific first.
_SEPARATORS = ("┋", "|", ";", "；", ",", "，", "、")


def read_survey(questionnaire: Questionnaire, path, *, flavor: str = "auto",
                sheet: str | int | None = None):
    """Read a data file through a questionnaire.

    Parameters
    ----------
    questionnaire : Questionnaire
        The schema (see :func:`surveykit.load_schema`).
    path : str or Path
        The raw export (xlsx/xls, csv, sav, dta, parquet).
    flavor : {"auto", "plain", "wjx", "kobo", "spss"}
        The export flavour; detected from the file when ``auto``.
    sheet : str or int, optional
        Sheet of a workbook (default: the first).

    Returns
    -------
    SurveyData

    Raises
    ------
    InputFileError
        The file is missing, empty or unreadable.
    DataError
        A column the schema declares is not in the file.
    """
    raw = read_raw(path, sheet=sheet)
    chosen = detect_flavor(raw.headers, Path(path).suffix) if flavor == "auto" else get_flavor(flavor)
    return code_table(questionnaire, raw, chosen)


def code_table(questionnaire: Questionnaire, raw: RawTable, flavor: Flavor):
    """Resolve a :class:`RawTable` through the questionnaire (see :func:`read_survey`)."""
    from ..data import SurveyData

    headers = {normalize(h): h for h in raw.headers}
    columns, problems, events = {}, [], []
    used: set[str] = set()
    missing_columns = []
    for question in questionnaire.questions:
        reader = _Question(questionnaire, question, raw, flavor, headers)
        try:
            out = reader.read()
        except _MissingColumn as err:
            missing_columns.append(str(err))
            continue
        columns.update(out)
        used.update(reader.used)
        problems += reader.problems
        events += reader.events
    if missing_columns:
        shown = "; ".join(missing_columns)
        raise DataError(f"{raw.path}: {len(missing_columns)} column(s) declared in the schema "
                        f"are not in the file: {shown}")
    data = pd.DataFrame(columns, index=raw.frame.index)
    problems += _duplicate_ids(questionnaire, data, raw, headers, flavor)
    notes = [{"check": "undeclared_column", "column": h,
              "message": f"column {h!r} is not declared in the schema; it is ignored"}
             for h in raw.headers if h not in used]
    return SurveyData(
        data=data, questionnaire=questionnaire,
        problems=_frame(problems, PROBLEM_COLUMNS), notes=_frame(notes, ["check", "column", "message"]),
        events=_frame(events, ["row", "variable", "status", "value"]),
        source=raw.path, flavor=flavor.name)


def _frame(records, columns) -> pd.DataFrame:
    if not records:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    frames = [r if isinstance(r, pd.DataFrame) else pd.DataFrame([r]) for r in records]
    return pd.concat(frames, ignore_index=True)[columns]


class _MissingColumn(Exception):
    pass


class _Question:
    """Reads the column(s) of one question."""

    def __init__(self, questionnaire, question: Question, raw: RawTable, flavor: Flavor, headers):
        self.q, self.question, self.raw, self.flavor, self.headers = questionnaire, question, raw, flavor, headers
        self.used: list[str] = []
        self.problems: list = []
        self.events: list = []
        self.missing = questionnaire.missing_codes_of(question) + tuple(
            raw.user_missing.get(question.name, ()))

    def find(self, wanted) -> str | None:
        return self.flavor.find_column(str(wanted), self.headers)

    def column(self) -> str:
        for wanted in (self.question.source, self.question.name):
            if wanted is not None and (header := self.find(wanted)) is not None:
                self.used.append(header)
                return header
        raise _MissingColumn(f"'{self.question.source or self.question.name}' "
                             f"(question {self.question.name})")

    def read(self) -> dict[str, pd.Series]:
        if self.question.type in ("multiple", "rank"):
            return self.options()
        header = self.column()
        cells = self.raw.frame[header]
        coded = self.resolve(cells)
        self.record(coded, header, self.question.name)
        return {self.question.name: coded.values}

    # -- one column ------------------------------------------------------------
    def resolve(self, cells: pd.Series) -> Coded:
        qtype = self.question.type
        if qtype in CODED_TYPES:
            choices = self.question.choices
            labels = {c.code: _label_texts(c.label) for c in choices.choices}
            labels = _with_file_labels(labels, self.raw.value_labels.get(self.question.name))
            lookup = CodeLookup.build(labels, self.missing)
            return resolve_column(cells, lookup.resolve, numeric=choices.numeric)
        if qtype in ("integer", "number"):
            return self.numbers(cells)
        if qtype == "date":
            return resolve_column(cells, _date, numeric=False)
        return resolve_column(cells, _text, numeric=False)

    def numbers(self, cells: pd.Series) -> Coded:
        missing = {float(m) for m in self.missing if isinstance(m, (int, float))}
        whole = self.question.type == "integer"

        def parse(cell):
            number = self.flavor.parse_number(cell)
            if number is None:
                return None, word_status(normalize(str(cell)))
            if number in missing:
                return None, STATUSES.index("missing_code")
            if whole and number != int(number):
                return None, STATUSES.index("invalid")
            return number, 0

        if pd.api.types.is_numeric_dtype(cells.dtype) and not missing and not whole:
            values = cells.astype(np.float64)
            status = np.where(values.isna(), STATUSES.index("empty"), 0).astype(np.int8)
            return Coded(values, status, cells)
        return resolve_column(cells, parse, numeric=True)

    def record(self, coded: Coded, header: str, variable: str) -> None:
        invalid = coded.rows_with("invalid")
        if len(invalid):
            self.problems.append(pd.DataFrame({
                "check": "invalid_value", "column": header, "question": self.question.name,
                "row": invalid.index.to_numpy(), "value": [_raw_text(v) for v in invalid],
                "message": [self.invalid_message(v) for v in invalid]}))
        for status in ("missing_code", "no_answer", "skipped"):
            rows = coded.rows_with(status)
            if len(rows):
                self.events.append(pd.DataFrame({
                    "row": rows.index.to_numpy(), "variable": variable, "status": status,
                    "value": [_raw_text(v) for v in rows]}))
        rng = self.question.range
        if rng is not None:
            values = coded.values
            out = values[(values < rng[0]) | (values > rng[1])]
            if len(out):
                raw_cells = coded.raw.loc[out.index]
                self.problems.append(pd.DataFrame({
                    "check": "out_of_range", "column": header, "question": self.question.name,
                    "row": out.index.to_numpy(), "value": [_raw_text(v) for v in raw_cells],
                    "message": [f"{_raw_text(v)} is outside the range [{rng[0]}, {rng[1]}] of "
                                f"'{self.question.name}'" for v in raw_cells]}))

    def invalid_message(self, cell) -> str:
        q = self.question
        if q.type in CODED_TYPES:
            where = f"list '{q.choices.name}'" if q.choices.name else f"'{q.name}'"
            return f"{_raw_text(cell)!r} is not a code or label of {where}"
        if q.type == "integer":
            return f"{_raw_text(cell)!r} is not a whole number ('{q.name}' is an integer question)"
        if q.type == "date":
            return f"{_raw_text(cell)!r} is not a date"
        return f"{_raw_text(cell)!r} is not a number ('{q.name}' is a number question)"

    # -- multiple choice and ranking ---------------------------------------------
    def options(self) -> dict[str, pd.Series]:
        q = self.question
        codes = q.choices.codes
        per_option = self.option_headers()
        if per_option is not None:
            out = {}
            for code, header in per_option.items():
                coded = self.option_cells(self.raw.frame[header], code)
                self.record(coded, header, f"{q.name}__{code}")
                out[f"{q.name}__{code}"] = coded.values
            return out
        header = self.column()
        return self.listing(self.raw.frame[header], header, codes)

    def option_headers(self) -> dict | None:
        q = self.question
        if isinstance(q.source, dict):
            found = {code: self.find(h) for code, h in q.source.items()}
            absent = [q.source[c] for c, h in found.items() if h is None]
            if absent:
                raise _MissingColumn(f"{absent} (options of question {q.name})")
        else:
            found = {code: self.find(f"{q.name}__{code}") for code in q.choices.codes}
            if q.source is not None or any(h is None for h in found.values()):
                return None
        self.used.extend(found.values())
        return found

    def option_cells(self, cells: pd.Series, code) -> Coded:
        """A per-option column: 0/1 (multiple) or a rank, or the option's label when chosen."""
        label_texts = {normalize(t) for t in _label_texts(
            next(c.label for c in self.question.choices.choices if c.code == code))}
        missing = {normalize(str(m)) for m in self.missing}
        rank = self.question.type == "rank"

        def parse(cell):
            number = self.flavor.parse_number(cell)
            key = normalize(str(cell))
            if number is not None and key not in missing and number not in {
                    float(m) for m in self.missing if isinstance(m, (int, float))}:
                if rank and number >= 1 and number == int(number):
                    return number, 0
                if not rank and number in (0.0, 1.0):
                    return number, 0
                return None, STATUSES.index("invalid")
            if not rank and key in label_texts:
                return 1.0, 0
            return None, word_status(key, frozenset(missing))

        return resolve_column(cells, parse, numeric=True)

    def listing(self, cells: pd.Series, header: str, codes) -> dict[str, pd.Series]:
        """One column listing the chosen options: split, resolve each token, spread to columns."""
        q = self.question
        labels = {c.code: _label_texts(c.label) for c in q.choices.choices}
        lookup = CodeLookup.build(labels, self.missing)
        position = {code: i for i, code in enumerate(codes)}
        rank = q.type == "rank"
        bad_tokens: dict[object, list[str]] = {}

        def parse(cell):
            key = normalize(str(cell))
            if key == "" or key in NO_ANSWER_WORDS or key in SKIPPED_WORDS or key in lookup.missing_text:
                return None, word_status(key, lookup.missing_text)
            tokens = _split(key)
            row = np.zeros(len(codes)) if not rank else np.full(len(codes), np.nan)
            unknown = []
            for order, token in enumerate(tokens, start=1):
                code, status = lookup.resolve(token)
                if status == 0:
                    row[position[code]] = order if rank else 1.0
                else:
                    unknown.append(token)
            if unknown:
                bad_tokens[cell] = unknown
                if len(unknown) == len(tokens):
                    return None, STATUSES.index("invalid")
            return tuple(row), 0

        index_of, uniques = pd.factorize(cells, use_na_sentinel=True)
        parsed = [parse(u) for u in uniques]
        matrix = np.full((len(uniques) + 1, len(codes)), np.nan)
        status_u = np.empty(len(uniques) + 1, dtype=np.int8)
        status_u[-1] = STATUSES.index("empty")
        for i, (row, status) in enumerate(parsed):
            status_u[i] = status
            if row is not None:
                matrix[i] = row
        values = matrix[index_of]
        status = status_u[index_of]
        coded = Coded(pd.Series(np.nan, index=cells.index), status, cells)
        self.record(coded, header, q.name)
        partly = cells[np.isin(index_of, [i for i, u in enumerate(uniques) if u in bad_tokens])
                       & (status == 0)]
        if len(partly):
            self.problems.append(pd.DataFrame({
                "check": "invalid_value", "column": header, "question": q.name,
                "row": partly.index.to_numpy(), "value": [_raw_text(v) for v in partly],
                "message": [f"{', '.join(map(repr, bad_tokens[v]))} in {_raw_text(v)!r} is not an "
                            f"option of '{q.name}'; the other options were kept" for v in partly]}))
        return {f"{q.name}__{code}": pd.Series(values[:, j], index=cells.index)
                for j, code in enumerate(codes)}


def _split(text_value: str) -> list[str]:
    for sep in _SEPARATORS:
        if sep in text_value:
            return [t for t in (normalize(p) for p in text_value.split(sep)) if t]
    return [t for t in text_value.split() if t]


def _label_texts(label) -> list[str]:
    if label is None:
        return []
    if isinstance(label, str):
        return [label]
    return list(label.values())


def _with_file_labels(labels: dict, file_labels: dict | None) -> dict:
    """Add an SPSS file's own value labels as further spellings of the schema's codes."""
    if not file_labels:
        return labels
    out = {code: list(texts) for code, texts in labels.items()}
    for code, label in file_labels.items():
        for schema_code in out:
            if str(schema_code) == str(code) or (not isinstance(schema_code, str)
                                                 and float(schema_code) == float(code)):
                out[schema_code].append(str(label))
    return out


def _raw_text(cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _text(cell):
    key = str(cell).strip()
    return (key, 0) if key else (None, STATUSES.index("empty"))


def _date(cell):
    key = normalize(str(cell))
    if key == "":
        return None, STATUSES.index("empty")
    stamp = pd.to_datetime(key, errors="coerce")
    if pd.isna(stamp):
        return None, word_status(key)
    return stamp, 0


def _duplicate_ids(questionnaire: Questionnaire, data: pd.DataFrame, raw: RawTable, headers,
                   flavor: Flavor) -> list:
    rid = questionnaire.respondent_id
    if rid is None or rid not in data:
        return []
    ids = data[rid]
    dup = ids[ids.notna() & ids.duplicated(keep="first")]
    if not len(dup):
        return []
    question = questionnaire.question(rid)
    header = next((headers[normalize(str(w))] for w in (question.source, rid)
                   if w is not None and normalize(str(w)) in headers), rid)
    first = ids[ids.notna()].groupby(ids[ids.notna()]).apply(lambda s: s.index[0])
    label = text(question.label, questionnaire.language, default=rid)
    return [pd.DataFrame({
        "check": "duplicate_id", "column": header, "question": rid,
        "row": dup.index.to_numpy(), "value": [_raw_text(v) for v in dup],
        "message": [f"{label} {_raw_text(v)!r} already appears in row {first[v]}" for v in dup]})]
