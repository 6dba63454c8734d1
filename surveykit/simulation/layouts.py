"""Writing a simulation in the layout a study really gets.

=============  =======================================================================
layout         what is written
=============  =======================================================================
``wjx-text``   Wenjuanxing "export by option text" (.xlsx): leading columns 序号,
               提交答卷时间, 所用时间 (``574秒``), 来源, 来源详情, 来自IP; headers
               ``1、您的性别：`` (a question's ``source``, else numbered from its label);
               answers as label text, multiple choice joined by ``┋``, ``(空)`` for no
               answer and ``(跳过)`` for a question skipped by the logic.
``wjx-codes``  the same with option codes (multiple choice ``1┋3``), ``-2`` for no
               answer and ``-3`` for skipped (declare them as missing codes).
``kobo``       KoboToolbox CSV (``;``-separated, XML values): ``start``/``end``, the
               questions under their group paths (``grp/name``), a select_multiple
               as its space-separated summary plus one 1/0 column per option, then
               ``_id, _uuid, _submission_time, _index``; the XLSForm (survey, choices
               and settings sheets) is written beside it as ``NAME.xlsform.xlsx``.
``sav``        SPSS .sav: codes with value labels and variable labels in the default
               language; the model's ``missing_as``/``skip_as`` codes declared missing.
``xlsx``       a plain coded workbook (one header row of ``source`` or names).
``csv``        the same as UTF-8 CSV; ``csv-gbk`` as GBK CSV (Chinese Windows Excel).
=============  =======================================================================

Invalid entries are written as a layout can hold them: a label with a typo
(``同意意``) or a doubled code (``33``) for a coded question, ``30多`` for a
number (``30.5`` for a whole number in a .sav).

Examples
--------
>>> layout_for("out.sav"), layout_for("out.xlsx", "wjx-text")
('sav', 'wjx-text')
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import OptionError
from ..io.cells import normalize
from ..schema.model import CODED_TYPES, text
from ._files import write_csv, write_sav, write_workbook
from .generate import EMPTY, INVALID, SKIPPED, Simulation
from .model import LAYOUTS

__all__ = ["layout_for", "write_simulation", "Column", "body_columns"]

_SUFFIX = {"wjx-text": ".xlsx", "wjx-codes": ".xlsx", "kobo": ".csv", "sav": ".sav", "xlsx": ".xlsx",
           "csv": ".csv", "csv-gbk": ".csv"}
_BY_SUFFIX = {".sav": "sav", ".xlsx": "xlsx", ".csv": "csv"}
WJX_LEADING = ("序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP")
KOBO_LEADING = ("start", "end")
KOBO_TRAILING = ("_id", "_uuid", "_submission_time", "_index")


def layout_for(path, layout: str | None = None) -> str:
    """The layout to write: the one named, else the one the file's suffix implies."""
    suffix = Path(path).suffix.lower()
    if layout is None:
        if suffix not in _BY_SUFFIX:
            raise OptionError(f"{path}: cannot tell the layout from '{suffix}'; give --layout "
                              f"({', '.join(LAYOUTS)})")
        return _BY_SUFFIX[suffix]
    if layout not in LAYOUTS:
        raise OptionError(f"--layout must be one of {', '.join(LAYOUTS)}; found {layout!r}")
    if suffix != _SUFFIX[layout]:
        raise OptionError(f"{path}: the {layout} layout writes a '{_SUFFIX[layout]}' file; "
                          f"found '{suffix}'")
    return layout


class Column:
    """One written column: header, cells, and the question it comes from (None for paradata)."""

    __slots__ = ("header", "cells", "question")

    def __init__(self, header, cells, question=None):
        self.header, self.cells, self.question = header, cells, question


