"""``surveykit report RECIPE [-o OUT]``: build a whole report from a recipe."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def report_command(
    recipe: Annotated[Path, typer.Argument(help="Report recipe (YAML), e.g. reports/haikou_liushuipo.yaml.",
                                           show_default=False)],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Output file: .docx, .xlsx, .html or .md (default: the recipe's name "
                               "with .docx, beside the recipe).")] = None,
) -> None:
    """Build the report a recipe describes; the format follows the output's suffix."""
    from .._atomic import refuse_overwriting_inputs
    from ..report import build_report, load_recipe

    loaded = load_recipe(recipe)
    target = output if output is not None else recipe.with_suffix(".docx")
    refuse_overwriting_inputs([target], [recipe, loaded.schema, loaded.data])
    report = build_report(loaded)
    report.save(target)
    problems = sum(1 for b in report.blocks if getattr(b, "kind", "") == "problem")
    typer.echo(f"{target}: {len(report.tables)} tables, {len(report.figures)} figures"
               + (f"; {problems} sections could not be computed (see the report)" if problems else "") + ".")
