"""Ofsted letters: monitoring visits, focused visits, JTAI; real and made-up."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ofsted_mine.extract import extract, extract_text, read_bytes
from ofsted_mine.extract.letters import parse
from tests.conftest import FIXTURES, PACK_2018, pdf_path

D = dt.date
# Things that must never be inside a finding: the Ofsted address block, the sign-off.
_FURNITURE = re.compile(
    r"Piccadilly Gate|Store Street|M1 2WD|Textphone|enquiries@ofsted|www\.gov\.uk/ofsted"
    r"|Yours sincerely|Majesty.s Inspector$|Petty France|Dear "
)


def _letter_2018():
    docs = extract(PACK_2018)
    return next(d for d in docs if d.doc_type == "monitoring_visit_letter")


def _assert_clean(doc) -> None:
    assert [f.number for f in doc.findings] == list(range(1, len(doc.findings) + 1))
    for f in doc.findings:
        assert not _FURNITURE.search(f.text), f.text[:120]
        assert f.span is not None
        assert doc.text[f.span.start : f.span.end].split()[0] == f.text.split()[0]
    _assert_introduction_kept(doc)


def _words(text: str) -> str:
    return " ".join(text.split())


def _assert_introduction_kept(doc) -> None:
    """The introduction is not a finding, but none of it is lost: its text is
    ``introduction`` and its span (section "Introduction") ends before finding 1."""
    intro = doc.sections[0]
    assert intro.title == "Introduction" and intro.level == 1 and intro.span is not None
    assert doc.introduction is not None
    assert doc.findings and intro.span.end <= doc.findings[0].span.start
    stretch = _words(doc.text[intro.span.start : intro.span.end])
    for para in doc.introduction.split("\n\n"):
        first = para.split("\n")[0]  # a lead-in line; its items are bullets in the text
        assert _words(first) in stretch, first[:80]
        assert not any(_words(first) in _words(f.text) for f in doc.findings)


def test_2018_monitoring_letter_metadata() -> None:
    doc = _letter_2018()
    assert doc.title == "Monitoring visit of Kirklees children's services"
    assert (doc.inspection_start, doc.inspection_end) == (D(2018, 7, 11), D(2018, 7, 12))
    assert doc.published == D(2018, 8, 3)
    assert doc.lead_inspector == "Rachel Holden"
    assert doc.inspectors == ["Rachel Holden", "Cath McEvoy"]
    assert doc.visit_number == 5
    assert doc.local_authority == "Kirklees"
    assert doc.monitored_judgement == "inadequate (October 2016)"
    assert doc.addressee == "Mr Steve Walker"
    assert len(doc.areas_covered) == 5
    assert (
        doc.areas_covered[0]
        == "the quality and timeliness of assessments and plans, including pre-birth assessments"
    )
    assert doc.areas_covered[-1] == "the effectiveness of management oversight and challenge."
    assert [(s.title, s.level) for s in doc.sections] == [
        ("Introduction", 1),
        ("Areas covered by the visit", 2),
        ("Overview", 1),
        ("Findings and evaluation of progress", 1),
    ]
    assert doc.warnings == []


def test_2018_monitoring_letter_introduction_is_kept_apart() -> None:
    """The summary paragraph, what the visit focused on and the evidence considered
    (before "Overview") are the introduction, not findings 1-3."""
    doc = _letter_2018()
    paras = doc.introduction.split("\n\n")
    assert len(paras) == 3
    assert paras[0].startswith("This letter summarises the findings of the monitoring visit")
    assert paras[0].endswith("and to tackle drift and delay.")
    assert paras[1].startswith("During this visit, inspectors focused on the experiences")
    # the areas list stays with its lead-in in the introduction as well as in areas_covered
    assert paras[1].split("\n")[1:] == [f"- {a}" for a in doc.areas_covered]
    assert paras[2].startswith("A range of evidence was considered during the visit")
    intro = doc.sections[0]
    assert doc.text[intro.span.start : intro.span.end].startswith("This letter summarises")
    assert doc.text[intro.span.start : intro.span.end].endswith(
        "including social workers and managers."
    )


def test_2018_monitoring_letter_findings() -> None:
    doc = _letter_2018()
    _assert_clean(doc)
    # 2 under "Overview" + 11 under "Findings and evaluation of progress"
    assert len(doc.findings) == 13
    assert [f.section for f in doc.findings[:3]] == [
        "Overview",
        "Overview",
        "Findings and evaluation of progress",
    ]
    assert doc.findings[0].text.startswith(
        "The senior leadership team has a comprehensive understanding"
    )
    assert doc.findings[1].text.startswith("Some of these changes are very recent")
    # a paragraph broken by a page break in the conversion is one finding again
    morale = doc.findings[4]
    assert morale.text.startswith("Morale is much improved")
    assert "having a positive impact for some teams" in morale.text
    assert doc.findings[-1].text.startswith("The local authority response to children's complaints")
    assert all(f.section == "Findings and evaluation of progress" for f in doc.findings[2:])
    # the closing boilerplate is not a finding
    assert not any("copy of this letter" in f.text for f in doc.findings)


FOCUSED = {
    "kirklees_2021-11-10_focused_visit.pdf": dict(
        la="Kirklees",
        published=D(2021, 11, 10),
        visit=(D(2021, 10, 6), D(2021, 10, 7)),
        inspectors=["Vicky Metheringham", "Rachel Holden"],
        addressee="Mel Meggs",
        # 2 headline + 11 main findings (read from the PDF)
        findings=13,
        headline=2,
        recs=[
            "The quality and frequency of social work supervision, including management oversight of children’s progress and experiences."
        ],
        joined=("emotional well-being clinic", "support to carers and social workers."),
        areas=2,
        intro=("This letter summarises", "(ILACS) framework."),
    ),
    "leeds_2021-08-31_focused_visit.pdf": dict(
        la="Leeds",
        published=D(2021, 8, 31),
        visit=(D(2021, 7, 20), D(2021, 7, 21)),
        inspectors=["Victoria Horsefield", "Matt Reed"],
        addressee="Saleem Tariq OBE",
        # the second headline paragraph of page 1 ends a sentence on the page's last,
        # full line and runs on at the top of page 2: one paragraph, not two
        # 1 headline + 15 main findings
        findings=16,
        headline=1,
        recs=3,
        joined=(
            "For most children, timely and proportionate decision-making",
            "leads to them receiving the right service",
            "identified and responded to. When there are concerns that a child may be at risk",
        ),
        areas=1,
        # a COVID-19 context paragraph comes before the summary one
        intro=("Her Majesty’s Chief Inspector of Education", "managers and leaders."),
    ),
    "bristol_2022-01-31_focused_visit.pdf": dict(
        la="Bristol",
        published=D(2022, 1, 31),
        visit=(D(2021, 12, 7), D(2021, 12, 8)),
        inspectors=["Tracey Ledder", "Louise Hocking"],
        addressee="Ann James",
        # 1 headline + 15 main findings
        findings=16,
        headline=1,
        recs=2,
        joined=("consider individual, peer and community risks",),
        areas=1,
        intro=("This letter summarises", "(ILACS) framework."),
    ),
    "barnsley_2023-03-01_focused_visit.pdf": dict(
        la="Barnsley",
        published=D(2023, 3, 1),
        visit=(D(2023, 1, 25), D(2023, 1, 26)),
        inspectors=["Claire Beckingham", "Anna Gravelle"],
        addressee="Carly Speechley",
        # 3 headline + 13 main findings
        findings=16,
        headline=3,
        recs=5,
        joined=(
            "These young people know their rights and entitlements. Others told inspectors they had not seen a PA",
        ),
        areas=1,
        intro=("This letter summarises", "(ILACS) framework."),
    ),
}


@pytest.mark.parametrize("name", sorted(FOCUSED))
def test_focused_visit_letters_extract_completely(name: str) -> None:
    want = FOCUSED[name]
    [doc] = extract(pdf_path(name))
    assert doc.doc_type == "focused_visit_letter"
    assert doc.title == f"Focused visit to {want['la']} children’s services"
    assert doc.local_authority == want["la"]
    assert doc.published == want["published"]
    assert (doc.inspection_start, doc.inspection_end) == want["visit"]
    assert doc.inspectors == want["inspectors"]
    assert doc.lead_inspector == want["inspectors"][0]
    assert doc.addressee == want["addressee"]
    assert doc.framework == "ILACS"
    assert doc.warnings == []
    assert len(doc.findings) == want["findings"]
    assert sum(f.section == "Headline findings" for f in doc.findings) == want["headline"]
    recs = want["recs"]
    if isinstance(recs, list):
        assert [r.text for r in doc.recommendations] == recs
    else:
        assert len(doc.recommendations) == recs
    assert all(r.text[0].isupper() and "◼" not in r.text for r in doc.recommendations)
    assert len(doc.areas_covered) == want["areas"]
    assert doc.areas_covered[0].startswith(
        "Inspectors looked at the local authority’s arrangements"
    )
    _assert_clean(doc)
    body = " ".join(f.text for f in doc.findings)
    for piece in want["joined"]:
        assert piece in body
    assert doc.findings[-1].page == max(p for p in (f.page for f in doc.findings) if p)
    assert not any(f.text.startswith("Ofsted will take the findings") for f in doc.findings)
    # the summary, "Inspectors looked at ..." and framework paragraphs are the introduction;
    # findings start with the headline findings
    assert {f.section for f in doc.findings} == {"Headline findings", "Main findings"}
    assert doc.findings[0].section == "Headline findings"
    start, end = want["intro"]
    paras = doc.introduction.split("\n\n")
    assert len(paras) == 3
    assert paras[0].startswith(start) and paras[-1].endswith(end)
    assert any(p.startswith(doc.areas_covered[0]) or doc.areas_covered[0] in p for p in paras)
    assert [s.title for s in doc.sections][:2] == ["Introduction", "Headline findings"]


def test_jtai_letter_fixture() -> None:
    [doc] = extract(FIXTURES / "jtai_letter.txt")
    assert doc.doc_type == "jtai_letter"
    assert (
        doc.detection is not None
        and "joint targeted area inspection" in doc.detection.cues[0].lower()
    )
    assert doc.local_authority == "Northtown"
    assert (doc.inspection_start, doc.inspection_end) == (D(2019, 5, 13), D(2019, 5, 17))
    assert doc.published == D(2019, 6, 12)
    assert doc.addressee == "Ms Alex Example"
    assert doc.inspectors == ["Jo Sample", "Sam Tester"]
    assert [r.text for r in doc.recommendations] == [
        "Ensure that children waiting for specialist assessment have their needs and risks reviewed regularly.",
        "Improve the sharing of information between schools and specialist health services.",
    ]
    assert doc.introduction.startswith("Between 13 and 17 May 2019, Ofsted, the Care Quality")
    assert [f.section for f in doc.findings] == [
        "Headline findings",
        "Strengths",
        "Strengths",
        "Areas for improvement",
        "Areas for improvement",
    ]
    assert not any("written statement" in f.text for f in doc.findings)


def test_truncated_letter_keeps_what_is_there() -> None:
    [doc] = extract(FIXTURES / "truncated_monitoring_letter.txt")
    assert doc.doc_type == "monitoring_visit_letter"
    assert any("no sign-off" in w for w in doc.warnings)
    assert any("mid-sentence" in w for w in doc.warnings)
    assert doc.visit_number == 3
    assert doc.monitored_judgement == "inadequate (March 2019)"
    assert doc.inspectors == ["Chris Sampleton", "Robin Exampleford"]
    assert len(doc.areas_covered) == 2
    # the two "Overview" paragraphs; the summary and the areas lead-in are the introduction
    assert len(doc.findings) == 2
    assert doc.introduction.split("\n")[2] == (
        "Inspectors reviewed the progress made in the following areas:"
    )
    assert doc.findings[-1].text.endswith("specific enough for families to")


def test_subheadings_under_a_top_level_heading() -> None:
    text = (
        "4 May 2021\n\nMs Example\nDirector\nCouncil\n\nDear Ms Example\n\n"
        "Monitoring visit to Eastshire children's services\n\n"
        "This letter summarises the findings of the monitoring visit to Eastshire children's services "
        "on 20 and 21 April 2021. This was the seventh monitoring visit since the local authority was "
        "judged inadequate in May 2018.\n\n"
        "Findings and evaluation of progress\n\n"
        "Help and protection\n\n"
        "Strategy discussions are timely and well attended by partners, and thresholds are understood.\n\n"
        "Children in care\n\n"
        "Most children live in stable homes, and their plans are reviewed regularly by their reviewing officers.\n\n"
        "Yours sincerely\n\nAlex Inspectorson\nHer Majesty's Inspector\n"
    )
    [doc] = extract_text(text)
    assert doc.visit_number == 7
    assert doc.lead_inspector == "Alex Inspectorson"
    assert [(f.section, f.subheading) for f in doc.findings] == [
        ("Findings and evaluation of progress", "Help and protection"),
        ("Findings and evaluation of progress", "Children in care"),
    ]
    assert [s.level for s in doc.sections] == [1, 1, 2, 2]
    assert [f.area for f in doc.findings] == ["help_and_protection", "children_in_care"]


def _letter_pdf(tmp_path):
    """A two-page monitoring visit letter laid out like Ofsted's, made with fpdf2."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(format="A4")
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(False)
    pdf.add_page()

    def para(text: str, bold: bool = False, size: int = 12, gap: float = 5) -> None:
        pdf.set_font("Helvetica", "B" if bold else "", size)
        pdf.multi_cell(160, 6, text)
        pdf.ln(gap)

    para("9 December 2022")
    para("Sam Director\nDirector of Children's Services\nSouthvale Council\nSouthvale\nSV1 1AA")
    para("Dear Sam Director")
    para("Monitoring visit to Southvale children's services", bold=True)
    para(
        "This letter summarises the findings of the monitoring visit to Southvale children's services "
        "on 15 and 16 November 2022. This was the fourth monitoring visit since the local authority "
        "was judged inadequate in January 2021. Her Majesty's Inspectors for this visit were Dana "
        "Pdfwright and Ash Layout."
    )
    para("Areas covered by the visit", bold=True)
    para("- the quality of assessments of children in need\n- the oversight of managers")
    para("Overview", bold=True)
    para(
        "Leaders have made steady progress. Assessments are more thorough and consider the history "
        "of each family, although the analysis of risk is not yet consistent across"
    )
    pdf.set_y(250)
    para("Ofsted\nPiccadilly Gate\nStore Street\nManchester\nM1 2WD", size=8, gap=0)
    pdf.add_page()
    para(
        "all teams, and a minority of children wait too long for a decision about their needs. "
        "Leaders know this and have introduced weekly tracking of every assessment that is "
        "approaching its timescale, which is beginning to reduce delay for these children."
    )
    para(
        "Managers now record their decisions clearly, and supervision is regular and reflective "
        "for most staff. Social workers told inspectors that they value the time to think about "
        "each child, and that caseloads are now manageable in most teams across the service."
    )
    para("Yours sincerely")
    para("Dana Pdfwright\nHis Majesty's Inspector")
    path = tmp_path / "monitoring_letter.pdf"
    pdf.output(str(path))
    return path


