"""Shared paragraph helpers: numbering, bullets, line joining, blocks, headings."""

from __future__ import annotations

from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.paragraphs import (
    body_size,
    ends_sentence,
    is_bullet,
    is_small_print,
    join_lines,
    looks_like_heading,
    numbered,
    split_blocks,
    strip_bullet,
)


def pdf_src(rows: list[tuple[str, float, float, bool]]) -> SourceText:
    """A fake PDF-route source: (text, x0, size, bold) rows on page 1; "" is a blank line."""
    return SourceText.from_lines(
        "fake.pdf",
        "0" * 64,
        [(t, 1, (x if t else None), (s if t else None), (b if t else None)) for t, x, s, b in rows],
        kind="pdf",
    )


def test_numbered_paragraph_detection() -> None:
    assert numbered("12. Leaders know their services well.") == (
        12,
        "Leaders know their services well.",
    )
    assert numbered("  3.  Spaced out") == (3, "Spaced out")
    assert numbered("2.1 Adoption performance") is None
    assert numbered("2016. The year") is None
    assert numbered("12.5% of children") is None
    assert numbered("Paragraph 3. says") is None


def test_bullets_including_private_use_glyphs() -> None:
    for text in ["• Item", "◼ Item", "▪ Item", "- Item", "\uf0b7 Item", "\uf0a7Item", "– Item"]:
        assert is_bullet(text), text
        assert strip_bullet(text) == "Item"
    assert not is_bullet("-5% change")
    assert not is_bullet("Item")
    assert not is_bullet("1. Item")


def test_join_lines_keeps_compound_hyphens() -> None:
    assert join_lines(["The multi-", "agency team", "", "meets weekly."]) == (
        "The multi-agency team meets weekly."
    )
    assert join_lines(["A gap –", "then more"]) == "A gap – then more"
    assert join_lines(["ends with -", "dash"]) == "ends with - dash"


def test_ends_sentence() -> None:
    assert ends_sentence("They are safe.")
    assert ends_sentence("They said ‘we are safe.’")
    assert ends_sentence("including:")
    assert not ends_sentence("support children at the")


def test_text_route_blocks_are_lines() -> None:
    src = SourceText.from_lines(
        "t.txt",
        "0" * 64,
        [(t, None, None, None, None) for t in ["Heading", "1. One.", "2. Two", "", "more of two."]],
        kind="text",
    )
    blocks = split_blocks(src.lines)
    assert [b.raw for b in blocks] == ["Heading", "1. One.", "2. Two", "more of two."]
    assert src.text[blocks[3].start : blocks[3].end] == "more of two."


def test_pdf_blocks_split_at_hanging_numbers_only() -> None:
    src = pdf_src(
        [
            ("1. Children are seen quickly and their", 72, 12, False),
            ("44. views are recorded with care.", 100, 12, False),  # wrapped number: continuation
            ("2. Plans are clear.", 72, 12, False),  # no blank line, but at the margin
            ("", 0, 0, False),
            ("◼ A bullet that wraps", 72, 12, False),
            ("onto a second line.", 90, 12, False),
            ("◼ Another bullet.", 72, 12, False),
        ]
    )
    blocks = split_blocks(src.lines)
    assert [b.raw for b in blocks] == [
        "1. Children are seen quickly and their 44. views are recorded with care.",
        "2. Plans are clear.",
        "◼ A bullet that wraps onto a second line.",
        "◼ Another bullet.",
    ]
    assert blocks[0].first == 0 and blocks[0].last == 1


def test_footnotes_split_off_and_flagged_as_small_print() -> None:
    src = pdf_src(
        [
            ("1. The board meets regularly and", 72, 12, False),
            ("1 A footnote in small print.", 72, 6.5, False),
            ("holds partners to account.", 100, 12, False),
            ("More body text here.", 72, 12, False),
        ]
    )
    body = body_size(src.lines)
    assert body == 12
    blocks = split_blocks(src.lines)
    assert [b.raw for b in blocks] == [
        "1. The board meets regularly and",
        "1 A footnote in small print.",
        "holds partners to account. More body text here.",
    ]
    assert is_small_print(blocks[1].lines[0], body)
    assert not is_small_print(blocks[0].lines[0], body)
    assert blocks[1].text(body) == ""


def test_heading_detection() -> None:
    src = pdf_src(
        [
            ("The experiences and progress of children in care: good", 72, 14, True),
            ("", 0, 0, False),
            ("A short plain line", 72, 12, False),
            ("", 0, 0, False),
            ("Larger but not bold", 72, 16, False),
            ("", 0, 0, False),
            ("Bold sentence that ends.", 72, 12, True),
        ]
    )
    body = 12.0
    flags = [looks_like_heading(b, body) for b in split_blocks(src.lines)]
    assert flags == [True, False, True, False]
    text_src = SourceText.from_lines(
        "t.txt",
        "0" * 64,
        [
            (t, None, None, None, None)
            for t in ["What needs to improve?", "1. Numbered.", "Plain sentence."]
        ],
        kind="text",
    )
    assert [looks_like_heading(b, None) for b in split_blocks(text_src.lines)] == [
        True,
        False,
        False,
    ]
