"""The XLSForm of a Kobo export: the form a KoboToolbox project was deployed from.

Sheets ``survey`` (``type, name, label::中文 (zh), label::English (en),
required, relevant, constraint, calculation``, with ``begin_group``/``end_group``
rows for the group paths of the CSV headers), ``choices`` (``list_name, name,
label::...``) and ``settings`` (``form_title, form_id, version,
default_language``). Skip logic becomes ``relevant``, a range a
``constraint``, the duration a ``calculate`` field.
"""

from __future__ import annotations

from ..schema.model import text
from ._files import write_workbook

__all__ = ["write_xlsform", "LANGUAGE_NAMES"]

#: How XLSForm names a label language (``label::中文 (zh)``).
LANGUAGE_NAMES = {"zh": "中文", "en": "English", "fr": "Français", "es": "Español", "ru": "Русский"}
_TYPES = {"single": "select_one", "ordinal": "select_one", "likert": "select_one",
          "multiple": "select_multiple", "rank": "rank", "integer": "integer", "number": "decimal",
          "text": "text", "date": "date"}
_META = ("start", "end", "_id", "_uuid", "_submission_time", "_index")


def _language(code: str) -> str:
    return f"{LANGUAGE_NAMES.get(code, code)} ({code})"


def _list_name(qn) -> str:
    return qn.choices.name or qn.name


def write_xlsform(sim, path, body) -> None:
    """Write the XLSForm of ``sim``'s questionnaire, with the group paths of the ``body`` headers."""
    q = sim.questionnaire
    langs = list(q.languages)
    label_cols = [f"label::{_language(lang)}" for lang in langs]
    header = ["type", "name", *label_cols, "required", "relevant", "constraint", "calculation"]
    survey = [header, ["start", "start", *[""] * len(langs), "", "", "", ""],
              ["end", "end", *[""] * len(langs), "", "", "", ""]]
    group: list[str] = []
    lists: dict[str, object] = {}
    for col in body:
        qn = col.question
        if qn is None or col.header in _META:
            continue
        *path_parts, name = col.header.split("/")
        while group and group != path_parts[: len(group)]:
            survey.append(["end_group", group.pop(), *[""] * (len(header) - 2)])
        for part in path_parts[len(group):]:
            group.append(part)
            survey.append(["begin_group", part, *[part] * len(langs), "", "", "", ""])
        rule = sim.model.rules.get(qn.name)
        qtype = _TYPES[qn.type]
        calculation = ""
        if rule is not None and rule.kind == "duration":
            qtype, calculation = "calculate", "round((decimal-date-time(now()) - decimal-date-time(${start})) * 86400, 0)"
        if qn.choices is not None:
            qtype = f"{qtype} {_list_name(qn)}"
            lists.setdefault(_list_name(qn), qn.choices)
        relevant = ""
        if rule is not None and rule.skip_if:
            relevant = " and ".join(f"not(selected(${{{other}}}, '{c}'))"
                                    for other, codes in rule.skip_if.items() for c in codes)
        constraint = f". >= {qn.range[0]} and . <= {qn.range[1]}" if qn.range else ""
        labels = [text(qn.label, lang, qn.name) for lang in langs]
        required = "true" if qn.required else "false"
        survey.append([qtype, name, *labels, required, relevant, constraint, calculation])
    while group:
        survey.append(["end_group", group.pop(), *[""] * (len(header) - 2)])
    choices = [["list_name", "name", *label_cols]]
    for list_name, choice_list in lists.items():
        for c in choice_list.choices:
            choices.append([list_name, str(c.code), *[text(c.label, lang, str(c.code)) for lang in langs]])
    settings = [["form_title", "form_id", "version", "default_language"],
                [text(q.title, langs[0], q.id), q.id, "1", _language(langs[0])]]
    write_workbook(path, [("survey", survey), ("choices", choices), ("settings", settings)])
