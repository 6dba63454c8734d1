"""The cleaning steps: pure functions from SurveyData to new SurveyData and a log.

Each step takes a :class:`~surveykit.data.SurveyData` and returns a new one
(never modifying its input) together with the cells it changed, as a log
frame with the columns of :data:`LOG_COLUMNS`:

``row``         1-based data row of the raw file
``respondent``  the respondent id (``respondent_id`` of the schema), else the row
``column``      the variable (``NAME__CODE`` for one option of a multiple question)
``old``         the value before (the raw cell for what the reader set missing)
``new``         the value after (missing: NaN)
``rule``        ``missing_code``, ``no_answer``, ``skipped``, ``invalid_value``, ``out_of_range``

Import (:func:`surveykit.read_survey`) already turned missing codes, "no
answer" words, skipped questions and invalid cells into missing values and
kept their raw cells in ``survey.events`` and ``survey.problems``;
:func:`record_import` turns that record into log lines, so that the log holds
every cell of the file that does not appear in the cleaned data as written.

Examples
--------
>>> import tempfile, pathlib
>>> from surveykit import loads_schema, read_survey
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... missing_codes: [-9]
... questions: [{name: age, type: integer, range: [16, 100]}]
... ''')
>>> path = pathlib.Path(tempfile.mkdtemp()) / "raw.csv"
>>> _ = path.write_text("age\\n34\\n-9\\n140\\n", encoding="utf-8")
>>> survey = read_survey(q, path)
>>> _, log = record_import(survey)
>>> log[["row", "column", "old", "rule"]]
   row column old          rule
0    2    age  -9  missing_code
>>> clean, log = apply_ranges(survey)
>>> clean.data["age"].tolist(), log["old"].tolist()
([34.0, nan, nan], [140])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import scoring
from ..exceptions import OptionError
from ..io.cells import normalize
from ..schema.model import OPTION_TYPES

__all__ = ["LOG_COLUMNS", "record_import", "apply_ranges", "check_actions", "exclude_flagged",
           "add_scores", "respondents", "empty_log"]

LOG_COLUMNS = ["row", "respondent", "column", "old", "new", "rule"]


def empty_log() -> pd.DataFrame:
    """A log with no lines (the columns of :data:`LOG_COLUMNS`)."""
    return pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else object) for c in LOG_COLUMNS})


def respondents(survey) -> pd.Series:
    """The respondent of every row: the ``respondent_id`` value, else the row number."""
    rid = survey.questionnaire.respondent_id
    if rid is None or rid not in survey.data:
        return pd.Series(survey.data.index.to_numpy(), index=survey.data.index, name="respondent")
    ids = survey.data[rid]
    if ids.dtype.kind == "f" and bool(np.all(ids.dropna() == np.round(ids.dropna()))):
        ids = ids.astype("Int64")
    return ids.astype(object).where(ids.notna(), None).rename("respondent")


def _log(rows, column, old, new, rule) -> pd.DataFrame:
    """Log lines without their respondent (added once by :func:`_finish`)."""
    rows = np.asarray(rows, dtype=np.int64)
    return pd.DataFrame({"row": rows, "column": _objects(column, len(rows)),
                         "old": _objects(old, len(rows)), "new": _objects(new, len(rows)),
                         "rule": _objects(rule, len(rows))})


def _objects(values, n: int) -> np.ndarray:
    """Values (or one value for all rows) as an object array of length ``n``."""
    out = np.empty(n, dtype=object)
    out[:] = np.asarray(values, dtype=object) if np.ndim(values) else [values] * n
    return out


def _finish(survey, frames) -> pd.DataFrame:
    """One log from its parts, with the respondent of each line."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_log()
    log = pd.concat(frames, ignore_index=True)
    log.insert(1, "respondent", respondents(survey).reindex(log["row"].to_numpy()).to_numpy())
    return log


def record_import(survey):
    """Log the cells that the reader set missing: missing codes, no-answer words, skipped
    questions (``survey.events``) and invalid values (``survey.problems``).

    Returns
    -------
    (SurveyData, DataFrame)
        The survey unchanged (its cells are already missing) and the log.
    """
    events = survey.events
    logs = [_log(events["row"], events["variable"].to_numpy(), events["value"].to_numpy(), np.nan,
                 events["status"].to_numpy())]
    invalid = survey.problems[survey.problems["check"] == "invalid_value"]
    for (question, header), group in invalid.groupby(["question", "column"], sort=False):
        column, now = _invalid_cells(survey, question, header, group["row"].to_numpy(np.int64))
        logs.append(_log(group["row"], column, group["value"].to_numpy(), now, "invalid_value"))
    return survey, _finish(survey, logs)


