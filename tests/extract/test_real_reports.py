"""Every real inspection report in ../shared/pdfs extracts completely.

A generic completeness test runs over every report PDF found (numbering
1..N with no gaps or duplicates, judgements with valid grades, nothing of
the running header/footer inside a finding); exact assertions for several
reports were checked by reading each PDF's text by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from ofsted_mine.codebook import GRADE_ORDER, area_ids
from ofsted_mine.extract import extract
from ofsted_mine.extract.normalise import plain
from ofsted_mine.extract.source import read_source
from ofsted_mine.models import Document
from tests.conftest import PACK_2019, REPORT_2024, SHARED_PDFS, needs_pdfs, pdf_path

D = dt.date

# Report PDFs are recognised by content (a report title near the top), not by name.
_REPORT_TITLE = re.compile(
    r"inspection\s+of\s+(?:services\s+for\s+children\s+in\s+need|.{0,60}children.s\s+"
    r"(?:social\s+care\s+)?services|(?:safeguarding\s+and\s+)?looked\s+after\s+children\s+services)",
    re.I,
)


def _report_pdfs() -> list[str]:
    if not SHARED_PDFS.is_dir():
        return []
    out = []
    for path in sorted(SHARED_PDFS.glob("*.pdf")):
        if not path.read_bytes()[:5].startswith(b"%PDF"):
            continue
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        head = " ".join(pdf[0].get_textpage().get_text_range().split())[:400]
        pdf.close()
        if _REPORT_TITLE.search(head) and not re.search(
            r"focused\s+visit|monitoring\s+visit", head, re.I
        ):
            out.append(path.name)
    return out


REPORTS = _report_pdfs()


@cache
def doc_of(name: str) -> Document:
    docs = extract(pdf_path(name))
    assert len(docs) == 1, name
    return docs[0]


@cache
def furniture_shapes(name: str) -> frozenset[str]:
    """Lines recurring at the top or bottom of many pages (digits masked), read straight from pdfium."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path(name)))
    counts: Counter[str] = Counter()
    for page in pdf:
        lines = [
            ln.strip() for ln in page.get_textpage().get_text_range().splitlines() if ln.strip()
        ]
        edge = lines[:2] + lines[-2:]
        counts.update({re.sub(r"\d+", "#", ln) for ln in edge})
    n = len(pdf)
    pdf.close()
    return frozenset(s for s, c in counts.items() if c >= max(3, n // 3) and len(s) >= 12)


def numbers(doc: Document) -> list[int]:
    nums = [f.number for f in doc.findings]
    if doc.framework in ("SIF", "pre_SIF"):
        nums += [r.number for r in doc.recommendations if r.number is not None]
    return sorted(nums)


def test_report_pdfs_found() -> None:
    if not SHARED_PDFS.is_dir():
        pytest.skip(f"real PDFs not available at {SHARED_PDFS}")
    assert len(REPORTS) >= 20


@needs_pdfs
@pytest.mark.parametrize("name", REPORTS)
def test_report_extracts_completely(name: str) -> None:
    doc = doc_of(name)
    assert doc.doc_type in ("ilacs_report", "sif_report")
    assert doc.local_authority and doc.inspection_start and doc.inspection_end
    assert doc.inspection_start <= doc.inspection_end
    assert doc.lead_inspector and "inspector" not in doc.lead_inspector.lower()
    # numbering: 1..N, contiguous, no duplicates (recommendations and findings together for SIF);
    # pre-SIF reports start after their numbered paragraphs about the inspection itself
    nums = numbers(doc)
    first = nums[0] if doc.framework == "pre_SIF" else 1
    assert nums == list(range(first, first + len(nums))), name
    assert len(doc.findings) >= 30
    assert doc.recommendations
    # judgements: canonical ids, valid grades, the core areas present
    areas = {j.area for j in doc.judgements}
    assert all(j.area in area_ids() and j.grade in GRADE_ORDER for j in doc.judgements)
    assert {"overall_effectiveness", "children_in_care", "leadership"} <= areas
    if doc.framework != "pre_SIF":
        assert "help_and_protection" in areas
    if doc.framework == "SIF":
        assert {"adoption", "care_leavers"} <= areas
    if "Safeguarding Children Board" in (doc.title or ""):
        assert "lscb" in areas
    # findings carry provenance and no page furniture
    shapes = furniture_shapes(name)
    for f in doc.findings:
        assert f.text and f.page and f.span
        raw = doc.text[f.span.start : f.span.end]
        assert re.match(rf"{f.number}\.", raw), (name, f.number)  # the region opens at the number
        assert plain(f.text[-20:]) in plain(raw)  # ...and runs to the paragraph's end
        masked = re.sub(r"\d+", "#", f.text)
        assert not any(s in masked for s in shapes), (name, f.number)
        assert not re.search(r"\bPage \d+ of \d+\b", f.text)
        assert f.area is None or f.area in area_ids()
    assert not [w for w in doc.warnings if "paragraph" in w], doc.warnings
    # every judged area has its own section of findings
    finding_areas = {f.area for f in doc.findings}
    if doc.framework == "SIF":
        assert {
            "help_and_protection",
            "children_in_care",
            "adoption",
            "care_leavers",
            "leadership",
        } <= finding_areas
    if doc.framework == "ILACS":
        assert areas - {"overall_effectiveness"} == finding_areas
    if "lscb" in areas:
        assert "lscb" in finding_areas


@needs_pdfs
def test_kirklees_2016_sif() -> None:
    doc = doc_of("kirklees_2016-11-25_sif.pdf")
    assert doc.framework == "SIF" and doc.local_authority == "Kirklees"
    assert doc.title.endswith(
        "and Review of the effectiveness of the Local Safeguarding Children Board"
    )
    assert {j.area: j.grade for j in doc.judgements} == {
        "overall_effectiveness": "inadequate",
        "help_and_protection": "inadequate",
        "children_in_care": "inadequate",
        "adoption": "requires_improvement",
        "care_leavers": "requires_improvement",
        "leadership": "inadequate",
        "lscb": "inadequate",
    }
    la_recs = [r.number for r in doc.recommendations if r.area is None]
    lscb_recs = [r.number for r in doc.recommendations if r.area == "lscb"]
    assert la_recs == list(range(1, 28))
    assert lscb_recs == list(range(117, 127))
    la_findings = [f.number for f in doc.findings if f.area != "lscb"]
    lscb_findings = [f.number for f in doc.findings if f.area == "lscb"]
    assert la_findings == list(range(28, 117))
    assert lscb_findings == list(range(127, 142))
    assert (doc.inspection_start, doc.inspection_end) == (D(2016, 9, 12), D(2016, 10, 6))
    assert doc.published == D(2016, 11, 25)
    assert doc.lead_inspector == "Neil Penswick"
    assert doc.finding(75).area == "adoption" and doc.finding(87).area == "care_leavers"
    assert doc.finding(99).area == "leadership"
    assert doc.recommendations[0].text.startswith("Take urgent action to ensure that all children")
    assert doc.finding(141).text.startswith(
        "Procedures are written and updated by a private company"
    )


@needs_pdfs
def test_manchester_2014_earliest_sif_numbers_summary_and_strengths() -> None:
    doc = doc_of("manchester_2014-09-03_report.pdf")
    assert doc.lead_inspector == "Peter McEntee"
    assert (doc.inspection_start, doc.inspection_end) == (D(2014, 6, 25), D(2014, 7, 16))
    assert doc.published == D(2014, 9, 1)
    grades = {j.area: j.grade for j in doc.judgements}
    assert grades["overall_effectiveness"] == "inadequate"
    assert grades["children_in_care"] == "requires_improvement"
    assert grades["adoption"] == "inadequate" and grades["lscb"] == "inadequate"
    assert [r.number for r in doc.recommendations if r.area is None] == list(range(11, 35))
    assert [r.number for r in doc.recommendations if r.area == "lscb"] == list(range(154, 164))
    # summary (1-10), strengths (35-42) and progress (43-50) paragraphs are findings
    assert doc.finding(1).area is None and doc.finding(35).area is None
    assert doc.finding(51).area == "help_and_protection"  # after a "Key judgement" table row
    assert doc.finding(99).area == "adoption" and doc.finding(117).area == "care_leavers"
    assert doc.finding(133).area == "leadership" and doc.finding(150).area == "lscb"


@needs_pdfs
def test_liverpool_2014_lscb_part_after_judgement_descriptions() -> None:
    doc = doc_of("liverpool_2014-07-18_report.pdf")
    assert [r.number for r in doc.recommendations if r.area == "lscb"] == list(range(178, 187))
    assert max(f.number for f in doc.findings) == 203
    assert doc.judgement("lscb").grade == "requires_improvement"
    assert doc.lead_inspector == "Sheena Doyle"


@needs_pdfs
def test_lancashire_2015_number_wrapped_in_summary_is_not_a_paragraph() -> None:
    doc = doc_of("lancashire_2015-11-27_report.pdf")
    # "16. Many looked after children..." is a wrapped line of the executive summary
    assert doc.finding(16) is None
    rec16 = next(r for r in doc.recommendations if r.number == 16)
    assert rec16.text.startswith("Ensure that all looked after children who need it receive timely")
    items = [f.text for f in doc.findings] + [r.text for r in doc.recommendations]
    assert not any(t.startswith("Many looked after children still wait") for t in items)
    assert [r.number for r in doc.recommendations if r.area is None] == list(range(1, 18))
    assert [r.number for r in doc.recommendations if r.area == "lscb"] == list(range(137, 141))
    assert doc.judgement("lscb").grade == "good"
    assert doc.judgement("care_leavers").grade == "inadequate"


@needs_pdfs
def test_kent_2013_pre_sif() -> None:
    doc = doc_of("kent_2013-08-23_report.pdf")
    assert doc.framework == "pre_SIF" and doc.local_authority == "Kent"
    assert doc.lead_inspector == "Helen Cawston"
    assert (doc.inspection_start, doc.inspection_end) == (D(2013, 7, 15), D(2013, 7, 19))
    assert doc.published == D(2013, 8, 23)
    assert {j.area: j.grade_text for j in doc.judgements} == {
        "overall_effectiveness": "Grade 3 (Adequate)",
        "children_in_care": "Grade 3 (Adequate)",
        "leadership": "Grade 3 (Adequate)",
    }
    assert any("adequate" in w for w in doc.warnings)
    assert [r.number for r in doc.recommendations if r.number] == [22]
    assert len(doc.recommendations) == 13
    assert max(f.number for f in doc.findings) == 72
    # the opening paragraphs about the inspection itself (purpose, evidence, grading scale) are
    # framework text, kept as sections but not findings; "Service information" (facts) stays
    assert min(f.number for f in doc.findings) == 4
    assert doc.findings[0].section == "Service information"
    assert any(s.title == "About this inspection" and s.span for s in doc.sections)


@needs_pdfs
@pytest.mark.parametrize(
    ("name", "la", "start", "end", "lead", "grades", "n_recs", "n_findings"),
    [
        (
            "leeds_2018-12-18_ilacs.pdf",
            "Leeds",
            D(2018, 10, 29),
            D(2018, 11, 2),
            "Matt Reed",
            {"overall_effectiveness": "outstanding", "children_in_care": "good"},
            4,
            33,
        ),
        (
            "bristol_2023-03-10_ilacs.pdf",
            "Bristol",
            D(2023, 1, 16),
            D(2023, 1, 27),
            "Tracey Ledder",
            {"overall_effectiveness": "requires_improvement", "care_leavers": "good"},
            6,
            62,
        ),
        (
            "cornwall_2019-11-05_ilacs.pdf",
            "Cornwall",
            D(2019, 10, 14),
            D(2019, 10, 18),
            "Emmy Tomsett",
            {"overall_effectiveness": "outstanding", "help_and_protection": "good"},
            3,
            47,
        ),
        (
            "croydon_2020-03-16_report.pdf",
            "Croydon",
            D(2020, 2, 3),
            D(2020, 2, 14),
            "Tara Geere",
            {"overall_effectiveness": "good", "children_in_care": "requires_improvement"},
            4,
            56,
        ),
        (
            "barnsley_2023-10-27_ilacs_short.pdf",
            "Barnsley",
            D(2023, 9, 11),
            D(2023, 9, 15),
            "Anna Gravelle",
            {"help_and_protection": "requires_improvement", "care_leavers": "good"},
            4,
            53,
        ),
        (
            "liverpool_2023-05-25_report.pdf",
            "Liverpool",
            D(2023, 3, 13),
            D(2023, 3, 24),
            "Lisa Summers",
            {"overall_effectiveness": "inadequate", "children_in_care": "requires_improvement"},
            11,
            50,
        ),
        (
            "kent_2022-07-05_report.pdf",
            "Kent",
            D(2022, 5, 9),
            D(2022, 5, 20),
            "Margaret Burke",
            {"overall_effectiveness": "outstanding", "help_and_protection": "good"},
            3,
            53,
        ),
    ],
)
def test_ilacs_reports_exact(name, la, start, end, lead, grades, n_recs, n_findings) -> None:
    doc = doc_of(name)
    assert doc.framework == "ILACS" and doc.local_authority == la
    assert (doc.inspection_start, doc.inspection_end) == (start, end)
    assert doc.lead_inspector == lead
    got = {j.area: j.grade for j in doc.judgements}
    assert all(got[a] == g for a, g in grades.items())
    assert len(doc.recommendations) == n_recs
    assert [f.number for f in doc.findings] == list(range(1, n_findings + 1))


@needs_pdfs
def test_cornwall_sub_bullets_join_their_item() -> None:
    rec = doc_of("cornwall_2019-11-05_ilacs.pdf").recommendations[0]
    assert rec.text.startswith(
        "The provision of suitable accommodation for 16- and 17-year-old homeless"
    )
    assert "including: sufficiency of accommodation; assessment and support" in rec.text


@needs_pdfs
def test_croydon_2020_number_without_space() -> None:
    f = doc_of("croydon_2020-03-16_report.pdf").finding(10)
    assert f.text.startswith("Services for disabled children are delivered by knowledgeable")


def _same_findings(a: Document, b: Document) -> None:
    """Findings equal up to whitespace and quote style, allowing a few characters'
    difference where the published text file corrected a spelling in the PDF."""
    assert [f.number for f in a.findings] == [f.number for f in b.findings]
    exact = 0
    for fa, fb in zip(a.findings, b.findings, strict=True):
        assert plain(fa.section) == plain(fb.section)
        assert fa.area == fb.area
        ta, tb = plain(fa.text), plain(fb.text)
        exact += ta == tb
        assert Levenshtein.distance(ta, tb) <= 3, (fa.number, ta, tb)
    assert exact >= len(a.findings) - 2
    assert [plain(r.text) for r in a.recommendations] == [plain(r.text) for r in b.recommendations]
    assert [(j.area, j.grade) for j in a.judgements] == [(j.area, j.grade) for j in b.judgements]


@needs_pdfs
def test_kirklees_2024_pdf_equals_text() -> None:
    text_doc = extract(REPORT_2024)[0]
    _same_findings(text_doc, doc_of("kirklees_2024-08-28_ilacs.pdf"))


@needs_pdfs
def test_kirklees_2019_pdf_equals_text() -> None:
    from ofsted_mine.extract.ilacs import parse

    src = read_source(PACK_2019)
    texts = [ln.text for ln in src.lines]
    title = next(
        i for i, t in enumerate(texts) if t.startswith("Inspection of children's social care")
    )
    first = max(i for i in range(title) if texts[i].strip())
    last = next(i for i, t in enumerate(texts) if t.startswith("© Crown copyright 2019"))
    text_doc = parse(src.slice(first, last + 1))
    pdf_doc = doc_of("kirklees_2019-08-05_ilacs.pdf")
    _same_findings(text_doc, pdf_doc)
    assert pdf_doc.lead_inspector == text_doc.lead_inspector == "Lisa Summers"
    assert Path(pdf_doc.source).name == "kirklees_2019-08-05_ilacs.pdf"


@cache
def source_of(name: str):
    return read_source(pdf_path(name))


def _rebuild(src, mode: str):
    """The same page lines with every paragraph gap removed, or a gap after every line:
    the parser must not depend on exactly where ingestion puts blank lines."""
    from ofsted_mine.extract.layout import SourceText

    rows = []
    for ln in src.lines:
        if mode == "noblank" and ln.blank:
            continue
        rows.append((ln.text, ln.page, ln.x0, ln.size, ln.bold))
        if mode == "allblank" and not ln.blank:
            rows.append(("", ln.page, None, None, None))
    return SourceText.from_lines(src.path, src.sha256, rows, kind="pdf")


def _parser(doc: Document):
    from ofsted_mine.extract import ilacs, sif

    return ilacs.parse if doc.doc_type == "ilacs_report" else sif.parse


def _key(doc: Document):
    return (
        [(f.number, f.area, " ".join(f.text.split())) for f in doc.findings],
        [(r.number, r.area, " ".join(r.text.split())) for r in doc.recommendations],
        [(j.area, j.grade) for j in doc.judgements],
    )


@needs_pdfs
@pytest.mark.parametrize("name", REPORTS)
def test_paragraph_gaps_do_not_matter(name: str) -> None:
    parse = _parser(doc_of(name))
    src = source_of(name)
    base = _key(parse(src))
    assert _key(parse(_rebuild(src, "allblank"))) == base
    if doc_of(name).doc_type == "ilacs_report":
        assert _key(parse(_rebuild(src, "noblank"))) == base
