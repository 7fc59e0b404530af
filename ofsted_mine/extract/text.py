"""Text route: ``.txt`` and ``.md`` files (often converted from PDF).

Converted text keeps the artefacts of conversion: Markdown emphasis
(``**bold**``), autolinks (``<https://...>``), form feeds, non-breaking
spaces and soft hyphens, and paragraphs cut in two by a blank line where a
page used to break. We mend those so the structural parsers see the same
text as the PDF route.
"""

from __future__ import annotations

import re

from ofsted_mine.errors import EmptyDocument
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.normalise import normalise_line

_MD_BOLD = re.compile(r"\*\*(.+?)\*\*")
_MD_AUTOLINK = re.compile(r"<((?:https?://|www\.|mailto:)[^<>\s]+)>")
#: A line that stops mid-sentence: no closing punctuation at its end.
_TERMINAL = re.compile(r"[.:;?!][\"'”’)\]]*$")
#: A line that opens a list item or lettered point, never a continuation.
_ITEM = re.compile(r"^(\(?[a-z]{1,4}\)|[a-z]\.)\s")
#: Shorter lines are headings, names or table cells, not wrapped prose.
_MIN_PROSE = 40


def decode(data: bytes, path: str) -> str:
    """Decode bytes as UTF-8 (with BOM) or UTF-16 (with BOM), else cp1252 for old exports."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def clean_line(raw: str) -> str:
    """One converted line without Markdown markup, normalised like the PDF route."""
    if "**" in raw:
        raw = _MD_BOLD.sub(r"\1", raw)
    if "<" in raw:
        raw = _MD_AUTOLINK.sub(r"\1", raw)
    return normalise_line(raw)


def rejoin_page_breaks(lines: list[str]) -> list[str]:
    """Mend paragraphs cut in two by blank lines where a page once broke.

    The cut is recognised by its shape only: a line of prose that does not
    end a sentence, then blank lines, then a line that starts in lower case
    (and is not a lettered list item). The blank lines move to after the
    second half, so the halves are adjacent (parsers join them like any
    wrapped paragraph) and every other line keeps its line number.
    """
    out = list(lines)
    i = 0
    n = len(out)
    while i < n:
        line = out[i]
        if len(line) < _MIN_PROSE or _TERMINAL.search(line):
            i += 1
            continue
        j = i + 1
        while j < n and not out[j]:
            j += 1
        if j > i + 1 and j < n and out[j][:1].islower() and not _ITEM.match(out[j]):
            blanks = j - i - 1
            out[i + 1 : j + 1] = [out[j]] + [""] * blanks
            i += 1  # the continuation may itself be cut at the next page break
            continue
        i += 1
    return out


def read_text(data: bytes, path: str, sha256: str) -> SourceText:
    """Build a :class:`SourceText` from text bytes.

    Lines are kept as they are (a converted paragraph is usually one long
    line); markdown bold markers and autolink brackets are dropped, each
    line is normalised (quotes are kept, whitespace folded) the same way the
    PDF route does, and sentences cut by a former page break are rejoined.
    """
    text = decode(data, path)
    if not text.strip():
        raise EmptyDocument(path, "the file contains no text")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = rejoin_page_breaks([clean_line(raw) for raw in text.split("\n")])
    rows = [(line, None, None, None, None) for line in lines]
    return SourceText.from_lines(path, sha256, rows, kind="text")
