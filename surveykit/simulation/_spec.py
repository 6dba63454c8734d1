"""The frozen value types of a generating model (see :mod:`surveykit.simulation.model`)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from ..schema.model import Label

__all__ = ["SimModel", "Construct", "Rule", "Mess", "Fieldwork", "freeze"]


def freeze(value):
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value


@dataclass(frozen=True)
class Rule:
    """How one question is drawn: ``kind`` (a paradata kind or one of :data:`RULE_KINDS`)."""

    question: str
    kind: str
    params: Any = None
    options: Mapping = field(default_factory=lambda: MappingProxyType({}))
    line: int | None = field(default=None, compare=False)

    @property
    def skip_if(self) -> Mapping | None:
        """``{question: [codes]}``: the question is skipped when any listed answer was given."""
        return self.options.get("skip_if")


@dataclass(frozen=True)
class Construct:
    """A latent construct: standardised loadings of its items and effects on it."""

    name: str
    loadings: Mapping[str, float]
    effects: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    cuts: tuple[float, ...] | None = None
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Mess:
    """Fieldwork mess: shares of rows (or of Likert answers) and counts of bad entries."""

    item_missing: float = 0.0
    speeders: float = 0.0
    straightliners: float = 0.0
    attention_failures: float = 0.0
    duplicates: float = 0.0
    out_of_range: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    invalid_values: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    missing_as: float | None = None
    skip_as: float | None = None
    duplicate_ids: bool = False


@dataclass(frozen=True)
class Fieldwork:
    """When and how answers came in (submission times, durations, IP region, channels)."""

    start: _dt.datetime = _dt.datetime(2021, 3, 1, 8, 0, 0)
    days: float = 14.0
    median_seconds: float = 420.0
    sdlog: float = 0.4
    region: str = "北京-北京"
    channels: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"微信": 0.7, "手机提交": 0.2, "链接": 0.1}))


@dataclass(frozen=True)
class SimModel:
    """A whole generating model (see the module docstring and ``data/README.md``)."""

    rules: Mapping[str, Rule]
    constructs: tuple[Construct, ...] = ()
    correlations: Mapping[tuple[str, str], float] = field(default_factory=lambda: MappingProxyType({}))
    cuts: tuple[float, ...] = (-1.8, -0.9, 0.0, 0.9)
    mess: Mess = Mess()
    fieldwork: Fieldwork = Fieldwork()
    truth: Mapping = field(default_factory=lambda: MappingProxyType({}))
    study: Label = None
    schema: str | None = None
    output: str | None = None
    layout: str | None = None
    n: int | None = None
    seed: int | None = None
    path: str | None = field(default=None, compare=False)

    def construct(self, name: str) -> Construct:
        """The construct called ``name`` (KeyError if there is none)."""
        for c in self.constructs:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def item_construct(self) -> dict[str, Construct]:
        """``{item: construct}`` for every item with a loading."""
        return {item: c for c in self.constructs for item in c.loadings}

    def resolve(self, relative: str | None) -> Path | None:
        """A path of the model file (``schema``, ``output``) relative to the model's folder."""
        if relative is None:
            return None
        base = Path(self.path).parent if self.path else Path(".")
        return base / relative

    def replace(self, **changes) -> "SimModel":
        """A copy with some fields replaced."""
        from dataclasses import replace

        return replace(self, **changes)
