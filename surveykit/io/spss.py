"""SPSS (.sav/.zsav) and Stata (.dta) files, including legacy Chinese (GBK) files.

:func:`read_stat` reads the data with user-missing values kept as values (so
that they are counted as missing codes, not lost), the variable labels, the
value labels and the user-missing declarations of every variable.

Legacy SPSS files written on Chinese Windows often store GBK text while their
header declares a Western code page (windows-1252) or none at all: read as
declared, every label comes out as mojibake (``ÄÐÐÔ`` for ``男性``). When the
declared encoding is not UTF-8 and the labels read as Latin text that is in
fact valid GB18030, the file is read again as GB18030. ``encoding=`` names the
encoding outright.

Examples
--------
>>> import tempfile, pathlib, pandas as pd, pyreadstat
>>> path = pathlib.Path(tempfile.mkdtemp()) / "s.sav"
>>> pyreadstat.write_sav(pd.DataFrame({"sex": [1.0, 2.0, 9.0]}), str(path),
...                      column_labels={"sex": "性别"}, missing_ranges={"sex": [9]},
...                      variable_value_labels={"sex": {1: "男", 2: "女", 9: "拒答"}})
>>> raw = read_stat(path)
>>> raw.column_labels, raw.value_labels["sex"], raw.user_missing
({'sex': '性别'}, {1.0: '男', 2.0: '女', 9.0: '拒答'}, {'sex': [9.0]})
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from ..exceptions import InputFileError
from .files import RawTable

__all__ = ["read_stat", "LEGACY_ENCODING"]

#: The encoding tried for legacy Chinese files that declare a Western code page.
LEGACY_ENCODING = "GB18030"
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_HIGH = re.compile(r"[\u0080-\u00ff]")


def _read(path: Path, encoding: str | None, metadataonly: bool = False):
    import pyreadstat

    suffix = path.suffix.lower()
    reader = pyreadstat.read_dta if suffix == ".dta" else pyreadstat.read_sav
    return reader(str(path), user_missing=True, encoding=encoding, metadataonly=metadataonly)


def _texts(meta) -> list[str]:
    texts = [t for t in meta.column_labels if t]
    for labels in (meta.variable_value_labels or {}).values():
        texts += [str(v) for v in labels.values()]
    return texts


def _legacy_chinese(path: Path) -> bool:
    """True when the labels read as declared look like GBK bytes shown as Latin text."""
    try:
        _, meta = _read(path, None, metadataonly=True)
    except Exception:  # undecodable as declared: let GB18030 decide
        return True
    if (meta.file_encoding or "").upper().replace("-", "") == "UTF8":
        return False
    texts = _texts(meta)
    if not any(_LATIN_HIGH.search(t) for t in texts):
        return False
    try:
        _, again = _read(path, LEGACY_ENCODING, metadataonly=True)
    except Exception:
        return False
    return any(_CJK.search(t) for t in _texts(again))


def read_stat(path, encoding: str | None = None) -> RawTable:
    """Read an SPSS or Stata file with its labels and user-missing values.

    Parameters
    ----------
    path : str or Path
        ``.sav``, ``.zsav`` or ``.dta``.
    encoding : str, optional
        The file's text encoding; by default the declared one, or GB18030 for a
        legacy Chinese file (see the module notes).

    Returns
    -------
    RawTable
        ``value_labels`` ``{column: {code: label}}``, ``column_labels``
        ``{column: label}``, ``user_missing`` ``{column: [codes]}`` (a declared
        range lo..hi lists the whole numbers within it, at most 100 of them, and
        both ends), ``encoding`` as used.

    Raises
    ------
    InputFileError
        The file is missing or not readable as SPSS/Stata.
    """
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"{path}: data file not found")
    if encoding is None and path.suffix.lower() != ".dta" and _legacy_chinese(path):
        encoding = LEGACY_ENCODING
    try:
        frame, meta = _read(path, encoding)
    except Exception as err:  # pyreadstat raises ReadstatError and, for bad text, SystemError
        raise InputFileError(f"{path}: not a readable {path.suffix[1:]} file ({err}); if its "
                             "labels are Chinese, try encoding='GB18030'") from None
    frame.index = np.arange(1, len(frame) + 1)
    frame.index.name = "row"
    missing = {col: _missing_values(ranges)
               for col, ranges in (getattr(meta, "missing_ranges", None) or {}).items()}
    fmt = "dta" if path.suffix.lower() == ".dta" else "sav"
    return RawTable(frame, str(path), fmt, encoding=encoding or meta.file_encoding,
                    value_labels={k: dict(v) for k, v in (meta.variable_value_labels or {}).items()},
                    column_labels={k: v for k, v in zip(meta.column_names, meta.column_labels) if v},
                    user_missing=missing)


def _missing_values(ranges) -> list:
    values = []
    for rng in ranges:
        lo, hi = rng["lo"], rng["hi"]
        if lo == hi or isinstance(lo, str):
            values.append(lo)
            continue
        whole = np.arange(np.ceil(lo), np.floor(hi) + 1)
        values += [lo] + [float(v) for v in whole[:100] if lo < v < hi] + [hi]
    return list(dict.fromkeys(values))
