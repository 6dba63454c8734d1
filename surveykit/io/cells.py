"""Turning raw cells into codes and numbers, one question at a time.

Work is done once per *distinct* cell value (``pandas.factorize``), never once
per respondent: a Likert column of a million answers has five or six distinct
cells, so the Python-level resolution below costs nothing, and the result is
spread back to the rows with one vectorised ``take``.

Each resolved cell has a status: a valid value, a missing code, a word that
means "no answer" (``(空)``, ``N/A``...), a question skipped by the
questionnaire's logic (``(跳过)``), or an invalid value. Invalid cells become
missing and are reported with their row, column and raw value.

Examples
--------
>>> import pandas as pd
>>> lookup = CodeLookup.build({1: "男", 2: "女"}, missing_codes=(-9,))
>>> cells = pd.Series(["男", " 2 ", "-9", "女性", None], index=range(1, 6))
>>> coded = resolve_column(cells, lookup.resolve)
>>> coded.values.tolist()
[1.0, 2.0, nan, nan, nan]
>>> coded.status.tolist()
['valid', 'valid', 'missing_code', 'invalid', 'empty']
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

import numpy as np
import pandas as pd

__all__ = ["normalize", "as_number", "CodeLookup", "Coded", "resolve_column", "STATUSES",
           "NO_ANSWER_WORDS", "SKIPPED_WORDS", "split_other", "is_other_label"]

#: Status of a resolved cell, in the order of the codes used internally.
STATUSES = ("valid", "empty", "missing_code", "no_answer", "skipped", "invalid")
_VALID, _EMPTY, _MISSING, _NO_ANSWER, _SKIPPED, _INVALID = range(6)

#: Cell texts that exports use for "no answer" (compared after normalisation).
NO_ANSWER_WORDS = frozenset({"(空)", "空", "NA", "N/A", "n/a", "na", "null", "NULL", "#N/A",
                             "nan", "NaN", "-", "--", "—", "(未填)", "未填", "(未作答)"})
#: Cell texts for a question that the questionnaire's logic did not show.
SKIPPED_WORDS = frozenset({"(跳过)", "跳过", "(跳題)", "(跳题)"})


_FILL_IN = re.compile(r"^(.*?)〖(.*)〗$", re.S)
_NOTE = re.compile(r"【[^】]*】")
_OTHER_LABEL = re.compile(r"^\s*(其他|其它|other\b)", re.I)


def split_other(cell: str) -> tuple[str, str | None]:
    """Split Wenjuanxing's "please specify" text off an answer: ``其他【请注明】〖宠物〗``.

    Returns ``(answer, text)``; ``text`` is None when the cell has no ``〖...〗`` part.

    Examples
    --------
    >>> split_other("其他【请注明】〖宠物〗"), split_other("运动")
    (('其他【请注明】', '宠物'), ('运动', None))
    """
    match = _FILL_IN.match(cell)
    if match is None:
        return cell, None
    return match.group(1), match.group(2).strip()


def is_other_label(label: str) -> bool:
    """True for an "other, please specify" option label (其他, 其它【请注明】, Other...).

    Examples
    --------
    >>> is_other_label("其他【请注明】"), is_other_label("Other (please specify)"), is_other_label("其实")
    (True, True, False)
    """
    return bool(_OTHER_LABEL.match(normalize(label)))


def normalize(text: str) -> str:
    """Normalise a cell's text: full-width to half-width (NFKC) and outer spaces removed.

    Examples
    --------
    >>> normalize("　３ ")
    '3'
    """
    return unicodedata.normalize("NFKC", text).strip()


def as_number(value) -> float | None:
    """Return the number a cell holds (``"３"``, ``" 4.0"``, ``4``), or None.

    Examples
    --------
    >>> as_number("４"), as_number("4.50"), as_number("abc"), as_number(True)
    (4.0, 4.5, None, None)
    """
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return None if math.isnan(value) else float(value)
    try:
        number = float(normalize(str(value)).replace(",", ""))
    except ValueError:
        return None
    return None if math.isnan(number) or math.isinf(number) else number


@dataclass(frozen=True)
class CodeLookup:
    """Resolves one distinct cell of a coded question to (code, status)."""

    by_text: Mapping[str, object]
    by_number: Mapping[float, object]
    missing_text: frozenset
    missing_number: frozenset

    @classmethod
    def build(cls, labels: Mapping, missing_codes: Iterable = (), extra_labels: Mapping = None):
        """Build the lookup of a choice list.

        Parameters
        ----------
        labels : mapping
            ``{code: label}`` or ``{code: [label, label...]}`` (all languages).
        missing_codes : iterable
            Codes meaning "no valid answer".
        extra_labels : mapping, optional
            More ``{text: code}`` pairs (e.g. an export's own spelling of a label).
        """
        by_text, by_number = {}, {}
        for code, texts in labels.items():
            texts = [texts] if isinstance(texts, str) else list(texts)
            for t in texts:
                key = normalize(str(t))
                by_text.setdefault(key, code)
                by_text.setdefault(key.casefold(), code)
                if (bare := _NOTE.sub("", key).strip()) and bare != key:
                    by_text.setdefault(bare, code)
        for code in labels:  # a code always wins over a label that looks like another code
            by_text[normalize(str(code))] = code
            number = as_number(code) if not isinstance(code, str) else None
            if number is not None:
                by_number[number] = code
        for text, code in (extra_labels or {}).items():
            by_text.setdefault(normalize(str(text)), code)
        missing_text = frozenset(normalize(str(m)) for m in missing_codes)
        missing_number = frozenset(n for n in (as_number(m) for m in missing_codes) if n is not None)
        return cls(by_text, by_number, missing_text, missing_number)

    def resolve(self, cell) -> tuple[object, int]:
        """Return ``(code, status)`` of one distinct raw cell."""
        number = as_number(cell)
        if number is not None:
            if number in self.by_number:
                return self.by_number[number], _VALID
            if number in self.missing_number:
                return None, _MISSING
        key = normalize(str(cell))
        if key in self.by_text:
            return self.by_text[key], _VALID
        if key.casefold() in self.by_text:
            return self.by_text[key.casefold()], _VALID
        bare = _NOTE.sub("", key).strip()  # 其他【请注明】 answers the option labelled 其他
        if bare and bare != key and bare in self.by_text:
            return self.by_text[bare], _VALID
        return None, word_status(key, self.missing_text)


def word_status(key: str, missing_text=frozenset()) -> int:
    """Status of a normalised cell text that is not a valid answer."""
    if key == "":
        return _EMPTY
    if key in missing_text:
        return _MISSING
    if key in SKIPPED_WORDS:
        return _SKIPPED
    if key in NO_ANSWER_WORDS:
        return _NO_ANSWER
    return _INVALID


@dataclass(frozen=True)
class Coded:
    """One column after resolution: values, per-cell status and the raw cells."""

    values: pd.Series
    status_codes: np.ndarray
    raw: pd.Series

    @property
    def status(self) -> pd.Series:
        """Status name of every cell (``valid``, ``empty``, ``missing_code``...)."""
        return pd.Series(np.asarray(STATUSES, dtype=object)[self.status_codes], index=self.raw.index)

    def rows_with(self, status: str) -> pd.Series:
        """Raw cells (indexed by row) whose status is ``status``."""
        return self.raw[self.status_codes == STATUSES.index(status)]


def resolve_column(cells: pd.Series, resolve: Callable[[object], tuple[object, int]],
                   numeric: bool = True) -> Coded:
    """Resolve every cell of a column through ``resolve``, once per distinct value.

    Parameters
    ----------
    cells : Series
        Raw cells indexed by row.
    resolve : callable
        ``resolve(cell) -> (value, status)`` for one distinct non-empty cell.
    numeric : bool
        Values are numbers (float64 with NaN) when True, else objects with None.
    """
    index_of, uniques = pd.factorize(cells, use_na_sentinel=True)
    n_unique = len(uniques)
    resolved = [resolve(u) for u in uniques]
    status_u = np.fromiter((s for _, s in resolved), dtype=np.int8, count=n_unique)
    if numeric:
        values_u = np.fromiter((np.nan if v is None else float(v) for v, _ in resolved),
                               dtype=np.float64, count=n_unique)
        values_u = np.append(values_u, np.nan)
    else:
        values_u = np.empty(n_unique + 1, dtype=object)
        values_u[:n_unique] = [v for v, _ in resolved]
        values_u[n_unique] = None
    status_u = np.append(status_u, np.int8(_EMPTY))
    values = values_u[index_of]  # index -1 (empty cell) picks the appended slot
    status = status_u[index_of]
    return Coded(pd.Series(values, index=cells.index, copy=False), status, cells)
