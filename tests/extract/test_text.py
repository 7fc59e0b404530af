"""Text route: converted text mended to read like the PDF route."""

from __future__ import annotations

from ofsted_mine.extract.normalise import normalise_line, plain
from ofsted_mine.extract.source import read_bytes, read_source
from ofsted_mine.extract.text import read_text, rejoin_page_breaks
from tests.conftest import PACK_2019, REPORT_2024


def _read(text: str, name: str = "doc.txt"):
    return read_text(text.encode("utf-8"), name, "0" * 64)


def test_markdown_bold_and_autolinks_are_dropped():
    src = _read("**What needs to improve?**\nSee <https://reports.ofsted.gov.uk/> for more.\n")
    assert src.lines[0].text == "What needs to improve?"
    assert src.lines[1].text == "See https://reports.ofsted.gov.uk/ for more."


def test_tabs_and_odd_spaces_are_folded():
    src = _read("Overall effectiveness\tGood\nchildren\u00a0in\u202fcare\u2009now\n")
    assert src.lines[0].text == "Overall effectiveness Good"
    assert src.lines[1].text == "children in care now"


def test_ligatures_soft_hyphens_and_symbol_bullets_are_normalised():
    assert normalise_line("e\ufb00ective \ufb01nding") == "effective finding"
    assert normalise_line("well\u00adbeing") == "wellbeing"
    assert normalise_line("\uf06e Care leavers") == "• Care leavers"
    assert normalise_line("\uf0b7 Plans") == "• Plans"
    assert normalise_line("\uf02d in primary schools") == "- in primary schools"
    assert normalise_line("\ue123 private glyph bullet") == "• private glyph bullet"


def test_crlf_form_feeds_and_cp1252_are_read():
    data = "Children\u2019s services\r\n\x0cPage two\r\n".encode("cp1252")
    src = read_text(data, "old.txt", "0" * 64)
    assert [ln.text for ln in src.lines[:3]] == ["Children\u2019s services", "", "Page two"]


def test_sentence_cut_by_a_page_break_is_rejoined():
    lines = [
        "7. Families are offered meetings with relatives and friends at the",
        "",
        "earliest opportunity, so that plans are their own.",
        "8. Reviews are regular.",
    ]
    assert rejoin_page_breaks(lines) == [
        "7. Families are offered meetings with relatives and friends at the",
        "earliest opportunity, so that plans are their own.",
        "",
        "8. Reviews are regular.",
    ]


def test_rejoin_keeps_every_other_line_number():
    lines = [
        "a long line of prose that stops in the middle of its",
        "",
        "",
        "sentence here.",
        "Next.",
    ]
    out = rejoin_page_breaks(lines)
    assert len(out) == len(lines)
    assert out[4] == "Next."


def test_rejoin_leaves_real_paragraph_breaks_alone():
    cases = [
        # the first line ends a sentence
        ["Social workers know the children they work with well.", "", "and so on."],
        # a short line: a heading or a name, not wrapped prose
        ["Other current issues", "", "a) Early help is patchy."],
        # a lettered list item never continues a sentence
        ["The board agreed the following actions for the coming year", "", "a) review the plan"],
        # an upper-case start is a new paragraph
        ["Leaders have a clear understanding of the areas to develop", "", "The next part."],
    ]
    for lines in cases:
        assert rejoin_page_breaks(lines) == lines


def test_corpus_2024_report_finding_7_is_whole():
    """The converted 2024 report cuts paragraph 7 at a former page break."""
    src = read_source(REPORT_2024)
    texts = [ln.text for ln in src.lines]
    i = next(i for i, t in enumerate(texts) if t.startswith("7. There is a strong emphasis"))
    assert texts[i].endswith("family group conferences at the")
    assert texts[i + 1].startswith("earliest opportunity, where they are supported")
    assert texts[i + 2] == ""
    following = next(t for t in texts[i + 2 :] if t)
    assert following.startswith("8. Regular multi-agency reviews")


def test_corpus_line_count_is_kept():
    """Line numbers still point at the file's own lines (packs are cut by line)."""
    for path in (REPORT_2024, PACK_2019):
        raw = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
        assert len(read_source(path).lines) == len(raw)


def test_text_route_has_no_pages():
    src = read_bytes(b"Inspection of Northshire local authority children's services\n", "x.txt")
    assert src.kind == "text"
    assert src.page_starts == []
    assert src.page_at(10) is None
    assert src.lines[0].x0 is None and src.lines[0].page is None


def test_plain_folds_quotes_dashes_and_spaces():
    assert (
        plain("children\u2019s  \u2018voice\u2019 \u2013 \u201cgood\u201d\n")
        == "children's 'voice' - \"good\""
    )


def test_utf16_export_is_read_as_text():
    data = "Inspection of Northshire local authority children\u2019s services\r\n".encode("utf-16")
    src = read_bytes(data, "export.txt")
    assert src.lines[0].text == "Inspection of Northshire local authority children\u2019s services"


def test_rejoin_steps_over_a_converted_running_header():
    header = "Northshire Scrutiny Panel - 4 March 2025"
    lines = [
        header,
        "",
        "The head of service said that schools were looking at how well it",
        "",
        header,
        "",
        "met the needs of children in the county.",
        "",
        header,
    ]
    out = rejoin_page_breaks(lines)
    assert out[2:4] == [
        "The head of service said that schools were looking at how well it",
        "met the needs of children in the county.",
    ]
    assert out[4:7] == ["", header, ""]
    assert len(out) == len(lines)


def test_markdown_file_loses_its_markup():
    md = (
        "# Inspection of Northshire local authority children's services\n\n"
        "## What needs to improve?\n\n"
        "* The *quality* of [written plans](https://example.org/plans).\n"
        "+ Supervision of staff\\_members.\n"
        "3\\. Not a list.\n"
        "snake_case_name stays, as does 2 * 3 * 4.\n"
    )
    src = read_text(md.encode(), "report.md", "0" * 64)
    assert [ln.text for ln in src.lines if ln.text] == [
        "Inspection of Northshire local authority children's services",
        "What needs to improve?",
        "- The quality of written plans.",
        "- Supervision of staff_members.",
        "3. Not a list.",
        "snake_case_name stays, as does 2 * 3 * 4.",
    ]
    # the same text in a .txt file keeps its hashes (only bold and autolinks go)
    txt = read_text(md.encode(), "report.txt", "0" * 64)
    assert txt.lines[0].text.startswith("# Inspection")
