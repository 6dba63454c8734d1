"""Small-cell suppression for published tables (statistical disclosure control).

A count of fewer than ``min_cell`` respondents (but more than none) is hidden
(*primary* suppression). When published totals would let a reader recover a
hidden cell by subtraction, more cells are hidden (*complementary*
suppression), each time the smallest non-empty visible cell that protects it:

- a line (row or column) whose total is published must not have exactly one
  hidden cell;
- with both row and column totals published, the hidden cells, seen as edges
  between their row and their column, must not have a *bridge* (an edge on
  no cycle): the margins fix the value of exactly those cells. A bridge is
  protected by hiding a cell that closes a cycle through it.

This repeats until neither rule applies. Statistics are always computed on
the true counts.

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

__all__ = ["suppress", "small_cells", "check_min_cell"]


def check_min_cell(min_cell: int | None) -> int | None:
    """Refuse a ``min_cell`` that is not a positive count."""
    if min_cell is not None and (isinstance(min_cell, bool) or int(min_cell) != min_cell or min_cell < 1):
        raise OptionError(f"--min-cell must be a positive whole number of respondents; found {min_cell}")
    return min_cell


def small_cells(counts, min_cell: int | None) -> np.ndarray:
    """Cells hidden for holding fewer than ``min_cell`` respondents, but some (primary suppression)."""
    counts = np.asarray(counts, dtype=float)
    return (counts > 0) & (counts < min_cell) if min_cell is not None else np.zeros(counts.shape, bool)


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
    hidden = small_cells(counts, min_cell)
    while hidden.any() and (_protect_lines(hidden, counts, axes)
                            or (set(axes) == {0, 1} and _protect_bridge(hidden, counts))):
        pass
    return hidden


def _hide_smallest(hidden: np.ndarray, counts: np.ndarray, allowed: np.ndarray) -> bool:
    """Hide the smallest visible non-empty cell among ``allowed`` (an empty one if there is
    no other); False when there is none."""
    free = allowed & ~hidden
    if not free.any():
        return False
    candidates = np.where(free & (counts > 0), counts, np.inf)
    if not np.isfinite(candidates.min()):
        candidates = np.where(free, 0.0, np.inf)
    hidden[np.unravel_index(int(np.argmin(candidates)), counts.shape)] = True
    return True


def _protect_lines(hidden: np.ndarray, counts: np.ndarray, axes) -> bool:
    """Give every line with a published total and one hidden cell a second one."""
    changed = False
    for axis in axes:
        for i in np.nonzero(hidden.sum(axis=axis) == 1)[0]:   # axis 1: rows, 0: columns
            line = np.zeros(hidden.shape, bool)
            line[(i, slice(None)) if axis == 1 else (slice(None), i)] = True
            changed |= _hide_smallest(hidden, counts, line)
    return changed


def _protect_bridge(hidden: np.ndarray, counts: np.ndarray) -> bool:
    """Put the first hidden cell that the margins determine (a bridge) on a cycle."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    r, c = hidden.shape
    rows, cols = np.nonzero(hidden)
    for k in range(rows.size):
        keep = np.arange(rows.size) != k
        graph = coo_matrix((np.ones(keep.sum()), (rows[keep], r + cols[keep])), shape=(r + c, r + c))
        _, component = connected_components(graph, directed=False)
        if component[rows[k]] == component[r + cols[k]]:
            continue  # on a cycle: not determined
        # a cell in a row on the column's side and a column on the row's side closes a cycle
        row_side, col_side = component == component[rows[k]], component == component[r + cols[k]]
        allowed = np.outer(col_side[:r], row_side[r:])
        return _hide_smallest(hidden, counts, allowed)
    return False
