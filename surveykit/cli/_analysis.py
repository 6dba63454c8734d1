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

SUFFIXES = (".csv", ".xlsx", ".json", ".md")

VarsOpt = Annotated[str | None, typer.Option("--vars", help="Variables, comma-separated.", show_default=False)]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Label language (default: the schema's first).",
                                             show_default=False)]
WeightOpt = Annotated[str | None, typer.Option("--weight", help="Weight variable (default: the question "
                                               "with role: weight, if any).", show_default=False)]
MinCellOpt = Annotated[int | None, typer.Option("--min-cell", help="Hide counts of fewer than N respondents "
                                                "in published tables.", show_default=False)]


def analysed(schema: Path, data: Path, flavor: Flavor = Flavor.auto, sheet: str | None = None,
             output: Path | None = None):
    """Load the data through the schema and keep the respondents analyses use.

    ``output`` (the ``-o`` file) is checked first, so a bad suffix fails before any work.
    """
    from ..sample import analysis_sample

    if output is not None:
        _check_output(output, [schema, data])

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

    from .._atomic import atomic_path, write_text_atomic
    from ._common import to_jsonable

    suffix = _check_output(output, inputs)
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
    else:
        parts = [f"## {name}\n\n{t.to_markdown(index=False)}\n" for name, t in flat.items()]
        write_text_atomic(output, "\n".join(parts))


def _check_output(output: Path, inputs) -> str:
    """The suffix of ``output``; OptionError for an unknown one or an input file."""
    from .._atomic import refuse_overwriting_inputs
    from ..exceptions import OptionError

    refuse_overwriting_inputs([output], inputs)
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise OptionError(f"{output}: -o writes {', '.join(SUFFIXES)}; found '{suffix or 'no suffix'}'")
    return suffix


def display(frame, decimals: int = 2):
    """A copy of ``frame`` rounded for the terminal (returned numbers stay full precision)."""
    return frame.round(decimals)
