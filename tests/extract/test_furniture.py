"""Running headers, footers, page numbers and footnotes, on made-up pages.

Pages are built from :class:`RawLine` records (what a PDF backend yields)
so each trap is pinned without a PDF: furniture is learned from repetition
in the top and bottom bands, never from fixed strings.
"""

from __future__ import annotations

from ofsted_mine.extract.furniture import (
    RawLine,
    body_size,
    footnotes,
    learn,
    shape,
    strip,
    strip_footnotes,
)

HEIGHT = 842.0


def line(text: str, top: float, *, x0: float = 72.0, size: float = 12.0, bold: bool = False):
    return RawLine(text, top, top + size * 0.9, x0, x0 + 6.0 * len(text), size, bold)


def page(n: int, body: list[str], *, header: str | None = None, footer: str | None = None):
    lines = []
    if header:
        lines.append(line(header, 30.0, size=9.0))
    for i, text in enumerate(body):
        lines.append(line(text, 100.0 + 15.0 * i))
    if footer:
        lines.append(line(footer.format(n=n), 800.0, size=9.0))
    return lines


BODY = [
    "Social workers visit children regularly and know them well.",
    "Managers oversee plans and check that actions are completed.",
]


def test_shape_folds_digits_case_and_spaces():
    assert shape("Page  12 of 40") == shape("page 3 of 40") == "page # of #"


def test_repeated_footer_with_changing_page_number_is_removed():
    footer = "Children's services inspection of Northshire, 3 to 14 March {n}"
    pages = [page(n, BODY, footer=footer) for n in range(1, 6)]
    kept, removed = strip(pages, [HEIGHT] * 5)
    assert all([ln.text for ln in p] == BODY for p in kept)
    assert len(removed) == 5


def test_running_header_at_the_top_is_removed():
    pages = [
        page(n, BODY, header="Northshire County Council: report to scrutiny") for n in range(4)
    ]
    kept, _ = strip(pages, [HEIGHT] * 4)
    assert all(len(p) == 2 for p in kept)


def test_bare_page_numbers_in_the_bands_are_removed_even_once():
    pages = [page(1, BODY, footer="{n}"), page(2, BODY, footer="Page {n} of 2")]
    kept, removed = strip(pages, [HEIGHT, HEIGHT])
    assert [ln.text for ln in kept[0]] == BODY
    assert [ln.text for ln in kept[1]] == BODY
    assert removed == ["1", "Page 2 of 2"]


def test_repeated_line_in_the_middle_of_the_page_is_body_text():
    """A sentence that recurs in the body (not in a band) is never furniture."""
    body = ["Judgement: good", *BODY]
    pages = [page(n, body, footer="{n}") for n in range(1, 5)]
    kept, _ = strip(pages, [HEIGHT] * 4)
    assert all(p[0].text == "Judgement: good" for p in kept)


def test_footer_glued_to_last_line_is_cut_off():
    """A text layer may glue the footer to the last body line with no break."""
    footer = "Inspection of Northshire local authority children's services"
    pages = [page(n, BODY, footer=footer) for n in range(1, 5)]
    glued = line(
        "they receive a timely response. Inspection of Northshire local authority "
        "children's services 7",
        790.0,
    )
    pages[2][-1] = glued
    kept, removed = strip(pages, [HEIGHT] * 4)
    assert kept[2][-1].text == "they receive a timely response."
    assert any(r.startswith("Inspection of Northshire") for r in removed)


def test_learn_needs_the_line_on_several_pages():
    one_off = [page(1, BODY, footer="Printed by the council's print unit")]
    one_off += [page(n, BODY) for n in range(2, 6)]
    assert learn(one_off, [HEIGHT] * 5) == set()


def test_height_unknown_uses_first_and_last_lines():
    visits = ["first", "second", "third"]  # words: digits are folded when comparing
    bodies = [[f"{text} ({visit} visit)" for text in BODY] for visit in visits]
    pages = [[line("Northshire report", 0.0), *page(n, bodies[n])] for n in range(3)]
    kept, _ = strip(pages, [None, None, None])
    assert [[ln.text for ln in p] for p in kept] == bodies


def _footnote_page() -> list[RawLine]:
    body = [
        line(f"Body line {i} about the help children receive.", 100.0 + 15 * i) for i in range(20)
    ]
    return body + [
        line("1 The local authority has updated this section with its own data.", 760.0, size=8.0),
        line("that was not validated at the time of the inspection.", 770.0, size=8.0),
        line("2 Schools that look after children for fewer than 295 days.", 780.0, size=8.0),
    ]


def test_footnotes_at_the_foot_of_the_page_are_taken_out():
    pages = [_footnote_page()]
    kept, notes = strip_footnotes(pages, [HEIGHT])
    assert len(kept[0]) == 20
    assert notes == [
        (
            1,
            "1 The local authority has updated this section with its own data. "
            "that was not validated at the time of the inspection.",
        ),
        (1, "2 Schools that look after children for fewer than 295 days."),
    ]


def test_small_print_without_a_marker_is_not_a_footnote():
    lines = [line(f"Body line {i}", 100.0 + 15 * i) for i in range(10)]
    lines.append(line("Crown copyright applies to this publication.", 780.0, size=8.0))
    assert footnotes(lines, body_size([lines]), HEIGHT) == []


def test_small_print_high_on_the_page_is_not_a_footnote():
    lines = [line("1 A small table row near the top", 120.0, size=8.0)]
    lines += [line(f"Body line {i}", 100.0 + 15 * i) for i in range(3)]
    assert footnotes(sorted(lines, key=lambda ln: ln.top), 12.0, HEIGHT) == []


def test_body_size_is_the_size_carrying_most_text():
    lines = [line("A heading", 50.0, size=16.0), *page(1, BODY)]
    assert body_size([lines]) == 12.0


def test_page_number_styles_are_recognised():
    styles = ["- {n} -", "({n})", "Page {n}", "{n} of 9", "{n}/9", "– {n} –"]
    for style in styles:
        pages = [
            page(n, [f"Line {w} of the body." for w in ("one", "two")], footer=style)
            for n in (3, 4)
        ]
        kept, removed = strip(pages, [HEIGHT, HEIGHT])
        assert all(len(p) == 2 for p in kept), style
    roman = [page(1, BODY, footer="vii")]
    assert strip(roman, [HEIGHT])[1] == ["vii"]
    # a word in the band that only looks numeric-ish stays
    kept, _ = strip([page(1, BODY, footer="Civil")], [HEIGHT])
    assert kept[0][-1].text == "Civil"


def test_small_print_table_rows_starting_with_years_are_not_footnotes():
    lines = [line(f"Body line {i} about plans.", 100.0 + 15 * i) for i in range(20)]
    lines += [
        line("2019 to 2020: 412 referrals", 760.0, size=8.0),
        line("2020 to 2021: 398 referrals", 770.0, size=8.0),
    ]
    assert footnotes(lines, 12.0, HEIGHT) == []
    assert footnotes([*lines[:20], line("12.5% of children", 770.0, size=8.0)], 12.0, HEIGHT) == []


def test_header_glued_to_first_line_is_cut_off():
    header = "Northshire County Council: children's services report"
    pages = [page(n, BODY, header=header) for n in range(1, 5)]
    pages[1][0] = line(f"{header} Social workers visit children regularly.", 30.0)
    kept, removed = strip(pages, [HEIGHT] * 4)
    assert kept[1][0].text == "Social workers visit children regularly."
    assert removed.count(header) == 4
