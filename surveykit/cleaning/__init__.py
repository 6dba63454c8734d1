"""Cleaning survey data through its questionnaire, with a complete audit trail.

(The package is ``cleaning``, not ``clean``, so that the public function
``surveykit.clean`` is never shadowed by a submodule of the same name.)

:func:`clean` runs the steps of :mod:`surveykit.cleaning.steps` in order:

1. log the cells the reader set missing (missing codes, "no answer" words,
   skipped questions, invalid values), with the raw cell as ``old``;
2. set numbers outside a question's ``range`` missing (logged);
3. run the schema's quality checks on every row read (:mod:`surveykit.quality`)
   and exclude the respondents flagged by an excluding check (each check's
   ``exclude`` option, overridden by ``exclude=`` / ``flag_only=``);
4. add derived variables and scale scores;
5. drop personal data (questions marked ``pii``), or keep them, or replace
   them by salted hashes.

Nothing is lost: the rows kept plus the rows excluded are the rows read, and
every cell that differs from the file is in the log.

Examples
--------
>>> import tempfile, pathlib
>>> from surveykit import loads_schema, read_survey
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... missing_codes: [-9]
... choice_lists: {a5: {1: a, 2: b, 3: c, 4: d, 5: e}}
... questions:
...   - {name: x1, type: likert, choices: a5}
...   - {name: x2, type: likert, choices: a5}
...   - {name: x3, type: likert, choices: a5, reverse: true}
...   - {name: secs, type: number}
... scales: [{name: s, items: [x1, x2, x3], min_items: 2}]
... quality:
...   duration: {column: secs, min_seconds: 60}
...   straightlining: {scales: [s], exclude: false}
... ''')
>>> path = pathlib.Path(tempfile.mkdtemp()) / "raw.csv"
>>> _ = path.write_text("x1,x2,x3,secs\\n4,5,2,300\\n3,3,3,200\\n5,-9,1,30\\n",
...                     encoding="utf-8")
>>> result = clean(read_survey(q, path))
>>> result.survey.data
      x1   x2   x3   secs         s
row
1    4.0  5.0  2.0  300.0  4.333333
2    3.0  3.0  3.0  200.0  3.000000
>>> result.excluded
   row  respondent      reasons
0    3           3  (duration,)
>>> result.log[["row", "column", "old", "rule"]]
   row column old          rule
0    3     x2  -9  missing_code
>>> print(result.sentence("en"))
3 questionnaires were returned. After excluding 1 invalid questionnaires (completion time too short: 1), 2 valid questionnaires remained, a valid rate of 66.7%.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ..data import SurveyData
from ..exceptions import OptionError
from ..quality import flag_respondents
from .pii import protect_pii, random_salt, pseudonyms
from .result import CHECK_NAMES, CleanResult
from .steps import (LOG_COLUMNS, add_scores, apply_ranges, check_actions, empty_log,
                    exclude_flagged, record_import)

__all__ = ["clean", "CleanResult", "LOG_COLUMNS", "CHECK_NAMES", "record_import", "apply_ranges",
           "check_actions", "exclude_flagged", "add_scores", "protect_pii", "pseudonyms"]


def clean(survey: SurveyData, *, exclude=None, flag_only=None, keep_pii: bool = False,
          pseudonymize: bool = False, salt: str | None = None,
          distributed: int | None = None, scores: bool = True) -> CleanResult:
    """Clean survey data as its questionnaire says, recording every change.

    Parameters
    ----------
    survey : SurveyData
        Data as read by :func:`surveykit.read_survey` (not modified).
    exclude, flag_only : iterable of str, optional
        Quality checks of the schema that exclude, or only flag, whatever the
        schema's ``exclude`` option says.
    keep_pii : bool
        Keep the questions marked ``pii`` in the clean data.
    pseudonymize : bool
        Replace them by salted hashes (equal values keep equal hashes).
    salt : str, optional
        The salt of the hashes; a random one when omitted (then pseudonyms
        cannot be linked to another run, which ``notes`` says).
    distributed : int, optional
        Questionnaires distributed, for the response rate of the thesis sentence.
    scores : bool
        Add derived variables and scale scores as columns (for the written
        output). Analyses do not need them: ``SurveyData.variable`` computes a
        score when it is asked for.

    Returns
    -------
    CleanResult

    Examples
    --------
    >>> from surveykit import load_schema, read_survey
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> res = clean(read_survey(q, "data/j_community_epidemic.csv"))
    >>> res.n_raw, res.survey.n
    (356, 321)
    >>> res.checks
                check   action  flagged
    0        duration  exclude       10
    1  straightlining  exclude        8
    2       attention  exclude       11
    3      duplicates  exclude        6
    >>> res.log[["row", "column", "old", "new", "rule"]]
       row column  old  new          rule
    0   60    age  510  NaN  out_of_range
    1  263    age  440  NaN  out_of_range
    >>> res.pii
      column   action
    0  phone  dropped
    """
    if keep_pii and pseudonymize:
        raise OptionError("keep personal data or pseudonymise them, not both "
                          "(--keep-pii and --pseudonymize exclude each other)")
    if salt is not None and not pseudonymize:
        raise OptionError("a salt is used only to pseudonymise personal data; add --pseudonymize")
    if distributed is not None and (isinstance(distributed, bool) or int(distributed) != distributed
                                    or distributed < survey.n):
        raise OptionError(f"questionnaires distributed ({distributed}) must be a whole number no "
                          f"smaller than the {survey.n} questionnaires returned")
    q = survey.questionnaire
    actions = check_actions(q, exclude, flag_only)
    read, import_log = record_import(survey)
    ranged, range_log = apply_ranges(read)
    flags = (flag_respondents(ranged) if q.quality else pd.DataFrame(index=ranged.data.index))
    kept, excluded = exclude_flagged(ranged, flags, actions)
    if scores:
        kept = add_scores(kept)
    log = _ordered(pd.concat([f for f in (import_log, range_log) if len(f)], ignore_index=True)
                   if len(import_log) or len(range_log) else empty_log(), survey)
    notes = []
    if pseudonymize and salt is None:
        salt = random_salt()
        notes.append("personal data were pseudonymised with a random salt: the pseudonyms cannot "
                     "be linked to another run; give a salt (--salt) to make them reproducible")
    kept, log, excluded, pii = protect_pii(kept, log, excluded, keep=keep_pii,
                                           salt=salt if pseudonymize else None)
    rows = kept.data.index
    kept = kept.replace(questionnaire=replace(kept.questionnaire, quality={}),
                        problems=kept.problems[kept.problems["row"].isin(rows)].reset_index(drop=True),
                        events=kept.events[kept.events["row"].isin(rows)].reset_index(drop=True))
    checks = pd.DataFrame({"check": pd.Series(list(flags.columns), dtype=object),
                           "action": ["exclude" if actions[c] else "flag" for c in flags.columns],
                           "flagged": [int(flags[c].sum()) for c in flags.columns]})
    return CleanResult(log=log, excluded=excluded, checks=checks, flags=flags, pii=pii, survey=kept,
                       n_raw=survey.n, distributed=distributed, notes=tuple(notes))


def _ordered(log: pd.DataFrame, survey: SurveyData) -> pd.DataFrame:
    """The log by row, then by the column's place in the data."""
    place = {c: i for i, c in enumerate(survey.data.columns)}
    for question in survey.questionnaire.questions:
        place.setdefault(question.name, place.get(question.columns[0], len(place)))
    position = log["column"].map(place).fillna(len(place)).to_numpy()
    order = np.lexsort((position, log["row"].to_numpy()))
    return log.iloc[order].reset_index(drop=True)
