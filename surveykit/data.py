"""SurveyData: coded answers together with their questionnaire and import record.

Examples
--------
>>> import tempfile, pathlib
>>> from surveykit import loads_schema, read_survey
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... languages: [zh, en]
... choice_lists: {sex: {1: {zh: 男, en: Male}, 2: {zh: 女, en: Female}}}
... questions: [{name: sex, type: single, choices: sex, label: {zh: 性别, en: Sex}}]
... ''')
>>> path = pathlib.Path(tempfile.mkdtemp()) / "raw.csv"
>>> _ = path.write_text("sex\\n男\\nFemale\\n2\\n", encoding="utf-8")
>>> survey = read_survey(q, path)
>>> survey.labelled("en")
        Sex
row
1      Male
2    Female
3    Female
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from . import scoring
from .schema.model import Questionnaire, Scale

__all__ = ["SurveyData"]


@dataclass(frozen=True)
class SurveyData:
    """Coded survey data with the questionnaire that describes it.

    Attributes
    ----------
    data : DataFrame
        One row per respondent, indexed by the 1-based data row of the raw file
        (``row``); one column per question (``NAME__CODE`` per option of a
        multiple-choice or ranking question). Codes and numbers are float64 with
        NaN for missing; text is object.
    questionnaire : Questionnaire
        The schema the data were read through.
    problems : DataFrame
        ``check, column, question, row, value, message``: invalid values, values
        out of range, duplicate respondent ids. ``value`` is the raw cell.
    notes : DataFrame
        ``check, column, message``: e.g. columns the schema does not declare.
    events : DataFrame
        ``row, variable, status, value``: cells that became missing for a
        reason other than an empty cell (``missing_code``, ``no_answer``, ``skipped``).
    source : str or None
        The file read.
    flavor : str
        The export flavour (``plain``, ``wjx``, ``kobo``, ``spss``).

    Notes
    -----
    The object is immutable: cleaning steps return new SurveyData. Do not
    modify ``data`` in place.

    Examples
    --------
    >>> from surveykit import load_schema, read_survey
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> survey.n, survey.flavor
    (356, 'kobo')
    >>> survey.problems[["check", "column", "row", "value"]]
              check    column  row value
    0  out_of_range  demo/age   60   510
    1  out_of_range  demo/age  263   440

    A scale score is computed when asked for (mean of the scored items):

    >>> survey.variable("participation").round(2).head(3)
    row
    1    3.25
    2    4.25
    3    5.00
    Name: participation, dtype: float64
    """

    data: pd.DataFrame
    questionnaire: Questionnaire
    problems: pd.DataFrame
    notes: pd.DataFrame
    events: pd.DataFrame
    source: str | None = None
    flavor: str = "plain"

    @property
    def n(self) -> int:
        """Number of respondents."""
        return len(self.data)

    def replace(self, **changes) -> "SurveyData":
        """A copy with some fields replaced (e.g. ``data=`` after a cleaning step)."""
        return replace(self, **changes)

    def variable(self, name: str) -> pd.Series:
        """A question's column, a derived variable or a scale score, by name."""
        return scoring.variable(self.questionnaire, self.data, name,
                                self._skip_mask() if self._needs_skip_mask(name) else None)

    def _needs_skip_mask(self, name: str) -> bool:
        if name in self.data.columns:
            return False
        item = self.questionnaire.find(name)
        return getattr(item, "any_of", None) is not None

    def _skip_mask(self) -> pd.DataFrame:
        from .io.skip import not_applicable

        return not_applicable(self)

    def frame(self, names) -> pd.DataFrame:
        """Several variables (questions, derived, scales) as one DataFrame."""
        return pd.DataFrame({name: self.variable(name) for name in names}, index=self.data.index)

    def scale_items(self, scale: str | Scale) -> pd.DataFrame:
        """The items of a scale as scored (reversed items turned round)."""
        scale = self.questionnaire.scale(scale) if isinstance(scale, str) else scale
        return scoring.scored_items(self.questionnaire, self.data, scale.items)

    def labelled(self, language: str | None = None, names=None, keep_pii: bool = False) -> pd.DataFrame:
        """A view with answer labels instead of codes and variable labels as headers.

        Personal data (questions marked ``pii``) are left out unless ``keep_pii``.
        """
        q = self.questionnaire
        language = language or q.language
        names = list(names) if names is not None else [
            c for c in self.data.columns if keep_pii or c not in q.pii_columns]
        out = {}
        for name in names:
            values = self.variable(name)
            choices = q.choices_of(name.partition("__")[0]) if "__" not in name else None
            if choices is not None:
                values = values.map(choices.labels(language))
            out[q.variable_label(name, language)] = values
        return pd.DataFrame(out, index=self.data.index)

    def _repr_html_(self) -> str:
        head = (f"<p><b>{self.questionnaire.id}</b>: {self.n} respondents, "
                f"{len(self.problems)} problems, flavour {self.flavor}</p>")
        return head + self.labelled().head(10).to_html()

    def __repr__(self) -> str:
        return (f"SurveyData({self.questionnaire.id!r}, n={self.n}, "
                f"columns={self.data.shape[1]}, problems={len(self.problems)})")
