"""Text route: ``.txt`` and ``.md`` files (often converted from PDF).

Converted text keeps the artefacts of conversion: Markdown emphasis
(``**bold**``), form feeds, non-breaking spaces and soft hyphens. We mend
those so the structural parsers see the same text as the PDF route.
"""

from __future__ import annotations

import re

from ofsted_mine.errors import EmptyDocument
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.normalise import normalise_line

_MD_BOLD = re.compile(r"\*\*(.+?)\*\*")


def decode(data: bytes, path: str) -> str:
    """Decode bytes as UTF-8 (with BOM), falling back to cp1252 for old exports."""
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_text(data: bytes, path: str, sha256: str) -> SourceText:
    """Build a :class:`SourceText` from text bytes.

    Lines are kept as they are (a converted paragraph is usually one long
    line); markdown bold markers are dropped and each line is normalised
    (quotes are kept, whitespace folded) the same way the PDF route does.
    """
    text = decode(data, path)
    if not text.strip():
        raise EmptyDocument(path, "the file contains no text")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    rows = []
    for raw in text.split("\n"):
        line = normalise_line(_MD_BOLD.sub(r"\1", raw))
        rows.append((line, None, None, None, None))
    return SourceText.from_lines(path, sha256, rows, kind="text")
