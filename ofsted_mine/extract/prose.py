"""Paragraphs of running prose for letters, reviews and council papers.

Letters, commissioner reviews and officer reports print no paragraph
numbers, so their parsers think in *paragraphs*: prose, bullet items,
numbered items, headings and tables. This module turns a stretch of a
:class:`SourceText` into such :class:`Para` records once, on top of the
shared block rules in :mod:`ofsted_mine.extract.paragraphs`, and mends the
two breaks that conversion introduces:

* a paragraph cut by a page break (or by the Ofsted address block printed at
  the foot of a letter's first page) is rejoined when the first part does
  not end a sentence and the second carries on;
* on the text route, where one line is one paragraph, a run of consecutive
  lines that are not bullets is a flattened table, not prose.

Everything is structural (punctuation, case, bullets, font weight and size);
nothing names a council or a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Optional

from ofsted_mine.extract.layout import Line, SourceText
from ofsted_mine.extract.paragraphs import (
    BULLET,
    NUMBERED,
    Block,
    body_size,
    ends_sentence,
    is_bullet,
    is_small_print,
    join_lines,
    looks_like_heading,
    split_blocks,
    strip_bullet,
    word_count,
    wrap_width,
)

#: Lines of a postal/contact block (Ofsted's address at the foot of page 1,
#: a council's contact panel): postcodes, phone numbers, e-mail and web.
_CONTACT = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"  # UK postcode
    r"|^(T|Tel|Telephone|Textphone|F|Fax|E|Email|W|Web)\b[:.]?\s*[\d+w(]"
    r"|@[\w.-]+\.(gov|org|co|ac|nhs)\.uk|\bwww\.[\w.-]+|^Ofsted$",
    re.I,
)
_NUMBERED_ITEM = re.compile(r"^\s*(?:\(?(\d{1,2})[.)]|\((\d{1,2})\))\s+(?=\S)")


@dataclass
class Para:
    """One paragraph, list item, heading or table of a document.

    ``first``/``last`` are line indices into the source; ``start``/``end``
    character offsets into the source text (``text[start:end]`` is the raw
    region). ``kind`` is ``prose``, ``bullet``, ``numbered``, ``heading``
    or ``table``.
    """

    text: str
    start: int
    end: int
    first: int
    last: int
    page: Optional[int]
    kind: str
    bold: bool = False
    number: Optional[int] = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def words(self) -> int:
        return word_count(self.text)


def is_contact_block(lines: Iterable[Line]) -> bool:
    """A block of short address/contact lines (mostly postcodes, phones, web)."""
    texts = [ln.text.strip() for ln in lines if not ln.blank]
    if not texts or any(len(t) > 90 for t in texts):
        return False
    hits = sum(1 for t in texts if _CONTACT.search(t))
    return hits >= max(1, (len(texts) + 1) // 2)


def is_contact_block_text(text: str) -> bool:
    """A single line of postal/contact detail (postcode, phone, e-mail, web)."""
    return len(text) <= 90 and bool(_CONTACT.search(text.strip()))


def numbered_item(text: str) -> Optional[tuple[int, str]]:
    """``(n, rest)`` for "3. Text", "3) Text" or "(3) Text" (after any bullet glyph)."""
    body = strip_bullet(text) if is_bullet(text) else text
    m = _NUMBERED_ITEM.match(body)
    if not m:
        return None
    return int(m.group(1) or m.group(2)), body[m.end() :].strip()


def _para(src: SourceText, lines: list[Line], first: int, last: int, kind: str) -> Para:
    text = (
        join_lines(ln.text for ln in lines)
        if kind != "table"
        else "\n".join(ln.text for ln in lines)
    )
    return Para(
        text=text,
        start=lines[0].start,
        end=lines[-1].end,
        first=first,
        last=last,
        page=lines[0].page if lines[0].page is not None else src.page_at(lines[0].start),
        kind=kind,
        bold=all(bool(ln.bold) for ln in lines),
    )


def _item_kind(text: str) -> Optional[str]:
    if NUMBERED.match(text) or _NUMBERED_ITEM.match(text):
        return "numbered"
    if BULLET.match(text):
        return "bullet"
    return None


_LETTER_LINE = re.compile(r"^\s*(Dear\s+\S|Yours\s+(sincerely|faithfully)\b)")


def _split_pdf_block(block: Block) -> list[Block]:
    """Cut a PDF block where the gap-based paragraph breaks were missed.

    A salutation or sign-off line stands alone, and a change between bold and
    regular lines separates a heading from its text.
    """
    lines = block.lines
    if len(lines) < 2:
        return [block]
    cuts = [0]
    for k in range(1, len(lines)):
        prev, cur = lines[k - 1], lines[k]
        if _LETTER_LINE.match(cur.text) or _LETTER_LINE.match(prev.text):
            cuts.append(k)
        elif bool(prev.bold) != bool(cur.bold):
            # only a short, unpunctuated bold run is a heading to cut off
            j = k if cur.bold else k - 1
            run = [j]
            step = 1 if cur.bold else -1
            while 0 <= run[-1] + step < len(lines) and lines[run[-1] + step].bold:
                run.append(run[-1] + step)
            text = " ".join(lines[i].text for i in sorted(run))
            if len(run) <= 2 and word_count(text) <= 14 and not text.rstrip().endswith("."):
                cuts.append(k)
    if len(cuts) == 1:
        return [block]
    out = []
    for a, b in zip(cuts, [*cuts[1:], len(lines)], strict=True):
        out.append(Block(lines[a:b], block.first + a, block.first + b - 1))
    return out


def _text_route_paras(src: SourceText, blocks: list[Block], headings: set[str]) -> list[Para]:
    """Text route: one line per paragraph; consecutive lines form lists or tables."""
    wrap = wrap_width(src.lines)
    runs: list[list[Block]] = []
    for b in blocks:
        if runs and b.first == runs[-1][-1].last + 1:
            runs[-1].append(b)
        else:
            runs.append([b])
    out: list[Para] = []
    for run in runs:
        if len(run) == 1:
            b = run[0]
            kind = _item_kind(b.raw) or "prose"
            out.append(_para(src, b.lines, b.first, b.last, kind))
            continue
        kinds = [_item_kind(b.raw) for b in run]
        if kinds[0] is not None and sum(k is not None for k in kinds) * 2 >= len(kinds):
            # a list: each item swallows the unmarked lines that follow it
            items: list[list[Block]] = []
            for b, k in zip(run, kinds, strict=True):
                if k is not None or not items:
                    items.append([b])
                else:
                    items[-1].append(b)
            for item in items:
                lines = [ln for b in item for ln in b.lines]
                kind = _item_kind(item[0].raw) or "prose"
                out.append(_para(src, lines, item[0].first, item[-1].last, kind))
        else:
            segments = _prose_segments(run, wrap)
            if segments is not None:
                for seg in segments:
                    lines = [ln for b in seg for ln in b.lines]
                    out.append(_para(src, lines, seg[0].first, seg[-1].last, "prose"))
            elif _prose_lines(run) >= 2:
                out.extend(_mixed_run(src, run, wrap))
            else:
                lines = [ln for b in run for ln in b.lines]
                out.append(_para(src, lines, run[0].first, run[-1].last, "table"))
    return out


def _prose_lines(run: list[Block]) -> int:
    """Lines that read as whole paragraphs: with two of them, a run without blank
    lines is text set without paragraph spacing, not a table."""
    return sum(word_count(b.raw) >= 8 and ends_sentence(b.raw) for b in run)


def _continues_text(seg: list[Block], b: Block, wrap: Optional[float]) -> bool:
    prev = join_lines(ln.text for x in seg for ln in x.lines)
    full = wrap is not None and len(seg[-1].raw) >= 0.75 * wrap
    return full or (not ends_sentence(prev) and (b.raw[:1].islower() or _dangling(prev)))


def _mixed_run(src: SourceText, run: list[Block], wrap: Optional[float]) -> list[Para]:
    """A long run of lines with no blank lines between paragraphs (text pasted or
    saved without paragraph spacing): prose paragraphs, list items and the
    salutation and sign-off each become a paragraph; stretches of short lines
    (an address, a signature) stay together as a table, a lone short line is
    left for the heading test."""
    out: list[Para] = []
    short: list[Block] = []

    def flush() -> None:
        if not short:
            return
        if len(short) == 1 or any(ends_sentence(b.raw) for b in short):
            # a short sentence ("The oversight of managers.") and a heading: each its own
            for b in short:
                out.append(_para(src, b.lines, b.first, b.last, "prose"))
        else:  # an address or a signature
            lines = [ln for b in short for ln in b.lines]
            out.append(_para(src, lines, short[0].first, short[-1].last, "table"))
        short.clear()

    i = 0
    while i < len(run):
        b = run[i]
        kind = _item_kind(b.raw)
        if _LETTER_LINE.match(b.raw) or kind is not None:
            flush()
            out.append(_para(src, b.lines, b.first, b.last, kind or "prose"))
            i += 1
            continue
        seg = [b]
        j = i + 1
        while j < len(run) and _item_kind(run[j].raw) is None and _continues_text(seg, run[j], wrap):
            seg.append(run[j])
            j += 1
        text = join_lines(ln.text for x in seg for ln in x.lines)
        if word_count(text) >= 8 and ends_sentence(text):
            flush()
            lines = [ln for x in seg for ln in x.lines]
            out.append(_para(src, lines, seg[0].first, seg[-1].last, "prose"))
            i = j
            continue
        short.append(b)
        i += 1
    flush()
    return out


def _prose_segments(run: list[Block], wrap: Optional[float] = None) -> Optional[list[list[Block]]]:
    """Split a run of consecutive text lines into prose paragraphs, or ``None`` for a table.

    A line carries on the previous one when that did not end a sentence and
    this one starts in lower case or the previous ended on a dangling word.
    The run is prose only if every resulting paragraph reads like one (a
    long line ending in sentence punctuation).
    """
    segs: list[list[Block]] = []
    for b in run:
        if segs:
            prev = join_lines(ln.text for x in segs[-1] for ln in x.lines)
            # hard-wrapped text (converted from PDF): a line filling the width runs on
            # into the next even when a sentence ends there or the next line starts
            # with a capital ("... were Vicky" / "Metheringham"); paragraphs there
            # are parted by blank lines
            full = wrap is not None and len(segs[-1][-1].raw) >= 0.75 * wrap
            if full or (not ends_sentence(prev) and (b.raw[:1].islower() or _dangling(prev))):
                segs[-1].append(b)
                continue
        segs.append([b])
    for seg in segs:
        text = join_lines(ln.text for x in seg for ln in x.lines)
        if word_count(text) < 8 or not ends_sentence(text):
            return None
    return segs


def norm_heading(text: str) -> str:
    """Heading text folded for comparison (case, quotes, spaces, trailing page numbers)."""
    t = text.replace("’", "'").lower()
    t = re.sub(r"[\s.]*\d{1,3}$", "", t)
    return " ".join(t.split())


def paragraphs(
    src: SourceText,
    first: int = 0,
    last: Optional[int] = None,
    *,
    headings: Iterable[str] = (),
    drop_contact_blocks: bool = False,
    max_heading_words: int = 14,
) -> list[Para]:
    """Paragraphs of ``src.lines[first:last]`` with page-break splits mended.

    ``headings`` (e.g. from a contents list) are always headings, whatever
    their length. With ``drop_contact_blocks`` address/contact blocks and,
    on PDFs, small-print blocks are left out (a letter's Ofsted address).
    """
    known = {norm_heading(h) for h in headings}
    body = body_size(src.lines[first:last])
    blocks = split_blocks(src.lines, first, last)
    if drop_contact_blocks:
        blocks = [
            b
            for b in blocks
            if not is_contact_block(b.lines) and not all(is_small_print(ln, body) for ln in b.lines)
        ]
    if src.kind == "text":
        paras = _text_route_paras(src, blocks, known)
    else:
        paras = []
        for b in (piece for blk in blocks for piece in _split_pdf_block(blk)):
            lines = [ln for ln in b.lines if not is_small_print(ln, body)] or b.lines
            kind = _item_kind(b.raw) or "prose"
            p = _para(src, lines, b.first, b.last, kind)
            p.extra["block"] = b
            paras.append(p)
    for p in paras:
        if p.kind == "prose" and _is_heading(p, src, body, known, max_heading_words):
            p.kind = "heading"
    return _rejoin(paras)


#: "March 2016: retirement of ..." - a labelled line (timeline entry, field), not a heading
_LABELLED = re.compile(r":\s+[a-z]|\s[→–-]>?\s.*\s[→]\s")


def _is_heading(
    p: Para, src: SourceText, body: Optional[float], known: set[str], max_words: int
) -> bool:
    if norm_heading(p.text) in known:
        return True
    if p.words > max_words or _LABELLED.search(p.text):
        return False
    block = p.extra.get("block")
    if isinstance(block, Block):
        return looks_like_heading(block, body)
    text = p.text
    return (
        bool(text)
        and not text.endswith((".", ",", ";", ":"))
        and (text[0].isupper() or text[0].isdigit())
    )


def _rejoin(paras: list[Para]) -> list[Para]:
    """Join a paragraph split by a page break back together."""
    out: list[Para] = []
    for p in paras:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind in ("prose", "bullet", "numbered")
            and p.kind == "prose"
            and not ends_sentence(prev.text)
            and p.text
            and (p.text[0].islower() or (_dangling(prev.text) and not _starts_like_new(p.text)))
        ):
            prev.text = f"{prev.text} {p.text}"
            prev.end = p.end
            prev.last = p.last
            prev.extra["joined"] = True
            continue
        out.append(p)
    return out


def _dangling(text: str) -> bool:
    """Ends on a word that cannot end a sentence: a comma, a hyphen or a function word.

    Only then may a paragraph carry on into one that starts with a capital
    (a page break inside "... In" / "November 2015, ..."); an unpunctuated
    ending on an ordinary word is often just a paragraph missing its full stop.
    """
    last = text.rstrip().split()[-1] if text.strip() else ""
    return bool(last) and (last.endswith((",", "-")) or last.lower() in _FUNCTION_WORDS)


_FUNCTION_WORDS = {
    *("the", "a", "an", "of", "and", "or", "to", "in", "on", "at", "for", "by", "with", "from"),
    *("that", "which", "is", "are", "was", "were", "their", "its", "his", "her", "as", "than"),
}


def _starts_like_new(text: str) -> bool:
    """Starts like a fresh sentence-paragraph after an unfinished line (a caption, a label)."""
    return bool(
        re.match(
            r"^(The|This|These|There|In|A|An|It|We|I|Our|However|When|Where|Most|Some|Dear|Yours)\b",
            text,
        )
    )


def strip_item(text: str) -> str:
    """Item text without bullet glyph or number."""
    ni = numbered_item(text)
    if ni:
        return ni[1]
    return strip_bullet(text) if is_bullet(text) else text.strip()


_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z‘“\"'(])")


def sentences(text: str) -> list[str]:
    """Rough sentence split (good enough for finding cue sentences)."""
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


__all__ = [
    "Para",
    "paragraphs",
    "is_contact_block",
    "is_contact_block_text",
    "numbered_item",
    "norm_heading",
    "strip_item",
    "sentences",
]
