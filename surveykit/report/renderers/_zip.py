"""Deterministic zip containers (docx and xlsx are zip files).

python-docx and openpyxl stamp every zip entry with the current time; the
entries are rewritten here with one fixed timestamp and fixed attributes so
that building a report twice gives identical bytes.
"""

from __future__ import annotations

import io
import zipfile

__all__ = ["normalise_zip", "FIXED_TIME"]

#: Timestamp of every entry (the earliest a zip file can hold).
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def normalise_zip(data: bytes) -> bytes:
    """Return the zip ``data`` with fixed entry timestamps and attributes, order kept."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            entry.create_system = 0
            dst.writestr(entry, src.read(info.filename), compresslevel=6)
    return out.getvalue()
