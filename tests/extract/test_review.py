"""Commissioner reviews: own content plus the cited earlier inspection."""

from __future__ import annotations

import datetime as dt

from ofsted_mine.extract import extract, extract_text
from tests.conftest import REVIEW_2017

D = dt.date
CITED = (D(2016, 9, 12), D(2016, 10, 6))


def _review():
    [doc] = extract(REVIEW_2017)
    return doc


def test_review_metadata() -> None:
    doc = _review()
    assert doc.doc_type == "commissioner_review"
    assert doc.title == "Kirklees Children's Services: report to the Secretary of State"
    assert doc.local_authority == "Kirklees"
    assert doc.author == "Eleanor Brazil"
    assert doc.published == D(2017, 3, 31)  # the signed date; the cover month differs
    assert any("cover date September 2017" in w for w in doc.warnings)
    assert any("earlier external judgements" in w for w in doc.warnings)


def test_review_sections_from_contents_and_headings() -> None:
    doc = _review()
    top = [s for s in doc.sections if s.level == 1]
    assert len(top) == 23
    assert top[0].title == "Executive Summary"
    assert top[-1].title == "Recommendations"
    assert all(s.span is not None for s in top)  # every contents entry found in the body
    assert doc.text[top[-2].span.start : top[-2].span.end] == "Options"
    subs = [s.title for s in doc.sections if s.level == 2]
    assert "Peer challenge review" in subs and "Workforce" in subs
    assert not any(t.startswith(("March 2016", "Summary of")) for t in subs)


def test_review_cited_judgements_of_2016_inspection() -> None:
    doc = _review()
    got = {(j.area, j.grade) for j in doc.judgements}
    assert got == {
        ("overall_effectiveness", "inadequate"),
        ("help_and_protection", "inadequate"),
        ("children_in_care", "inadequate"),
        ("leadership", "inadequate"),
        ("lscb", "inadequate"),
    }
    for j in doc.judgements:
        assert j.source == "cited"
        assert (j.cited_inspection_start, j.cited_inspection_end) == CITED


def test_review_recommendations_options() -> None:
    doc = _review()
    cited = [r for r in doc.recommendations if r.source == "cited"]
    stated = [r for r in doc.recommendations if r.source == "stated"]
    assert [r.number for r in cited] == list(range(1, 12))
    assert all((r.cited_inspection_start, r.cited_inspection_end) == CITED for r in cited)
    assert cited[0].text.startswith("Take urgent action to ensure that all children")
    assert cited[-1].text.startswith(
        "Review all arrangements when children are placed with parents"
    )
    assert [r.number for r in stated] == [1, 2, 3, 4, 5]
    assert all(r.cited_inspection_start is None for r in stated)
    assert stated[0].text.startswith("Kirklees Council and Leeds Council, agree with DfE")
    assert [r.index for r in doc.recommendations] == list(range(1, 17))
    assert [o.number for o in doc.options] == [1, 2, 3]
    assert doc.options[1].text.startswith("Children's social care services to move into")
    assert all(o.area == "option" for o in doc.options)
    # the terms of reference and the options' "starting points" are not recommendations
    assert not any(r.text.startswith("To make recommendations") for r in doc.recommendations)
    assert not any(r.text.startswith("Kirklees wish to retain") for r in doc.recommendations)


def test_review_findings_numbered_in_order() -> None:
    doc = _review()
    assert len(doc.findings) == 143
    assert [f.number for f in doc.findings] == list(range(1, 144))
    assert doc.findings[0].text.startswith("This report covers a period of 4 months")
    assert doc.findings[0].section == "Executive Summary"
    assert doc.findings[-1].text.startswith("A formal partnership will require")
    assert doc.findings[-1].section == "Options"
    # a paragraph split at a page break ("... In" / "November 2015, ...") is one finding
    assert any("In November 2015, the 2-day peer challenge" in f.text for f in doc.findings)
    # the quotation of Ofsted's key findings is marked as cited
    quote = next(f for f in doc.findings if f.text.startswith("Services for vulnerable children"))
    assert quote.source == "cited"
    # quotations follow a lead-in ending in ":" that names Ofsted or an inspection
    assert [f.number for f in doc.findings if f.source == "cited"] == [17, 20, quote.number]
    assert doc.findings[15].text.endswith("Ofsted commented as follows:")
    # option lines, numbered recommendations, tables and timeline lines are not findings
    texts = [f.text for f in doc.findings]
    assert not any(
        t.startswith(("Option ", "1. ", "Type of Inspection", "April 2016:")) for t in texts
    )
    assert not any("Eleanor Brazil" in t for t in texts)


def test_review_without_signature_warns() -> None:
    text = REVIEW_2017.read_text(encoding="utf-8")
    cut = text[: text.index("Eleanor Brazil")]
    [doc] = extract_text(cut, "review_cut.txt")
    assert doc.doc_type == "commissioner_review"
    assert any("signature" in w for w in doc.warnings)
    assert doc.author is None
    assert len([r for r in doc.recommendations if r.source == "stated"]) == 5


def test_review_that_numbers_its_paragraphs() -> None:
    """A made-up review in the other common layout: numbered paragraphs, cited list inside."""
    from tests.conftest import FIXTURES

    [doc] = extract(FIXTURES / "commissioner_review_numbered.txt")
    assert doc.doc_type == "commissioner_review"
    assert doc.local_authority == "Eastshire"
    assert doc.author == "Alex Reviewer"
    assert doc.published == D(2019, 6, 14)
    assert [s.title for s in doc.sections] == ["Executive summary", "Background", "Recommendations"]
    cited = (D(2019, 2, 4), D(2019, 2, 15))
    assert {(j.area, j.grade) for j in doc.judgements} == {
        ("overall_effectiveness", "inadequate"),
        ("help_and_protection", "inadequate"),
        ("leadership", "inadequate"),
        ("children_in_care", "requires_improvement"),
    }
    assert all((j.cited_inspection_start, j.cited_inspection_end) == cited for j in doc.judgements)
    assert [(r.source, r.number) for r in doc.recommendations] == [
        ("cited", 1),
        ("cited", 2),
        ("stated", 1),
        ("stated", 2),
    ]
    assert doc.recommendations[0].cited_inspection_start == cited[0]
    assert [f.text.split()[0] for f in doc.findings] == ["This", "The", "Leaders", "The"]
    assert [f.number for f in doc.findings] == [1, 2, 3, 4]
    assert doc.findings[3].section == "Background"
    assert not doc.warnings
