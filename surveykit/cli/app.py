"""The ``surveykit`` application: registers one module per command and turns
errors into one clear line on stderr with exit status 2."""

from __future__ import annotations

import sys

import typer

from ..exceptions import SurveykitError
from .validate import validate_command
from .clean import clean_command
from .describe import describe_command
from .reliability import reliability_command
from .validity import validity_command
from .crosstab import crosstab_command
from .compare import compare_command
from .correlate import correlate_command
from .regress import regress_command
from .report import report_command
from .example import example_command
from .schema import schema_app
from .simulate import simulate_command

app = typer.Typer(
    name="surveykit",
    help="Survey analysis for community-governance fieldwork: from a questionnaire schema and a "
         "raw export to reliable statistics and thesis-ready tables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help text: rendering it through rich costs 60 ms per start

    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root() -> None:
    """Survey analysis for community-governance fieldwork.

    Every analysis command reads a questionnaire schema and a data file; add
    --format json for one JSON document, -o FILE to write the result, and
    --debug to see the Python traceback of an error.
    """


app.command("validate")(validate_command)
app.command("clean")(clean_command)
app.command("describe")(describe_command)
app.command("reliability")(reliability_command)
app.command("validity")(validity_command)
app.command("crosstab")(crosstab_command)
app.command("compare")(compare_command)
app.command("correlate")(correlate_command)
app.command("regress")(regress_command)
app.command("report")(report_command)
app.command("example")(example_command)
app.add_typer(schema_app, name="schema")
app.command("simulate")(simulate_command)

_DEBUG = "--debug"


def main(argv: list[str] | None = None) -> None:
    """Run the command line; exit 2 with one message on bad input, never a traceback.

    ``--debug`` anywhere on the command line shows the Python traceback of an error.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = _DEBUG in args
    args = [a for a in args if a != _DEBUG]
    try:  # typer itself reports usage errors (exit 2) and handles typer.Exit
        app(args=args, prog_name="surveykit")
    except SurveykitError as err:
        if debug:
            raise
        typer.echo(f"error: {err}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as err:  # a bug: say so in one line, the traceback only on request
        if debug:
            raise
        typer.echo(f"internal error: {type(err).__name__}: {err} (run again with --debug for the "
                   "traceback, and please report it)", err=True)
        sys.exit(3)
