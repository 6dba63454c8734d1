"""Shared timing helper of the benchmark scripts: best of a few runs."""

from __future__ import annotations

import time
from typing import Callable


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Smallest wall time of ``repeat`` calls of ``fn``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def row(label: str, seconds: float, floor: float | None = None) -> str:
    """One printed line: label, time, and ratio to the floor."""
    ratio = f"{seconds / floor:7.2f}x" if floor else ""
    return f"{label:<55} {seconds:8.3f} s {ratio}"
