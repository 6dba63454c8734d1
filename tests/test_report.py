"""Report builder: structure of the .docx/.xlsx/.html/.md files, determinism, recipes.

The statistics inside the tables come from the analysis primitives, which are
checked against R in their own tests; here the report is checked as a
document: numbered three-line tables, fonts, captions, notes, formula-safe
spreadsheet cells, a parseable HTML page holding every table, identical bytes
on a second build, and recipe errors with file and line.
"""

from __future__ import annotations

import html.parser
import io
import re
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.report import (Formatter, RecipeError, Table, Thresholds, build_report, load_recipe,
                              loads_recipe)
from surveykit.report.document import Paragraph
from surveykit.report.renderers import docx as docx_renderer

HERE = Path(__file__).parent / "data" / "report"
COMMENTS = ["=SUM(A1:A9)", "+86 138 0000", "-没有意见", "@所有人", "挺好", None]


def make_data(n: int = 300, seed: int = 7, singular: bool = False) -> pd.DataFrame:
    """Simulated answers: two correlated latent traits measured by three 5-point items each."""
    rng = np.random.default_rng(seed)
    f = rng.multivariate_normal([0, 0], [[1, 0.4], [0.4, 1]], size=n)
    item = lambda k, s=0.8: np.clip(np.round(3 + 1.1 * f[:, k] + s * rng.normal(size=n)), 1, 5)  # noqa: E731
    t1 = item(0)
    frame = pd.DataFrame({
        "gender": rng.integers(1, 3, n), "age": rng.integers(18, 80, n), "edu": rng.integers(1, 4, n),
        "t1": t1, "t2": t1 if singular else item(0), "t3": 6 - (t1 if singular else item(0)),
        "p1": item(1), "p2": item(1), "p3": item(1),
        "acts__1": rng.integers(0, 2, n), "acts__2": rng.integers(0, 2, n), "acts__3": rng.integers(0, 2, n),
        "comment": [COMMENTS[i % len(COMMENTS)] for i in range(n)],
    })
    frame.loc[5, "edu"] = np.nan
    return frame


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report")
    for name in ("demo.yaml", "demo_zh.yaml", "demo_en.yaml"):
        shutil.copy(HERE / name, path / name)
    make_data().to_csv(path / "demo.csv", index=False)
    return path


@pytest.fixture(scope="module")
def report_zh(folder):
    return build_report(folder / "demo_zh.yaml")


@pytest.fixture(scope="module")
def saved(report_zh, folder):
    out = {}
    for suffix in ("docx", "xlsx", "html", "md"):
        out[suffix] = report_zh.save(folder / "out" / f"demo.{suffix}")
    return out


# ---- the report object --------------------------------------------------------------------

def test_every_section_built(report_zh):
    problems = [b.text for b in report_zh.blocks if isinstance(b, Paragraph) and b.kind == "problem"]
    assert problems == []
    kinds = [t.kind for t in report_zh.tables]
    for kind in ("cleaning_summary", "sample_profile", "frequencies", "reliability", "reliability_items",
                 "kmo_bartlett", "efa_loadings", "cfa_fit", "validity", "validity_fornell_larcker",
                 "validity_htmt", "descriptives", "likert_distribution", "multiple_response",
                 "open_answers", "crosstab", "group_comparison", "correlations", "regression"):
        assert kind in kinds, kind
    assert [f.kind for f in report_zh.figures] == ["likert_bars", "dimension_means", "correlation_heatmap",
                                                   "scree", "multiple_response_bars"]


def test_tables_hold_the_primitives_numbers(report_zh, folder):
    """Wiring: the alpha shown is the one of reliability_many on the scored items."""
    from surveykit import load_schema, read_survey
    from surveykit.reliability import reliability_many
    from surveykit.sample import analysis_sample

    survey = analysis_sample(read_survey(load_schema(folder / "demo.yaml"), folder / "demo.csv"))
    items = survey.scale_items("trust")
    expected = reliability_many(items, scales={"trust": ["t1", "t2", "t3"]}).scales["alpha"].iloc[0]
    table = next(t for t in report_zh.tables if t.kind == "reliability")
    assert table.rows[0][3].value == pytest.approx(expected, abs=1e-12)


def test_interpretation_names_the_convention(report_zh):
    texts = " ".join(b.text for b in report_zh.blocks if isinstance(b, Paragraph))
    assert "Test convention (2024)" in texts          # the recipe's alpha convention
    assert "Kaiser (1974)" in texts                   # the default KMO convention
    assert "Hu & Bentler (1999)" in texts


