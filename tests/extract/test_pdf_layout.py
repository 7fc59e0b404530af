"""The PDF layout pass on made-up lines: one trap per test.

Lines are :class:`RawLine` records as a backend yields them, so each rule
(rows, hyphens, gaps, page-break continuation, reading order) is pinned
without a PDF; ``test_pdf.py`` checks the same rules on the real files.
"""

from __future__ import annotations

from ofsted_mine.extract.furniture import RawLine
from ofsted_mine.extract.pdf_layout import (
    _continues,
    _paragraph_breaks,
    layout,
    left_margin,
    mend_hyphens,
    merge_rows,
    reading_order,
)


def raw(text, top, *, x0=72.0, size=12.0, bold=False, right=None, height=None):
    h = size if height is None else height
    return RawLine(
        text, top, top + h, x0, right if right is not None else x0 + 6 * len(text), size, bold
    )


def test_superscript_marker_joins_its_word():
    title = raw("Review of the Local Safeguarding Children Board", 100.0, size=14.0, right=400.0)
    marker = raw("1", 97.0, x0=400.5, size=9.0, right=405.0, height=8.0)
    [line] = merge_rows([title, marker])
    assert line.text == "Review of the Local Safeguarding Children Board1"
    assert line.size == 14.0


def test_superscript_in_mid_line_rejoins_three_pieces():
    left = raw("- four live in residential special schools", 200.0, right=300.0)
    marker = raw("1", 197.5, x0=300.4, size=8.0, right=304.0, height=7.0)
    rest = raw(", all of whom are out of the area", 200.0, x0=304.5, right=480.0)
    [line] = merge_rows([left, marker, rest])
    assert (
        line.text == "- four live in residential special schools1, all of whom are out of the area"
    )


def test_table_cells_on_one_row_join_with_a_space():
    area = raw("Overall effectiveness", 300.0, right=200.0)
    grade = raw("Good", 300.0, x0=400.0, right=430.0)
    assert [ln.text for ln in merge_rows([area, grade])] == ["Overall effectiveness Good"]


def test_lines_below_each_other_stay_apart():
    a = raw("first line of a paragraph", 100.0)
    b = raw("second line of a paragraph", 114.5)
    assert len(merge_rows([a, b])) == 2


def test_pdfium_hyphen_kept_in_compounds_dropped_when_the_document_says_so():
    pages = [
        [
            raw("Multi\ufffeagency meetings and informa\ufffetion sharing work well.", 100.0),
            raw("Timely information reaches the multi-agency team.", 115.0),
        ]
    ]
    [[first, _]] = mend_hyphens(pages)
    assert first.text == "Multi-agency meetings and information sharing work well."


def test_line_end_hyphen_joins_the_next_line_like_pdfium():
    pages = [[raw("Staff work well in the multi-", 100.0), raw("agency safeguarding hub.", 114.0)]]
    [[line]] = mend_hyphens(pages)
    assert line.text == "Staff work well in the multi-agency safeguarding hub."
    assert line.tail == 114.0 + 12.0  # the joined line ends on the second visual line


def test_soft_hyphen_at_a_line_end_vanishes():
    pages = [[raw("their well\u00ad", 100.0), raw("being improves.", 114.0)]]
    [[line]] = mend_hyphens(pages)
    assert line.text == "their wellbeing improves."


def test_gap_between_lines_marks_a_new_paragraph():
    lines = [raw("a", 100.0), raw("b", 114.5), raw("c", 129.0), raw("d", 155.0), raw("e", 169.5)]
    assert _paragraph_breaks(lines) == [False, False, False, True, False]


def test_joined_line_measures_its_gap_from_its_last_visual_line():
    joined = raw("pre-proceedings letter ... parents before", 100.0)
    joined.last_bottom = 126.5  # pdfium joined two visual lines at a hyphen
    after = raw("proceedings clarify what needs to change", 129.0)
    assert _paragraph_breaks([joined, after]) == [False, False]


