"""Converting an XLSForm (ODK/KoboToolbox form) into a questionnaire schema.

An XLSForm has a ``survey`` sheet (type, name, label, relevant, required...),
a ``choices`` sheet (list_name, name, label) and optionally a ``settings``
sheet (form_id, form_title, default_language). Translations are columns
``label::English (en)``; the language code in brackets is used, else a known
language name (English, Chinese/中文, French...), else the name itself.

Mapping:

* ``select_one L`` -> ``single`` (``likert`` when the labels are a known rating
  scale, see :data:`surveykit.schema.infer.LIKERT_SCALES`); ``select_multiple
  L`` -> ``multiple``; ``rank L`` -> ``rank``; ``integer`` -> ``integer``;
  ``decimal``/``range`` -> ``number``; ``date``/``datetime``/``start``/``end``/
  ``today`` -> ``date``; ``text``, ``geopoint``, ``barcode``... -> ``text``;
  ``deviceid``/``phonenumber``/``username``/``email`` -> ``text`` marked ``pii``;
* ``note``, ``calculate``, ``begin/end group``, ``begin/end repeat`` produce no
  question; a question in a group gets the group path as ``source``
  (``household/age``: a Kobo export's header), and the Kobo flavour also
  finds it in an export made without group names;
* choice names are the codes (integers when every name of the list is a whole
  number, else text codes, which the schema supports);
* ``relevant`` is kept (references renamed where a name had to change), so
  that :func:`surveykit.io.skip.not_applicable` can tell "not asked" from
  "no answer"; a group's ``relevant`` is joined to its questions' with ``and``;
* ``required`` yes/true -> ``required: true``;
* a simple numeric ``constraint`` of an ``integer``/``decimal`` question
  (``. >= 16 and . <= 100``, ``. > 0``, ``(. <= 80)``...) -> ``range: [min, max]``
  (an open side is ``-.inf``/``.inf``; ``. > 2`` on an integer is ``>= 3``,
  on a decimal it is kept as ``>= 2``); a ``range`` question's ``start``/``end``
  parameters likewise; other constraints are left out;
* a question that is not a choice question and whose name names personal
  data (``phone``, ``tel``, ``mobile``, ``email``, ``name``..., see
  :func:`surveykit.schema.infer.personal_name`), or a ``text`` question whose
  label does (电话, 手机号, 姓名...), becomes ``text`` marked ``pii`` (a phone
  number is not a quantity).

Names that are not Python identifiers (``q-1``, ``a.b``) or hold ``__`` are
changed (``q_1``) and the original stays as ``source``.

Examples
--------
>>> import tempfile, pathlib, openpyxl
>>> book = openpyxl.Workbook(); survey = book.active; survey.title = "survey"
>>> for r in [["type", "name", "label::中文 (zh)", "label::English (en)", "relevant"],
...           ["select_one yn", "member", "是否党员", "Party member?", ""],
...           ["integer", "years", "党龄", "Years as member", "${member} = 'yes'"]]:
...     survey.append(r)
>>> choices = book.create_sheet("choices")
>>> for r in [["list_name", "name", "label::中文 (zh)", "label::English (en)"],
...           ["yn", "yes", "是", "Yes"], ["yn", "no", "否", "No"]]:
...     choices.append(r)
>>> path = pathlib.Path(tempfile.mkdtemp()) / "form.xlsx"; book.save(path)
>>> q = read_xlsform(path)
>>> q.languages, q.question("years").relevant, q.question("member").choices.codes
(('zh', 'en'), "${member} = 'yes'", ('yes', 'no'))
>>> number_range(". >= 16 and . <= 100", integer=True), number_range("(. > 0)", integer=True)
((16, 100), (1, inf))
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from ..exceptions import InputFileError, SchemaError, SchemaProblem
from .dump import dumps_schema
from .infer import _likert, personal_name
from .load import loads_schema
from .model import Choice, ChoiceList, Question, Questionnaire

__all__ = ["read_xlsform", "number_range"]

_TYPES = {"integer": "integer", "decimal": "number", "range": "number", "date": "date",
          "datetime": "date", "start": "date", "end": "date", "today": "date", "time": "text",
          "text": "text", "geopoint": "text", "geotrace": "text", "geoshape": "text",
          "barcode": "text", "image": "text", "audio": "text", "video": "text", "file": "text",
          "acknowledge": "text", "hidden": "text", "audit": "text"}
_PII = {"deviceid", "phonenumber", "username", "email", "simserial", "subscriberid"}
_PARADATA = {"start", "end", "today", "audit"}
_SKIP = {"note", "calculate", "end group", "end_group", "end repeat", "end_repeat"}
_LANGUAGES = {"english": "en", "chinese": "zh", "中文": "zh", "french": "fr", "français": "fr",
              "spanish": "es", "español": "es", "portuguese": "pt", "arabic": "ar", "russian": "ru",
              "swahili": "sw", "hindi": "hi", "bengali": "bn", "german": "de"}
_LANG_CODE = re.compile(r"\(([A-Za-z-]{2,8})\)\s*$")
_BOUND = re.compile(r"\.\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)")
_PARAMETER = re.compile(r"(start|end)\s*=\s*(-?\d+(?:\.\d+)?)")


def _language(suffix: str) -> str:
    match = _LANG_CODE.search(suffix)
    if match:
        return match.group(1)
    name = suffix.strip().split("(")[0].strip().lower()
    if name in _LANGUAGES:
        return _LANGUAGES[name]
    code = re.sub(r"[^a-z-]", "", name)[:8]
    return code if len(code) >= 2 else "und"


def _unwrap(text: str) -> str:
    """``text`` without parentheses around all of it: ``((. > 0))`` -> ``. > 0``."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for i, char in enumerate(text):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0 and i < len(text) - 1:
                return text
        text = text[1:-1].strip()
    return text


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def number_range(constraint: str, *, integer: bool) -> tuple[float, float] | None:
    """``(min, max)`` of a simple numeric XLSForm constraint, None for any other constraint.

    Bounds joined by ``and`` (``. >= a``, ``. <= b``, ``. > a``, ``. < b``, with or
    without spaces and parentheses); an open side is infinite. On an integer question
    the bounds are the whole numbers allowed (``. > 2.5`` -> 3); on a decimal one a
    strict bound is kept as an inclusive one.
    """
    low, high = -math.inf, math.inf
    for part in re.split(r"\band\b", _unwrap(constraint or "")):
        match = _BOUND.fullmatch(_unwrap(part))
        if match is None:
            return None
        op, value = match.group(1), _number(match.group(2))
        if integer:  # the whole numbers allowed
            value = {">": math.floor(value) + 1, ">=": math.ceil(value),
                     "<": math.ceil(value) - 1, "<=": math.floor(value)}[op]
        if op.startswith(">"):
            low = max(low, value)
        else:
            high = min(high, value)
    if low > high or (low, high) == (-math.inf, math.inf):
        return None
    return (low, high)