def test_common_options_title_and_note(report_zh):
    table = [t for t in report_zh.tables if t.kind == "kmo_bartlett"][1]
    assert table.title == "单维度KMO"
    assert table.notes[-1] == "附加说明。"


def test_failed_section_is_a_note_not_a_crash(tmp_path):
    shutil.copy(HERE / "demo.yaml", tmp_path / "demo.yaml")
    make_data(singular=True).to_csv(tmp_path / "demo.csv", index=False)
    recipe = tmp_path / "r.yaml"
    recipe.write_text("schema: demo.yaml\ndata: demo.csv\nlanguage: en\nsections:\n"
                      "  - {table: kmo_bartlett, scales: [trust]}\n  - {table: descriptives}\n",
                      encoding="utf-8")
    report = build_report(recipe)
    problems = [b.text for b in report.blocks if isinstance(b, Paragraph) and b.kind == "problem"]
    assert len(problems) == 1 and "could not be computed" in problems[0] and "singular" in problems[0]
    assert [t.kind for t in report.tables] == ["descriptives"]


def test_failed_section_note_in_the_reports_language(tmp_path):
    """Known causes are restated in Chinese; other messages are introduced as the program's."""
    from surveykit.report.problems import problem_note

    shutil.copy(HERE / "demo.yaml", tmp_path / "demo.yaml")
    frame = make_data(singular=True)
    frame["gender"] = 1                                   # a single category
    frame.to_csv(tmp_path / "demo.csv", index=False)
    recipe = tmp_path / "r.yaml"
    recipe.write_text("schema: demo.yaml\ndata: demo.csv\nlanguage: zh\nsections:\n"
                      "  - {table: kmo_bartlett, scales: [trust]}\n"
                      "  - {table: regression, outcome: gender, model: logit, predictors: [age]}\n",
                      encoding="utf-8")
    report = build_report(recipe)
    kmo, logit = [b.text for b in report.blocks if isinstance(b, Paragraph) and b.kind == "problem"]
    assert kmo.startswith("【KMO和Bartlett检验】该表无法根据本数据计算：") and "矩阵奇异" in kmo
    assert logit.startswith("【回归分析】") and "结果变量“性别”在模型样本中只有一个类别" in logit
    assert not re.search(r"\b(the|could|singular|category)\b", kmo + logit)
    other = problem_note("figure", "scree", ValueError("an unexpected problem"), Formatter("zh"))
    assert other == "【碎石图】该图无法根据本数据计算：程序给出的原因（英文）如下：an unexpected problem"


# ---- Word ------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _borders(el, tag):
    b = el.find(f"{W}{tag}")
    return {} if b is None else {c.tag.replace(W, ""): dict((k.replace(W, ""), v) for k, v in c.attrib.items())
                                 for c in b}


def test_docx_three_line_tables(saved, report_zh):
    import docx

    doc = docx.Document(saved["docx"])
    assert len(doc.tables) == len(report_zh.tables)
    for table in doc.tables:
        tbl = table._tbl
        edges = _borders(tbl.tblPr, "tblBorders")
        assert edges["top"]["val"] == "single" and edges["bottom"]["val"] == "single"
        for side in ("left", "right", "insideH", "insideV"):
            assert edges[side]["val"] == "nil"
        top, bottom = int(edges["top"]["sz"]), int(edges["bottom"]["sz"])
        rules = []          # (row index, edge, size) of every cell border in the table
        for r, row in enumerate(tbl.tr_lst):
            for tc in row.tc_lst:
                tcPr = tc.tcPr
                for edge, attrs in (_borders(tcPr, "tcBorders") if tcPr is not None else {}).items():
                    rules.append((r, edge, int(attrs["sz"]), attrs["val"]))
        header_rows = [r for r, row in enumerate(tbl.tr_lst)
                       if row.trPr is not None and row.trPr.find(f"{W}tblHeader") is not None]
        assert rules and {(r, e, v) for r, e, _, v in rules} == {(header_rows[-1], "bottom", "single")}
        header = {s for _, _, s, _ in rules}
        assert len(header) == 1 and top > header.pop() < bottom   # the header rule is thinner
        assert len(rules) == len(tbl.tr_lst[header_rows[-1]].tc_lst)   # under every header cell


