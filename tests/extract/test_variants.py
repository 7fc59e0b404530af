"""Layout variants the real files may not cover, on every route.

Fixtures under ``tests/fixtures/variants/`` are made up (our own sentences);
the layout is what matters. Report fixtures are read three ways:

* ``text``: as a text file (each line its own block, no styling);
* ``pdf``: as a PDF would give them (left edge, font size, weight), lines
  marked ``## `` set in a larger bold font;
* ``plain-pdf``: the same with no styling at all (no bold, one size), as in
  PDFs whose text layer carries no font weight.

Every route must give the same judgements, recommendations and findings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ofsted_mine.compare.authority import authority_key
from ofsted_mine.extract import extract_text, parse_source, read_bytes
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.report_meta import authority_name
from ofsted_mine.models import Document

VARIANTS = Path(__file__).resolve().parent.parent / "fixtures" / "variants"
ROUTES = ("text", "pdf", "plain-pdf")


def pdf_like(text: str, styled: bool = True) -> SourceText:
    """A PDF-route :class:`SourceText` of ``text``: ``## `` lines are headings
    (bold, 14 pt when ``styled``), other lines 11 pt body text at one margin."""
    rows = []
    for raw in text.split("\n"):
        if not raw.strip():
            rows.append(("", 1, None, None, None))
        elif raw.startswith("## "):
            rows.append((raw[3:], 1, 72.0, 14.0 if styled else 11.0, styled))
        else:
            rows.append((raw.replace("\t", " "), 1, 72.0, 11.0, False))
    return SourceText.from_lines("<pdf-like>", "0" * 64, rows, kind="pdf")


def parse(text: str, route: str) -> Document:
    if route == "text":
        src = read_bytes(text.replace("## ", "").encode("utf-8"), "variant.txt")
    else:
        src = pdf_like(text, styled=route == "pdf")
    docs = parse_source(src)
    assert len(docs) == 1
    return docs[0]


def fixture(name: str) -> str:
    return (VARIANTS / name).read_text(encoding="utf-8")


def grades(doc: Document) -> dict[str, str]:
    return {j.area: j.grade for j in doc.judgements}


# ------------------------------------------------------------------ ILACS


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    "name", ["ilacs_tight_table.txt", "ilacs_tab_table.txt", "ilacs_interleaved_table.txt"]
)
def test_tight_judgement_table(name: str, route: str) -> None:
    """Rows with no blank lines between them; grade on the area's last line, on the
    next line, after a tab, or read into the middle of a wrapped area name (a
    text layer's "...need help and Requires improvement" / "protection to be
    good"); the table head running straight into the rows."""
    doc = parse(fixture(name), route)
    assert doc.doc_type == "ilacs_report"
    assert grades(doc) == {
        "leadership": "good",
        "help_and_protection": "requires_improvement",
        "children_in_care": "good",
        "overall_effectiveness": "requires_improvement",
    }
    assert not any("table" in w for w in doc.warnings), doc.warnings
    # the table's own rows, in table order (not completed from section headings)
    assert [j.area for j in doc.judgements][-1] == "overall_effectiveness"
    assert doc.local_authority == "Ambridge"
    assert (str(doc.inspection_start), str(doc.inspection_end)) == ("2019-03-04", "2019-03-15")
    assert doc.lead_inspector == "Sam Holloway"
    assert [r.text for r in doc.recommendations] == [
        "The consistency of help for families at the edge of care.",
        "How managers record the reasons for their decisions.",
    ]
    assert [f.number for f in doc.findings] == [1, 2, 3, 4, 5]
    assert [f.area for f in doc.findings] == [
        "help_and_protection",
        "help_and_protection",
        "children_in_care",
        "children_in_care",
        "leadership",
    ]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    ("council", "name"),
    [
        ("London Borough of Wexmoor", "Wexmoor"),
        ("Wexmoor City Council", "Wexmoor"),
        ("Wexmoor County Council", "Wexmoor"),
        ("Royal Borough of Wexmoor and Dale", "Wexmoor and Dale"),
        ("Wexmoor Metropolitan Borough Council", "Wexmoor"),
    ],
)
def test_2018_title_variant_names_the_council(council: str, name: str, route: str) -> None:
    """ "Inspection of children's social care services" under the council's name."""
    doc = parse(fixture("ilacs_2018_title.txt").replace("{council}", council), route)
    assert doc.doc_type == "ilacs_report"
    assert doc.title is not None and doc.title.startswith("Inspection of children")
    assert doc.local_authority == name
    # one key for the comparator however the council is styled
    assert authority_key(doc.local_authority) == authority_key(council)
    assert set(grades(doc).values()) == {"good"} and len(doc.judgements) == 4
    assert [f.number for f in doc.findings] == [1, 2, 3]
    assert len(doc.recommendations) == 1
    assert doc.lead_inspector == "Jo Marsh"


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("London Borough of Wexmoor", "Wexmoor"),
        ("Royal Borough of Wexmoor and Dale", "Wexmoor and Dale"),
        ("Wexmoor City Council", "Wexmoor"),
        ("City of Wexmoor Council", "Wexmoor"),
        ("Council of the Isles of Wexmoor", "Isles of Wexmoor"),
        ("Wexmoor-on-Sea Borough Council", "Wexmoor-on-Sea"),
    ],
)
def test_authority_name_agrees_with_comparator_key(raw: str, name: str) -> None:
    assert authority_name(raw) == name
    assert authority_key(authority_name(raw)) == authority_key(raw)