def test_page_break_continuation_rules():
    margin = 72.0
    body = raw("12. When risks to children escalate, children enter the", 700.0)
    nxt = raw("pre-proceedings stage of the Public Law Outline.", 90.0, x0=100.0)
    assert _continues(body, nxt, margin)  # mid-sentence
    ended = raw("and they fully understand the effect of harm.", 700.0, x0=100.0)
    assert _continues(ended, raw("Strong partnership working also helps.", 90.0, x0=100.0), margin)
    assert not _continues(ended, raw("13. Social workers know children.", 90.0), margin)
    assert not _continues(ended, raw("Strong partnership working also helps.", 90.0), margin)
    heading = raw("The experiences of children in care: good", 90.0, bold=True, size=14.0)
    assert not _continues(body, heading, margin)
    # a short last line without a full stop ended its paragraph (an address, a URL)
    short = raw("W: www.gov.uk/ofsted", 700.0, right=190.0)
    assert _continues(short, raw("Crown copyright 2024", 90.0), margin)  # width unknown
    assert not _continues(short, raw("Crown copyright 2024", 90.0), margin, edge=520.0)
    assert _continues(body, nxt, margin, edge=520.0)  # a full line still runs on
    # a number wrapped onto a continuation line is not a new paragraph
    wrapped = raw("the proportion of referrals that led to action was", 700.0, x0=100.0)
    assert _continues(wrapped, raw("44. per cent, above average.", 90.0, x0=100.0), margin)


def test_letterhead_written_last_is_read_first_column_by_column():
    body = [raw("The letter body starts here.", 300.0), raw("It runs on.", 315.0)]
    letterhead = [
        raw("Ofsted", 40.0),
        raw("Piccadilly Gate", 52.0),
        raw("T 0300 123 1231", 40.0, x0=170.0),
        raw("www.gov.uk/ofsted", 52.0, x0=170.0),
    ]
    footer = [raw("Page 3", 800.0)]
    ordered = [ln.text for ln in reading_order(footer + body + letterhead, 842.0)]
    assert ordered == [
        "Ofsted",
        "Piccadilly Gate",
        "T 0300 123 1231",
        "www.gov.uk/ofsted",
        "The letter body starts here.",
        "It runs on.",
        "Page 3",
    ]


def test_left_margin_is_the_common_leftmost_edge():
    pages = [[raw("x", 100.0 + i, x0=71.5 if i % 3 else 100.0) for i in range(30)]]
    pages[0].append(raw("indented table cell", 500.0, x0=30.0))
    assert left_margin(pages) in (71.0, 72.0)


def test_layout_builds_paragraphs_pages_and_offsets():
    wrapped = [f"continuation line {w} of the first finding" for w in "abcdef"]
    page1 = [
        raw("Findings", 80.0, bold=True),
        raw("1. Children are seen promptly and their views", 110.0),
        *[raw(text, 124.5 + 14.5 * i, x0=100.0) for i, text in enumerate(wrapped)],
        raw("shape their plans, which are reviewed", 211.5, x0=100.0),
    ]
    # a short page: too few lines to learn the spacing from, so the document's is used
    page2 = [
        raw("regularly by managers.", 80.0, x0=100.0),
        raw("2. Care leavers have personal advisers.", 110.0),
    ]
    src = layout([page1, page2], [842.0, 842.0], "made-up.pdf", "0" * 64)
    assert [ln.text for ln in src.lines] == [
        "Findings",
        "",
        "1. Children are seen promptly and their views",
        *wrapped,
        "shape their plans, which are reviewed",
        "regularly by managers.",
        "",
        "2. Care leavers have personal advisers.",
    ]
    assert src.n_pages == 2
    assert src.page_at(src.text.index("regularly")) == 2
    regularly = src.lines[10]
    assert regularly.page == 2 and regularly.x0 == 100.0 and regularly.size == 12.0


def test_paragraph_number_written_after_its_text_goes_back_in_front():
    text = raw("When risks to children escalate, children enter the", 300.0, x0=100.0)
    label = raw("12.", 300.0, x0=72.0, right=88.0)
    [line] = merge_rows([text, label])
    assert line.text == "12. When risks to children escalate, children enter the"
    assert line.x0 == 72.0
    # a number on another row is not a label of this line
    other = raw("13.", 340.0, x0=72.0, right=88.0)
    assert len(merge_rows([raw("Some text", 300.0, x0=100.0), other])) == 2
