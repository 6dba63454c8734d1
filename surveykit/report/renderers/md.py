"""Markdown renderer: GitHub-flavoured tables, for notes and READMEs.

Figures are written as PNG files in a folder beside the .md file
(``NAME_figures/figure-N.png``) and linked relatively, so the page shows them
on GitHub.
"""

from __future__ import annotations

from pathlib import Path

from ...report.table import Table

__all__ = ["write", "to_markdown"]


def write(report, path) -> None:
    """Write ``report`` as a .md file (and its figures beside it), atomically."""
    from ..._atomic import atomic_path, write_text_atomic

    path = Path(path)
    folder = path.with_name(f"{path.stem}_figures")
    text, figures = to_markdown(report, folder.name)
    for name, png in figures.items():
        with atomic_path(folder / name) as tmp:
            tmp.write_bytes(png)
    write_text_atomic(path, text)


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")
            .replace("_", "\\_").replace("\n", " "))


def to_markdown(report, figure_folder: str = "figures") -> tuple[str, dict[str, bytes]]:
    """The Markdown text and the figure files ``{name: png}`` it links to."""
    from ..document import Figure, Heading, Paragraph

    fmt = report.formatter
    lines = [f"# {report.title}", ""]
    if report.subtitle:
        lines += [f"*{report.subtitle}*", ""]
    figures: dict[str, bytes] = {}
    for block in report.blocks:
        if isinstance(block, Heading):
            lines += ["#" * (min(block.level, 2) + 1) + " " + block.text, ""]
        elif isinstance(block, Paragraph):
            lines += [f"> {block.text}" if block.kind == "problem" else block.text, ""]
        elif isinstance(block, Table):
            lines += _table(report, block, fmt) + [""]
        elif isinstance(block, Figure):
            name = f"figure-{len(figures) + 1}.png"
            figures[name] = block.png
            caption = f"{report.caption(block)}  {block.title}"
            lines += [f"![{_escape(block.title)}]({figure_folder}/{name})", "", f"**{caption}**", ""]
            lines += [f"*{n}*" for n in block.notes] + ([""] if block.notes else [])
    return "\n".join(lines).rstrip() + "\n", figures


def _table(report, table: Table, fmt) -> list[str]:
    nrow, ncol = table.shape
    labels = [_escape(((c.spanner + " ") if c.spanner else "") + c.label) for c in table.columns]
    out = [f"**{report.caption(table)}**  {_escape(table.title)}", ""]
    out.append("| " + " | ".join(labels) + " |")
    align = [":--"] + ["--:" if any(table.is_numeric(i, j) for i in range(nrow)) else ":-:"
                       for j in range(1, ncol)]
    out.append("| " + " | ".join(align) + " |")
    for i in range(nrow):
        out.append("| " + " | ".join(_escape(table.text(i, j, fmt)) or " " for j in range(ncol)) + " |")
    notes = list(table.notes) + ([fmt.star_legend()] if table.stars else [])
    if notes:
        lead = "注：" if report.language == "zh" else "*Note.* "
        out += [""] + [(lead if k == 0 else "") + _escape(n) + "  " for k, n in enumerate(notes)]
    return out
