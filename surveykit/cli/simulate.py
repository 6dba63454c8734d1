"""``surveykit simulate SCHEMA --model MODEL.yaml --n N --seed S -o FILE``: simulated field data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import Format, FormatOpt, SchemaArg, emit_json


def simulate_command(
    schema: SchemaArg,
    model: Annotated[Path, typer.Option("--model", "-m", help="Generating model (YAML): loadings, "
                                        "effects, mess rates.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write; the layout follows "
                                         "its suffix unless --layout or the model names one.",
                                         show_default=False)],
    n: Annotated[int | None, typer.Option("--n", help="Rows (duplicate submissions included); "
                                          "default the model's n.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed; default the model's seed.")] = None,
    layout: Annotated[str | None, typer.Option("--layout", help="wjx-text, wjx-codes, kobo, sav, xlsx, "
                                               "csv or csv-gbk.")] = None,
    clean: Annotated[bool, typer.Option("--clean", help="Leave out the model's fieldwork mess.")] = False,
    format: FormatOpt = Format.table,
) -> None:
    """Simulate respondents from a generating model and write them in an export layout.

    Prints the rows written, the mess injected (the problems and quality flags that
    reading the file will report) and the population alpha of every scale.
    """
    from ..schema import load_schema
    from ..simulation import load_model, population_alpha, simulate, write_simulation
    from ..simulation.layouts import layout_for

    questionnaire = load_schema(schema)
    sim_model = load_model(model)
    chosen = layout_for(output, layout or (sim_model.layout if layout_for_suffix_ok(output, sim_model.layout) else None))
    sim = simulate(questionnaire, sim_model, n=n, seed=seed, mess=not clean)
    files = write_simulation(sim, output, chosen)
    alpha = population_alpha(questionnaire, sim_model)
    document = {"schema": str(schema), "model": str(model), "outputs": [str(f) for f in files],
                "layout": chosen, "n": sim.n, "seed": seed if seed is not None else (sim_model.seed or 0),
                "mess": sim.counts(), "expected_problems": sim.expected_problems(),
                "expected_quality": {k: len(v) for k, v in sim.expected_quality().items()},
                "population_alpha": alpha.to_dict("records")}
    if format is Format.json:
        emit_json(document)
        return
    typer.echo(f"{', '.join(document['outputs'])}: {sim.n} rows ({chosen}), seed {document['seed']}.")
    typer.echo("Mess: " + ", ".join(f"{k} {v}" for k, v in document["mess"].items()))
    typer.echo("Population alpha (Likert answers): " + ", ".join(
        f"{r['scale']} {r['alpha']:.3f}" for r in document["population_alpha"]))


def layout_for_suffix_ok(output: Path, layout: str | None) -> bool:
    """True when the model's layout writes files with ``output``'s suffix."""
    from ..simulation.layouts import _SUFFIX

    return layout is not None and _SUFFIX.get(layout) == output.suffix.lower()