class _Style:
    """How one layout writes headers and cells."""

    def __init__(self, sim: Simulation, layout: str):
        self.sim, self.layout = sim, layout
        self.q = sim.questionnaire
        self.lang = self.q.language
        self.labels = layout == "wjx-text"
        mess = sim.model.mess
        if layout == "wjx-text":
            self.empty, self.skipped = "(空)", "(跳过)"
        elif layout == "wjx-codes":
            self.empty, self.skipped = -2, -3
        elif layout == "kobo":
            self.empty = self.skipped = None
        else:
            self.empty, self.skipped = _num(mess.missing_as), _num(mess.skip_as)
        self.number = 0

    def header(self, qn) -> str:
        if self.layout == "sav":  # SPSS variable names: the question names (read by name)
            return qn.name
        if isinstance(qn.source, str):
            return qn.source
        if self.layout.startswith("wjx"):
            self.number += 1
            return f"{self.number}、{text(qn.label, self.lang, qn.name)}："
        return qn.name

    def fill(self, cells: np.ndarray, state: np.ndarray) -> np.ndarray:
        cells = cells.astype(object)
        cells[state == EMPTY] = self.empty
        cells[state == SKIPPED] = self.skipped
        return cells

    def coded(self, qn, values, state) -> np.ndarray:
        codes = qn.choices.codes
        if self.labels:
            lookup = {float(c): qn.choices.label_of(c, self.lang) for c in codes}
            cells = np.asarray([lookup.get(v) for v in values], dtype=object)
            typo = np.asarray([None if v not in lookup else lookup[v] + lookup[v][-1] for v in values], dtype=object)
        else:
            cells = np.asarray([None if np.isnan(v) else int(v) for v in values], dtype=object)
            typo = np.asarray([None if np.isnan(v) else int(v) * 11 for v in values], dtype=object)
        cells[state == INVALID] = typo[state == INVALID]
        return self.fill(cells, state)

    def number_cells(self, qn, values, state) -> np.ndarray:
        whole = qn.type == "integer" or np.all(np.isnan(values) | (values == np.round(values)))
        cells = np.asarray([None if np.isnan(v) else (int(v) if whole else float(v)) for v in values],
                           dtype=object)
        bad = state == INVALID
        if self.layout == "sav" and bad.any():
            if qn.type != "integer":
                raise OptionError(f"an SPSS file cannot hold an invalid entry in number question "
                                  f"'{qn.name}'; list integer or coded questions under mess.invalid_values")
            cells[bad] = values[bad] + 0.5
        else:
            cells[bad] = [f"{int(v)}多" for v in values[bad]]
        return self.fill(cells, state)

    def columns(self, qn) -> list[Column]:
        sim = self.sim
        state = sim.states[qn.name].to_numpy()
        if qn.type in CODED_TYPES:
            values = sim.answers[qn.name].to_numpy(dtype=np.float64)
            return [Column(self.header(qn), self.coded(qn, values, state), qn)]
        if qn.type in ("integer", "number"):
            values = sim.answers[qn.name].to_numpy(dtype=np.float64)
            return [Column(self.header(qn), self.number_cells(qn, values, state), qn)]
        if qn.type in ("multiple", "rank"):
            return self.options(qn, state)
        if (state == INVALID).any():
            raise OptionError(f"text question '{qn.name}' cannot hold an invalid entry")
        cells = sim.answers[qn.name].to_numpy(dtype=object)
        if not self.layout.startswith("wjx"):  # a blank text cell, whatever the numeric missing codes
            return [Column(self.header(qn), np.where(state == 0, cells, None), qn)]
        return [Column(self.header(qn), self.fill(cells, state), qn)]

    def options(self, qn, state) -> list[Column]:
        codes = qn.choices.codes
        chosen = self.sim.answers[list(qn.columns)].to_numpy(dtype=np.float64) == 1
        answered = state == 0
        if self.labels or self.layout == "wjx-codes" or isinstance(qn.source, str):
            names = [qn.choices.label_of(c, self.lang) if self.labels else str(c) for c in codes]
            sep = "┋" if self.layout.startswith("wjx") else (" " if self.layout == "kobo" else ",")
            listing = np.asarray([sep.join(n for n, on in zip(names, row) if on) for row in chosen], dtype=object)
            header = self.header(qn)
            out = [Column(header, self.fill(np.where(answered, listing, None), state), qn)]
            if self.layout == "kobo":
                for j, c in enumerate(codes):
                    cells = np.where(answered, chosen[:, j].astype(int), None)
                    out.append(Column(f"{header}/{c}", cells, None))
            return out
        headers = qn.source if isinstance(qn.source, dict) else {c: f"{qn.name}__{c}" for c in codes}
        return [Column(headers[c], self.fill(np.where(answered, chosen[:, j].astype(int), None), state), qn)
                for j, c in enumerate(codes)]


