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
from surveykit.simulation.population import likert_covariance, residual_variances

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


# -- population values against independent computations ------------------------------------------
# Likert moments by integrating the bivariate normal over the rectangles of the cuts
# (scipy.stats.multivariate_normal.cdf with lower_limit: Genz's bivariate algorithm),
# not by Plackett's identity as surveykit does.

def _rect_moments(cuts_i, codes_i, cuts_j, codes_j, rho):
    """Cov(X_i, X_j) of answers coded codes[k] when cuts[k-1] < y* <= cuts[k], corr(y*_i, y*_j) = rho."""
    from scipy.stats import multivariate_normal

    ei = np.r_[-np.inf, cuts_i, np.inf]
    ej = np.r_[-np.inf, cuts_j, np.inf]
    mvn = multivariate_normal(mean=[0, 0], cov=[[1, rho], [rho, 1]])
    p = np.array([[mvn.cdf([ei[k + 1], ej[m + 1]], lower_limit=[ei[k], ej[m]]) for m in range(len(ej) - 1)]
                  for k in range(len(ei) - 1)])
    assert p.sum() == pytest.approx(1, abs=1e-10)
    ci, cj = np.asarray(codes_i, float), np.asarray(codes_j, float)
    return ci @ p @ cj - (ci @ p.sum(axis=1)) * (p.sum(axis=0) @ cj)


def _rect_variance(cuts, codes):
    from scipy.stats import norm

    p = np.diff(norm.cdf(np.r_[-np.inf, cuts, np.inf]))
    c = np.asarray(codes, float)
    return p @ c**2 - (p @ c) ** 2


FIVE = [-1.8, -0.9, 0.0, 0.9]


@pytest.mark.parametrize("cuts_i,codes_i,cuts_j,codes_j,rho", [
    (FIVE, [1, 2, 3, 4, 5], FIVE, [1, 2, 3, 4, 5], 0.3),
    (FIVE, [1, 2, 3, 4, 5], FIVE, [1, 2, 3, 4, 5], 0.64),
    (FIVE, [1, 2, 3, 4, 5], [-1.6, -0.7, 0.2, 1.2], [1, 2, 3, 4, 5], 0.95),
    ([-1.0, 0.2, 1.1], [1, 2, 3, 4], [-0.8, 0.1, 0.9], [0, 1, 2, 4], -0.45),
    ([0.5], [0, 1], [-1.2, 0.3, 1.5, 2.0], [1, 2, 3, 4, 5], 0.7),
])
def test_likert_covariance_matches_rectangle_integration(cuts_i, codes_i, cuts_j, codes_j, rho):
    got = likert_covariance(cuts_i, np.diff(codes_i), cuts_j, np.diff(codes_j), rho)
    assert got == pytest.approx(_rect_moments(cuts_i, codes_i, cuts_j, codes_j, rho), abs=1e-12)


@pytest.mark.parametrize("cuts,codes", [(FIVE, [1, 2, 3, 4, 5]), ([-0.8, 0.1, 0.9], [0, 1, 2, 4])])
def test_likert_variance_matches_category_probabilities(cuts, codes):
    got = likert_covariance(cuts, np.diff(codes), cuts, np.diff(codes), 1.0, same=True)
    assert got == pytest.approx(_rect_variance(cuts, codes), abs=1e-12)


SMALL_ITEMS = {"x": {"x1": 0.8, "x2": 0.6, "x3": 0.7}, "m": {"m1": 0.75, "m2": 0.5, "m3": 0.65},
               "y": {"y1": 0.7, "y2": 0.7, "y3": 0.6}}
SMALL_CODES = {"x": [1, 2, 3, 4], "m": [0, 1, 2, 4], "y": [1, 2, 3, 4]}  # m: unequal steps
SMALL_CUTS = {"x": [-1.0, 0.2, 1.1], "m": [-0.8, 0.1, 0.9], "y": [-0.8, 0.1, 0.9]}  # x: own cuts
SMALL_SCALES = {"sx": ["x1", "x2", "x3"], "sm": ["m1", "m2", "m3"], "mixed": ["x1", "m1", "y1", "y2"]}


