"""Personal data in cleaned outputs: dropped, kept on request, or replaced by salted hashes.

Questions marked ``pii: true`` (names, phone numbers, addresses) leave the
cleaned data unless the user keeps them. Pseudonymising replaces each value
by a keyed hash, so that equal values stay equal (duplicates can still be
found) while the value cannot be recovered without the salt.

Notes
-----
The hash is SipHash-2-4 (``pandas.util.hash_pandas_object`` with a 128-bit
key, vectorised over distinct values) keyed by 96 bits derived from the salt
with SHA-256; a pseudonym is ``p`` followed by 16 hex digits. Without a salt a
random one is drawn, so pseudonyms then differ from one run to the next: give
the same ``salt`` to link runs, and keep it secret (anyone with it can test
guesses such as phone numbers).

Examples
--------
>>> import pandas as pd
>>> values = pd.Series(["13800000000", None, "13800000000"])
>>> hashed = pseudonyms(values, "my secret salt")
>>> hashed[0] == hashed[2], hashed[1] is None, hashed[0][:1]
(True, True, 'p')
"""

from __future__ import annotations

import base64
import hashlib
import secrets

import numpy as np
import pandas as pd

from ..exceptions import OptionError

__all__ = ["pseudonyms", "protect_pii", "random_salt", "MASK"]

#: What the log shows instead of a personal value that was dropped.
MASK = "[pii]"


def random_salt() -> str:
    """A fresh random salt (32 hex digits)."""
    return secrets.token_hex(16)


def _key(salt: str) -> str:
    return base64.b64encode(hashlib.sha256(salt.encode("utf-8")).digest()[:12]).decode("ascii")


def _text(values: pd.Series) -> pd.Series:
    """Values as text, whole numbers without ``.0`` (``13800000000.0`` -> ``13800000000``)."""
    if values.dtype.kind == "f":
        whole = values.dropna()
        if bool(np.all(whole == np.round(whole))):
            values = values.astype("Int64")
    return values.astype(object).where(values.notna(), None).map(str, na_action="ignore")


def pseudonyms(values: pd.Series, salt: str) -> pd.Series:
    """Replace every non-missing value by its salted hash (missing stays None)."""
    if not salt:
        raise OptionError("the salt for pseudonyms is empty; give a secret text or none for a random one")
    text = _text(pd.Series(values))
    present = text.notna().to_numpy()
    out = np.full(len(text), None, dtype=object)
    if present.any():
        hashed = pd.util.hash_pandas_object(text[present].astype(str), index=False,
                                            hash_key=_key(salt)).to_numpy()
        out[present] = np.char.add("p", np.char.zfill(np.char.mod("%x", hashed), 16)).astype(object)
    return pd.Series(out, index=text.index, name=values.name, dtype=object)


def protect_pii(survey, log: pd.DataFrame, excluded: pd.DataFrame, *, keep: bool = False,
                salt: str | None = None):
    """Drop or pseudonymise personal data in the clean survey, its log and its exclusions.

    Parameters
    ----------
    survey : SurveyData
        The clean survey.
    log, excluded : DataFrame
        The cleaning log and the excluded respondents.
    keep : bool
        Keep personal data as they are.
    salt : str, optional
        Pseudonymise with this salt instead of dropping (ignored with ``keep``).

    Returns
    -------
    (SurveyData, DataFrame, DataFrame, DataFrame)
        The survey, the log, the excluded respondents, and ``column, action``
        (``kept``, ``dropped`` or ``pseudonymized``) for every personal-data column.
    """
    from dataclasses import replace

    q = survey.questionnaire
    columns = [c for c in q.pii_columns if c in survey.data]
    action = "kept" if keep else ("pseudonymized" if salt is not None else "dropped")
    record = pd.DataFrame({"column": pd.Series(columns, dtype=object), "action": action})
    if keep or not columns:
        return survey, log, excluded, record
    pii_names = {qq.name for qq in q.questions if qq.pii}
    hide = (lambda v: pseudonyms(v, salt)) if salt is not None else (
        lambda v: pd.Series(np.where(pd.Series(v).notna(), MASK, None), dtype=object))
    personal = log["column"].isin(columns).to_numpy()
    log = log.copy()
    for field in ("old", "new"):
        log.loc[personal, field] = hide(log.loc[personal, field]).to_numpy()
    rid = q.respondent_id
    if rid in pii_names:  # a personal id: its pseudonym, or else the row identifies the respondent
        log["respondent"] = _who(log, salt)
        excluded = excluded.assign(respondent=_who(excluded, salt))
    problems = survey.problems[~survey.problems["question"].isin(pii_names)]
    events = survey.events[~survey.events["variable"].isin(columns)]
    if salt is not None:
        data = survey.data.assign(**{c: pseudonyms(survey.data[c], salt) for c in columns})
        questions = tuple(replace(qq, type="text", choices=None, range=None) if qq.pii else qq
                          for qq in q.questions)
        q = replace(q, questions=questions)
    else:
        data = survey.data.drop(columns=columns)
        q = replace(q, questions=tuple(qq for qq in q.questions if not qq.pii),
                    respondent_id=None if rid in pii_names else rid)
    return survey.replace(data=data, questionnaire=q, problems=problems, events=events), log, excluded, record


def _who(frame: pd.DataFrame, salt: str | None) -> np.ndarray:
    if salt is None:
        return frame["row"].to_numpy(dtype=object)
    return pseudonyms(frame["respondent"], salt).to_numpy()
