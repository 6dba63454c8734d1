"""Small-cell suppression for published tables (statistical disclosure control).

A count of fewer than ``min_cell`` respondents (but more than none) is hidden
(*primary* suppression). When a published total would let a reader recover
the one hidden cell of a line by subtraction, a second cell of that line is
hidden too (*complementary* suppression): the smallest non-empty visible cell.
This repeats until no line along the published margins has exactly one hidden
cell. Statistics are always computed on the true counts.

Examples
--------
>>> import numpy as np
>>> suppress(np.array([[12, 2, 30]]), 5, axes=(1,)).tolist()   # one frequency table
[[True, True, False]]
>>> suppress(np.array([[0, 2, 30]]), 5, axes=(1,)).tolist()
[[False, True, True]]
>>> suppress(np.array([[12, 2], [30, 40]]), 5).tolist()          # a crosstab with margins
[[True, True], [True, True]]
"""

from __future__ import annotations

import numpy as np

from .exceptions import OptionError

__all__ = ["suppress", "check_min_cell"]


def check_min_cell(min_cell: int | None) -> int | None:
    """Refuse a ``min_cell`` that is not a positive count."""
    if min_cell is not None and (isinstance(min_cell, bool) or int(min_cell) != min_cell or min_cell < 1):
        raise OptionError(f"--min-cell must be a positive whole number of respondents; found {min_cell}")
    return min_cell


def suppress(counts: np.ndarray, min_cell: int | None, *, axes=(0, 1)) -> np.ndarray:
    """Cells to hide in a 2-D table of unweighted counts.

    Parameters
    ----------
    counts : ndarray (r, c)
        Respondents per cell.
    min_cell : int or None
        Smallest count that may be published; None hides nothing.
    axes : tuple of int
        Directions whose totals are published: ``1`` for row totals (each row is
        a line), ``0`` for column totals. A frequency table is one row with
        ``axes=(1,)``.

    Returns
    -------
    ndarray of bool (r, c)
    """
    counts = np.asarray(counts, dtype=float)
    hidden = (counts > 0) & (counts < min_cell) if min_cell is not None else np.zeros(counts.shape, bool)
    changed = hidden.any()
    while changed:
        changed = False
        for axis in axes:
            lines = np.moveaxis(hidden, axis, -1)          # views: writing into them updates hidden
            values = np.moveaxis(counts, axis, -1)
            for i in np.nonzero(lines.sum(axis=-1) == 1)[0]:
                # the smallest visible non-empty cell; an empty one only if there is no other
                candidates = np.where(lines[i], np.inf, np.where(values[i] > 0, values[i], np.inf))
                if not np.isfinite(candidates.min()):
                    candidates = np.where(lines[i], np.inf, 0.0)
                if np.isfinite(candidates.min()):
                    lines[i, int(np.argmin(candidates))] = True
                    changed = True
    return hidden
