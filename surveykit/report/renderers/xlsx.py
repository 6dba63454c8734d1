"""Excel (.xlsx) renderer: a contents sheet and one sheet per table (and figure).

Numbers are stored as numbers, shown through an Excel number format equal to
the report's text (decimals, stars, ``< .001``), so a reader can compute
with them. Text that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or
carriage return) is stored as a string with Excel's quote prefix: Excel never
evaluates it as a formula, even after the cell is edited.

The file is deterministic: fixed document properties and zip timestamps.
"""

from __future__ import annotations

import datetime as _dt
import io
import unicodedata

from ...report.table import Table
from ._zip import normalise_zip

__all__ = ["write", "to_bytes", "FORMULA_STARTS", "safe_text"]

#: First characters that make a spreadsheet treat text as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIXED_DATE = _dt.datetime(2000, 1, 1, 0, 0, 0)


def safe_text(value: str) -> bool:
    """True when ``value`` can be written as plain text without being read as a formula."""
    return not value.startswith(FORMULA_STARTS)


def write(report, path) -> None:
    """Write ``report`` as an .xlsx workbook at ``path`` (atomically)."""
    from ..._atomic import atomic_path

    data = to_bytes(report)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def to_bytes(report) -> bytes:
    """The .xlsx workbook of ``report`` as bytes."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    from ..document import Figure

    wb = Workbook()
    contents = wb.active
    zh = report.language == "zh"
    contents.title = "目录" if zh else "Contents"
    _put(contents, 1, 1, report.title, bold=True)
    if report.subtitle:
        _put(contents, 2, 1, report.subtitle)
    header = ("编号", "标题", "工作表") if zh else ("No.", "Title", "Sheet")
    for j, h in enumerate(header, 1):
        _put(contents, 4, j, h, bold=True)
    row = 5
    for block in report.blocks:
        if isinstance(block, Table):
            sheet = wb.create_sheet(_sheet_name(report.caption(block)))
            _table_sheet(sheet, report, block)
        elif isinstance(block, Figure):
            sheet = wb.create_sheet(_sheet_name(report.caption(block)))
            _figure_sheet(sheet, report, block)
        else:
            continue
        _put(contents, row, 1, report.caption(block))
        _put(contents, row, 2, block.title)
        link = contents.cell(row=row, column=3, value=sheet.title)
        link.hyperlink = f"#'{sheet.title}'!A1"
        link.style = "Hyperlink"
        row += 1
    contents.column_dimensions["A"].width = 12
    contents.column_dimensions["B"].width = 60
    contents.column_dimensions["C"].width = 12
    props = wb.properties
    props.creator = props.lastModifiedBy = "surveykit"
    props.created = props.modified = FIXED_DATE
    props.title = report.title
    buf = io.BytesIO()
    with ZipFile(buf, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    return normalise_zip(buf.getvalue())


def _sheet_name(caption: str) -> str:
    return caption.replace(" ", "")[:31]


def _put(sheet, row, col, value, *, bold=False, number_format=None, align=None, size=None):
    """Write one cell: numbers as numbers, formula-like text as quoted text."""
    from openpyxl.styles import Alignment, Font

    cell = sheet.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = value
        if not safe_text(value):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    if bold or size:
        cell.font = Font(bold=bold, size=size or 11)
    if number_format:
        cell.number_format = number_format
    if align:
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=align == "left")
    return cell


def _width(text: str) -> float:
    return sum(2.0 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in str(text))


def _table_sheet(sheet, report, table: Table) -> None:
    from openpyxl.styles import Border, Side
    from openpyxl.utils import get_column_letter

    fmt = report.formatter
    nrow, ncol = table.shape
    _put(sheet, 1, 1, f"{report.caption(table)}  {table.title}", bold=True)
    r = 2
    thick, thin = Side(style="medium"), Side(style="thin")
    first_header = r
    if table.has_spanners:
        for label, first, last in table.spanners():
            _put(sheet, r, first + 1, label, align="center")
            if last > first:
                sheet.merge_cells(start_row=r, start_column=first + 1, end_row=r, end_column=last + 1)
        r += 1
    for j, col in enumerate(table.columns):
        _put(sheet, r, j + 1, col.label, bold=True, align="left" if j == 0 else "center")
    header_row = r
    r += 1
    widths = [_width(c.label) for c in table.columns]
    for i in range(nrow):
        for j in range(ncol):
            cell = table.rows[i][j]
            value = cell.value
            if table.is_numeric(i, j):
                _put(sheet, r, j + 1, float(value),
                     number_format=fmt.excel_format(table.fmt(i, j), cell.p), align="right")
                widths[j] = max(widths[j], len(table.text(i, j, fmt)))
            else:
                text = table.text(i, j, fmt)
                if text:
                    _put(sheet, r, j + 1, text, align="left" if j == 0 else "center")
                widths[j] = max(widths[j], _width(text))
        r += 1
    last_row = r - 1
    for j in range(1, ncol + 1):
        for rr in range(first_header, last_row + 1):
            top = thick if rr == first_header else None
            bottom = thin if rr == header_row else (thick if rr == last_row else None)
            if top or bottom:
                sheet.cell(row=rr, column=j).border = Border(top=top, bottom=bottom)
    notes = list(table.notes) + ([fmt.star_legend()] if table.stars else [])
    lead = "注：" if report.language == "zh" else "Note. "
    for k, note in enumerate(notes):
        _put(sheet, r + k, 1, (lead if k == 0 else "") + note)
    for j, w in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(j)].width = min(max(w + 2, 8), 50)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)


def _figure_sheet(sheet, report, figure) -> None:
    from openpyxl.drawing.image import Image

    _put(sheet, 1, 1, f"{report.caption(figure)}  {figure.title}", bold=True)
    image = Image(io.BytesIO(figure.png))
    scale = 640 / image.width if image.width > 640 else 1.0
    image.width, image.height = image.width * scale, image.height * scale
    sheet.add_image(image, "A3")
