"""The registry of report sections (table and figure kinds) and what they share.

Each table kind is a function ``build(ctx, **options) -> list of blocks`` in
:mod:`surveykit.report.tables`; each figure kind one in
:mod:`surveykit.report.figures`. :data:`TABLES` and :data:`FIGURES` map a kind
to its :class:`Spec`: the function, its options and their types, so a recipe
is checked (unknown kinds, unknown options, unknown variables, with lines)
before anything is computed.

Option types: ``var`` / ``vars`` (a question, derived variable or scale),
``scale`` / ``scales``, ``coded`` (a variable with codes), ``multiple`` and
``text`` (a question of that type), ``bool``, ``int``, ``number``, ``label``
(text or ``{zh:, en:}``), ``models`` (a list of regression models) and
``a|b|c`` (one of the words).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import pandas as pd

from .format import Formatter
from .interpret import Thresholds

__all__ = ["Spec", "Context", "TABLES", "FIGURES", "check_option"]


@dataclass(frozen=True)
class Spec:
    """A section kind: its builder (``"module:function"``), options and required options."""

    builder: str
    options: Mapping[str, str] = field(default_factory=dict)
    required: tuple[str, ...] = ()

    def function(self) -> Callable:
        import importlib

        module, _, name = self.builder.partition(":")
        return getattr(importlib.import_module(module, __package__), name)


_MODEL_KEYS = {"name": "label", "outcome": "var", "predictors": "vars",
               "model": "ols|logit|ologit", "robust": "hc0|hc1|hc2|hc3"}

TABLES: dict[str, Spec] = {
    "cleaning_summary": Spec(".tables.sample:cleaning_summary"),
    "sample_profile": Spec(".tables.sample:sample_profile", {"vars": "vars"}),
    "frequencies": Spec(".tables.describe:frequencies", {"vars": "vars"}, ("vars",)),
    "descriptives": Spec(".tables.describe:descriptives", {"vars": "vars"}),
    "likert_distribution": Spec(".tables.describe:likert_distribution", {"scale": "scale"}, ("scale",)),
    "multiple_response": Spec(".tables.describe:multiple_response", {"question": "multiple"},
                              ("question",)),
    "open_answers": Spec(".tables.describe:open_answers", {"question": "text", "max": "int"},
                         ("question",)),
    "reliability": Spec(".tables.scales:reliability",
                        {"scales": "scales", "items": "bool", "missing": "listwise|pairwise",
                         "ci": "feldt|duhachek|none"}),
    "kmo_bartlett": Spec(".tables.scales:kmo_bartlett", {"scales": "scales"}),
    "efa_loadings": Spec(".tables.scales:efa_loadings",
                         {"scales": "scales", "factors": "int", "method": "minres|ml|pa",
                          "rotation": "varimax|promax|oblimin|none", "hide_below": "number"}),
    "cfa_fit": Spec(".tables.scales:cfa_fit", {"scales": "scales"}),
    "validity": Spec(".tables.scales:validity", {"scales": "scales", "htmt": "bool"}),
    "crosstab": Spec(".tables.compare:crosstab", {"row": "coded", "col": "coded",
                                                  "percent": "row|col"}, ("row", "col")),
    "group_comparison": Spec(".tables.compare:group_comparison",
                             {"by": "coded", "vars": "vars", "welch": "bool"}, ("by", "vars")),
    "correlations": Spec(".tables.compare:correlations", {"vars": "vars",
                                                         "method": "pearson|spearman"}),
    "regression": Spec(".tables.models:regression",
                       {**_MODEL_KEYS, "models": "models", "standardized": "bool"}),
}

FIGURES: dict[str, Spec] = {
    "likert_bars": Spec(".figures:likert_bars", {"scale": "scale"}, ("scale",)),
    "dimension_means": Spec(".figures:dimension_means", {"vars": "vars"}),
    "correlation_heatmap": Spec(".figures:correlation_heatmap", {"vars": "vars",
                                                                  "method": "pearson|spearman"}),
    "scree": Spec(".figures:scree", {"scales": "scales", "iterations": "int", "seed": "int"}),
    "multiple_response_bars": Spec(".figures:multiple_response_bars", {"question": "multiple"},
                                   ("question",)),
}


def check_option(kind: str, value: Any, questionnaire=None) -> str | None:
    """A message when ``value`` is not of option type ``kind`` (None when it is).

    Names are checked against ``questionnaire`` when one is given.
    """
    if kind == "bool":
        return None if isinstance(value, bool) else f"must be true or false, not {value!r}"
    if kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
        return None if ok else f"must be a positive whole number, not {value!r}"
    if kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else f"must be a number, not {value!r}"
    if kind == "label":
        ok = isinstance(value, str) or (isinstance(value, Mapping) and all(
            isinstance(v, str) for v in value.values()))
        return None if ok else "must be a text or a {zh: ..., en: ...} map"
    if "|" in kind:
        words = kind.split("|")
        return None if value in words else f"must be one of {', '.join(words)}, not {value!r}"
    if kind == "models":
        if not isinstance(value, list) or not value or not all(isinstance(m, Mapping) for m in value):
            return "must be a list of models such as {outcome: y, predictors: [a, b]}"
        for i, m in enumerate(value):
            for key, v in m.items():
                if key not in _MODEL_KEYS:
                    return f"models[{i}]: unknown key {key!r}; a model has {', '.join(_MODEL_KEYS)}"
                message = check_option(_MODEL_KEYS[key], v, questionnaire)
                if message:
                    return f"models[{i}].{key}: {message}"
            for key in ("outcome", "predictors"):
                if key not in m:
                    return f"models[{i}] needs '{key}'"
        return None
    if kind in ("vars", "scales"):
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            return f"must be a list of names, not {value!r}"
        for v in value:
            message = check_option(kind[:-1], v, questionnaire)
            if message:
                return message
        return None
    if not isinstance(value, str):
        return f"must be a name, not {value!r}"
    if questionnaire is None:
        return None
    return _check_name(kind, value, questionnaire)


def _check_name(kind: str, name: str, q) -> str | None:
    from .._variables import kind as var_kind

    if kind == "scale":
        known = [s.name for s in q.scales]
        return None if name in known else (
            f"unknown scale {name!r}; the scales of '{q.id}' are: {', '.join(known) or 'none'}")
    if name not in q.names:
        import difflib

        close = difflib.get_close_matches(name, q.names, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        return f"unknown variable {name!r}{hint}; it is not a question, derived variable or scale of '{q.id}'"
    found = var_kind(q, name)
    if kind == "multiple" and found != "multiple":
        return f"{name!r} is a {found} question, not a multiple-choice one"
    if kind == "text" and found != "text":
        return f"{name!r} is {found}, not a text question"
    if kind == "coded" and found not in ("single", "ordinal", "likert"):
        return f"{name!r} is {found}; a crosstab or grouping needs a variable with codes"
    if kind == "var" and found in ("multiple", "rank", "text", "date"):
        return f"{name!r} is a {found} question; use a numeric or coded variable"
    return None


@dataclass(frozen=True)
class Context:
    """What every section builder needs: the analysis sample and how to write.

    Attributes
    ----------
    survey : SurveyData
        The respondents kept by the schema's quality checks, with scores.
    cleaning : CleanResult
        What cleaning did (for the cleaning summary).
    fmt : Formatter
    thresholds : Thresholds
    """

    survey: Any
    cleaning: Any
    fmt: Formatter
    thresholds: Thresholds

    @property
    def q(self):
        return self.survey.questionnaire

    @property
    def lang(self) -> str:
        return self.fmt.language

    def t(self, en: str, zh: str) -> str:
        """The text in the report's language."""
        return zh if self.fmt.zh else en

    def text(self, label) -> str:
        """A recipe label (text or language map) in the report's language."""
        from ..schema.model import text

        return text(label, self.lang)

    def label(self, name: str) -> str:
        return self.q.variable_label(name, self.lang)

    def kind(self, name: str) -> str:
        from .._variables import kind

        return kind(self.q, name)

    def codes(self, name: str) -> tuple[list, list[str]]:
        from .._variables import codes_and_labels

        return codes_and_labels(self.q, name, self.lang)

    def scales(self, names=None) -> list:
        """The scales named (default: every scale of the schema), as schema objects."""
        if names is None:
            return list(self.q.scales)
        return [self.q.scale(n) for n in names]

    def items(self, scales) -> pd.DataFrame:
        """The items of ``scales`` as scored (reversed items turned round)."""
        names = [i for s in scales for i in s.items]
        return pd.concat([self.survey.scale_items(s) for s in scales], axis=1)[names]

    def frame(self, names) -> pd.DataFrame:
        return self.survey.frame(names)
