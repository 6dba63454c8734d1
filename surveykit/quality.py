"""Data-quality checks: which respondents each check named in the schema flags.

Only the checks named under the schema's ``quality`` run, each with the rules
written there (``spec/questionnaire.md``, "Quality checks"). Every check is
vectorised over respondents. Flags say nothing about exclusion: cleaning
decides that from each check's ``exclude`` option.

Besides the spec's four checks (``duration``, ``straightlining``,
``attention``, ``duplicates``) three further checks may be named. Their items
are those of the listed scales, in questionnaire order (the order respondents
saw them), answers as given (before reversing) unless said otherwise:

``long_runs: {scales: [...], min_run: N}``
    Flagged when N or more consecutive items carry the same answer. A missing
    answer breaks a run. (R: ``careless::longstring(x) >= N``.)
``near_duplicates: {scales: [...], max_differences: D}`` (default D = 0)
    Flagged when the answers differ from those of an *earlier* row in at most
    D of the items; a missing answer in either row counts as a difference, so
    two blank rows are never duplicates. The earliest row is kept, as with
    ``duplicates``. Computed without comparing all pairs: identical patterns
    are grouped first, and by the pigeonhole principle two patterns that
    differ in at most D items agree completely on at least one of D + 1
    disjoint blocks of items, so only patterns sharing a block are compared.
``contradictions: {scales: [...], min_gap: G}``
    Within a scale, the mean of the reversed items *as scored* and the mean of
    the non-reversed items are G or more points apart (both means need at least
    one answer), in any listed scale. Default G: half the range of the
    reversed items' codes (2 on a 1-5 list: "agree" to an item and "agree" to
    its reversal give 4 and 2).

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

from .exceptions import DataError
from .schema.quality_rules import VALIDATORS
from .scoring import reverse_bounds, scored_items

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
    spread = np.fmax.reduce(answers, axis=1) - np.fmin.reduce(answers, axis=1)  # fmax/fmin skip NaN
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


def _items(survey, scales) -> list[str]:
    """The items of the listed scales, once each, in questionnaire order."""
    q = survey.questionnaire
    wanted = {i for name in scales for i in q.scale(name).items}
    return [c for question in q.questions for c in question.columns if c in wanted]


def _long_runs(survey, options) -> np.ndarray:
    answers = survey.data[_items(survey, options["scales"])].to_numpy(dtype=np.float64)
    same = answers[:, 1:] == answers[:, :-1]          # NaN never equals: a missing answer breaks a run
    run = np.ones(len(answers), dtype=np.int64)
    longest = np.where(np.isnan(answers).all(axis=1), 0, 1)
    for column in same.T:                              # a loop over items, not respondents
        run = np.where(column, run + 1, 1)
        np.maximum(longest, run, out=longest)
    return longest >= options["min_run"]


def _contradictions(survey, options) -> np.ndarray:
    q = survey.questionnaire
    flagged = np.zeros(survey.n, dtype=bool)
    for name in options["scales"]:
        items = q.scale(name).items
        reverse = np.array([reverse_bounds(q, i) is not None for i in items])
        gap = options.get("min_gap")
        if gap is None:
            low, high = reverse_bounds(q, items[int(np.argmax(reverse))])
            gap = (high - low) / 2
        scored = scored_items(q, survey.data, items).to_numpy()
        flagged |= np.abs(_row_mean(scored[:, ~reverse]) - _row_mean(scored[:, reverse])) >= gap - 1e-12
    return flagged


def _row_mean(x: np.ndarray) -> np.ndarray:
    """Mean of each row over its answered cells (NaN for a row with none)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.nansum(x, axis=1) / np.sum(~np.isnan(x), axis=1)


#: Most candidate pairs of answer patterns ``near_duplicates`` will verify.
MAX_PAIRS = 500_000_000
_CHUNK = 1_000_000


def _near_duplicates(survey, options) -> np.ndarray:
    codes, sentinel = _small_codes(survey.data, _items(survey, options["scales"]))
    most = options["max_differences"]
    n, k = codes.shape
    if n == 0:
        return np.zeros(0, dtype=bool)
    missing = np.sum(codes == sentinel, axis=1)
    first, pattern, _ = _identical_rows(codes)
    position = np.arange(n)
    # the same pattern as an earlier row: a duplicate when its own missing answers are few enough
    flagged = (position > first[pattern]) & (missing <= most)
    if most > 0:
        earliest = _earliest_neighbour(codes[first], first, sentinel, most)
        flagged |= position > earliest[pattern]
    return flagged


def _small_codes(data: pd.DataFrame, items) -> tuple[np.ndarray, int]:
    """Answers as small integers (int8 when they fit, else factor codes); NaN as a sentinel."""
    codes = np.empty((len(data), len(items)), dtype=np.int8)
    for j, item in enumerate(items):                   # a loop over items, column by column
        values = data[item].to_numpy(dtype=np.float64)
        blank = np.isnan(values)
        filled = np.where(blank, 0.0, values)
        small = filled.astype(np.int8)
        if not np.array_equal(small, filled) or (small == -128).any():
            break
        small[blank] = -128
        codes[:, j] = small
    else:
        return codes, -128
    answers = data[list(items)].to_numpy(dtype=np.float64)
    return np.column_stack([pd.factorize(col)[0] for col in answers.T]).astype(np.int32), -1


