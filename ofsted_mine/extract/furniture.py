"""Page furniture: running headers, footers and page numbers.

Learned per document from repetition, not from fixed strings: a line in the
top or bottom band of a page whose shape (digits folded to ``#``) recurs on
several pages is furniture, and so is a bare page number in those bands.
A text layer sometimes glues the footer to the last body line without a
break; such suffixes are cut off too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional

#: Share of the page height at the top and bottom searched for furniture.
BAND = 0.1
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)


@dataclass(slots=True)
class RawLine:
    """A line as a PDF backend reads it, before furniture is removed.

    ``top``/``bottom`` are distances from the top of the page in points;
    ``right`` is the right edge of the last character.
    """

    text: str
    top: float
    bottom: float
    x0: float
    right: float
    size: float
    bold: bool


def shape(text: str) -> str:
    """The line with digits folded and spaces and case normalised."""
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def _in_band(line: RawLine, height: float) -> bool:
    return line.top < height * BAND or line.bottom > height * (1 - BAND)


def _edge_lines(page: list[RawLine], height: Optional[float], k: int = 3) -> list[RawLine]:
    """Candidates: lines in the bands, or the first/last ``k`` when height is unknown."""
    body = [ln for ln in page if ln.text.strip()]
    if height:
        return [ln for ln in body if _in_band(ln, height)]
    return body[:k] + body[-k:]


def learn(pages: list[list[RawLine]], heights: list[Optional[float]]) -> set[str]:
    """Shapes of lines that recur in the bands of at least two pages (and 30% of them)."""
    counts: Counter[str] = Counter()
    for page, height in zip(pages, heights):
        counts.update({shape(ln.text) for ln in _edge_lines(page, height)})
    need = max(2, int(0.3 * len(pages)))
    return {s for s, c in counts.items() if c >= need and len(s) > 1}


def _suffix_pattern(shapes: set[str]) -> Optional[re.Pattern[str]]:
    """One regex matching any learned furniture text glued to the end of a line."""
    parts = []
    for s in sorted(shapes, key=len, reverse=True):
        if len(s) < 12:  # too short to cut safely from a body line
            continue
        esc = re.escape(s).replace("\\#", r"\d+").replace("\\ ", r"\s*")
        parts.append(esc)
    if not parts:
        return None
    return re.compile(r"\s*(?:" + "|".join(parts) + r")\s*$", re.I)


def strip(
    pages: list[list[RawLine]], heights: list[Optional[float]]
) -> tuple[list[list[RawLine]], list[str]]:
    """Remove furniture from every page; return the pages and what was removed."""
    shapes = learn(pages, heights)
    glued = _suffix_pattern(shapes)
    removed: list[str] = []
    out: list[list[RawLine]] = []
    for page, height in zip(pages, heights):
        edge = {id(ln) for ln in _edge_lines(page, height)}
        kept: list[RawLine] = []
        for ln in page:
            text = ln.text.strip()
            if id(ln) in edge and (shape(text) in shapes or _PAGE_NUMBER.match(text)):
                removed.append(text)
                continue
            if glued is not None and id(ln) in edge:
                cut = glued.search(ln.text)
                if cut and cut.start() > 0:
                    removed.append(ln.text[cut.start() :].strip())
                    ln.text = ln.text[: cut.start()]
            kept.append(ln)
        out.append(kept)
    return out, removed
