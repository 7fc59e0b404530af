"""Paragraph-level helpers every structural parser shares.

Ingestion hands parsers lines; parsers think in paragraphs, numbered
paragraphs, bullets and headings. The two routes differ in shape (a PDF
paragraph is wrapped over many lines with a hanging indent; a converted text
paragraph is usually one long line) so the rules here look at structure
only: numbering, bullet glyphs, indentation, font weight and size, and
sentence punctuation. Nothing here knows about any particular council or
document type.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Optional

from ofsted_mine.extract.layout import Line

# Bullet glyphs seen in Ofsted PDFs and their conversions: round and square
# bullets, dashes, and Wingdings/Symbol glyphs that land in the Unicode
# private-use area (U+E000–U+F8FF), plus the combining long stroke (U+0336)
# some files use for sub-bullets.
_BULLET_GLYPHS = "•●◦○◼■□▪▫‣⁃∙·➢➤►▶✓✔\u0336"
BULLET = re.compile(rf"^\s*(?:[{re.escape(_BULLET_GLYPHS)}\ue000-\uf8ff]\s*|[-*–—]\s+)(?=\S)")
#: A numbered paragraph: "12. Text" (the number, a full stop, a space; some PDFs
#: drop the space before a capital: "10.Services").
NUMBERED = re.compile(r"^\s*(\d{1,3})\.(?:\s+(?=\S)|(?=[A-Z‘“'\"(]))")
#: A sub-numbered heading or list item: "2.1 Adoption performance".
SUBNUMBERED = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.?\s+(?=\S)")
_TERMINAL = re.compile(r"[.!?:;][\"'”’)\]]*\s*$")
# A sentence closed by a bracketed tag, as SIF reports mark findings "(Recommendation)".
_TAGGED_END = re.compile(r"[.!?]\s*\([A-Za-z][^()]{0,40}\)\s*$")
_WORD = re.compile(r"\S+")


def numbered(text: str) -> Optional[tuple[int, str]]:
    """``(number, rest)`` when ``text`` starts a numbered paragraph, else ``None``."""
    m = NUMBERED.match(text)
    if not m:
        return None
    return int(m.group(1)), text[m.end() :]


def is_bullet(text: str) -> bool:
    """True when ``text`` starts with a bullet glyph (including private-use ones)."""
    return bool(BULLET.match(text))


def strip_bullet(text: str) -> str:
    """``text`` without its leading bullet glyph and spaces."""
    return BULLET.sub("", text, count=1).strip()


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence-closing punctuation (quotes allowed)."""
    return bool(_TERMINAL.search(text) or _TAGGED_END.search(text))


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def join_lines(parts: Iterable[str]) -> str:
    """Rejoin wrapped lines into one paragraph.

    A line ending in a hyphen after a letter is joined without a space and
    the hyphen kept: Ofsted's text is not hyphen-justified, so a line-final
    hyphen is almost always a compound ("multi-" + "agency"); ingestion has
    already mended true soft hyphens. Everything else joins with one space.
    """
    out: list[str] = []
    for raw in parts:
        part = raw.strip()
        if not part:
            continue
        if out and len(out[-1]) > 1 and out[-1].endswith("-") and out[-1][-2].isalpha():
            out[-1] = out[-1] + part
        else:
            out.append(part)
    return " ".join(out)


def body_size(lines: Sequence[Line]) -> Optional[float]:
    """The commonest font size among non-blank lines (``None`` on the text route)."""
    sizes = Counter(round(ln.size, 1) for ln in lines if ln.size is not None and not ln.blank)
    return sizes.most_common(1)[0][0] if sizes else None


def is_small_print(line: Line, body: Optional[float]) -> bool:
    """Footnote-sized text (clearly smaller than the body font)."""
    return body is not None and line.size is not None and line.size < body - 1.25


@dataclass
class Block:
    """A paragraph-like run of lines: a paragraph, list item or heading.

    ``first``/``last`` index the source lines; ``start``/``end`` are offsets
    into the source text so a block's raw region is ``text[start:end]``.
    """

    lines: list[Line]
    first: int
    last: int
    continues: bool = False  # joined onto the previous block across a blank line
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def page(self) -> Optional[int]:
        return self.lines[0].page

    @property
    def x0(self) -> Optional[float]:
        return self.lines[0].x0

    @property
    def bold(self) -> bool:
        return bool(self.lines) and all(bool(ln.bold) for ln in self.lines)

    @property
    def size(self) -> Optional[float]:
        sizes = [ln.size for ln in self.lines if ln.size is not None]
        return max(sizes) if sizes else None

    def text(self, body: Optional[float] = None) -> str:
        """Joined text, leaving out footnote-sized lines when ``body`` is given."""
        return join_lines(ln.text for ln in self.lines if not is_small_print(ln, body))

    @property
    def raw(self) -> str:
        return join_lines(ln.text for ln in self.lines)


