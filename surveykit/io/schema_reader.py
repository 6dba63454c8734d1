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

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ..schema.model import CODED_TYPES, Question, Questionnaire, text
from .cells import (
    NO_ANSWER_WORDS, SKIPPED_WORDS, STATUSES, CodeLookup, Coded, as_number, is_other_label, normalize,
    resolve_column, split_other, word_status,
)
from .files import RawTable, read_raw
from .flavors import Flavor, detect_flavor, get_flavor

__all__ = ["read_survey", "code_table", "OTHER_SUFFIX"]

PROBLEM_COLUMNS = ["check", "column", "question", "row", "value", "message"]
#: Separators of a one-column multiple-choice answer, most specific first.
_SEPARATORS = ("┋", "→", "|", ";", "；", ",", "，", "、")
#: Suffix of the text column that keeps "other, please specify" answers (``NAME__other_text``);
#: it exists for a question with an "other" option when the flavour writes such texts in cells.
OTHER_SUFFIX = "__other_text"
_FILL_IN = re.compile(r"〖(.*?)〗", re.S)
_INVALID = STATUSES.index("invalid")


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

    Examples
    --------
    The KoboToolbox export of the J-community case study (``demo/gender``
    headers, ``;`` separator, one 0/1 column per option of ``tasks``):

    >>> from surveykit import load_schema
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> survey
    SurveyData('j-community-epidemic', n=356, columns=40, problems=2)
    >>> survey.data[["gender", "age", "part_1", "tasks__1"]].head(3)
         gender   age  part_1  tasks__1
    row
    1       1.0  53.0     3.0       NaN
    2       1.0  28.0     4.0       1.0
    3       1.0  40.0     5.0       1.0
    """
    suffix = Path(path).suffix
    pick = (lambda headers: detect_flavor(headers, suffix)) if flavor == "auto" else (
        lambda headers: get_flavor(flavor))
    raw = read_raw(path, sheet=sheet,
                   column_kinds=lambda headers: _column_kinds(questionnaire, headers, pick(headers)))
    return code_table(questionnaire, raw, pick(raw.headers))


def _column_kinds(questionnaire: Questionnaire, headers, flavor: Flavor) -> dict[str, str]:
    """``{header: "text" | "code"}``: the columns to read exactly as written (open
    answers, dates, the id, personal data) and those expected to hold small integer
    codes (coded questions whose codes and missing codes fit in 16 bits)."""
    keyed = {normalize(h): h for h in headers}
    out = {}
    for q in questionnaire.questions:
        if q.type in ("text", "date") or q.name == questionnaire.respondent_id or q.pii:
            kind = "text"
        elif q.type in CODED_TYPES and q.choices.numeric and all(
                isinstance(c, int) and abs(c) < 2 ** 15
                for c in (*q.choices.codes, *questionnaire.missing_codes_of(q))):
            kind = "code"
        else:
            continue
        for wanted in (q.source, q.name):
            if isinstance(wanted, str) and (h := flavor.find_column(wanted, keyed)) is not None:
                out[h] = kind
                break
    return out


def code_table(questionnaire: Questionnaire, raw: RawTable, flavor: Flavor):
    """Resolve a :class:`RawTable` through the questionnaire (see :func:`read_survey`)."""
    from ..data import SurveyData

    headers = {normalize(h): h for h in raw.headers}
    columns, problems, events, notes = {}, [], [], []
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
        notes += reader.notes
        if not question.pii and set(reader.used) & set(flavor.personal_columns):
            notes.append({"check": "personal_data", "column": reader.used[0],
                          "message": f"column {reader.used[0]!r} holds personal data; mark question "
                                     f"'{question.name}' with pii: true"})
    if missing_columns:
        shown = "; ".join(missing_columns)
        raise DataError(f"{raw.path}: {len(missing_columns)} column(s) declared in the schema "
                        f"are not in the file: {shown}")
    data = _assemble(columns, raw.frame.index)
    problems += _duplicate_ids(questionnaire, data, raw, headers, flavor)
    notes += [{"check": "undeclared_column", "column": h,
               "message": f"column {h!r} is not declared in the schema; it is ignored"}
              for h in raw.headers if h not in used]
    return SurveyData(
        data=data, questionnaire=questionnaire,
        problems=_frame(problems, PROBLEM_COLUMNS), notes=_frame(notes, ["check", "column", "message"]),
        events=_frame(events, ["row", "variable", "status", "value"]),
        source=raw.path, flavor=flavor.name)


def _with_rest(values: np.ndarray, status: np.ndarray, cells: pd.Series, rest: np.ndarray,
               resolve) -> Coded:
    """Complete a vectorised resolution: the cells flagged in ``rest`` go through
    ``resolve`` (once per distinct value) and their results replace those positions."""
    if rest.any():
        coded = resolve_column(cells[rest], resolve, numeric=True)
        positions = np.flatnonzero(rest)
        values[positions] = coded.values.to_numpy()
        status[positions] = coded.status_codes
    return Coded(pd.Series(values, index=cells.index, copy=False), status, cells)


def _assemble(columns: dict[str, pd.Series], index: pd.Index) -> pd.DataFrame:
    """One DataFrame of the coded columns without copying them: ``concat`` keeps one
    block per column, where the DataFrame constructor would copy every column into
    one consolidated block (0.6 s for a million respondents x 30 items)."""
    if not columns:
        return pd.DataFrame(index=index)
    return pd.concat(columns, axis=1)


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
        self.notes: list = []
        self.missing = questionnaire.missing_codes_of(question)
        choices = question.choices
        self.other_code = next((c.code for c in choices.choices if any(
            is_other_label(t) for t in _label_texts(c.label))), None) \
            if choices and flavor.fill_in_texts else None

    def find(self, wanted) -> str | None:
        return self.flavor.find_column(str(wanted), self.headers)

    def column(self) -> str:
        for wanted in (self.question.source, self.question.name):
            if wanted is not None and (header := self.find(wanted)) is not None:
                self.used.append(header)
                self.missing = self.missing + tuple(self.raw.user_missing.get(header, ()))
                return header
        raise _MissingColumn(f"'{self.question.source or self.question.name}' "
                             f"(question {self.question.name})")

    def read(self) -> dict[str, pd.Series]:
        if self.question.type in ("multiple", "rank"):
            out = self.options()
        else:
            header = self.column()
            cells = self.raw.frame[header]
            coded, other = self.resolve(cells, header)
            self.record(coded, header, self.question.name)
            out = {self.question.name: coded.values}
            if self.other_code is not None:
                out[self.question.name + OTHER_SUFFIX] = other
        return out

    def guard(self, resolve):
        """Let the flavour name its own codes (-3 skipped) where the cell is not an answer."""
        def guarded(cell):
            value, status = resolve(cell)
            if status == _INVALID and (special := self.flavor.special_status(cell)) is not None:
                return None, STATUSES.index(special)
            return value, status
        return guarded

    # -- one column ------------------------------------------------------------
    def resolve(self, cells: pd.Series, header: str) -> tuple[Coded, pd.Series | None]:
        """Resolve one column; also return the "please specify" texts (or None)."""
        qtype = self.question.type
        if qtype in CODED_TYPES:
            choices = self.question.choices
            labels = {c.code: _label_texts(c.label) for c in choices.choices}
            labels = _with_file_labels(labels, self.raw.value_labels.get(header))
            lookup = CodeLookup.build(labels, self.missing)
            code_keys = {normalize(str(c)) for c in choices.codes}
            forms, others = {}, {}

            def resolve(cell):
                answer, other = split_other(cell) if isinstance(cell, str) else (cell, None)
                value, status = lookup.resolve(answer)
                if status == 0:
                    is_code = as_number(answer) is not None or normalize(str(answer)) in code_keys
                    forms[cell] = "code" if is_code else "label"
                    if other is not None:
                        others[cell] = other
                return value, status

            if choices.numeric and pd.api.types.is_numeric_dtype(cells.dtype):
                coded = self.numeric_codes(cells, self.guard(lookup.resolve))
                return coded, self.other_texts(cells, {})
            coded = resolve_column(cells, self.guard(resolve), numeric=choices.numeric)
            self.mixed(coded, header, forms)
            return coded, self.other_texts(cells, others)
        if qtype in ("integer", "number"):
            return self.numbers(cells), None
        if qtype == "date":
            return resolve_column(cells, _date, numeric=False), None
        return resolve_column(cells, _text, numeric=False), None

    def other_texts(self, cells: pd.Series, others: dict) -> pd.Series | None:
        if self.other_code is None:
            if others:  # a fill-in text on an option that is not "other": keep it in the problems
                rows = cells[cells.isin(list(others))]
                self.problems.append(pd.DataFrame({
                    "check": "unkept_text", "column": self.used[-1], "question": self.question.name,
                    "row": rows.index.to_numpy(), "value": [_raw_text(v) for v in rows],
                    "message": f"the fill-in text is kept only for an 'other' option; "
                               f"'{self.question.name}' has none"}))
            return None
        if not others:
            return pd.Series([None] * len(cells), index=cells.index, dtype=object)
        return cells.map(others).astype(object).where(cells.isin(list(others)), None)

    def mixed(self, coded: Coded, header: str, forms: dict) -> None:
        """Note the rows of the minority form when a column mixes codes and labels.

        Both forms are valid answers (the spec maps each to its code), so this is a
        note for ``validate``, not a problem; it names the column and the rows.
        """
        if not self.flavor.uniform_cells or len(set(forms.values())) < 2:
            return
        form = coded.raw.map(forms)
        counts = form.value_counts()
        minority = "code" if counts.get("code", 0) < counts.get("label", 0) else "label"
        rows = coded.raw[form == minority]
        shown = ", ".join(f"{r} ({_raw_text(v)!r})" for r, v in list(rows.items())[:20])
        more = f" and {len(rows) - 20} more" if len(rows) > 20 else ""
        majority = "labels" if minority == "code" else "codes"
        self.notes.append({
            "check": "mixed_codes_labels", "column": header,
            "message": f"most cells of column {header!r} are {majority}, but rows {shown}{more} hold "
                       f"{minority}s; they were read as the codes they name, check the export"})

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
                return None, _INVALID
            return number, 0

        # Plain numbers are parsed in one vectorised pass; only the cells that are not
        # plain numbers (units, words, full-width digits) go through ``parse``, once each.
        plain = pd.to_numeric(cells, errors="coerce").astype(np.float64)
        special = plain.isna() & cells.notna()
        missing_mask = plain.isin(missing).to_numpy()
        bad_whole = (plain != np.floor(plain)).to_numpy() & plain.notna().to_numpy() if whole else False
        values = plain.mask(missing_mask | bad_whole)
        status = np.where(cells.isna().to_numpy(), STATUSES.index("empty"), 0).astype(np.int8)
        status[missing_mask] = STATUSES.index("missing_code")
        status[bad_whole] = STATUSES.index("invalid")
        return _with_rest(values.to_numpy(copy=True), status, cells, special.to_numpy(), parse)

    def numeric_codes(self, cells: pd.Series, resolve) -> Coded:
        """A numeric column of a coded question: codes checked in one vectorised pass;
        only the other values (missing codes, stray numbers) go through ``resolve``."""
        values = np.array(cells.to_numpy(dtype=np.float64, na_value=np.nan), copy=True)
        codes = np.asarray(self.question.choices.codes, dtype=np.float64)
        empty = np.isnan(values)
        rest = ~np.isin(values, codes) & ~empty
        status = np.where(empty, STATUSES.index("empty"), 0).astype(np.int8)
        values[rest] = np.nan
        return _with_rest(values, status, cells, rest, resolve)

    def record(self, coded: Coded, header: str, variable: str) -> None:
        invalid = coded.rows_with("invalid")
        if len(invalid):
            self.problems.append(pd.DataFrame({
                "check": "invalid_value", "column": header, "question": self.question.name,
                "row": invalid.index.to_numpy(), "value": [_raw_text(v) for v in invalid],
                "message": [self.invalid_message(v, header) for v in invalid]}))
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

    def invalid_message(self, cell, header: str) -> str:
        q = self.question
        if q.type in CODED_TYPES:
            where = f"list '{q.choices.name}'" if q.choices.name else f"'{q.name}'"
            return f"{_raw_text(cell)!r} is not a code or label of {where}"
        if q.type == "integer":
            return (f"{_raw_text(cell)!r} is not a whole number ('{q.name}' is an integer question)"
                    f"{self.flavor.number_hint(header)}")
        if q.type == "date":
            return f"{_raw_text(cell)!r} is not a date"
        if q.type in ("multiple", "rank"):
            wanted = "a rank (1, 2, ...)" if q.type == "rank" else "0 or 1"
            return f"{_raw_text(cell)!r} is not {wanted} or an option of '{q.name}'"
        return (f"{_raw_text(cell)!r} is not a number ('{q.name}' is a number question)"
                f"{self.flavor.number_hint(header)}")

    # -- multiple choice and ranking ---------------------------------------------
    def options(self) -> dict[str, pd.Series]:
        q = self.question
        codes = q.choices.codes
        per_option = self.option_headers()
        if per_option is None:
            header = self.column()
            return self.listing(self.raw.frame[header], header, codes)
        out = {}
        for code in codes:
            name = f"{q.name}__{code}"
            header = per_option.get(code)
            if header is None:
                out[name] = pd.Series(np.nan, index=self.raw.frame.index)
                continue
            coded = self.option_cells(self.raw.frame[header], code)
            self.record(coded, header, name)
            out[name] = coded.values
        if self.other_code is not None:
            out[q.name + OTHER_SUFFIX] = pd.Series([None] * len(self.raw.frame), dtype=object,
                                                   index=self.raw.frame.index)
        return out

    def option_headers(self) -> dict | None:
        """``{code: header}`` of per-option columns, or None when the answer is one column."""
        q = self.question
        if isinstance(q.source, dict):
            found = {code: self.find(h) for code, h in q.source.items()}
            absent = [q.source[c] for c, h in found.items() if h is None]
            if absent:
                raise _MissingColumn(f"{absent} (options of question {q.name})")
            self.used.extend(found.values())
            return found
        found = {code: self.find(f"{q.name}__{code}") for code in q.choices.codes}
        if q.source is None and all(h is not None for h in found.values()):
            self.used.extend(found.values())
            return found
        for wanted in (q.source, q.name):
            if wanted is not None and (listed := self.flavor.find_options(str(wanted), self.headers)):
                return self.match_options(listed)
        return None

    def match_options(self, listed: list[tuple[str, str]]) -> dict:
        """Match an export's per-option columns to the codes by option label or code."""
        q = self.question
        lookup = CodeLookup.build({c.code: _label_texts(c.label) for c in q.choices.choices})
        found = {}
        for option, header in listed:
            self.used.append(header)
            code, status = lookup.resolve(option)
            if status == 0 and code not in found:
                found[code] = header
            else:
                self.unlisted_option(header, option)
        for code in q.choices.codes:
            if code not in found:
                self.notes.append({"check": "absent_option", "column": f"{q.name}__{code}",
                                   "message": f"option {code!r} of '{q.name}' has no column in the "
                                              "file; its indicator is left missing"})
        return found

    def unlisted_option(self, header: str, option: str) -> None:
        """An option column that the schema does not list: report every respondent who chose it."""
        cells = self.raw.frame[header]
        chosen = cells[(pd.to_numeric(cells, errors="coerce") >= 1).to_numpy(dtype=bool, na_value=False)]
        self.problems.append(pd.DataFrame({
            "check": "unlisted_option", "column": header, "question": self.question.name,
            "row": chosen.index.to_numpy(), "value": [_raw_text(v) for v in chosen],
            "message": f"option {option!r} (column {header!r}) is not in the choices of "
                       f"'{self.question.name}'; add it to the schema to keep these answers"}))
        if not len(chosen):
            self.notes.append({"check": "unlisted_option", "column": header,
                               "message": f"option {option!r} is not in the choices of "
                                          f"'{self.question.name}' (nobody chose it)"})

    def option_cells(self, cells: pd.Series, code) -> Coded:
        """A per-option column: 0/1 (multiple) or a rank, or the option's label when chosen."""
        label_texts = {normalize(t) for t in _label_texts(
            next(c.label for c in self.question.choices.choices if c.code == code))}
        missing = {normalize(str(m)) for m in self.missing}
        missing_numbers = {float(m) for m in self.missing if isinstance(m, (int, float))}
        rank = self.question.type == "rank"

        def parse(cell):
            number = self.flavor.parse_number(cell)
            key = normalize(str(cell))
            if number is not None and (key in missing or number in missing_numbers):
                return None, STATUSES.index("missing_code")
            if number is not None:
                if rank and number >= 1 and number == int(number):
                    return number, 0
                if not rank and number in (0.0, 1.0):
                    return number, 0
                return None, _INVALID
            if not rank and key in label_texts:
                return 1.0, 0
            return None, word_status(key, frozenset(missing))

        return resolve_column(cells, self.guard(parse), numeric=True)

    def listing(self, cells: pd.Series, header: str, codes) -> dict[str, pd.Series]:
        """One column listing the chosen options: split, resolve each token, spread to columns."""
        q = self.question
        labels = {c.code: _label_texts(c.label) for c in q.choices.choices}
        lookup = CodeLookup.build(labels, self.missing)
        position = {code: i for i, code in enumerate(codes)}
        rank = q.type == "rank"
        bad_tokens: dict[object, list[str]] = {}
        others: dict[object, str] = {}

        def parse(cell):
            key = normalize(str(cell))
            if key == "" or key in NO_ANSWER_WORDS or key in SKIPPED_WORDS or key in lookup.missing_text:
                return None, word_status(key, lookup.missing_text)
            whole, _ = split_other(key)
            tokens = [key] if lookup.resolve(whole)[1] == 0 else _split(key)
            row = np.zeros(len(codes)) if not rank else np.full(len(codes), np.nan)
            unknown = []
            for order, token in enumerate(tokens, start=1):
                answer, other = split_other(token)
                code, status = lookup.resolve(answer)
                if status == 0:
                    row[position[code]] = order if rank else 1.0
                    if other is not None:  # the text as written, not normalised
                        others[cell] = "; ".join(t.strip() for t in _FILL_IN.findall(str(cell)))
                else:
                    unknown.append(token)
            if unknown:
                bad_tokens[cell] = unknown
                if len(unknown) == len(tokens):
                    return None, _INVALID
            return tuple(row), 0

        guarded = self.guard(parse)
        index_of, uniques = pd.factorize(cells, use_na_sentinel=True)
        parsed = [guarded(u) for u in uniques]
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
        out = {f"{q.name}__{code}": pd.Series(values[:, j], index=cells.index)
               for j, code in enumerate(codes)}
        other = self.other_texts(cells, others)
        if other is not None:
            out[q.name + OTHER_SUFFIX] = other
        return out


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
    """An open answer as written; the exports' own markers of an empty or skipped
    answer (``(空)``, ``(跳过)``) are missing, not text."""
    key = _raw_text(cell).strip()  # a number typed into an open answer: 138... not 138....0
    if normalize(key) in NO_ANSWER_MARKERS:
        return None, word_status(normalize(key))
    return (key, 0) if key else (None, STATUSES.index("empty"))


#: Cells of an open-answer column that mark an empty or skipped answer rather than text.
NO_ANSWER_MARKERS = frozenset({"(空)", "(跳过)", "(未填)", "(未作答)", "(跳题)"})


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
