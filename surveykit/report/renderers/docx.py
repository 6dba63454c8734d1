"""Word (.docx) renderer: numbered three-line tables, notes, figures with captions.

Tables are real Word tables drawn as three-line tables: a thick top rule, a
thin rule under the header, a thick bottom rule, no vertical lines. Captions
("Table N" / "表 N") stand above tables and below figures, as Word captions
with a SEQ field, so Word's list of tables works. Every run names its fonts:
Latin text in ``fonts['latin']`` (Times New Roman) and Chinese text in
``fonts['east_asian']`` (宋体/SimSun) through ``w:eastAsia``. Numbers are aligned
on their decimal points (by right indents) down a column; column widths come
from the texts (:mod:`._layout`), so numbers never wrap and headers break no word.

The file is deterministic: fixed document properties and zip timestamps.
"""

from __future__ import annotations

import datetime as _dt
import io
import re

from ...report.format import Formatter
from ...report.table import Table
from ._layout import column_widths, text_em
from ._zip import normalise_zip

__all__ = ["write", "to_bytes", "TOP_RULE", "HEADER_RULE", "BOTTOM_RULE"]

#: Rule widths in eighths of a point (Word's ``w:sz``).
TOP_RULE, HEADER_RULE, BOTTOM_RULE = 12, 6, 12
TEXT_WIDTH_CM = 16.0
FIXED_DATE = _dt.datetime(2000, 1, 1, 0, 0, 0)
_BODY_PT, _TABLE_PT, _SMALL_PT = 12, 10.5, 9


def write(report, path) -> None:
    """Write ``report`` as a .docx file at ``path`` (atomically)."""
    from ..._atomic import atomic_path

    data = to_bytes(report)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def to_bytes(report) -> bytes:
    """The .docx file of ``report`` as bytes."""
    from docx import Document

    doc = Document()
    w = _Writer(doc, report)
    w.setup()
    w.title()
    from ..document import Figure, Heading, Paragraph

    for block in report.blocks:
        if isinstance(block, Heading):
            w.heading(block)
        elif isinstance(block, Paragraph):
            w.paragraph(block.text, kind=block.kind)
        elif isinstance(block, Table):
            w.table(block)
        elif isinstance(block, Figure):
            w.figure(block)
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue())


