"""PDF route: two backends behind one interface, then one layout pass.

* ``pdfium`` (default): pypdfium2's text layer, hundreds of pages a second.
  Line positions, font size and weight come from the first and last
  character of each line, which is all the layout the parsers need.
* ``pdfplumber``: pdfminer's character pipeline, about 30x slower; kept for
  files pdfium cannot open and as the reference in ``bench/extract.py``.

Both yield :class:`~ofsted_mine.extract.furniture.RawLine` pages; the shared
pass (:func:`layout`) then

1. merges pieces of one visual line (a superscript footnote marker, table
   cells on one row) so both backends agree on what a line is;
2. removes running headers, footers and page numbers by their repetition
   (:mod:`~ofsted_mine.extract.furniture`), and footnotes by their size;
3. mends hyphenation: pdfium joins a line that ends in a hyphen onto the
   next and marks the hyphen U+FFFE; pdfplumber keeps the two lines;
4. marks paragraph breaks with blank lines, from the vertical gap between
   lines and, at a page break, from whether the paragraph is finished.

Every page object is closed as soon as it is read, so memory does not grow
with page count.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from typing import Optional

from ofsted_mine.errors import EncryptedPdf, NoTextLayer, UnreadablePdf
from ofsted_mine.extract.furniture import BAND, RawLine, strip, strip_footnotes
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.normalise import normalise_line

#: A page with fewer characters than this is treated as having no text.
MIN_PAGE_CHARS = 20
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
_WORD_CHAR = re.compile(r"[A-Za-z0-9]")
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.I)

Pages = list[list[RawLine]]
Heights = list[Optional[float]]


# --------------------------------------------------------------------- backends


def _pdfium_pages(data: bytes, path: str) -> tuple[Pages, Heights]:
    """Lines of every page from pdfium's text layer.

    The text layer already groups characters into lines (``\\r\\n``); only
    the first and last character of each line are measured, which keeps
    this a few ctypes calls per line rather than per character.
    """
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise EncryptedPdf(path, "the PDF is encrypted and needs a password") from exc
        raise UnreadablePdf(path, f"not a readable PDF ({msg})") from exc
    pages: Pages = []
    heights: Heights = []
    rect = raw.FS_RECTF()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()

    def box(textpage, index: int) -> tuple[float, float, float, float]:
        # the loose box spans the font's ascent and descent, so every glyph
        # on a line (a quote mark as much as a 'g') shares its top and bottom
        raw.FPDFText_GetLooseCharBox(textpage, index, rect)
        return rect.left, rect.bottom, rect.right, rect.top

    def is_bold(textpage, index: int) -> bool:
        weight = raw.FPDFText_GetFontWeight(textpage, index)
        if weight > 0:
            return weight >= 600
        raw.FPDFText_GetFontInfo(textpage, index, name, len(name), ctypes.byref(flags))
        return bool(_BOLD_NAME.search(name.value.decode("latin-1")))

    try:
        for index in range(len(pdf)):
            try:
                page = pdf[index]
                height = page.get_height()
                textpage = page.get_textpage()
            except pdfium.PdfiumError as exc:
                raise UnreadablePdf(path, f"page {index + 1} cannot be read ({exc})") from exc
            try:
                text = textpage.get_text_range()
                lines: list[RawLine] = []
                pos = 0
                for part in text.split("\r\n"):
                    stripped = part.strip()
                    if stripped:
                        first = pos + (len(part) - len(part.lstrip()))
                        last = pos + len(part.rstrip()) - 1
                        # size and weight from the larger of two samples, so a leading
                        # superscript or bullet glyph (with its own font box) does not
                        # speak for the line; a few ctypes calls per line, not per char
                        word = _WORD_CHAR.search(stripped)
                        probe = first + (word.start() if word else 0)
                        size = raw.FPDFText_GetFontSize(textpage, probe)
                        at = probe
                        if last != probe:
                            size_last = raw.FPDFText_GetFontSize(textpage, last)
                            if size_last > size:
                                size, at = size_last, last
                        left, bottom, right, top = box(textpage, at)
                        if at != first:
                            left = box(textpage, first)[0]
                        end = bottom
                        if last != at:
                            _, end, right, _ = box(textpage, last)
                        lines.append(
                            RawLine(
                                stripped,
                                height - top,
                                height - bottom,
                                left,
                                right,
                                size,
                                is_bold(textpage, at),
                                height - end if bottom - end > 0.5 * size else None,
                            )
                        )
                    pos += len(part) + 2
            finally:
                textpage.close()
                page.close()
            pages.append(lines)
            heights.append(height)
    finally:
        pdf.close()
    return pages, heights


def _is_password_error(exc: BaseException) -> bool:
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect; look through the wrapping."""
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    seen: list[object] = [exc, exc.__cause__, exc.__context__, *getattr(exc, "args", ())]
    return any(isinstance(e, PDFPasswordIncorrect) for e in seen) or "password" in str(exc).lower()


