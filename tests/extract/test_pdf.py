"""PDF route on the real PDFs: every file read cleanly, named traps pinned.

Real PDFs come from ``../shared/pdfs`` (skipped with a reason when absent).
The checks on all of them are structural (no furniture left, no sentence
cut at a page break, no private-use glyphs); the other tests pin a named
trap in a named file, and compare the Kirklees PDFs with the corpus text.
The layout rules themselves are tested on made-up lines in
``test_pdf_layout.py``.
"""

from __future__ import annotations

import re

import pytest

from ofsted_mine.extract.furniture import learn, shape
from ofsted_mine.extract.pdf import _pdfium_pages, _pdfplumber_pages
from ofsted_mine.extract.source import read_source
from tests.conftest import SHARED_PDFS, pdf_path

# ------------------------------------------------------------- real PDFs

_REAL = sorted(p.name for p in SHARED_PDFS.glob("*.pdf") if "not_a_pdf" not in p.name)
_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,3}(\s*of\s*\d+)?$", re.I)
_TERMINAL = re.compile(r"[.:;?!][\"'”’)\]]*$")


@pytest.fixture(scope="module")
def sources():
    """Each real PDF read once (pdfium) for the whole module."""
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = read_source(pdf_path(name))
        return cache[name]

    return get


def _pages(src):
    by_page = {}
    for ln in src.lines:
        if not ln.blank:
            by_page.setdefault(ln.page, []).append(ln)
    return by_page


@pytest.mark.real_pdfs
@pytest.mark.parametrize("name", _REAL or ["(no real PDFs)"])
def test_real_pdf_has_no_furniture_left(name, sources):
    src = sources(name)
    data = pdf_path(name).read_bytes()
    pages, heights = _pdfium_pages(data, name)
    furniture = learn(pages, heights)
    left = [ln.text for ln in src.lines if not ln.blank and shape(ln.text) in furniture]
    assert left == []
    for number, lines in _pages(src).items():
        for edge in (lines[0], lines[-1]):
            assert not _PAGE_NUMBER.match(edge.text), (number, edge.text)


@pytest.mark.real_pdfs
@pytest.mark.parametrize("name", _REAL or ["(no real PDFs)"])
def test_real_pdf_sentences_run_across_page_breaks(name, sources):
    """No blank line where a sentence runs on to the next page."""
    src = sources(name)
    lines = src.lines
    for i in range(1, len(lines) - 1):
        ln = lines[i]
        if not ln.blank or lines[i - 1].blank:
            continue
        before, after = lines[i - 1], lines[i + 1]
        if before.page != after.page and after.text[:1].islower():
            assert _TERMINAL.search(before.text), (before.text, after.text)


@pytest.mark.real_pdfs
@pytest.mark.parametrize("name", _REAL or ["(no real PDFs)"])
def test_real_pdf_text_has_no_layer_artefacts(name, sources):
    text = sources(name).text
    assert "\ufffe" not in text and "\u00ad" not in text
    assert not re.search(r"[\ue000-\uf8ff]", text)
    assert not re.search(r"[\ufb00-\ufb06]", text)  # ligatures folded


def test_kirklees_2024_footer_and_page_numbers_gone(sources):
    src = sources("kirklees_2024-08-28_ilacs.pdf")
    assert src.n_pages == 11
    assert "8-19 July 2024" not in src.text
    assert src.text.count("Inspection of Kirklees local authority") == 1  # the title only


def test_kirklees_2024_paragraph_12_joined_across_pdfium_hyphen_and_page(sources):
    """pdfium joins 'pre-' + 'proceedings' into one line spanning two visual lines."""
    src = sources("kirklees_2024-08-28_ilacs.pdf")
    texts = [ln.text for ln in src.lines]
    i = next(i for i, t in enumerate(texts) if t.startswith("12. When risks to children escalate"))
    assert "enter the pre-proceedings stage" in texts[i]
    assert texts[i + 1].startswith("proceedings clarify exactly what needs to change")


def test_kirklees_2024_paragraph_7_runs_over_the_page(sources):
    src = sources("kirklees_2024-08-28_ilacs.pdf")
    texts = [ln.text for ln in src.lines]
    i = next(i for i, t in enumerate(texts) if t.endswith("family group conferences at the"))
    assert texts[i + 1].startswith("earliest opportunity, where they are supported")
    assert src.lines[i].page == 2 and src.lines[i + 1].page == 3


def test_kirklees_2016_sif_footnotes_out_of_the_flow(sources):
    src = sources("kirklees_2016-11-25_sif.pdf")
    assert [p for p, _ in src.footnotes] == [1, 6, 7]
    assert src.footnotes[0][1].startswith("1 Ofsted produces this report under its power")
    assert "Safeguarding Children Boards (Review) Regulations 2013." in src.footnotes[0][1]
    assert "Ofsted produces this report under its power" not in src.text
    assert "Board1" in src.text  # the marker stays glued to its word, as printed


def test_manchester_2017_superscript_mid_line(sources):
    src = sources("manchester_2017-12-21_report.pdf")
    assert "- four live in residential special schools1, all of whom are out of the authority" in [
        ln.text for ln in src.lines
    ]


def test_bristol_2022_letterhead_does_not_split_a_paragraph(sources):
    """The letterhead is written at the end of page 1's content but printed at its top."""
    src = sources("bristol_2022-01-31_focused_visit.pdf")
    texts = [ln.text for ln in src.lines]
    assert texts[0] == "Ofsted"
    i = texts.index(
        "exploitation, benefit from specialist services that consider individual, peer and"
    )
    assert texts[i + 1].startswith("community risks. This helps children")


