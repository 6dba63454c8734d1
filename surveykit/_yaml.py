"""Reading YAML files that are checked lazily, with the line of every problem.

Schemas (:mod:`surveykit.schema.load`) and simulation models
(:mod:`surveykit.simulation.model`) are read the same way: the file as UTF-8
text, the text as a ruamel round-trip tree (which remembers the line of every
key and item), then a walk over the tree by a :class:`Checker` that collects
every problem with its line and key before raising them together.

Examples
--------
>>> from surveykit.exceptions import SchemaError
>>> tree = parse("a: 1\\nb: [x, y]\\n", "f.yaml", SchemaError)
>>> line(tree, "b"), line(tree["b"], 1)
(2, 2)
>>> try:
...     parse("a: [1, 2\\n", "f.yaml", SchemaError)
... except SchemaError as err:
...     print(err)  # doctest: +ELLIPSIS
schema error: f.yaml:2: invalid YAML: ...
"""

from __future__ import annotations

import difflib
from pathlib import Path

from .exceptions import InputFileError, SchemaError, SchemaProblem

__all__ = ["read_text", "parse", "line", "Checker"]


def read_text(path: Path, what: str) -> str:
    """The UTF-8 text (BOM tolerated) of ``path``; ``what`` names the file in errors.

    Raises
    ------
    InputFileError
        The file is missing, unreadable or not UTF-8 text.
    """
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputFileError(f"{path}: {what} file not found") from None
    except UnicodeDecodeError as err:
        raise InputFileError(f"{path}: {what} is not UTF-8 text ({err.reason} at byte "
                             f"{err.start}); save it as UTF-8") from None
    except OSError as err:
        raise InputFileError(f"{path}: cannot read {what} ({err.strerror})") from None


def parse(source: str, path: str, error: type[SchemaError]):
    """The ruamel round-trip tree of ``source``; a syntax error raises ``error`` with its line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return YAML(typ="rt").load(source)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        at = mark.line + 1 if mark is not None else None
        reason = (err.problem or str(err)).strip()
        raise error([SchemaProblem(path, at, "", f"invalid YAML: {reason}")]) from None
    except YAMLError as err:
        raise error([SchemaProblem(path, None, "", f"invalid YAML: {err}")]) from None


def line(node, key=None) -> int | None:
    """1-based line of ``node[key]`` (or of the node itself) in a ruamel tree; None if unknown."""
    try:
        if key is None:
            return node.lc.line + 1
        if isinstance(key, int):
            return node.lc.item(key)[0] + 1
        return node.lc.key(key)[0] + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        return None


class Checker:
    """Base of the tree walkers: collects problems with the line of the key concerned."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[SchemaProblem] = []

    def fail(self, node, key, where: str, message: str) -> None:
        """Record a problem at ``node[key]`` (at ``node`` when ``key`` is None)."""
        self.problems.append(SchemaProblem(self.path, line(node, key), where, message))

    def unknown_keys(self, node, allowed, where: str) -> None:
        """Record every key of the mapping ``node`` not in ``allowed``, with a close match."""
        if not isinstance(node, dict):
            return
        for key in node:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else f"; allowed: {', '.join(allowed)}"
                self.fail(node, key, f"{where}.{key}".lstrip("."), f"unknown key '{key}'{hint}")