def _pdfplumber_pages(data: bytes, path: str) -> tuple[Pages, Heights]:
    """Lines of every page from pdfminer's characters, clustered by pdfplumber."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    pages: Pages = []
    heights: Heights = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages  # noqa: B018 - parses the page tree, where broken files fail
    except PDFPasswordIncorrect as exc:
        raise EncryptedPdf(path, "the PDF is encrypted and needs a password") from exc
    except Exception as exc:  # pdfminer raises many unrelated types
        if _is_password_error(exc):
            raise EncryptedPdf(path, "the PDF is encrypted and needs a password") from exc
        raise UnreadablePdf(path, f"not a readable PDF ({exc.__class__.__name__})") from exc
    from pdfminer.psexceptions import PSException

    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            try:
                lines: list[RawLine] = []
                try:
                    text_lines = page.extract_text_lines(return_chars=True, strip=True)
                except PSException as exc:  # PDFSyntaxError and kin: a broken page
                    raise UnreadablePdf(path, f"page {number} cannot be read ({exc})") from exc
                for tl in text_lines:
                    lines.extend(_cells(tl["text"], tl["chars"]))
                pages.append(_cells_in_stream_order(lines))
                heights.append(float(page.height))
            finally:
                page.close()  # pdfplumber caches every parsed page otherwise
    return pages, heights


def _cells(text: str, chars: list[dict]) -> list[RawLine]:
    """One clustered text line cut into cells where a wide gap separates its words.

    pdfplumber clusters everything at one height into a line, table cells
    included; pdfium keeps cells apart. Cutting at a space whose gap is
    wider than two character heights (word spaces are a third of one)
    gives the parsers the same lines from both backends. The text keeps
    pdfplumber's own spacing: its non-space characters are matched, in
    order, with ``chars`` to learn where each word sits.
    """
    ink = [c for c in chars if c["text"].strip()]
    boxes: list[Optional[dict]] = []  # the char behind each position of ``text``
    k = 0
    for ch in text:
        if ch.isspace():
            boxes.append(None)
        elif k < len(ink) and ink[k]["text"] == ch:
            boxes.append(ink[k])
            k += 1
        else:
            boxes = []  # ligatures and the like: keep the line whole
            break
    cuts = [0]
    if boxes:
        last: Optional[dict] = None
        for i, box in enumerate(boxes):
            if box is None:
                continue
            gap = box["x0"] - last["x1"] if last is not None else 0.0
            if boxes[i - 1] is None and last is not None and gap > 2 * max(box["size"], 1.0):
                cuts.append(i)
            last = box
    cuts.append(len(text))
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        part = text[a:b].strip()
        mine = [c for c in boxes[a:b] if c is not None] if boxes else ink
        if not part or not mine:
            continue
        out.append(
            RawLine(
                part,
                min(c["top"] for c in mine),
                max(c["bottom"] for c in mine),
                mine[0]["x0"],
                max(c["x1"] for c in mine),
                max(c["size"] for c in mine),
                bool(_BOLD_NAME.search(mine[0].get("fontname", ""))),
            )
        )
    return out


def _cells_in_stream_order(lines: list[RawLine]) -> list[RawLine]:
    """Put a row's right-hand cells after the lines that continue its left cell.

    Content streams (and so pdfium) write a table cell by cell: all lines of
    the left cell, then the right cell. pdfplumber reads top to bottom. A
    line that starts right of where the current left cell's lines end is a
    right-hand cell: it is held back until the left cell ends (a paragraph
    gap or a line at another indent), then emitted.
    """
    out: list[RawLine] = []
    held: list[RawLine] = []
    first: Optional[RawLine] = None  # first line of the current left cell
    last: Optional[RawLine] = None  # its latest line
    reach = 0.0  # where its lines end
    for ln in lines:
        if first is not None and ln.x0 > reach + 2.0:
            held.append(ln)
            continue
        continues = (
            first is not None
            and last is not None
            and -2.0 < ln.x0 - first.x0 < 3 * max(ln.size, 1.0)  # same or hanging indent
            and 0 < ln.bottom - last.bottom < 1.6 * max(ln.size, 1.0)
        )
        if not continues:
            # cells reaching down beside this line belong to its row (a grade
            # centred on a two-line row starts above the row's first line)
            out.extend(c for c in held if c.bottom <= ln.top)
            held = [c for c in held if c.bottom > ln.top]
            first, reach = ln, ln.right
        reach = max(reach, ln.right)
        last = ln
        out.append(ln)
    out.extend(held)
    return out


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
    of a numbered paragraph continuing after a full stop). No for a new
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
    return same_indent


# ---------------------------------------------------------------------- layout

Row = tuple[str, Optional[int], Optional[float], Optional[float], Optional[bool]]


def reading_order(page: list[RawLine], height: Optional[float]) -> list[RawLine]:
    """Lines in the top band first and the bottom band last, each by position.

    The body keeps the text layer's order (tagged PDFs store reading order),
    but furniture and letterheads are often written at the end or start of a
    page's content stream wherever they sit; left there, a letterhead would
    fall between the two halves of a paragraph that runs on to the next page.
    """
    if not height:
        return page
    top = [ln for ln in page if ln.top < height * BAND]
    bottom = [ln for ln in page if ln.tail > height * (1 - BAND)]
    if not top and not bottom:
        return page
    edge = {id(ln) for ln in top} | {id(ln) for ln in bottom}
    body = [ln for ln in page if id(ln) not in edge]
    key = lambda ln: (round(ln.top), ln.x0)  # noqa: E731
    return sorted(top, key=key) + body + sorted(bottom, key=key)


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


def read_pdf(data: bytes, path: str, sha256: str, backend: str = "auto") -> SourceText:
    """Read PDF bytes through ``backend`` ("auto" = pdfium, pdfplumber if pdfium fails)."""
    if backend == "pdfplumber":
        pages, heights = _pdfplumber_pages(data, path)
    else:
        try:
            pages, heights = _pdfium_pages(data, path)
        except EncryptedPdf:
            raise
        except UnreadablePdf as first:
            if backend != "auto":
                raise
            # pdfminer is more forgiving of some malformed files
            try:
                pages, heights = _pdfplumber_pages(data, path)
            except EncryptedPdf:
                raise
            except UnreadablePdf:
                raise first from None
    if not pages:
        raise UnreadablePdf(path, "the PDF has no pages")
    chars = [sum(len(ln.text.strip()) for ln in p) for p in pages]
    if max(chars) < MIN_PAGE_CHARS:
        raise NoTextLayer(
            path,
            f"none of its {len(pages)} page(s) has a text layer (a scan?); "
            "run OCR first, e.g. `ocrmypdf in.pdf out.pdf`",
        )
    return layout(pages, heights, path, sha256)
