"""Council document packs: split into papers; embedded Ofsted documents as if standalone."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ofsted_mine.errors import NoOfstedDocument
from ofsted_mine.extract import extract, parse_source, parser_for, read_source
from ofsted_mine.extract.pack import parse_pack, split
from tests.conftest import FIXTURES, PACK_2018, PACK_2019, REPORT_2024

D = dt.date


def _by_type(docs, doc_type):
    return [d for d in docs if d.doc_type == doc_type]


def test_2019_pack_constituents() -> None:
    docs = extract(PACK_2019)
    pack = docs[0]
    assert pack.doc_type == "council_pack"
    assert pack.meeting_date == D(2019, 8, 23)
    assert pack.published == D(2019, 8, 15)  # the notice's date
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
    assert agenda.published == D(2018, 8, 31)
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
    # "Overview" (1) and "Findings and evaluation of progress" (2); the summary and the
    # areas lead-in are the introduction
    assert len(letter.findings) == 3
    assert letter.introduction.startswith("This letter summarises the findings")
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


def test_split_of_the_whole_2019_pack() -> None:
    """The 90k-character pack splits into its nine documents (speed: bench/extract_packs.py)."""
    src = read_source(PACK_2019)
    assert len(src.text) > 90_000
    docs = parse_pack(src)
    assert len(docs) == 9
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
    # Overview (2) and findings up to "The quality of assessments remains variable" (5)
    assert len(letter.findings) == 7
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
    # one "Overview" paragraph and two findings; the summary and the areas lead-in are
    # the letter's introduction
    assert len(docs[2].findings) == 3
    assert docs[2].introduction is not None


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


def _render_pack_with_report(path) -> tuple[int, int]:
    """A long PDF pack: council papers around the 2024 report, stamped on each of its pages.

    The report's running footer and the council's "Appendix 1" stamp recur on
    too small a share of the pack's pages for whole-file furniture learning;
    the pack splitter must drop them itself.
    Returns (first, last) page of the report.
    """
    fpdf = pytest.importorskip("fpdf")
    from ofsted_mine.extract.text import read_text
    from tests.conftest import REPORT_2024
    from tests.extract.test_pdf_render import _ascii, _is_heading, source_blocks

    blocks = source_blocks(read_text(REPORT_2024.read_bytes(), str(REPORT_2024), "0" * 64))
    filler = (
        "The Panel will receive this update on the service's work over the past quarter, "
        "including the progress of the improvement plan and the views of partner agencies. "
    ) * 6
    state = {"report": False}

    class Pack(fpdf.FPDF):
        def header(self):
            if state["report"]:  # the council's stamp on every page of the appendix
                self.set_font("Helvetica", "I", 8)
                self.cell(
                    0,
                    5,
                    "Appendix 1 - Ofsted inspection report (Scrutiny, 4 March 2025)",
                    align="R",
                )
                self.ln(8)

        def footer(self):
            self.set_y(-15)
            self.set_font("Helvetica", "", 8)
            if state["report"]:
                self.cell(
                    0,
                    4,
                    "Inspection of Kirklees local authority children's services",
                    new_x="LMARGIN",
                    new_y="NEXT",
                )
                self.cell(0, 4, f"8 to 19 July 2024 {self.page_no() - state['first'] + 1}")
            else:
                self.cell(0, 5, f"Page {self.page_no()}", align="C")

    pdf = Pack(format="A4")
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, 25)

    def council_paper(title: str, pages: int) -> None:
        pdf.add_page()
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(
            0,
            6,
            f"Name of meeting: Children's Scrutiny Panel\nDate: 4 March 2025\nTitle of report: {title}",
        )
        pdf.ln(4)
        while pdf.page_no() < start + pages:
            pdf.multi_cell(0, 6, filler)
            pdf.ln(4)
        pdf.add_page()
        pdf.multi_cell(0, 6, "This page is intentionally left blank")

    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, "Public Document Pack")
    start = pdf.page_no()
    council_paper("Quarterly performance report", 22)
    pdf.add_page()
    first = pdf.page_no()
    state.update(report=True, first=first)
    for block in blocks:
        if "\t" in block:
            area, grade = block.split("\t", 1)
            pdf.set_font("Helvetica", "", 10)
            pdf.cell(125, 6, _ascii(area))
            pdf.cell(0, 6, _ascii(grade), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
            continue
        text = _ascii(block)
        num = re.match(r"^(\d{1,3})\.\s+(.*)$", text)
        pdf.set_font("Helvetica", "B" if (_is_heading(text) and not num) else "", 11)
        if num:
            pdf.cell(10, 6, num.group(1) + ".")
            pdf.multi_cell(0, 6, num.group(2), new_x="LMARGIN", new_y="NEXT")
        elif text.startswith("- "):
            pdf.cell(6, 6, "-")
            pdf.multi_cell(0, 6, text[2:], new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    last = pdf.page_no()
    state["report"] = False
    start = pdf.page_no() + 1
    council_paper("Sufficiency strategy", 18)
    pdf.output(str(path))
    return first, last


def test_pdf_pack_embedded_report_loses_its_own_running_footer(tmp_path) -> None:
    import re as _re

    path = tmp_path / "long_pack.pdf"
    first, last = _render_pack_with_report(path)
    src = read_source(path)
    assert src.n_pages > 3 * (last - first + 1)  # the footer is too rare for whole-file learning
    assert "8 to 19 July 2024" in src.text and "Appendix 1 - Ofsted" in src.text
    docs = parse_source(src)
    [report] = _by_type(docs, "ilacs_report")
    assert report.page_range == (first, last)
    # the report's text is free of the council's stamp and its own running footer
    assert "Appendix 1 - Ofsted" not in report.text
    assert not re.search(r"^8 to 19 July 2024 \d+$", report.text, re.M)
    [standalone] = extract(REPORT_2024)
    assert len(report.findings) == len(standalone.findings) == 69
    assert len(report.recommendations) == len(standalone.recommendations)
    for f in report.findings:
        assert "local authority children's services 8 to" not in f.text
        assert not _re.search(r"8 to 19 July 2024 \d", f.text), f.text[-80:]
        assert "Appendix 1 - Ofsted" not in f.text, f.text[:120]
    reports = _by_type(docs, "council_report")
    assert [d.title for d in reports] == ["Quarterly performance report", "Sufficiency strategy"]


def test_council_papers_take_the_pack_authority() -> None:
    """Minutes and officer reports inherit the authority of the pack's Ofsted paper."""
    docs = extract(PACK_2018)
    assert {d.local_authority for d in docs} == {"Kirklees"}


def test_pack_authority_from_council_name_without_ofsted_paper() -> None:
    """With no Ofsted paper, the council printed most often (twice or more) names the pack."""
    from ofsted_mine.extract.pack import pack_authority

    text = (
        "Wakefield Metropolitan District Council\nAgenda\nThe Council will meet...\n"
        "Wakefield Council advocates openness.\nA letter from Leeds City Council was noted.\n"
    )
    assert pack_authority([], text) == "Wakefield"
    assert pack_authority([], "Leeds City Council noted the report.") is None
