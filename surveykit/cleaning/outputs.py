"""Writing a cleaning result: the clean data, the log and the excluded respondents.

For ``-o clean.xlsx`` the files are ``clean.xlsx`` (format by suffix, see
:mod:`surveykit.io.writers`), ``clean.log.csv`` (``row, respondent, column,
old, new, rule``) and ``clean.excluded.csv`` (``row, respondent, reasons``,
the reasons separated by ``;``). The clean data carry a 0/1 column
``flag_CHECK`` for every check that only flags. Each file is written
atomically; none may be one of the input files.

Examples
--------
>>> import tempfile, pathlib
>>> from surveykit import loads_schema, read_survey
>>> from surveykit.cleaning import clean
>>> q = loads_schema("surveykit: 1\\nid: demo\\nquestions: [{name: age, type: integer, range: [16, 99]}]")
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "raw.csv").write_text("age\\n30\\n130\\n", encoding="utf-8")
>>> result = clean(read_survey(q, folder / "raw.csv"))
>>> [p.name for p in write_clean(result, folder / "clean.csv", inputs=[folder / "raw.csv"])]
['clean.csv', 'clean.log.csv', 'clean.excluded.csv']
>>> print((folder / "clean.log.csv").read_text(encoding="utf-8-sig"))
row,respondent,column,old,new,rule
2,2,age,130,,out_of_range
<BLANKLINE>
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .._atomic import atomic_path, refuse_overwriting_inputs
from ..io.writers import WRITERS, write_survey
from ..exceptions import OptionError

__all__ = ["write_clean", "output_paths"]


def output_paths(path) -> list[Path]:
    """The three files written for ``path``: data, ``STEM.log.csv``, ``STEM.excluded.csv``."""
    path = Path(path)
    if path.suffix.lower() not in WRITERS:
        raise OptionError(f"{path}: clean writes {', '.join(WRITERS)} files; found "
                          f"'{path.suffix or 'no suffix'}'")
    return [path, path.with_name(f"{path.stem}.log.csv"), path.with_name(f"{path.stem}.excluded.csv")]


def write_clean(result, path, *, inputs=()) -> list[Path]:
    """Write the clean data, the log and the excluded respondents beside each other.

    Parameters
    ----------
    result : CleanResult
    path : str or Path
        The clean data file; its suffix chooses the format.
    inputs : iterable of paths
        The run's input files (schema, data), which no output may overwrite.

    Returns
    -------
    list of Path
        The files written.
    """
    paths = output_paths(path)
    refuse_overwriting_inputs(paths, inputs)
    data, log, excluded = paths
    flags = result.flag_columns()
    write_survey(result.survey, data, extra=flags if len(flags.columns) else None)
    with atomic_path(log) as tmp:
        result.log.to_csv(tmp, index=False, encoding="utf-8-sig")
    codes, combinations = pd.factorize(result.excluded["reasons"])  # a few distinct combinations
    joined = np.array(["; ".join(c) for c in combinations] + [""], dtype=object)[codes]
    table = result.excluded.assign(reasons=joined)
    with atomic_path(excluded) as tmp:
        table.to_csv(tmp, index=False, encoding="utf-8-sig")
    return paths
