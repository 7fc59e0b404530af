"""PDF robustness: corpus text rendered to PDF reads back like the text route.

The 2024 report's text is typeset twice, by fpdf2 and by reportlab, each
with its own running header and footer (not Ofsted's), two-digit page
numbers, a hanging indent for numbered paragraphs, and paragraphs that
break across pages wherever the page ends. Reading the PDF back must give
the same paragraphs, and the same findings, recommendations and judgements,
as reading the text file (up to whitespace and quote style: the core PDF
fonts have no curly quotes).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ofsted_mine.extract import parse_source
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.normalise import plain
from ofsted_mine.extract.source import read_source
from tests.conftest import REPORT_2024

fpdf = pytest.importorskip("fpdf")

_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(.*)$")
_STARTS_ITEM = re.compile(r"^(\d{1,3}\.\s|[-•◼]\s)")
#: A row of the judgement table: a block of its own on both routes.
_TABLE_ROW = re.compile(r"^(Judgement Grade|.{5,90} (Good|Requires improvement to be good))$")


def paragraphs(src: SourceText) -> list[str]:
    """Blocks of lines (split at blank lines and at item starts), joined, quote-folded."""
    blocks: list[list[str]] = []
    cur: list[str] = []
    first_x0 = None
    for ln in src.lines:
        # an item starts a block unless it sits right of the block's own start
        # (a number wrapped onto a hanging-indent continuation line)
        starts = bool(cur) and bool(_STARTS_ITEM.match(ln.text) or _TABLE_ROW.match(ln.text))
        if cur and _TABLE_ROW.match(cur[-1]):
            starts = True
        if starts and ln.x0 is not None and first_x0 is not None:
            starts = ln.x0 <= first_x0 + 3.0
        if ln.blank or starts:
            if cur:
                blocks.append(cur)
            cur = [] if ln.blank else [ln.text]
            first_x0 = None if ln.blank else ln.x0
        else:
            if not cur:
                first_x0 = ln.x0
            cur.append(ln.text)
    if cur:
        blocks.append(cur)
    out = []
    for block in blocks:
        text = ""
        for part in block:
            glue = "" if text.endswith("-") and text[-2:-1].isalpha() else " "
            text = f"{text}{glue}{part}" if text else part
        out.append(plain(text).replace("◼ ", "- ").replace("• ", "- "))
    return out


def source_blocks(src: SourceText) -> list[str]:
    """What to typeset: the text route's paragraphs, each table row (``area<TAB>grade``) alone."""
    raw = REPORT_2024.read_text(encoding="utf-8").split("\n")
    blocks: list[str] = []
    cur: list[str] = []
    for ln, original in zip(src.lines, raw, strict=True):  # the text route keeps line numbers
        if ln.blank or "\t" in original or (cur and _STARTS_ITEM.match(ln.text)):
            if cur:
                blocks.append(" ".join(cur))
            cur = []
            if "\t" in original:
                blocks.append(original)
                continue
        if not ln.blank:
            cur.append(ln.text)
    if cur:
        blocks.append(" ".join(cur))
    return blocks


def _ascii(text: str) -> str:
    """The core PDF fonts are Latin-1: quotes and dashes are folded (compared folded anyway)."""
    return plain(text).encode("latin-1", "replace").decode("latin-1")


def _is_heading(text: str) -> bool:
    return len(text) < 100 and not text.endswith((".", ",")) and not _STARTS_ITEM.match(text)


def render_fpdf2(blocks: list[str], path: Path) -> int:
    """A4, header at the top right, 'Agenda item 7 | Page N' footer from page 9 on."""

    class Pack(fpdf.FPDF):
        def header(self):
            self.set_font("Helvetica", "I", 8)
            self.cell(
                0,
                5,
                "Northshire County Council - Children's Scrutiny Panel, 4 March 2025",
                align="R",
            )
            self.ln(10)

        def footer(self):
            self.set_y(-15)
            self.set_font("Helvetica", "", 8)
            self.cell(
                0, 5, f"Agenda item 7: inspection report | Page {self.page_no() + 8}", align="C"
            )

    pdf = Pack(format="A4")
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, 22)
    pdf.add_page()
    for block in blocks:
        if "\t" in block:  # a table row: two cells on one line
            area, grade = block.split("\t", 1)
            pdf.set_font("Helvetica", "", 10)
            pdf.cell(125, 6, _ascii(area))
            pdf.cell(0, 6, _ascii(grade), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)  # rows spaced apart, as Ofsted's tables are
            continue
        text = _ascii(block)
        numbered = _NUMBERED.match(text)
        if numbered:  # hanging indent: number at the margin, text indented
            pdf.set_font("Helvetica", "", 11)
            pdf.cell(10, 6, numbered.group(1) + ".")
            pdf.multi_cell(0, 6, numbered.group(2), new_x="LMARGIN", new_y="NEXT")
        elif text.startswith("- "):
            pdf.set_font("Helvetica", "", 11)
            pdf.cell(6, 6, "-")
            pdf.multi_cell(0, 6, text[2:], new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("Helvetica", "B" if _is_heading(text) else "", 11)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(path))
    return pdf.page_no()


