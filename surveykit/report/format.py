"""The one place where numbers become strings: decimals, p-values, stars, CIs, percentages.

Tables keep full-precision numbers with a *format code* per column (or per
cell); every renderer asks a :class:`Formatter` for the text (docx, html, md)
or for the equivalent Excel number format (xlsx, where numbers stay numbers).

Format codes
------------
``text``      the value as it is (str); numbers fall back to ``num``
``int``       a count: ``412``
``num``       ``decimals`` places (``num1``, ``num3``... to choose): ``3.25``
``bounded``   a quantity in [-1, 1] (r, alpha, loadings, beta): like ``num``,
              without the leading zero under the APA convention (``.45``)
``pct``       a percentage already in percent, one decimal: ``45.3``
``p``         a p-value: APA ``.023`` / ``< .001``; Chinese default ``0.023`` / ``<0.001``

Examples
--------
>>> en, zh = Formatter("en"), Formatter("zh")
>>> en.p_value(0.0004), en.p_value(0.0234), zh.p_value(0.0004)
('< .001', '.023', '<0.001')
>>> en.cell(0.4567, "bounded", p=0.003), zh.cell(0.4567, "bounded", p=0.003)
('.46**', '0.46**')
>>> en.ci(0.123, 0.456), en.cell(45.27, "pct"), en.cell(-1.5, "num3")
('[0.12, 0.46]', '45.3', '-1.500')
>>> en.p_equals(0.0234), en.p_equals(0.0004), zh.p_equals(0.0004)
('p = .023', 'p < .001', 'p<0.001')
>>> en.star_legend()
'* p < .05, ** p < .01, *** p < .001'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Formatter", "FORMATS", "is_missing"]

FORMATS = ("text", "int", "num", "bounded", "pct", "p")
_CODE = re.compile(r"^(text|int|num|bounded|pct|p)(\d)?$")


def is_missing(value) -> bool:
    """True for None, NaN and pandas' missing values."""
    if value is None:
        return True
    try:
        return bool(value != value) or value is _NA()
    except (TypeError, ValueError):
        return False


def _NA():
    import pandas as pd

    return pd.NA


