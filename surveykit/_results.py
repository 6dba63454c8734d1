"""The one display path shared by every multi-table result object.

A result (an EFA, a CFA, a regression, a reliability analysis) is a frozen
dataclass whose DataFrame fields are its tables. :class:`Result` gives each of
them the same behaviour: ``to_frame()`` returns the main table, ``summary()``
prints every table with its title, and Jupyter shows the tables as labelled
HTML through ``_repr_html_``.

Examples
--------
>>> from dataclasses import dataclass
>>> import pandas as pd
>>> @dataclass(frozen=True, repr=False)
... class Mean(Result):
...     title = "Mean"
...     table: pd.DataFrame
>>> r = Mean(pd.DataFrame({"variable": ["x"], "mean": [2.5]}))
>>> r.to_frame()
  variable  mean
0        x   2.5
"""

from __future__ import annotations

import dataclasses
import html
from typing import ClassVar

__all__ = ["Result"]

#: Tables longer than this are cut to their first ``_HTML_ROWS`` rows in notebooks.
_HTML_MAX_ROWS, _HTML_ROWS = 60, 20


class Result:
    """Mixin for frozen dataclasses whose DataFrame fields are result tables.

    The first DataFrame field is the main table returned by :meth:`to_frame`.
    Scalar fields (``n``, ``method``...) are shown as a header line.
    """

    title: ClassVar[str] = "Result"

    def _fields(self):
        import pandas as pd

        tables, scalars = {}, {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if isinstance(value, (pd.DataFrame, pd.Series)):
                tables[f.name] = value
            elif isinstance(value, (int, float, str, bool)) or value is None:
                scalars[f.name] = value
        return tables, scalars

    def _warnings(self) -> tuple[str, ...]:
        return tuple(getattr(self, "warnings", ()) or ())

    def to_frame(self):
        """Return the main table (the first DataFrame field) as a copy."""
        tables, _ = self._fields()
        return next(iter(tables.values())).copy()

    def _header(self, scalars) -> str:
        shown = [f"{k}={v:.6g}" if isinstance(v, float) else f"{k}={v}"
                 for k, v in scalars.items() if v is not None]
        return ", ".join(shown)

    def summary(self) -> str:
        """Return every table of the result as plain text, each under its name."""
        tables, scalars = self._fields()
        parts = [self.title]
        header = self._header(scalars)
        if header:
            parts.append(header)
        for name, table in tables.items():
            parts += ["", f"[{name}]", table.to_string()]
        parts += [f"Warning: {w}" for w in self._warnings()]
        return "\n".join(parts)

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        """One line naming the result, its scalars and its tables (``summary()`` prints them)."""
        tables, scalars = self._fields()
        shapes = ", ".join(f"{name} {len(t)}x{getattr(t, 'shape', (0, 1))[1] if t.ndim == 2 else 1}"
                           for name, t in tables.items())
        header = self._header(scalars)
        return f"<{self.title}: {header}{'; ' if header else ''}tables: {shapes}>"

    def _repr_html_(self) -> str:
        tables, scalars = self._fields()
        parts = [f"<h4>{html.escape(self.title)}</h4>"]
        header = self._header(scalars)
        if header:
            parts.append(f"<p>{html.escape(header)}</p>")
        for name, table in tables.items():
            frame = table.to_frame() if hasattr(table, "to_frame") and not hasattr(table, "columns") else table
            parts.append(f"<p><b>{html.escape(name)}</b></p>")
            shown = frame.head(_HTML_ROWS) if len(frame) > _HTML_MAX_ROWS else frame
            parts.append(shown.to_html(float_format=lambda x: f"{x:.4g}"))
            if len(shown) < len(frame):
                parts.append(f"<p>... {len(frame) - len(shown)} more rows "
                             f"(<code>.{html.escape(name)}</code> holds them all)</p>")
        parts += [f"<p><i>Warning: {html.escape(w)}</i></p>" for w in self._warnings()]
        return "\n".join(parts)
