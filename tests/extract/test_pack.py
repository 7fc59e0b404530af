"""Council document packs: split into papers; embedded Ofsted documents as if standalone."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from ofsted_mine.errors import NoOfstedDocument
from ofsted_mine.extract import extract, parse_source, parser_for, read_source
from ofsted_mine.extract.pack import parse_pack, split
from tests.conftest import FIXTURES, PACK_2018, PACK_2019

D = dt.date


def _by_type(docs, doc_type):
    return [d for d in docs if d.doc_type == doc_type]


def test_2019_pack_constituents() -> None:
    docs = extract(PACK_2019)
    pack = docs[0]
    assert pack.doc_type == "council_pack"
    assert pack.meeting_date == D(2019, 8, 23)
    assert pack.title == "Document pack: Children's Scrutiny Panel"
    rest = docs[1:]
    assert [d.doc_type for d in rest] == [
        "agenda",
        "committee_minutes",
        "council_report",  # declaration of interests form
        "council_report",
        "council_report",
        "ilacs_report",
        "council_report",
        "council_report",
    ]
    assert [d.title for d in rest if d.doc_type != "ilacs_report"] == [
        "Agenda: Children's Scrutiny Panel",
        "Minutes: Children's Scrutiny Panel",
        "Declaration of Interests",
        "Number and Age of Children in Care",
        "Update on Exploitation Strategy and Next Steps",
        "Children's Scrutiny Panel – Work Programme 2019/20",
        "Agenda Plan 2019/20",
    ]
    minutes = _by_type(rest, "committee_minutes")[0]
    assert minutes.meeting_date == D(2019, 7, 19)
    for d in rest:
        assert d.parent == pack.id
        assert d.line_range is not None and d.line_range[0] <= d.line_range[1]
        if d.doc_type != "ilacs_report":
            assert d.meeting_date is not None
    assert [d.line_range for d in rest][:2] == [(3, 126), (128, 256)]
    # ranges are in order and do not overlap
    ranges = [d.line_range for d in rest]
    assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:], strict=False))
    assert len(pack.sections) == len(rest)


def test_2019_pack_embedded_report_same_as_standalone() -> None:
    docs = extract(PACK_2019)
    [report] = _by_type(docs, "ilacs_report")
    assert report.line_range == (549, 684)
    assert report.text.startswith("Kirklees Metropolitan Borough Council")
    assert report.text.rstrip().endswith("© Crown copyright 2019")
    assert len(report.judgements) == 4
    assert {j.grade for j in report.judgements} == {"requires_improvement"}
    assert len(report.recommendations) == 10
    assert len(report.findings) == 49
    assert len({f.section for f in report.findings}) == 3
    # exactly what the ILACS parser gives on the same lines cut out by hand
    src = read_source(PACK_2019)
    alone = parser_for("ilacs_report")(src.slice(548, 684))
    assert [f.text for f in alone.findings] == [f.text for f in report.findings]
    assert [j.model_dump() for j in alone.judgements] == [j.model_dump() for j in report.judgements]


def test_2018_pack_letter_and_reports() -> None:
    docs = extract(PACK_2018)
    [letter] = _by_type(docs, "monitoring_visit_letter")
    assert letter.published == D(2018, 8, 3)
    assert letter.line_range == (187, 259)
    assert letter.text.startswith("Clive House")
    assert letter.text.rstrip().endswith("Rachel Holden Her Majesty's Inspector")
    titles = [d.title for d in _by_type(docs, "council_report")]
    assert "Child Sexual Exploitation (CSE) and Missing" in titles
    assert "Strategy for Partnership Working - Early Support" in titles
    reports = {d.title: d for d in _by_type(docs, "council_report")}
    assert reports["Child Sexual Exploitation (CSE) and Missing"].meeting_date == D(2018, 9, 10)
    assert reports["Strategy for Partnership Working - Early Support"].line_range == (399, 626)
    [minutes] = _by_type(docs, "committee_minutes")
    assert minutes.meeting_date == D(2018, 6, 11)
    [agenda] = _by_type(docs, "agenda")
    assert agenda.meeting_date == D(2018, 9, 10)
    assert any(s.title.startswith("5: Monitoring visit") for s in agenda.sections)


def test_only_ofsted() -> None:
    docs = extract(PACK_2018, only_ofsted=True)
    assert [d.doc_type for d in docs] == ["monitoring_visit_letter"]
    docs = extract(PACK_2019, only_ofsted=True)
    assert [d.doc_type for d in docs] == ["ilacs_report"]


def test_fixture_pack_embedding_a_letter() -> None:
    docs = extract(FIXTURES / "pack_with_letter.txt")
    assert [d.doc_type for d in docs] == [
        "council_pack",
        "agenda",
        "committee_minutes",
        "monitoring_visit_letter",
        "council_report",
    ]
    letter = docs[3]
    assert letter.local_authority == "Southby"
    assert letter.visit_number == 2
    assert letter.inspectors == ["Lee Testwell", "Kim Fixture"]
    assert letter.text.startswith("Ofsted\nPiccadilly Gate")
    assert len(letter.findings) == 5
    assert docs[2].meeting_date == D(2020, 1, 15)
    assert docs[4].title == "School Attendance Update"
    assert docs[0].meeting_date == D(2020, 3, 11)


def test_pack_without_ofsted_content() -> None:
    path = FIXTURES / "pack_no_ofsted.txt"
    docs = extract(path)
    assert [d.doc_type for d in docs] == [
        "council_pack",
        "agenda",
        "committee_minutes",
        "council_report",
    ]
    assert any("no Ofsted" in w for w in docs[0].warnings)
    with pytest.raises(NoOfstedDocument) as info:
        extract(path, only_ofsted=True)
    assert f"no Ofsted document found in {path}" in str(info.value)


def test_pdf_pack_has_page_ranges(tmp_path) -> None:
    fpdf = pytest.importorskip("fpdf")
    text = (FIXTURES / "pack_with_letter.txt").read_text(encoding="utf-8")
    pdf = fpdf.FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    for chunk in text.split("This page is intentionally left blank"):
        pdf.add_page()
        for para in chunk.strip().split("\n\n"):
            pdf.multi_cell(160, 5, para.replace("’", "'"))
            pdf.ln(4)
        pdf.add_page()
        pdf.multi_cell(160, 5, "This page is intentionally left blank")
    path = tmp_path / "pack.pdf"
    pdf.output(str(path))
    docs = parse_source(read_source(path))
    assert [d.doc_type for d in docs] == [
        "council_pack",
        "agenda",
        "committee_minutes",
        "monitoring_visit_letter",
        "council_report",
    ]
    pages = [d.page_range for d in docs[1:]]
    assert pages == [(1, 1), (1, 1), (3, 3), (5, 5)]
    assert docs[3].published == D(2020, 2, 7)


def test_split_is_fast() -> None:
    src = read_source(PACK_2019)
    assert len(src.text) > 90_000
    t0 = time.perf_counter()
    docs = parse_pack(src)
    elapsed = time.perf_counter() - t0
    assert len(docs) == 9
    assert elapsed < 1.0, elapsed
    assert [p.hint for p in split(src)][:2] == [None, "minutes"]


def test_cli_only_ofsted_and_allow_unknown(tmp_path) -> None:
    import json

    from typer.testing import CliRunner

    from ofsted_mine.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["extract", str(PACK_2018), "--only", "ofsted", "--json"])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    assert [d["doc_type"] for d in payload["documents"]] == ["monitoring_visit_letter"]
    res = runner.invoke(app, ["extract", str(FIXTURES / "pack_no_ofsted.txt"), "--only", "ofsted"])
    assert res.exit_code == 1
    assert "no Ofsted document found in" in res.output
    res = runner.invoke(app, ["extract", str(PACK_2018), "--only", "council"])
    assert res.exit_code == 2
    odd = tmp_path / "notes.txt"
    odd.write_text("Shopping list\n\nEggs and flour.\n", encoding="utf-8")
    assert runner.invoke(app, ["extract", str(odd)]).exit_code == 1
    res = runner.invoke(app, ["extract", str(odd), "--allow-unknown", "--json"])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["documents"][0]["doc_type"] == "unknown"


def test_pack_cut_inside_embedded_report_and_letter() -> None:
    from ofsted_mine.extract import extract_text

    text = PACK_2019.read_text(encoding="utf-8")
    cut = text[: text.index("17. Staff from a range of services") + 120]
    docs = extract_text(cut, "cut_pack.txt")
    [report] = _by_type(docs, "ilacs_report")
    assert len(report.findings) == 17
    assert any("may be truncated" in w for w in report.warnings)
    assert any("mid-sentence" in w for w in report.warnings)
    text = PACK_2018.read_text(encoding="utf-8")
    cut = text[: text.index("The quality of assessments remains variable") + 150]
    docs = extract_text(cut, "cut_pack_2018.txt")
    [letter] = _by_type(docs, "monitoring_visit_letter")
    assert len(letter.findings) == 10
    assert any("no sign-off" in w for w in letter.warnings)


def test_officer_report_with_appended_letter_is_a_small_pack() -> None:
    from ofsted_mine.extract import extract_text

    pack = (FIXTURES / "pack_with_letter.txt").read_text(encoding="utf-8")
    letter = pack[
        pack.index("Ofsted\nPiccadilly Gate") : pack.rindex("Her Majesty's Inspector") + 23
    ]
    cover = (
        "Name of meeting: Corporate Parenting Board\nDate: 25 March 2020\n"
        "Title of report: Ofsted monitoring visit\n\nPurpose of report\n\n"
        + "To share with the Board the letter Ofsted sent after its monitoring visit in January. "
        * 20
        + "\n\n1. Summary\n\nThe letter is attached as an appendix.\n\nAppendix 1\n\n"
    )
    docs = extract_text(cover + letter, "board_report.txt")
    assert [d.doc_type for d in docs] == [
        "council_pack",
        "council_report",
        "monitoring_visit_letter",
    ]
    assert (
        docs[0].detection is not None and docs[0].detection.cues[0] == "council cover sheet first"
    )
    assert docs[1].title == "Ofsted monitoring visit"
    assert docs[1].meeting_date == D(2020, 3, 25)
    assert docs[2].published == D(2020, 2, 7)
    assert len(docs[2].findings) == 5


def test_a_failing_parser_does_not_lose_the_pack(monkeypatch) -> None:
    import importlib

    letters = importlib.import_module("ofsted_mine.extract.letters")

    def broken(src, doc_type=None):
        raise ValueError("boom")

    monkeypatch.setattr(letters, "parse", broken)
    docs = extract(FIXTURES / "pack_with_letter.txt")
    assert [d.doc_type for d in docs] == [
        "council_pack",
        "agenda",
        "committee_minutes",
        "unknown",
        "council_report",
    ]
    assert "parser failed (ValueError: boom)" in docs[3].warnings[0]


def test_embedded_report_ends_at_its_last_crown_copyright() -> None:
    """Older reports print "© Crown copyright" on the front page too: the end is the last one."""
    from ofsted_mine.extract import extract_text

    text = PACK_2019.read_text(encoding="utf-8")
    marker = "Inspection dates: 10 June 2019 to 21 June 2019\n"
    text = text.replace(marker, marker + "\n© Crown copyright 2019\n", 1)
    docs = extract_text(text, "front_crown.txt")
    [report] = _by_type(docs, "ilacs_report")
    assert report.line_range == (549, 686)
    assert len(report.findings) == 49
