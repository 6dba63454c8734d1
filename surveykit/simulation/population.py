"""Population values of a generating model: what analyses of its data should recover.

* :func:`implied_correlation` -- the model-implied correlation matrix of the
  standardised demographic predictors and the constructs (recursive: each
  endogenous construct's covariances follow from its effects, and its residual
  variance is what makes its variance 1).
* :func:`population_alpha` -- each scale's population alpha, both of the
  continuous responses ``y*`` (closed form from the loadings) and of the
  Likert answers actually written (exact, from the thresholds: discretising
  lowers alpha).
* :func:`population_effects` -- the true coefficients of the main regression
  and of the mediation model on the *observed* scale scores, computed once
  from one very large clean sample (the estimand of an OLS fit to a sample).

Notes
-----
Likert answers: an item is ``X = x_0 + sum_a w_a 1{y* > c_a}`` (``w_a`` the
steps between its codes). With ``rho = lambda_i lambda_j R[A, B]`` the
correlation of two items' ``y*``,

    Cov(1{y_i > c_a}, 1{y_j > c_b}) = (1 / 2 pi) int_0^rho exp(-(c_a^2 - 2 t c_a c_b + c_b^2)
                                       / (2 (1 - t^2))) / sqrt(1 - t^2) dt

(Plackett's identity, integrated by 48-point Gauss-Legendre quadrature), and
``Var(1{y > c_a}, 1{y > c_b}) = Phi(-max(c_a, c_b)) - Phi(-c_a) Phi(-c_b)``.
Alpha is ``k / (k - 1) (1 - tr C / sum C)`` over the scored items' covariance
matrix C. The continuous alpha is the same with ``C = lambda lambda' + diag(1 -
lambda^2)``.

Examples
--------
>>> from surveykit.schema import loads_schema
>>> from surveykit.simulation.model import loads_model
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... choice_lists: {a5: {1: a, 2: b, 3: c, 4: d, 5: e}}
... questions:
...   - {name: t1, type: likert, choices: a5}
...   - {name: t2, type: likert, choices: a5}
...   - {name: t3, type: likert, choices: a5, reverse: true}
... scales: [{name: trust, items: [t1, t2, t3]}]
... ''')
>>> m = loads_model("surveykit_model: 1\\nconstructs: {trust: {items: {t1: 0.8, t2: 0.8, t3: 0.8}}}")
>>> population_alpha(q, m)[["scale", "k", "alpha_continuous", "alpha"]].round(4)
   scale  k  alpha_continuous   alpha
0  trust  3            0.8421  0.8096
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtr

from ..exceptions import SchemaProblem
from ..schema.model import Questionnaire
from .model import ModelError, SimModel

__all__ = ["implied_correlation", "residual_variances", "population_alpha", "population_effects",
           "likert_covariance", "regression_terms"]

_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(48)


def _predictors(q: Questionnaire, model: SimModel) -> list[str]:
    used = []
    for c in model.constructs:
        used += [p for p in c.effects if p not in used and p not in {x.name for x in model.constructs}]
    return used


def implied_correlation(q: Questionnaire, model: SimModel) -> pd.DataFrame:
    """Model-implied correlation matrix of the predictors used and the constructs.

    Notes
    -----
    Constructs without effects take their ``correlations`` (Phi); an endogenous
    construct ``eta_j = b' z + e`` (z: the variables before it) has
    ``Cov(z, eta_j) = Sigma_zz b`` and variance 1 (path tracing, as the
    model-implied ``lavaan::lavInspect(fit, "cor.lv")`` of the same structural
    model). Two dummies of one ``probs`` variable correlate
    ``-p_a p_b / sqrt(p_a (1 - p_a) p_b (1 - p_b))``.

    Examples
    --------
    >>> from surveykit import load_schema, load_model
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> model = load_model("data/j_community_epidemic.model.yaml")
    >>> names = ["grid", "information", "belonging", "participation"]
    >>> implied_correlation(q, model).loc[names, names].round(3)
                    grid  information  belonging  participation
    grid           1.000        0.450      0.312          0.369
    information    0.450        1.000      0.340          0.262
    belonging      0.312        0.340      1.000          0.438
    participation  0.369        0.262      0.438          1.000
    """
    preds = _predictors(q, model)
    names = preds + [c.name for c in model.constructs]
    k = len(names)
    sigma = np.eye(k)
    probs = {r.question: (q.question(r.question).choices.codes, r.params)
             for r in model.rules.values() if r.kind == "probs"}
    for i, a in enumerate(preds):  # dummies of one variable are negatively correlated
        for j, b in enumerate(preds):
            va, _, ca = a.partition("=")
            vb, _, cb = b.partition("=")
            if i != j and ca and cb and va == vb:
                codes, p = probs[va]
                pa, pb = p[codes.index(int(ca))], p[codes.index(int(cb))]
                sigma[i, j] = -pa * pb / np.sqrt(pa * (1 - pa) * pb * (1 - pb))
    for (a, b), r in model.correlations.items():
        i, j = names.index(a), names.index(b)
        sigma[i, j] = sigma[j, i] = r
    for c in model.constructs:
        if not c.effects:
            continue
        j = names.index(c.name)
        b = np.zeros(k)
        for pred, coef in c.effects.items():
            b[names.index(pred)] = coef
        cov = sigma[:j, :j] @ b[:j]
        explained = float(b[:j] @ cov)
        if explained >= 1:
            raise ModelError([SchemaProblem(model.path or "<model>", c.line, f"constructs.{c.name}.effects",
                                            f"the effects explain {explained:.2f} of the variance of "
                                            f"'{c.name}' (must be below 1); make them smaller")])
        sigma[j, :j] = sigma[:j, j] = cov
    return pd.DataFrame(sigma, index=names, columns=names)


def residual_variances(q: Questionnaire, model: SimModel) -> dict[str, float]:
    """Residual variance of each endogenous construct (1 - variance explained by its effects).

    Notes
    -----
    ``psi_j = 1 - b' Sigma_zz b`` with ``Sigma_zz`` from
    :func:`implied_correlation` (the standardised residual variance that
    ``lavaan::standardizedSolution`` reports for the construct).

    Examples
    --------
    >>> from surveykit import load_schema, load_model
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> model = load_model("data/j_community_epidemic.model.yaml")
    >>> {k: round(v, 4) for k, v in residual_variances(q, model).items()}
    {'belonging': 0.83, 'participation': 0.6447}
    """
    sigma = implied_correlation(q, model)
    out = {}
    for c in model.constructs:
        if c.effects:
            b = pd.Series(c.effects)
            out[c.name] = 1.0 - float(b @ sigma.loc[b.index, b.index] @ b)
    return out


def _indicator_cov(ca: np.ndarray, cb: np.ndarray, rho: float) -> np.ndarray:
    """Cov(1{y_i > ca}, 1{y_j > cb}) for all pairs of thresholds; corr(y_i, y_j) = rho."""
    a, b = np.meshgrid(ca, cb, indexing="ij")
    t = 0.5 * rho * (_NODES + 1.0)  # nodes on (0, rho)
    tt = t[None, None, :]
    f = np.exp(-(a[..., None] ** 2 - 2 * tt * a[..., None] * b[..., None] + b[..., None] ** 2)
               / (2 * (1 - tt**2))) / np.sqrt(1 - tt**2)
    return (f @ _WEIGHTS) * 0.5 * rho / (2 * np.pi)


def likert_covariance(cuts_i, steps_i, cuts_j, steps_j, rho: float, same: bool = False) -> float:
    """Covariance of two Likert answers cut from bivariate normal responses.

    Notes
    -----
    ``Cov(X_i, X_j) = w_i' M w_j`` with ``w`` the steps between codes and
    ``M[a, b] = Cov(1{y_i > c_a}, 1{y_j > c_b})`` by Plackett's identity (module
    Notes); with ``same`` the variance, ``M[a, b] = Phi(-max(c_a, c_b)) -
    Phi(-c_a) Phi(-c_b)``. Equals the covariance from bivariate normal
    rectangle probabilities (R ``mvtnorm::pmvnorm``; the tests use scipy's
    Genz algorithm).

    Examples
    --------
    Two 5-point items with symmetric cuts whose responses correlate 0.49:

    >>> cuts, steps = [-1.5, -0.5, 0.5, 1.5], [1, 1, 1, 1]
    >>> round(likert_covariance(cuts, steps, cuts, steps, 0.49), 4)
    0.4554
    >>> round(likert_covariance(cuts, steps, cuts, steps, 1.0, same=True), 4)
    1.0179
    """
    ci, cj = np.asarray(cuts_i, float), np.asarray(cuts_j, float)
    if same:
        m = ndtr(-np.maximum.outer(ci, ci)) - np.outer(ndtr(-ci), ndtr(-ci))
    else:
        m = _indicator_cov(ci, cj, rho)
    return float(np.asarray(steps_i) @ m @ np.asarray(steps_j))


def population_alpha(q: Questionnaire, model: SimModel) -> pd.DataFrame:
    """Population alpha of every scale whose items all load on constructs of the model.

    Returns
    -------
    DataFrame
        ``scale, k, alpha_continuous, alpha`` (``alpha``: of the Likert answers).

    Notes
    -----
    ``alpha = k / (k - 1) (1 - tr C / sum C)`` over the scored items' population
    covariance C: ``C = lambda lambda' * R + diag(1 - lambda^2)`` for the
    continuous responses, and :func:`likert_covariance` for the answers (module
    Notes). It is the alpha that ``psych::alpha`` converges to on ever larger
    clean samples of the model.

    Examples
    --------
    >>> from surveykit import load_schema, load_model
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> model = load_model("data/j_community_epidemic.model.yaml")
    >>> population_alpha(q, model).round(3)
               scale  k  alpha_continuous  alpha
    0  participation  4             0.783  0.750
    1           grid  4             0.807  0.775
    2     volunteers  3             0.804  0.767
    3       property  3             0.774  0.743
    4    information  4             0.773  0.739
    5      belonging  3             0.829  0.793
    """
    corr = implied_correlation(q, model)
    owner = model.item_construct
    rows = []
    for scale in q.scales:
        items = list(scale.items)
        if not all(i in owner for i in items):
            rows.append({"scale": scale.name, "k": len(items), "alpha_continuous": np.nan, "alpha": np.nan})
            continue
        lam = np.asarray([owner[i].loadings[i] for i in items])
        r = np.asarray([[corr.loc[owner[a].name, owner[b].name] for b in items] for a in items])
        cont = np.outer(lam, lam) * r
        np.fill_diagonal(cont, 1.0)
        spec = []
        for i in items:
            codes = np.asarray(q.question(i).choices.codes, float)
            spec.append((owner[i].cuts or model.cuts, np.diff(codes)))
        k = len(items)
        cov = np.empty((k, k))
        for a in range(k):
            for b in range(a, k):
                cov[a, b] = cov[b, a] = likert_covariance(spec[a][0], spec[a][1], spec[b][0], spec[b][1],
                                                          cont[a, b], same=a == b)
        rows.append({"scale": scale.name, "k": k, "alpha_continuous": _alpha(cont), "alpha": _alpha(cov)})
    return pd.DataFrame(rows, columns=["scale", "k", "alpha_continuous", "alpha"])


def _alpha(cov: np.ndarray) -> float:
    k = cov.shape[0]
    return k / (k - 1) * (1 - np.trace(cov) / cov.sum())


def regression_terms(q: Questionnaire, frame: pd.DataFrame, outcome: str, predictors) -> pd.Series:
    """OLS coefficients by term (``const``, ``VAR``, ``VAR=CODE`` dummies against the first code).

    Notes
    -----
    ``b = argmin ||y - X b||^2`` over the complete rows (least squares), as
    ``coef(lm(y ~ x + factor(g)))`` with the first code as reference.

    Examples
    --------
    >>> import pandas as pd
    >>> from surveykit import load_schema
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> frame = pd.DataFrame({"age": [30., 40, 50, 60], "gender": [1., 2, 1, 2]})
    >>> regression_terms(q, frame, "age", ["gender"]).round(3)
    const       40.0
    gender=2    10.0
    dtype: float64
    """
    columns, names = [np.ones(len(frame))], ["const"]
    for p in predictors:
        item = q.find(p)
        if getattr(item, "type", None) in ("single", "ordinal") or getattr(item, "cut", None) is not None:
            codes = q.choices_of(p).codes
            for code in codes[1:]:
                columns.append((frame[p].to_numpy() == code).astype(float))
                names.append(f"{p}={code}")
        else:
            columns.append(frame[p].to_numpy(dtype=float))
            names.append(p)
    x = np.column_stack(columns)
    y = frame[outcome].to_numpy(dtype=float)
    ok = np.isfinite(y) & np.isfinite(x).all(axis=1)
    b = np.linalg.lstsq(x[ok], y[ok], rcond=None)[0]
    return pd.Series(b, index=names)


def population_effects(q: Questionnaire, model: SimModel, *, n: int = 200_000, seed: int = 7) -> dict:
    """True values of the model's ``truth`` estimands on observed scores, from one large sample.

    Returns
    -------
    dict
        ``regression``: Series of coefficients by term; ``mediation``: dict with
        ``a, b, c_prime, indirect`` (observed scores) and ``a_latent, b_latent,
        indirect_latent`` (the structural effects of the model).

    Notes
    -----
    :func:`regression_terms` (``lm``) on the observed scale scores of ``n``
    clean simulated respondents; mediation ``a`` from ``m ~ x + covariates``,
    ``b`` and ``c_prime`` from ``y ~ m + x + covariates``, ``indirect = a b``.
    Monte Carlo error shrinks as ``1 / sqrt(n)``.

    Examples
    --------
    A small sample for speed (the shipped truths use the default 200,000):

    >>> from surveykit import load_schema, load_model
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> model = load_model("data/j_community_epidemic.model.yaml")
    >>> eff = population_effects(q, model, n=5000, seed=1)
    >>> eff["regression"].round(2)
    const         2.30
    belonging     0.27
    grid          0.16
    volunteers    0.12
    age          -0.01
    party=2      -0.46
    dtype: float64
    >>> {k: round(v, 2) for k, v in eff["mediation"].items()}
    {'a': 0.22, 'b': 0.27, 'c_prime': 0.06, 'indirect': 0.06, 'a_latent': 0.25, 'b_latent': 0.35,
     'indirect_latent': 0.09}
    """
    from .generate import simulate

    truth = model.truth
    if not truth:
        return {}
    sim = simulate(q, model, n=n, seed=seed, mess=False)
    from ..scoring import variable

    wanted = set()
    if "regression" in truth:
        wanted |= {truth["regression"]["outcome"], *truth["regression"]["predictors"]}
    if "mediation" in truth:
        med = truth["mediation"]
        wanted |= {med["x"], med["m"], med["y"], *med.get("covariates", ())}
    frame = pd.DataFrame({v: variable(q, sim.answers, v) for v in sorted(wanted)})
    out = {}
    if "regression" in truth:
        reg = truth["regression"]
        out["regression"] = regression_terms(q, frame, reg["outcome"], reg["predictors"])
    if "mediation" in truth:
        covs = list(med.get("covariates", ()))
        a = regression_terms(q, frame, med["m"], [med["x"], *covs])[med["x"]]
        yb = regression_terms(q, frame, med["y"], [med["m"], med["x"], *covs])
        lat_m = model.construct(med["m"]).effects.get(med["x"], 0.0) if med["m"] in {
            c.name for c in model.constructs} else np.nan
        lat_y = model.construct(med["y"]).effects.get(med["m"], 0.0) if med["y"] in {
            c.name for c in model.constructs} else np.nan
        out["mediation"] = {"a": float(a), "b": float(yb[med["m"]]), "c_prime": float(yb[med["x"]]),
                            "indirect": float(a * yb[med["m"]]), "a_latent": lat_m, "b_latent": lat_y,
                            "indirect_latent": lat_m * lat_y}
    return out
