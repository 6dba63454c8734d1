"""Shared timing helper of the benchmark scripts: best of a few runs."""

from __future__ import annotations

import time
from typing import Callable


def timed(fn: Callable[[], object], repeat: int = 3) -> tuple[float, object]:
    """Smallest wall time of ``repeat`` calls of ``fn``, in seconds, and the last call's result."""
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Smallest wall time of ``repeat`` calls of ``fn``, in seconds."""
    return timed(fn, repeat)[0]


def row(label: str, seconds: float, floor: float | None = None) -> str:
    """One printed line: label, time, and ratio to the floor."""
    ratio = f"{seconds / floor:7.2f}x" if floor else ""
    return f"{label:<55} {seconds:8.3f} s {ratio}"
