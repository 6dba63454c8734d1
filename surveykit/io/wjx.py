"""Wenjuanxing (问卷星) exports: the two downloads of one survey, and their conventions.

Wenjuanxing offers two downloads of the same answers:

* the text export (按选项文本): cells hold the option labels; a multiple-choice
  answer is one cell with the chosen options joined by ``┋`` (a ranking by
  ``→``); ``(空)`` marks an empty answer and ``(跳过)`` a question that the
  questionnaire's logic did not show; an "other, please specify" answer is
  written ``其他【请注明】〖the text〗``;
* the code export (按选项序号): cells hold the option's position in the
  designed list (so codes need not start at 1 in the data); a multiple-choice
  question becomes one 0/1 column per option headed ``第6题(运动)`` (option
  labels may contain brackets: ``第8题(ACG文化(动漫、游戏等))``); the export
  writes ``-3`` for a skipped question and ``-2`` for an empty one. (The
  sample export shipped with the project has neither; the two codes follow
  Wenjuanxing's download conventions and are treated as missing by other
  readers of these files, e.g. reportgen. They apply only in choice columns,
  and only where the number is not a code of the question's list.)

Both start with the same leading columns, read by a schema that declares them
(see :data:`LEADING_COLUMNS`, which :func:`surveykit.schema.infer.infer_schema`
uses): 序号 the respondent id, 提交答卷时间 the submission time, 所用时间 the
duration in seconds (``574秒`` is 574; ``12分钟`` is not how Wenjuanxing writes
it and is reported as an invalid value with its row and column), 来源 and
来源详情 the channel, 来自IP the IP address (personal data).

The code export keeps the codes and loses the "other" texts, the text export
the reverse: :func:`read_wjx_pair` reads both through one schema and joins them
on 序号, so that both are kept and any disagreement is reported.

Examples
--------
>>> import tempfile, pathlib
>>> from surveykit.schema import loads_schema
>>> q = loads_schema('''
... surveykit: 1
... id: pets
... choice_lists: {pet: {1: 猫, 2: 狗, 3: 其他【请注明】}}
... questions:
...   - {name: pet, type: single, choices: pet, source: "1"}
... ''')
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "codes.csv").write_text("序号,1、宠物\\n1,2\\n2,3\\n", encoding="utf-8")
>>> _ = (folder / "text.csv").write_text("序号,1、宠物\\n2,其他【请注明】〖仓鼠〗\\n1,狗\\n", encoding="utf-8")
>>> survey = read_wjx_pair(q, folder / "codes.csv", folder / "text.csv")
>>> survey.data
     pet pet__other_text
row
1    2.0       None
2    3.0         仓鼠
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ..schema.model import Questionnaire
from .files import read_raw
from .flavors import FLAVORS
from .schema_reader import OTHER_SUFFIX, code_table

__all__ = ["read_wjx_pair", "LEADING_COLUMNS"]

#: Wenjuanxing's leading columns: header -> (name, type, role, pii) of the question that reads it.
LEADING_COLUMNS = {
    "序号": ("resp_id", "integer", "id", False),
    "提交答卷时间": ("submitted", "date", "paradata", False),
    "所用时间": ("duration_s", "number", "paradata", False),
    "来源": ("channel", "text", "paradata", False),
    "来源详情": ("channel_detail", "text", "paradata", False),
    "来自IP": ("ip", "text", "paradata", True),
}
_ID = "序号"


def read_wjx_pair(questionnaire: Questionnaire, codes, text, *, sheet=None):
    """Read the code export and the text export of one survey and join them on 序号.

    Parameters
    ----------
    questionnaire : Questionnaire
        One schema for both files (sources that name the question number, or
        the ``N、text`` header, match both exports).
    codes, text : str or Path
        The code export (按选项序号) and the text export (按选项文本).
    sheet : str or int, optional
        Sheet of the workbooks.

    Returns
    -------
    SurveyData
        Rows and codes of the code export; the ``NAME__other_text`` texts from the
        text export. ``problems`` hold both files' problems (those of the text
        export marked ``text export:``), respondents found in one file only
        (``unmatched_respondent``) and answers on which the two files disagree
        (``export_mismatch``, with the code export's row).

    Raises
    ------
    DataError
        A file has no 序号 column, or the same 序号 twice.

    Examples
    --------
    Respondent 3 is 猫 (code 1) in one export and 狗 in the other:

    >>> import tempfile, pathlib
    >>> from surveykit import loads_schema
    >>> q = loads_schema('''
    ... surveykit: 1
    ... id: pets
    ... choice_lists: {pet: {1: 猫, 2: 狗, 3: 其他【请注明】}}
    ... questions:
    ...   - {name: pet, type: single, choices: pet, source: "1"}
    ... ''')
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "codes.csv").write_text("序号,1、宠物\\n1,2\\n2,3\\n3,1\\n", encoding="utf-8")
    >>> _ = (folder / "text.csv").write_text("序号,1、宠物\\n2,其他【请注明】〖仓鼠〗\\n1,狗\\n3,狗\\n",
    ...                                      encoding="utf-8")
    >>> survey = read_wjx_pair(q, folder / "codes.csv", folder / "text.csv")
    >>> survey.data
         pet pet__other_text
    row
    1    2.0            None
    2    3.0              仓鼠
    3    1.0            None
    >>> survey.problems[["check", "row", "value"]]
                 check  row value
    0  export_mismatch    3     1
    """
    flavor = FLAVORS["wjx"]
    raws = {"codes": read_raw(codes, sheet=sheet), "text": read_raw(text, sheet=sheet)}
    ids = {kind: _ids(raw) for kind, raw in raws.items()}
    by_code = code_table(questionnaire, raws["codes"], flavor)
    by_text = code_table(questionnaire, raws["text"], flavor)
    position = pd.Index(ids["text"].to_numpy()).get_indexer(ids["codes"].to_numpy())
    matched = position >= 0
    data = by_code.data.copy()
    text_rows = by_text.data.iloc[np.where(matched, position, 0)]
    problems = [by_code.problems, _marked(by_text.problems),
                _unmatched(ids["codes"][~matched], "text", raws["text"].path),
                _unmatched(ids["text"][~ids["text"].isin(ids["codes"])], "code", raws["codes"].path)]
    for column in data.columns:
        theirs = pd.Series(text_rows[column].to_numpy(), index=data.index).where(matched, None)
        if column.endswith(OTHER_SUFFIX):
            data[column] = theirs.astype(object).where(theirs.notna(), None)
            continue
        if data[column].dtype.kind != "f":
            continue
        ours = data[column].to_numpy()
        other = theirs.to_numpy(dtype=float, na_value=np.nan)
        differ = matched & ~((ours == other) | (np.isnan(ours) & np.isnan(other)))
        if differ.any():
            rows = data.index[differ]
            problems.append(pd.DataFrame({
                "check": "export_mismatch", "column": column, "question": column.split("__")[0],
                "row": rows.to_numpy(), "value": [_shown(v) for v in ours[differ]],
                "message": [f"the code export has {_shown(a)} and the text export {_shown(b)} for "
                            f"respondent {ids['codes'].iloc[i]}; the code export's value is kept"
                            for a, b, i in zip(ours[differ], other[differ], np.where(differ)[0])]}))
    kept = [p for p in problems if len(p)]
    merged = pd.concat(kept, ignore_index=True) if kept else by_code.problems
    return by_code.replace(data=data, problems=merged,
                           source=f"{raws['codes'].path} + {raws['text'].path}")


def _ids(raw) -> pd.Series:
    header = FLAVORS["wjx"].find_column(_ID, {h.strip(): h for h in raw.headers})
    if header is None:
        raise DataError(f"{raw.path}: no column {_ID}; a Wenjuanxing export starts with "
                        f"{', '.join(LEADING_COLUMNS)}, and the two exports are joined on {_ID}")
    ids = raw.frame[header].astype(str).str.strip()
    dup = ids[ids.duplicated()]
    if len(dup):
        raise DataError(f"{raw.path}: row {dup.index[0]}, column {header}: {_ID} {dup.iloc[0]!r} "
                        "appears twice, so the two exports cannot be joined")
    return ids


def _marked(problems: pd.DataFrame) -> pd.DataFrame:
    if not len(problems):
        return problems
    return problems.assign(message="text export: " + problems["message"].astype(str))


def _unmatched(ids: pd.Series, other: str, path: str) -> pd.DataFrame:
    return pd.DataFrame({
        "check": "unmatched_respondent", "column": _ID, "question": None,
        "row": ids.index.to_numpy(), "value": ids.to_numpy(),
        "message": f"respondent {_ID} is not in the {other} export ({path})"})


def _shown(value) -> str:
    if isinstance(value, float):
        return "nothing" if np.isnan(value) else (str(int(value)) if value.is_integer() else str(value))
    return str(value)
