"""What every command shares: option types, loading data, and printing results.

Heavy libraries (pandas and the analysis modules) are imported inside the
functions, so that ``surveykit --help`` starts fast.
"""

from __future__ import annotations

import json
import math
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

__all__ = ["Flavor", "Format", "SchemaArg", "DataArg", "FlavorOpt", "FormatOpt", "SheetOpt",
           "OutputOpt", "load_survey", "emit_json", "to_jsonable", "echo_frame", "split_names"]


class Flavor(str, Enum):
    auto = "auto"
    plain = "plain"
    wjx = "wjx"
    kobo = "kobo"
    spss = "spss"


class Format(str, Enum):
    table = "table"
    json = "json"


SchemaArg = Annotated[Path, typer.Argument(help="Questionnaire schema (YAML).", show_default=False)]
DataArg = Annotated[Path, typer.Argument(help="Data file: xlsx/xls, csv, sav, dta or parquet.",
                                         show_default=False)]
FlavorOpt = Annotated[Flavor, typer.Option("--flavor", help="Export flavour; detected when auto.")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Human table or one JSON document.")]
SheetOpt = Annotated[str | None, typer.Option("--sheet", help="Sheet of a workbook (name or 1-based number).")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o",
                                                help="Write the result to a file (format by suffix).")]


#: Files larger than this show a progress line while they are read (on a terminal).
BIG_FILE_BYTES = 20_000_000


def load_survey(schema: Path, data: Path, flavor: Flavor = Flavor.auto, sheet: str | None = None,
                questionnaire=None):
    """Load the schema and read the data through it (errors become exit 2 in ``main``)."""
    from ..io import read_survey
    from ..schema import load_schema
    from ._progress import progress_bar

    questionnaire = questionnaire or load_schema(schema)
    big = data.is_file() and data.stat().st_size > BIG_FILE_BYTES
    with progress_bar(f"reading {data.name}", big):
        return read_survey(questionnaire, data, flavor=flavor.value, sheet=sheet)


def to_jsonable(value: Any) -> Any:
    """Convert numpy/pandas values to plain JSON values (NaN and NA become null)."""
    import numpy as np

    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [to_jsonable(v) for v in value.tolist()]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if value is None or isinstance(value, (str, int, bool)):
        return value
    import pandas as pd

    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)


def emit_json(document: dict) -> None:
    """Print one JSON document on standard output and nothing else."""
    sys.stdout.write(json.dumps(to_jsonable(document), ensure_ascii=False, indent=1))
    sys.stdout.write("\n")


def echo_frame(frame, title: str | None = None, max_rows: int = 60) -> None:
    """Print a DataFrame as a plain text table under an optional title."""
    if title:
        typer.echo(title)
    if frame.empty:
        typer.echo("  (none)")
        return
    text = frame.head(max_rows).to_string(index=False)
    typer.echo("\n".join("  " + line for line in text.splitlines()))
    if len(frame) > max_rows:
        typer.echo(f"  ... {len(frame) - max_rows} more rows (use --format json or -o FILE for all)")


def split_names(value: str | None) -> list[str] | None:
    """Split a comma-separated list of names (``--vars a,b,c``)."""
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]