def test_docx_fonts_on_chinese_runs(saved):
    import docx

    doc = docx.Document(saved["docx"])
    runs = [r for p in doc.paragraphs for r in p.runs]
    runs += [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    chinese = [r for r in runs if re.search(r"[\u4e00-\u9fff]", r.text)]
    assert len(chinese) > 50
    for r in chinese:
        fonts = r._r.rPr.rFonts
        assert fonts.get(f"{W}eastAsia") == "宋体" or fonts.get(f"{W}eastAsia") == "黑体", r.text
        assert fonts.get(f"{W}ascii") == "Times New Roman"


def test_docx_captions_numbered_in_order(saved, report_zh):
    import docx

    doc = docx.Document(saved["docx"])
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    tables = [c for c in captions if c.startswith("表")]
    figures = [c for c in captions if c.startswith("图")]
    assert [int(re.match(r"表 (\d+)", c).group(1)) for c in tables] == list(range(1, len(report_zh.tables) + 1))
    assert [int(re.match(r"图 (\d+)", c).group(1)) for c in figures] == list(range(1, len(report_zh.figures) + 1))
    assert tables[0].endswith(report_zh.tables[0].title)
    body = doc.element.body
    # the caption of each table stands right above it
    for tbl in body.iter(f"{W}tbl"):
        prev = tbl.getprevious()
        assert prev.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Caption"
    assert len(doc.inline_shapes) == len(report_zh.figures)


def test_docx_notes_and_star_legend(saved):
    import docx

    texts = [p.text for p in docx.Document(saved["docx"]).paragraphs]
    assert any(t.startswith("注：") for t in texts)
    assert "* p<0.05，** p<0.01，*** p<0.001" in texts


def _docx_tables(path):
    """Each Word table as (column widths in cm, header texts of its last header row, paragraphs by column)."""
    import docx

    out = []
    for table in docx.Document(path).tables:
        tbl = table._tbl
        widths = [int(g.get(f"{W}w")) / 567 for g in tbl.tblGrid.findall(f"{W}gridCol")]
        header_rows = [r for r, row in enumerate(tbl.tr_lst)
                       if row.trPr is not None and row.trPr.find(f"{W}tblHeader") is not None]
        rows = [[c.paragraphs[0] for c in row.cells] for row in table.rows]
        out.append((widths, [p.text for p in rows[header_rows[-1]]], rows[header_rows[-1] + 1:]))
    return out


def test_docx_headers_break_no_word_and_numbers_never_wrap(folder):
    """Every column is wider than the widest word of its header and than its widest number
    (Times New Roman advance widths, cell margins of 0.19 cm a side)."""
    from surveykit.report.renderers._layout import pieces, text_em

    report = build_report(folder / "demo_en.yaml")
    path = report.save(folder / "en_docx" / "demo.docx")
    for (widths, headers, body), table in zip(_docx_tables(path), report.tables):
        size = 10.5 if len(widths) <= 7 else 9
        em_cm = size / 72 * 2.54
        for j, (width, head) in enumerate(zip(widths, headers)):
            word = max([text_em(p) for p in pieces(head)] or [0.0])
            assert word * em_cm + 0.38 <= width, (table.title, head, width)
            numbers = [row[j].text for i, row in enumerate(body) if table.is_numeric(i, j)]
            widest = max([text_em(x) for x in numbers] or [0.0])
            assert widest * em_cm + 0.38 <= width, (table.title, head, width)


def test_docx_chinese_headers_take_at_most_two_lines(saved, report_zh):
    from surveykit.report.renderers._layout import two_line_em

    assert next(t for t in report_zh.tables if t.kind == "reliability_items").columns[2].label == "CITC"
    for (widths, headers, _), table in zip(_docx_tables(saved["docx"]), report_zh.tables):
        em_cm = (10.5 if len(widths) <= 7 else 9) / 72 * 2.54
        for width, head in zip(widths, headers):
            assert two_line_em(head) * em_cm + 0.38 <= width, (table.title, head, width)


def test_square_matrices_numbered_and_kmo_aligned(folder):
    """Fornell–Larcker and HTMT tables: rows "1. label", columns "1", "2"...; KMO: the
    statistic names left-aligned, the values right-aligned (their formats differ)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    report = build_report(folder / "demo_en.yaml")
    for kind in ("validity_fornell_larcker", "validity_htmt", "correlations"):
        table = next(t for t in report.tables if t.kind == kind)
        n = len(table.rows)
        assert [c.label for c in table.columns[-n:]] == [str(i + 1) for i in range(n)], kind
        assert [r[0].value.split(". ")[0] for r in table.rows] == [str(i + 1) for i in range(n)], kind
    path = report.save(folder / "en_docx" / "demo.docx")
    n_kmo = next(i for i, t in enumerate(report.tables) if t.kind == "kmo_bartlett")
    widths, headers, body = _docx_tables(path)[n_kmo]
    assert headers == ["Test", "Statistic", "Value"]
    assert {row[1].alignment for row in body} == {WD_ALIGN_PARAGRAPH.LEFT}
    assert {row[2].alignment for row in body} == {WD_ALIGN_PARAGRAPH.RIGHT}
    indents = {round(row[2].paragraph_format.right_indent.cm, 3) for row in body}
    assert len(indents) == 1                               # flush right, not on a decimal point


def test_docx_fonts_configurable(report_zh):
    from dataclasses import replace

    data = docx_renderer.to_bytes(replace(report_zh, fonts={**report_zh.fonts, "east_asian": "SimSun"}))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert 'w:eastAsia="SimSun"' in xml and 'w:eastAsia="宋体"' not in xml


# ---- Excel ----------------------------------------------------------------------------------

def test_xlsx_sheets_numbers_and_formula_like_text(saved, report_zh):
    import openpyxl

    wb = openpyxl.load_workbook(saved["xlsx"])
    assert len(wb.sheetnames) == 1 + len(report_zh.tables) + len(report_zh.figures)
    assert wb.sheetnames[0] == "目录"
    n_open = next(i for i, t in enumerate(report_zh.tables, 1) if t.kind == "open_answers")
    sheet = wb[f"表{n_open}"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith(("=", "+", "-", "@"))]
    assert {c.value for c in risky} >= {"=SUM(A1:A9)", "+86 138 0000", "-没有意见", "@所有人"}
    for c in risky:
        assert c.data_type == "s" and c.quotePrefix
    with zipfile.ZipFile(saved["xlsx"]) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any("<f>" in z.read(n).decode() for n in sheets)   # no formula anywhere
    n_rel = next(i for i, t in enumerate(report_zh.tables, 1) if t.kind == "reliability")
    rel = wb[f"表{n_rel}"]
    alpha = rel.cell(row=3, column=4)
    assert isinstance(alpha.value, float) and alpha.number_format == "0.00"


# ---- HTML and Markdown ------------------------------------------------------------------------

class _Tables(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.images, self.captions, self._in_caption = 0, 0, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tables += tag == "table"
        self.images += tag == "img" and attrs.get("src", "").startswith("data:image/png;base64,")
        self._in_caption = tag == "p" and attrs.get("class") == "caption"

    def handle_data(self, data):
        if self._in_caption:
            self.captions.append(data)
            self._in_caption = False


def test_html_self_contained_with_every_table(saved, report_zh):
    text = saved["html"].read_text(encoding="utf-8")
    parser = _Tables()
    parser.feed(text)
    assert parser.tables == len(report_zh.tables)
    assert parser.images == len(report_zh.figures)
    assert [c.split("  ", 1)[1] for c in parser.captions] == [t.title for t in report_zh.tables]
    assert 'name="viewport"' in text and "overflow-x:auto" in text
    assert "http://" not in text and "https://" not in text      # nothing fetched from elsewhere


def test_markdown_tables_and_figure_files(saved, report_zh):
    text = saved["md"].read_text(encoding="utf-8")
    assert text.count("| :-- |") == len(report_zh.tables)
    assert "\\*\\*\\*" in text                                # stars escaped, not emphasis
    figures = sorted((saved["md"].parent / "demo_figures").glob("*.png"))
    assert len(figures) == len(report_zh.figures)


# ---- determinism ------------------------------------------------------------------------------

def test_building_twice_gives_identical_files(folder, saved):
    again = build_report(folder / "demo_zh.yaml")
    for suffix, first in saved.items():
        second = again.save(folder / "again" / f"demo.{suffix}")
        assert first.read_bytes() == second.read_bytes(), suffix
    for a, b in zip(sorted((folder / "out" / "demo_figures").glob("*.png")),
                    sorted((folder / "again" / "demo_figures").glob("*.png"))):
        assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(saved["docx"]) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in z.read("docProps/core.xml")


# ---- English ----------------------------------------------------------------------------------

def test_english_report_apa_numbers(folder):
    report = build_report(folder / "demo_en.yaml")
    assert report.language == "en"
    md = report.save(folder / "en" / "demo.md").read_text(encoding="utf-8")
    assert "**Table 1**" in md and "*Note.*" in md
    assert re.search(r"\| \.\d\d \|", md)                      # alpha without its leading zero
    texts = " ".join(b.text for b in report.blocks if isinstance(b, Paragraph))
    assert "Cronbach's α was" in texts and "Kaiser (1974)" in texts


# ---- recipes ---------------------------------------------------------------------------------

def test_recipe_unknown_table_kind_has_file_and_line():
    with pytest.raises(RecipeError) as err:
        loads_recipe("schema: q.yaml\ndata: d.csv\nsections:\n  - {table: reliability}\n"
                     "  - {table: reliabilty}\n", path="reports/x.yaml")
    assert "reports/x.yaml:5: sections[1].table: unknown table kind 'reliabilty'" in str(err.value)


def test_recipe_unknown_variable_and_option_with_lines(folder):
    recipe = folder / "bad.yaml"
    recipe.write_text("schema: demo.yaml\ndata: demo.csv\nsections:\n"
                      "  - {table: descriptives, vars: [trust, trsut]}\n"
                      "  - table: crosstab\n    row: gender\n    col: age\n"
                      "  - {figure: likert_bars, scale: trust, colour: red}\n", encoding="utf-8")
    with pytest.raises(RecipeError) as err:
        build_report(recipe)
    message = str(err.value)
    assert "3 recipe errors" in message
    assert "bad.yaml:4: sections[0].vars: unknown variable 'trsut' (did you mean trust?)" in message
    assert "bad.yaml:7: sections[1].col: 'age' is integer" in message
    assert "bad.yaml:8: sections[2].colour: unknown option" in message


def test_recipe_paths_relative_to_the_recipe(folder):
    r = load_recipe(folder / "demo_zh.yaml")
    assert r.schema == folder / "demo.yaml" and r.data == folder / "demo.csv"


def test_recipe_thresholds_checked():
    with pytest.raises(RecipeError, match="thresholds.alpha.good: a cut-off is a number"):
        loads_recipe("schema: q\ndata: d\nthresholds: {alpha: {good: high}}\nsections: [{table: reliability}]\n")


# ---- formatting and thresholds ---------------------------------------------------------------

@pytest.mark.parametrize("p, en, zh", [(0.0004, "< .001", "<0.001"), (0.001, ".001", "0.001"),
                                       (0.0494, ".049", "0.049"), (0.5, ".500", "0.500"), (1.0, "1.000", "1.000")])
def test_p_values(p, en, zh):
    assert Formatter("en").p_value(p) == en and Formatter("zh").p_value(p) == zh


def test_stars_and_numbers():
    f = Formatter("en")
    assert [f.star(p) for p in (0.0009, 0.009, 0.049, 0.05, float("nan"))] == ["***", "**", "*", "", ""]
    assert f.cell(-0.004, "num") == "0.00" and f.cell(-0.456, "bounded") == "-.46"
    assert f.cell(12.0, "int") == "12" and f.cell(12.5, "int") == "12.5"
    assert Formatter("en", leading_zero=True).bounded(0.456) == "0.46"
    assert f.excel_format("p") == '[<0.001]"< .001";.000'


def test_thresholds_convention_named_when_overridden():
    th = Thresholds({"fit": {"cfi": 0.9}})
    assert th["fit.cfi"] == 0.9 and th.convention("fit") == "user-defined cut-offs"
    assert Thresholds().band("kmo", 0.45) == "unacceptable"


def test_table_is_immutable():
    t = Table.from_frame(pd.DataFrame({"a": [1.0]}), title="x")
    t2 = t.with_note("n")
    assert t.notes == () and t2.notes == ("n",)
    with pytest.raises(Exception):
        t.title = "y"


# ---- command line -----------------------------------------------------------------------------

def test_report_command(folder, capsys):
    from surveykit.cli.app import main

    with pytest.raises(SystemExit) as code:
        main(["report", str(folder / "demo_en.yaml"), "-o", str(folder / "cli" / "r.html")])
    assert code.value.code in (0, None)
    assert (folder / "cli" / "r.html").exists()
    bad = folder / "cli_bad.yaml"
    bad.write_text("schema: demo.yaml\ndata: demo.csv\nsections:\n  - {table: nope}\n", encoding="utf-8")
    with pytest.raises(SystemExit) as code:
        main(["report", str(bad), "-o", str(folder / "cli" / "bad.docx")])
    assert code.value.code == 2
    assert "cli_bad.yaml:4: sections[0].table: unknown table kind 'nope'" in capsys.readouterr().err
