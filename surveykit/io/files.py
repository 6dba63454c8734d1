"""Reading raw survey files into a :class:`RawTable`, without any schema.

One reader per file suffix, chosen through :data:`READERS`. Every reader keeps
what the file holds: cells are never coerced to another type silently (the
xlsx reader guesses each column's type from all its rows, because calamine's
guess from the first 1000 rows turns a later text cell in a numeric column
into a missing value),
and the row numbers of the file travel with the data.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
>>> _ = path.write_bytes("编号;性别\\n1;男\\n2;女\\n".encode("gbk"))
>>> raw = read_raw(path)
>>> raw.encoding, raw.delimiter, raw.headers
('gb18030', ';', ['编号', '性别'])
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from ..exceptions import InputFileError

__all__ = ["RawTable", "read_raw", "READERS"]


@dataclass(frozen=True)
class RawTable:
    """The cells of a raw export, as the file holds them.

    Attributes
    ----------
    frame : DataFrame
        One column per header of the file (headers exactly as written); the index
        is the 1-based data row of the file (the header is row 0).
    path : str
        The file read.
    format : str
        ``xlsx``, ``csv``, ``sav``, ``dta`` or ``parquet``.
    encoding, delimiter : str or None
        What was detected for a CSV file.
    value_labels : dict
        For SPSS/Stata files: ``{column: {code: label}}``.
    column_labels : dict
        For SPSS/Stata files: ``{column: variable label}``.
    user_missing : dict
        For SPSS files: ``{column: [missing values]}`` declared in the file.
    """

    frame: pd.DataFrame
    path: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    value_labels: dict = field(default_factory=dict)
    column_labels: dict = field(default_factory=dict)
    user_missing: dict = field(default_factory=dict)

    @property
    def headers(self) -> list[str]:
        """The column headers, in file order."""
        return [str(c) for c in self.frame.columns]


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
    return frame


def _check_headers(headers, path) -> None:
    seen = set()
    for i, h in enumerate(headers):
        key = str(h).strip()
        if key in seen:
            raise InputFileError(f"{path}: header row, column {i + 1}: the header {key!r} "
                                 "appears twice; rename one of the columns")
        seen.add(key)


def _read_excel(path: Path, sheet: str | int | None, column_kinds=None) -> RawTable:
    import fastexcel

    logging.getLogger("fastexcel").setLevel(logging.ERROR)
    try:
        reader = fastexcel.read_excel(str(path))
    except Exception as err:  # calamine reports corrupt files with its own error types
        raise InputFileError(f"{path}: not a readable Excel workbook ({err})") from None
    names = reader.sheet_names
    if not names:
        raise InputFileError(f"{path}: the workbook has no sheets")
    listed = f"the workbook has {len(names)} sheet(s): {', '.join(names)}"
    if sheet is None:
        sheet = 0
    elif isinstance(sheet, str) and sheet not in names:
        if not sheet.strip().isdigit():
            raise InputFileError(f"{path}: no sheet named {sheet!r}; {listed}")
        number = int(sheet)  # a sheet number on the command line counts from 1
        if not 1 <= number <= len(names):
            raise InputFileError(f"{path}: no sheet {number}; {listed} (numbered from 1)")
        sheet = number - 1
    elif isinstance(sheet, int) and not 0 <= sheet < len(names):
        raise InputFileError(f"{path}: no sheet at position {sheet}; {listed}")
    try:
        # Types are guessed from every row (not calamine's first 1000), so a column
        # with any text cell is read as text and no cell is coerced to a missing value.
        batch = reader.load_sheet(sheet, schema_sample_rows=None, eager=True)
    except Exception as err:
        if "header" in str(err).lower() or "empty" in str(err).lower():
            raise InputFileError(f"{path}: the sheet is empty (no header row)") from None
        raise InputFileError(f"{path}: cannot read sheet {sheet!r} ({err})") from None
    frame = _arrow_to_pandas(batch)
    if frame.shape[1] == 0:
        raise InputFileError(f"{path}: the sheet is empty (no header row)")
    _check_headers(frame.columns, path)
    sheet_name = names[sheet] if isinstance(sheet, int) else sheet
    return RawTable(_numbered(frame), str(path), "xlsx", sheet=sheet_name)


def _arrow_to_pandas(table) -> pd.DataFrame:
    """Arrow to pandas without copying text into Python objects (pyarrow-backed strings)."""
    import pyarrow as pa

    return table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow"),
                                         pa.large_string(): pd.StringDtype("pyarrow")}.get)


def _detect_encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError as err:
        raise InputFileError(
            f"cannot tell the text encoding: byte {err.start} is neither UTF-8 nor GBK/GB18030; "
            "save the file as UTF-8 CSV") from None


def _detect_delimiter(first_line: str) -> str:
    counts = {}
    for delim in (",", ";", "\t"):
        inside, n = False, 0
        for ch in first_line:
            if ch == '"':
                inside = not inside
            elif ch == delim and not inside:
                n += 1
        counts[delim] = n
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(path: Path, sheet=None, column_kinds=None) -> RawTable:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    data = path.read_bytes()
    if not data.strip():
        raise InputFileError(f"{path}: the file is empty")
    try:
        encoding = _detect_encoding(data)
    except InputFileError as err:
        raise InputFileError(f"{path}: {err}") from None
    text_start = data[:65536].decode(encoding, errors="ignore").lstrip("\ufeff")
    delimiter = _detect_delimiter(text_start.splitlines()[0] if text_start else "")
    if encoding == "gb18030":
        data = data.decode("gb18030").encode("utf-8")
    elif encoding == "utf-8-sig":
        data = data[3:]
    # Without quotes no value can hold a line break, and pyarrow can then parse
    # blocks on both cores at once.
    quoted = b'"' in data
    read = pacsv.ReadOptions(block_size=1 << (24 if quoted else 21))
    parse = pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=quoted)

    header = next(csv.reader(io.StringIO(text_start), delimiter=delimiter), [])
    kinds = column_kinds(header) if column_kinds is not None else {}
    arrow_type = {"text": pa.string(), "code": pa.int16()}
    # Codes parse straight into compact integers; should a code column hold text after
    # all, it is read with the rest typed by pyarrow, and failing that as text throughout.
    attempts = ({h: arrow_type[k] for h, k in kinds.items()},
                {h: pa.string() for h, k in kinds.items() if k == "text"},
                {h: pa.string() for h in header})

    def attempt(types):
        convert = pacsv.ConvertOptions(null_values=[""], strings_can_be_null=True,
                                       quoted_strings_can_be_null=True,
                                       auto_dict_encode=False, column_types=types)
        return pacsv.read_csv(pa.BufferReader(data), read_options=read, parse_options=parse,
                              convert_options=convert)

    for types in attempts:
        try:
            table = attempt(types)
            break
        except pa.ArrowInvalid as err:
            if "CSV parse error" in str(err) or types is attempts[-1]:
                raise InputFileError(f"{path}: not a readable CSV file ({err})") from None
    _check_headers(table.column_names, path)
    frame = _arrow_to_pandas(table)
    return RawTable(_numbered(frame), str(path), "csv", encoding=encoding, delimiter=delimiter)


def _read_stat(path: Path, sheet=None, column_kinds=None) -> RawTable:
    from .spss import read_stat  # labels, user-missing values, legacy GBK files

    return read_stat(path)


def _read_parquet(path: Path, sheet=None, column_kinds=None) -> RawTable:
    try:
        frame = pd.read_parquet(path)
    except Exception as err:  # pyarrow raises several error types for broken files
        raise InputFileError(f"{path}: not a readable Parquet file ({err})") from None
    return RawTable(_numbered(frame.reset_index(drop=True)), str(path), "parquet")


Reader = Callable[..., RawTable]
#: The readers, keyed by file suffix.
READERS: dict[str, Reader] = {
    ".xlsx": _read_excel, ".xlsm": _read_excel, ".xls": _read_excel, ".ods": _read_excel,
    ".csv": _read_csv, ".txt": _read_csv, ".tsv": _read_csv,
    ".sav": _read_stat, ".zsav": _read_stat, ".dta": _read_stat,
    ".parquet": _read_parquet,
}


def read_raw(path: str | Path, sheet: str | int | None = None, column_kinds=None) -> RawTable:
    """Read a survey export as it is, choosing the reader by file suffix.

    Parameters
    ----------
    path : str or Path
        ``.xlsx``/``.xls``/``.ods``, ``.csv``/``.tsv``/``.txt``, ``.sav``, ``.dta`` or ``.parquet``.
    sheet : str or int, optional
        For workbooks: the sheet name or 0-based position (default: the first).
    column_kinds : callable, optional
        ``column_kinds(headers) -> {header: "text" | "code"}``: columns to keep
        exactly as written (open answers, ids, phone numbers: ``007`` must not
        become 7), and columns expected to hold small integer codes (parsed as
        compact integers; a file where they do not is read as text instead).
        Other CSV columns are typed by pyarrow; a workbook column is text when
        any of its cells is.

    Raises
    ------
    InputFileError
        Missing, empty or unreadable file, unknown suffix, unknown sheet.

    Examples
    --------
    >>> raw = read_raw("data/j_community_epidemic.csv")
    >>> raw.format, raw.delimiter, raw.frame.shape
    ('csv', ';', (356, 46))
    >>> raw.headers[:5]
    ['start', 'end', 'duration_s', 'demo/gender', 'demo/age']
    """
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"{path}: data file not found")
    if path.is_dir():
        raise InputFileError(f"{path}: is a folder, not a data file")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise InputFileError(f"{path}: unknown data format '{path.suffix}'; surveykit reads {known}")
    if path.stat().st_size == 0:
        raise InputFileError(f"{path}: the file is empty")
    raw = reader(path, sheet, column_kinds)
    if raw.frame.shape[1] == 0:
        raise InputFileError(f"{path}: the file has no columns")
    return raw
