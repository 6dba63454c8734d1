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

from ..exceptions import OptionError
from ..schema.model import Questionnaire
from ._checks import check_model
from ._draw import ANSWERED, EMPTY, INVALID, OUT_OF_RANGE, SKIPPED, Draw
from ._mess import Injector, duration_threshold
from .model import PARADATA_KINDS, SimModel, loads_model  # noqa: F401 (doctest)

__all__ = ["simulate", "Simulation", "check_model", "ANSWERED", "EMPTY", "SKIPPED", "INVALID",
           "OUT_OF_RANGE"]

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

    Examples
    --------
    >>> from surveykit import load_schema, load_model
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> model = load_model("data/j_community_epidemic.model.yaml")
    >>> sim = simulate(q, model, n=50, seed=1)
    >>> sim.n, sim.answers.shape
    (50, (50, 40))
    >>> sim.answers[["gender", "part_1", "part_2"]].head(3)
         gender  part_1  part_2
    row
    1       2.0     5.0     4.0
    2       2.0     3.0     3.0
    3       1.0     4.0     4.0
    >>> {k: v for k, v in sim.counts().items() if k in ("speeders", "duplicates", "skipped_answers")}
    {'speeders': 1, 'duplicates': 1, 'skipped_answers': 29}
    >>> simulate(q, model, n=50, seed=1, mess=False).counts()["speeders"]
    0
    """
    n = n if n is not None else model.n
    if n is None or n < 10:
        raise OptionError(f"give the number of rows (--n, or 'n:' in the model) of at least 10; found {n!r}")
    seed = seed if seed is not None else (model.seed or 0)
    check_model(questionnaire, model)
    rng = np.random.default_rng(seed)
    n_dup = int(round(model.mess.duplicates * n)) if mess else 0
    m = n - n_dup
    draw = Draw(questionnaire, model, rng, m)
    draw.run()
    fw = model.fieldwork
    threshold = duration_threshold(questionnaire, model)
    floor = threshold * 1.05 if threshold else 0.0
    excess = max(fw.median_seconds - floor, 1.0)
    duration = np.round(floor + excess * np.exp(fw.sdlog * rng.standard_normal(m)))
    rows: dict[str, np.ndarray] = {k: np.zeros(0, int) for k in (
        "speeders", "straightliners", "attention_failures", "out_of_range", "invalid_values")}
    pool = np.arange(m)
    if mess:
        injector = Injector(draw, n)
        pool = injector.run(duration, threshold)
        rows.update(injector.rows)
    else:
        Injector(draw, n).repair(np.arange(m))
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
