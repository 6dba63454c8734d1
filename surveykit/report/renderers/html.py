"""HTML renderer: one self-contained page (figures embedded), readable on a phone.

Tables are three-line tables drawn with CSS (top and bottom rules, a rule
under the header) inside a horizontally scrolling box, so that a wide table
never breaks the page on a small screen.
"""

from __future__ import annotations

import base64
import html

from ...report.table import Table

__all__ = ["write", "to_html"]

_CSS = """
body{font-family:"Times New Roman","Noto Serif SC","Source Han Serif SC","Songti SC",SimSun,serif;
 max-width:52rem;margin:0 auto;padding:1rem;line-height:1.6;color:#111;background:#fff}
h1{font-size:1.5rem;text-align:center;margin:.5rem 0}
h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
h3{font-size:1.05rem}
.subtitle{text-align:center;color:#444;font-size:.9rem}
.caption{text-align:center;font-weight:bold;margin:1.5rem 0 .3rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table.three-line{border-collapse:collapse;margin:0 auto;border-top:2px solid #000;
 border-bottom:2px solid #000;font-size:.9rem}
table.three-line thead tr:last-child th{border-bottom:1px solid #000}
table.three-line th,table.three-line td{padding:.2rem .6rem;white-space:nowrap}
table.three-line th{font-weight:normal;text-align:center}
table.three-line td{text-align:center}
table.three-line td.num{text-align:right;font-variant-numeric:tabular-nums}
table.three-line td:first-child,table.three-line th.stub{text-align:left;white-space:normal;min-width:8em}
.note{font-size:.8rem;margin:.2rem 0}
.problem{color:#9a0000}
figure{margin:1.5rem 0;text-align:center}
figure img{max-width:100%;height:auto}
figcaption{font-weight:bold;margin-top:.3rem}
"""


def write(report, path) -> None:
    """Write ``report`` as one .html file at ``path`` (atomically)."""
    from ..._atomic import write_text_atomic

    write_text_atomic(path, to_html(report))


def to_html(report, fragment: bool = False) -> str:
    """The report as an HTML page (or, with ``fragment``, as a fragment for Jupyter)."""
    from ..document import Figure, Heading, Paragraph

    e = html.escape
    parts = [f"<h1>{e(report.title)}</h1>"]
    if report.subtitle:
        parts.append(f'<p class="subtitle">{e(report.subtitle)}</p>')
    for block in report.blocks:
        if isinstance(block, Heading):
            level = min(block.level, 2) + 1
            parts.append(f"<h{level}>{e(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            cls = ' class="problem"' if block.kind == "problem" else ""
            parts.append(f"<p{cls}>{e(block.text)}</p>")
        elif isinstance(block, Table):
            parts.append(_table(report, block))
        elif isinstance(block, Figure):
            data = base64.b64encode(block.png).decode("ascii")
            caption = f"{report.caption(block)}  {block.title}"
            notes = "".join(f'<p class="note">{e(n)}</p>' for n in block.notes)
            parts.append(f'<figure><img src="data:image/png;base64,{data}" alt="{e(block.title)}">'
                         f"<figcaption>{e(caption)}</figcaption>{notes}</figure>")
    body = "\n".join(parts)
    if fragment:
        return f"<div class=\"surveykit-report\"><style>{_CSS}</style>{body}</div>"
    lang = "zh-CN" if report.language == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(report.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            f"{body}\n</body>\n</html>\n")


def _table(report, table: Table) -> str:
    e = html.escape
    fmt = report.formatter
    nrow, ncol = table.shape
    head = []
    if table.has_spanners:
        cells = "".join(f'<th colspan="{last - first + 1}">{e(label)}</th>'
                        for label, first, last in table.spanners())
        head.append(f"<tr>{cells}</tr>")
    stub = ' class="stub"'
    head.append("<tr>" + "".join(f"<th{stub if j == 0 else ''}>{e(c.label)}</th>"
                                 for j, c in enumerate(table.columns)) + "</tr>")
    rows = []
    for i in range(nrow):
        cells = []
        for j in range(ncol):
            cls = ' class="num"' if j and table.is_numeric(i, j) else ""
            cells.append(f"<td{cls}>{e(table.text(i, j, fmt))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    notes = list(table.notes) + ([fmt.star_legend()] if table.stars else [])
    lead = "注：" if report.language == "zh" else "<i>Note.</i> "
    note_html = "".join(f'<p class="note">{lead if k == 0 else ""}{e(n)}</p>'
                        for k, n in enumerate(notes))
    return (f'<p class="caption">{e(report.caption(table))}  {e(table.title)}</p>'
            f'<div class="scroll"><table class="three-line" data-kind="{e(table.kind)}">'
            f"<thead>{''.join(head)}</thead><tbody>{''.join(rows)}</tbody></table></div>{note_html}")
