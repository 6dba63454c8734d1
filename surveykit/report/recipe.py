"""Report recipes (``reports/*.yaml``): load, check with line numbers, resolve paths.

A recipe names a questionnaire schema, a data file, the report's language and
an ordered list of sections, each one table, figure, heading or paragraph with
its options (``spec/cli.md``, "Report recipes"). Paths are relative to the
recipe file. Every problem of a recipe (an unknown key or table kind, a
variable the schema does not know, an option of the wrong type) is collected
and raised together, each with file, line and key, like schema errors.

Examples
--------
>>> r = loads_recipe('''
... schema: q.yaml
... data: d.csv
... language: en
... sections:
...   - {table: reliability}
...   - {figure: likert_bars, scale: trust}
... ''', path="reports/demo.yaml")
>>> [(s.kind, s.name, s.options) for s in r.sections]
[('table', 'reliability', {}), ('figure', 'likert_bars', {'scale': 'trust'})]
>>> r.schema.as_posix()
'reports/q.yaml'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..exceptions import InputFileError, SchemaProblem, SurveykitError

__all__ = ["Recipe", "Section", "RecipeError", "load_recipe", "loads_recipe", "check_sections"]

_TOP_KEYS = ("schema", "data", "title", "subtitle", "language", "flavor", "sheet", "distributed",
             "format", "fonts", "thresholds", "sections")
_FORMAT_KEYS = ("decimals", "p_decimals", "leading_zero")
_FONT_KEYS = ("east_asian", "latin", "east_asian_heading")
_SECTION_KINDS = ("table", "figure", "heading", "text")
#: Options every table or figure section accepts.
COMMON_OPTIONS = {"title": "label", "note": "label", "interpret": "bool"}


class RecipeError(SurveykitError, ValueError):
    """A recipe that cannot be built; lists every problem with file, line and key."""

    def __init__(self, problems: list[SchemaProblem]):
        self.problems = list(problems)
        if len(self.problems) == 1:
            message = f"recipe error: {self.problems[0]}"
        else:
            message = "\n".join([f"{len(self.problems)} recipe errors:"] +
                                [f"  {p}" for p in self.problems])
        super().__init__(message)


@dataclass(frozen=True)
class Section:
    """One section of a recipe: ``kind`` (table, figure, heading, text), its ``name``
    (the table or figure kind, or the heading/paragraph text) and its options."""

    kind: str
    name: Any
    options: Mapping[str, Any] = field(default_factory=dict)
    line: int | None = None
    key_lines: Mapping[str, int | None] = field(default_factory=dict, compare=False)
    index: int = 0


@dataclass(frozen=True)
class Recipe:
    """A loaded recipe; paths are resolved against the recipe's folder."""

    schema: Path
    data: Path
    sections: tuple[Section, ...]
    title: Any = None
    subtitle: Any = None
    language: str = "zh"
    flavor: str = "auto"
    sheet: str | None = None
    distributed: int | None = None
    format: Mapping[str, Any] = field(default_factory=dict)
    fonts: Mapping[str, str] = field(default_factory=dict)
    thresholds: Mapping[str, Any] = field(default_factory=dict)
    path: str = "<string>"
    lines: Mapping[str, int | None] = field(default_factory=dict, compare=False)

    def problem(self, section: Section | None, key: str, message: str) -> SchemaProblem:
        """A problem located at a section's key (or the section, or the top key)."""
        if section is None:
            return SchemaProblem(self.path, self.lines.get(key), key, message)
        line = section.key_lines.get(key, section.line)
        where = f"sections[{section.index}]" + (f".{key}" if key else "")
        return SchemaProblem(self.path, line, where, message)


