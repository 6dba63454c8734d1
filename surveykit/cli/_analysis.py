"""What the analysis commands share: their options, the analysed sample, writing ``-o FILE``.

Analysis commands run on the respondents that the schema's quality checks keep
(:func:`surveykit.sample.analysis_sample`). Statistical caveats are recorded in
each result and printed by the command, so Python's own warning lines are
silenced (:func:`quiet`).

``-o FILE``: the format follows the suffix. ``.json`` holds the command's JSON document; ``.xlsx`` one sheet per table;
``.md`` every table under its name; ``.csv`` every table stacked into one
long table whose first column ``table`` names the table each row comes from.
Files are written atomically (:mod:`surveykit._atomic`) and never over an input.

Human tables are text: :func:`text_table` turns every number into the string
the report formatter (:class:`surveykit.report.format.Formatter`) writes for
its column (counts as whole numbers, percentages with one decimal, p-values as
``< .001``), and leaves blank what does not apply.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from ._common import (DataArg, Flavor, FlavorOpt, Format, FormatOpt, OutputOpt, SchemaArg, SheetOpt,
                      emit_json, load_survey)

__all__ = ["SUFFIXES", "Inputs", "analysis_command", "VarsOpt", "NumericVarsOpt", "LangOpt", "WeightOpt",
           "MinCellOpt", "SeedOpt", "analysed", "quiet", "option_names", "write_result", "text_table",
           "echo_table", "echo_warnings", "hidden_marks"]

SUFFIXES = (".csv", ".xlsx", ".json", ".md")

VarsOpt = Annotated[str | None, typer.Option("--vars", help="Variables, comma-separated.", show_default=False)]
NumericVarsOpt = Annotated[str | None, typer.Option("--vars", help="Numeric variables, comma-separated "
                                                    "(default: the scales).", show_default=False)]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Label language (default: the schema's first).",
                                             show_default=False)]
WeightOpt = Annotated[str | None, typer.Option("--weight", help="Weight variable (default: the question "
                                               "with role: weight, if any).", show_default=False)]
MinCellOpt = Annotated[int | None, typer.Option("--min-cell", help="Hide counts of fewer than N respondents "
                                                "in published tables.", show_default=False)]
SeedOpt = Annotated[int | None, typer.Option("--seed", help="Seed of the bootstrap (default: random; "
                                             "give one for reproducible intervals).", show_default=False)]


@dataclass(frozen=True)
class Inputs:
    """What every analysis command is given besides its own options: SCHEMA, DATA,
    ``--flavor``, ``--sheet``, ``--format`` and ``-o``."""

    schema: Path
    data: Path
    flavor: Flavor = Flavor.auto
    sheet: str | None = None
    format: Format = Format.table
    output: Path | None = None

    def survey(self):
        """The analysed respondents (:func:`analysed`)."""
        return analysed(self.schema, self.data, self.flavor, self.sheet, self.output)

    def publish(self, document: dict, tables: dict, show) -> None:
        """Write ``-o`` (:func:`write_result`), then print the JSON document or call ``show()``."""
        if self.output is not None:
            write_result(self.output, document, tables, inputs=[self.schema, self.data])
        if self.format is Format.json:
            emit_json(document)
        else:
            show()


_SHARED_HEAD = [("schema", SchemaArg, inspect.Parameter.empty), ("data", DataArg, inspect.Parameter.empty)]
_SHARED_TAIL = [("flavor", FlavorOpt, Flavor.auto), ("sheet", SheetOpt, None), ("format", FormatOpt, Format.table),
                ("output", OutputOpt, None)]


def analysis_command(function):
    """Give an analysis command the arguments and options they all share.

    ``function(inputs, **own_options)`` is called with an :class:`Inputs`; the
    command line shows SCHEMA and DATA before its own arguments and options, and
    ``--flavor``, ``--sheet``, ``--format``, ``-o`` after them.
    """
    own = list(inspect.signature(function, eval_str=True).parameters.values())[1:]
    shared = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default,
                                annotation=annotation)
              for name, annotation, default in _SHARED_HEAD + _SHARED_TAIL]
    names = [p.name for p in shared]

    @functools.wraps(function)
    def command(**options):
        inputs = Inputs(**{name: options.pop(name) for name in names})
        with _personal_data(inputs.schema):
            return function(inputs, **options)

    command.__signature__ = inspect.Signature(shared[:2] + own + shared[2:])
    command.__annotations__ = {p.name: p.annotation for p in command.__signature__.parameters.values()}
    del command.__wrapped__  # typer reads the signature above, not the function's
    return command


@contextlib.contextmanager
def _personal_data(schema: Path):
    """Say that a name unknown to the analysed data is a question holding personal data,
    which cleaning leaves out of the data and the schema, when it is one."""
    from .._variables import UnknownVariables, personal_data
    from ..schema import load_schema

    try:
        yield
    except UnknownVariables as err:
        pii = {q.name for q in load_schema(schema).questions if q.pii}
        personal = [n for n in err.names if n in pii]
        if personal:
            raise personal_data(err.option, personal) from err
        raise


def analysed(schema: Path, data: Path, flavor: Flavor = Flavor.auto, sheet: str | None = None,
             output: Path | None = None):
    """Load the data through the schema and keep the respondents analyses use.

    ``output`` (the ``-o`` file) is checked first, so a bad suffix fails before any work.
    A file without respondents (or whose respondents the quality checks all exclude)
    is refused: DataError ``FILE: no respondents to analyse``.
    """
    from ..exceptions import DataError
    from ..sample import analysis_sample

    if output is not None:
        _check_output(output, [schema, data])
    survey = load_survey(schema, data, flavor, sheet)
    kept = analysis_sample(survey) if survey.n else survey
    if not kept.n:
        why = f" (the quality checks exclude all {survey.n})" if survey.n else ""
        raise DataError(f"{data}: no respondents to analyse{why}")
    return kept


@contextlib.contextmanager
def quiet():
    """Silence StatisticalWarning lines: the results record them and commands print them."""
    import warnings

    from ..exceptions import StatisticalWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatisticalWarning)
        yield


@contextlib.contextmanager
def option_names(**options: str):
    """Name command-line options in the messages of the drivers' OptionErrors.

    ``option_names(ci_level="--level")`` turns ``ci_level must be ...`` into
    ``--level must be ...``: the drivers name their Python parameters, the
    commands their options.
    """
    from ..exceptions import OptionError

    try:
        yield
    except OptionError as err:
        message = str(err)
        for parameter, option in options.items():
            message = re.sub(rf"(?<![-\w]){parameter}(?!\w)", option, message)
        if message == str(err):
            raise
        raise type(err)(message) from err


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


#: How the columns of the printed tables are written (format codes of surveykit.report.format).
COLUMN_FORMATS = {
    **dict.fromkeys(["n", "n_valid", "n_missing", "n_not_applicable", "n_cases", "k", "df", "df1", "df2",
                     "lr_df", "step", "factors", "npar"], "int"),
    **dict.fromkeys(["percent", "valid_percent", "cumulative_percent", "pct_responses", "pct_cases",
                     "missing_percent"], "pct"),
    **dict.fromkeys(["p", "p_change", "f_p", "lr_p", "p_yates", "fisher_p", "g2_p"], "p"),
    **dict.fromkeys(["mean", "sd", "median", "min", "max", "statistic", "t", "z", "f_change"], "num2"),
}


def text_table(frame, formats: dict | None = None, default: str = "num3"):
    """``frame`` with every cell as the text to print (index and column names kept).

    Parameters
    ----------
    frame : DataFrame
    formats : dict of str to str or sequence of str, optional
        Format codes of :class:`~surveykit.report.format.Formatter` by column
        (one code, or one per row), over :data:`COLUMN_FORMATS`. Other number
        columns: ``default``, whole-number columns ``int``; text stays as it is,
        True/False print as yes/no, missing values as blanks.
    """
    import pandas as pd
    from pandas.api.types import is_bool_dtype, is_integer_dtype

    from ..report.format import Formatter

    fmt = Formatter("en")
    codes = COLUMN_FORMATS | (formats or {})
    out = {}
    for i, column in enumerate(frame.columns):
        values = frame.iloc[:, i]
        if is_bool_dtype(values.dtype):
            out[i] = values.map({True: "yes", False: "no"}).fillna("")
            continue
        code = codes.get(column, "int" if is_integer_dtype(values.dtype) else default)
        per_row = [code] * len(values) if isinstance(code, str) else list(code)
        # pd.NA as None: Formatter's is_missing does not recognise it
        out[i] = [fmt.cell(None if v is pd.NA else v, c) for v, c in zip(values.tolist(), per_row)]
    text = pd.DataFrame(out, index=frame.index)
    text.columns = frame.columns
    return text


def hidden_marks(text, hidden, small, min_cell):
    """A text table with its ``hidden`` cells marked: ``<N`` where ``small`` (a count below
    ``min_cell``), ``x`` elsewhere (cells hidden with the small ones so that these cannot be
    worked out, and the percentages and residuals of hidden cells)."""
    import numpy as np

    hidden, small = np.asarray(hidden, bool), np.asarray(small, bool)
    return text.mask(hidden, np.where(small, f"<{min_cell}", "x"))


def echo_table(text, title: str | None = None, *, index: bool = False) -> None:
    """Print a text table (:func:`text_table`), with its row labels when ``index``."""
    from ._common import echo_frame

    if not index:
        echo_frame(text, title)
        return
    if title:
        typer.echo(title)
    typer.echo("\n".join("  " + line for line in text.to_string().splitlines()))
