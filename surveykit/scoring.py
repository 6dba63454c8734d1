"""Reverse-scoring, scale scores and derived variables, as the schema defines them.

These are pure functions of the coded data and the questionnaire; the imported
data keep every answer as given, and reversing happens only here.

Notes
-----
A reversed item is scored ``(min + max) - x`` over the codes of its choice
list. A scale's score is the mean of its items after reversing over the
respondents who answered at least ``min_items`` of them (default: all). A
``sum`` score with fewer than all items answered is the prorated sum, mean x k
(SPSS's ``MEAN.n(...) * k``), so that scores stay on one metric.

Examples
--------
>>> import pandas as pd
>>> from surveykit.schema import loads_schema
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... choice_lists: {a5: {1: a, 2: b, 3: c, 4: d, 5: e}}
... questions:
...   - {name: x1, type: likert, choices: a5}
...   - {name: x2, type: likert, choices: a5, reverse: true}
... scales: [{name: s, items: [x1, x2], min_items: 1}]
... ''')
>>> data = pd.DataFrame({"x1": [5, 4, None], "x2": [1, None, 2]})
>>> scale_score(q, data, "s").tolist()
[5.0, 4.0, 4.0]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .schema.model import Questionnaire, Scale

__all__ = ["reverse_bounds", "scored_item", "scored_items", "scale_score", "derived_variable", "variable"]


def reverse_bounds(questionnaire: Questionnaire, item: str) -> tuple[float, float] | None:
    """(min, max) of the codes used to reverse ``item``; None if it is not reversed."""
    question = questionnaire.question(item)
    if not question.reverse:
        return None
    codes = [float(c) for c in question.choices.codes if not isinstance(c, str)]
    return min(codes), max(codes)


def scored_item(questionnaire: Questionnaire, data: pd.DataFrame, item: str) -> np.ndarray:
    """One item as scored (float64, NaN for missing): turned round if it is reversed."""
    values = data[item].to_numpy(dtype=np.float64, na_value=np.nan)
    bounds = reverse_bounds(questionnaire, item)
    return values if bounds is None else (bounds[0] + bounds[1]) - values


def scored_items(questionnaire: Questionnaire, data: pd.DataFrame, items) -> pd.DataFrame:
    """The items as scored: reversed items turned round, others as answered (float64)."""
    return pd.DataFrame({item: scored_item(questionnaire, data, item) for item in items},
                        index=data.index)


def scale_score(questionnaire: Questionnaire, data: pd.DataFrame, scale: str | Scale) -> pd.Series:
    """The score of a scale for every respondent (NaN below ``min_items`` answered).

    Notes
    -----
    ``score = sum(x_i) / m`` over the ``m`` answered items, reversed items as
    ``(min + max) - x`` (``score: sum`` multiplies by ``k``, the number of
    items: a prorated sum); NaN when ``m`` is below ``min_items``. As R's
    ``rowMeans(x, na.rm = TRUE)`` with ``NA`` where ``rowSums(!is.na(x)) <
    min_items`` (``psych::scoreItems(keys, x, impute = "none")`` scores).

    Examples
    --------
    >>> from surveykit import load_schema, read_survey
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> data = read_survey(q, "data/j_community_epidemic.csv").data
    >>> data[["part_1", "part_2", "part_3", "part_4"]].head(2)
         part_1  part_2  part_3  part_4
    row
    1       3.0     3.0     3.0     2.0
    2       4.0     5.0     4.0     2.0
    >>> scale_score(q, data, "participation").head(2)  # part_4 is reversed: 6 - 2 = 4
    row
    1    3.25
    2    4.25
    Name: participation, dtype: float64
    """
    scale = questionnaire.scale(scale) if isinstance(scale, str) else scale
    total = np.zeros(len(data))
    answered = np.zeros(len(data), dtype=np.int64)
    for item in scale.items:  # one pass per item: no respondents x items temporary
        values = scored_item(questionnaire, data, item)
        given = ~np.isnan(values)
        np.add(total, values, out=total, where=given)
        answered += given
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / answered
    mean[answered < scale.required_items] = np.nan
    score = mean * len(scale.items) if scale.score == "sum" else mean
    return pd.Series(score, index=data.index, name=scale.name, copy=False)


def derived_variable(questionnaire: Questionnaire, data: pd.DataFrame, name: str,
                     not_applicable: pd.DataFrame | None = None) -> pd.Series:
    """A derived variable: ``cut`` bins coded 1..k, or an ``any_of`` 0/1 indicator.

    ``any_of`` is 1 when a listed option was chosen and 0 when none was, including
    respondents to whom the question did not apply (``not_applicable``: skip logic
    kept them from it, so they chose none); it is missing only when the question
    was applicable and left unanswered.

    Notes
    -----
    ``cut``: code ``j`` when ``cut[j-1] <= x < cut[j]`` (left-closed bins; NaN
    outside ``[cut[0], cut[-1])``), as R's ``cut(x, breaks, right = FALSE,
    labels = FALSE)``. ``any_of``: ``max(option_c for c in any_of)``, i.e.
    ``as.integer(rowSums(x[, options]) > 0)``.

    Examples
    --------
    ``age_group`` cuts age at 16, 30, 45, 60, 101:

    >>> from surveykit import load_schema, read_survey
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> data = read_survey(q, "data/j_community_epidemic.csv").data
    >>> data["age"].head(3).tolist(), derived_variable(q, data, "age_group").head(3).tolist()
    ([53.0, 28.0, 40.0], [3.0, 1.0, 2.0])
    """
    d = questionnaire.derived_variable(name)
    if d.cut is not None:
        source = variable(questionnaire, data, d.source).astype(np.float64)
        edges = np.asarray(d.cut, dtype=np.float64)
        code = np.searchsorted(edges, source.to_numpy(), side="right").astype(np.float64)
        code[(code < 1) | (code >= len(edges)) | np.isnan(source.to_numpy())] = np.nan
        return pd.Series(code, index=data.index, name=name, copy=False)
    columns = data[[f"{d.source}__{c}" for c in d.any_of]].to_numpy(dtype=np.float64)
    question = questionnaire.question(d.source)
    options = list(question.columns)
    answered = ~np.all(np.isnan(data[options].to_numpy(dtype=np.float64)), axis=1)
    if not_applicable is not None:
        answered |= not_applicable[options].to_numpy().all(axis=1)
    chosen = np.nansum(columns, axis=1) > 0
    values = np.where(answered, chosen.astype(np.float64), np.nan)
    return pd.Series(values, index=data.index, name=name, copy=False)


def variable(questionnaire: Questionnaire, data: pd.DataFrame, name: str,
             not_applicable: pd.DataFrame | None = None) -> pd.Series:
    """Any variable by name: an imported column, a derived variable or a scale score."""
    if name in data.columns:
        return data[name]
    item = questionnaire.find(name)
    if isinstance(item, Scale):
        return scale_score(questionnaire, data, item)
    return derived_variable(questionnaire, data, name, not_applicable)
