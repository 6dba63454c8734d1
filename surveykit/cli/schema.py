"""``surveykit schema infer|from-xlsform``: draft a questionnaire schema.

``infer`` drafts a schema from a data export (Wenjuanxing, Kobo, SPSS/Stata,
plain); ``from-xlsform`` converts an ODK/KoboToolbox form. Both print the YAML,
or write it with ``-o FILE`` (refusing to replace an existing file unless
``--force``). Registered by the application as ``app.add_typer(schema_app,
name="schema")``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import DataArg, Flavor, FlavorOpt, SheetOpt

__all__ = ["schema_app"]

schema_app = typer.Typer(help="Draft a questionnaire schema from an export or an XLSForm.",
                         no_args_is_help=True)

OutOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write the schema (YAML) here.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]
IdOpt = Annotated[str | None, typer.Option("--id", help="Identifier of the questionnaire.")]


def _emit(questionnaire, output: Path | None, force: bool) -> None:
    from ..exceptions import OptionError
    from ..schema import dump_schema, dumps_schema

    if output is None:
        typer.echo(dumps_schema(questionnaire), nl=False)
        return
    if output.exists() and not force:
        raise OptionError(f"{output}: the file exists; choose another name or add --force")
    dump_schema(questionnaire, output)
    lists = len(questionnaire.choice_lists)
    typer.echo(f"{output}: {len(questionnaire.questions)} questions, {lists} choice lists; "
               f"edit it, then check it with 'surveykit validate {output} DATA'")


@schema_app.command("infer")
def infer_command(
    data: DataArg,
    output: OutOpt = None,
    codes: Annotated[Path | None, typer.Option(
        "--codes", help="Wenjuanxing code export (按序号) of the same survey, when DATA is the "
                        "text export: labels then take their real codes.")] = None,
    flavor: FlavorOpt = Flavor.auto,
    sheet: SheetOpt = None,
    id: IdOpt = None,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", help="Text encoding of an SPSS file (e.g. GB18030).")] = None,
    force: ForceOpt = False,
) -> None:
    """Draft a questionnaire schema from a data export; it validates as it is."""
    from ..schema.infer import infer_file

    draft = infer_file(data, flavor=flavor.value, sheet=sheet, codes=codes, id=id, encoding=encoding)
    _emit(draft, output, force)


@schema_app.command("from-xlsform")
def from_xlsform_command(
    form: Annotated[Path, typer.Argument(help="XLSForm workbook (survey, choices, settings sheets).",
                                         show_default=False)],
    output: OutOpt = None,
    id: IdOpt = None,
    force: ForceOpt = False,
) -> None:
    """Convert an ODK/KoboToolbox XLSForm into a questionnaire schema."""
    from ..schema.xlsform import read_xlsform

    _emit(read_xlsform(form, id=id), output, force)
