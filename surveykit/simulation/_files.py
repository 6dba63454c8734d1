"""Byte-for-byte reproducible writing of workbooks, CSV and SPSS files.

openpyxl stamps a workbook with the time of saving (in ``docProps/core.xml``
and in every zip entry) and ReadStat stamps a .sav header with the time of
writing; both are replaced here by one fixed time, so that the same data give
the same bytes on every run.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import zipfile
from pathlib import Path

from .._atomic import atomic_path

__all__ = ["write_workbook", "write_csv", "write_sav", "FIXED_TIME"]

#: The time written into files' metadata.
FIXED_TIME = _dt.datetime(2021, 1, 1, 0, 0, 0)


def write_workbook(path: str | Path, sheets: list[tuple[str, list[list]]]) -> None:
    """Write sheets of rows (the first row the header) as an .xlsx with fixed metadata."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook(write_only=True)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.properties.creator = "surveykit"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            zout.writestr(entry, zin.read(info.filename))
    with atomic_path(path) as tmp:
        tmp.write_bytes(fixed.getvalue())


def write_csv(path: str | Path, rows: list[list], *, encoding: str = "utf-8", delimiter: str = ",") -> None:
    """Write rows as CSV (CRLF line ends, minimal quoting) in ``encoding``."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    with atomic_path(path) as tmp:
        tmp.write_bytes(text.getvalue().encode(encoding))


def write_sav(path: str | Path, frame, **meta) -> None:
    """Write an SPSS .sav with ``pyreadstat.write_sav`` and a fixed creation time in its header."""
    import pyreadstat

    with atomic_path(path) as tmp:
        pyreadstat.write_sav(frame, str(tmp), **meta)
        data = bytearray(tmp.read_bytes())
        # header: "$FL2", product (60 bytes), 5 int32 + 1 float64, then date (9) and time (8)
        data[92:101] = FIXED_TIME.strftime("%d %b %y").encode("ascii")
        data[101:109] = FIXED_TIME.strftime("%H:%M:%S").encode("ascii")
        tmp.write_bytes(bytes(data))
