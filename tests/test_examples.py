"""The executed notebook tour in examples/ runs on a clean clone, without Jupyter.

The code cells of ``examples/surveykit_tour.ipynb`` are executed in order in one
fresh namespace, from the repository root, as Jupyter would run them (cells
tagged ``skip-test`` are left out: none is, today). The value of a cell's last
expression is what Jupyter displays: when it has an ``_repr_html_``, that must
give at least one HTML table. The notebook file itself must be stored executed
(every code cell run once, in order, with no error output), and what a cell
printed when it was executed must be what it prints now (the thesis sentence of
the cleaning step): a stale notebook fails here and is refreshed with
``jupyter nbconvert --to notebook --execute --inplace
--ExecutePreprocessor.record_timing=False examples/surveykit_tour.ipynb``.

The statistics are checked against R in the tests of their modules; this test
checks the tour as a whole.
"""

import ast
import contextlib
import io
import json
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "surveykit_tour.ipynb"
SKIP_TAG = "skip-test"


def _source(cell) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def _stdout(cell) -> str:
    return "".join("".join(o["text"]) if isinstance(o["text"], list) else o["text"]
                   for o in cell.get("outputs", ())
                   if o["output_type"] == "stream" and o["name"] == "stdout")


@pytest.fixture(scope="module")
def notebook():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def code_cells(notebook):
    return [c for c in notebook["cells"] if c["cell_type"] == "code"]


def test_the_notebook_is_stored_executed_in_order_without_errors(code_cells):
    assert code_cells, "the tour has no code cells"
    assert [c["execution_count"] for c in code_cells] == list(range(1, len(code_cells) + 1))
    errors = [_source(c).splitlines()[0] for c in code_cells
              if any(o["output_type"] == "error" for o in c["outputs"])]
    assert not errors, f"cells stored with an error: {errors}"
    assert all(c["outputs"] for c in code_cells[1:]), "a cell after the imports shows nothing"


@pytest.fixture(scope="module")
def run(code_cells):
    """Execute the code cells in order; return (cell, stdout, displayed value) per cell."""
    pytest.importorskip("matplotlib").use("Agg")
    namespace = {"__name__": "__tour__"}
    runs = []
    # the tour sets pandas display options: restore them for the other tests
    with contextlib.chdir(ROOT), pd.option_context("display.precision",
                                                   pd.get_option("display.precision")):
        for number, cell in enumerate(code_cells, 1):
            if SKIP_TAG in cell.get("metadata", {}).get("tags", ()):
                continue
            tree = ast.parse(_source(cell), filename=f"<tour cell {number}>")
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(tree, f"<tour cell {number}>", "exec"), namespace)
                value = (eval(compile(ast.Expression(last.value), f"<tour cell {number}>", "eval"),
                              namespace) if last is not None else None)
            runs.append((cell, out.getvalue(), value))
    return runs


def test_every_cell_runs_and_every_displayed_result_is_an_html_table(run):
    shown = [(cell, value) for cell, _, value in run if hasattr(value, "_repr_html_")]
    assert len(shown) >= 20, "the tour shows its results through their notebook display"
    for cell, value in shown:
        html = value._repr_html_()
        assert "<table" in html, f"{type(value).__name__} of {_source(cell).splitlines()[0]!r} " \
                                 f"shows no table"


def test_the_tour_shows_each_kind_of_result(run):
    kinds = {type(value).__name__ for _, _, value in run}
    assert {"SurveyData", "Validation", "LikertTable", "MultipleResponseTable", "SurveyReliability",
            "ScaleValidity", "EfaResult", "CrosstabTable", "GroupTable", "CorrelationTable",
            "RegressionResult", "DataFrame"} <= kinds


def test_what_the_cells_print_is_what_the_stored_notebook_shows(run):
    printed = [(cell, text) for cell, text, _ in run if text]
    assert printed, "the cleaning step prints the thesis sentence"
    for cell, text in printed:
        assert text == _stdout(cell), (f"cell {_source(cell).splitlines()[0]!r} now prints "
                                       f"something else: re-execute the notebook")
    assert any("有效问卷368份" in text for _, text in printed)
