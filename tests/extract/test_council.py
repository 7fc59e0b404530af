"""Council papers: officer reports, minutes, agendas (alone and from packs)."""

from __future__ import annotations

import datetime as dt

from ofsted_mine.extract import extract, extract_text
from ofsted_mine.extract.council import kind_of
from tests.conftest import FIXTURES, IMPROVEMENT_2018, PACK_2018, PACK_2019

D = dt.date


def test_officer_report_alone() -> None:
    [doc] = extract(IMPROVEMENT_2018)
    assert doc.doc_type == "council_report"
    assert doc.title == "Children's Services 10 Point Improvement Plan"
    # "Date: Wednesday 9th November" has no year: it is borrowed from the sign-off date
    assert doc.meeting_date == D(2018, 11, 9)
    assert any("has no year" in w for w in doc.warnings)
    titles = [s.title for s in doc.sections]
    assert "1. Summary" in titles
    assert "3.1 Early Intervention and Prevention (EIP)" in titles
    assert not any(t in ("Not applicable", "Public or private: Public") for t in titles)
    assert {s.level for s in doc.sections if s.title.startswith(("3.1", "3.2", "3.3"))} == {2}
    assert next(s.level for s in doc.sections if s.title == "3. Implications for the Council") == 1
    assert not doc.findings and not doc.judgements
    assert doc.author == "Elaine McShane"  # the contact officer


def test_report_cover_fields_on_one_line() -> None:
    docs = extract(PACK_2018)
    cse = next(d for d in docs if d.title == "Child Sexual Exploitation (CSE) and Missing")
    assert cse.meeting_date == D(2018, 9, 10)
    assert cse.line_range == (263, 393)
    assert "1. Summary" in [s.title for s in cse.sections]
    assert cse.author == "Ophelia Rix"  # "Contact officer Ophelia Rix ophelia.rix@..."


def test_minutes_from_pack() -> None:
    docs = extract(PACK_2019)
    [minutes] = [d for d in docs if d.doc_type == "committee_minutes"]
    assert minutes.title == "Minutes: Children's Scrutiny Panel"
    assert minutes.meeting_date == D(2019, 7, 19)
    items = [s.title for s in minutes.sections]
    assert items[:3] == [
        "1 Membership of the Committee",
        "2 Minutes of the Previous Meeting",
        "3 Interests",
    ]
    assert "8 Children's Scrutiny Panel Work Programme and agenda plan for 2019/20" in items


def test_agenda_from_pack() -> None:
    docs = extract(PACK_2019)
    [agenda] = [d for d in docs if d.doc_type == "agenda"]
    assert agenda.meeting_date == D(2019, 8, 23)
    assert [s.title for s in agenda.sections] == [
        "1: Membership of the Committee",
        "2: Minutes of the Previous Meeting",
        "3: Interests",
        "4: Admission of the Public",
        "5: Number of Children in Care",
        "6: Update on Exploitation Strategy and next steps",
        "7: Ofsted Report",
        "8: Children's Scrutiny Panel Work Programme and agenda plan for 2019/20",
    ]


def test_kind_of_and_made_up_minutes() -> None:
    text = (
        "BOROUGH COUNCIL\n\nCORPORATE PARENTING BOARD\n\nThursday 5 November 2020\n\n"
        "Present: Councillor A Example (Chair), Councillor B Example\n\n"
        "1 Apologies\n\nNone were received.\n\n"
        "2 Care leavers' accommodation\n\nThe Board considered a report on accommodation.\n\n"
        "RESOLVED - That the report be noted.\n"
    )
    assert kind_of(text) == "committee_minutes"
    [doc] = extract_text(text)
    assert doc.doc_type == "committee_minutes"
    assert doc.title == "Minutes: Corporate Parenting Board"
    assert doc.meeting_date == D(2020, 11, 5)
    assert [s.title for s in doc.sections] == ["1 Apologies", "2 Care leavers' accommodation"]


def test_pack_with_another_cover_sheet_style() -> None:
    """'Report to: / Report of: / Subject:' cover sheets start papers too, with no separator."""
    text = (FIXTURES / "pack_no_ofsted.txt").read_text(encoding="utf-8")
    old = (
        "This page is intentionally left blank\n\nAgenda Item 4\n\n"
        "Name of meeting: Children and Families Scrutiny Committee\nDate: 11 March 2020\n"
        "Title of report: School Attendance Update"
    )
    assert old in text
    text = text.replace(
        old,
        "Report to: Children and Families Scrutiny Committee - 11 March 2020\n"
        "Report of: Director of Education\nSubject: School Attendance Update",
    )
    docs = extract_text(text, "other_style.txt")
    assert [d.doc_type for d in docs] == [
        "council_pack",
        "agenda",
        "committee_minutes",
        "council_report",
    ]
    report = docs[-1]
    assert report.title == "School Attendance Update"
    assert report.meeting_date == D(2020, 3, 11)
    assert docs[2].text.rstrip().endswith("a further report be brought in March.")


def test_agenda_items_with_page_ranges_in_brackets() -> None:
    text = (
        "Notice of Meeting\n\nDear Member\n\nThe Corporate Parenting Board will meet in Room 4 at "
        "2.00 pm on Tuesday 14 January 2025.\n\nAgenda\n\n1. Apologies for absence\n\n"
        "2. Minutes of the previous meeting (Pages 1 - 6)\n\n3. Ofsted focused visit letter (Pages 7 - 14)\n"
    )
    [doc] = extract_text(text)
    assert doc.doc_type == "agenda"
    assert doc.title == "Agenda: Corporate Parenting Board"
    assert doc.meeting_date == D(2025, 1, 14)
    assert [s.title for s in doc.sections] == [
        "1: Apologies for absence",
        "2: Minutes of the previous meeting",
        "3: Ofsted focused visit letter",
    ]
