"""The model frame of a regression: schema variables as numeric columns, with labels.

Categorical predictors become 0/1 dummies against the first code of the
schema's choice list that occurs in the model's sample; the outcome becomes
numbers, a 0/1 event or ordered positions as the model needs (see
:mod:`surveykit.regression`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._variables import codes_and_labels, kind
from .exceptions import DataError, OptionError

__all__ = ["CATEGORICAL_KINDS", "NUMERIC_KINDS", "OUTCOME_KINDS", "Frame", "build_frame",
           "model_outcome", "labelled", "slope_labels"]

#: Kinds entered as dummies, and kinds entered as numbers.
CATEGORICAL_KINDS = frozenset({"single", "ordinal"})
NUMERIC_KINDS = frozenset({"likert", "integer", "number", "scale"})
#: Outcome kinds allowed by each model.
OUTCOME_KINDS = {"ols": NUMERIC_KINDS | {"ordinal"},
                 "logit": CATEGORICAL_KINDS | NUMERIC_KINDS - {"scale"},
                 "ologit": frozenset({"likert", "ordinal", "integer"})}
_CONST = {"zh": "(常量)", "en": "(Constant)"}
_NAMES = {"ols": "a linear regression", "logit": "a logit", "ologit": "an ordered logit"}


@dataclass
class Frame:
    """Numeric columns of a model with the source variable and label of each term."""

    data: pd.DataFrame
    columns: dict[str, list[str]]          # variable -> its columns (terms) in the frame
    labels: dict[str, str]                 # term or variable -> label
    language: str
    reference: pd.DataFrame                # variable, code, label of each reference category

    def terms(self, names) -> list[str]:
        return [t for v in names for t in self.columns[v]]

    def variables(self, terms) -> tuple[str, ...]:
        owner = {t: v for v, ts in self.columns.items() for t in ts}
        return tuple(owner.get(t, "") for t in terms)

    def label(self, term: str) -> str:
        if term == "const":
            return _CONST.get(self.language, _CONST["en"])
        if ":" in term and term not in self.labels:
            return " × ".join(self.labels.get(p, p) for p in term.split(":"))
        return self.labels.get(term, term)


def _code_positions(values: pd.Series, codes: list) -> np.ndarray:
    """Position of each value in ``codes`` (-1 where missing or not a code)."""
    pos = np.full(len(values), -1)
    raw = values.to_numpy()
    for i, c in enumerate(codes):
        pos[raw == (float(c) if not isinstance(c, str) else c)] = i
    return pos


def build_frame(survey, series: dict, keep: np.ndarray, *, outcome: str, predictors: list[str],
                 language: str, outcome_values: pd.Series, cluster: str | None) -> Frame:
    """Numeric columns: dummies against the first schema code observed in the sample, labels."""
    q = survey.questionnaire
    data = {outcome: outcome_values.astype(np.float64)}
    columns: dict[str, list[str]] = {outcome: [outcome]}
    labels = {outcome: q.variable_label(outcome, language)}
    reference = []
    for v in predictors:
        labels[v] = q.variable_label(v, language)
        if kind(q, v) not in CATEGORICAL_KINDS:
            data[v] = series[v].astype(np.float64)
            columns[v] = [v]
            continue
        codes, code_labels = codes_and_labels(q, v, language)
        pos = _code_positions(series[v], codes)
        seen = np.unique(pos[keep & (pos >= 0)])
        if len(seen) < 2:
            only = (f"only code {codes[seen[0]]} ({code_labels[seen[0]]})" if len(seen)
                    else "no answers")
            raise DataError(f"predictor {v!r} is constant in the model's sample "
                            f"(n={int(keep.sum())}, {only}); a constant predictor cannot be "
                            "estimated: drop it")
        reference.append((v, codes[seen[0]], f"{labels[v]}={code_labels[seen[0]]}"))
        columns[v] = []
        missing = pos < 0
        for i in seen[1:]:
            term = f"{v}={codes[i]}"
            col = (pos == i).astype(np.float64)
            col[missing] = np.nan
            data[term] = col
            columns[v].append(term)
            labels[term] = f"{labels[v]}={code_labels[i]}"
    if cluster is not None:
        data[f"cluster:{cluster}"] = series[cluster]
    return Frame(pd.DataFrame(data, index=survey.data.index), columns, labels, language,
                  pd.DataFrame(reference, columns=["variable", "code", "label"]))


def model_outcome(survey, name: str, values: pd.Series, keep: np.ndarray, model: str, event,
             language: str):
    """The outcome as the model needs it: numbers, a 0/1 event, or ordered positions.

    Returns (values, event_info, threshold_names) where threshold_names maps the
    ordered logit's position pairs ``i/j`` to ``CODE_a/CODE_b`` and their labels.
    """
    q = survey.questionnaire
    k = kind(q, name)
    if k not in OUTCOME_KINDS[model]:
        hint = {"ols": "a categorical outcome needs --model logit (two codes) or ologit "
                       "(ordered codes)",
                "logit": "a logit outcome is 0/1 or has two codes",
                "ologit": "an ordered logit needs an outcome with ordered codes (likert, "
                          "ordinal or integer); for a scale score use ols, or cut it into "
                          "groups with a derived variable"}[model]
        raise OptionError(f"--outcome: {name!r} is {k}, which {_NAMES[model]} cannot "
                          f"take; {hint}")
    codes, code_labels = codes_and_labels(q, name, language)
    if model == "ols":
        return values, None, None
    if not codes:  # integer/number outcome: its distinct values are the codes
        observed = np.unique(values.dropna().to_numpy(dtype=np.float64))
        codes = [int(c) if float(c).is_integer() else float(c) for c in observed]
        code_labels = [str(c) for c in codes]
    pos = _code_positions(values, codes)
    keep = keep & (pos >= 0)
    present = np.unique(pos[keep])
    if len(present) < 2:
        found = (f"only {codes[present[0]]} ({code_labels[present[0]]})" if len(present)
                 else "no answers")
        raise DataError(f"the outcome {name!r} has one category in the model's sample "
                        f"(n={int(keep.sum())}, {found}); {_NAMES[model]} needs "
                        f"{'two' if model == 'logit' else 'three or more'}")
    missing = pos < 0
    if model == "logit":
        if event is None:
            if len(present) > 2:
                raise DataError(
                    f"the outcome {name!r} has {len(present)} categories "
                    f"({', '.join(str(codes[i]) for i in present)}); a logit needs two: "
                    "name the predicted code with --event CODE (it against all others), "
                    "or use --model ologit")
            target = present[-1] if isinstance(codes[0], str) else max(
                present, key=lambda i: codes[i])
        else:
            match = [i for i, c in enumerate(codes) if _same_code(c, event)]
            if not match:
                raise OptionError(f"--event: {event!r} is not a code of {name!r} "
                                  f"(its codes: {', '.join(map(str, codes))})")
            target = match[0]
        y = (pos == target).astype(np.float64)
        y[missing] = np.nan
        info = {"event": str(codes[target]), "event_label": code_labels[target]}
        return pd.Series(y, index=values.index), info, None
    if len(present) == 2:
        raise DataError(f"the outcome {name!r} has 2 categories in the model's sample; use --model "
                        "logit (an ordered logit needs 3 or more)")
    y = pos.astype(np.float64)
    y[missing] = np.nan
    names = {f"{i}/{j}": (f"{codes[i]}/{codes[j]}", f"{code_labels[i]}/{code_labels[j]}")
             for i in range(len(codes)) for j in range(i + 1, len(codes))}
    return pd.Series(y, index=values.index), None, names


def _same_code(code, given) -> bool:
    """A schema code and a code given by the user (``1``, ``1.0`` or ``"1"``) are the same."""
    try:
        return float(code) == float(given)
    except (TypeError, ValueError):
        return str(code) == str(given)


def labelled(table: pd.DataFrame, frame: Frame) -> pd.DataFrame:
    out = table.copy()
    out.insert(1, "label", [frame.label(t) for t in out["term"]])
    return out


_SLOPE_AT = {"zh": ("均值-1标准差", "均值", "均值+1标准差"),
             "en": ("mean - 1 SD", "mean", "mean + 1 SD")}


def slope_labels(frame: Frame, moderator: str, two_codes: bool, at, k: int) -> list[str]:
    if two_codes and at is None:
        first = frame.reference.set_index("variable").loc[moderator, "label"]
        return [first, frame.labels[frame.columns[moderator][0]]]
    if at is None:
        return list(_SLOPE_AT.get(frame.language, _SLOPE_AT["en"]))
    return [f"{frame.labels[moderator]}={v:g}" for v in at][:k]
