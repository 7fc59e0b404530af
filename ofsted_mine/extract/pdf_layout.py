"""The PDF layout pass: backend lines → cleaned lines with paragraph breaks.

Both PDF backends (:mod:`~ofsted_mine.extract.pdf`) yield pages of
:class:`~ofsted_mine.extract.furniture.RawLine`; :func:`layout` turns them
into one :class:`~ofsted_mine.extract.layout.SourceText`:

1. bands first and last (:func:`reading_order`), so a letterhead written at
   the end of a page's content does not split a paragraph;
2. pieces of one visual line joined (:func:`merge_rows`): a superscript
   footnote marker, table cells on one row, a list label written late;
3. running headers, footers, page numbers and footnotes removed
   (:mod:`~ofsted_mine.extract.furniture`);
4. hyphenation mended (:func:`mend_hyphens`): pdfium joins a line that ends
   in a hyphen onto the next and marks the hyphen U+FFFE; pdfplumber keeps
   the two lines;
5. paragraph breaks marked with blank lines: within a page from the
   vertical gap, at a page break from whether the paragraph is finished
   (:func:`_continues`).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from typing import Optional

from ofsted_mine.extract.furniture import BAND, RawLine, strip, strip_footnotes
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.normalise import normalise_line

_TERMINAL = re.compile(r"[.:;?!][\"'”’)\]]*\s*$")
#: A line that opens a numbered paragraph ("12. ", "2.1 "), bullet or lettered point.
_NEW_PARA = re.compile(
    r"^\s*(\d{1,3}\.(\d{1,2}\.?)?\s|[•●◦◼■□▪‣∙·\-–—−\ue000-\uf8ff]|\(?[a-z]\)\s|\(?[ivx]{1,4}\)\s)"
)
_NUMBERED = re.compile(r"^\s*\d{1,3}\.\s")
#: pdfium's mark for a hyphen at a line end that it joined to the next line.
_PDFIUM_HYPHEN = "\ufffe"
_HYPHENATED = re.compile(r"([A-Za-z]+)\ufffe\s*([A-Za-z]+)")
_WORDS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_LINE_END_HYPHEN = re.compile(r"([A-Za-z]+)[-\u00ad]$")
_WORD_START = re.compile(r"[A-Za-z]+")

Pages = list[list[RawLine]]
Heights = list[Optional[float]]


# ------------------------------------------------------------ one visual line


def _same_row(a: RawLine, b: RawLine) -> bool:
    """Is ``b`` the continuation of ``a`` on the same visual line?"""
    if b.x0 < a.right - 1.0:
        return False
    a_top = a.tail - (a.bottom - a.top)  # top of a's last visual line
    overlap = min(a.tail, b.bottom) - max(a_top, b.top)
    shorter = min(a.bottom - a.top, b.bottom - b.top)
    return shorter > 0 and overlap >= 0.3 * shorter


#: A list label: a paragraph number or a bullet glyph, alone.
_LABEL = re.compile(r"^(\(?\d{1,3}(\.\d{1,2})?[.)]?|\(?[a-z]\)|[•●◦◼■▪\-–\ue000-\uf8ff])$")


def _label_before(a: RawLine, b: RawLine) -> bool:
    """Is ``b`` a paragraph number or bullet written after its text ``a`` but printed left of it?"""
    if not _LABEL.match(b.text.strip()) or b.right > a.x0 + 1.0:
        return False
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)  # against a's first visual line
    shorter = min(a.bottom - a.top, b.bottom - b.top)
    return shorter > 0 and overlap >= 0.3 * shorter


def merge_rows(page: list[RawLine]) -> list[RawLine]:
    """Join consecutive pieces of one visual line.

    pdfium starts a new line where the baseline moves, so a superscript
    footnote marker (``Board¹``) splits a line in two or three, and table
    cells on one row come out as separate lines. A gap narrower than a
    space joins without one (``Board1``), as the layout spec describes.
    A list label that a content stream writes after its paragraph's first
    line is put back in front of it.
    """
    out: list[RawLine] = []
    for ln in page:
        if out and _label_before(out[-1], ln):
            prev = out[-1]
            prev.text = f"{ln.text.strip()} {prev.text.lstrip()}"
            prev.x0 = ln.x0
            continue
        if out and _same_row(out[-1], ln):
            prev = out[-1]
            gap = ln.x0 - prev.right
            sep = "" if gap < 0.2 * min(prev.size, ln.size) else " "
            prev.text = prev.text.rstrip() + sep + ln.text.lstrip()
            if ln.size > prev.size:  # the superscript came first: take the line's metrics
                prev.bottom, prev.size, prev.bold = ln.bottom, ln.size, ln.bold
            prev.top = min(prev.top, ln.top)
            prev.right = max(prev.right, ln.right)
        else:
            out.append(ln)
    return out


# ---------------------------------------------------------------- hyphenation


def _vocabulary(pages: Pages) -> tuple[set[str], set[str]]:
    """Lower-cased words of the document: plain ones, and hyphenated compounds."""
    plain: set[str] = set()
    compound: set[str] = set()
    for page in pages:
        for ln in page:
            for w in _WORDS.findall(ln.text.replace(_PDFIUM_HYPHEN, " ")):
                (compound if "-" in w else plain).add(w.lower())
    return plain, compound


def _join_word(left: str, right: str, plain: set[str], compound: set[str]) -> str:
    """``left`` + ``right`` split at a line-end hyphen, as the document spells it.

    Ofsted reports are set ragged-right, so a line-end hyphen is nearly
    always part of a compound (``multi-agency``) and is kept; it is dropped
    only when the document spells the joined word elsewhere without one and
    never with one.
    """
    joined = (left + right).lower()
    if joined in plain and f"{left}-{right}".lower() not in compound:
        return left + right
    return f"{left}-{right}"


def mend_hyphens(pages: Pages) -> Pages:
    """Resolve pdfium's U+FFFE hyphens and join lines that end in a hyphen."""
    vocab: list[tuple[set[str], set[str]]] = []  # built on first need: most files have none

    def join(left: str, right: str) -> str:
        if not vocab:
            vocab.append(_vocabulary(pages))
        return _join_word(left, right, *vocab[0])

    def fix(m: re.Match[str]) -> str:
        return join(m.group(1), m.group(2))

    out: Pages = []
    for page in pages:
        kept: list[RawLine] = []
        for ln in page:
            if _PDFIUM_HYPHEN in ln.text:
                ln.text = _HYPHENATED.sub(fix, ln.text).replace(_PDFIUM_HYPHEN, "-")
            prev = kept[-1] if kept else None
            head = (
                _LINE_END_HYPHEN.search(prev.text)
                if prev is not None and prev.text[-1:] in ("-", "\u00ad")
                else None
            )
            tail = _WORD_START.match(ln.text) if head is not None else None
            if (
                prev is not None
                and head is not None
                and tail is not None
                and ln.text[:1].islower()
                and 0 < ln.bottom - prev.tail < 2.5 * max(prev.size, 1.0)
            ):
                if prev.text.endswith("\u00ad"):
                    word = head.group(1) + tail.group(0)
                else:
                    word = join(head.group(1), tail.group(0))
                prev.text = prev.text[: head.start()] + word + ln.text[tail.end() :]
                prev.last_bottom, prev.right = ln.tail, ln.right
                continue
            kept.append(ln)
        out.append(kept)
    return out