def _identical_rows(codes: np.ndarray):
    """Group identical rows: the first row of each group, each row's group, the group sizes.

    Rows are hashed to 64 bits (a multiply-xor over 8-byte words) and grouped
    by hash in one pass; every row is then compared with its group's first
    row, and only if a hash collision put different rows together does the
    exact (slower) sort of the rows decide.
    """
    if len(codes) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    group, _ = pd.factorize(_row_hash(codes))          # numbered in order of first appearance
    counts = np.bincount(group)
    seen = np.maximum.accumulate(group)
    first = np.flatnonzero(np.concatenate([[True], group[1:] > seen[:-1]]))
    if not np.array_equal(codes, codes[first[group]]):  # a hash collision: decide exactly
        _, first, group, counts = np.unique(_rows_as_bytes(codes), return_index=True,
                                            return_inverse=True, return_counts=True)
    return first, group.ravel(), counts


def _row_hash(codes: np.ndarray) -> np.ndarray:
    """A 64-bit hash of every row (FNV-style multiply-xor over its 8-byte words)."""
    n = len(codes)
    raw = np.ascontiguousarray(codes).view(np.uint8).reshape(n, -1)
    words = np.zeros((n, -(-raw.shape[1] // 8) * 8), dtype=np.uint8)
    words[:, :raw.shape[1]] = raw
    digest = np.full(n, 0xCBF29CE484222325, dtype=np.uint64)
    for column in words.view(np.uint64).T:
        digest = (digest ^ column) * np.uint64(0x100000001B3)
        digest ^= digest >> np.uint64(29)
    return digest


def _rows_as_bytes(codes: np.ndarray) -> np.ndarray:
    codes = np.ascontiguousarray(codes)
    return codes.view(np.dtype((np.void, codes.dtype.itemsize * codes.shape[1]))).ravel()


def _earliest_neighbour(patterns, first, sentinel, most) -> np.ndarray:
    """For each distinct pattern, the earliest first row of another pattern within ``most`` differences."""
    m, k = patterns.shape
    earliest = np.full(m, np.iinfo(np.int64).max)
    blocks = np.array_split(np.arange(k), most + 1)
    complete = [np.flatnonzero(np.all(patterns[:, b] != sentinel, axis=1)) for b in blocks]
    groups = [_groups(patterns[np.ix_(rows, b)], rows) for rows, b in zip(complete, blocks)]
    total = sum(int(np.sum(sizes * (sizes - 1) // 2)) for _, sizes in groups)
    if total > MAX_PAIRS:
        raise DataError(f"near_duplicates would compare {total:,} pairs of answer patterns (many "
                        "respondents share long identical runs of answers); name more items or a "
                        "smaller max_differences in the schema's quality section")
    for members, sizes in groups:
        for a, b in _pairs(members, sizes):
            same = np.sum((patterns[a] == patterns[b]) & (patterns[a] != sentinel), axis=1)
            near = k - same <= most
            np.minimum.at(earliest, a[near], first[b[near]])
            np.minimum.at(earliest, b[near], first[a[near]])
    return earliest


def _groups(block: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows sorted so that equal blocks are adjacent, and the sizes of the groups of two or more."""
    _, group, sizes = _identical_rows(block)
    keep = sizes[group] > 1
    order = np.argsort(group[keep], kind="stable")
    return rows[keep][order], sizes[sizes > 1]


def _pairs(members: np.ndarray, sizes: np.ndarray):
    """Yield (a, b) arrays of every pair within each group, about ``_CHUNK`` pairs at a time."""
    later = np.repeat(np.cumsum(sizes), sizes) - np.arange(len(members)) - 1  # later members of its group
    cum = np.concatenate([[0], np.cumsum(later)])
    i = 0
    while i < len(members):
        j = max(i + 1, int(np.searchsorted(cum, cum[i] + _CHUNK, side="right")) - 1)
        count = later[i:j]
        a = np.repeat(np.arange(i, j), count)
        step = np.arange(len(a)) - np.repeat(cum[i:j] - cum[i], count) + 1
        yield members[a], members[a + step]
        i = j


Check = Callable[..., np.ndarray]
#: Implementation of each quality check, by its name in the schema. The one registry of
#: checks is :data:`surveykit.schema.quality_rules.VALIDATORS` (read when a schema is loaded,
#: without numpy); each check named there is implemented here by the function ``_<name>``.
CHECKS: dict[str, Check] = {name: globals()[f"_{name}"] for name in VALIDATORS}


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

    Notes
    -----
    ``duration``: ``t < min_seconds`` or ``t < share * median(t)``;
    ``straightlining``: ``max(x) - min(x) == 0`` over the listed scales' items as
    answered, with 3 or more answers; ``attention``: ``answer != expect``
    (missing counts as failed); ``duplicates``: R's ``duplicated(keys)`` on
    complete keys (the first row is kept); ``long_runs``:
    ``careless::longstring(x) >= min_run``; ``near_duplicates`` and
    ``contradictions`` as in the module notes.

    Examples
    --------
    >>> from surveykit import load_schema, read_survey
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> flags = flag_respondents(read_survey(q, "data/j_community_epidemic.csv"))
    >>> flags.sum()
    duration          10
    straightlining     8
    attention         11
    duplicates         6
    dtype: int64
    """
    checks = survey.questionnaire.quality
    return pd.DataFrame({name: CHECKS[name](survey, check.options) for name, check in checks.items()},
                        index=survey.data.index)