@pytest.mark.parametrize(
    "spellings",
    [
        ("County Durham", "Durham County Council", "Durham"),
        ("City of London Corporation", "City of London"),
        ("Bristol City of", "Bristol City Council", "Bristol"),
    ],
)
def test_spellings_of_one_council_give_one_name(spellings: tuple[str, ...]) -> None:
    """Where the comparator's key of the raw spellings differs, the parsers' name does not."""
    assert len({authority_name(s) for s in spellings}) == 1


@pytest.mark.parametrize("route", ROUTES)
def test_short_inspection(route: str) -> None:
    doc = parse(fixture("ilacs_short.txt"), route)
    assert doc.doc_type == "ilacs_report"
    assert grades(doc) == {
        "leadership": "good",
        "help_and_protection": "good",
        "children_in_care": "good",
        "care_leavers": "good",
        "overall_effectiveness": "good",
    }
    assert len(doc.recommendations) == 1
    assert [(f.number, f.area) for f in doc.findings] == [
        (1, "help_and_protection"),
        (2, "help_and_protection"),
        (3, "children_in_care"),
        (4, "care_leavers"),
        (5, "leadership"),
        (6, "leadership"),
    ]
    assert doc.warnings == []


# ------------------------------------------------------------------ SIF


@pytest.mark.parametrize("route", ROUTES)
def test_sif_without_styling(route: str) -> None:
    """Topic headings inside the running recommendation list, the front page ending
    at the improvement heading, judgement headings with the grade on the next line:
    the same result with bold headings, with no styling, and as text."""
    doc = parse(fixture("sif_unstyled.txt"), route)
    assert doc.doc_type == "sif_report"
    assert doc.local_authority == "Wexmoor"
    assert grades(doc) == {
        "overall_effectiveness": "requires_improvement",
        "help_and_protection": "requires_improvement",
        "children_in_care": "requires_improvement",
        "adoption": "good",
        "care_leavers": "inadequate",
        "leadership": "requires_improvement",
        "lscb": "requires_improvement",
    }
    assert [(r.number, r.area) for r in doc.recommendations] == [
        (1, None),
        (2, None),
        (3, None),
        (4, None),
        (11, "lscb"),
    ]
    assert doc.recommendations[1].text == (
        "Re-establish contact with care leavers who are not in touch with the service."
    )
    assert [(f.number, f.area) for f in doc.findings] == [
        (5, "help_and_protection"),
        (6, "help_and_protection"),
        (7, "children_in_care"),
        (8, "adoption"),
        (9, "care_leavers"),
        (10, "leadership"),
        (12, "lscb"),
    ]
    assert doc.warnings == []


# ------------------------------------------------------------------ letters


def letter(name: str) -> Document:
    docs = extract_text(fixture(name), name)
    assert len(docs) == 1
    return docs[0]