def test_monitoring_letter_as_pdf(tmp_path) -> None:
    path = _letter_pdf(tmp_path)
    src = read_bytes(path.read_bytes(), str(path))
    assert src.kind == "pdf"
    doc = parse(src, "monitoring_visit_letter")
    assert doc.title == "Monitoring visit to Southvale children's services"
    assert doc.published == D(2022, 12, 9)
    assert (doc.inspection_start, doc.inspection_end) == (D(2022, 11, 15), D(2022, 11, 16))
    assert doc.visit_number == 4
    assert doc.inspectors == ["Dana Pdfwright", "Ash Layout"]
    assert doc.addressee == "Sam Director"
    assert doc.areas_covered == [
        "the quality of assessments of children in need",
        "the oversight of managers",
    ]
    assert len(doc.findings) == 2
    overview = doc.findings[0]
    assert overview.section == "Overview"
    assert "wait too long for a decision about their needs." in overview.text
    assert "consistent across all teams" in overview.text
    assert (overview.page, doc.findings[1].page) == (1, 2)
    assert doc.sections[0].page == 1
    assert doc.introduction.startswith("This letter summarises the findings")
    _assert_clean(doc)


def test_letter_without_salutation_falls_back_on_the_opening_sentence() -> None:
    text = (FIXTURES / "truncated_monitoring_letter.txt").read_text(encoding="utf-8")
    [doc] = extract_text(text.replace("Dear Mr Placeholder\n\n", ""), "no_dear.txt")
    assert any("salutation" in w for w in doc.warnings)
    assert doc.title == "Monitoring visit to Westvale children's services"
    assert doc.published == D(2020, 3, 2)
    assert doc.addressee == "Mr Pat Placeholder"
    assert doc.introduction.startswith("This letter summarises")
    assert doc.findings[0].text.startswith("Leaders have a good understanding")
    assert len(doc.findings) == 2


