"""One progress bar for long work (bootstraps): on standard error, only when it is a
terminal, so that redirected or piped output stays clean."""

from __future__ import annotations

import contextlib
import sys
from typing import Callable, Iterator

__all__ = ["progress_bar"]

Update = Callable[[int, int], None]


@contextlib.contextmanager
def progress_bar(label: str, enabled: bool = True) -> Iterator[Update | None]:
    """Yield ``update(done, total)`` drawing a bar on stderr, or None when stderr is not a
    terminal (or ``enabled`` is false), so that callers pass it on unchanged.

    Examples
    --------
    >>> with progress_bar("bootstrap") as update:  # not a terminal under doctest
    ...     update is None
    True
    """
    if not (enabled and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
