"""Report tables as immutable values: title, columns, rows of numbers, notes.

A :class:`Table` keeps full-precision numbers and, per column (or per cell),
the *format code* that :class:`~surveykit.report.format.Formatter` uses to
turn them into text; renderers never format numbers themselves. Builders
return new tables (``with_note``, ``with_title``...), so a table handed to
several renderers is the same everywhere.

Examples
--------
>>> import pandas as pd
>>> t = Table.from_frame(pd.DataFrame({"scale": ["Trust", "Identity"], "alpha": [0.812, 0.7]}),
...                      title="Reliability", formats={"alpha": "bounded"},
...                      labels={"scale": "Scale", "alpha": "Cronbach's α"})
>>> t = t.with_note("Listwise deletion per scale.")
>>> [c.label for c in t.columns], t.text(0, 1, Formatter("en"))
(['Scale', "Cronbach's α"], '.81')
>>> t.notes
('Listwise deletion per scale.',)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Sequence

from .format import Formatter

__all__ = ["Table", "Column", "Cell"]


@dataclass(frozen=True)
class Column:
    """One column: a key, the header label, the format code of its numbers, an
    optional *spanner* (a header group over neighbouring columns) and an optional
    alignment.

    ``align`` is ``"left"``, ``"center"`` or ``"right"``; None lets the renderer
    choose (the stub column and long texts on the left, numbers on their decimal
    point, short texts centred). ``"right"`` suits a column of numbers in
    different formats (a count, a statistic, a p-value), whose decimal points
    do not correspond.
    """

    key: str
    label: str
    fmt: str = "text"
    spanner: str | None = None
    align: str | None = None

    def __post_init__(self):
        if self.align not in (None, "left", "center", "right"):
            raise ValueError(f"column {self.key!r}: align must be left, center or right, not {self.align!r}")


@dataclass(frozen=True)
class Cell:
    """One cell: its value, an optional format code overriding the column's, and the
    p-value whose stars follow the number."""

    value: Any
    fmt: str | None = None
    p: float | None = None


@dataclass(frozen=True)
class Table:
    """A numbered report table (the number is given when a report is rendered).

    Attributes
    ----------
    title : str
        Printed above the table after "Table N" / "表 N".
    columns : tuple of Column
    rows : tuple of tuple of Cell
        One tuple per row, one Cell per column.
    notes : tuple of str
        Printed below the table, in order.
    stars : bool
        Whether the star legend is printed below the table (set automatically
        when a cell carries a p-value).
    kind : str
        The recipe's table kind that made it (for sheet names and tests).
    """

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...] = ()
    notes: tuple[str, ...] = ()
    stars: bool = False
    kind: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self):
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"row {i} of table {self.title!r} has {len(row)} cells for "
                                 f"{len(self.columns)} columns")
        if not self.stars and any(c.p is not None for row in self.rows for c in row):
            object.__setattr__(self, "stars", True)

    # ---- construction -------------------------------------------------------
    @classmethod
    def from_records(cls, records: Sequence[Mapping[str, Any]], columns: Sequence[Column], *,
                     title: str, kind: str = "", notes: Sequence[str] = ()) -> "Table":
        """A table from dicts keyed by column key (values may be Cells or plain values)."""
        rows = tuple(tuple(_cell(rec.get(c.key)) for c in columns) for rec in records)
        return cls(title=title, columns=tuple(columns), rows=rows, notes=tuple(notes), kind=kind)

    @classmethod
    def from_frame(cls, frame, *, title: str, formats: Mapping[str, str] | None = None,
                   labels: Mapping[str, str] | None = None, kind: str = "") -> "Table":
        """A table from a DataFrame: one column per frame column, in order."""
        formats, labels = dict(formats or {}), dict(labels or {})
        columns = [Column(str(k), labels.get(k, str(k)), formats.get(k, "text")) for k in frame.columns]
        return cls.from_records(frame.to_dict("records"), columns, title=title, kind=kind)

    # ---- builders (each returns a new table) --------------------------------
    def with_title(self, title: str) -> "Table":
        return replace(self, title=title)

    def with_note(self, *notes: str) -> "Table":
        return replace(self, notes=self.notes + tuple(n for n in notes if n))

    def with_rows(self, rows: Sequence[Mapping[str, Any]]) -> "Table":
        """The table with more rows at the bottom."""
        extra = tuple(tuple(_cell(r.get(c.key)) for c in self.columns) for r in rows)
        return replace(self, rows=self.rows + extra)

    # ---- reading ------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.columns)

    @property
    def has_spanners(self) -> bool:
        return any(c.spanner for c in self.columns)

    def spanners(self) -> list[tuple[str, int, int]]:
        """Header groups as ``(label, first, last)`` column positions ('' where none)."""
        groups: list[tuple[str, int, int]] = []
        for i, c in enumerate(self.columns):
            label = c.spanner or ""
            if groups and groups[-1][0] == label and label:
                groups[-1] = (label, groups[-1][1], i)
            else:
                groups.append((label, i, i))
        return groups

    def fmt(self, row: int, col: int) -> str:
        """The format code of a cell."""
        return self.rows[row][col].fmt or self.columns[col].fmt

    def text(self, row: int, col: int, formatter: Formatter) -> str:
        """The text of a cell as ``formatter`` writes it."""
        cell = self.rows[row][col]
        return formatter.cell(cell.value, self.fmt(row, col), cell.p)

    def is_numeric(self, row: int, col: int) -> bool:
        """True when the cell holds a number (not text)."""
        value = self.rows[row][col].value
        return isinstance(value, (int, float)) and not isinstance(value, bool) or (
            hasattr(value, "dtype") and value.dtype.kind in "iuf")

    def to_frame(self, formatter: Formatter | None = None):
        """The table as a DataFrame of values (or of texts, given a formatter)."""
        import pandas as pd

        labels = [(c.spanner + " " if c.spanner else "") + c.label for c in self.columns]
        if formatter is None:
            data = [[cell.value for cell in row] for row in self.rows]
        else:
            data = [[self.text(i, j, formatter) for j in range(len(self.columns))]
                    for i in range(len(self.rows))]
        return pd.DataFrame(data, columns=labels)


def _cell(value) -> Cell:
    return value if isinstance(value, Cell) else Cell(value)