# ------------------------------------------------------------ paragraph breaks


def _pitches(page: list[RawLine]) -> list[float]:
    """Baseline-to-baseline distances between neighbouring lines of one page."""
    return [
        b.bottom - a.tail
        for a, b in zip(page, page[1:], strict=False)
        if 0 < b.bottom - a.tail < 3 * max(a.size, 1.0)
    ]


def typical_pitch(pages: Pages) -> float:
    """The document's usual line pitch: the median over all pages."""
    pitches = [p for page in pages for p in _pitches(page)]
    return statistics.median(pitches) if pitches else 0.0


def _paragraph_breaks(page: list[RawLine], typical: Optional[float] = None) -> list[bool]:
    """For each line, True when a vertical gap says a new paragraph starts there.

    A gap counts when it is clearly more than a line of the font and more
    than the usual line pitch ``typical``. That is the document's, not the
    page's: a page of short, spaced-out items (a title page, a list, the
    closing boilerplate) would otherwise learn its gaps as its line pitch.
    A line above its predecessor (the content stream went back up the page)
    also starts a new block.
    """
    if typical is None:
        pitches = _pitches(page)
        typical = statistics.median(pitches) if pitches else 0.0
    breaks = [False]
    for a, b in zip(page, page[1:], strict=False):
        pitch = b.bottom - a.tail
        size = max(a.size, b.size, 1.0)
        breaks.append(pitch < -0.5 * size or (pitch > 1.45 * size and pitch > 1.25 * typical))
    return breaks


def left_margin(pages: Pages) -> float:
    """The text's left margin: the leftmost x0 shared by a good share of lines."""
    counts: Counter[int] = Counter(round(ln.x0) for page in pages for ln in page)
    total = sum(counts.values())
    if not total:
        return 0.0
    # neighbouring x0 values (71, 72) are one margin
    for x in sorted(counts):
        if counts[x] + counts.get(x + 1, 0) + counts.get(x - 1, 0) >= 0.05 * total:
            return float(x)
    return float(min(counts))


