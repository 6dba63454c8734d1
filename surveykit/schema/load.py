"""Load a questionnaire schema from YAML and check it completely.

Checks are lazy: every problem of the file is collected (with its line and
key) and raised together as one :class:`~surveykit.exceptions.SchemaError`,
so an author fixes a schema in one round instead of one error at a time.

Examples
--------
>>> from surveykit.schema import loads_schema
>>> from surveykit.exceptions import SchemaError
>>> try:
...     loads_schema('''
... surveykit: 1
... id: demo
... questions:
...   - {name: q1, type: single, choices: sexx}
... ''', path="demo.yaml")
... except SchemaError as err:
...     print(err)
schema error: demo.yaml:5: questions[0].choices: unknown choice list 'sexx'; declare it under choice_lists or use one of: (none declared)
"""

from __future__ import annotations

import difflib
import keyword
import re
from pathlib import Path

from .._yaml import Checker, line, parse, read_text
from ..exceptions import SchemaError, SchemaProblem
from .model import (
    NUMERIC_TYPES, OPTION_TYPES, ORDERED_TYPES, QUESTION_TYPES, Choice, ChoiceList, Derived,
    QualityCheck, Question, Questionnaire, Scale,
)
from .quality_rules import check_quality

__all__ = ["load_schema", "loads_schema"]

_ID = re.compile(r"^[a-z0-9_-]+$")
_TOP_KEYS = ("surveykit", "id", "title", "languages", "respondent_id", "missing_codes",
             "choice_lists", "questions", "derived", "scales", "quality")
_QUESTION_KEYS = ("name", "type", "label", "choices", "source", "reverse", "range",
                  "missing_codes", "role", "pii", "required", "relevant")
_DERIVED_KEYS = ("name", "label", "from", "cut", "labels", "any_of")
_SCALE_KEYS = ("name", "label", "items", "score", "min_items")


def load_schema(path: str | Path) -> Questionnaire:
    """Read and check a questionnaire schema file.

    Parameters
    ----------
    path : str or Path
        A YAML file in the format of ``spec/questionnaire.md``.

    Returns
    -------
    Questionnaire
        The frozen model.

    Raises
    ------
    InputFileError
        The file does not exist or cannot be read as UTF-8 text.
    SchemaError
        The schema has problems; all of them are listed with line and key.

    Examples
    --------
    >>> q = load_schema("questionnaires/haikou_liushuipo.yaml")
    >>> q.id, len(q.questions), [s.name for s in q.scales][:3]
    ('haikou-liushuipo', 39, ['leadership', 'governance', 'identity'])
    >>> q.question("gender").choices.labels()
    {1: '男', 2: '女'}
    >>> q.variable_label("trust", "en"), q.scale("trust").items
    ('Trust', ('trust_1', 'trust_2', 'trust_3', 'trust_4'))
    """
    path = Path(path)
    return loads_schema(read_text(path, "schema"), path=str(path))


def loads_schema(source: str, path: str = "<string>") -> Questionnaire:
    """Check and build a questionnaire from YAML text (see :func:`load_schema`).

    Examples
    --------
    >>> q = loads_schema('''
    ... surveykit: 1
    ... id: demo
    ... languages: [en]
    ... choice_lists: {agree5: {1: Disagree, 2: "2", 3: "3", 4: "4", 5: Agree}}
    ... questions:
    ...   - {name: t1, type: likert, choices: agree5}
    ...   - {name: t2, type: likert, choices: agree5, reverse: true}
    ... scales:
    ...   - {name: trust, items: [t1, t2]}
    ... ''')
    >>> q.question("t2").reverse, q.scale("trust").items
    (True, ('t1', 't2'))
    """
    return _Builder(path).build(parse(source, path, SchemaError))


def _is_code(value) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, str) and value.strip() != "")


