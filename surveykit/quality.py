"""Data-quality checks: which respondents each check named in the schema flags.

Only the checks named under the schema's ``quality`` run, each with the rules
written there (``spec/questionnaire.md``, "Quality checks"). Every check is
vectorised over respondents. Flags say nothing about exclusion: cleaning
decides that from each check's ``exclude`` option.

Examples
--------
>>> import tempfile, pathlib
>>> from surveykit import loads_schema, read_survey
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... questions:
...   - {name: phone, type: text, pii: true}
...   - {name: secs, type: number}
... quality:
...   duration: {column: secs, min_seconds: 60}
...   duplicates: [phone]
... ''')
>>> path = pathlib.Path(tempfile.mkdtemp()) / "raw.csv"
>>> _ = path.write_text("phone,secs\\n139,300\\n138,30\\n139,200\\n", encoding="utf-8")
>>> flag_respondents(read_survey(q, path))
     duration  duplicates
row
1       False       False
2        True       False
3       False        True
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

__all__ = ["flag_respondents", "CHECKS"]


def _duration(survey, options) -> np.ndarray:
    seconds = survey.variable(options["column"]).to_numpy(dtype=np.float64)
    flagged = np.zeros(len(seconds), dtype=bool)
    if options.get("min_seconds") is not None:
        flagged |= seconds < options["min_seconds"]
    share = options.get("min_share_of_median")
    if share is not None and np.isfinite(seconds).any():
        flagged |= seconds < share * np.nanmedian(seconds)
    return flagged


def _straightlining(survey, options) -> np.ndarray:
    q = survey.questionnaire
    items = [i for name in options["scales"] for i in q.scale(name).items]
    answers = survey.data[items].to_numpy(dtype=np.float64)  # as given, before reversing
    answered = np.sum(~np.isnan(answers), axis=1)
    with np.errstate(invalid="ignore"):
        spread = np.nanmax(answers, axis=1) - np.nanmin(answers, axis=1)
    return (answered >= 3) & (spread == 0)


def _attention(survey, options) -> np.ndarray:
    flagged = np.zeros(survey.n, dtype=bool)
    for check in options["checks"]:
        answer = survey.variable(check["question"])
        flagged |= ~(answer == check["expect"]).to_numpy(dtype=bool)
    return flagged


def _duplicates(survey, options) -> np.ndarray:
    keys = survey.frame(options["columns"])
    complete = keys.notna().all(axis=1).to_numpy()
    return complete & keys.duplicated(keep="first").to_numpy()


Check = Callable[..., np.ndarray]
#: Implementation of each quality check, by its name in the schema.
CHECKS: dict[str, Check] = {
    "duration": _duration,
    "straightlining": _straightlining,
    "attention": _attention,
    "duplicates": _duplicates,
}


def flag_respondents(survey) -> pd.DataFrame:
    """Run the schema's quality checks.

    Parameters
    ----------
    survey : SurveyData

    Returns
    -------
    DataFrame
        One boolean column per check named in the schema (in schema order),
        indexed like ``survey.data``; True where the check flags the respondent.
    """
    checks = survey.questionnaire.quality
    return pd.DataFrame({name: CHECKS[name](survey, check.options) for name, check in checks.items()},
                        index=survey.data.index)