def test_improvement_items_without_bullet_glyphs() -> None:
    """Converted text can lose the ◼ glyphs: items under 'What needs to improve' stay items."""
    text = (
        "5 May 2022\n\nAlex Director\nDirector of Children's Services\nNorthvale Council\n\n"
        "Dear Alex\n\nFocused visit to Northvale children's services\n\n"
        "This letter summarises the findings of the focused visit to Northvale children's services "
        "on 6 and 7 April 2022. His Majesty's Inspectors for this visit were Sam Testline and "
        "Lou Checkwell.\n\nHeadline findings\n\n"
        "Most children in care live in stable homes and are well supported by their social workers.\n\n"
        "What needs to improve in this area of social work practice?\n\n"
        "The timeliness of reviews of children's plans.\n\n"
        "The recording of management decisions.\n\n"
        "Main findings\n\n"
        "Social workers visit children regularly and know them well, and children's views shape their plans.\n\n"
        "Yours sincerely\n\nSam Testline\nHis Majesty's Inspector\n"
    )
    [doc] = extract_text(text)
    assert doc.doc_type == "focused_visit_letter"
    assert [r.text for r in doc.recommendations] == [
        "The timeliness of reviews of children's plans.",
        "The recording of management decisions.",
    ]
    assert [f.section for f in doc.findings] == ["Headline findings", "Main findings"]
    assert doc.inspectors == ["Sam Testline", "Lou Checkwell"]


