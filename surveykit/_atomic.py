"""Atomic writing of output files: a crash never leaves a half-written file.

Every writer of the project writes to a temporary file in the target's folder
and renames it over the target only when complete (``os.replace`` is atomic on
one file system). Writing onto one of the run's input files is refused.

Examples
--------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> write_text_atomic(target, "hello")
>>> target.read_text()
'hello'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from .exceptions import OptionError

__all__ = ["atomic_path", "write_text_atomic", "refuse_overwriting_inputs"]


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; move it onto ``target`` on success.

    On an exception the temporary file is removed and ``target`` is untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, _mode_for(target))  # mkstemp creates 0600; give the usual mode
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _mode_for(target: Path) -> int:
    """The target's current mode, or 0666 less the process umask for a new file."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_text_atomic(target: str | Path, content: str) -> None:
    """Write ``content`` (UTF-8) to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_text(content, encoding="utf-8")


def refuse_overwriting_inputs(outputs: Iterable[str | Path], inputs: Iterable[str | Path]) -> None:
    """Raise OptionError when an output path is one of the input files."""
    resolved = {Path(p).resolve() for p in inputs}
    for out in outputs:
        if Path(out).resolve() in resolved:
            raise OptionError(f"{out}: the output would overwrite an input file; "
                              "choose another output path")
