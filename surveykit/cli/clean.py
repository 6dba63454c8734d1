"""``surveykit clean SCHEMA DATA -o OUT``: clean the data, write it with its log and exclusions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import DataArg, Flavor, FlavorOpt, Format, FormatOpt, SchemaArg, SheetOpt
from ._common import echo_frame, emit_json


def clean_command(
    schema: SchemaArg,
    data: DataArg,
    output: Annotated[Path, typer.Option(
        "--output", "-o", show_default=False,
        help="Clean data file (.xlsx, .csv, .sav or .parquet); the log and the excluded "
             "respondents are written beside it as STEM.log.csv and STEM.excluded.csv.")],
    distributed: Annotated[int | None, typer.Option(
        "--distributed", help="Questionnaires distributed, for the response rate.")] = None,
    exclude: Annotated[list[str] | None, typer.Option(
        "--exclude", help="Quality check that excludes, whatever the schema says (repeatable).")] = None,
    flag_only: Annotated[list[str] | None, typer.Option(
        "--flag-only", help="Quality check that only flags (a 0/1 column flag_CHECK), "
                            "whatever the schema says (repeatable).")] = None,
    keep_pii: Annotated[bool, typer.Option(
        "--keep-pii", help="Keep the questions marked pii in the outputs.")] = False,
    pseudonymize: Annotated[bool, typer.Option(
        "--pseudonymize", help="Replace the questions marked pii by salted hashes.")] = False,
    salt: Annotated[str | None, typer.Option(
        "--salt", help="Salt of the hashes (default: a random one, so pseudonyms differ between runs).")] = None,
    flavor: FlavorOpt = Flavor.auto,
    sheet: SheetOpt = None,
    format: FormatOpt = Format.table,
) -> None:
    """Clean the data as the schema says and write it, with a log of every change and the
    excluded respondents with their reasons.

    Missing codes and invalid values become missing, values out of range are
    set missing, the schema's quality checks exclude or flag respondents,
    derived variables and scale scores are added, and personal data are left
    out unless --keep-pii or --pseudonymize. The input files are never changed.
    """
    from .._atomic import refuse_overwriting_inputs
    from ..cleaning import clean
    from ..cleaning.outputs import output_paths, write_clean
    from ._common import load_survey

    refuse_overwriting_inputs(output_paths(output), [schema, data])
    survey = load_survey(schema, data, flavor, sheet)
    result = clean(survey, exclude=exclude, flag_only=flag_only, keep_pii=keep_pii,
                   pseudonymize=pseudonymize, salt=salt, distributed=distributed)
    paths = write_clean(result, output, inputs=[schema, data])
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    if format is Format.json:
        emit_json(result.to_dict(outputs=paths))
        return
    _print(result, paths)


def _print(result, paths) -> None:
    typer.echo(f"{result.n_raw} rows read; {result.n_clean} kept, {result.n_excluded} excluded; "
               f"{result.changes} cells changed.")
    if len(result.checks):
        echo_frame(result.checks, "\nQuality checks:")
    if len(result.pii):
        echo_frame(result.pii, "\nPersonal data:")
    typer.echo("")
    for language in ("zh", "en"):
        typer.echo(result.sentence(language))
    typer.echo("\nWritten: " + ", ".join(str(p) for p in paths))