def _made_letter(*body: str) -> str:
    """A focused visit letter with the given body paragraphs (headings are short lines)."""
    return (
        "5 May 2022\n\nAlex Director\nDirector of Children's Services\nNorthvale Council\n\n"
        "Dear Alex\n\nFocused visit to Northvale children's services\n\n"
        "This letter summarises the findings of the focused visit to Northvale children's services "
        "on 6 and 7 April 2022. His Majesty's Inspectors for this visit were Sam Testline and "
        "Lou Checkwell.\n\n" + "\n\n".join(body) + "\n\nYours sincerely\n\nSam Testline\n"
        "His Majesty's Inspector\n"
    )


_LOOKED = "Inspectors looked at the local authority's arrangements for children in need."
_FRAMEWORK = "This visit was carried out in line with the inspection of local authority children's services (ILACS) framework."
_EVAL = [
    "Most children in care live in stable homes and are well supported by their social workers.",
    "Assessments are thorough, although a few take too long to complete for younger children.",
    "Managers record their decisions clearly and supervision is regular for most social workers.",
    "Leaders know the service well and have increased the number of social workers in teams.",
]


def test_introduction_ends_at_the_first_evaluative_heading() -> None:
    """Summary, scope and framework paragraphs before "Headline findings" are the introduction."""
    [doc] = extract_text(_made_letter(_LOOKED, _FRAMEWORK, "Headline findings", *_EVAL[:2]))
    assert [f.text for f in doc.findings] == _EVAL[:2]
    assert doc.introduction.split("\n\n")[1:] == [_LOOKED, _FRAMEWORK]
    assert doc.areas_covered == [_LOOKED]


