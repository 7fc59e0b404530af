"""ILACS inspection reports (January 2018 on): standard and short inspections.

Layout (see the shared layouts spec): a title naming the authority, the
inspection dates and lead inspector, a ``Judgement | Grade`` table (three
judgements plus overall effectiveness until 2022, with children in care and
care leavers graded together; five rows from 2023), unnumbered summary
paragraphs, "What needs to improve" bullets, then one section per judgement
area headed "<area>: <grade>" (or "<area> <grade>" in early years) holding
numbered paragraphs 1..N, and closing boilerplate.

The body walk is shared with the SIF parser (:mod:`report`); this module
reads the title and the table, and reconciles the table with the grades
printed in the section headings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Optional

from ofsted_mine.extract.base import new_document
from ofsted_mine.extract.judgements import GRADE_WORDS, make_judgement, table_rows
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.paragraphs import Block, ends_sentence, numbered, word_count
from ofsted_mine.extract.report import _REC_HEADING, BodyWalker, check_sequence, prepare
from ofsted_mine.extract.report_meta import authority_name, read_meta
from ofsted_mine.models import Document, Judgement

_TITLE_LA = re.compile(
    r"^Inspection of (?P<la>.+?) (?:local authority )?children.s (?:social care )?services$", re.I
)
_TITLE_PLAIN = re.compile(
    r"^(?:Inspection of (?:local authority )?children.s (?:social care )?services"
    r"|Inspection of local authority children.s services)$",
    re.I,
)
_TABLE_HEAD = re.compile(r"^judgements?\s*(?:\|\s*)?grades?$", re.I)
_TABLE_HEAD_1 = re.compile(r"^judgements?$", re.I)
_HEAD_SCAN = 40
_TO_BE_GOOD = re.compile(r"^to\s+be\s+good\.?$", re.I)


def _flat(block: Block) -> str:
    return " ".join(block.raw.split())


def _title_candidates(blocks: list[Block]) -> Iterator[tuple[int, str, Optional[str]]]:
    """``(block index, text, text before the title in the same block)`` to try as titles.

    A title wraps ("Inspection of Barnsley local authority" / "children's
    services"): on the text route each line is a block, so up to three short
    consecutive blocks are also tried joined. In a PDF the council's name can
    sit in the same block just above a plain title, so a block's last lines
    are tried on their own too.
    """
    head = blocks[:_HEAD_SCAN]
    for i, block in enumerate(head):
        joined = _flat(block)
        yield i, joined, None
        if not joined.lower().startswith("inspection") and "nspection of" not in joined:
            continue  # neither a title nor a title's first part, nor a block holding one
        lines = [" ".join(ln.text.split()) for ln in block.lines]
        for k in range(1, len(lines)):
            yield i, " ".join(lines[k:]), " ".join(lines[:k])
        for j in range(i + 1, min(i + 3, len(head))):
            if word_count(joined) > 14:
                break
            joined += " " + _flat(head[j])
            yield j, joined, None


def read_title(blocks: list[Block]) -> tuple[Optional[str], Optional[str]]:
    """``(title, local authority)`` from the title block(s) of an ILACS report.

    "Inspection of <LA> local authority children's services" names the
    authority; the 2018 variant "Inspection of children's social care
    services" is preceded by the council's name ("<X> City Council",
    "London Borough of <X>"), normalised by :func:`authority_name`.
    """
    for i, text, before in _title_candidates(blocks):
        m = None if _TITLE_PLAIN.match(text) else _TITLE_LA.match(text)
        if m:
            return text, authority_name(m.group("la"))
        if _TITLE_PLAIN.match(text):
            la = authority_name(before) if before else None
            for prev in reversed(blocks[:i] if la is None else []):
                ptext = _flat(prev)
                if ptext and not ptext.lower().startswith("this page"):
                    la = authority_name(ptext)
                    break
            return text, la
    return (_flat(blocks[0]) if blocks else None), None


def _table_start(blocks: list[Block]) -> Optional[tuple[int, int]]:
    """``(block, line)`` where the judgement table's rows begin, or ``None``.

    The ``Judgement | Grade`` head may be a block of its own, split over two
    blocks ("Judgement" / "Grade"), or the first line(s) of a block that runs
    straight on into the rows (a table set without gaps between its rows).
    """
    for i, block in enumerate(blocks[:_HEAD_SCAN]):
        text = _flat(block)
        if _TABLE_HEAD.match(text):
            return i + 1, 0
        if (
            _TABLE_HEAD_1.match(text)
            and i + 1 < len(blocks)
            and _flat(blocks[i + 1]).lower() == "grade"
        ):
            return i + 2, 0
        lines = [" ".join(ln.text.split()) for ln in block.lines]
        if len(lines) > 1 and _TABLE_HEAD.match(lines[0]):
            return i, 1
        if len(lines) > 2 and _TABLE_HEAD_1.match(lines[0]) and lines[1].lower() == "grade":
            return i, 2
    return None


def _is_prose(text: str) -> bool:
    words = word_count(text)
    return words > 25 or (ends_sentence(text) and words > 12)


def read_table(blocks: list[Block], start: int, skip: int = 0) -> tuple[list[Judgement], int]:
    """Judgements of the table whose rows begin at block ``start`` (after its first
    ``skip`` lines, the table head); also the index of the block after it.

    Read line by line, so a table that ingestion ran straight into the summary
    (no gap) still stops at its last row: the overall effectiveness row
    (with a wrapped "to be good"), or the first prose, heading or numbered line.
    """
    lines: list[str] = []
    page = blocks[start].page if start < len(blocks) else None
    i = start
    done = False  # the overall effectiveness row has been read (only a grade can end it)
    while i < len(blocks):
        stop = False
        for ln in blocks[i].lines[skip if i == start else 0 :]:
            text = " ".join(ln.text.split())
            if _REC_HEADING.match(text) or numbered(text) or _is_prose(text):
                stop = True
                break
            if done and not _TO_BE_GOOD.match(text):
                stop = True
                break
            lines.append(text)
            if not done and _ANY_GRADE.search(text):
                done = _is_overall_done(lines)
        if stop:
            break  # the walk starts at this block (prose in it is not content)
        i += 1
        if done:
            if i < len(blocks) and _TO_BE_GOOD.match(blocks[i].raw.strip()):
                lines.append(blocks[i].raw.strip())
                i += 1
            break
    judgements: list[Judgement] = []
    for ag in table_rows(" ".join(_untangle(lines))):
        j = make_judgement(ag, page)
        if j is not None and not any(k.area == j.area for k in judgements):
            judgements.append(j)
    return judgements, i


_ANY_GRADE = re.compile(rf"\b(?:{GRADE_WORDS})\b", re.I)
_GRADE_END = re.compile(rf"^(?P<area>.*\S)\s+(?P<grade>(?:{GRADE_WORDS}))$", re.I)
_AREA_DANGLES = re.compile(r"\b(?:and|of|the|for|with|who|in|on|need)$", re.I)
_AREA_REST = re.compile(r"^(?P<rest>[a-z][a-z ]*?)(?P<tail>\s+to\s+be\s+good)?$")


def _untangle(lines: list[str]) -> list[str]:
    """Rows whose grade cell was read into the middle of a wrapped area name.

    A text layer can give "... who need help and Requires improvement" /
    "protection to be good": the grade sits on the area's first line and the
    area's last word on the next. When the area part dangles (ends on "and",
    "of", ...) and the next line starts in lower case, its words go back
    before the grade.
    """
    out = list(lines)
    for k in range(len(out) - 1):
        m = _GRADE_END.match(out[k])
        nxt = _AREA_REST.match(out[k + 1])
        if m and nxt and _AREA_DANGLES.search(m.group("area")):
            out[k] = f"{m.group('area')} {nxt.group('rest')} {m.group('grade')}"
            out[k + 1] = (nxt.group("tail") or "").strip()
    return [ln for ln in out if ln]


def _is_overall_done(lines: list[str]) -> bool:
    found = table_rows(" ".join(lines))
    return bool(found) and found[-1].area == "overall_effectiveness"


def reconcile(
    table: list[Judgement], headed: list[Judgement], warnings: list[str]
) -> list[Judgement]:
    """The table's judgements, completed from section headings, with disagreements noted."""
    out = list(table)
    have = {j.area for j in table}
    for j in headed:
        got = next((t for t in table if t.area == j.area), None)
        if got is None:
            if j.area not in have:
                out.append(j)
                have.add(j.area)
        elif got.grade != j.grade:
            warnings.append(
                f"table grades {j.area} {got.grade} but its section heading says {j.grade}"
            )
    return out


