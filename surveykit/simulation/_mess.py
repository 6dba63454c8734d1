"""Fieldwork mess injected into drawn respondents: speeders, straight-liners, bad entries."""

from __future__ import annotations

import numpy as np

from ..exceptions import OptionError
from ..schema.model import Questionnaire
from ._draw import ANSWERED, EMPTY, INVALID, OUT_OF_RANGE, Draw
from .model import SimModel

__all__ = ["Injector", "duration_threshold"]


def duration_threshold(q: Questionnaire, model: SimModel) -> float | None:
    if "duration" not in q.quality:
        return None
    opts = q.quality["duration"].options
    limit = opts.get("min_seconds") or 0.0
    if opts.get("min_share_of_median"):
        limit = max(limit, opts["min_share_of_median"] * (limit + model.fieldwork.median_seconds))
    return float(limit)


def straight_items(q: Questionnaire, model: SimModel) -> list[str]:
    if "straightlining" in q.quality:
        return [i for s in q.quality["straightlining"].options["scales"] for i in q.scale(s).items]
    return [i for c in model.constructs for i in c.loadings]


class Injector:
    """Injects the mess on a :class:`Draw` of the base respondents (before duplicates)."""

    def __init__(self, draw: Draw, n: int):
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
        items = straight_items(self.q, self.model)
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
        items = straight_items(self.q, self.model)
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
