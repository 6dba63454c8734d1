"""Write a questionnaire model back to YAML (the round trip of :mod:`.load`).

Examples
--------
>>> from surveykit.schema import loads_schema, dumps_schema
>>> q = loads_schema("surveykit: 1\\nid: demo\\nquestions:\\n  - {name: age, type: integer, range: [16, 100]}\\n")
>>> loads_schema(dumps_schema(q)) == q
True
"""

from __future__ import annotations

import io
from pathlib import Path

from .model import ChoiceList, Questionnaire

__all__ = ["dumps_schema", "dump_schema", "schema_to_dict"]


def _flow(value):
    """Mark small maps and lists to be written on one line."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    node = CommentedMap(value) if isinstance(value, dict) else CommentedSeq(value)
    node.fa.set_flow_style()
    return node


def _label(label):
    return _flow(dict(label)) if isinstance(label, dict) or hasattr(label, "items") else label


def _choices(choices: ChoiceList):
    return {c.code: _label(c.label) for c in choices.choices}


def _put(out: dict, key, value, default=None) -> None:
    if value is not None and value != default:
        out[key] = value


def schema_to_dict(q: Questionnaire) -> dict:
    """Return the questionnaire as plain YAML-ready data (keys in the spec's order)."""
    out: dict = {"surveykit": 1, "id": q.id}
    _put(out, "title", _label(q.title))
    out["languages"] = _flow(list(q.languages))
    _put(out, "respondent_id", q.respondent_id)
    if q.missing_codes:
        out["missing_codes"] = _flow(list(q.missing_codes))
    if q.choice_lists:
        out["choice_lists"] = {name: _choices(cl) for name, cl in q.choice_lists.items()}
    out["questions"] = [_question(x) for x in q.questions]
    if q.derived:
        out["derived"] = [_derived(d) for d in q.derived]
    if q.scales:
        out["scales"] = [_scale(s) for s in q.scales]
    if q.quality:
        out["quality"] = {name: _quality(check) for name, check in q.quality.items()}
    return out


def _question(x) -> dict:
    out = {"name": x.name, "type": x.type}
    _put(out, "label", _label(x.label))
    if x.choices is not None:
        out["choices"] = x.choices.name if x.choices.name else _choices(x.choices)
    if x.source is not None:
        out["source"] = x.source if isinstance(x.source, str) else dict(x.source)
    _put(out, "reverse", x.reverse, False)
    if x.range is not None:
        out["range"] = _flow(list(x.range))
    if x.missing_codes is not None:
        out["missing_codes"] = _flow(list(x.missing_codes))
    _put(out, "role", x.role)
    _put(out, "pii", x.pii, False)
    _put(out, "required", x.required, False)
    _put(out, "relevant", x.relevant)
    return out


def _derived(d) -> dict:
    out = {"name": d.name}
    _put(out, "label", _label(d.label))
    out["from"] = d.source
    if d.cut is not None:
        out["cut"] = _flow(list(d.cut))
        out["labels"] = _flow(list(d.labels))
    else:
        out["any_of"] = _flow(list(d.any_of))
    return out


def _scale(s) -> dict:
    out = {"name": s.name}
    _put(out, "label", _label(s.label))
    out["items"] = _flow(list(s.items))
    _put(out, "score", s.score, "mean")
    _put(out, "min_items", s.min_items)
    return out


def _quality(check) -> dict | list:
    options = {k: v for k, v in check.options.items() if v is not None}
    if not check.exclude:
        options["exclude"] = False
    if check.name == "duplicates" and check.exclude:
        return _flow(options["columns"])
    if check.name == "attention" and check.exclude:
        return [_flow(c) for c in options["checks"]]
    return {k: _flow(v) if isinstance(v, list) and all(isinstance(i, str) for i in v) else v
            for k, v in options.items()}


def dumps_schema(q: Questionnaire) -> str:
    """Return the questionnaire as YAML text in the format of ``spec/questionnaire.md``.

    Examples
    --------
    >>> from surveykit import loads_schema
    >>> q = loads_schema("surveykit: 1\\nid: demo\\nquestions: [{name: age, type: integer, range: [16, 100]}]")
    >>> print(dumps_schema(q))
    surveykit: 1
    id: demo
    languages: [en]
    questions:
      - name: age
        type: integer
        range: [16, 100]
    <BLANKLINE>
    """
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.allow_unicode = True
    yaml.width = 120
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(schema_to_dict(q), buffer)
    return buffer.getvalue()


def dump_schema(q: Questionnaire, path: str | Path) -> None:
    """Write the questionnaire to ``path`` as YAML (atomically).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from surveykit import load_schema
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "copy.yaml"
    >>> dump_schema(q, path)
    >>> load_schema(path) == q
    True
    """
    from .._atomic import write_text_atomic

    write_text_atomic(Path(path), dumps_schema(q))
