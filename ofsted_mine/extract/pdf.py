"""PDF route: two backends behind one interface, then one layout pass.

* ``pdfium`` (default): pypdfium2's text layer, hundreds of pages a second.
  Line positions, font size and weight come from the first character of
  each line, which is all the layout the parsers need.
* ``pdfplumber``: pdfminer's character pipeline, about 30x slower; kept for
  files pdfium cannot open and as the reference in ``bench/extract.py``.

Both yield :class:`~ofsted_mine.extract.furniture.RawLine` pages; the shared
pass removes furniture, marks paragraph breaks (vertical gaps, and page
breaks after a finished sentence) with blank lines, and builds the
:class:`~ofsted_mine.extract.layout.SourceText`. Every page object is closed
as soon as it is read, so memory does not grow with page count.
"""

from __future__ import annotations

import io
import re
import statistics
from typing import Optional

from ofsted_mine.errors import EncryptedPdf, NoTextLayer, UnreadablePdf
from ofsted_mine.extract.furniture import RawLine, strip
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.normalise import normalise_line

#: A page with fewer characters than this is treated as having no text.
MIN_PAGE_CHARS = 20
_TERMINAL = re.compile(r"[.:;?!)\"”’]\s*$")
_NEW_PARA = re.compile(r"^\s*(\d{1,3}(\.\d)?\.?\s|[•◼▪■●\-–\uf0a7\uf0b7\uf06e]|\(?[a-z]\)\s)")


def _pdfium_pages(data: bytes, path: str) -> tuple[list[list[RawLine]], list[Optional[float]]]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise EncryptedPdf(path, "the PDF is encrypted and needs a password") from exc
        raise UnreadablePdf(path, f"not a readable PDF ({msg})") from exc
    pages: list[list[RawLine]] = []
    heights: list[Optional[float]] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            height = page.get_height()
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
                lines: list[RawLine] = []
                pos = 0
                for part in text.split("\r\n"):
                    if part.strip():
                        first = pos + (len(part) - len(part.lstrip()))
                        last = pos + len(part.rstrip()) - 1
                        left, bottom, _, top = textpage.get_charbox(first)
                        right = textpage.get_charbox(last)[2]
                        size = raw.FPDFText_GetFontSize(textpage, first)
                        weight = raw.FPDFText_GetFontWeight(textpage, first)
                        lines.append(
                            RawLine(part, height - top, height - bottom, left, right, size, weight >= 600)
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


def _pdfplumber_pages(data: bytes, path: str) -> tuple[list[list[RawLine]], list[Optional[float]]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    pages: list[list[RawLine]] = []
    heights: list[Optional[float]] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect as exc:
        raise EncryptedPdf(path, "the PDF is encrypted and needs a password") from exc
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many types
        raise UnreadablePdf(path, f"not a readable PDF ({exc.__class__.__name__})") from exc
    with pdf:
        for page in pdf.pages:
            try:
                lines = []
                for tl in page.extract_text_lines(return_chars=True, strip=True):
                    chars = tl["chars"]
                    font = chars[0].get("fontname", "") if chars else ""
                    lines.append(
                        RawLine(
                            tl["text"],
                            tl["top"],
                            tl["bottom"],
                            tl["x0"],
                            tl["x1"],
                            chars[0]["size"] if chars else 0.0,
                            "bold" in font.lower(),
                        )
                    )
                pages.append(lines)
                heights.append(float(page.height))
            finally:
                page.close()  # pdfplumber caches every parsed page otherwise
    return pages, heights


def _paragraph_breaks(page: list[RawLine]) -> list[bool]:
    """For each line, True when a vertical gap says a new paragraph starts there."""
    pitches = [
        b.bottom - a.bottom
        for a, b in zip(page, page[1:])
        if 0 < b.bottom - a.bottom < 3 * max(a.size, 1.0)
    ]
    typical = statistics.median(pitches) if pitches else 0.0
    breaks = [False]
    for a, b in zip(page, page[1:]):
        pitch = b.bottom - a.bottom
        size = max(a.size, b.size, 1.0)
        breaks.append(pitch < 0 or (pitch > 1.45 * size and pitch > 1.25 * typical))
    return breaks


def _continues(prev: Optional[RawLine], nxt: RawLine, page_right: float) -> bool:
    """Does a paragraph run from ``prev`` (end of a page) into ``nxt``?"""
    if prev is None:
        return False
    if _NEW_PARA.match(nxt.text):
        return False
    unfinished = not _TERMINAL.search(prev.text)
    full_width = prev.right > page_right - 2 * max(prev.size, 1.0)
    return unfinished or (full_width and nxt.text[:1].islower())


def layout(
    pages: list[list[RawLine]], heights: list[Optional[float]], path: str, sha256: str
) -> SourceText:
    """Furniture removal, paragraph breaks and normalisation → ``SourceText``."""
    pages, _removed = strip(pages, heights)
    rows: list[tuple[str, Optional[int], Optional[float], Optional[float], Optional[bool]]] = []
    prev: Optional[RawLine] = None
    prev_right = 0.0
    for number, page in enumerate(pages, start=1):
        page = [ln for ln in page if normalise_line(ln.text)]
        breaks = _paragraph_breaks(page)
        for i, ln in enumerate(page):
            if i == 0:
                if rows and not _continues(prev, ln, prev_right):
                    rows.append(("", number, None, None, None))
            elif breaks[i]:
                rows.append(("", number, None, None, None))
            rows.append((normalise_line(ln.text), number, round(ln.x0, 1), round(ln.size, 1), ln.bold))
        if page:
            prev = page[-1]
            prev_right = max(ln.right for ln in page)
        if not page and not rows:
            continue
        # a page with no lines still needs its start recorded
        if not page:
            rows.append(("", number, None, None, None))
    warnings = []
    empty_pages = [i + 1 for i, p in enumerate(pages) if not p]
    if empty_pages:
        warnings.append(f"pages with no text layer (scanned?): {empty_pages}")
    return SourceText.from_lines(path, sha256, rows, kind="pdf", warnings=warnings)


def read_pdf(data: bytes, path: str, sha256: str, backend: str = "auto") -> SourceText:
    """Read PDF bytes through ``backend`` ("auto" = pdfium, pdfplumber if pdfium fails)."""
    if backend == "pdfplumber":
        pages, heights = _pdfplumber_pages(data, path)
    else:
        try:
            pages, heights = _pdfium_pages(data, path)
        except EncryptedPdf:
            raise
        except UnreadablePdf:
            if backend != "auto":
                raise
            # pdfminer is more forgiving of some malformed files
            pages, heights = _pdfplumber_pages(data, path)
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