def _num(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def body_columns(sim: Simulation, layout: str) -> list[Column]:
    """Every question's column(s) in the layout, in questionnaire order."""
    style = _Style(sim, layout)
    return [col for qn in sim.questionnaire.questions for col in style.columns(qn)]


def _wjx_leading(sim: Simulation) -> list[Column]:
    p = sim.paradata
    stamps = pd.to_datetime(p["submitted"])
    when = [f"{t.year}/{t.month}/{t.day} {t:%H:%M:%S}" for t in stamps]
    return [Column("序号", p["serial"].astype(int).tolist()), Column("提交答卷时间", when),
            Column("所用时间", [f"{int(d)}秒" for d in p["duration"]]),
            Column("来源", p["channel"].tolist()), Column("来源详情", ["直接访问"] * sim.n),
            Column("来自IP", p["ip"].tolist())]


def _kobo_meta(sim: Simulation) -> tuple[list[Column], list[Column]]:
    p = sim.paradata
    end = pd.to_datetime(p["submitted"])
    start = end - pd.to_timedelta(p["duration"].to_numpy(), unit="s")
    iso = lambda ts: [f"{t:%Y-%m-%dT%H:%M:%S}.000+08:00" for t in ts]  # noqa: E731
    lead = [Column("start", iso(start)), Column("end", iso(end))]
    trail = [Column("_id", (p["serial"] + 180_000_000).astype(int).tolist()), Column("_uuid", p["uuid"].tolist()),
             Column("_submission_time", [f"{t:%Y-%m-%dT%H:%M:%S}" for t in end]),
             Column("_index", p["serial"].astype(int).tolist())]
    return lead, trail


def _merge(lead: list[Column], body: list[Column], trail: list[Column]) -> list[Column]:
    """Layout columns first/last; a question declared on one of them is not written twice."""
    fixed = {normalize(c.header).rstrip(":：") for c in lead + trail}
    return lead + [c for c in body if normalize(c.header).rstrip(":：") not in fixed] + trail


def _rows(columns: list[Column]) -> list[list]:
    cells = [list(c.cells) for c in columns]
    return [[c.header for c in columns]] + [list(r) for r in zip(*cells)]


def write_simulation(sim: Simulation, path, layout: str | None = None) -> list[Path]:
    """Write a simulation to ``path`` in ``layout``; return the files written.

    Parameters
    ----------
    sim : Simulation
    path : str or Path
        Output file; its suffix must suit the layout (see the module table).
    layout : str, optional
        One of :data:`~surveykit.simulation.model.LAYOUTS`; default from the suffix.
    """
    path = Path(path)
    layout = layout_for(path, layout)
    body = body_columns(sim, layout)
    if layout.startswith("wjx"):
        write_workbook(path, [("Sheet1", _rows(_merge(_wjx_leading(sim), body, [])))])
        return [path]
    if layout == "kobo":
        from .kobo import write_xlsform

        lead, trail = _kobo_meta(sim)
        write_csv(path, _rows(_merge(lead, body, trail)), delimiter=";")
        form = path.with_name(path.stem + ".xlsform.xlsx")
        write_xlsform(sim, form, body)
        return [path, form]
    if layout == "xlsx":
        write_workbook(path, [("data", _rows(body))])
    elif layout in ("csv", "csv-gbk"):
        write_csv(path, _rows(body), encoding="gbk" if layout == "csv-gbk" else "utf-8")
    else:
        _sav(sim, path, body)
    return [path]


def _sav(sim: Simulation, path: Path, body: list[Column]) -> None:
    q, lang = sim.questionnaire, sim.questionnaire.language
    frame, labels, value_labels, missing = {}, [], {}, {}
    codes = [v for v in (sim.model.mess.missing_as, sim.model.mess.skip_as) if v is not None]
    for col in body:
        qn = col.question
        numeric = all(v is None or isinstance(v, (int, float)) for v in col.cells)
        if numeric:
            frame[col.header] = np.asarray([np.nan if v is None else float(v) for v in col.cells])
        else:
            frame[col.header] = [("" if v is None else str(v)) for v in col.cells]
        name = col.header if qn is not None and col.header in qn.columns else getattr(qn, "name", None)
        labels.append(q.variable_label(name, lang) if name else col.header)
        if qn is not None and qn.type in CODED_TYPES:
            value_labels[col.header] = {float(c): qn.choices.label_of(c, lang) for c in qn.choices.codes}
        if numeric and codes:
            missing[col.header] = [float(c) for c in codes]
    write_sav(path, pd.DataFrame(frame), column_labels=labels, variable_value_labels=value_labels,
              missing_ranges=missing or None, file_label=text(q.title, lang, q.id)[:64])
