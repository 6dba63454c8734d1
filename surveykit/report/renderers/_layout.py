"""How wide a table's texts are on the page, and the column widths that follow.

Widths are estimated from the advance widths of Times New Roman (the Latin
font of the reports; LibreOffice's Liberation Serif has the same metrics) and
one em for every East Asian wide character (宋体). A line may break only at a
space, after a hyphen, dash or slash, or next to a Chinese character (not
before closing or after opening punctuation), as Word and LibreOffice break
lines, so a column at least as wide as the widest unbreakable piece of its
texts never breaks a word.

Examples
--------
>>> round(text_em("Satisfaction"), 2), text_em("满意度")
(4.72, 3.0)
>>> pieces("Service facilities (15-minute life circle)")
['Service', 'facilities', '(15-', 'minute', 'life', 'circle)']
>>> two_line_em("Corrected item-total r") < text_em("Corrected item-total r")
True
"""

from __future__ import annotations

import unicodedata

__all__ = ["text_em", "pieces", "two_line_em", "column_widths", "CELL_PAD_CM"]

#: Cell margins (Word's default 0.19 cm each side) plus a little slack, in cm.
CELL_PAD_CM = 0.5

_ADVANCE = {  # Times New Roman advance widths, thousandths of an em
    **dict.fromkeys("0123456789#$*_", 500), " ": 250, "!": 333, '"': 408, "%": 833, "&": 778, "'": 180,
    "(": 333, ")": 333, "+": 564, ",": 250, "-": 333, ".": 250, "/": 278, ":": 278, ";": 278, "<": 564,
    "=": 564, ">": 564, "?": 444, "@": 921, "[": 333, "]": 333, "\\": 278, "^": 469, "`": 333, "{": 480,
    "|": 200, "}": 480, "~": 541, "–": 500, "—": 1000, "‘": 333, "’": 333, "“": 444, "”": 444, "²": 300,
    "±": 564, "≥": 549, "≤": 549, "·": 250, "…": 1000,
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889,
                                               722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611))),
    **dict(zip("abcdefghijklmnopqrstuvwxyz", (444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778,
                                               500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444))),
}
_OTHER = 600          # a Latin-script character not in the table (Greek letters, accents)
_BREAK_AFTER = "-–—/"
_NO_BREAK_BEFORE = "）)，,。.、；;：:！!？?”’%"
_NO_BREAK_AFTER = "（(“‘"


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def text_em(text: str) -> float:
    """The width of ``text`` on one line, in ems of its font size."""
    return sum(1.0 if _wide(ch) else _ADVANCE.get(ch, _OTHER) / 1000 for ch in text)


def _breaks(text: str) -> list[tuple[int, int]]:
    """Where a line may break: ``(end of the first line, start of the next)``."""
    out = []
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if b == " " or a == " ":
            if a != " ":
                j = i
                while j < len(text) and text[j] == " ":
                    j += 1
                if j < len(text):
                    out.append((i, j))
        elif a in _BREAK_AFTER or ((_wide(a) or _wide(b)) and b not in _NO_BREAK_BEFORE
                                   and a not in _NO_BREAK_AFTER):
            out.append((i, i))
    return out


def pieces(text: str) -> list[str]:
    """The pieces of ``text`` that a line never breaks."""
    out, start = [], 0
    for end, nxt in _breaks(text):
        out.append(text[start:end])
        start = nxt
    out.append(text[start:].strip())
    return [p for p in out if p]


def two_line_em(text: str) -> float:
    """The narrowest width (ems) at which ``text`` takes at most two lines."""
    best = text_em(text)
    for end, nxt in _breaks(text):
        best = min(best, max(text_em(text[:end]), text_em(text[nxt:])))
    return best


def column_widths(table, texts, size: float, total_cm: float) -> list[float]:
    """Column widths (cm) that fill ``total_cm``.

    Each column has a *natural* width (its longest text up to 18 ems, its header
    on one line when that is short) and a *least* width: numbers never wrap,
    headers take at most two lines and break no word, texts break no word and
    keep at least six ems. A spanner widens the columns under it to hold its
    label. A table narrower than the page grows in proportion; a wider one
    shrinks each column from its natural towards its least width. Only when even
    the least widths do not fit, headers of numbers may take more lines, and
    only past that is anything cut.
    """
    em_cm = size / 72 * 2.54
    natural, least, floor = [], [], []
    for j, col in enumerate(table.columns):
        body = [texts[i][j] for i in range(len(texts)) if texts[i][j]]
        full = max([text_em(x) for x in body] or [0.0])
        piece = max([text_em(p) for x in body for p in pieces(x)] or [0.0])
        head1, head2 = text_em(col.label), two_line_em(col.label)
        head_piece = max([text_em(p) for p in pieces(col.label)] or [0.0])
        if any(table.is_numeric(i, j) for i in range(len(texts))):
            floor.append(max(full, head_piece, 1.5))
            least.append(max(floor[-1], head2))
            natural.append(max(least[-1], head1 if head1 <= 7 else head2))
        else:
            floor.append(max(piece, head_piece, 1.5))
            least.append(max(floor[-1], head2, min(full, 6.0)))
            natural.append(max(least[-1], min(full, 18.0), head1 if head1 <= 10 else head2))
    tiers = [[x * em_cm + CELL_PAD_CM for x in tier] for tier in (natural, least, floor)]
    for label, first, last in (table.spanners() if table.has_spanners else []):
        if label:
            for tier, need in zip(tiers, (text_em(label), two_line_em(label), two_line_em(label))):
                short = need * em_cm + CELL_PAD_CM - sum(tier[first:last + 1])
                for k in range(first, last + 1):
                    tier[k] += max(short, 0.0) / (last - first + 1)
    upper = tiers[0]
    if sum(upper) <= total_cm:
        return [x * total_cm / sum(upper) for x in upper]
    for lower in tiers[1:]:
        if sum(lower) <= total_cm:
            f = (total_cm - sum(lower)) / (sum(upper) - sum(lower))
            return [lo + (up - lo) * f for up, lo in zip(upper, lower)]
        upper = lower
    return [x * total_cm / sum(upper) for x in upper]
