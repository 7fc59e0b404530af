"""PDF route: two backends behind one interface, then one layout pass.

* ``pdfium`` (default): pypdfium2's text layer, hundreds of pages a second.
  Line positions, font size and weight come from a few characters of each
  line, which is all the layout the parsers need.
* ``pdfplumber``: pdfminer's character pipeline, about 35x slower; kept for
  files pdfium cannot open and as the reference in ``bench/extract.py``.
  Its rows are cut into table cells and put in content-stream order so
  the parsers see the same lines as from pdfium.

Both yield pages of :class:`~ofsted_mine.extract.furniture.RawLine`; the
shared pass in :mod:`~ofsted_mine.extract.pdf_layout` does the rest. Every
page object is closed as soon as it is read, so memory does not grow with
page count.
"""

from __future__ import annotations

import io
import re
from typing import Optional

from ofsted_mine.errors import EncryptedPdf, NoTextLayer, UnreadablePdf
from ofsted_mine.extract.furniture import RawLine
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.pdf_layout import Heights, Pages, layout

#: The PDF backends ``read_pdf`` accepts.
BACKENDS = ("auto", "pdfium", "pdfplumber")
#: A page with fewer characters than this is treated as having no text.
MIN_PAGE_CHARS = 20
_WORD_CHAR = re.compile(r"[A-Za-z0-9]")
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.I)

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


def read_pdf(data: bytes, path: str, sha256: str, backend: str = "auto") -> SourceText:
    """Read PDF bytes through ``backend`` ("auto" = pdfium, pdfplumber if pdfium fails)."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown PDF backend {backend!r}; use one of {', '.join(BACKENDS)}")
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
