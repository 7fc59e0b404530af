"""Extraction: files → :class:`~ofsted_mine.models.Document` records.

``read_source`` turns bytes into the layout model; ``detect`` names the
document type; one parser module per type fills the schema. Parsers are
looked up lazily by dotted name so each type is a module of its own.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Union

from ofsted_mine.errors import NoOfstedDocument, UnrecognisedDocument
from ofsted_mine.extract.detect import detect
from ofsted_mine.extract.layout import Line, SourceText
from ofsted_mine.extract.source import Backend, read_bytes, read_source
from ofsted_mine.models import Document

#: doc_type → "module:function" of its parser.
PARSERS: dict[str, str] = {
    "ilacs_report": "ofsted_mine.extract.ilacs:parse",
    "sif_report": "ofsted_mine.extract.sif:parse",
    "monitoring_visit_letter": "ofsted_mine.extract.letters:parse",
    "focused_visit_letter": "ofsted_mine.extract.letters:parse",
    "jtai_letter": "ofsted_mine.extract.letters:parse",
    "commissioner_review": "ofsted_mine.extract.review:parse",
    "council_pack": "ofsted_mine.extract.pack:parse_pack",
    "council_report": "ofsted_mine.extract.council:parse",
    "committee_minutes": "ofsted_mine.extract.council:parse",
    "agenda": "ofsted_mine.extract.council:parse",
}


def parser_for(doc_type: str) -> Callable[[SourceText], Union[Document, list[Document]]]:
    target = PARSERS.get(doc_type)
    if target is None:
        raise KeyError(doc_type)
    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)


def parse_source(
    src: SourceText, *, allow_unknown: bool = False, only_ofsted: bool = False
) -> list[Document]:
    """Detect the type of ``src`` and run its parser; a pack yields several documents.

    ``only_ofsted`` keeps Ofsted's own reports and letters (dropping a pack's
    council papers and the pack record) and raises
    :class:`~ofsted_mine.errors.NoOfstedDocument` when none is left.
    """
    docs = _parse_all(src, allow_unknown=allow_unknown)
    if only_ofsted:
        docs = [d for d in docs if d.is_ofsted]
        if not docs:
            raise NoOfstedDocument(src.path, f"no Ofsted document found in {src.path}")
    return docs


def _parse_all(src: SourceText, *, allow_unknown: bool) -> list[Document]:
    det = detect(src.text)
    if det.doc_type == "unknown" or det.doc_type not in PARSERS:
        if not allow_unknown:
            raise UnrecognisedDocument(
                src.path, "not an Ofsted report, letter, commissioner review or council paper"
            )
        from ofsted_mine.extract.base import new_document

        doc = new_document(src, "unknown", detection=det)
        doc.warnings.append("document type not recognised; no structure extracted")
        return [doc]
    result = parser_for(det.doc_type)(src)
    docs = result if isinstance(result, list) else [result]
    for doc in docs:
        if doc.detection is None:
            doc.detection = det
    return docs


def extract(
    path: Union[str, Path],
    *,
    backend: Backend = "auto",
    allow_unknown: bool = False,
    only_ofsted: bool = False,
) -> list[Document]:
    """Extract every document in the file at ``path``.

    A report or letter gives one ``Document``; a council pack gives one per
    constituent paper, embedded Ofsted documents extracted in full.
    """
    return parse_source(
        read_source(path, backend=backend), allow_unknown=allow_unknown, only_ofsted=only_ofsted
    )


def extract_text(
    text: str, source: str = "<text>", *, allow_unknown: bool = False, only_ofsted: bool = False
) -> list[Document]:
    """Extract from a string (handy in notebooks and tests)."""
    return parse_source(
        read_bytes(text.encode("utf-8"), source), allow_unknown=allow_unknown, only_ofsted=only_ofsted
    )


__all__ = [
    "extract",
    "extract_text",
    "parse_source",
    "read_source",
    "read_bytes",
    "detect",
    "SourceText",
    "Line",
    "PARSERS",
]

# `om.extract(path)` must work even once this subpackage has shadowed the function
# (``ofsted_mine`` imports it lazily, so a submodule import may come first).
from ofsted_mine._callable import make_callable  # noqa: E402

make_callable(__name__)
