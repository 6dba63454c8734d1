"""Build a report from a recipe: read, clean, compute each section, collect blocks.

Examples
--------
>>> report = build_report("reports/haikou_liushuipo.yaml")    # doctest: +SKIP
>>> report.save("out/liushuipo.docx")                         # doctest: +SKIP
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

from ..exceptions import StatisticalWarning, SurveykitError
from .document import Figure, Heading, Paragraph, Report
from .format import Formatter
from .interpret import Thresholds
from .problems import problem_note
from .recipe import Recipe, RecipeError, check_sections, load_recipe
from .sections import FIGURES, TABLES, Context
from .table import Table

__all__ = ["build_report", "build_sections"]

#: Errors of a section's computation that become a note in the report (not a crash).
SECTION_ERRORS = (SurveykitError, ArithmeticError, ValueError, __import__("numpy").linalg.LinAlgError)
_CONVENTION_GROUPS = {"reliability": ["alpha", "items"], "kmo_bartlett": ["kmo"], "efa_loadings": ["items"],
                      "cfa_fit": ["fit"], "validity": ["validity"]}


def build_report(recipe: str | Path | Recipe, *, survey=None) -> Report:
    """Build the report a recipe describes.

    Parameters
    ----------
    recipe : str, Path or Recipe
        A recipe file (``reports/*.yaml``) or a loaded :class:`Recipe`.
    survey : SurveyData, optional
        Data already read through the recipe's schema (the recipe's ``data``
        is then not read).

    Returns
    -------
    Report
        ``save(path)`` writes it as .docx, .xlsx, .html or .md.

    Raises
    ------
    RecipeError
        The recipe has problems (unknown table kind, option or variable), each
        listed with file, line and key.
    SchemaError, InputFileError
        The schema or the data file cannot be used.

    Notes
    -----
    Analyses run on the respondents that the schema's quality checks keep
    (:func:`surveykit.clean`). A section whose computation fails on the data
    (e.g. a singular correlation matrix) is replaced by a note saying why;
    statistical warnings become notes under their table.
    """
    from ..cleaning import clean
    from ..io import read_survey
    from ..schema import load_schema

    if not isinstance(recipe, Recipe):
        recipe = load_recipe(recipe, check=False)  # every problem is reported below, at once
    questionnaire = survey.questionnaire if survey is not None else load_schema(recipe.schema)
    problems = check_sections(recipe, questionnaire)
    if problems:
        raise RecipeError(problems)
    if survey is None:
        survey = read_survey(questionnaire, recipe.data, flavor=recipe.flavor, sheet=recipe.sheet)
    cleaning = clean(survey, distributed=recipe.distributed)
    fmt = Formatter(recipe.language, **{k: v for k, v in recipe.format.items()})
    ctx = Context(cleaning.survey, cleaning, fmt, Thresholds(recipe.thresholds))
    blocks = build_sections(ctx, recipe.sections)
    blocks += _conventions(ctx, recipe.sections)
    title = ctx.text(recipe.title) or ctx.text(questionnaire.title) or questionnaire.id
    subtitle = ctx.text(recipe.subtitle) or ctx.t(
        f"Valid questionnaires: n = {cleaning.n_clean}. Built by surveykit from {Path(recipe.data).name}.",
        f"有效问卷 n = {cleaning.n_clean}。由 surveykit 根据 {Path(recipe.data).name} 生成。")
    fonts = {"east_asian": "宋体", "latin": "Times New Roman", "east_asian_heading": "黑体", **recipe.fonts}
    return Report(title=title, language=recipe.language, blocks=tuple(blocks), formatter=fmt, fonts=fonts,
                  subtitle=subtitle)


def build_sections(ctx: Context, sections) -> list:
    """The blocks of each section in order (failed sections become problem notes)."""
    blocks = []
    for section in sections:
        if section.kind == "heading":
            blocks.append(Heading(ctx.text(section.name), int(section.options.get("level", 1))))
            continue
        if section.kind == "text":
            blocks.append(Paragraph(ctx.text(section.name)))
            continue
        spec = (TABLES if section.kind == "table" else FIGURES)[section.name]
        options = {k: v for k, v in section.options.items() if k not in ("title", "note", "interpret")}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", StatisticalWarning)
            try:
                made = list(spec.function()(ctx, **options))
            except SECTION_ERRORS as err:
                blocks.append(Paragraph(problem_note(section.kind, section.name, err, ctx.fmt,
                                                     label=lambda v: ctx.label(v) if v in ctx.q.names else v),
                                        "problem"))
                continue
        messages = list(dict.fromkeys(str(w.message) for w in caught
                                      if issubclass(w.category, StatisticalWarning)))
        blocks += _apply_common(ctx, made, section.options, messages)
    return blocks


def _apply_common(ctx, made, options, messages) -> list:
    """Title override, extra note, warnings as notes, interpretation on or off."""
    first = next((i for i, b in enumerate(made) if isinstance(b, (Table, Figure))), None)
    if first is not None:
        block = made[first]
        if "title" in options:
            block = replace(block, title=ctx.text(options["title"]))
        extra = ([ctx.text(options["note"])] if "note" in options else [])
        known = set(block.notes)
        extra += [m for m in messages if m not in known and not any(m in n for n in known)]
        if isinstance(block, Table):
            block = block.with_note(*extra)
        elif extra:
            block = replace(block, notes=block.notes + tuple(extra))
        made[first] = block
    if options.get("interpret", True) is False:
        made = [b for b in made if not (isinstance(b, Paragraph) and b.kind == "interpretation")]
    return made


def _conventions(ctx, sections) -> list:
    """A closing note naming every convention the report used."""
    th, fmt, t = ctx.thresholds, ctx.fmt, ctx.t
    groups = list(dict.fromkeys(g for s in sections if s.kind == "table"
                                for g in _CONVENTION_GROUPS.get(s.name, [])))
    lines = []
    names = {"alpha": t("Cronbach's α", "Cronbach's α系数"), "kmo": "KMO", "fit": t("Model fit", "模型拟合"),
             "validity": t("Convergent and discriminant validity", "聚合效度与区分效度"),
             "items": t("Items", "题项")}
    for g in groups:
        if g in ("alpha", "kmo"):
            lines.append(f"{names[g]}{t(': ', '：')}{th.bands_text(g, fmt, 'α' if g == 'alpha' else 'KMO')}")
        elif g == "fit":
            v = th.values["fit"]
            lines.append(f"{names[g]}{t(': ', '：')}χ²/df ≤ {fmt.number(v['chi2_df'], 1)}, CFI ≥ {fmt.bounded(v['cfi'])}, "
                         f"TLI ≥ {fmt.bounded(v['tli'])}, RMSEA ≤ {fmt.bounded(v['rmsea'])}, "
                         f"SRMR ≤ {fmt.bounded(v['srmr'])} ({th.convention('fit', fmt)})")
        elif g == "validity":
            v = th.values["validity"]
            lines.append(f"{names[g]}{t(': ', '：')}CR ≥ {fmt.bounded(v['cr'])}, AVE ≥ {fmt.bounded(v['ave'])}, "
                         f"HTMT < {fmt.bounded(v['htmt'])} ({th.convention('validity', fmt)})")
        elif g == "items":
            v = th.values["items"]
            lines.append(t(f"Items: corrected item-total r ≥ {fmt.bounded(v['r_drop'])}, "
                           f"factor loadings ≥ {fmt.bounded(v['loading'])}",
                           f"题项：CITC ≥ {fmt.bounded(v['r_drop'])}，因子载荷 ≥ {fmt.bounded(v['loading'])}"))
    level = th["significance.level"]
    lines.append(t(f"Significance: two-sided tests at the {fmt.bounded(level)} level; "
                   + ("numbers in APA style (no leading zero for p-values and quantities bounded by 1)"
                      if not fmt._zero else "p-values with three decimals") + ".",
                   f"显著性：双侧检验，显著性水平为{fmt.bounded(level)}；p值保留三位小数，小于0.001记为“<0.001”。"))
    return [Heading(t("Notes on the analysis", "分析说明"), 2)] + [Paragraph(line) for line in lines]