def _invalid_cells(survey, question_name: str, header: str, rows: np.ndarray):
    """The data column of an invalid raw cell and its value now."""
    question = survey.questionnaire.question(question_name)
    if question.type not in OPTION_TYPES:
        return question.name, survey.data.loc[rows, question.name].to_numpy()
    if isinstance(question.source, dict):  # one raw column per option
        for code, source in question.source.items():
            if normalize(str(source)) == normalize(str(header)):
                column = f"{question.name}__{code}"
                return column, survey.data.loc[rows, column].to_numpy()
    if header in survey.data.columns:
        return header, survey.data.loc[rows, header].to_numpy()
    # one raw column listing the options: what was kept is the list of chosen codes
    options = survey.data.loc[rows, list(question.columns)].to_numpy(dtype=np.float64)
    codes = np.array([str(c) for c in question.choices.codes], dtype=object)
    now = []
    for answer in options:  # only the (few) rows with a problem
        chosen = np.flatnonzero(answer > 0)
        now.append(",".join(codes[chosen[np.argsort(answer[chosen])]]) if len(chosen) else np.nan)
    return question.name, now


def apply_ranges(survey):
    """Set numbers outside a question's ``range`` missing, logging each (rule ``out_of_range``)."""
    data, logs = survey.data, []
    changed = {}
    for question in survey.questionnaire.questions:
        if question.range is None or question.name not in data:
            continue
        values = data[question.name].to_numpy(dtype=np.float64)
        outside = (values < question.range[0]) | (values > question.range[1])
        if outside.any():
            logs.append(_log(data.index[outside], question.name, _plain(values[outside]), np.nan,
                             "out_of_range"))
            changed[question.name] = np.where(outside, np.nan, values)
    if not changed:
        return survey, empty_log()
    return survey.replace(data=data.assign(**changed)), _finish(survey, logs)


def _plain(values: np.ndarray) -> np.ndarray:
    """Numbers as objects, whole numbers as int (the log shows ``140``, not ``140.0``)."""
    out = values.astype(object)
    whole = np.isfinite(values) & (values == np.round(values))
    out[whole] = values[whole].astype(np.int64).tolist()
    return out


def check_actions(questionnaire, exclude=None, flag_only=None) -> dict[str, bool]:
    """Whether each quality check of the schema excludes (True) or only flags (False).

    ``exclude`` and ``flag_only`` name checks whose schema setting is overridden
    (the command line's ``--exclude CHECK`` and ``--flag-only CHECK``).
    """
    actions = {name: check.exclude for name, check in questionnaire.quality.items()}
    exclude, flag_only = set(exclude or ()), set(flag_only or ())
    both = exclude & flag_only
    if both:
        raise OptionError(f"check(s) {sorted(both)} are named both to exclude and to flag only; "
                          "name each check once")
    unknown = (exclude | flag_only) - set(actions)
    if unknown:
        known = ", ".join(actions) or "none"
        raise OptionError(f"check(s) {sorted(unknown)} are not quality checks of the schema "
                          f"'{questionnaire.id}' (its checks: {known}); a check runs only when the "
                          "schema's quality section names it")
    actions.update({name: True for name in exclude})
    actions.update({name: False for name in flag_only})
    return actions


def exclude_flagged(survey, flags: pd.DataFrame, actions: dict[str, bool]):
    """Drop the respondents flagged by an excluding check.

    Returns
    -------
    (SurveyData, DataFrame)
        The kept respondents, and the excluded ones: ``row, respondent, reasons``
        (``reasons``: the excluding checks that flagged the row, a tuple in schema order).
    """
    excluding = [name for name in flags.columns if actions[name]]
    hits = flags[excluding].to_numpy(dtype=bool) if excluding else np.zeros((survey.n, 0), bool)
    out = hits.any(axis=1)
    names = np.array(excluding, dtype=object)
    combos, which = np.unique(hits[out], axis=0, return_inverse=True)  # few distinct combinations
    reasons = np.empty(len(combos), dtype=object)
    reasons[:] = [tuple(names[c]) for c in combos]
    reasons = reasons[which.ravel()] if len(which) else np.empty(0, dtype=object)
    excluded = pd.DataFrame({"row": survey.data.index[out].to_numpy(np.int64),
                             "respondent": respondents(survey)[out].to_numpy(),
                             "reasons": reasons})
    return survey.replace(data=survey.data[~out]), excluded


def add_scores(survey):
    """Add every derived variable and scale score as a column (questions, then derived, then scales)."""
    q, data = survey.questionnaire, survey.data
    added = {name: survey.variable(name)
             for name in [d.name for d in q.derived] + [s.name for s in q.scales]}
    return survey.replace(data=data.assign(**added)) if added else survey
