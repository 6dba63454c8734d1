"""Export flavours: what a Wenjuanxing, Kobo or SPSS export looks like.

A flavour knows how its exports name columns and write cells. The reader asks
it to find a question's column among the headers, to find the per-option
columns of a multiple-choice question, to parse numbers that carry units
(Wenjuanxing's duration ``574秒``) and to recognise the export's own codes for
"no answer" and "skipped" (Wenjuanxing's ``-2`` and ``-3``).
:func:`detect_flavor` picks the flavour from the file: SPSS/Stata by suffix,
Wenjuanxing by its leading columns 序号/提交答卷时间/所用时间 (or by headers such
as ``1、您的性别`` and ``第6题(运动)`` beside 序号), Kobo by ``_uuid`` or
``_submission_time``.

Examples
--------
>>> detect_flavor(["序号", "提交答卷时间", "所用时间", "1、您的性别"], ".xlsx").name
'wjx'
>>> detect_flavor(["gender", "age", "_uuid", "_submission_time"], ".csv").name
'kobo'
>>> wjx = FLAVORS["wjx"]
>>> headers = {h: h for h in ["序号", "1、您的性别：", "第2题(运动)", "第2题(ACG文化(动漫))"]}
>>> wjx.find_column("1", headers), wjx.find_column("您的性别", headers)
('1、您的性别：', '1、您的性别：')
>>> wjx.find_options("2、兴趣爱好", headers)
[('运动', '第2题(运动)'), ('ACG文化(动漫)', '第2题(ACG文化(动漫))')]
>>> wjx.parse_number("574秒"), wjx.special_status("-3")
(574.0, 'skipped')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

from ..exceptions import OptionError
from .cells import as_number, normalize

__all__ = ["Flavor", "WjxFlavor", "KoboFlavor", "FLAVORS", "detect_flavor", "get_flavor",
           "parse_wjx_header"]

_TRAILING = ":：?？*＊ 　"


def _key(header: str) -> str:
    return normalize(str(header))


def _bare(text: str) -> str:
    """A header's text compared loosely: normalised, trailing punctuation removed."""
    return _key(text).rstrip(_TRAILING)


@dataclass(frozen=True)
class Flavor:
    """How one kind of export names its columns and writes its cells.

    Attributes
    ----------
    name : str
        ``plain``, ``wjx``, ``kobo`` or ``spss``.
    unit_suffixes : tuple of str
        Units that may follow a number in a cell (``秒`` for Wenjuanxing durations).
    special_codes : mapping
        Numbers that the export writes in a choice column instead of an answer,
        with their status (``no_answer`` or ``skipped``); they apply only where
        the number is not a code of the question's list.
    personal_columns : tuple of str
        Export columns that hold personal data whatever the schema says.
    fill_in_texts : bool
        The export writes "other, please specify" texts into the answer cell
        (``其他【请注明】〖text〗``); the reader then keeps them in ``NAME__other_text``.
    uniform_cells : bool
        The export writes either codes or labels in a column, never both; a column
        that mixes them was edited by hand and gets a ``mixed_codes_labels`` note.
    """

    name: str
    unit_suffixes: tuple[str, ...] = ()
    special_codes: Mapping[float, str] = None
    personal_columns: tuple[str, ...] = ()
    fill_in_texts: bool = True
    uniform_cells: bool = False

    def find_column(self, wanted: str, headers: Mapping[str, str]) -> str | None:
        """Return the header matching ``wanted`` (a source or name), or None.

        ``headers`` maps normalised headers to the headers as written.
        """
        return headers.get(_key(wanted))

    def find_options(self, wanted: str, headers: Mapping[str, str]) -> list[tuple[str, str]]:
        """Per-option columns of a multiple/rank question: ``[(option text, header)]``.

        The plain flavour has none (options are found by ``NAME__CODE`` or by a
        ``source`` map).
        """
        return []

    def parse_number(self, cell) -> float | None:
        """The number in a cell, allowing this flavour's unit suffixes."""
        number = as_number(cell)
        if number is None and isinstance(cell, str) and self.unit_suffixes:
            text = normalize(cell)
            for unit in self.unit_suffixes:
                if text.endswith(unit):
                    return as_number(text[: -len(unit)])
        return number

    def special_status(self, cell) -> str | None:
        """Status (``no_answer``/``skipped``) of an export's own code in a choice column."""
        if not self.special_codes:
            return None
        number = as_number(cell)
        return None if number is None else self.special_codes.get(number)

    def number_hint(self, header: str) -> str:
        """What a number cell of this column looks like in this export (for error messages)."""
        return ""


# -- Wenjuanxing ---------------------------------------------------------------------------
_WJX_QUESTION = re.compile(r"^(?:Q|q|第)?(\d+)(?:题)?\s*[、.．:：\s]\s*(.+)$")
_WJX_NUMBER = re.compile(r"^(?:Q|q|第)?(\d+)(?:题)?$")
_WJX_OPTION = re.compile(r"^(?:第)?(\d+)(?:题)?\s*[(（](.*)[)）]$")