def test_focused_visit_with_priority_action() -> None:
    doc = letter("focused_visit_priority.txt")
    assert doc.doc_type == "focused_visit_letter"
    assert doc.local_authority == "Wexmoor"
    assert (str(doc.inspection_start), str(doc.inspection_end)) == ("2020-01-21", "2020-01-22")
    assert str(doc.published) == "2020-02-14"
    assert doc.inspectors == ["Priya Shah", "Tom Hale"]
    # the priority action and both improvement items
    assert [r.text[:40] for r in doc.recommendations] == [
        "The local authority should take urgent a",
        "The quality of written plans, so that fa",
        "The oversight of work by first-line mana",
    ]
    texts = [f.text for f in doc.findings]
    assert [f.number for f in doc.findings] == list(range(1, len(texts) + 1))
    # the summary and "Inspectors looked at ..." paragraphs are the introduction
    assert len(texts) == 4
    assert texts[0].startswith("Too many children wait too long")
    assert doc.introduction.split("\n\n")[1].startswith("Inspectors looked at")
    assert texts[-1].startswith("Assessments are thorough")
    # no address block, improvement item or sign-off inside a finding
    for t in texts:
        assert "Piccadilly" not in t and "Yours sincerely" not in t
        assert "urgent action" not in t and "first-line managers" not in t


def test_focused_visit_without_subheadings() -> None:
    doc = letter("focused_visit_plain.txt")
    assert doc.doc_type == "focused_visit_letter"
    assert doc.local_authority == "Wexmoor"
    assert doc.inspectors == ["Ruth Ellis", "Dan Moore"]
    assert doc.recommendations == []
    body = [
        f.text
        for f in doc.findings
        if f.text.startswith(("Personal", "Most", "Pathway", "Leaders"))
    ]
    assert len(body) == 4
    # no headings: the introduction is the summary and the "Inspectors looked at" paragraph
    assert len(doc.findings) == 4
    assert doc.areas_covered == [doc.introduction.split("\n\n")[1]]
    assert doc.findings[-1].text.startswith("Leaders have a clear understanding")
    assert all(f.subheading is None for f in doc.findings)


def test_monitoring_visit_overview_and_findings_headings() -> None:
    doc = letter("monitoring_visit_overview.txt")
    assert doc.doc_type == "monitoring_visit_letter"
    assert doc.local_authority == "Wexmoor"
    assert doc.visit_number == 3
    assert (str(doc.inspection_start), str(doc.inspection_end)) == ("2019-09-10", "2019-09-11")
    assert doc.inspectors == ["Lee Grant", "Maya Ross"]
    # bullets set under their lead-in line with no gap
    assert doc.areas_covered == [
        "the quality of assessments for children in need",
        "management oversight of casework.",
    ]
    by_section = [(f.section, f.text[:30]) for f in doc.findings]
    # the lead-in of the areas list is introduction, whether or not a blank line parts it
    # from its list
    assert doc.introduction.split("\n\n")[1].startswith("Inspectors reviewed the progress made")
    assert by_section == [
        ("Overview", "The local authority has made s"),
        ("Findings and evaluation of progress", "Assessments are now completed "),
        ("Findings and evaluation of progress", "Managers record their decision"),
        ("Findings and evaluation of progress", "Caseloads have reduced and soc"),
    ]
    # the closing courtesy is not a finding
    assert not any(f.text.startswith("I look forward") for f in doc.findings)


@pytest.mark.parametrize(
    "name",
    ["focused_visit_priority.txt", "focused_visit_plain.txt", "monitoring_visit_overview.txt"],
)
def test_letter_without_blank_lines_reads_the_same(name: str) -> None:
    """Text saved or pasted with no paragraph spacing: one paragraph per line and not
    a single blank line (so nothing separates the address, salutation and body)."""
    spaced = letter(name)
    tight_text = "\n".join(ln for ln in fixture(name).split("\n") if ln.strip())
    [tight] = extract_text(tight_text, name)
    assert tight.doc_type == spaced.doc_type
    for key in (
        "local_authority",
        "inspection_start",
        "inspection_end",
        "published",
        "inspectors",
        "visit_number",
        "areas_covered",
        "addressee",
        "introduction",
    ):
        assert getattr(tight, key) == getattr(spaced, key), key
    assert [r.text for r in tight.recommendations] == [r.text for r in spaced.recommendations]
    assert [(f.number, f.section, f.text) for f in tight.findings] == [
        (f.number, f.section, f.text) for f in spaced.findings
    ]
