"""Page furniture: running headers, footers, page numbers and footnotes.

Learned per document from repetition, not from fixed strings: a line in the
top or bottom band of a page whose shape (digits folded to ``#``) recurs on
several pages is furniture, and so is a bare page number in those bands.
A text layer sometimes glues the footer to the last body line without a
break; such suffixes are cut off too.

Tagged PDFs mark this furniture as artifacts, but pdfium's text layer
returns artifact text like any other (Ofsted's ILACS footers come first in
each page's text), and some files are not tagged at all (Cornwall 2019), so
repetition is the one rule that covers both.

Footnotes are not repeated, so they are found by their typography instead:
a block of small print at the foot of a page that opens with a footnote
marker. They are taken out of the flow because they would otherwise sit in
the middle of a paragraph that runs on to the next page.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional

#: Share of the page height at the top and bottom searched for furniture.
BAND = 0.1
_DIGITS = re.compile(r"\d+")
#: A bare page number as printed: "7", "Page 7", "7 of 40", "7/40", "- 7 -", "(7)", "vii".
_PAGE_NUMBER = re.compile(
    r"^[-–—(\[]?\s*(page\s*)?(\d{1,4}(\s*(of|/)\s*\d{1,4})?|[ivxl]{1,6})\s*[-–—)\]]?$", re.I
)
_BARE_MARKER = re.compile(r"^(\d{1,2}|[*†‡])$")
#: A footnote opens with its marker: "1 Text", "12Text", "* Text" or a bare "1".
_FOOTNOTE_MARKER = re.compile(r"^(\d{1,2}(?![\d.,:/%])|[*†‡])(\s?\S|$)")


@dataclass(slots=True)
class RawLine:
    """A line as a PDF backend reads it, before furniture is removed.

    ``top``/``bottom`` are distances from the top of the page in points of
    the line's font box (so lines of one size have comparable bottoms);
    ``right`` is the right edge of the last character. A line that a
    backend joined across a line-end hyphen spans two visual lines:
    ``last_bottom`` is then the bottom of the second.
    """

    text: str
    top: float
    bottom: float
    x0: float
    right: float
    size: float
    bold: bool
    last_bottom: Optional[float] = None

    @property
    def tail(self) -> float:
        """Bottom of the line's last visual line."""
        return self.bottom if self.last_bottom is None else self.last_bottom


def shape(text: str) -> str:
    """The line with digits folded and spaces and case normalised."""
    return _DIGITS.sub("#", " ".join(text.lower().split()))


#: Council-pack stamps that recur at page tops but are structure, not furniture:
#: "Agenda Item 5" marks where a paper starts (the pack splitter needs it).
_MARKER = re.compile(r"^agenda item #\w?$")


def _in_band(line: RawLine, height: float) -> bool:
    return line.top < height * BAND or line.tail > height * (1 - BAND)


def _edge_lines(page: list[RawLine], height: Optional[float], k: int = 3) -> list[RawLine]:
    """Candidates: lines in the bands, or the first/last ``k`` when height is unknown."""
    body = [ln for ln in page if ln.text.strip()]
    if height:
        return [ln for ln in body if _in_band(ln, height)]
    return body[:k] + body[-k:]


def learn(pages: list[list[RawLine]], heights: list[Optional[float]]) -> set[str]:
    """Shapes of lines that recur in the bands of at least two pages (and 30% of them)."""
    counts: Counter[str] = Counter()
    for page, height in zip(pages, heights, strict=True):
        counts.update({shape(ln.text) for ln in _edge_lines(page, height)})
    need = max(2, int(0.3 * len(pages)))
    return {s for s, c in counts.items() if c >= need and len(s) > 1 and not _MARKER.match(s)}


def _glued_patterns(
    shapes: set[str],
) -> tuple[Optional[re.Pattern[str]], Optional[re.Pattern[str]]]:
    """Regexes for learned furniture glued to the end, and to the start, of a line."""
    parts = []
    for s in sorted(shapes, key=len, reverse=True):
        if len(s) < 12:  # too short to cut safely from a body line
            continue
        esc = re.escape(s).replace("\\#", r"\d+").replace("\\ ", r"\s*")
        parts.append(esc)
    if not parts:
        return None, None
    either = "(?:" + "|".join(parts) + r")(?:\s*\d{1,4})?"
    return (
        re.compile(r"\s*" + either + r"\s*$", re.I),
        re.compile(r"^\s*(?:\d{1,4}\s*)?" + either + r"\s+(?=\S)", re.I),
    )


