"""The generator: model checks, reproducible bytes, population values against large samples."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from surveykit.io import read_survey
from surveykit.reliability import cronbach_alpha
from surveykit.schema import load_schema, loads_schema
from surveykit.simulation import (
    ModelError, implied_correlation, load_model, loads_model, population_alpha, simulate,
    write_simulation,
)

HAIKOU = "questionnaires/haikou_liushuipo.yaml"
HAIKOU_MODEL = "data/haikou_liushuipo.model.yaml"


@pytest.fixture(scope="module")
def haikou():
    return load_schema(HAIKOU), load_model(HAIKOU_MODEL)


def test_model_errors_name_line_and_key():
    with pytest.raises(ModelError) as err:
        loads_model("surveykit_model: 1\nconstructs:\n  t:\n    items: {a: 1.3, b: 0.5}\n"
                    "mess: {speedrs: 0.1}\n", path="m.yaml")
    text = str(err.value)
    assert "m.yaml:4: constructs.t.items.a: a loading is a standardised loading" in text
    assert "m.yaml:5: mess.speedrs: unknown key 'speedrs' (did you mean 'speeders'?)" in text


def test_model_checked_against_schema(haikou):
    q, m = haikou
    rules = dict(m.rules)
    del rules["gender"]
    with pytest.raises(ModelError, match="question 'gender' .* has no rule"):
        simulate(q, m.replace(rules=rules), n=50)
    bad = loads_model("surveykit_model: 1\nvariables: {gender: {probs: [1.0]}}\n", path="b.yaml")
    with pytest.raises(ModelError, match=r"\.yaml:2: variables.gender: probs has 1 values"):
        simulate(q, m.replace(rules={**m.rules, **bad.rules}), n=50)


@pytest.mark.parametrize("layout,suffix", [("wjx-text", ".xlsx"), ("wjx-codes", ".xlsx"), ("kobo", ".csv"),
                                           ("sav", ".sav"), ("xlsx", ".xlsx"), ("csv-gbk", ".csv")])
def test_same_seed_same_bytes(haikou, tmp_path, layout, suffix):
    q, m = haikou
    paths = []
    for run in ("a", "b"):
        sim = simulate(q, m, n=120, seed=5)
        paths.append(write_simulation(sim, tmp_path / f"{run}{suffix}", layout))
    for first, second in zip(*paths):
        assert first.read_bytes() == second.read_bytes()
    other = write_simulation(simulate(q, m, n=120, seed=6), tmp_path / f"c{suffix}", layout)[0]
    assert other.read_bytes() != paths[0][0].read_bytes()


def test_every_layout_reads_back_the_same_answers(haikou, tmp_path):
    """The coded answers survive each layout (invalid entries and missing aside)."""
    q, m = haikou
    sim = simulate(q, m, n=150, seed=11)
    items = [i for s in q.scales for i in s.items]
    expected = sim.answers[items]
    for layout, suffix in (("wjx-text", ".xlsx"), ("kobo", ".csv"), ("sav", ".sav"), ("csv-gbk", ".csv")):
        path = write_simulation(sim, tmp_path / f"x{suffix}", layout)[0]
        got = read_survey(q, path).data[items]
        pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_names=False)


def test_population_alpha_matches_a_large_sample(haikou):
    """The closed form from the thresholds against alpha of 60,000 simulated clean respondents."""
    q, m = haikou
    sim = simulate(q, m, n=60_000, seed=2, mess=False)
    from surveykit.scoring import scored_items

    truth = population_alpha(q, m).set_index("scale")
    for scale in q.scales:
        sample = cronbach_alpha(scored_items(q, sim.answers, scale.items), ci="none").alpha
        assert sample == pytest.approx(truth.loc[scale.name, "alpha"], abs=0.006)
        assert truth.loc[scale.name, "alpha"] < truth.loc[scale.name, "alpha_continuous"]


def test_continuous_alpha_closed_form():
    q = loads_schema("surveykit: 1\nid: d\nchoice_lists: {a: {1: x, 2: y, 3: z, 4: w, 5: v}}\nquestions:\n"
                     + "".join(f"  - {{name: i{j}, type: likert, choices: a}}\n" for j in range(4))
                     + "scales: [{name: s, items: [i0, i1, i2, i3]}]\n")
    m = loads_model("surveykit_model: 1\nconstructs: {s: {items: {i0: .7, i1: .7, i2: .7, i3: .7}}}\n")
    # parallel items: alpha = k r / (1 + (k - 1) r) with r = 0.49 (Spearman-Brown)
    assert population_alpha(q, m)["alpha_continuous"].iloc[0] == pytest.approx(4 * .49 / (1 + 3 * .49))


def test_implied_correlation_matches_simulated_latents(haikou):
    q, m = haikou
    sim = simulate(q, m, n=60_000, seed=4, mess=False)
    implied = implied_correlation(q, m)
    names = [c.name for c in m.constructs]
    np.testing.assert_allclose(sim.latent[names].corr().to_numpy(), implied.loc[names, names].to_numpy(),
                               atol=0.015)
    assert sim.latent[names].std().to_numpy() == pytest.approx(np.ones(len(names)), abs=0.02)


def test_simulate_command(tmp_path):
    import json

    import typer
    from typer.testing import CliRunner

    from surveykit.cli.simulate import simulate_command

    app = typer.Typer()
    app.command("simulate")(simulate_command)
    app.command("other")(lambda: None)
    out = tmp_path / "hk.xlsx"
    result = CliRunner().invoke(app, ["simulate", HAIKOU, "--model", HAIKOU_MODEL, "--n", "200", "--seed",
                                      "1", "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["layout"] == "wjx-text" and doc["n"] == 200 and out.exists()
    assert doc["expected_problems"] == {"invalid_value": 2, "out_of_range": 1}
    bad = CliRunner().invoke(app, ["simulate", HAIKOU, "--model", HAIKOU_MODEL, "-o", str(tmp_path / "x.txt")])
    assert bad.exit_code != 0
