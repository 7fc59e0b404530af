"""Text route: ``.txt`` and ``.md`` files (often converted from PDF).

Converted text keeps the artefacts of conversion: Markdown emphasis
(``**bold**``), autolinks (``<https://...>``), form feeds, non-breaking
spaces and soft hyphens, and paragraphs cut in two by a blank line where a
page used to break. We mend those so the structural parsers see the same
text as the PDF route.
"""

from __future__ import annotations

import re
from pathlib import Path

from ofsted_mine.errors import EmptyDocument
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.normalise import normalise_line

_MD_BOLD = re.compile(r"\*\*(.+?)\*\*")
_MD_AUTOLINK = re.compile(r"<((?:https?://|www\.|mailto:)[^<>\s]+)>")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_LIST = re.compile(r"^\s{0,3}[*+]\s+")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)\s]+\)")
_MD_EMPHASIS = re.compile(r"(?<![\w*_])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*_])")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
MARKDOWN_SUFFIXES = {".md", ".markdown"}
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


def clean_line(raw: str, markdown: bool = False) -> str:
    """One converted line without Markdown markup, normalised like the PDF route.

    Bold markers and autolinks are dropped from any text (converters leave
    them in ``.txt`` too); with ``markdown`` (a ``.md`` file) heading hashes,
    ``*``/``+`` list markers, links, emphasis and backslash escapes go too.
    """
    if "**" in raw:
        raw = _MD_BOLD.sub(r"\1", raw)
    if "<" in raw:
        raw = _MD_AUTOLINK.sub(r"\1", raw)
    if markdown:
        raw = _MD_HEADING.sub("", raw)
        raw = _MD_LIST.sub("- ", raw)
        if "](" in raw:
            raw = _MD_LINK.sub(r"\1", raw)
        if "_" in raw or "*" in raw:
            raw = _MD_EMPHASIS.sub(r"\2", raw)
        if "\\" in raw:
            raw = _MD_ESCAPE.sub(r"\1", raw)
    return normalise_line(raw)


def running_lines(lines: list[str]) -> set[str]:
    """Short lines that recur on their own between blank lines: a converted running header.

    Page furniture survives conversion to text as a line repeated at every
    former page break (``Children's Scrutiny Panel - 19 July 2019``).
    """
    counts: dict[str, int] = {}
    alone: dict[str, bool] = {}
    for i, line in enumerate(lines):
        if not line or len(line) > 80:
            continue
        counts[line] = counts.get(line, 0) + 1
        isolated = (i == 0 or not lines[i - 1]) and (i + 1 == len(lines) or not lines[i + 1])
        alone[line] = alone.get(line, True) and isolated
    return {line for line, n in counts.items() if n >= 3 and alone[line]}


def rejoin_page_breaks(lines: list[str]) -> list[str]:
    """Mend paragraphs cut in two by blank lines where a page once broke.

    The cut is recognised by its shape only: a line of prose that does not
    end a sentence, then blank lines (and perhaps a converted running
    header), then a line that starts in lower case and is not a lettered
    list item. The continuation moves up beside the first half, and the
    blank lines and header move down after it, so parsers join the halves
    like any wrapped paragraph and every other line keeps its line number.
    """
    out = list(lines)
    furniture = running_lines(out)
    n = len(out)
    for i in range(n):
        line = out[i]
        if len(line) < _MIN_PROSE or _TERMINAL.search(line) or line in furniture:
            continue
        j = i + 1
        while j < n and (not out[j] or out[j] in furniture):
            j += 1
        if j > i + 1 and j < n and out[j][:1].islower() and not _ITEM.match(out[j]):
            out[i + 1 : j + 1] = [out[j], *out[i + 1 : j]]
    return out


def read_text(data: bytes, path: str, sha256: str) -> SourceText:
    """Build a :class:`SourceText` from text bytes.

    Lines are kept as they are (a converted paragraph is usually one long
    line); markdown bold markers and autolink brackets are dropped (and, in
    a ``.md`` file, the rest of the Markdown markup), each
    line is normalised (quotes are kept, whitespace folded) the same way the
    PDF route does, and sentences cut by a former page break are rejoined.
    """
    text = decode(data, path)
    if not text.strip():
        raise EmptyDocument(path, "the file contains no text")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    markdown = Path(path).suffix.lower() in MARKDOWN_SUFFIXES
    lines = rejoin_page_breaks([clean_line(raw, markdown) for raw in text.split("\n")])
    rows = [(line, None, None, None, None) for line in lines]
    return SourceText.from_lines(path, sha256, rows, kind="text")