def load_recipe(path: str | Path, *, check: bool = True) -> Recipe:
    """Read a recipe file and check its form (``check``); names are checked when building."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputFileError(f"{path}: recipe file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputFileError(f"{path}: cannot read the recipe ({err}); save it as UTF-8 text") from None
    return loads_recipe(source, path=str(path), check=check)


def _line(node, key=None):
    try:
        if key is None:
            return node.lc.line + 1
        return (node.lc.item(key) if isinstance(key, int) else node.lc.key(key))[0] + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        return None


def _plain(node):
    """A ruamel tree as plain dicts, lists and scalars."""
    if isinstance(node, Mapping):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def loads_recipe(source: str, path: str = "<string>", *, check: bool = True) -> Recipe:
    """Build a recipe from YAML text and check its sections' form (see :func:`load_recipe`).

    With ``check=False`` only the top level is checked, so that
    :func:`check_sections` with the questionnaire can report every problem at once.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        tree = YAML(typ="rt").load(source)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise RecipeError([SchemaProblem(path, mark.line + 1 if mark else None, "",
                                         f"invalid YAML: {(err.problem or str(err)).strip()}")]) from None
    except YAMLError as err:
        raise RecipeError([SchemaProblem(path, None, "", f"invalid YAML: {err}")]) from None
    problems: list[SchemaProblem] = []

    def fail(node, key, where, message):
        problems.append(SchemaProblem(path, _line(node, key), where, message))

    if not isinstance(tree, Mapping):
        raise RecipeError([SchemaProblem(path, 1, "", "a recipe is a YAML mapping with keys schema, "
                                         "data and sections")])
    for key in tree:
        if key not in _TOP_KEYS:
            fail(tree, key, str(key), f"unknown key; a recipe has the keys {', '.join(_TOP_KEYS)}")
    for key in ("schema", "data", "sections"):
        if key not in tree:
            problems.append(SchemaProblem(path, 1, key, f"missing required key '{key}'"))
    for key in ("schema", "data"):
        if key in tree and not (isinstance(tree[key], str) and tree[key].strip()):
            fail(tree, key, key, f"must be a file path relative to the recipe, not {tree[key]!r}")
    language = tree.get("language", "zh")
    if language not in ("zh", "en"):
        fail(tree, "language", "language", f"must be 'zh' or 'en', not {language!r}")
    distributed = tree.get("distributed")
    if distributed is not None and (not isinstance(distributed, int) or isinstance(distributed, bool)
                                    or distributed < 1):
        fail(tree, "distributed", "distributed",
             f"the number of questionnaires distributed must be a positive whole number, not {distributed!r}")
    for key, allowed in (("format", _FORMAT_KEYS), ("fonts", _FONT_KEYS)):
        value = tree.get(key, {})
        if not isinstance(value, Mapping):
            fail(tree, key, key, f"must be a mapping with keys {', '.join(allowed)}")
            continue
        for k in value:
            if k not in allowed:
                fail(value, k, f"{key}.{k}", f"unknown key; allowed: {', '.join(allowed)}")
    thresholds = tree.get("thresholds", {})
    if not isinstance(thresholds, Mapping):
        fail(tree, "thresholds", "thresholds", "must be a mapping (see surveykit.report.interpret)")
        thresholds = {}
    else:
        from .interpret import check_thresholds

        for key, message in check_thresholds(_plain(thresholds)):
            fail(thresholds, key.split(".")[0], f"thresholds.{key}", message)
    sections = []
    raw_sections = tree.get("sections", [])
    if not isinstance(raw_sections, list) or ("sections" in tree and not raw_sections):
        fail(tree, "sections", "sections", "must be a non-empty list of tables and figures")
        raw_sections = []
    for i, node in enumerate(raw_sections):
        where = f"sections[{i}]"
        line = _line(raw_sections, i)
        if not isinstance(node, Mapping):
            problems.append(SchemaProblem(path, line, where, "a section is a mapping such as "
                                          "{table: reliability} or {figure: likert_bars, scale: X}"))
            continue
        kinds = [k for k in _SECTION_KINDS if k in node]
        if len(kinds) != 1:
            problems.append(SchemaProblem(path, line, where, "a section names exactly one of "
                                          f"{', '.join(_SECTION_KINDS)}; found {kinds or 'none'}"))
            continue
        kind = kinds[0]
        options = {str(k): _plain(v) for k, v in node.items() if k != kind}
        key_lines = {str(k): _line(node, k) for k in node}
        sections.append(Section(kind, _plain(node[kind]), options, _line(node, kind) or line,
                                key_lines, i))
    if problems:
        raise RecipeError(problems)
    base = Path(path).parent if path != "<string>" else Path(".")
    recipe = Recipe(
        schema=base / str(tree["schema"]), data=base / str(tree["data"]),
        sections=tuple(sections), title=_plain(tree.get("title")),
        subtitle=_plain(tree.get("subtitle")), language=str(language),
        flavor=str(tree.get("flavor", "auto")),
        sheet=None if tree.get("sheet") is None else str(tree.get("sheet")),
        distributed=distributed, format=_plain(tree.get("format", {})),
        fonts=_plain(tree.get("fonts", {})), thresholds=_plain(thresholds), path=path,
        lines={str(k): _line(tree, k) for k in tree})
    problems = check_sections(recipe) if check else []
    if problems:
        raise RecipeError(problems)
    return recipe


def check_sections(recipe: Recipe, questionnaire=None) -> list[SchemaProblem]:
    """Problems of the recipe's sections: unknown kinds and options, wrong option
    types, and (given the questionnaire) names the schema does not know."""
    from .sections import FIGURES, TABLES, check_option

    problems = []
    for s in recipe.sections:
        if s.kind in ("heading", "text"):
            if not isinstance(s.name, (str, Mapping)):
                problems.append(recipe.problem(s, s.kind, "must be a text or a {zh: ..., en: ...} map"))
            for key in s.options:
                if key != "level" or s.kind != "heading":
                    problems.append(recipe.problem(s, key, f"unknown option of a {s.kind}"))
            continue
        registry = TABLES if s.kind == "table" else FIGURES
        if s.name not in registry:
            problems.append(recipe.problem(s, s.kind, f"unknown {s.kind} kind {s.name!r}; the "
                                           f"{s.kind}s are: {', '.join(registry)}"))
            continue
        spec = registry[s.name]
        allowed = {**COMMON_OPTIONS, **spec.options}
        for key, value in s.options.items():
            if key not in allowed:
                problems.append(recipe.problem(s, key, f"unknown option of {s.kind} '{s.name}'; "
                                               f"its options are: {', '.join(allowed)}"))
                continue
            message = check_option(allowed[key], value, questionnaire)
            if message:
                problems.append(recipe.problem(s, key, message))
        for key in spec.required:
            if key not in s.options:
                problems.append(recipe.problem(s, "", f"{s.kind} '{s.name}' needs the option '{key}'"))
    return problems