def test_introduction_headings_belong_to_the_introduction() -> None:
    """A "Context" heading and its paragraph are introduction; "Overview" opens the findings."""
    context = "Northvale is a large rural county with around 120,000 children living in it."
    [doc] = extract_text(_made_letter("Context", context, "Overview", *_EVAL[:3]))
    assert [f.text for f in doc.findings] == _EVAL[:3]
    assert [(s.title, s.level) for s in doc.sections] == [
        ("Introduction", 1),
        ("Context", 2),
        ("Overview", 1),
    ]
    assert doc.introduction.endswith(context)


def test_without_headings_the_introduction_is_the_summary_and_scope() -> None:
    """No headings at all: the introduction ends where the summary and the
    "Inspectors looked at ..." paragraphs end."""
    [doc] = extract_text(_made_letter(_LOOKED, *_EVAL))
    assert [f.text for f in doc.findings] == _EVAL
    assert [f.section for f in doc.findings] == [None] * 4
    assert doc.introduction.split("\n\n")[1:] == [_LOOKED]


def test_prose_before_an_improvement_heading_stays_findings() -> None:
    """'What needs to improve' never opens a letter's evaluation: unheaded prose before it
    is evaluative (a lost "Headline findings" heading), so it is not swallowed."""
    [doc] = extract_text(
        _made_letter(
            _LOOKED,
            *_EVAL[:2],
            "What needs to improve in this area of social work practice?",
            "The timeliness of reviews of children's plans.",
            "Main findings",
            *_EVAL[2:],
        )
    )
    assert [f.text for f in doc.findings] == _EVAL
    assert [r.text for r in doc.recommendations] == ["The timeliness of reviews of children's plans."]