def test_kent_2013_wingdings_bullets_keep_their_continuations(sources):
    src = sources("kent_2013-08-23_report.pdf")
    texts = [ln.text for ln in src.lines]
    i = texts.index("• improve the quality of supervision and management oversight in")
    assert texts[i + 1] == "casework"


def test_cornwall_2019_page_numbers_go_without_a_running_header(sources):
    """Cornwall 2019 has no tagged artifacts and no running header: numbers only."""
    src = sources("cornwall_2019-11-05_ilacs.pdf")
    pages = _pages(src)
    assert len(pages) == 11
    for number, lines in pages.items():
        assert lines[-1].text != str(number)
    # a body line that sits right at the edge of the top band is kept
    assert any(
        ln.text.startswith("Consent is well considered by social workers") for ln in src.lines
    )


@pytest.mark.parametrize(
    "name", ["cornwall_2019-11-05_ilacs.pdf", "manchester_2014-09-03_report.pdf"]
)
def test_pdfplumber_backend_orders_table_cells_like_the_content_stream(name):
    """pdfplumber reads rows top to bottom; cells are cut apart and put in stream order.

    Cornwall centres each grade between the two lines of its area; Manchester
    2014 wraps the grade itself over two lines that start above the area.
    """
    path = pdf_path(name)
    a = read_source(path, backend="pdfium")
    b = read_source(path, backend="pdfplumber")
    first_page = [ln.text for ln in a.lines if ln.page == 1 and not ln.blank]
    assert first_page == [ln.text for ln in b.lines if ln.page == 1 and not ln.blank]


def test_pdfplumber_backend_reads_the_same_findings_paragraphs():
    """The alternative backend agrees with pdfium on the numbered paragraphs."""
    path = pdf_path("kirklees_2021-11-10_focused_visit.pdf")
    a = read_source(path, backend="pdfium")
    b = read_source(path, backend="pdfplumber")

    def letter(src):  # from the salutation on (the two-column letterhead reads differently)
        texts = [ln.text for ln in src.lines if not ln.blank]
        return texts[next(i for i, t in enumerate(texts) if t.startswith("Dear ")) :]

    assert letter(a) == letter(b)
    assert len(letter(a)) > 50
    pages, _ = _pdfplumber_pages(path.read_bytes(), str(path))
    assert len(pages) == a.n_pages == 3


# ----------------------------------------------- real PDFs against the corpus text


def _word_diffs(a: str, b: str) -> list[tuple[str, str]]:
    import difflib

    wa, wb = a.split(), b.split()
    ops = difflib.SequenceMatcher(None, wa, wb).get_opcodes()
    return [
        (" ".join(wa[i1:i2]), " ".join(wb[j1:j2])) for op, i1, i2, j1, j2 in ops if op != "equal"
    ]


def _compare_reports(pdf_doc, txt_doc) -> list[tuple[int, list[tuple[str, str]]]]:
    from ofsted_mine.extract.normalise import plain

    assert [f.number for f in pdf_doc.findings] == [f.number for f in txt_doc.findings]
    assert [f.section for f in pdf_doc.findings] == [f.section for f in txt_doc.findings]
    assert [f.area for f in pdf_doc.findings] == [f.area for f in txt_doc.findings]
    assert [plain(r.text) for r in pdf_doc.recommendations] == [
        plain(r.text) for r in txt_doc.recommendations
    ]
    assert [(j.area, j.grade) for j in pdf_doc.judgements] == [
        (j.area, j.grade) for j in txt_doc.judgements
    ]
    return [
        (a.number, _word_diffs(plain(a.text), plain(b.text)))
        for a, b in zip(pdf_doc.findings, txt_doc.findings, strict=True)
        if plain(a.text) != plain(b.text)
    ]


def test_kirklees_2024_pdf_findings_equal_the_corpus_text():
    """Same 69 findings as the text file; the one difference is in the sources themselves.

    The published PDF prints 'rational' in paragraph 67 where the corpus
    text (converted from another copy) reads 'rationale'.
    """
    pytest.importorskip("ofsted_mine.extract.ilacs")
    from ofsted_mine.extract import extract
    from tests.conftest import REPORT_2024

    [pdf_doc] = extract(pdf_path("kirklees_2024-08-28_ilacs.pdf"))
    [txt_doc] = extract(REPORT_2024)
    assert len(pdf_doc.findings) == 69
    assert _compare_reports(pdf_doc, txt_doc) == [(67, [("rational", "rationale")])]


def test_kirklees_2019_pdf_findings_equal_the_report_in_the_corpus_pack():
    """The 2019 report embedded in the scrutiny pack against the published PDF.

    The sources differ in one word of paragraph 7 ('knowledgably' in the
    PDF, 'knowledgeably' in the pack).
    """
    pytest.importorskip("ofsted_mine.extract.pack")
    from ofsted_mine.extract import extract
    from tests.conftest import PACK_2019

    [pdf_doc] = extract(pdf_path("kirklees_2019-08-05_ilacs.pdf"))
    [txt_doc] = [d for d in extract(PACK_2019) if d.doc_type == "ilacs_report"]
    assert len(pdf_doc.findings) == 49
    assert _compare_reports(pdf_doc, txt_doc) == [(7, [("knowledgably", "knowledgeably")])]
