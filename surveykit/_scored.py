"""The items of the schema's scales as scored, in the most compact exact dtype.

Shared by the schema-aware reliability and validity drivers
(:mod:`surveykit.scale_reliability`, :mod:`surveykit.construct_validity`): they
choose scales by name, and get one DataFrame of their items with reversed
items turned round (``(min + max) - x`` over the item's codes, as
:func:`surveykit.scoring.scored_items`).

A column whose answers are all present and whole numbers that fit in int8 is
returned as int8 (Likert codes): the cross-products of the primitives are
then exact in float32 and the array is an eighth of float64. Anything else is
float64 with NaN for missing.

Examples
--------
>>> from surveykit.schema import loads_schema
>>> from surveykit.data import SurveyData
>>> import pandas as pd
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... choice_lists: {a5: {1: a, 2: b, 3: c, 4: d, 5: e}}
... questions:
...   - {name: x1, type: likert, choices: a5}
...   - {name: x2, type: likert, choices: a5, reverse: true}
... scales: [{name: s, items: [x1, x2]}]
... ''')
>>> empty = pd.DataFrame()
>>> survey = SurveyData(pd.DataFrame({"x1": [5.0, 4.0], "x2": [1.0, 2.0]}), q, empty, empty, empty)
>>> frame = scored_items_frame(survey, ["x1", "x2"])
>>> frame.to_dict("list"), str(frame["x2"].dtype)
({'x1': [5, 4], 'x2': [5, 4]}, 'int8')
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import scoring
from .exceptions import DataError, OptionError

__all__ = ["chosen_scales", "scored_items_frame", "reversed_items", "compact"]


def chosen_scales(questionnaire, scales: Sequence[str] | None) -> dict[str, tuple[str, ...]]:
    """``{scale: items}`` of the named scales (default: every scale of the schema)."""
    known = {s.name: s.items for s in questionnaire.scales}
    if not known:
        raise OptionError(f"the schema '{questionnaire.id}' declares no scales; add a "
                          "'scales:' section (name and items of each multi-item construct)")
    if scales is None:
        return known
    names = [scales] if isinstance(scales, str) else list(scales)
    unknown = [s for s in names if s not in known]
    if unknown:
        raise OptionError(f"--scale: {unknown} are not scales of '{questionnaire.id}'; "
                          f"its scales are {list(known)}")
    if not names:
        raise OptionError("no scale chosen; name at least one scale (--scale NAME)")
    return {s: known[s] for s in dict.fromkeys(names)}


def compact(values: np.ndarray) -> np.ndarray:
    """``values`` as int8 if they are all whole numbers in [-128, 127], else unchanged."""
    if values.size == 0 or values.dtype.kind != "f":
        return values
    low, high = values.min(), values.max()  # NaN if any value is missing
    if not (-128 <= low and high <= 127):
        return values
    small = values.astype(np.int8)
    return small if np.array_equal(small, values) else values


def scored_items_frame(survey, items: Sequence[str]) -> pd.DataFrame:
    """The ``items`` of ``survey`` as scored (reversed where the schema says), one column each.

    Complete whole-number columns are int8 (see the module notes), others float64.
    """
    q, data = survey.questionnaire, survey.data
    absent = [i for i in items if i not in data.columns]
    if absent:
        raise DataError(f"scale items {absent} are not in the data (removed as personal "
                        "data, or not read); check the schema's scales")
    out = {item: compact(scoring.scored_item(q, data, item)) for item in items}
    return pd.DataFrame(out, index=data.index, copy=False)


def reversed_items(questionnaire, items: Sequence[str]) -> list[bool]:
    """Whether each item is reverse-scored."""
    return [scoring.reverse_bounds(questionnaire, i) is not None for i in items]
