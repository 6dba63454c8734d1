"""Checking a data file against its questionnaire: the result of ``surveykit validate``.

Validation is lazy and its result is data: every problem in one frame
(``check, column, question, row, value, message``), not the first one only.

Examples
--------
>>> import tempfile, pathlib
>>> from surveykit import loads_schema, read_survey
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... choice_lists: {yn: {1: 是, 0: 否}}
... questions: [{name: voted, type: single, choices: yn}]
... ''')
>>> path = pathlib.Path(tempfile.mkdtemp()) / "raw.csv"
>>> _ = path.write_text("voted\\n是\\n也许\\n", encoding="utf-8")
>>> result = validate(read_survey(q, path))
>>> result.counts
{'invalid_value': 1}
>>> result.ok
False
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ._results import Result
from .data import SurveyData

__all__ = ["validate", "Validation"]


@dataclass(frozen=True, repr=False)
class Validation(Result):
    """What ``validate`` found in a data file.

    Attributes
    ----------
    problems : DataFrame
        ``check, column, question, row, value, message``.
    notes : DataFrame
        ``check, column, message`` (not problems: e.g. undeclared columns).
    n_rows : int
        Data rows read.
    flavor : str
        Detected or chosen export flavour.
    quality : dict
        Quality check name -> rows it flags (see the schema's ``quality``).
    """

    title = "Validation"
    problems: pd.DataFrame
    notes: pd.DataFrame
    n_rows: int
    flavor: str
    source: str | None = None
    quality: dict = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        """Number of problems of each kind."""
        return {k: int(v) for k, v in self.problems["check"].value_counts(sort=False).items()}

    @property
    def ok(self) -> bool:
        """True when no problem was found (notes and quality flags do not count)."""
        return self.problems.empty

    def to_dict(self, schema: str | None = None) -> dict:
        """The JSON document of ``surveykit validate --format json``."""
        problems = self.problems.astype(object).where(self.problems.notna(), None)
        return {
            "schema": schema, "data": self.source, "n_rows": self.n_rows, "flavor": self.flavor,
            "problems": [{k: (int(v) if k == "row" else v) for k, v in rec.items()}
                         for rec in problems.to_dict("records")],
            "counts": self.counts,
            "notes": self.notes.to_dict("records"),
            "quality": {k: [int(r) for r in rows] for k, rows in self.quality.items()},
        }


def validate(survey: SurveyData) -> Validation:
    """Collect the problems, notes and quality flags of data read through a schema.

    Parameters
    ----------
    survey : SurveyData
        Data as returned by :func:`surveykit.read_survey`.

    Returns
    -------
    Validation

    Examples
    --------
    >>> from surveykit import load_schema, read_survey
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> v = validate(read_survey(q, "data/j_community_epidemic.csv"))
    >>> v.counts
    {'out_of_range': 2}
    >>> v.problems[["check", "column", "row", "value"]]
              check    column  row value
    0  out_of_range  demo/age   60   510
    1  out_of_range  demo/age  263   440
    >>> {check: len(rows) for check, rows in v.quality.items()}
    {'duration': 10, 'straightlining': 8, 'attention': 11, 'duplicates': 6}
    """
    problems = survey.problems.sort_values(["row", "column"], kind="stable").reset_index(drop=True)
    return Validation(problems=problems, notes=survey.notes, n_rows=survey.n,
                      flavor=survey.flavor, source=survey.source, quality=_quality_flags(survey))


def _quality_flags(survey: SurveyData) -> dict:
    if not survey.questionnaire.quality:
        return {}
    from .quality import flag_respondents

    flags = flag_respondents(survey)
    return {name: flags.index[flags[name]].tolist() for name in flags.columns}