def strip(
    pages: list[list[RawLine]], heights: list[Optional[float]]
) -> tuple[list[list[RawLine]], list[str]]:
    """Remove furniture from every page; return the pages and what was removed.

    A band line is furniture when its shape was learned or it is a bare page
    number; a band line that only ends (a footer glued to the last body
    line) or starts (a header glued to the first) with learned furniture
    loses that part.
    """
    shapes = learn(pages, heights)
    suffix, prefix = _glued_patterns(shapes)
    removed: list[str] = []
    out: list[list[RawLine]] = []
    for page, height in zip(pages, heights, strict=True):
        edge = {id(ln) for ln in _edge_lines(page, height)}
        kept: list[RawLine] = []
        for ln in page:
            text = ln.text.strip()
            if id(ln) in edge and (shape(text) in shapes or _PAGE_NUMBER.match(text)):
                removed.append(text)
                continue
            if suffix is not None and prefix is not None and id(ln) in edge:
                cut = suffix.search(ln.text)
                if cut and cut.start() > 0:
                    removed.append(ln.text[cut.start() :].strip())
                    ln.text = ln.text[: cut.start()]
                cut = prefix.match(ln.text)
                if cut and cut.end() < len(ln.text):
                    removed.append(ln.text[: cut.end()].strip())
                    ln.text = ln.text[cut.end() :]
            kept.append(ln)
        out.append(kept)
    return out, removed


def body_size(pages: list[list[RawLine]]) -> float:
    """The document's body font size: the size carrying the most characters."""
    weight: Counter[float] = Counter()
    for page in pages:
        for ln in page:
            weight[round(ln.size, 1)] += len(ln.text)
    return weight.most_common(1)[0][0] if weight else 0.0


def footnotes(page: list[RawLine], body: float, height: Optional[float]) -> list[RawLine]:
    """The footnote block at the foot of ``page`` (possibly empty).

    The block is the run of lines, lowest on the page, set clearly smaller
    than the body text, in the lower half of the page, whose first line
    starts with a footnote marker. Body text never qualifies: it is not
    smaller than itself.
    """
    if body <= 0 or not page:
        return []
    ordered = sorted(page, key=lambda ln: ln.top)
    block: list[RawLine] = []
    for ln in reversed(ordered):
        if ln.size <= body * 0.88 and ln.text.strip():
            block.append(ln)
        else:
            break
    block.reverse()
    # the marker may open any line of the block, but the first one must be a note
    while block and not _FOOTNOTE_MARKER.match(block[0].text.strip()):
        block.pop(0)
    if not block or len(block) == len([ln for ln in page if ln.text.strip()]):
        return []
    if height and block[0].top < height * 0.5:
        return []
    return block


def strip_footnotes(
    pages: list[list[RawLine]], heights: list[Optional[float]]
) -> tuple[list[list[RawLine]], list[tuple[int, str]]]:
    """Take footnote blocks out of every page; return pages and ``(page, text)`` notes."""
    body = body_size(pages)
    notes: list[tuple[int, str]] = []
    out: list[list[RawLine]] = []
    for number, (page, height) in enumerate(zip(pages, heights, strict=True), start=1):
        block = footnotes(page, body, height)
        if block:
            ids = {id(ln) for ln in block}
            page = [ln for ln in page if id(ln) not in ids]
            for ln in block:  # one note per marker, its wrapped lines joined
                text = ln.text.strip()
                same_page = bool(notes) and notes[-1][0] == number
                if same_page and (
                    not _FOOTNOTE_MARKER.match(text) or _BARE_MARKER.match(notes[-1][1])
                ):
                    notes[-1] = (number, f"{notes[-1][1]} {text}")
                else:
                    notes.append((number, text))
        out.append(page)
    return out, notes