@dataclass(frozen=True)
class Formatter:
    """Turns numbers into the strings of a report, in one language and convention.

    Parameters
    ----------
    language : {"zh", "en"}
    decimals : int
        Places of ``num`` and ``bounded`` values (and CIs).
    p_decimals : int
        Places of p-values; smaller p-values print as ``< .001`` (``<0.001``).
    leading_zero : bool, optional
        Write ``0.45`` rather than ``.45`` for bounded quantities and p-values.
        Default: False in English (APA 7th ed.), True in Chinese (the habit of
        Chinese journals and theses).
    stars : tuple of (threshold, mark)
        Significance marks, from the strictest threshold down.
    """

    language: str = "en"
    decimals: int = 2
    p_decimals: int = 3
    leading_zero: bool | None = None
    stars: tuple = field(default=((0.001, "***"), (0.01, "**"), (0.05, "*")))

    @property
    def zh(self) -> bool:
        return self.language == "zh"

    @property
    def _zero(self) -> bool:
        return self.zh if self.leading_zero is None else self.leading_zero

    # ---- single values ------------------------------------------------------
    def number(self, x, decimals: int | None = None) -> str:
        """``x`` with ``decimals`` places (default: the formatter's)."""
        if is_missing(x):
            return ""
        d = self.decimals if decimals is None else decimals
        text = f"{float(x):.{d}f}"
        return text.lstrip("-") if float(text) == 0 else text

    def bounded(self, x, decimals: int | None = None) -> str:
        """A number in [-1, 1]; without its leading zero under APA."""
        text = self.number(x, decimals)
        if not self._zero:
            text = re.sub(r"^(-?)0\.", r"\1.", text)
        return text

    def integer(self, x) -> str:
        """A count (rounded to a whole number; weighted counts keep one decimal)."""
        if is_missing(x):
            return ""
        x = float(x)
        return f"{x:.0f}" if abs(x - round(x)) < 1e-9 else f"{x:.1f}"

    def percent(self, x, decimals: int = 1) -> str:
        """A percentage given in percent (0-100), without the % sign."""
        return self.number(x, decimals)

    def p_value(self, p) -> str:
        """A p-value: ``.023``, ``< .001`` (APA) or ``0.023``, ``<0.001``."""
        if is_missing(p):
            return ""
        limit = 10.0 ** -self.p_decimals
        if p < limit:
            return ("<" if self.zh else "< ") + self.bounded(limit, self.p_decimals)
        return self.bounded(min(float(p), 1.0), self.p_decimals)

    def star(self, p) -> str:
        """The significance mark of ``p`` (empty when not significant or missing)."""
        if is_missing(p):
            return ""
        return next((mark for level, mark in self.stars if p < level), "")

    def ci(self, low, high, decimals: int | None = None, bounded: bool = False) -> str:
        """A confidence interval ``[low, high]``."""
        if is_missing(low) or is_missing(high):
            return ""
        f = self.bounded if bounded else self.number
        return f"[{f(low, decimals)}, {f(high, decimals)}]"

    def cell(self, value, fmt: str = "text", p=None) -> str:
        """The text of a table cell: ``value`` in format ``fmt``, with the stars of ``p``."""
        if is_missing(value):
            return ""
        if isinstance(value, str):
            return value
        kind, places = self._parse(fmt)
        if kind == "int":
            text = self.integer(value)
        elif kind == "p":
            text = self.p_value(value)
        elif kind == "pct":
            text = self.percent(value, 1 if places is None else places)
        elif kind == "bounded":
            text = self.bounded(value, places)
        else:
            text = self.number(value, places)
        return text + self.star(p)

    # ---- text around tables ---------------------------------------------------
    def star_legend(self) -> str:
        """The legend printed under every table that uses stars."""
        sep = "，" if self.zh else ", "
        rel = "<" if self.zh else " < "
        return sep.join(f"{mark} p{rel}{self.bounded(level, len(str(level).split('.')[1]))}"
                        for level, mark in reversed(self.stars))

    def stat(self, name: str, value, df=None, p=None, decimals: int | None = None) -> str:
        """A test statistic for a sentence: ``t(58) = 2.31, p = .024``."""
        eq = "=" if self.zh else " = "
        dfs = ""
        if df is not None:
            parts = df if isinstance(df, (tuple, list)) else (df,)
            dfs = "(" + ", ".join(self.integer(d) if abs(float(d) - round(float(d))) < 1e-9
                                  else self.number(d, 1) for d in parts) + ")"
        out = f"{name}{dfs}{eq}{self.number(value, decimals)}"
        if p is not None and not is_missing(p):
            out += ("，" if self.zh else ", ") + self.p_equals(p)
        return out

    def p_equals(self, p) -> str:
        """A p-value for a sentence: ``p = .023``, ``p < .001`` (``p=0.023``, ``p<0.001``)."""
        text = self.p_value(p)
        if text.startswith("<"):
            return "p" + ("" if self.zh else " ") + text
        return "p" + ("=" if self.zh else " = ") + text

    # ---- Excel ------------------------------------------------------------------
    def excel_format(self, fmt: str = "text", p=None) -> str:
        """The Excel number format that shows a number as :meth:`cell` writes it."""
        kind, places = self._parse(fmt)
        stars = self.star(p)
        suffix = f'"{stars}"' if stars else ""
        if kind == "text":
            return "General"
        if kind == "int":
            return "0" + suffix
        if kind == "p":
            d = self.p_decimals
            zero = "0" if self._zero else ""
            limit = self.bounded(10.0 ** -d, d)
            return f'[<{10.0 ** -d:.{d}f}]"{"<" if self.zh else "< "}{limit}";{zero}.{"0" * d}'
        d = (1 if places is None else places) if kind == "pct" else (self.decimals if places is None else places)
        zero = "0" if (kind != "bounded" or self._zero) else ""
        body = f"{zero}.{'0' * d}" if d else "0"
        if kind == "bounded" and not self._zero:
            body = f"#{body}" if d else "0"
            return f"{body}{suffix};-{body}{suffix};{'0' if not d else '.' + '0' * d}{suffix}"
        return body + suffix

    @staticmethod
    def _parse(fmt: str) -> tuple[str, int | None]:
        m = _CODE.match(fmt or "text")
        if m is None:
            raise ValueError(f"unknown number format {fmt!r}; use one of {FORMATS} "
                             "with optional decimals, e.g. 'num3'")
        return m.group(1), None if m.group(2) is None else int(m.group(2))
