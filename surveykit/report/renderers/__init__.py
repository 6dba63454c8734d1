"""Renderers of a :class:`~surveykit.report.Report`, chosen by the output file's suffix.

Each renderer module has ``write(report, path)``; the registry maps a suffix
to its module, imported only when used (python-docx, openpyxl and matplotlib
are heavy). Every renderer writes atomically and deterministically: the same
report gives the same bytes.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ...exceptions import OptionError

__all__ = ["RENDERERS", "render"]

#: Suffix -> renderer module (relative to this package).
RENDERERS = {".docx": ".docx", ".xlsx": ".xlsx", ".html": ".html", ".htm": ".html", ".md": ".md"}


def render(report, path: Path) -> Path:
    """Write ``report`` to ``path`` in the format of its suffix; return the path."""
    suffix = path.suffix.lower()
    if suffix not in RENDERERS:
        raise OptionError(f"{path}: a report is written as {', '.join(sorted(set(RENDERERS)))}; "
                          f"found '{suffix or 'no suffix'}'")
    module = importlib.import_module(RENDERERS[suffix], __name__)
    module.write(report, path)
    return path
