"""ILACS report parsing on the bundled corpus text and on layout fixtures."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ofsted_mine.extract.ilacs import parse
from ofsted_mine.extract.judgements import judgement_heading
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.report_meta import authority_name, inspector_name
from ofsted_mine.extract.source import read_source
from ofsted_mine.extract.text import read_text
from tests.conftest import FIXTURES, PACK_2019, REPORT_2024


def report_2019_from_pack() -> SourceText:
    """The 2019 report cut out of the scrutiny pack by its own first and last lines."""
    src = read_source(PACK_2019)
    texts = [ln.text for ln in src.lines]
    first = next(
        i
        for i, t in enumerate(texts)
        if t.startswith("Inspection of children's social care services")
    )
    first = max(i for i in range(first) if texts[i].strip() and i < first)  # the council's name
    last = next(i for i, t in enumerate(texts) if t.startswith("© Crown copyright 2019"))
    return src.slice(first, last + 1)


def from_text(text: str) -> SourceText:
    return read_text(text.encode("utf-8"), "<fixture>", "0" * 64)


@pytest.fixture(scope="module")
def doc_2024():
    return parse(read_source(REPORT_2024))


@pytest.fixture(scope="module")
def doc_2019():
    return parse(report_2019_from_pack())


def test_2024_metadata(doc_2024) -> None:
    d = doc_2024
    assert d.doc_type == "ilacs_report" and d.framework == "ILACS"
    assert d.title == "Inspection of Kirklees local authority children's services"
    assert d.local_authority == "Kirklees"
    assert (d.inspection_start, d.inspection_end) == (dt.date(2024, 7, 8), dt.date(2024, 7, 19))
    assert d.lead_inspector == "Rachel Griffiths"
    assert d.warnings == []


def test_2024_judgements(doc_2024) -> None:
    grades = {j.area: j.grade for j in doc_2024.judgements}
    assert grades == {
        "leadership": "good",
        "help_and_protection": "good",
        "children_in_care": "good",
        "care_leavers": "requires_improvement",
        "overall_effectiveness": "good",
    }
    cl = doc_2024.judgement("care_leavers")
    assert cl.area_text == "The experiences and progress of care leavers"
    assert cl.grade_text == "Requires improvement to be good"
    assert all(j.combined == [] for j in doc_2024.judgements)


def test_2024_recommendations(doc_2024) -> None:
    recs = doc_2024.recommendations
    assert [r.index for r in recs] == [1, 2, 3]
    assert (
        recs[0].text
        == "The availability and choice of homes for children in care and care leavers."
    )
    assert recs[2].text.startswith("The effectiveness of practice with every child")
    assert all(r.number is None and r.area is None for r in recs)


def test_2024_findings(doc_2024) -> None:
    f = doc_2024.findings
    assert [x.number for x in f] == list(range(1, 70))
    sections = [s for s in doc_2024.sections if s.area]
    assert [(s.area, s.grade) for s in sections] == [
        ("help_and_protection", "good"),
        ("children_in_care", "good"),
        ("care_leavers", "requires_improvement"),
        ("leadership", "good"),
    ]
    assert len({x.section for x in f}) == 4
    counts = {a: sum(1 for x in f if x.area == a) for a in {x.area for x in f}}
    assert counts == {
        "help_and_protection": 20,
        "children_in_care": 20,
        "care_leavers": 17,
        "leadership": 12,
    }
    assert (
        f[0].section
        == "The experiences and progress of children who need help and protection: good"
    )
    # paragraph 7 runs across a former page break (a blank line mid-sentence)
    p7 = doc_2024.finding(7)
    assert "family group conferences at the earliest opportunity, where they" in p7.text
    assert p7.text.endswith("making a positive difference to children's and families' experiences.")
    # the span covers the raw region, from the number to the paragraph's end
    raw = doc_2024.text[p7.span.start : p7.span.end]
    assert raw.startswith("7. There is a strong emphasis")
    assert re.search(r"conferences at the\n+earliest opportunity", raw)
    assert doc_2024.finding(69).text.startswith("The culture created by leaders")
    assert "Crown copyright" not in doc_2024.finding(69).text


def test_2019_from_pack(doc_2019) -> None:
    d = doc_2019
    assert d.local_authority == "Kirklees"
    assert d.title == "Inspection of children's social care services"
    assert (d.inspection_start, d.inspection_end) == (dt.date(2019, 6, 10), dt.date(2019, 6, 21))
    assert d.lead_inspector == "Lisa Summers"
    assert len(d.judgements) == 4
    assert {j.grade for j in d.judgements} == {"requires_improvement"}
    cic = d.judgement("children_in_care")
    assert cic.combined == ["children_in_care", "care_leavers"]
    assert cic.area_text == "The experiences and progress of children in care and care leavers"
    assert len(d.recommendations) == 10
    assert d.recommendations[5].text == "The completion of life-story work for children in care."
    assert [f.number for f in d.findings] == list(range(1, 50))
    assert len({f.section for f in d.findings}) == 3
    assert [s.grade for s in d.sections if s.area] == ["requires_improvement"] * 3
    # paragraph 11 is split by a blank line at a former page break
    assert "moved the management of this team to children's services." in d.finding(11).text
    assert d.line_range is not None and d.warnings == []


def test_older_layout_fixture_grade_on_next_line_and_no_colon() -> None:
    d = parse(read_source(FIXTURES / "ilacs_2018_layout.txt"))
    assert d.local_authority == "Borsetshire"
    assert d.lead_inspector == "Jane Example"
    assert [(j.area, j.grade, j.grade_text) for j in d.judgements] == [
        ("leadership", "requires_improvement", "Requires improvement to be good"),
        ("help_and_protection", "inadequate", "Inadequate"),
        ("children_in_care", "requires_improvement", "Requires improvement"),
        ("overall_effectiveness", "requires_improvement", "Requires improvement to be good"),
    ]
    # private-use Wingdings bullets; a sub-list joins its parent item
    assert [r.text for r in d.recommendations] == [
        "The timeliness of visits to children subject to plans.",
        "The quality of supervision, including: its frequency; its focus on the child.",
        "Placement choice for older children.",
    ]
    assert [f.number for f in d.findings] == [1, 2, 3, 4, 5, 6]
    assert d.finding(2).text.endswith(
        "share what they know about the family, although the notes do not always say what was agreed."
    )
    assert [s.grade for s in d.sections if s.area] == [
        "inadequate",
        "requires_improvement",
        "requires_improvement",
    ]
    assert "boilerplate" not in d.finding(6).text
    assert d.warnings == []


def test_2023_layout_fixture_five_rows_and_question_mark() -> None:
    d = parse(read_source(FIXTURES / "ilacs_2023_layout.txt"))
    assert d.local_authority == "Wessex Vale"
    assert (d.inspection_start, d.inspection_end) == (dt.date(2023, 3, 6), dt.date(2023, 3, 17))
    assert d.lead_inspector == "John Sample"
    assert len(d.judgements) == 5
    assert d.judgement("children_in_care").grade == "outstanding"
    assert d.judgement("care_leavers").grade == "requires_improvement"
    assert [r.text for r in d.recommendations] == [
        "The range of homes for care leavers.",
        "Health histories for care leavers.",
    ]
    assert [f.number for f in d.findings] == list(range(1, 8))
    assert (
        d.finding(5).text == "Too many care leavers live in unsuitable housing."
    )  # "5.Too" without a space
    assert d.finding(5).area == "care_leavers"


def test_gaps_and_duplicates_are_warned_not_hidden() -> None:
    text = (FIXTURES / "ilacs_2023_layout.txt").read_text("utf-8")
    text = text.replace("3. Children come", "4. Children come").replace(
        "6. Leaders are", "9. Leaders are"
    )
    d = parse(from_text(text))
    assert [f.number for f in d.findings] == [1, 2, 4, 4, 5, 9, 7]
    joined = " ".join(d.warnings)
    assert "jumps" in joined and "more than once" in joined


def test_missing_table_is_a_warning_and_headings_still_give_grades() -> None:
    text = (FIXTURES / "ilacs_2023_layout.txt").read_text("utf-8")
    cut = text.split("Judgement Grade")[0] + text.split("Overall effectiveness Good\n")[1]
    d = parse(from_text(cut))
    assert any("no judgement table" in w for w in d.warnings)
    assert d.judgement("care_leavers").grade == "requires_improvement"
    assert d.judgement("leadership").grade == "good"


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Kirklees Metropolitan Borough Council", "Kirklees"),
        ("Bristol City of", "Bristol"),
        ("Liverpool City Council", "Liverpool"),
        ("Cornwall Council", "Cornwall"),
        ("London Borough of Croydon", "Croydon"),
        ("Kent County Council", "Kent"),
        ("Kirklees", "Kirklees"),
        ("Wessex Vale", "Wessex Vale"),
    ],
)
def test_authority_name(raw: str, name: str) -> None:
    assert authority_name(raw) == name


def test_inspector_name() -> None:
    assert inspector_name("Rachel Griffiths, His Majesty's Inspector") == "Rachel Griffiths"
    assert inspector_name("Shabana Abasi HMI") == "Shabana Abasi"
    assert inspector_name("Lisa Summers") == "Lisa Summers"


def test_judgement_heading_variants() -> None:
    ag = judgement_heading(
        "The experiences and progress of children in care: requires improvement to be good"
    )
    assert (ag.area, ag.grade) == ("children_in_care", "requires_improvement")
    ag = judgement_heading(
        "The impact of leaders on social work practice with children and families is good"
    )
    assert (ag.area, ag.grade) == ("leadership", "good")
    ag = judgement_heading(
        "The graded judgement about the experience and progress of care leavers is that it is inadequate"
    )
    assert (ag.area, ag.grade) == ("care_leavers", "inadequate")
    assert judgement_heading("What needs to improve?") is None
    assert judgement_heading("Local leadership") is None


def test_hard_wrapped_text_gives_the_same_result() -> None:
    """Text converted with the PDF's line breaks kept: every paragraph, table row and
    heading wrapped over several lines."""
    import textwrap

    text = (FIXTURES / "ilacs_2023_layout.txt").read_text("utf-8")
    text = text.replace(
        "3. Children come into care when they need to.",
        (
            "3. Children come into care when they need to and are helped by workers who stay with"
            " them; 44 of them had the same worker for two years."
        ),
    )
    wrapped = "\n".join(
        "\n".join(textwrap.wrap(line, 40)) if line.strip() else "" for line in text.split("\n")
    )
    assert wrapped.count("\n") > text.count("\n") + 15
    flat, hard = parse(from_text(text)), parse(from_text(wrapped))
    assert [(j.area, j.grade) for j in hard.judgements] == [
        (j.area, j.grade) for j in flat.judgements
    ]
    assert [r.text for r in hard.recommendations] == [r.text for r in flat.recommendations]
    assert [(f.number, f.text, f.area) for f in hard.findings] == [
        (f.number, f.text, f.area) for f in flat.findings
    ]
    assert [s.title for s in hard.sections] == [s.title for s in flat.sections]
    assert hard.warnings == []


def test_improvement_items_printed_as_paragraphs_without_bullets() -> None:
    text = (FIXTURES / "ilacs_2023_layout.txt").read_text("utf-8").replace("• ", "")
    d = parse(from_text(text))
    assert [r.text for r in d.recommendations] == [
        "The range of homes for care leavers.",
        "Health histories for care leavers.",
    ]
    assert [f.number for f in d.findings] == list(range(1, 8))
