"""SIF (and pre-SIF) report parsing on a layout fixture written for the purpose."""

from __future__ import annotations

import datetime as dt

import pytest

from ofsted_mine.extract.paragraphs import split_blocks
from ofsted_mine.extract.sif import front_judgements, parse
from ofsted_mine.extract.source import read_source
from ofsted_mine.extract.text import read_text
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def doc():
    return parse(read_source(FIXTURES / "sif_layout.txt"))


def test_metadata(doc) -> None:
    assert doc.doc_type == "sif_report" and doc.framework == "SIF"
    assert doc.local_authority == "Borchester"
    assert doc.title == (
        "Inspection of services for children in need of help and protection, children looked"
        " after and care leavers and Review of the effectiveness of the Local Safeguarding"
        " Children Board"
    )
    assert (doc.inspection_start, doc.inspection_end) == (
        dt.date(2015, 11, 30),
        dt.date(2015, 12, 11),
    )
    assert doc.published == dt.date(2016, 2, 3)
    assert doc.lead_inspector == "Ann Example"
    assert doc.inspectors == ["Ann Example", "Bob Sample"]
    assert doc.warnings == []


def test_judgements_with_sub_judgements_and_lscb(doc) -> None:
    assert [(j.area, j.grade) for j in doc.judgements] == [
        ("overall_effectiveness", "requires_improvement"),
        ("help_and_protection", "requires_improvement"),
        ("children_in_care", "good"),
        ("adoption", "outstanding"),
        ("care_leavers", "requires_improvement"),
        ("leadership", "requires_improvement"),
        ("lscb", "good"),
    ]
    assert doc.judgement("adoption").area_text == "Adoption performance"
    # in SIF the children looked after judgement does not cover care leavers
    assert doc.judgement("children_in_care").combined == []


def test_running_numbers_split_into_recommendations_and_findings(doc) -> None:
    recs = [(r.index, r.number, r.area) for r in doc.recommendations]
    assert recs == [(1, 1, None), (2, 2, None), (3, 9, "lscb")]
    # a recommendation broken by a blank line mid-sentence is rejoined
    assert doc.recommendations[1].text == (
        "Improve the quality of plans so that they say what must change and by when."
    )
    assert [f.number for f in doc.findings] == [3, 4, 5, 6, 7, 8, 10, 11]
    assert [f.area for f in doc.findings] == [
        "help_and_protection",
        "help_and_protection",
        "children_in_care",
        "adoption",
        "care_leavers",
        "leadership",
        "lscb",
        "lscb",
    ]
    # "44" inside the sentence is not a paragraph number
    assert (
        doc.finding(4).text
        == "Assessments take too long; 44 were out of time and the manager did not know."
    )
    assert doc.finding(3).subheading == "Inspection findings"
    assert doc.finding(10).section == "Inspection findings – the Local Safeguarding Children Board"


def test_front_page_footnote_and_contents_do_not_leak(doc) -> None:
    texts = " ".join(f.text for f in doc.findings) + " ".join(r.text for r in doc.recommendations)
    assert "Ofsted produces this report" not in texts
    assert "Executive summary 2" not in texts
    assert not any("your social worker" in f.text.lower() for f in doc.findings)


def test_front_list_overall_sentence_variants() -> None:
    for sentence, grade in [
        ("The overall judgement is that children's services are inadequate.", "inadequate"),
        ("The overall judgement is requires improvement.", "requires_improvement"),
        ("Children's services in Borchester are good", "good"),
    ]:
        src = read_text(
            f"{sentence}\n1. Children who need help and protection Good\n".encode(), "x", "0" * 64
        )
        got = {j.area: j.grade for j in front_judgements(split_blocks(src.lines), None)}
        assert got == {"overall_effectiveness": grade, "help_and_protection": "good"}


def test_missing_numbers_are_warned() -> None:
    text = (
        (FIXTURES / "sif_layout.txt")
        .read_text("utf-8")
        .replace("8. Leaders know", "12. Leaders know")
    )
    d = parse(read_text(text.encode(), "x", "0" * 64))
    assert any("jumps" in w for w in d.warnings)
    assert any("more than once" in w or "missing" in w for w in d.warnings)


def test_hard_wrapped_text_gives_the_same_result() -> None:
    """Converted text that kept the PDF's line breaks: title, dates, headings,
    contents entries and paragraphs all wrapped."""
    import textwrap

    text = (FIXTURES / "sif_layout.txt").read_text("utf-8")
    wrapped = "\n".join(
        "\n".join(textwrap.wrap(line, 40)) if line.strip() else "" for line in text.split("\n")
    )
    flat = parse(read_text(text.encode(), "a", "0" * 64))
    hard = parse(read_text(wrapped.encode(), "b", "0" * 64))
    assert hard.local_authority == "Borchester"
    assert hard.title == flat.title
    assert (hard.inspection_start, hard.inspection_end) == (
        flat.inspection_start,
        flat.inspection_end,
    )
    assert [(j.area, j.grade) for j in hard.judgements] == [
        (j.area, j.grade) for j in flat.judgements
    ]
    assert [(r.number, r.text, r.area) for r in hard.recommendations] == [
        (r.number, r.text, r.area) for r in flat.recommendations
    ]
    assert [(f.number, f.text, f.area, f.section) for f in hard.findings] == [
        (f.number, f.text, f.area, f.section) for f in flat.findings
    ]
    assert hard.warnings == []


def test_pre_sif_layout_fixture() -> None:
    """The framework before SIF: "Grade N (X)" under each heading, numbered paragraphs
    throughout, areas for improvement as timed bullet lists."""
    from ofsted_mine.extract import extract

    d = extract(FIXTURES / "pre_sif_layout.txt")[0]
    assert d.doc_type == "sif_report" and d.framework == "pre_SIF"
    assert d.local_authority == "Wessex"
    assert (d.inspection_start, d.inspection_end) == (dt.date(2012, 3, 5), dt.date(2012, 3, 16))
    assert d.published == dt.date(2012, 4, 20)
    assert d.lead_inspector == "Jane Doe"
    assert [(j.area, j.grade, j.grade_text) for j in d.judgements] == [
        ("overall_effectiveness", "good", "Grade 2 (Good)"),
        ("leadership", "requires_improvement", "Grade 3 (Adequate)"),
    ]
    assert any("adequate" in w for w in d.warnings)
    assert any("'Capacity for improvement' is graded" in w for w in d.warnings)
    assert [(r.number, r.text) for r in d.recommendations] == [
        (5, "In order to improve services the council should take the following action."),
        (None, "review every child's plan"),
        (None, "visit every child in a residential placement."),
        (None, "recruit more foster carers."),
    ]
    # "About this inspection" (1-2) describes the inspection, not the council: a section, not findings
    assert [f.number for f in d.findings] == [3, 4, 6, 7]
    assert [f.area for f in d.findings] == ["overall_effectiveness", None, "leadership", "leadership"]
    assert [s.title for s in d.sections][:2] == ["About this inspection", "Overall effectiveness"]
    assert not [w for w in d.warnings if "missing" in w]  # numbering is checked from the first finding
    assert "Record of main findings" not in d.finding(7).text
