"""Reliability of the schema's scales: the driver behind ``surveykit reliability``.

:func:`reliability_table` takes the scales of the questionnaire by name, their
items as scored (reverse-keyed items turned round by the schema), runs
:func:`surveykit.reliability.reliability_many` on them (one pass over the data
for all scales) and adds the identifying columns first: ``scale`` and its
``label``; ``item``, its ``label`` and whether it is ``reversed``. The
statistics and their agreement with R's psych are those of
:mod:`surveykit.reliability`.

Like the other drivers, it analyses the survey it is given; pass
``analysis_sample(survey)`` (:mod:`surveykit.sample`) for the respondents the
quality checks keep, as the command line does.

Examples
--------
>>> import tempfile, pathlib
>>> import numpy as np
>>> from surveykit import loads_schema, read_survey
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... choice_lists: {a5: {1: no, 2: rather no, 3: so-so, 4: rather yes, 5: yes}}
... questions:
...   - {name: t1, type: likert, choices: a5, label: I trust my neighbours}
...   - {name: t2, type: likert, choices: a5, label: People here cannot be trusted, reverse: true}
...   - {name: t3, type: likert, choices: a5, label: I can rely on the committee}
... scales: [{name: trust, items: [t1, t2, t3], label: Trust}]
... ''')
>>> rng = np.random.default_rng(0)
>>> f = rng.normal(size=200)
>>> x = np.clip(np.round(3 + f[:, None] + rng.normal(size=(200, 3))), 1, 5).astype(int)
>>> x[:, 1] = 6 - x[:, 1]  # answered the other way round
>>> path = pathlib.Path(tempfile.mkdtemp()) / "raw.csv"
>>> _ = path.write_text("t1,t2,t3\\n" + "\\n".join(",".join(map(str, r)) for r in x))
>>> res = reliability_table(read_survey(q, path))
>>> res.scales[["scale", "label", "k", "n"]]
   scale  label  k    n
0  trust  Trust  3  200
>>> res.items[["item", "reversed"]].to_dict("list")
{'item': ['t1', 't2', 't3'], 'reversed': [False, True, False]}
>>> bool(res.scales["alpha"][0] > 0.6)
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from ._results import Result
from ._scored import chosen_scales, reversed_items, scored_items_frame
from ._variables import language_of
from .reliability import ITEM_COLUMNS, SCALE_COLUMNS, reliability_many

__all__ = ["reliability_table", "SurveyReliability"]


@dataclass(frozen=True, repr=False)
class SurveyReliability(Result):
    """Reliability of the schema's scales, labelled.

    Attributes
    ----------
    scales : DataFrame
        ``scale, label`` then :data:`surveykit.reliability.SCALE_COLUMNS`
        (``k, n, missing, alpha, alpha_std, alpha_se, ci_low, ci_high, ...``).
    items : DataFrame
        ``scale, item, label, reversed`` then the other
        :data:`surveykit.reliability.ITEM_COLUMNS` (``n, mean, sd, r_total,
        ..., r_drop, alpha_if_deleted, alpha_std_if_deleted``), of the items as
        scored.
    language : str
        The language of the labels.
    warnings : tuple of str
        Statistical caveats, each prefixed by its scale (``scale 'trust': ...``).
    """

    title: ClassVar[str] = "Reliability"
    scales: pd.DataFrame
    items: pd.DataFrame
    language: str
    warnings: tuple[str, ...] = ()

    def scale_warnings(self, scale: str) -> list[str]:
        """The caveats of one scale, without their prefix."""
        prefix = f"scale '{scale}': "
        return [w[len(prefix):] for w in self.warnings if w.startswith(prefix)]

    def to_dict(self) -> dict:
        """The JSON document of ``surveykit reliability`` (``spec/cli.md``)."""
        out = []
        for row in self.scales.to_dict("records"):
            items = self.items[self.items["scale"] == row["scale"]].drop(columns="scale")
            entry = {k: v for k, v in row.items() if k not in ("ci_low", "ci_high")}
            entry["alpha_ci"] = [row["ci_low"], row["ci_high"]]
            entry["items"] = items.to_dict("records")
            entry["warnings"] = self.scale_warnings(row["scale"])
            out.append(entry)
        return {"scales": out, "language": self.language, "warnings": list(self.warnings)}


def reliability_table(survey, /, *, scales: Sequence[str] | None = None,
                      missing: str = "listwise", ci: str = "feldt", ci_level: float = 0.95,
                      n_boot: int = 2000, seed=None, language: str | None = None,
                      progress: Callable[[int, int], None] | None = None) -> SurveyReliability:
    """Cronbach's alpha and its companions for the scales of a questionnaire.

    Parameters
    ----------
    survey : SurveyData
        The data with its questionnaire (analysed as given; see the module notes).
    scales : list of str, optional
        Scale names (default: every scale of the schema, in schema order).
    missing, ci, ci_level, n_boot, seed
        As in :func:`surveykit.reliability.cronbach_alpha`: ``listwise`` per
        scale (default, as SPSS) or ``pairwise`` (as psych); ``feldt``,
        ``duhachek``, ``bootstrap`` (BCa), ``bootstrap-percentile`` or ``none``.
    language : str, optional
        Language of the labels (default: the schema's first).
    progress : callable, optional
        ``progress(done, total)`` is called after each scale; with it, the
        scales are analysed one at a time (meant for a progress bar on the
        bootstrap; the numbers are the same).

    Returns
    -------
    SurveyReliability
        ``scales`` and ``items`` tables, labelled; ``to_dict()`` gives the
        JSON document of the command line.

    Notes
    -----
    Items are taken as scored: an item with ``reverse: true`` is
    ``(min + max) - x`` over the codes of its choice list, so psych's keys
    (``psych::alpha(x, keys = ...)`` on a 1..6 item is ``7 - x``) are the
    schema's ``reverse``. The statistics are those of
    :func:`surveykit.reliability.reliability_many`, checked against psych.

    Examples
    --------
    >>> from surveykit import load_schema, read_survey, reliability_table
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> res = reliability_table(survey, scales=["participation", "grid"])
    >>> res.scales[["scale", "k", "n", "alpha", "ci_low", "ci_high", "omega_total"]].round(3)
               scale  k    n  alpha  ci_low  ci_high  omega_total
    0  participation  4  347  0.717   0.665    0.763        0.731
    1           grid  4  333  0.761   0.716    0.800        0.774
    >>> res.items.query("scale == 'grid'")[["item", "reversed", "r_drop", "alpha_if_deleted"]].round(3)
         item  reversed  r_drop  alpha_if_deleted
    4  grid_1     False   0.657             0.652
    5  grid_2     False   0.609             0.677
    6  grid_3     False   0.614             0.674
    7  grid_4      True   0.376             0.799
    """
    q = survey.questionnaire
    language = language_of(q, language)
    chosen = chosen_scales(q, scales)
    needed = list(dict.fromkeys(i for items in chosen.values() for i in items))
    frame = scored_items_frame(survey, needed)
    options = dict(missing=missing, ci=ci, ci_level=ci_level, n_boot=n_boot,
                   seed=np.random.default_rng(seed))
    if progress is None:
        parts = [reliability_many(frame, scales=chosen, **options)]
    else:
        parts = []
        for done, (name, items) in enumerate(chosen.items(), start=1):
            parts.append(reliability_many(frame, scales={name: items}, **options))
            progress(done, len(chosen))
    table = pd.concat([p.scales for p in parts], ignore_index=True)
    items = pd.concat([p.items for p in parts], ignore_index=True)
    labels = {s: q.variable_label(s, language) for s in chosen}
    table.insert(1, "label", table["scale"].map(labels))
    items.insert(2, "label", [q.variable_label(i, language) for i in items["item"]])
    items.insert(3, "reversed", reversed_items(q, items["item"]))
    return SurveyReliability(
        scales=table[["scale", "label", *SCALE_COLUMNS]],
        items=items[["scale", "item", "label", "reversed", *ITEM_COLUMNS[1:]]],
        language=language, warnings=tuple(w for p in parts for w in p.warnings))
