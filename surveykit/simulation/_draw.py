"""Drawing respondents from a simulation model: latent constructs, answers, skip logic."""

from __future__ import annotations

from typing import Mapping

import numpy as np

from ..exceptions import SchemaProblem
from ..schema.model import Questionnaire
from .model import PARADATA_KINDS, ModelError, SimModel

__all__ = ["Draw", "ANSWERED", "EMPTY", "SKIPPED", "INVALID", "OUT_OF_RANGE"]

#: Cell states of :attr:`surveykit.simulation.Simulation.states`.
ANSWERED, EMPTY, SKIPPED, INVALID, OUT_OF_RANGE = range(5)


class Draw:
    """Draws ``m`` respondents; fills ``values`` (per column) and ``states`` (per question)."""

    def __init__(self, q: Questionnaire, model: SimModel, rng: np.random.Generator, m: int):
        self.q, self.model, self.rng, self.m = q, model, rng, m
        self.values: dict[str, np.ndarray] = {}
        self.states: dict[str, np.ndarray] = {x.name: np.zeros(m, np.int8) for x in q.questions}
        self.pred: dict[str, np.ndarray] = {}

    def run(self) -> None:
        rules = self.model.rules
        late = ("logit", "options")
        for qn in self.q.questions:
            rule = rules.get(qn.name)
            if rule is not None and rule.kind not in late and rule.kind not in PARADATA_KINDS:
                getattr(self, f"draw_{rule.kind}")(qn, rule)
        self.latents()
        for qn in self.q.questions:
            rule = rules.get(qn.name)
            if rule is not None and rule.kind in late:
                getattr(self, f"draw_{rule.kind}")(qn, rule)
        self.items()
        self.attention()
        for qn in self.q.questions:
            rule = rules.get(qn.name)
            if rule is not None and rule.skip_if:
                self.skip(qn, rule.skip_if)

    def draw_probs(self, qn, rule):
        codes = np.asarray(qn.choices.codes, dtype=np.float64)
        p = np.asarray(rule.params, dtype=np.float64)
        x = codes[self.rng.choice(len(codes), size=self.m, p=p / p.sum())]
        self.values[qn.name] = x
        for c, pc in zip(codes, p):
            sd = np.sqrt(pc * (1 - pc))
            self.pred[f"{qn.name}={int(c)}"] = ((x == c) - pc) / sd if sd > 0 else np.zeros(self.m)

    def draw_normal(self, qn, rule):
        mean, sd = rule.params
        x = self.rng.normal(mean, sd, self.m)
        lo, hi = rule.options.get("range", qn.range or (-np.inf, np.inf))
        x = np.clip(x, lo, hi)
        x = np.round(x, 0 if qn.type == "integer" else int(rule.options.get("digits", 1)))
        self.values[qn.name] = x
        self.pred[qn.name] = (x - mean) / sd

    def draw_id(self, qn, rule):
        self.values[qn.name] = np.full(self.m, None, dtype=object)  # numbered after ordering

    def draw_phone(self, qn, rule):
        numbers = self.rng.choice(10**9, size=self.m, replace=False)
        second = np.asarray(["3", "5", "8"])[self.rng.integers(0, 3, self.m)]
        phones = np.char.add(np.char.add("1", second), np.char.zfill(numbers.astype(str), 9))
        given = self.rng.random(self.m) < rule.params
        self.values[qn.name] = np.where(given, phones.astype(object), None)
        self.states[qn.name][~given] = EMPTY

    def draw_text(self, qn, rule):
        answers = np.asarray(rule.params, dtype=object)
        x = answers[self.rng.integers(0, len(answers), self.m)]
        given = self.rng.random(self.m) < rule.options.get("share", 1.0)
        self.values[qn.name] = np.where(given, x, None)
        self.states[qn.name][~given] = EMPTY

    def linear(self, lin: Mapping[str, float]) -> np.ndarray:
        out = np.full(self.m, lin.get("const", 0.0))
        for name, b in lin.items():
            if name != "const":
                out = out + b * self.pred[name]
        return out

    def latents(self) -> None:
        model = self.model
        exo = [c.name for c in model.constructs if not c.effects]
        if exo:
            phi = np.eye(len(exo))
            for (a, b), r in model.correlations.items():
                i, j = exo.index(a), exo.index(b)
                phi[i, j] = phi[j, i] = r
            try:
                chol = np.linalg.cholesky(phi)
            except np.linalg.LinAlgError:
                raise ModelError([SchemaProblem(model.path or "<model>", None, "correlations",
                                                "the correlations of the constructs are not a valid "
                                                "(positive definite) correlation matrix")]) from None
            eta = self.rng.standard_normal((self.m, len(exo))) @ chol.T
            for j, name in enumerate(exo):
                self.pred[name] = eta[:, j]
        from .population import residual_variances

        residual = residual_variances(self.q, model)
        for c in model.constructs:
            if c.effects:
                self.pred[c.name] = self.linear(c.effects) + np.sqrt(residual[c.name]) * \
                    self.rng.standard_normal(self.m)

    def draw_logit(self, qn, rule):
        p = 1 / (1 + np.exp(-self.linear(rule.params)))
        yes = self.rng.random(self.m) < p
        self.values[qn.name] = np.where(yes, rule.options["yes"], rule.options["no"]).astype(np.float64)

    def draw_options(self, qn, rule):
        codes = qn.choices.codes
        p = np.column_stack([1 / (1 + np.exp(-self.linear(rule.params[c]))) if c in rule.params
                             else np.zeros(self.m) for c in codes])
        chosen = self.rng.random(p.shape) < p
        if rule.options.get("at_least", 0) >= 1:  # one option drawn in proportion to p
            none = ~chosen.any(axis=1)
            cum = np.cumsum(p, axis=1)
            u = self.rng.random(self.m) * cum[:, -1]
            pick = np.minimum((cum < u[:, None]).sum(axis=1), len(codes) - 1)
            chosen[none, pick[none]] = True
        for j, c in enumerate(codes):
            self.values[f"{qn.name}__{c}"] = chosen[:, j].astype(np.float64)

    def items(self) -> None:
        for c in self.model.constructs:
            cuts = np.asarray(c.cuts or self.model.cuts)
            for item, lam in c.loadings.items():
                qi = self.q.question(item)
                ystar = lam * self.pred[c.name] + np.sqrt(1 - lam**2) * self.rng.standard_normal(self.m)
                idx = np.searchsorted(cuts, ystar)
                if qi.reverse:
                    idx = len(cuts) - idx
                self.values[item] = np.asarray(qi.choices.codes, dtype=np.float64)[idx]

    def attention(self) -> None:
        if "attention" in self.q.quality:
            for check in self.q.quality["attention"].options["checks"]:
                self.values[check["question"]] = np.full(self.m, float(check["expect"]))

    def skip(self, qn, condition) -> None:
        mask = np.zeros(self.m, dtype=bool)
        for other, codes in condition.items():
            mask |= np.isin(self.values[other], codes)
        self.states[qn.name][mask] = SKIPPED
        for col in qn.columns:
            self.values[col] = np.where(mask, np.nan, self.values[col]) if self.values[col].dtype.kind == "f" \
                else np.where(mask, None, self.values[col])
