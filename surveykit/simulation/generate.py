"""Drawing respondents from a generating model, with fieldwork mess at stated rates.

The model is a recursive linear system on standardised variables: demographic
predictors (a ``normal`` variable as ``(x - mean) / sd``, a ``probs`` variable's
code as the standardised dummy ``name=CODE``), exogenous constructs drawn from
N(0, Phi) with Phi from ``correlations``, and endogenous constructs
``eta = sum(b * predictor) + e`` with the residual variance that makes
Var(eta) = 1 (see :mod:`.population`). An item's continuous response is
``y* = lambda eta + sqrt(1 - lambda^2) eps`` (so ``lambda`` is its standardised
loading) and its answer the category of ``y*`` between the construct's
``cuts``; a reversed item is answered the other way round, so that scoring
it (``(min + max) - x``) gives back the category of ``y*``.

Mess is injected on disjoint sets of respondents, so that every quality
flag and every import problem of the written file is one that was injected:
speeders (random Likert answers, duration below the schema's threshold),
straight-liners (one answer for every item of the straightlining scales),
failed attention checks, invalid and out-of-range entries, blank Likert
answers (on the remaining respondents), and duplicate submissions (copies
of earlier respondents, submitted minutes later). A respondent who is not a
straight-liner but happens to give one answer throughout has one item moved
to the next category, so that the straightlining flag finds only the
injected ones.

Examples
--------
>>> from surveykit.schema import loads_schema
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... choice_lists: {a5: {1: a, 2: b, 3: c, 4: d, 5: e}}
... questions:
...   - {name: age, type: integer, range: [18, 90]}
...   - {name: t1, type: likert, choices: a5}
...   - {name: t2, type: likert, choices: a5}
...   - {name: t3, type: likert, choices: a5, reverse: true}
... scales: [{name: trust, items: [t1, t2, t3]}]
... ''')
>>> m = loads_model('''
... surveykit_model: 1
... variables: {age: {normal: [45, 15], range: [18, 90]}}
... constructs: {trust: {items: {t1: 0.8, t2: 0.7, t3: 0.6}, effects: {age: 0.3}}}
... mess: {straightliners: 0.05}
... ''')
>>> sim = simulate(q, m, n=200, seed=1)
>>> sim.answers.shape, len(sim.mess["straightliners"])
((200, 4), 10)
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

import numpy as np
import pandas as pd

from ..exceptions import OptionError, SchemaProblem
from ..schema.model import Questionnaire
from .model import PARADATA_KINDS, ModelError, SimModel, loads_model  # noqa: F401 (doctest)

__all__ = ["simulate", "Simulation", "check_model", "ANSWERED", "EMPTY", "SKIPPED", "INVALID",
           "OUT_OF_RANGE"]

#: Cell states of :attr:`Simulation.states`.
ANSWERED, EMPTY, SKIPPED, INVALID, OUT_OF_RANGE = range(5)
_IP_PREFIXES = ("112.66", "36.101", "124.225", "139.159", "117.136", "223.104", "120.229", "58.20")


@dataclass(frozen=True)
class Simulation:
    """Simulated respondents, before they are written in an export layout.

    Attributes
    ----------
    answers : DataFrame
        Index ``row`` 1..n (the data row of the written file); one column per
        imported column of the questionnaire (``NAME__CODE`` per option of a
        multiple-choice question): codes and numbers as float64, text as object;
        NaN where there is no valid answer.
    states : DataFrame
        One int8 column per question: ``ANSWERED``, ``EMPTY`` (no answer),
        ``SKIPPED`` (by skip logic), ``INVALID`` (an invalid entry, written by
        the layout as a value that is not a valid answer) or ``OUT_OF_RANGE``
        (the number in ``answers`` lies outside the question's range).
    paradata : DataFrame
        ``serial, submitted, duration, ip, channel, uuid``.
    latent : DataFrame
        The constructs' values (standardised) of every respondent.
    mess : mapping
        Rows of each injected kind: ``speeders``, ``straightliners``,
        ``attention_failures``, ``duplicates`` (the later copies),
        ``out_of_range``, ``invalid_values``, ``duplicate_ids``; and
        ``source_of_duplicates`` (the earlier rows copied).
    """

    questionnaire: Questionnaire
    model: SimModel
    answers: pd.DataFrame
    states: pd.DataFrame
    paradata: pd.DataFrame
    latent: pd.DataFrame
    mess: Mapping[str, tuple]

    @property
    def n(self) -> int:
        """Number of rows."""
        return len(self.answers)

    def expected_quality(self) -> dict[str, list[int]]:
        """Rows that each of the schema's quality checks must flag in the written file."""
        kinds = {"duration": "speeders", "straightlining": "straightliners",
                 "attention": "attention_failures", "duplicates": "duplicates"}
        return {name: sorted(self.mess[kinds[name]]) for name in self.questionnaire.quality
                if name in kinds}

    def expected_problems(self) -> dict[str, int]:
        """Import problems that reading the written file must report, by check."""
        counts = {"invalid_value": len(self.mess["invalid_values"]),
                  "out_of_range": len(self.mess["out_of_range"]),
                  "duplicate_id": len(self.mess["duplicate_ids"])}
        return {k: v for k, v in counts.items() if v}

    def counts(self) -> dict[str, int]:
        """How many of each kind of mess the data hold (for reports and the README)."""
        items = [i for c in self.model.constructs for i in c.loadings]
        out = {kind: len(rows) for kind, rows in self.mess.items() if kind != "source_of_duplicates"}
        out["blank_likert_answers"] = int((self.states[items] == EMPTY).to_numpy().sum())
        out["skipped_answers"] = int((self.states == SKIPPED).to_numpy().sum())
        return out


# -- checks against the questionnaire ---------------------------------------------------
def _predictor_names(q: Questionnaire, model: SimModel) -> set[str]:
    names = {r.question for r in model.rules.values() if r.kind == "normal"}
    for r in model.rules.values():
        if r.kind == "probs":
            names |= {f"{r.question}={c}" for c in q.question(r.question).choices.codes}
    return names


def check_model(q: Questionnaire, model: SimModel) -> None:
    """Check a model against the questionnaire it simulates; raise :class:`ModelError`."""
    path = model.path or "<model>"
    problems = []

    def fail(line, where, message):
        problems.append(SchemaProblem(path, line, where, message))

    questions = {x.name: x for x in q.questions}
    attention = {c["question"] for c in q.quality["attention"].options["checks"]} \
        if "attention" in q.quality else set()
    items = model.item_construct
    for name, rule in model.rules.items():
        qn = questions.get(name)
        where = f"variables.{name}"
        if qn is None:
            fail(rule.line, where, f"'{name}' is not a question of {q.id}")
            continue
        codes = qn.choices.codes if qn.choices is not None else ()
        if codes and not all(isinstance(c, int) for c in codes):
            fail(rule.line, where, f"'{name}' has letter codes; the generator draws numeric codes")
        if rule.kind == "probs" and len(rule.params) != len(codes):
            fail(rule.line, where, f"probs has {len(rule.params)} values; '{name}' has {len(codes)} codes {list(codes)}")
        if rule.kind == "normal" and qn.type not in ("integer", "number"):
            fail(rule.line, where, f"normal draws numbers; '{name}' is {qn.type}")
        if rule.kind == "logit" and not all(rule.options.get(k) in codes for k in ("yes", "no")):
            fail(rule.line, where, f"yes/no must be codes of '{name}' {list(codes)}")
        if rule.kind == "options" and (qn.type != "multiple" or not set(rule.params) <= set(codes)):
            fail(rule.line, where, f"options needs a multiple question and its codes {list(codes)}")
        for other, skip_codes in (rule.skip_if or {}).items():
            if other not in questions or other == name:
                fail(rule.line, f"{where}.skip_if", f"skip_if names '{other}', which is not another question")
        if name in items:
            fail(rule.line, where, f"'{name}' is an item of construct '{items[name].name}'; give it one rule only")
    for name in questions:
        if name not in model.rules and name not in items and name not in attention:
            fail(None, "variables", f"question '{name}' (line {questions[name].line} of the schema) has no "
                 "rule; add it under variables or as an item of a construct")
    predictors = _predictor_names(q, model)
    seen_endogenous = False
    known = set(predictors)
    for c in model.constructs:
        for item, _ in c.loadings.items():
            qi = questions.get(item)
            if qi is None or qi.type not in ("likert", "ordinal"):
                fail(c.line, f"constructs.{c.name}.items.{item}", f"'{item}' is not a likert or ordinal question")
                continue
            cuts = c.cuts or model.cuts
            if len(cuts) != len(qi.choices.codes) - 1:
                fail(c.line, f"constructs.{c.name}.cuts", f"'{item}' has {len(qi.choices.codes)} codes, "
                     f"so it needs {len(qi.choices.codes) - 1} cuts; found {len(cuts)}")
        if c.effects:
            seen_endogenous = True
            for pred in c.effects:
                if pred not in known:
                    fail(c.line, f"constructs.{c.name}.effects.{pred}",
                         f"'{pred}' is not an earlier construct or a demographic predictor "
                         f"(a normal variable, or 'name=CODE' of a probs variable)")
        elif seen_endogenous:
            fail(c.line, f"constructs.{c.name}", "list the constructs without effects first")
        known.add(c.name)
    for (a, b) in model.correlations:
        for x in (a, b):
            if x not in known or model.construct(x).effects:
                fail(None, f"correlations.{a}~{b}", f"'{x}' is not a construct without effects")
    for rule in model.rules.values():
        if rule.kind in ("logit", "options"):
            lins = [rule.params] if rule.kind == "logit" else list(rule.params.values())
            for lin in lins:
                for pred in lin:
                    if pred != "const" and pred not in known:
                        fail(rule.line, f"variables.{rule.question}", f"predictor '{pred}' is unknown")
    for kind in ("out_of_range", "invalid_values"):
        for name in getattr(model.mess, kind):
            qn = questions.get(name)
            if qn is None or (kind == "out_of_range" and qn.range is None):
                fail(None, f"mess.{kind}.{name}", f"'{name}' is not a question"
                     + (" with a range" if kind == "out_of_range" else ""))
    if problems:
        raise ModelError(problems)


# -- drawing -------------------------------------------------------------------------------
class _Draw:
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


# -- mess ------------------------------------------------------------------------------------
def _threshold(q: Questionnaire, model: SimModel) -> float | None:
    if "duration" not in q.quality:
        return None
    opts = q.quality["duration"].options
    limit = opts.get("min_seconds") or 0.0
    if opts.get("min_share_of_median"):
        limit = max(limit, opts["min_share_of_median"] * (limit + model.fieldwork.median_seconds))
    return float(limit)


def _straight_items(q: Questionnaire, model: SimModel) -> list[str]:
    if "straightlining" in q.quality:
        return [i for s in q.quality["straightlining"].options["scales"] for i in q.scale(s).items]
    return [i for c in model.constructs for i in c.loadings]


class _Mess:
    """Injects the mess on a :class:`_Draw` of the base respondents (before duplicates)."""

    def __init__(self, draw: _Draw, n: int):
        self.d, self.n = draw, n
        self.rng, self.q, self.model = draw.rng, draw.q, draw.model
        self.rows: dict[str, np.ndarray] = {}

    def count(self, rate: float) -> int:
        return int(round(rate * self.n))

    def run(self, duration: np.ndarray, threshold: float | None) -> np.ndarray:
        mess, rng, d = self.model.mess, self.rng, self.d
        order = rng.permutation(d.m)
        sizes = [self.count(getattr(mess, k)) for k in ("speeders", "straightliners", "attention_failures")]
        if sum(sizes) + self.count(mess.duplicates) > d.m // 2:
            raise OptionError("the mess rates add up to more than half of the respondents; lower them")
        bounds = np.cumsum([0] + sizes)
        groups = [np.sort(order[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
        pool = np.sort(order[bounds[-1]:])
        self.rows["speeders"], self.rows["straightliners"], self.rows["attention_failures"] = groups
        items = [i for c in self.model.constructs for i in c.loadings]
        self.speed(groups[0], items, duration, threshold)
        self.straight(groups[1])
        self.fail_attention(groups[2])
        pool = self.entries(pool)
        self.blanks(pool, items)
        self.repair(np.setdiff1d(np.arange(d.m), groups[1]))
        return pool

    def speed(self, rows, items, duration, threshold):
        for item in items:
            codes = np.asarray(self.q.question(item).choices.codes, dtype=np.float64)
            self.d.values[item][rows] = codes[self.rng.integers(0, len(codes), len(rows))]
        limit = threshold if threshold else 0.3 * self.model.fieldwork.median_seconds
        duration[rows] = np.floor(self.rng.uniform(0.3, 0.9, len(rows)) * limit)

    def straight(self, rows):
        items = _straight_items(self.q, self.model)
        codes = np.asarray(self.q.question(items[0]).choices.codes, dtype=np.float64)
        answer = codes[self.rng.integers(0, len(codes), len(rows))]
        for item in items:
            self.d.values[item][rows] = answer

    def fail_attention(self, rows):
        if "attention" not in self.q.quality:
            return
        check = self.q.quality["attention"].options["checks"][0]
        codes = np.asarray([c for c in self.q.question(check["question"]).choices.codes
                            if c != check["expect"]], dtype=np.float64)
        self.d.values[check["question"]][rows] = codes[self.rng.integers(0, len(codes), len(rows))]

    def entries(self, pool):
        mess, d = self.model.mess, self.d
        taken = {"out_of_range": [], "invalid_values": []}
        for kind, state in (("out_of_range", OUT_OF_RANGE), ("invalid_values", INVALID)):
            for name, k in getattr(mess, kind).items():
                eligible = pool[d.states[name][pool] == ANSWERED]
                rows = np.sort(self.rng.choice(eligible, size=k, replace=False))
                d.states[name][rows] = state
                if state == OUT_OF_RANGE:
                    hi = self.q.question(name).range[1]
                    v = d.values[name][rows]
                    d.values[name][rows] = np.where(v * 10 > hi, v * 10, v + hi + 1)
                pool = np.setdiff1d(pool, rows)
                taken[kind].append(rows)
        for kind, parts in taken.items():
            self.rows[kind] = np.sort(np.concatenate(parts)) if parts else np.zeros(0, int)
        return pool

    def blanks(self, pool, items):
        rate = self.model.mess.item_missing
        if not rate or not len(pool):
            return
        blank = self.rng.random((len(pool), len(items))) < rate
        for j, item in enumerate(items):
            rows = pool[blank[:, j]]
            self.d.values[item][rows] = np.nan
            self.d.states[item][rows] = EMPTY

    def repair(self, rows):
        """Move one answer of accidental straight-liners to the next category."""
        items = _straight_items(self.q, self.model)
        answers = np.column_stack([self.d.values[i][rows] for i in items])
        answered = (~np.isnan(answers)).sum(axis=1)
        with np.errstate(invalid="ignore"):
            spread = np.nanmax(answers, axis=1) - np.nanmin(answers, axis=1)
        bad = rows[(answered >= 3) & (spread == 0)]
        for item in items:  # the first answered item of each such row
            if not len(bad):
                break
            v = self.d.values[item][bad]
            here = ~np.isnan(v)
            codes = np.asarray(self.q.question(item).choices.codes, dtype=np.float64)
            idx = np.searchsorted(codes, v[here])
            moved = codes[np.where(idx + 1 < len(codes), idx + 1, idx - 1)]
            self.d.values[item][bad[here]] = moved
            bad = bad[~here]


# -- assembling -------------------------------------------------------------------------------
def _uuids(rng: np.random.Generator, n: int) -> list[str]:
    raw = np.frombuffer(rng.bytes(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    hexes = [r.tobytes().hex() for r in raw]
    return [f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}" for h in hexes]


def simulate(questionnaire: Questionnaire, model: SimModel, *, n: int | None = None,
             seed: int | None = None, mess: bool = True) -> Simulation:
    """Draw respondents from ``model`` for ``questionnaire``.

    Parameters
    ----------
    questionnaire : Questionnaire
        The schema whose questions are answered.
    model : SimModel
        The generating model (:func:`surveykit.simulation.load_model`).
    n : int, optional
        Rows of the data (duplicate submissions included); default the model's ``n``.
    seed : int, optional
        Seed of ``numpy.random.default_rng``; default the model's ``seed`` (else 0).
    mess : bool
        Inject the model's fieldwork mess (False: clean respondents only, as for
        population values and power studies).

    Returns
    -------
    Simulation
    """
    n = n if n is not None else model.n
    if n is None or n < 10:
        raise OptionError(f"give the number of rows (--n, or 'n:' in the model) of at least 10; found {n!r}")
    seed = seed if seed is not None else (model.seed or 0)
    check_model(questionnaire, model)
    rng = np.random.default_rng(seed)
    n_dup = int(round(model.mess.duplicates * n)) if mess else 0
    m = n - n_dup
    draw = _Draw(questionnaire, model, rng, m)
    draw.run()
    fw = model.fieldwork
    threshold = _threshold(questionnaire, model)
    floor = threshold * 1.05 if threshold else 0.0
    excess = max(fw.median_seconds - floor, 1.0)
    duration = np.round(floor + excess * np.exp(fw.sdlog * rng.standard_normal(m)))
    rows: dict[str, np.ndarray] = {k: np.zeros(0, int) for k in (
        "speeders", "straightliners", "attention_failures", "out_of_range", "invalid_values")}
    pool = np.arange(m)
    if mess:
        injector = _Mess(draw, n)
        pool = injector.run(duration, threshold)
        rows.update(injector.rows)
    else:
        _Mess(draw, n).repair(np.arange(m))
    # duplicate submissions: copies of clean respondents who answered the duplicates' keys
    if n_dup:
        keys = questionnaire.quality["duplicates"].options["columns"] \
            if "duplicates" in questionnaire.quality else []
        ok = np.ones(len(pool), dtype=bool)
        for k in keys:
            ok &= draw.states[k][pool] == ANSWERED
        sources = np.sort(rng.choice(pool[ok], size=n_dup, replace=False))
    else:
        sources = np.zeros(0, int)
    take = np.concatenate([np.arange(m), sources])
    seconds = np.sort(rng.uniform(0, fw.days * 86400, m))
    seconds = np.concatenate([seconds, seconds[sources] + rng.uniform(120, 5400, n_dup)])
    duration = np.concatenate([duration, np.round(floor + excess * np.exp(
        fw.sdlog * rng.standard_normal(n_dup)))])
    order = np.argsort(seconds, kind="stable")
    position = np.empty(n, dtype=int)
    position[order] = np.arange(1, n + 1)  # row of each drawn respondent (base, then copies)
    index = pd.RangeIndex(1, n + 1, name="row")

    columns = [c for qn in questionnaire.questions for c in qn.columns]
    answers = {}
    for qn in questionnaire.questions:
        for col in qn.columns:
            values = draw.values.get(col)
            if values is None:  # paradata filled below
                values = np.full(m, np.nan)
            answers[col] = values[take][order]
    states = {name: s[take][order] for name, s in draw.states.items()}
    ip = np.char.add(np.char.add(
        np.asarray(_IP_PREFIXES)[rng.integers(0, len(_IP_PREFIXES), m)],
        np.char.add(".", rng.integers(1, 255, m).astype(str))),
        np.char.add(".", rng.integers(1, 255, m).astype(str)))
    ip = np.char.add(ip, f"({fw.region})")[take][order]
    channels = list(fw.channels)
    channel = np.asarray(channels)[rng.choice(len(channels), m, p=list(fw.channels.values()))][take][order]
    start = np.datetime64(fw.start.replace(microsecond=0), "s")
    submitted = start + np.round(seconds[order]).astype("timedelta64[s]")
    paradata = pd.DataFrame({"serial": np.arange(1, n + 1), "submitted": submitted,
                             "duration": duration[order], "ip": ip.astype(object),
                             "channel": channel.astype(object), "uuid": _uuids(rng, n)}, index=index)
    is_copy = np.zeros(n, dtype=bool)
    is_copy[position[m:] - 1] = True
    for qn in questionnaire.questions:
        rule = model.rules.get(qn.name)
        if rule is None:
            continue
        if rule.kind in PARADATA_KINDS:
            col = paradata[rule.kind].to_numpy()
            if rule.kind == "submitted":
                col = pd.to_datetime(col).strftime("%Y-%m-%d %H:%M:%S").to_numpy(dtype=object)
            elif rule.kind == "serial":
                col = col.astype(np.float64) if qn.type in ("integer", "number") else col.astype(str).astype(object)
            answers[qn.name] = col
        elif rule.kind == "id":
            numbers = np.arange(1, n + 1)
            if model.mess.duplicate_ids and n_dup:
                numbers = np.cumsum(~is_copy)
                source_row = position[sources]  # rows of the copied respondents, in copy order
                copy_rows = position[m:]
                numbers[copy_rows - 1] = numbers[source_row - 1]
            answers[qn.name] = np.asarray([rule.params.format(int(k)) for k in numbers], dtype=object)
    latent = pd.DataFrame({c.name: draw.pred[c.name][take][order] for c in model.constructs}, index=index)
    mess_rows = {k: tuple(sorted(position[v].tolist())) for k, v in rows.items()}
    mess_rows["duplicates"] = tuple(sorted(position[m:].tolist()))
    mess_rows["source_of_duplicates"] = tuple(sorted(position[sources].tolist()))
    has_id = any(r.kind == "id" for r in model.rules.values())
    mess_rows["duplicate_ids"] = mess_rows["duplicates"] if (model.mess.duplicate_ids and has_id) else ()
    frame = pd.DataFrame({c: answers[c] for c in columns}, index=index)
    return Simulation(questionnaire, model, frame, pd.DataFrame(states, index=index), paradata,
                      latent, MappingProxyType(mess_rows))
