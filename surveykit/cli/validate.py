"""``surveykit validate SCHEMA [DATA]``: check a schema, and data against it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import FlavorOpt, Flavor, Format, FormatOpt, OutputOpt, SchemaArg, SheetOpt
from ._common import echo_frame, emit_json


def validate_command(
    schema: SchemaArg,
    data: Annotated[Path | None, typer.Argument(help="Data file to check against the schema.",
                                                show_default=False)] = None,
    flavor: FlavorOpt = Flavor.auto,
    sheet: SheetOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Check the schema; with DATA, check the data against it.

    Exit status: 0 when no problem was found, 1 when the data have problems
    (invalid values, values out of range, duplicate respondent ids), 2 on bad
    input (unreadable file, schema error, a declared column missing).
    """
    from ..schema import load_schema

    questionnaire = load_schema(schema)
    if data is None:
        if format is Format.json:
            emit_json({"schema": str(schema), "id": questionnaire.id, "valid": True,
                       "questions": len(questionnaire.questions),
                       "scales": len(questionnaire.scales)})
        else:
            typer.echo(f"{schema}: schema '{questionnaire.id}' is valid: "
                       f"{len(questionnaire.questions)} questions, {len(questionnaire.derived)} "
                       f"derived variables, {len(questionnaire.scales)} scales.")
        return
    from ..validation import validate
    from ._common import load_survey

    result = validate(load_survey(schema, data, flavor, sheet, questionnaire=questionnaire))
    document = result.to_dict(schema=str(schema))
    if output is not None:
        _write(result, document, output)
    if format is Format.json:
        emit_json(document)
    else:
        _print(result, data)
    if not result.ok:
        raise typer.Exit(1)


def _print(result, data: Path) -> None:
    counts = ", ".join(f"{n} {k}" for k, n in result.counts.items()) or "no problems"
    typer.echo(f"{data}: {result.n_rows} rows read (flavour {result.flavor}); {counts}.")
    if not result.ok:
        echo_frame(result.problems[["check", "row", "column", "value", "message"]], "\nProblems:")
    if result.quality:
        typer.echo("\nQuality checks (rows flagged):")
        for name, rows in result.quality.items():
            shown = ", ".join(map(str, rows[:20])) + (" ..." if len(rows) > 20 else "")
            typer.echo(f"  {name}: {len(rows)}" + (f" (rows {shown})" if rows else ""))
    if not result.notes.empty:
        echo_frame(result.notes[["check", "column"]], "\nNotes:")


def _write(result, document, output: Path) -> None:
    from .._atomic import atomic_path, write_text_atomic
    from ..exceptions import OptionError
    from ._common import to_jsonable
    import json

    suffix = output.suffix.lower()
    if suffix == ".json":
        write_text_atomic(output, json.dumps(to_jsonable(document), ensure_ascii=False, indent=1))
    elif suffix == ".csv":
        with atomic_path(output) as tmp:
            result.problems.to_csv(tmp, index=False, encoding="utf-8-sig")
    elif suffix == ".xlsx":
        with atomic_path(output) as tmp:
            result.problems.to_excel(tmp, index=False, sheet_name="problems")
    else:
        raise OptionError(f"{output}: validate writes .json, .csv or .xlsx; found '{suffix}'")