class _Writer:
    def __init__(self, doc, report):
        self.doc, self.report = doc, report
        self.fmt: Formatter = report.formatter
        self.latin = report.fonts.get("latin", "Times New Roman")
        self.east = report.fonts.get("east_asian", "宋体")
        self.east_heading = report.fonts.get("east_asian_heading", "黑体")
        self.zh = report.language == "zh"

    # ---- document set-up --------------------------------------------------------
    def setup(self):
        from docx.shared import Cm, Pt, RGBColor

        sec = self.doc.sections[0]
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
        sec.left_margin = sec.right_margin = Cm(2.5)
        sec.top_margin = sec.bottom_margin = Cm(2.5)
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.size = Pt(_BODY_PT)
        self._fonts(normal.element.get_or_add_rPr(), self.east)
        normal.paragraph_format.space_after = Pt(6)
        for name, size in (("Heading 1", 15), ("Heading 2", 13), ("Title", 18), ("Caption", _TABLE_PT)):
            style = styles[name]
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = RGBColor(0, 0, 0)
            rpr = style.element.get_or_add_rPr()
            self._fonts(rpr, self.east if name == "Caption" else self.east_heading)
            ppr = style.element.get_or_add_pPr()
            for el in ppr.findall(_qn("w:pBdr")):  # the template's rule under the title
                ppr.remove(el)
            for el in rpr.findall(_qn("w:color")):  # a theme colour would override black
                for key in [k for k in el.attrib if "theme" in k]:
                    del el.attrib[key]
        props = self.doc.core_properties
        props.title = self.report.title
        props.author = props.last_modified_by = "surveykit"
        props.created = props.modified = FIXED_DATE
        props.last_printed = FIXED_DATE
        props.revision = 1
        props.language = "zh-CN" if self.zh else "en-US"
        props.subject = props.keywords = props.comments = props.category = ""

    def _fonts(self, rpr, east):
        fonts = rpr.find(_qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(_qn("w:rFonts"), {})
            rpr.insert(0, fonts)
        for key in list(fonts.attrib):  # drop theme fonts, which override named fonts
            if key.endswith("Theme"):
                del fonts.attrib[key]
        fonts.set(_qn("w:ascii"), self.latin)
        fonts.set(_qn("w:hAnsi"), self.latin)
        fonts.set(_qn("w:cs"), self.latin)
        fonts.set(_qn("w:eastAsia"), east)
        lang = rpr.find(_qn("w:lang"))
        if lang is None:
            lang = rpr.makeelement(_qn("w:lang"), {})
            rpr.append(lang)
        lang.set(_qn("w:eastAsia"), "zh-CN")

    def run(self, paragraph, text, *, bold=None, italic=None, size=None, east=None):
        """A run with both fonts named explicitly."""
        from docx.shared import Pt

        r = paragraph.add_run(text)
        if bold is not None:
            r.bold = bold
        if italic is not None:
            r.italic = italic
        if size is not None:
            r.font.size = Pt(size)
        self._fonts(r._r.get_or_add_rPr(), east or self.east)
        return r

    # ---- blocks --------------------------------------------------------------------
    def title(self):
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p = self.doc.add_paragraph(style="Title")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(p, self.report.title, east=self.east_heading)
        if self.report.subtitle:
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.run(p, self.report.subtitle, size=_TABLE_PT)

    def heading(self, block):
        p = self.doc.add_paragraph(style=f"Heading {min(block.level, 2)}")
        self.run(p, block.text, east=self.east_heading)

    def paragraph(self, text, kind="text"):
        from docx.shared import Pt

        p = self.doc.add_paragraph()
        pf = p.paragraph_format
        pf.first_line_indent = Pt(_BODY_PT * 2) if self.zh else Pt(0)
        pf.line_spacing = 1.5
        if kind == "problem":
            self.run(p, text, italic=not self.zh, bold=self.zh)
        else:
            self.run(p, text)

    def caption(self, label_word, number, title, *, above):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        p = self.doc.add_paragraph(style="Caption")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pf = p.paragraph_format
        pf.space_before, pf.space_after = (Pt(12), Pt(3)) if above else (Pt(3), Pt(12))
        pf.keep_with_next = above
        self.run(p, f"{label_word} ")
        _seq_field(p, "Table" if label_word in ("Table", "表") else "Figure", number, self)
        self.run(p, "  " + title)

    def table(self, table: Table):
        label, number = self.report.caption(table).split(" ")
        self.caption(label, int(number), table.title, above=True)
        _draw_table(self, table)
        notes = list(table.notes)
        if table.stars:
            notes.append(self.fmt.star_legend())
        if notes:
            self.notes(notes)

    def notes(self, notes):
        from docx.shared import Pt

        for i, note in enumerate(notes):
            p = self.doc.add_paragraph()
            pf = p.paragraph_format
            pf.keep_with_next = i < len(notes) - 1
            pf.space_before = Pt(0)
            pf.space_after = Pt(6 if i == len(notes) - 1 else 0)
            if i == 0:
                if self.zh:
                    self.run(p, "注：", size=_SMALL_PT)
                else:
                    self.run(p, "Note. ", italic=True, size=_SMALL_PT)
            self.run(p, note, size=_SMALL_PT)

    def figure(self, fig):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm

        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        p.add_run().add_picture(io.BytesIO(fig.png), width=Cm(min(fig.width_cm, TEXT_WIDTH_CM)))
        label, number = self.report.caption(fig).split(" ")
        self.caption(label, int(number), fig.title, above=False)
        if fig.notes:
            self.notes(list(fig.notes))


def _qn(tag):
    from docx.oxml.ns import qn

    return qn(tag)


def _seq_field(paragraph, name, number, writer):
    """A SEQ field with its current result, so Word can renumber and list captions."""
    from docx.oxml import OxmlElement

    def fld(kind):
        r = writer.run(paragraph, "")
        el = OxmlElement("w:fldChar")
        el.set(_qn("w:fldCharType"), kind)
        r._r.append(el)

    fld("begin")
    r = writer.run(paragraph, "")
    instr = OxmlElement("w:instrText")
    instr.set(_qn("xml:space"), "preserve")
    instr.text = f" SEQ {name} \\* ARABIC "
    r._r.append(instr)
    fld("separate")
    writer.run(paragraph, str(number))
    fld("end")


# ---- tables ------------------------------------------------------------------------------

def _draw_table(w: _Writer, table: Table):
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    fmt = w.fmt
    nrow, ncol = table.shape
    spans = table.spanners() if table.has_spanners else None
    n_head = 2 if spans else 1
    texts = [[table.text(i, j, fmt) for j in range(ncol)] for i in range(nrow)]
    numeric = [[table.is_numeric(i, j) for j in range(ncol)] for i in range(nrow)]
    size = _TABLE_PT if ncol <= 7 else _SMALL_PT
    widths = column_widths(table, texts, size, TEXT_WIDTH_CM)

    t = w.doc.add_table(rows=n_head + nrow, cols=ncol)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _table_properties(t, widths)
    LEFT, CENTER, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT

    def cell_par(cell, text, align, *, right_indent=None):
        from docx.shared import Cm, Pt

        p = cell.paragraphs[0]
        pf = p.paragraph_format
        pf.space_before = pf.space_after = Pt(1)
        pf.line_spacing = 1.0
        pf.first_line_indent = Pt(0)
        p.alignment = align
        if right_indent is not None:
            pf.right_indent = Cm(right_indent)
        w.run(p, text, size=size)
        _mark_size(p, size)  # an empty cell is as tall as the others

    # body: the stub and long texts on the left, numbers on their decimal point
    # (or flush right in a column of mixed formats), short texts centred
    aligns = []
    for j, col in enumerate(table.columns):
        if col.align is not None:
            aligns.append(col.align)
        elif j == 0 or (not _numeric_column(table, j)
                        and max([text_em(row[j]) for row in texts] or [0.0]) > 6):
            aligns.append("left")
        else:
            aligns.append("decimal" if _numeric_column(table, j) else "center")
    for j in range(ncol):
        indents = _number_indents(texts, numeric, j, widths[j], size, decimal=aligns[j] == "decimal")
        for i in range(nrow):
            cell = t.cell(n_head + i, j)
            if aligns[j] == "left":
                cell_par(cell, texts[i][j], LEFT)
            elif numeric[i][j] and indents is not None and aligns[j] in ("decimal", "right"):
                cell_par(cell, texts[i][j], RIGHT, right_indent=indents[i])
            else:
                cell_par(cell, texts[i][j], CENTER)
    # header: over a left-aligned column on the left, else centred
    if spans:
        for label, first, last in spans:
            cell = t.cell(0, first)
            if last > first:
                cell = cell.merge(t.cell(0, last))
            cell_par(cell, label, CENTER)
    for j, col in enumerate(table.columns):
        cell_par(t.cell(n_head - 1, j), col.label, LEFT if aligns[j] == "left" else CENTER)
    for r in range(n_head):
        _row_props(t.rows[r], header=True)
    for j in range(ncol):
        _cell_border(t.cell(n_head - 1, j), "bottom", HEADER_RULE)
    for i in range(nrow):
        _row_props(t.rows[n_head + i], header=False)
    if table.notes or table.stars:  # the notes stay on the page of the table's last row
        for cell in t.rows[-1].cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True


def _mark_size(paragraph, size):
    """Give the paragraph mark the table's font size (Word sizes an empty line by its mark)."""
    from docx.oxml import OxmlElement

    rpr = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(_qn("w:val"), str(int(round(size * 2))))
        rpr.append(el)
    paragraph._p.get_or_add_pPr().insert_element_before(rpr, "w:sectPr", "w:pPrChange")


def _numeric_column(table, j) -> bool:
    return any(table.is_numeric(i, j) for i in range(len(table.rows)))


def _split(text: str) -> tuple[float, float]:
    """Widths (ems) of a number's text before and from its decimal point."""
    head = text.split(".", 1)[0] if "." in text else re.match(r"^[^*]*", text).group(0)
    return text_em(head), text_em(text) - text_em(head)


def _number_indents(texts, numeric, j, width, size, *, decimal=True) -> list[float] | None:
    """Right indents (cm) that centre the block of numbers of column ``j`` in its
    cells and, with ``decimal``, align their decimal points (else their right ends).

    Right-aligned texts padded by the width of what follows their decimal point
    line up on it (a decimal tab stop would do the same in Word, but LibreOffice
    wraps decimal tabs in narrow cells).
    """
    rows = [i for i in range(len(texts)) if numeric[i][j] and texts[i][j]]
    if not rows:
        return None
    em_cm = size / 72 * 2.54
    parts = {i: _split(texts[i][j]) if decimal else (text_em(texts[i][j]), 0.0) for i in rows}
    left = max(a for a, _ in parts.values())
    right = max(b for _, b in parts.values())
    inner = width - 0.38
    margin = max(0.0, (inner - (left + right) * em_cm) / 2)
    return [margin + (right - parts[i][1]) * em_cm if i in parts else 0.0 for i in range(len(texts))]


def _table_properties(t, widths):
    """Fixed layout, the column grid, and the table's own borders: top and bottom only."""
    from docx.oxml import OxmlElement
    from docx.shared import Cm

    tbl = t._tbl
    tblPr = tbl.tblPr
    for el in tblPr.findall(_qn("w:tblStyle")):
        tblPr.remove(el)
    layout = OxmlElement("w:tblLayout")
    layout.set(_qn("w:type"), "fixed")
    tblPr.append(layout)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        if edge in ("top", "bottom"):
            el.set(_qn("w:val"), "single")
            el.set(_qn("w:sz"), str(TOP_RULE if edge == "top" else BOTTOM_RULE))
            el.set(_qn("w:space"), "0")
            el.set(_qn("w:color"), "000000")
        else:
            el.set(_qn("w:val"), "nil")
        borders.append(el)
    tblPr.append(borders)
    for col, width in zip(t.columns, widths):
        col.width = Cm(width)
    for row in t.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)


def _row_props(row, header):
    from docx.oxml import OxmlElement

    trPr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    trPr.append(el)
    if header:
        trPr.append(OxmlElement("w:tblHeader"))


def _cell_border(cell, edge, size):
    from docx.oxml import OxmlElement

    tcPr = cell._tc.get_or_add_tcPr()
    borders = tcPr.find(_qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        tcPr.append(borders)
    el = OxmlElement(f"w:{edge}")
    el.set(_qn("w:val"), "single")
    el.set(_qn("w:sz"), str(size))
    el.set(_qn("w:space"), "0")
    el.set(_qn("w:color"), "000000")
    borders.append(el)