def render_reportlab(blocks: list[str], path: Path) -> int:
    """Letter size, a left header with the title and a right footer 'N / total'-style number."""
    pytest.importorskip("reportlab")
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    body = ParagraphStyle("body", fontName="Times-Roman", fontSize=12, leading=14.5)
    hanging = ParagraphStyle("num", parent=body, leftIndent=11 * mm, bulletIndent=0)
    heading = ParagraphStyle("h", parent=body, fontName="Times-Bold", fontSize=13, leading=16)

    def furniture(canvas, doc):
        canvas.saveState()
        canvas.setFont("Times-Italic", 9)
        canvas.drawString(
            20 * mm, LETTER[1] - 12 * mm, "OFFICIAL - Inspection findings for members"
        )
        canvas.drawRightString(LETTER[0] - 20 * mm, 10 * mm, f"{doc.page + 11}")
        canvas.restoreState()

    story = []
    rows: list[list[str]] = []
    for i, block in enumerate(blocks):
        if "\t" in block:  # consecutive rows make one table
            rows.append([_ascii(cell) for cell in block.split("\t", 1)])
            if i + 1 < len(blocks) and "\t" in blocks[i + 1]:
                continue
            table = Table(rows, colWidths=[130 * mm, 40 * mm])
            table.setStyle(
                [
                    ("FONT", (0, 0), (-1, -1), "Times-Roman", 11),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
            story += [table, Spacer(1, 9)]
            rows = []
            continue
        text = _ascii(block)
        numbered = _NUMBERED.match(text)
        if numbered:
            story.append(
                Paragraph(escape(numbered.group(2)), hanging, bulletText=numbered.group(1) + ".")
            )
        elif text.startswith("- "):
            story.append(Paragraph(escape(text[2:]), hanging, bulletText="-"))
        else:
            story.append(Paragraph(escape(text), heading if _is_heading(text) else body))
        story.append(Spacer(1, 9))
    doc = SimpleDocTemplate(
        str(path),
        pagesize=LETTER,
        topMargin=25 * mm,
        bottomMargin=22 * mm,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
    )
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return doc.page


@pytest.fixture(scope="module")
def text_route() -> SourceText:
    return read_source(REPORT_2024)


@pytest.fixture(scope="module", params=["fpdf2", "reportlab"])
def rendered(request, text_route, tmp_path_factory) -> tuple[SourceText, int]:
    path = tmp_path_factory.mktemp("render") / f"report_{request.param}.pdf"
    render = render_fpdf2 if request.param == "fpdf2" else render_reportlab
    n_pages = render(source_blocks(text_route), path)
    return read_source(path), n_pages


def test_render_reaches_two_digit_page_numbers(rendered):
    src, n_pages = rendered
    assert n_pages >= 8
    assert src.n_pages == n_pages


def test_rendered_furniture_is_gone(rendered):
    src, _ = rendered
    for furniture in ("Northshire County Council", "Agenda item 7", "OFFICIAL"):
        assert furniture not in src.text
    assert not [ln.text for ln in src.lines if re.fullmatch(r"\d{1,3}", ln.text)]


def test_rendered_paragraphs_equal_the_text_route(rendered, text_route):
    src, _ = rendered
    assert paragraphs(src) == paragraphs(text_route)


def test_some_paragraphs_really_break_across_pages(rendered):
    """The test means something only if paragraphs do run over a page end."""
    src, _ = rendered
    crossings = 0
    for a, b in zip(src.lines, src.lines[1:], strict=False):
        if not a.blank and not b.blank and a.page != b.page:
            crossings += 1
    assert crossings >= 3


def test_rendered_findings_equal_the_text_route(rendered, text_route):
    pytest.importorskip("ofsted_mine.extract.ilacs")
    [pdf_doc] = parse_source(rendered[0])
    [txt_doc] = parse_source(text_route)
    assert pdf_doc.doc_type == txt_doc.doc_type == "ilacs_report"
    assert [f.number for f in pdf_doc.findings] == list(range(1, 70))
    assert [(f.number, plain(f.text)) for f in pdf_doc.findings] == [
        (f.number, plain(f.text)) for f in txt_doc.findings
    ]
    assert [f.section for f in pdf_doc.findings] == [f.section for f in txt_doc.findings]
    assert [plain(r.text) for r in pdf_doc.recommendations] == [
        plain(r.text) for r in txt_doc.recommendations
    ]
    assert [(j.area, j.grade) for j in pdf_doc.judgements] == [
        (j.area, j.grade) for j in txt_doc.judgements
    ]