def right_edge(pages: Pages) -> float:
    """Where full lines end: the 90th percentile of right edges (text is ragged-right)."""
    rights = sorted(ln.right for page in pages for ln in page)
    return rights[int(0.9 * (len(rights) - 1))] if rights else 0.0


def _continues(
    prev: Optional[RawLine], nxt: RawLine, margin: float, edge: Optional[float] = None
) -> bool:
    """Does a paragraph run from ``prev`` (end of a page) into ``nxt``?

    Yes when the last line stops mid-sentence, when the next page starts in
    lower case, or when both lines sit at the same hanging indent (the body
    of a numbered paragraph continuing after a full stop), or when a full
    last line ends a sentence and the next page starts at the same left edge.
    No for a new
    numbered item or bullet, a change of weight or size (a heading), or a
    last line that stops short of the right ``edge`` (a paragraph's last
    line is short; a line that breaks mid-sentence is full).
    """
    if prev is None:
        return False
    if prev.bold != nxt.bold or abs(prev.size - nxt.size) > 1.0:
        return False
    indent = 4.0
    same_indent = (
        prev.x0 > margin + indent and nxt.x0 > margin + indent and abs(prev.x0 - nxt.x0) < 3.0
    )
    unfinished = not _TERMINAL.search(prev.text)
    if _NEW_PARA.match(nxt.text):
        # a number wrapped onto a continuation line ("... in\n44. per cent")
        # sits at the hanging indent, not at the margin where paragraphs start
        return bool(_NUMBERED.match(nxt.text)) and unfinished and same_indent
    if nxt.text[:1].islower():
        return True
    short = edge is not None and edge > margin and prev.right - margin < 0.5 * (edge - margin)
    if unfinished:
        return not short
    # a sentence that ends exactly at the foot of the page on a full line, with the
    # next page starting at the same left edge (unnumbered paragraphs have no hanging
    # indent to tell): a paragraph's last line is seldom full, so it runs on
    full = edge is not None and edge > margin and prev.right - margin >= 0.95 * (edge - margin)
    return same_indent or (full and abs(prev.x0 - nxt.x0) < 3.0)


# ---------------------------------------------------------------------- layout

Row = tuple[str, Optional[int], Optional[float], Optional[float], Optional[bool]]


def reading_order(page: list[RawLine], height: Optional[float]) -> list[RawLine]:
    """Lines in the top band first and the bottom band last.

    Everything keeps the text layer's order otherwise (tagged PDFs store
    reading order; a two-column letterhead reads column by column), but
    furniture and letterheads are often written at the end or start of a
    page's content stream wherever they sit; left there, a letterhead would
    fall between the two halves of a paragraph that runs on to the next page.
    """
    if not height:
        return page
    top = [ln for ln in page if ln.top < height * BAND]
    in_top = {id(ln) for ln in top}
    bottom = [ln for ln in page if ln.tail > height * (1 - BAND) and id(ln) not in in_top]
    if not top and not bottom:
        return page
    edge = in_top | {id(ln) for ln in bottom}
    return top + [ln for ln in page if id(ln) not in edge] + bottom


def layout(pages: Pages, heights: Heights, path: str, sha256: str) -> SourceText:
    """Rows, furniture, footnotes, hyphens and paragraph breaks → ``SourceText``."""
    pages = [merge_rows(reading_order(p, h)) for p, h in zip(pages, heights, strict=True)]
    pages, _removed = strip(pages, heights)
    pages, notes = strip_footnotes(pages, heights)
    pages = mend_hyphens(pages)
    margin = left_margin(pages)
    edge = right_edge(pages)
    typical = typical_pitch(pages)
    rows: list[Row] = []
    prev: Optional[RawLine] = None
    for number, page in enumerate(pages, start=1):
        for ln in page:
            ln.text = normalise_line(ln.text)
        page = [ln for ln in page if ln.text]
        breaks = _paragraph_breaks(page, typical)
        for i, ln in enumerate(page):
            if i == 0:
                if rows and rows[-1][0] and not _continues(prev, ln, margin, edge):
                    rows.append(("", number, None, None, None))
            elif breaks[i]:
                rows.append(("", number, None, None, None))
            rows.append((ln.text, number, round(ln.x0, 1), round(ln.size, 1), ln.bold))
        if page:
            prev = page[-1]
        elif rows:
            # a page with no text still needs its start recorded
            rows.append(("", number, None, None, None))
    warnings = []
    empty_pages = [i + 1 for i, p in enumerate(pages) if not p]
    if empty_pages:
        warnings.append(f"pages with no text layer (scanned?): {empty_pages}")
    src = SourceText.from_lines(path, sha256, rows, kind="pdf", warnings=warnings)
    src.footnotes = [(page, normalise_line(text)) for page, text in notes]
    return src