def split_blocks(lines: Sequence[Line], first: int = 0, last: Optional[int] = None) -> list[Block]:
    """Group ``lines[first:last]`` into blocks.

    A block ends at a blank line. On the text route (no ``x0``) every
    non-blank line is its own block, since converters put one paragraph on
    a line. On the PDF route a line that starts a numbered paragraph or a
    bullet also starts a new block when it sits left of the block's
    continuation indent (a hanging indent), so "44." wrapped onto an
    indented continuation line does not split a paragraph.
    """
    stop = len(lines) if last is None else last
    out: list[Block] = []
    cur: list[Line] = []
    cur_first = first

    def flush(end_index: int) -> None:
        nonlocal cur
        if cur:
            out.append(Block(cur, cur_first, end_index))
            cur = []

    for i in range(first, stop):
        ln = lines[i]
        if ln.blank:
            flush(i - 1)
            continue
        if cur and (
            ln.x0 is None
            or _starts_item(ln, cur)
            or _size_break(ln, cur[-1])
            or _page_break_after_entry(ln, cur[-1])
        ):
            flush(i - 1)
        if not cur:
            cur_first = i
        cur.append(ln)
    flush(stop - 1)
    return out


_ENDS_WITH_PAGE_NUMBER = re.compile(r"\s\d{1,3}$")


def _page_break_after_entry(ln: Line, prev: Line) -> bool:
    """A new page after a line ending in a page number (a contents entry): the
    next page's heading is not part of it, though no gap was seen between them."""
    return (
        ln.page is not None
        and prev.page is not None
        and ln.page != prev.page
        and bool(_ENDS_WITH_PAGE_NUMBER.search(prev.text))
        and ln.text[:1].isupper()
    )


def _size_break(ln: Line, prev: Line) -> bool:
    """A change of font size or weight between two PDF lines: a title above a
    label, a bold heading directly above body text."""
    if ln.size is None or prev.size is None:
        return False
    if abs(ln.size - prev.size) > 1.5:
        return True
    return ln.bold is not None and prev.bold is not None and ln.bold != prev.bold


def _starts_item(ln: Line, cur: list[Line]) -> bool:
    """Does PDF line ``ln`` start a new numbered item or bullet inside block ``cur``?"""
    if not (NUMBERED.match(ln.text) or SUBNUMBERED.match(ln.text) or BULLET.match(ln.text)):
        return False
    head = cur[0]
    if ln.x0 is None or head.x0 is None:
        return True
    starts_item = bool(
        NUMBERED.match(head.text) or SUBNUMBERED.match(head.text) or BULLET.match(head.text)
    )
    if not starts_item and not ends_sentence(cur[-1].text):
        # a number wrapped to the start of a line inside a flush prose paragraph
        return False
    # the new item must start at (or left of) the block's own first line;
    # continuation lines of a hanging-indent paragraph sit further right.
    return ln.x0 <= head.x0 + 3.0


_HEADING_MAX_WORDS = 22


def wrap_width(lines: Sequence[Line]) -> Optional[float]:
    """The line width of hard-wrapped text (90th percentile of line lengths), else ``None``.

    Only the text route needs it, and only when the text keeps a PDF's line
    breaks (an A4 page holds 75-95 characters a line; at most 110 are taken
    for wrapped, and no more than 5% of lines may run beyond 1.2 times the
    width): there a line that fills the
    width runs on into the next, whatever the next line starts with. Text
    with one paragraph per line has no wrap width.
    """
    if lines and lines[0].x0 is not None:
        return None
    lengths = sorted(len(ln.text) for ln in lines if not ln.blank)
    if len(lengths) < 20:
        return None
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    # wrapping caps the line length: hardly any line runs far beyond the width
    beyond = sum(n > 1.2 * p90 for n in lengths)
    return float(p90) if 40 <= p90 <= 110 and beyond <= 0.05 * len(lengths) else None


def looks_like_heading(block: Block, body: Optional[float]) -> bool:
    """A short, unpunctuated line set apart by weight or size (or, on text, by shape).

    Numbered paragraphs and bullets are never headings. On the PDF route a
    heading is bold or larger than the body font; on the text route, where
    weight is lost, it is a short line that does not end like a sentence.
    """
    text = block.raw
    if not text or numbered(text) or is_bullet(text):
        return False
    if word_count(text) > _HEADING_MAX_WORDS:
        return False
    if text.endswith((".", ",", ";")) and not text.endswith("..."):
        return False
    if _TAGGED_END.search(text):
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    if block.x0 is None:
        return True
    size = block.size
    return block.bold or (body is not None and size is not None and size > body + 0.9)


__all__ = [
    "wrap_width",
    "BULLET",
    "NUMBERED",
    "SUBNUMBERED",
    "Block",
    "numbered",
    "is_bullet",
    "strip_bullet",
    "ends_sentence",
    "word_count",
    "join_lines",
    "body_size",
    "is_small_print",
    "split_blocks",
    "looks_like_heading",
]
