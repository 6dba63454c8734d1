"""Writing survey data (e.g. the cleaned data) to a file chosen by its suffix.

One writer per suffix, through :data:`WRITERS`; every writer writes to a
temporary file beside the target and renames it into place when complete, so
a crash never leaves a half-written file. Every output starts with the column
``row`` (the 1-based data row of the raw file, as in the cleaning log), then
the variables as codes.

``.csv``
    One header row of variable names, one record per respondent, codes (not
    labels), UTF-8 with a byte-order mark so that Excel shows Chinese text.
``.xlsx``
    Sheet ``data``: the same codes under variable names (what SPSS, Stata or
    R import without surprises, and what a thesis writer filters and sums);
    sheet ``variables``: the codebook, one row per variable with its label in
    every language of the schema, its type, its value labels (``1 = 男; 2 = 女``)
    and whether it is reversed. Codes plus a codebook, rather than label text
    in the cells, because label cells cannot be averaged or re-imported.
``.sav``
    SPSS with variable labels and value labels in the schema's default language
    (``pyreadstat.write_sav``); text columns become SPSS strings.
``.parquet``
    Codes with their types (text stays text); no labels.

Examples
--------
>>> import tempfile, pathlib
>>> from surveykit import loads_schema, read_survey
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... choice_lists: {sex: {1: 男, 2: 女}}
... questions: [{name: sex, type: single, choices: sex, label: 性别}]
... ''')
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "raw.csv").write_text("sex\\n男\\n2\\n", encoding="utf-8")
>>> survey = read_survey(q, folder / "raw.csv")
>>> _ = write_survey(survey, folder / "out.csv")
>>> print((folder / "out.csv").read_text(encoding="utf-8-sig"))
row,sex
1,1
2,2
<BLANKLINE>
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from .._atomic import atomic_path
from ..exceptions import DataError, OptionError
from ..schema.model import OPTION_TYPES, Question, Scale

__all__ = ["write_survey", "export_frame", "codebook", "WRITERS"]

#: Most data rows an Excel sheet holds (1,048,576 rows minus the header).
XLSX_MAX_ROWS = 1_048_575


def export_frame(survey, extra: pd.DataFrame | None = None) -> pd.DataFrame:
    """The data as written: ``row`` first, whole-number columns as integers (nullable)."""
    data = survey.data if extra is None else survey.data.join(extra)
    out = {"row": data.index.to_numpy(np.int64)}
    for name in data.columns:
        values = data[name]
        if values.dtype.kind == "f":
            finite = values.to_numpy()[np.isfinite(values.to_numpy())]
            if np.array_equal(finite, np.round(finite)) and (finite.size == 0 or np.abs(finite).max() < 2**53):
                values = values.astype("Int64")
        out[name] = values.array
    return pd.DataFrame(out)


def codebook(survey, columns=None) -> pd.DataFrame:
    """One row per variable: ``variable, label_LANG..., type, values, reversed``."""
    q = survey.questionnaire
    columns = list(survey.data.columns if columns is None else columns)
    records = []
    for name in columns:
        base, _, code = name.partition("__")
        try:
            item = q.find(base)
        except KeyError:
            item = None
        record = {"variable": name}
        for language in q.languages:
            record[f"label_{language}"] = (q.variable_label(name, language) if item is not None
                                           else _flag_label(name, language))
        record["type"] = _kind(item, bool(code))
        record["values"] = _values_text(q, item, bool(code))
        record["reversed"] = bool(isinstance(item, Question) and item.reverse)
        records.append(record)
    return pd.DataFrame(records)


def _flag_label(name: str, language: str) -> str:
    if name.startswith("flag_"):
        check = name[len("flag_"):]
        if language == "zh":
            return f"质量检查 {check} 标记 (1 = 是)"
        return f"Flagged by quality check {check} (1 = yes)"
    return name


def _kind(item, option: bool) -> str:
    if item is None:
        return "flag"
    if isinstance(item, Scale):
        return f"scale ({item.score})"
    if isinstance(item, Question):
        return f"{item.type} option" if option else item.type
    return "derived (cut)" if item.cut is not None else "derived (any_of, 0/1)"


_WORDS = {"zh": {0: "否", 1: "是", "not": "未选", "chosen": "选中"},
          "en": {0: "No", 1: "Yes", "not": "Not chosen", "chosen": "Chosen"}}


def _value_labels(q, item, option: bool, language: str) -> dict:
    words = _WORDS["zh" if language == "zh" else "en"]
    if item is None or (not isinstance(item, (Question, Scale)) and item.any_of is not None):
        return {0: words[0], 1: words[1]}            # a flag or an any_of indicator
    if isinstance(item, Scale):
        return {}
    if isinstance(item, Question) and (option or item.type in OPTION_TYPES):
        return {0: words["not"], 1: words["chosen"]} if option and item.type == "multiple" else {}
    return item.choices.labels(language) if item.choices is not None else {}


def _values_text(q, item, option: bool) -> str:
    labels = _value_labels(q, item, option, q.language)
    return "; ".join(f"{code} = {label}" for code, label in labels.items())


def _csv(survey, path: Path, extra) -> None:
    frame = export_frame(survey, extra)
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, encoding="utf-8-sig")


def _xlsx(survey, path: Path, extra) -> None:
    frame = export_frame(survey, extra)
    if len(frame) > XLSX_MAX_ROWS:
        raise DataError(f"{path}: {len(frame):,} respondents do not fit in an Excel sheet "
                        f"({XLSX_MAX_ROWS:,} rows at most); write .csv, .sav or .parquet")
    book = codebook(survey, list(frame.columns[1:]))
    with atomic_path(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            frame.to_excel(writer, sheet_name="data", index=False)
            book.to_excel(writer, sheet_name="variables", index=False)


def _sav(survey, path: Path, extra) -> None:
    import pyreadstat

    q = survey.questionnaire
    frame = export_frame(survey, extra)
    labels, value_labels = {"row": "Row of the raw file" if q.language != "zh" else "原始数据行号"}, {}
    for name in frame.columns[1:]:
        base, _, code = name.partition("__")
        try:
            item = q.find(base)
        except KeyError:
            item = None
        labels[name] = q.variable_label(name, q.language) if item is not None else _flag_label(name, q.language)
        values = _value_labels(q, item, bool(code), q.language)
        if values:
            value_labels[name] = {(float(c) if not isinstance(c, str) else c): v for c, v in values.items()}
    for name in frame.columns:  # SPSS numbers are doubles; nullable integers become float with NaN
        if isinstance(frame[name].dtype, pd.Int64Dtype) or frame[name].dtype.kind in "iub":
            frame[name] = frame[name].astype("float64")
        elif frame[name].dtype.kind not in "fM":
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    with atomic_path(path) as tmp:
        try:
            pyreadstat.write_sav(frame, str(tmp), column_labels=labels, variable_value_labels=value_labels)
        except (pyreadstat.PyreadstatError, pyreadstat.ReadstatError) as err:
            raise DataError(f"{path}: SPSS refused the data ({err}); variable names must start "
                            "with a letter and be at most 64 bytes") from err


def _parquet(survey, path: Path, extra) -> None:
    frame = export_frame(survey, extra)
    with atomic_path(path) as tmp:
        frame.to_parquet(tmp, index=False)


Writer = Callable[..., None]
#: Writer of each output suffix.
WRITERS: dict[str, Writer] = {".csv": _csv, ".xlsx": _xlsx, ".sav": _sav, ".parquet": _parquet}


def write_survey(survey, path, *, extra: pd.DataFrame | None = None) -> Path:
    """Write survey data to ``path`` (format by suffix), atomically.

    Parameters
    ----------
    survey : SurveyData
        The data (personal data are written as they stand: drop them first,
        as :func:`surveykit.clean` does).
    path : str or Path
        ``.csv``, ``.xlsx``, ``.sav`` or ``.parquet``.
    extra : DataFrame, optional
        More columns, indexed like ``survey.data`` (e.g. ``flag_CHECK`` 0/1 columns).

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> from surveykit import load_schema, read_survey
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> out = write_survey(survey, pathlib.Path(tempfile.mkdtemp()) / "survey.csv")
    >>> back = pd.read_csv(out, encoding="utf-8-sig")
    >>> back.shape, back.columns[:5].tolist()
    ((356, 41), ['row', 'uuid', 'duration_s', 'gender', 'age'])
    """
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise OptionError(f"{path}: cannot write '{path.suffix}' files; use one of "
                          f"{', '.join(WRITERS)}")
    writer(survey, path, extra)
    return path
