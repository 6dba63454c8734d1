"""What the analysis commands share: their options, the analysed sample, writing ``-o FILE``.

Analysis commands run on the respondents that the schema's quality checks keep
(:func:`surveykit.sample.analysis_sample`). Statistical caveats are recorded in
each result and printed by the command, so Python's own warning lines are
silenced (:func:`quiet`).

``-o FILE``: the format follows the suffix. ``.json`` holds the command's JSON document; ``.xlsx`` one sheet per table;
``.md`` every table under its name; ``.csv`` every table stacked into one
long table whose first column ``table`` names the table each row comes from.
Files are written atomically (:mod:`surveykit._atomic`) and never over an input.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Annotated

import typer

from ._common import Flavor, load_survey

__all__ = ["SUFFIXES", "VarsOpt", "LangOpt", "WeightOpt", "MinCellOpt", "analysed", "quiet",
           "write_result", "display", "echo_warnings"]

VarsOpt = Annotated[str | None, typer.Option("--vars", help="Variables, comma-separated.", show_default=False)]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Label language (default: the schema's first).",
                                             show_default=False)]
WeightOpt = Annotated[str | None, typer.Option("--weight", help="Weight variable (default: the question "
                                               "with role: weight, if any).", show_default=False)]
MinCellOpt = Annotated[int | None, typer.Option("--min-cell", help="Hide counts of fewer than N respondents "
                                                "in published tables.", show_default=False)]


def analysed(schema: Path, data: Path, flavor: Flavor = Flavor.auto, sheet: str | None = None):
    """Load the data through the schema and keep the respondents analyses use."""
    from ..sample import analysis_sample

    return analysis_sample(load_survey(schema, data, flavor, sheet))


@contextlib.contextmanager
def quiet():
    """Silence StatisticalWarning lines: the results record them and commands print them."""
    import warnings

    from ..exceptions import StatisticalWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        yield


def echo_warnings(messages) -> None:
    """Print a result's statistical caveats, one ``Warning:`` line each."""
    for message in messages:
        typer.echo(f"Warning: {message}")

SUFFIXES = (".csv", ".xlsx", ".json", ".md")


def _flat(frame):
    """A table with its labelled row index (crosstabs, matrices) turned into a column."""
    import pandas as pd

    if isinstance(frame.index, pd.RangeIndex):
        return frame
    out = frame.reset_index()
    out.columns = [str(c) for c in out.columns]
    return out


def write_result(output: Path, document: dict, tables: dict, inputs=()) -> None:
    """Write a result to ``output`` (see the module notes).

    Parameters
    ----------
    output : Path
    document : dict
        The JSON document of the command.
    tables : dict of str to DataFrame
        The result's tables, main table first.
    inputs : iterable of Path
        Input files that must not be overwritten.
    """
    import pandas as pd

    from .._atomic import atomic_path, refuse_overwriting_inputs, write_text_atomic
    from ..exceptions import OptionError
    from ._common import to_jsonable

    refuse_overwriting_inputs([output], inputs)
    suffix = output.suffix.lower()
    flat = {name: _flat(t) for name, t in tables.items()}
    if suffix == ".json":
        write_text_atomic(output, json.dumps(to_jsonable(document), ensure_ascii=False, indent=1) + "\n")
    elif suffix == ".csv":
        stacked = pd.concat([t.assign(table=name)[["table", *t.columns]] for name, t in flat.items()],
                            ignore_index=True)
        with atomic_path(output) as tmp:
            stacked.to_csv(tmp, index=False, encoding="utf-8-sig")
    elif suffix == ".xlsx":
        with atomic_path(output) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, t in flat.items():
                t.to_excel(writer, sheet_name=name[:31], index=False)
    elif suffix == ".md":
        parts = [f"## {name}\n\n{t.to_markdown(index=False)}\n" for name, t in flat.items()]
        write_text_atomic(output, "\n".join(parts))
    else:
        raise OptionError(f"{output}: -o writes {', '.join(SUFFIXES)}; found '{suffix or 'no suffix'}'")


def display(frame, decimals: int = 2):
    """A copy of ``frame`` rounded for the terminal (returned numbers stay full precision)."""
    return frame.round(decimals)
