"""``surveykit example [NAME] [-o DIR]``: build the shipped case studies' reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

SUFFIXES = (".docx", ".xlsx", ".html", ".md")


def recipes_folder() -> Path:
    """The ``reports/`` folder with one recipe per case study: the one in the current
    folder (a clone of the repository, as the README runs it), else the one of the
    source tree this package was installed from in editable mode."""
    for folder in (Path.cwd() / "reports", Path(__file__).resolve().parents[2] / "reports"):
        if any(folder.glob("*.yaml")):
            return folder
    return Path.cwd() / "reports"


def example_command(
    name: Annotated[str | None, typer.Argument(help="Case study (a recipe name in reports/); "
                                                     "all of them when omitted.", show_default=False)] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder of the built reports.")]
    = Path("reports/examples"),
) -> None:
    """Build the report of one shipped case study, or of all, as .docx, .xlsx, .html and .md."""
    from ..exceptions import OptionError
    from ..report import build_report

    recipes = {p.stem: p for p in sorted(recipes_folder().glob("*.yaml"))}
    if not recipes:
        raise OptionError(f"no case-study recipes found in {recipes_folder()}; run surveykit "
                          "example from the root of the surveykit repository (it holds reports/, "
                          "questionnaires/ and data/)")
    if name is not None and name not in recipes:
        raise OptionError(f"unknown case study {name!r}; the case studies are: {', '.join(recipes)}")
    for stem in [name] if name else list(recipes):
        report = build_report(recipes[stem])
        for suffix in SUFFIXES:
            report.save(output / f"{stem}{suffix}")
        typer.echo(f"{output / stem}.{{docx,xlsx,html,md}}: {len(report.tables)} tables, "
                   f"{len(report.figures)} figures")
