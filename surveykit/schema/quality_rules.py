"""Checking the ``quality`` section of a schema.

Each quality check has a validator here that checks its rules against the
questionnaire and returns them in one canonical form (a plain dict), so the
cleaning code never has to handle the several ways a rule may be written.
:data:`VALIDATORS` is the one registry of the checks: adding a check means
adding its validator there and its implementation, a function ``_<name>``, to
:mod:`surveykit.quality` (which builds its ``CHECKS`` from this registry, so a
check without an implementation fails at import). The two halves live apart
so that loading a schema needs neither numpy nor pandas.

Canonical forms
---------------
``duration``        ``{"column": str, "min_seconds": float | None, "min_share_of_median": float | None}``
``straightlining``  ``{"scales": [str, ...]}``
``attention``       ``{"checks": [{"question": str, "expect": code}, ...]}``
``duplicates``      ``{"columns": [str, ...]}``
``long_runs``       ``{"scales": [str, ...], "min_run": int}``
``near_duplicates`` ``{"scales": [str, ...], "max_differences": int}`` (default 0)
``contradictions``  ``{"scales": [str, ...], "min_gap": float | None}`` (None: half the
                    range of the reversed items' codes)

The three last checks are the project's additions to the spec's four; their
rules are documented in :mod:`surveykit.quality`.
"""

from __future__ import annotations

from typing import Callable

from .._yaml import line
from .model import QualityCheck

__all__ = ["check_quality", "VALIDATORS"]


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


def _scales(node, key, where, scales, fail, field="scales") -> list:
    names = node.get(field) if isinstance(node, dict) else None
    if not isinstance(names, list) or not names:
        fail(node, None, where, f"{key} needs '{field}: [scale, ...]'")
        return []
    for i, name in enumerate(names):
        if name not in scales:
            fail(names, i, f"{where}.{field}[{i}]", f"'{name}' is not a scale of this questionnaire")
    return list(names)


def _duration(node, where, questions, scales, fail):
    if not isinstance(node, dict):
        fail(node, None, where, "duration is {column: Q, min_seconds: S}")
        return None
    column = node.get("column")
    if column not in questions:
        fail(node, "column" if "column" in node else None, f"{where}.column",
             f"duration column {column!r} is not a question")
    elif questions[column].type not in ("integer", "number"):
        fail(node, "column", f"{where}.column",
             f"duration column '{column}' must be a number question (seconds)")
    seconds, share = node.get("min_seconds"), node.get("min_share_of_median")
    if seconds is None and share is None:
        fail(node, None, where, "duration needs min_seconds, min_share_of_median or both")
    if seconds is not None and not _number(seconds):
        fail(node, "min_seconds", f"{where}.min_seconds", f"min_seconds is a number; found {seconds!r}")
    if share is not None and not (_number(share) and share <= 1):
        fail(node, "min_share_of_median", f"{where}.min_share_of_median",
             f"min_share_of_median is a share between 0 and 1, e.g. 0.33; found {share!r}")
    return {"column": column, "min_seconds": seconds, "min_share_of_median": share}


def _straightlining(node, where, questions, scales, fail):
    return {"scales": _scales(node, "straightlining", where, scales, fail)}


def _attention(node, where, questions, scales, fail):
    checks = node.get("checks") if isinstance(node, dict) else node
    if not isinstance(checks, list) or not checks:
        fail(node, None, where, "attention is a list of {question: Q, expect: CODE}")
        return None
    out = []
    for i, check in enumerate(checks):
        at = f"{where}[{i}]"
        if not isinstance(check, dict) or "question" not in check or "expect" not in check:
            fail(checks, i, at, f"an attention check is {{question: Q, expect: CODE}}; found {check!r}")
            continue
        q = questions.get(check["question"])
        if q is None:
            fail(check, "question", f"{at}.question", f"'{check['question']}' is not a question")
        elif q.choices is not None and check["expect"] not in q.choices.codes:
            fail(check, "expect", f"{at}.expect", f"expected answer {check['expect']!r} is not a "
                 f"code of '{q.name}' (codes: {list(q.choices.codes)})")
        out.append({"question": check["question"], "expect": check["expect"]})
    return {"checks": out}