def parse(src: SourceText) -> Document:
    """Parse an ILACS inspection report into a :class:`Document`."""
    blocks, body = prepare(src)
    title, la = read_title(blocks)
    meta = read_meta(blocks, _HEAD_SCAN)
    warnings: list[str] = []
    start = _table_start(blocks)
    table: list[Judgement] = []
    body_from = 0
    if start is None:
        warnings.append("no judgement table found; judgements taken from section headings")
    else:
        table, body_from = read_table(blocks, *start)
        if not table:
            warnings.append("judgement table found but no rows could be read")
    walker = BodyWalker(src, blocks, body, running=False)
    walk = walker.run(body_from)
    judgements = reconcile(table, walk.judgements, warnings)
    if not any(j.area == "overall_effectiveness" for j in judgements):
        warnings.append("no overall effectiveness judgement found")
    if not walk.findings:
        warnings.append("no numbered findings found")
    if not walk.recommendations:
        warnings.append("no 'what needs to improve' items found")
    if meta.start is None:
        warnings.append("inspection dates not found")
    if meta.lead_inspector is None:
        warnings.append("lead inspector not found")
    warnings += walk.warnings + check_sequence(walk.findings, walk.recommendations, running=False)
    doc = new_document(
        src,
        "ilacs_report",
        title=title,
        local_authority=la,
        framework="ILACS",
        inspection_start=meta.start,
        inspection_end=meta.end,
        published=meta.published,
        lead_inspector=meta.lead_inspector,
        judgements=judgements,
        recommendations=walk.recommendations,
        findings=walk.findings,
        sections=walk.sections,
    )
    doc.warnings.extend(warnings)
    return doc


__all__ = ["parse", "read_title", "read_table", "reconcile"]
