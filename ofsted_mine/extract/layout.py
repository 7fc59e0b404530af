"""The text-with-layout model every document parser reads.

Ingestion (``pdf.py`` for PDFs, ``text.py`` for text) turns bytes into one
:class:`SourceText`: the cleaned text, split into :class:`Line` records that
know their page and, for PDFs, their left edge, font size and weight. A
blank line separates paragraphs in both routes (for PDFs it is inserted where
the vertical gap between lines says a paragraph ended), so parsers are
written once and work on both.

Parsers never slice the raw string by hand: :meth:`SourceText.slice` cuts a
sub-document (for council packs) with offsets and pages carried along.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from typing import Literal, Optional


@dataclass(slots=True)
class Line:
    """One line of cleaned text.

    ``start`` is the offset of the line in :attr:`SourceText.text`.
    ``x0`` (points from the left edge), ``size`` (font size) and ``bold``
    are ``None`` on the text route.
    """

    text: str
    start: int
    page: Optional[int] = None
    x0: Optional[float] = None
    size: Optional[float] = None
    bold: Optional[bool] = None

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class SourceText:
    """A document's cleaned text, its lines and its page boundaries.

    ``page_starts[i]`` is the offset where page ``i + 1`` begins; empty on the
    text route. ``line_offset`` / ``page_offset`` say where this text sits in
    the file it was cut from (0 for a whole file).
    """

    path: str
    sha256: str
    text: str
    lines: list[Line]
    page_starts: list[int] = field(default_factory=list)
    kind: Literal["pdf", "text"] = "text"
    warnings: list[str] = field(default_factory=list)
    line_offset: int = 0
    char_offset: int = 0
    #: ``(page, text)`` of footnotes taken out of the flow (PDF route only).
    footnotes: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def from_lines(
        cls,
        path: str,
        sha256: str,
        lines: list[tuple[str, Optional[int], Optional[float], Optional[float], Optional[bool]]],
        kind: Literal["pdf", "text"],
        warnings: Optional[list[str]] = None,
    ) -> SourceText:
        """Build from ``(text, page, x0, size, bold)`` tuples, computing offsets."""
        out: list[Line] = []
        page_starts: list[int] = []
        pos = 0
        for text, page, x0, size, bold in lines:
            if page is not None:
                while len(page_starts) < page:
                    page_starts.append(pos)
            out.append(Line(text, pos, page, x0, size, bold))
            pos += len(text) + 1
        joined = "\n".join(ln.text for ln in out)
        return cls(path, sha256, joined, out, page_starts, kind, list(warnings or []))

    def _footnotes_between(
        self, first: Optional[int], last: Optional[int]
    ) -> list[tuple[int, str]]:
        if first is None or last is None:
            return []
        return [(p, t) for p, t in self.footnotes if first <= p <= last]

    @property
    def n_pages(self) -> int:
        return len(self.page_starts)

    def page_at(self, offset: int) -> Optional[int]:
        """1-based page holding ``offset`` (``None`` on the text route)."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))

    def line_index_at(self, offset: int) -> int:
        """Index of the line containing ``offset``."""
        starts = [ln.start for ln in self.lines]
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def slice(self, first_line: int, end_line: int) -> SourceText:
        """Lines ``[first_line, end_line)`` as a standalone ``SourceText``.

        Offsets are rebased to the slice, so spans in a sub-document point
        into the sub-document's own text; ``line_offset``/``char_offset``
        record where it came from and pages keep their numbers in the file.
        """
        chosen = self.lines[first_line:end_line]
        if not chosen:
            return replace(self, text="", lines=[], page_starts=[], line_offset=first_line)
        base = chosen[0].start
        lines = [replace(ln, start=ln.start - base) for ln in chosen]
        text = self.text[base : chosen[-1].end]
        page_starts: list[int] = []
        if self.page_starts:
            first_page = chosen[0].page or 1
            # keep absolute page numbers: pages before the slice start at 0
            page_starts = [0] * first_page
            for ln in lines:
                if ln.page is not None:
                    while len(page_starts) < ln.page:
                        page_starts.append(ln.start)
        return SourceText(
            self.path,
            self.sha256,
            text,
            lines,
            page_starts,
            self.kind,
            [],
            self.line_offset + first_line,
            self.char_offset + base,
            self._footnotes_between(chosen[0].page, chosen[-1].page),
        )