@pytest.fixture(scope="module")
def small():
    """x -> m (0.5); y on m (0.4), x (0.3) and two dummies of a 3-code variable."""
    questions = "".join(f"  - {{name: {i}, type: likert, choices: {'b4' if c == 'm' else 'a4'}}}\n"
                        for c, its in SMALL_ITEMS.items() for i in its)
    scales = "".join(f"  - {{name: {s}, items: [{', '.join(its)}]}}\n" for s, its in SMALL_SCALES.items())
    q = loads_schema("surveykit: 1\nid: d\nchoice_lists:\n  a4: {1: a, 2: b, 3: c, 4: d}\n"
                     "  b4: {0: a, 1: b, 2: c, 4: d}\n  e3: {1: a, 2: b, 3: c}\n"
                     "questions:\n  - {name: edu, type: single, choices: e3}\n" + questions
                     + "scales:\n" + scales)
    m = loads_model("surveykit_model: 1\ncuts: [-0.8, 0.1, 0.9]\n"
                    "variables: {edu: {probs: [0.5, 0.3, 0.2]}}\nconstructs:\n"
                    "  x: {items: {x1: 0.8, x2: 0.6, x3: 0.7}, cuts: [-1.0, 0.2, 1.1]}\n"
                    "  m: {items: {m1: 0.75, m2: 0.5, m3: 0.65}, effects: {x: 0.5}}\n"
                    "  y: {items: {y1: 0.7, y2: 0.7, y3: 0.6},\n"
                    "      effects: {m: 0.4, x: 0.3, \"edu=2\": 0.2, \"edu=3\": -0.15}}\n")
    return q, m


# construct correlations by path tracing: r(x,m) = a; r(x,y) = c + b a; r(m,y) = b + c a
SMALL_R = {("x", "m"): 0.5, ("x", "y"): 0.3 + 0.4 * 0.5, ("m", "y"): 0.4 + 0.3 * 0.5}


def test_residual_variances_closed_form(small):
    q, m = small
    # dummies of one variable: r(edu=2, edu=3) = -p2 p3 / sqrt(p2 (1 - p2) p3 (1 - p3))
    r23 = -0.3 * 0.2 / np.sqrt(0.3 * 0.7 * 0.2 * 0.8)
    b = np.array([0.4, 0.3, 0.2, -0.15])  # m, x, edu=2, edu=3
    phi = np.array([[1, 0.5, 0, 0], [0.5, 1, 0, 0], [0, 0, 1, r23], [0, 0, r23, 1]])
    got = residual_variances(q, m)
    assert got["m"] == pytest.approx(1 - 0.5**2, abs=1e-14)
    assert got["y"] == pytest.approx(1 - b @ phi @ b, abs=1e-14)
    assert got["y"] == pytest.approx(1 - (0.16 + 0.09 + 0.04 + 0.0225 + 2 * 0.4 * 0.3 * 0.5
                                          + 2 * 0.2 * -0.15 * r23), abs=1e-14)
    assert set(got) == {"m", "y"}
    implied = implied_correlation(q, m)
    for (a, c), r in SMALL_R.items():
        assert implied.loc[a, c] == pytest.approx(r, abs=1e-14)


def test_population_alpha_from_the_exact_implied_covariance(small):
    """Alpha of the items' exact covariance matrix, built here from loadings, path-traced
    construct correlations and rectangle integration."""
    q, m = small
    owner = {i: c for c, its in SMALL_ITEMS.items() for i in its}
    lam = {i: v for its in SMALL_ITEMS.values() for i, v in its.items()}

    def corr(a, c):
        return 1.0 if a == c else SMALL_R.get((a, c), SMALL_R.get((c, a)))

    def alpha(cov):
        k = len(cov)
        return k / (k - 1) * (1 - np.trace(cov) / cov.sum())

    got = population_alpha(q, m).set_index("scale")
    for scale, items in SMALL_SCALES.items():
        k = len(items)
        cov, cont = np.empty((k, k)), np.eye(k)
        for a, i in enumerate(items):
            ci, si = SMALL_CUTS[owner[i]], SMALL_CODES[owner[i]]
            cov[a, a] = _rect_variance(ci, si)
            for b, j in enumerate(items[:a]):
                rho = lam[i] * lam[j] * corr(owner[i], owner[j])
                cont[a, b] = cont[b, a] = rho
                cov[a, b] = cov[b, a] = _rect_moments(ci, si, SMALL_CUTS[owner[j]], SMALL_CODES[owner[j]], rho)
        assert got.loc[scale, "k"] == k
        assert got.loc[scale, "alpha"] == pytest.approx(alpha(cov), abs=1e-12), scale
        assert got.loc[scale, "alpha_continuous"] == pytest.approx(alpha(cont), abs=1e-12), scale


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
