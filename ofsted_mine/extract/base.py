"""What every document parser shares: building a ``Document`` from a ``SourceText``.

A parser is a function ``parse(src: SourceText) -> Document``; it fills the
type-specific fields and relies on :func:`new_document` for identity and
provenance so those are computed one way everywhere.
"""

from __future__ import annotations

from typing import Any

from ofsted_mine.extract.layout import SourceText
from ofsted_mine.models import Document, Span, content_id


def new_document(src: SourceText, doc_type: str, **fields: Any) -> Document:
    """A ``Document`` of ``doc_type`` carrying ``src``'s text, ids and pages.

    Sub-documents cut from a pack get an id from their own text, so the same
    letter embedded in two packs has the same id.
    """
    doc = Document(
        id=content_id(src.text),
        source=src.path,
        sha256=src.sha256,
        doc_type=doc_type,  # type: ignore[arg-type]
        text=src.text,
        page_starts=list(src.page_starts),
        warnings=list(src.warnings),
        **fields,
    )
    if src.line_offset or src.char_offset:
        doc.line_range = (src.line_offset + 1, src.line_offset + len(src.lines))
        pages = [ln.page for ln in src.lines if ln.page is not None]
        if pages:
            doc.page_range = (min(pages), max(pages))
    return doc


def span_of(start: int, end: int) -> Span:
    return Span(start=start, end=end)