def _sheet(path: Path, name: str, required: bool = True) -> list[dict]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises several types for a broken workbook
        raise InputFileError(f"{path}: not a readable XLSForm workbook ({err})") from None
    sheets = {s.lower(): s for s in book.sheetnames}
    if name not in sheets:
        if required:
            raise InputFileError(f"{path}: an XLSForm needs a '{name}' sheet; found "
                                 f"{', '.join(book.sheetnames)}")
        return []
    rows = list(book[sheets[name]].iter_rows(values_only=True))
    if not rows:
        return []
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    out = []
    for number, values in enumerate(rows[1:], start=2):
        record = {h: ("" if v is None else str(v).strip()) for h, v in zip(header, values) if h}
        if any(record.values()):
            record["_row"] = number
            out.append(record)
    return out


def _labels(record: dict, column: str = "label") -> dict[str, str]:
    """``{language: text}`` of a record's label columns (``label`` alone -> ``""``)."""
    out = {}
    for key, value in record.items():
        if not value or not isinstance(key, str):
            continue
        if key.lower() == column:
            out[""] = value
        elif key.lower().startswith(column + "::"):
            out[_language(key.split("::", 1)[1])] = value
    return out


def read_xlsform(path, *, id: str | None = None) -> Questionnaire:
    """Convert an XLSForm workbook into a questionnaire (see the module notes).

    Raises
    ------
    InputFileError
        The workbook cannot be read or has no ``survey`` sheet.
    SchemaError
        The form has problems (an unknown choice list, a repeat group...); all
        are listed with the sheet and row.

    Examples
    --------
    The form of the J-community case study (its ``relevant`` skip logic is kept):

    >>> q = read_xlsform("data/j_community_epidemic.xlsform.xlsx")
    >>> q.id, q.languages, len(q.questions)
    ('j-community-epidemic', ('zh', 'en'), 35)
    >>> q.question("tasks").type, q.question("tasks").relevant
    ('multiple', "not(selected(${took_part}, '2'))")
    """
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"{path}: XLSForm file not found")
    survey, choice_rows = _sheet(path, "survey"), _sheet(path, "choices", required=False)
    settings = (_sheet(path, "settings", required=False) or [{}])[0]
    problems: list[SchemaProblem] = []

    def fail(sheet, row, message):
        problems.append(SchemaProblem(str(path), None, f"{sheet} row {row}", message))

    languages = [lang for lang in dict.fromkeys(
        lang for r in survey + choice_rows for lang in _labels(r)) if lang]
    default = settings.get("default_language", "")
    default = _language(default) if default else (languages[0] if languages else None)
    if default is None:
        texts = " ".join(v for r in survey for v in _labels(r).values())
        default = "zh" if re.search(r"[\u3400-\u9fff]", texts) else "en"
    languages = [default] + [lang for lang in languages if lang != default]

    def label(record):
        found = _labels(record)
        if "" in found:
            found[default] = found.pop("") if default not in found else found[""]
            found.pop("", None)
        if not found:
            return None
        return found[default] if list(found) == [default] else {k: found[k] for k in languages if k in found}

    lists: dict[str, list] = {}
    for r in choice_rows:
        list_name = r.get("list_name") or r.get("list name", "")
        if list_name and r.get("name", "") != "":
            lists.setdefault(list_name, []).append(r)

    renamed: dict[str, str] = {}
    used: set[str] = set()

    def identifier(name: str) -> str:
        new = re.sub(r"\W", "_", name)
        new = re.sub(r"_{2,}", "_", new).strip("_") or "q"
        if new[0].isdigit():
            new = "q" + new
        base, i = new, 2
        while new in used:
            new, i = f"{base}_{i}", i + 1
        used.add(new)
        if new != name:
            renamed[name] = new
        return new

    choice_lists: dict[str, ChoiceList] = {}

    def choice_list(list_name, row):
        if list_name in choice_lists:
            return choice_lists[list_name]
        if list_name not in lists:
            fail("survey", row, f"choice list '{list_name}' is not on the choices sheet")
            return None
        names = [r["name"] for r in lists[list_name]]
        numeric = all(re.fullmatch(r"-?\d+", n) for n in names)
        choices = tuple(Choice(int(n) if numeric else n, label(r) or n)
                        for n, r in zip(names, lists[list_name]))
        choice_lists[list_name] = ChoiceList(list_name, choices)
        return choice_lists[list_name]

    questions, groups = [], []  # groups: (name, relevant)
    for r in survey:
        raw_type = re.sub(r"\s+", " ", r.get("type", "")).strip()
        kind, _, rest = raw_type.partition(" ")
        lowered = raw_type.lower()
        if lowered in ("begin group", "begin_group"):
            groups.append((r.get("name", ""), r.get("relevant", "")))
            continue
        if lowered in ("end group", "end_group"):
            if groups:
                groups.pop()
            continue
        if lowered in ("begin repeat", "begin_repeat"):
            fail("survey", r["_row"], "repeat groups are not supported: a repeat's answers are "
                 "exported as a separate table; read that table with its own schema")
            continue
        if not raw_type or lowered in _SKIP:
            continue
        name = r.get("name", "")
        if not name:
            fail("survey", r["_row"], f"a '{raw_type}' question has no name")
            continue
        path_name = "/".join([g for g, _ in groups if g] + [name])
        conditions = [x for x in [g for _, g in groups] + [r.get("relevant", "")] if x]
        relevant = " and ".join(f"({x})" for x in conditions) if len(conditions) > 1 else \
            (conditions[0] if conditions else None)
        common = dict(label=label(r), source=path_name, relevant=relevant,
                      required=r.get("required", "").lower() in ("yes", "true", "true()", "1"))
        qname = identifier(name)
        if kind in ("select_one", "select_multiple", "rank", "select_one_from_file",
                    "select_multiple_from_file"):
            list_name = rest.replace(" or_other", "").strip()
            if kind.endswith("_from_file"):
                questions.append(Question(qname, "text", **common))
                continue
            cl = choice_list(list_name, r["_row"])
            if cl is None:
                continue
            if kind == "select_one":
                scale = _likert([c.label if isinstance(c.label, str) else next(iter(c.label.values()))
                                 for c in cl.choices])
                qtype = "likert" if scale else "single"
            else:
                qtype = "multiple" if kind == "select_multiple" else "rank"
            questions.append(Question(qname, qtype, choices=cl, **common))
        elif kind in _PII:
            questions.append(Question(qname, "text", role="paradata", pii=True, **common))
        elif kind in _TYPES and kind not in _PARADATA and (personal_name(name) or (
                kind == "text" and any(personal_name(t) for t in _labels(r).values()))):
            questions.append(Question(qname, "text", pii=True, **common))
        elif kind in _TYPES:
            role = "paradata" if kind in _PARADATA else None
            rng = None
            if kind in ("integer", "decimal"):
                rng = number_range(r.get("constraint", ""), integer=kind == "integer")
            elif kind == "range":
                found = dict(_PARAMETER.findall(r.get("parameters", "")))
                rng = (_number(found.get("start", "1")), _number(found.get("end", "10")))
            questions.append(Question(qname, _TYPES[kind], role=role, range=rng, **common))
        else:
            fail("survey", r["_row"], f"unknown question type '{raw_type}'")
    if problems:
        raise SchemaError(problems)
    questions = [_renamed(q, renamed) for q in questions]
    form_id = id or settings.get("form_id") or path.stem
    qid = re.sub(r"[^a-z0-9_-]+", "-", form_id.lower()).strip("-") or "form"
    title = settings.get("form_title") or None
    draft = Questionnaire(id=qid, title=title, languages=tuple(languages), questions=tuple(questions),
                          choice_lists=choice_lists)
    return loads_schema(dumps_schema(draft), path=f"<{path}>")


def _renamed(question: Question, renamed: dict[str, str]) -> Question:
    from dataclasses import replace

    source = question.source if question.source != question.name else None
    relevant = question.relevant
    if relevant:
        relevant = re.sub(r"\$\{([^}]+)\}", lambda m: "${" + renamed.get(m.group(1), m.group(1)) + "}",
                          relevant)
    return replace(question, source=source, relevant=relevant)