class _Builder(Checker):
    """Walks the YAML tree, collecting problems and building the model."""

    # -- top level -----------------------------------------------------------
    def build(self, tree) -> Questionnaire:
        if not isinstance(tree, dict):
            found = ("an empty file" if tree is None else "a list" if isinstance(tree, list)
                     else f"the value {tree!r}")
            raise SchemaError([SchemaProblem(self.path, 1, "", f"a schema is a YAML mapping "
                                             f"with keys surveykit, id, questions; found {found}")])
        self.unknown_keys(tree, _TOP_KEYS, "")
        version = tree.get("surveykit")
        if version != 1:
            found = "missing" if "surveykit" not in tree else repr(version)
            self.fail(tree, "surveykit" if "surveykit" in tree else None, "surveykit",
                      f"format version must be 1 (write 'surveykit: 1'); found {found}")
        qid = tree.get("id")
        if not isinstance(qid, str) or not _ID.match(qid):
            self.fail(tree, "id" if "id" in tree else None, "id",
                      f"id is required and must use only a-z, 0-9, '_' and '-'; found {qid!r}")
        languages = self.languages(tree)
        self.languages_ = languages
        missing = self.code_list(tree, "missing_codes", "missing_codes") if "missing_codes" in tree else ()
        lists = self.choice_lists(tree.get("choice_lists"), tree)
        questions = self.questions(tree.get("questions"), tree, lists)
        by_name = {q.name: q for q in questions}
        scales = self.scales(tree.get("scales") or [], by_name)
        derived = self.derived(tree.get("derived") or [], by_name, {s.name for s in scales})
        self.unique_names(tree, questions, derived, scales)
        respondent_id = tree.get("respondent_id")
        if respondent_id is not None and respondent_id not in by_name:
            self.fail(tree, "respondent_id", "respondent_id",
                      f"respondent_id names '{respondent_id}', which is not a question")
        label = self.label(tree, "title", "title")
        quality = {}
        if "quality" in tree:
            quality = self.quality(tree["quality"], tree, by_name, scales)
        if self.problems:
            raise SchemaError(self.problems)
        return Questionnaire(
            id=qid, title=label, languages=languages, respondent_id=respondent_id,
            missing_codes=missing, choice_lists=lists, questions=tuple(questions),
            derived=tuple(derived), scales=tuple(scales), quality=quality, path=self.path)

    def languages(self, tree) -> tuple[str, ...]:
        value = tree.get("languages", ["en"])
        if (not isinstance(value, list) or not value
                or not all(isinstance(v, str) and re.fullmatch(r"[A-Za-z-]{2,8}", v) for v in value)):
            self.fail(tree, "languages", "languages",
                      f"languages is a list of language codes such as [zh, en]; found {value!r}")
            return ("en",)
        return tuple(value)

    def label(self, node, key, where):
        value = node.get(key)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, dict) and value and all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            unknown = [k for k in value if k not in self.languages_]
            if unknown:
                self.fail(value, unknown[0], f"{where}.{unknown[0]}",
                          f"label language '{unknown[0]}' is not in languages "
                          f"{list(self.languages_)}; add it there or fix the key")
            return {str(k): str(v) for k, v in value.items()}
        self.fail(node, key, where, f"a label is a text or a map of language to text; found {value!r}")
        return None

    def code_list(self, node, key, where) -> tuple:
        value = node.get(key)
        if not isinstance(value, list) or not all(
                _is_code(v) or isinstance(v, float) for v in value):
            self.fail(node, key, where, f"{key} is a list of codes such as [-9, 99]; found {value!r}")
            return ()
        return tuple(value)

    # -- choice lists --------------------------------------------------------
    def choice_lists(self, node, tree) -> dict[str, ChoiceList]:
        if node is None:
            return {}
        if not isinstance(node, dict):
            self.fail(tree, "choice_lists", "choice_lists",
                      "choice_lists maps list names to {code: label} maps")
            return {}
        return {str(name): self.choice_list(node, name, f"choice_lists.{name}", str(name))
                for name in node}

    def choice_list(self, parent, key, where, name) -> ChoiceList:
        node = parent[key]
        if isinstance(node, list):  # inline list of {code: label} or of labels
            pairs = []
            for i, item in enumerate(node):
                if isinstance(item, dict) and len(item) == 1:
                    pairs.append((item, next(iter(item))))
                else:
                    self.fail(node, i, f"{where}[{i}]", f"each option is 'code: label'; found {item!r}")
            entries = [(holder, code, holder[code]) for holder, code in pairs]
        elif isinstance(node, dict) and node:
            entries = [(node, code, node[code]) for code in node]
        else:
            self.fail(parent, key, where, f"a choice list is a non-empty map of code: label; found {node!r}")
            return ChoiceList(name, ())
        choices = []
        for holder, code, _ in entries:
            if not _is_code(code):
                self.fail(holder, code, f"{where}.{code}",
                          f"choice codes are integers or letter codes; found {code!r} "
                          f"({type(code).__name__})")
                continue
            choices.append(Choice(code, self.label(holder, code, f"{where}.{code}")))
        kinds = {isinstance(c.code, int) for c in choices}
        if len(kinds) > 1:
            self.fail(parent, key, where, "choice codes mix integers and text; use one kind")
        return ChoiceList(name, tuple(choices))

    # -- questions -----------------------------------------------------------
    def questions(self, node, tree, lists) -> list[Question]:
        if not isinstance(node, list) or not node:
            self.fail(tree, "questions" if "questions" in tree else None, "questions",
                      "questions is required: a non-empty list of questions")
            return []
        out = []
        for i, item in enumerate(node):
            where = f"questions[{i}]"
            if not isinstance(item, dict):
                self.fail(node, i, where, f"a question is a map with name and type; found {item!r}")
                continue
            question = self.question(item, where, lists)
            if question is not None:
                out.append(question)
        return out

    def name(self, item, where) -> str | None:
        name = item.get("name")
        if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name) \
                or "__" in name:
            self.fail(item, "name" if "name" in item else None, f"{where}.name",
                      f"name must be a Python identifier without '__' (e.g. part_1); found {name!r}")
            return None
        return name

    def question(self, item, where, lists) -> Question | None:
        self.unknown_keys(item, _QUESTION_KEYS, where)
        name = self.name(item, where)
        qtype = item.get("type")
        if qtype not in QUESTION_TYPES:
            close = difflib.get_close_matches(str(qtype), QUESTION_TYPES, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.fail(item, "type" if "type" in item else None, f"{where}.type",
                      f"unknown type {qtype!r}{hint}; types: {', '.join(QUESTION_TYPES)}")
            return None
        choices = self.question_choices(item, where, qtype, lists)
        reverse = bool(item.get("reverse", False))
        if reverse and qtype not in ORDERED_TYPES:
            self.fail(item, "reverse", f"{where}.reverse",
                      f"reverse applies to ordered questions (likert, ordinal); '{name}' is {qtype}")
        rng = self.range(item, where, qtype)
        missing = self.code_list(item, "missing_codes", f"{where}.missing_codes") \
            if "missing_codes" in item else None
        source = self.source(item, where, qtype, choices)
        if name is None:
            return None
        return Question(
            name=name, type=qtype, label=self.label(item, "label", f"{where}.label"),
            choices=choices, source=source, reverse=reverse, range=rng, missing_codes=missing,
            role=item.get("role"), pii=bool(item.get("pii", False)),
            required=bool(item.get("required", False)), relevant=self.relevant(item, where),
            line=line(item))

    def relevant(self, item, where) -> str | None:
        value = item.get("relevant")
        if value is None or (isinstance(value, str) and value.strip()):
            return None if value is None else str(value)
        self.fail(item, "relevant", f"{where}.relevant", "relevant is a condition such as "
                  f"\"${{q1}} = 1\" (XLSForm syntax); found {value!r}")
        return None

    def question_choices(self, item, where, qtype, lists) -> ChoiceList | None:
        ref = item.get("choices")
        needs = qtype in ("single", "ordinal", "likert", "multiple", "rank")
        if ref is None:
            if needs:
                self.fail(item, "type", f"{where}.choices", f"a {qtype} question needs choices")
            return None
        if not needs:
            self.fail(item, "choices", f"{where}.choices", f"a {qtype} question takes no choices")
            return None
        if isinstance(ref, str):
            if ref not in lists:
                known = ", ".join(lists) or "(none declared)"
                close = difflib.get_close_matches(ref, list(lists), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else f" or use one of: {known}"
                self.fail(item, "choices", f"{where}.choices",
                          f"unknown choice list '{ref}'; declare it under choice_lists{hint}")
                return None
            return lists[ref]
        return self.choice_list(item, "choices", f"{where}.choices", None)

    def range(self, item, where, qtype):
        if "range" not in item:
            return None
        value = item["range"]
        if qtype not in ("integer", "number"):
            self.fail(item, "range", f"{where}.range", f"range applies to integer and number "
                      f"questions; this one is {qtype}")
            return None
        ok = (isinstance(value, list) and len(value) == 2 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value))
        if not ok or value[0] > value[1]:
            self.fail(item, "range", f"{where}.range",
                      f"range is [min, max] with min <= max; found {value!r}")
            return None
        return (value[0], value[1])

    def source(self, item, where, qtype, choices):
        value = item.get("source")
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, dict) and qtype in OPTION_TYPES and choices is not None:
            unknown = [c for c in value if c not in choices.codes]
            for code in unknown:
                self.fail(value, code, f"{where}.source.{code}",
                          f"source names option {code!r}, which is not a code of the choices")
            missing = [c for c in choices.codes if c not in value]
            if missing and not unknown:
                self.fail(item, "source", f"{where}.source",
                          f"source maps codes to columns but leaves out {missing}")
            return {k: str(v) for k, v in value.items()}
        self.fail(item, "source", f"{where}.source", "source is a column header (text), or for "
                  f"multiple/rank questions a map of code: header; found {value!r}")
        return None

    # -- scales and derived variables ----------------------------------------
    def scales(self, node, questions) -> list[Scale]:
        out = []
        for i, item in enumerate(node if isinstance(node, list) else []):
            where = f"scales[{i}]"
            if not isinstance(item, dict):
                self.fail(node, i, where, "a scale is a map with name and items")
                continue
            self.unknown_keys(item, _SCALE_KEYS, where)
            name = self.name(item, where)
            items = item.get("items")
            if not isinstance(items, list) or len(items) < 2:
                self.fail(item, "items" if "items" in item else None, f"{where}.items",
                          f"a scale needs a list of at least two items; found {items!r}")
                continue
            for j, it in enumerate(items):
                q = questions.get(it)
                if q is None:
                    self.fail(items, j, f"{where}.items[{j}]", f"item '{it}' is not a question")
                elif q.type not in NUMERIC_TYPES:
                    self.fail(items, j, f"{where}.items[{j}]", f"item '{it}' is a {q.type} "
                              f"question; scale items must be likert, ordinal or numeric")
            score = item.get("score", "mean")
            if score not in ("mean", "sum"):
                self.fail(item, "score", f"{where}.score", f"score is 'mean' or 'sum'; found {score!r}")
            min_items = item.get("min_items")
            if min_items is not None and not (isinstance(min_items, int)
                                              and 1 <= min_items <= len(items)):
                self.fail(item, "min_items", f"{where}.min_items",
                          f"min_items is a whole number from 1 to {len(items)}; found {min_items!r}")
                min_items = None
            if name:
                out.append(Scale(name, tuple(items), self.label(item, "label", f"{where}.label"),
                                 score, min_items, line=line(item)))
        return out

    def derived(self, node, questions, scale_names) -> list[Derived]:
        out = []
        for i, item in enumerate(node if isinstance(node, list) else []):
            where = f"derived[{i}]"
            if not isinstance(item, dict):
                self.fail(node, i, where, "a derived variable is a map with name and from")
                continue
            self.unknown_keys(item, _DERIVED_KEYS, where)
            name = self.name(item, where)
            src = item.get("from")
            q = questions.get(src)
            if q is None and src not in scale_names:
                self.fail(item, "from" if "from" in item else None, f"{where}.from",
                          f"from names '{src}', which is not a question or a scale")
            cut, labels, any_of = item.get("cut"), item.get("labels"), item.get("any_of")
            if (cut is None) == (any_of is None):
                self.fail(item, None, where, "a derived variable has exactly one of cut or any_of")
                continue
            if cut is not None:
                cut, labels = self.cut(item, where, cut, labels, q)
            else:
                any_of = self.any_of(item, where, any_of, q)
            if name:
                out.append(Derived(name, src, self.label(item, "label", f"{where}.label"),
                                   cut, labels, any_of, line=line(item)))
        return out

    def cut(self, item, where, cut, labels, question):
        numbers = isinstance(cut, list) and len(cut) >= 2 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in cut)
        if not numbers or any(b <= a for a, b in zip(cut, cut[1:])):
            self.fail(item, "cut", f"{where}.cut",
                      f"cut is an increasing list of at least two bin edges; found {cut!r}")
            return None, None
        if question is not None and question.type not in NUMERIC_TYPES:
            self.fail(item, "from", f"{where}.from", f"cut needs a numeric question; "
                      f"'{question.name}' is {question.type}")
        if labels is None:
            labels = [f"{a}-{b}" for a, b in zip(cut, cut[1:])]
        if not isinstance(labels, list) or len(labels) != len(cut) - 1:
            self.fail(item, "labels" if "labels" in item else "cut", f"{where}.labels",
                      f"{len(cut) - 1} bins need {len(cut) - 1} labels; found "
                      f"{len(labels) if isinstance(labels, list) else repr(labels)}")
            return None, None
        return tuple(cut), tuple(str(x) for x in labels)

    def any_of(self, item, where, codes, question):
        if question is None:
            return None
        if question.type != "multiple":
            self.fail(item, "from", f"{where}.from",
                      f"any_of needs a multiple question; '{question.name}' is {question.type}")
            return None
        if not isinstance(codes, list) or not codes:
            self.fail(item, "any_of", f"{where}.any_of", f"any_of is a list of codes; found {codes!r}")
            return None
        for j, code in enumerate(codes):
            if code not in question.choices.codes:
                self.fail(codes, j, f"{where}.any_of[{j}]",
                          f"{code!r} is not an option of '{question.name}' "
                          f"(options: {list(question.choices.codes)})")
        return tuple(codes)

    def unique_names(self, tree, questions, derived, scales) -> None:
        seen: dict[str, str] = {}
        for kind, group in (("questions", questions), ("derived", derived), ("scales", scales)):
            for item in group:
                if item.name in seen:
                    self.problems.append(SchemaProblem(
                        self.path, item.line, f"{kind}.{item.name}",
                        f"duplicate name '{item.name}' (already used in {seen[item.name]})"))
                else:
                    seen[item.name] = kind

    def quality(self, node, tree, questions, scales) -> dict[str, QualityCheck]:
        if not isinstance(node, dict):
            self.fail(tree, "quality", "quality", "quality maps check names to their rules")
            return {}
        return check_quality(node, questions, {s.name: s for s in scales}, self.fail)
