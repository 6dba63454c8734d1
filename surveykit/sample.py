"""The respondents that analyses run on: one rule shared by every table and command.

``spec/cli.md``: "Analyses run on the respondents that the schema's quality
checks keep." :func:`analysis_sample` applies the schema's cleaning
(:func:`surveykit.clean`): respondents flagged by a quality check whose
``exclude`` is true are dropped, numbers outside a question's ``range`` become
missing, personal data are left out; derived variables and scale scores are
computed when an analysis asks for them (``SurveyData.variable``). A survey that was already cleaned passes through unchanged in its rows
(its questionnaire no longer has quality checks).

Examples
--------
>>> import tempfile, pathlib
>>> from surveykit import loads_schema, read_survey
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... questions: [{name: secs, type: number}, {name: age, type: integer, range: [16, 100]}]
... quality: {duration: {column: secs, min_seconds: 60}}
... ''')
>>> path = pathlib.Path(tempfile.mkdtemp()) / "raw.csv"
>>> _ = path.write_text("secs,age\\n300,34\\n30,50\\n200,140\\n", encoding="utf-8")
>>> analysis_sample(read_survey(q, path)).data
      secs   age
row
1    300.0  34.0
3    200.0   NaN
"""

from __future__ import annotations

from .data import SurveyData

__all__ = ["analysis_sample"]


def analysis_sample(survey: SurveyData) -> SurveyData:
    """The survey restricted to the respondents that analyses use (see the module notes).

    Examples
    --------
    >>> from surveykit import load_schema, read_survey
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> sample = analysis_sample(survey)
    >>> survey.n, sample.n, "phone" in sample.data.columns
    (356, 321, False)
    """
    from .cleaning import clean

    return clean(survey, scores=False).survey  # scores are computed when asked for