@lru_cache(maxsize=8192)
def parse_wjx_header(header: str) -> tuple[int | None, str | None, str | None]:
    """Split a Wenjuanxing header into ``(number, question text, option text)``.

    ``1、您的性别：`` and ``1. 您的性别`` give ``(1, '您的性别', None)``; the
    per-option (code export) and matrix-row headers ``第6题(运动)`` and
    ``6(运动)`` give ``(6, None, '运动')`` (an option's own brackets are kept:
    the outer pair is the last one); a bare number ``6`` or ``Q6`` gives
    ``(6, None, None)``; anything else is ``(None, text, None)``.

    Examples
    --------
    >>> parse_wjx_header("第8题(ACG文化(动漫、游戏等))")
    (8, None, 'ACG文化(动漫、游戏等)')
    >>> parse_wjx_header("3、性别 "), parse_wjx_header("Q3"), parse_wjx_header("性别")
    ((3, '性别', None), (3, None, None), (None, '性别', None))
    """
    key = _key(header)
    if (m := _WJX_NUMBER.match(key)) is not None:
        return int(m.group(1)), None, None
    if (m := _WJX_OPTION.match(key)) is not None:
        return int(m.group(1)), None, normalize(m.group(2))
    if (m := _WJX_QUESTION.match(key)) is not None:
        return int(m.group(1)), _bare(m.group(2)), None
    return None, _bare(key), None


@dataclass(frozen=True)
class WjxFlavor(Flavor):
    """Wenjuanxing (问卷星) exports, text (按文本) and code (按序号) downloads.

    Matching a schema's ``source`` (or name) to a header, in this order:

    1. the same header after normalisation (full-width to half-width, outer
       spaces removed);
    2. the same question number and the same text, ignoring the separator
       (``1、`` or ``1.``) and trailing punctuation (``：`` ``?``): ``1. 您的性别``
       matches ``1、您的性别：``;
    3. a source that is only a number (``"1"``, ``Q1``, ``第1题``) matches the
       question of that number;
    4. a source that is only a text matches the one header with that text (a
       question's text, or the bracketed row of a matrix question).

    A match must be unique; otherwise the column counts as not found. The
    per-option columns of the code export (``第6题(运动)``) are found by the
    question number of the source, so a ``multiple`` question read from a code
    export needs a source that holds the number (``6`` or ``6、兴趣爱好``).
    Durations are written in seconds (``574秒``); anything else (``12分钟``) is
    reported as an invalid value of the column, never guessed.
    """

    def find_column(self, wanted, headers):
        found = super().find_column(wanted, headers)
        if found is not None:
            return found
        number, text, _ = parse_wjx_header(wanted)
        parsed = [(parse_wjx_header(h), h) for h in headers.values()]
        rules = []
        if number is not None and text is not None:
            rules.append(lambda n, t, o: n == number and t == text and o is None)
        if number is not None and text is None:
            rules.append(lambda n, t, o: n == number and o is None)
        if number is None and text is not None:
            rules.append(lambda n, t, o: (t == text and o is None) or (o is not None and _bare(o) == text))
        for rule in rules:
            hits = [h for (n, t, o), h in parsed if rule(n, t, o)]
            if len(hits) == 1:
                return hits[0]
        return None

    def find_options(self, wanted, headers):
        number, _, _ = parse_wjx_header(wanted)
        if number is None:
            return []
        out = []
        for header in headers.values():
            n, _, option = parse_wjx_header(header)
            if n == number and option is not None:
                out.append((option, header))
        return out

    def number_hint(self, header: str) -> str:
        if normalize(header) != "所用时间":
            return ""
        return " (Wenjuanxing writes durations in seconds, e.g. '574秒')"


# -- KoboToolbox ---------------------------------------------------------------------------
@dataclass(frozen=True)
class KoboFlavor(Flavor):
    """KoboToolbox/ODK exports: headers carry group paths (``household/age``).

    A source or name matches a header exactly, else the one header whose last
    path segment is the same (``age`` matches ``household/age``), so exports
    made with or without group names both read. The per-option columns of a
    ``select_multiple`` question are ``PATH/CHOICE_NAME`` (0/1; empty when the
    question was not shown).
    """

    separator: str = "/"

    def _last(self, header: str) -> str:
        return _key(header).rsplit(self.separator, 1)[-1]

    def find_column(self, wanted, headers):
        found = super().find_column(wanted, headers)
        if found is not None:
            return found
        target = self._last(wanted)
        hits = [h for k, h in headers.items() if self._last(k) == target]
        return hits[0] if len(hits) == 1 else None

    def find_options(self, wanted, headers):
        target = self._last(wanted)
        out = []
        for key, header in headers.items():
            parent, sep, option = key.rpartition(self.separator)
            if sep and parent.rsplit(self.separator, 1)[-1] == target:
                out.append((option, header))
        return out


FLAVORS: dict[str, Flavor] = {
    "plain": Flavor("plain"),
    "wjx": WjxFlavor("wjx", unit_suffixes=("秒",), special_codes={-2.0: "no_answer", -3.0: "skipped"},
                     personal_columns=("来自IP",), uniform_cells=True),
    "kobo": KoboFlavor("kobo", fill_in_texts=False),
    "spss": Flavor("spss", fill_in_texts=False),
}

_WJX_LEADING = ("序号", "提交答卷时间", "所用时间")
_KOBO_MARKERS = ("_uuid", "_submission_time")


def get_flavor(name: str) -> Flavor:
    """Return the flavour called ``name`` (``plain``, ``wjx``, ``kobo``, ``spss``)."""
    try:
        return FLAVORS[name]
    except KeyError:
        raise OptionError(f"--flavor must be one of auto, {', '.join(FLAVORS)}; "
                          f"found {name!r}") from None


def detect_flavor(headers, suffix: str) -> Flavor:
    """Guess the export flavour from the file's headers and suffix."""
    if suffix.lower() in (".sav", ".zsav", ".dta"):
        return FLAVORS["spss"]
    keys = [_key(h) for h in headers]
    if all(k in keys for k in _WJX_LEADING):
        return FLAVORS["wjx"]
    if "序号" in keys and any(parse_wjx_header(k)[0] is not None for k in keys):
        return FLAVORS["wjx"]
    if any(k in keys for k in _KOBO_MARKERS):
        return FLAVORS["kobo"]
    return FLAVORS["plain"]
