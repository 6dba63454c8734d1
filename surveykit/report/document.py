"""A built report: an ordered list of blocks (headings, paragraphs, tables, figures).

:class:`Report` is what :func:`~surveykit.report.build_report` returns. It is
immutable; ``save(path)`` writes it in the format of the path's suffix through
the renderer registry, and Jupyter displays it as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from .format import Formatter
from .table import Table

__all__ = ["Heading", "Paragraph", "Figure", "Report", "Block"]


@dataclass(frozen=True)
class Heading:
    """A section heading (level 1 or 2)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Body text: ``kind`` is ``text``, ``interpretation`` or ``problem`` (a section
    that could not be computed, shown so that the reader sees it)."""

    text: str
    kind: str = "text"


@dataclass(frozen=True)
class Figure:
    """A figure as PNG bytes, with its caption (printed below it after "Figure N")."""

    title: str
    png: bytes
    width_cm: float = 15.0
    notes: tuple[str, ...] = ()
    kind: str = ""


Block = Union[Heading, Paragraph, Table, Figure]


@dataclass(frozen=True)
class Report:
    """A whole report.

    Attributes
    ----------
    title : str
    language : {"zh", "en"}
    blocks : tuple of Heading, Paragraph, Table or Figure
    formatter : Formatter
        How numbers are written (shared by every renderer).
    fonts : dict
        ``east_asian`` and ``latin`` font names for Word.
    subtitle : str
        A line under the title (sample and conventions).
    """

    title: str
    language: str
    blocks: tuple
    formatter: Formatter
    fonts: dict = field(default_factory=lambda: {"east_asian": "宋体", "latin": "Times New Roman"})
    subtitle: str = ""

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    def caption(self, block: Table | Figure) -> str:
        """``Table 3`` / ``表 3`` / ``Figure 1`` / ``图 1``: the block's number in the report."""
        same = self.tables if isinstance(block, Table) else self.figures
        number = next(i for i, b in enumerate(same, 1) if b is block)
        word = ("表" if isinstance(block, Table) else "图") if self.language == "zh" else (
            "Table" if isinstance(block, Table) else "Figure")
        return f"{word} {number}"

    def save(self, path: str | Path) -> Path:
        """Write the report; the format follows the suffix (.docx, .xlsx, .html, .md)."""
        from .renderers import render

        return render(self, Path(path))

    def to_html(self) -> str:
        from .renderers.html import to_html

        return to_html(self)

    def _repr_html_(self) -> str:
        from .renderers.html import to_html

        return to_html(self, fragment=True)

    def __repr__(self) -> str:
        return (f"Report({self.title!r}, language={self.language!r}, tables={len(self.tables)}, "
                f"figures={len(self.figures)})")
