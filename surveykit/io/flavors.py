"""Export flavours: what a Wenjuanxing, Kobo or SPSS export looks like.

A flavour knows how its exports name columns and write cells. The reader asks
it to find a question's column among the headers and to parse numbers that
carry units (Wenjuanxing's duration ``574秒``). :func:`detect_flavor` picks
the flavour from the file: SPSS/Stata by suffix, Wenjuanxing by its leading
columns 序号/提交答卷时间/所用时间, Kobo by ``_uuid``/``_submission_time``.

Examples
--------
>>> detect_flavor(["序号", "提交答卷时间", "所用时间", "1、您的性别"], ".xlsx").name
'wjx'
>>> detect_flavor(["gender", "age", "_uuid", "_submission_time"], ".csv").name
'kobo'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..exceptions import OptionError
from .cells import as_number, normalize

__all__ = ["Flavor", "FLAVORS", "detect_flavor", "get_flavor"]


def _key(header: str) -> str:
    return normalize(str(header))


@dataclass(frozen=True)
class Flavor:
    """How one kind of export names its columns and writes its cells.

    Attributes
    ----------
    name : str
        ``plain``, ``wjx``, ``kobo`` or ``spss``.
    unit_suffixes : tuple of str
        Units that may follow a number in a cell (``秒`` for Wenjuanxing durations).
    """

    name: str
    unit_suffixes: tuple[str, ...] = ()

    def find_column(self, wanted: str, headers: Mapping[str, str]) -> str | None:
        """Return the header matching ``wanted`` (a source or name), or None.

        ``headers`` maps normalised headers to the headers as written.
        """
        return headers.get(_key(wanted))

    def parse_number(self, cell) -> float | None:
        """The number in a cell, allowing this flavour's unit suffixes."""
        number = as_number(cell)
        if number is None and isinstance(cell, str) and self.unit_suffixes:
            text = normalize(cell)
            for unit in self.unit_suffixes:
                if text.endswith(unit):
                    return as_number(text[: -len(unit)])
        return number


@dataclass(frozen=True)
class WjxFlavor(Flavor):
    """Wenjuanxing (问卷星) exports: headers like ``1、您的性别：``."""

    def find_column(self, wanted, headers):
        found = super().find_column(wanted, headers)
        if found is not None:
            return found
        target = _key(wanted).rstrip(":：?？ ")
        for key, header in headers.items():
            if key.rstrip(":：?？ ") == target:
                return header
        return None


FLAVORS: dict[str, Flavor] = {
    "plain": Flavor("plain"),
    "wjx": WjxFlavor("wjx", unit_suffixes=("秒",)),
    "kobo": Flavor("kobo"),
    "spss": Flavor("spss"),
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
    if any(k in keys for k in _KOBO_MARKERS):
        return FLAVORS["kobo"]
    return FLAVORS["plain"]