def _duplicates(node, where, questions, scales, fail):
    columns = node.get("columns") if isinstance(node, dict) else node
    if not isinstance(columns, list) or not columns:
        fail(node, None, where, "duplicates is a list of question names, e.g. [phone]")
        return None
    for i, name in enumerate(columns):
        if name not in questions:
            fail(columns, i, f"{where}[{i}]", f"'{name}' is not a question")
    return {"columns": list(columns)}


def _count(node, key, where, fail, least, default=None):
    value = node.get(key, default) if isinstance(node, dict) else default
    if value is None or isinstance(value, bool) or not isinstance(value, int) or value < least:
        fail(node, key if isinstance(node, dict) and key in node else None, f"{where}.{key}",
             f"{key} is a whole number of at least {least}; found {value!r}")
    return value


def _long_runs(node, where, questions, scales, fail):
    names = _scales(node, "long_runs", where, scales, fail)
    return {"scales": names, "min_run": _count(node, "min_run", where, fail, 2)}


def _near_duplicates(node, where, questions, scales, fail):
    names = _scales(node, "near_duplicates", where, scales, fail)
    most = _count(node, "max_differences", where, fail, 0, 0)
    items = {item for name in names if name in scales for item in scales[name].items}
    if isinstance(most, int) and items and most >= len(items):
        fail(node, "max_differences", f"{where}.max_differences", f"max_differences ({most}) must "
             f"be below the number of items compared ({len(items)})")
    return {"scales": names, "max_differences": most}


def _contradictions(node, where, questions, scales, fail):
    names = _scales(node, "contradictions", where, scales, fail)
    for i, name in enumerate(names):
        if name not in scales:
            continue
        reversed_ = [questions[item].reverse for item in scales[name].items if item in questions]
        if not (any(reversed_) and not all(reversed_)):
            fail(node["scales"], i, f"{where}.scales[{i}]", f"scale '{name}' needs both reversed and "
                 "non-reversed items for a contradiction check")
    gap = node.get("min_gap") if isinstance(node, dict) else None
    if gap is not None and not (_number(gap) and gap > 0):
        fail(node, "min_gap", f"{where}.min_gap", f"min_gap is a positive number of scale points; "
             f"found {gap!r}")
    return {"scales": names, "min_gap": gap}


Validator = Callable[..., "dict | None"]
#: The quality checks a schema may name, each with its validator (the one registry of checks).
VALIDATORS: dict[str, Validator] = {
    "duration": _duration,
    "straightlining": _straightlining,
    "attention": _attention,
    "duplicates": _duplicates,
    "long_runs": _long_runs,
    "near_duplicates": _near_duplicates,
    "contradictions": _contradictions,
}


def check_quality(node, questions, scales, fail) -> dict[str, QualityCheck]:
    """Validate every check under ``quality``; report problems through ``fail``.

    Parameters
    ----------
    node : mapping
        The ``quality`` section as read from YAML.
    questions, scales : mapping
        The questionnaire's questions and scales by name.
    fail : callable
        ``fail(node, key, where, message)`` records a problem with its line.

    Returns
    -------
    dict of str to QualityCheck
        The checks in canonical form, in the order written.
    """
    out = {}
    for name, rules in node.items():
        where = f"quality.{name}"
        validator = VALIDATORS.get(name)
        if validator is None:
            fail(node, name, where, f"unknown quality check '{name}'; known: {', '.join(VALIDATORS)}")
            continue
        exclude = True
        if isinstance(rules, dict) and "exclude" in rules:
            exclude = rules["exclude"]
            if not isinstance(exclude, bool):
                fail(rules, "exclude", f"{where}.exclude", f"exclude is true or false; found {exclude!r}")
        options = validator(rules, where, questions, scales, fail)
        if options is not None:
            out[name] = QualityCheck(name, options, exclude is not False, line=line(node, name))
    return out