def test_a_long_unheaded_stretch_before_the_first_heading_is_evaluative() -> None:
    """More than a few unheaded paragraphs after the scope paragraph are findings,
    even when a heading follows them."""
    [doc] = extract_text(_made_letter(_LOOKED, *_EVAL, "Main findings", *_EVAL[:1]))
    assert [f.text for f in doc.findings] == [*_EVAL, _EVAL[0]]
    assert [f.section for f in doc.findings] == [None] * 4 + ["Main findings"]


def test_a_lost_overview_heading_does_not_hide_findings_in_the_introduction() -> None:
    """Under "Areas covered by the visit" the introduction ends with the areas list (plus
    at most two paragraphs before the next evaluative heading): if "Overview" was not
    recognised as a heading, its paragraphs are still findings."""
    evidence = "A range of evidence was considered, including case records and audits."
    text = _made_letter(
        "Areas covered by the visit",
        "Inspectors reviewed the progress made in the following areas:",
        "- the quality of assessments\n- management oversight.",
        evidence,
        *_EVAL[:3],
        "Findings and evaluation of progress",
        _EVAL[3],
    )
    [doc] = extract_text(text)
    assert doc.areas_covered == ["the quality of assessments", "management oversight."]
    assert [f.text for f in doc.findings] == [evidence, *_EVAL]
    assert doc.introduction.endswith("- management oversight.")
    # the same letter with its heading: the evidence paragraph is introduction
    [whole] = extract_text(text.replace(evidence + "\n\n", evidence + "\n\nOverview\n\n"))
    assert [f.text for f in whole.findings] == _EVAL
    assert [f.section for f in whole.findings] == ["Overview"] * 3 + [
        "Findings and evaluation of progress"
    ]
    assert whole.introduction.endswith(evidence)
