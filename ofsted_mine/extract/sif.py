"""SIF inspection reports (November 2013 to 2017) and the older framework before them.

A SIF report opens with the authority's name, the title ("Inspection of
services for children in need of help and protection, children looked
after and care leavers", "Re-inspection of ..."), usually "and Review of the
effectiveness of the Local Safeguarding Children Board", the inspection
dates and publication date, then the overall judgement ("Children's
services in X are inadequate" / "The overall judgement is ...") and a
numbered list of judgements with the adoption and care-leaver
sub-judgements ("2.1", "2.2"). The LSCB's grade heads its own part.

Recommendations and findings share ONE running number sequence (the
earliest reports also number their summary, strengths and progress
paragraphs in it): the shared walker in :mod:`report` keeps the two apart
by the heading each number sits under ("Recommendations", "What does the
local authority need to improve?", "Areas for improvement" ...).

Reports of the framework before SIF ("Inspection of looked after children
services", to 2013) have the same bones (numbered paragraphs throughout,
"Grade N (Adequate)" under each judgement heading) and are parsed here with
``framework="pre_SIF"``; their "adequate" grade is read as
``requires_improvement`` (the grade that replaced it) and a warning says so.
"""

from __future__ import annotations

import re
from typing import Optional

from ofsted_mine.codebook import normalise_area
from ofsted_mine.extract.base import new_document
from ofsted_mine.extract.judgements import (
    _AREA_HEAD,
    GRADE_WORDS,
    AreaGrade,
    grade_of,
    make_judgement,
)
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.paragraphs import Block, is_small_print, word_count
from ofsted_mine.extract.report import BodyWalker, check_sequence, prepare
from ofsted_mine.extract.report_meta import authority_name, inspector_name, read_meta
from ofsted_mine.models import Document, Judgement

_SIF_TITLE = re.compile(
    r"^(?:re-?\s?)?inspection\s+of\s+services\s+for\s+children\s+in\s+need", re.I
)
_PRE_SIF_TITLE = re.compile(
    r"^inspection\s+of\s+(?:safeguarding\s+and\s+)?looked\s+after\s+children\s+services", re.I
)
# Where the front page ends: the first of these headings.
_FRONT_END = re.compile(
    r"^(?:contents|executive\s+summary|(?:section\s+\d+\s*:\s*)?the\s+local\s+authority"
    r"|summary\s+of\s+(?:key\s+)?findings|about\s+this\s+inspection"
    r"|what\s+does\s+(?:the\s+)?.{0,40}?need\s+to\s+improve\??|summary\s+for\s+children\s+and\s+young\s+people"
    r"|information\s+about\s+this\s+local\s+authority\s+area)\s*\d*$",
    re.I,
)
_OVERALL = re.compile(
    rf"(?:overall\s+judgement\s+is(?:\s+that)?(?:\s+children.s\s+services)?(?:\s+are)?"
    rf"|children.s\s+services\s+in\s+.{{1,60}}?(?:\s+are)?)\s+(?P<grade>{GRADE_WORDS})\b",
    re.I,
)
_ROW = re.compile(
    rf"(?P<area>(?:\d(?:\.\d)?\.?\s+)?[A-Za-z][^.:]*?)\s+(?P<grade>{GRADE_WORDS})\b",
    re.I,
)
_ROW_NUMBER = re.compile(r"^\d(?:\.\d)?\.?\s+")
_TRAILING_VERB = re.compile(r"\s+(?:is|are)$", re.I)
_LEAD_LINE = re.compile(r"^lead\s+inspector\s*:?\s*(?P<name>.+)$", re.I)
_DEPUTY_LINE = re.compile(r"^deputy\s+lead\s+inspector\s*:?\s*(?P<name>.+)$", re.I)
_HEAD_SCAN = 40
_LABEL = re.compile(
    r"^(?:inspection\s+dates?|report\s+published|children.s\s+services|the\s+overall)", re.I
)
_TITLE_MORE = re.compile(r"^(?:and\b|review\s+of\s+the\s+effectiveness)", re.I)
_FOOTNOTE_MARK = re.compile(r"(?<=[a-z])\d{1,2}$")  # "Board1": a footnote marker
_ADEQUATE = re.compile(r"(?<!in)adequate", re.I)


def _flat(block: Block) -> str:
    return " ".join(block.raw.replace("’", "'").split())


def read_title(blocks: list[Block]) -> tuple[Optional[str], Optional[str], int, bool]:
    """``(title, local authority, index of the title block, is pre-SIF)``."""
    for i, block in enumerate(blocks[:_HEAD_SCAN]):
        text = " ".join(block.raw.split())
        used = 1
        # a title hard-wrapped over lines: join the next short blocks
        while not (_SIF_TITLE.match(text) or _PRE_SIF_TITLE.match(text)) and used < 3:
            if i + used >= len(blocks) or word_count(text) > 20:
                break
            if not text.lower().startswith(("inspection", "re-")):
                break
            text = text + " " + " ".join(blocks[i + used].raw.split())
            used += 1
        if _SIF_TITLE.match(text):
            # "and" / "Review of the effectiveness of the Local Safeguarding Children Board",
            # possibly wrapped: take lines until the first label ("Inspection date: ...")
            for nxt in blocks[i + used : i + used + 5]:
                ntext = " ".join(nxt.raw.split())
                if _LABEL.match(ntext) or word_count(ntext) > 14 or ntext.endswith("."):
                    break
                ended = re.search(r"(?:care\s+leavers|board\d*)$", text, re.I)
                if ended and not _TITLE_MORE.match(ntext):
                    break
                text = f"{text} {ntext}"
                if re.search(r"board\d*$", text, re.I):
                    break
            text = _FOOTNOTE_MARK.sub("", text)
            la = None
            for prev in reversed(blocks[:i]):
                if prev.raw.strip():
                    la = authority_name(prev.raw)
                    break
            return text, la, i, False
        if _PRE_SIF_TITLE.match(text):
            # the authority's name follows the (possibly wrapped) title
            la = authority_name(blocks[i + used].raw) if i + used < len(blocks) else None
            return text, la, i, True
    return (" ".join(blocks[0].raw.split()) if blocks else None), None, 0, False


def _front_end(blocks: list[Block], start: int) -> int:
    """Index of the first block after the front page's judgement list."""
    first_page = blocks[start].page if start < len(blocks) else None
    for i in range(start + 1, min(len(blocks), start + 80)):
        b = blocks[i]
        if first_page is not None and b.page is not None and b.page > first_page:
            return i
        if _FRONT_END.match(_flat(b)):
            return i
    return min(len(blocks), start + 1)


def front_judgements(blocks: list[Block], body: Optional[float]) -> list[Judgement]:
    """Overall judgement and the numbered judgement list of the front page."""
    text = " ".join(_flat(b) for b in blocks if not all(is_small_print(ln, body) for ln in b.lines))
    page = blocks[0].page if blocks else None
    out: list[Judgement] = []
    m = _OVERALL.search(text)
    if m:
        out.append(
            Judgement(
                area="overall_effectiveness",
                grade=grade_of(m.group("grade")) or "",
                area_text=_TRAILING_VERB.sub("", text[m.start() : m.start("grade")].strip()),
                grade_text=m.group("grade"),
                page=page,
            )
        )
    for r in _ROW.finditer(text):
        if m and r.start() < m.end():
            continue
        area_text = _TRAILING_VERB.sub("", _ROW_NUMBER.sub("", r.group("area").strip()))
        am = _AREA_HEAD.match(area_text)
        if not am:
            continue
        area = normalise_area(am.group("area"))
        if area is None or any(j.area == area for j in out):
            continue
        j = make_judgement(
            AreaGrade(area, area_text, grade_of(r.group("grade")), r.group("grade")), page
        )
        if j is not None:
            out.append(j)
    return [j for j in out if j.grade]


def _inspectors(src: SourceText) -> tuple[Optional[str], list[str]]:
    lead = None
    names: list[str] = []
    for ln in src.lines:
        m = _LEAD_LINE.match(ln.text.strip())
        if m and lead is None:
            lead = inspector_name(m.group("name"))
            if lead:
                names.append(lead)
            continue
        m = _DEPUTY_LINE.match(ln.text.strip())
        if m:
            name = inspector_name(m.group("name"))
            if name and name not in names:
                names.append(name)
    return lead, names


def parse(src: SourceText) -> Document:
    """Parse a SIF (or pre-SIF) inspection report into a :class:`Document`."""
    blocks, body = prepare(src)
    title, la, title_at, pre_sif = read_title(blocks)
    meta = read_meta(blocks, _HEAD_SCAN)
    warnings: list[str] = []
    lead, inspectors = _inspectors(src)
    front_from = title_at + 1
    body_from = _front_end(blocks, front_from)
    front = front_judgements(blocks[front_from:body_from], body) if not pre_sif else []
    walker = BodyWalker(src, blocks, body, running=True)
    walk = walker.run(body_from)
    judgements = list(front)
    for j in walk.judgements:
        got = next((f for f in judgements if f.area == j.area), None)
        if got is None:
            judgements.append(j)
        elif got.grade != j.grade:
            warnings.append(
                f"front page grades {j.area} {got.grade} but its section heading says {j.grade}"
            )
    if pre_sif and any(_ADEQUATE.search(j.grade_text) for j in judgements):
        warnings.append(
            "pre-SIF grade 'adequate' recorded as requires_improvement (the grade that replaced it)"
        )
    if not pre_sif:
        for area in (
            "overall_effectiveness",
            "help_and_protection",
            "children_in_care",
            "leadership",
        ):
            if not any(j.area == area for j in judgements):
                warnings.append(f"no {area} judgement found")
    # the walker leaves out pre-SIF paragraphs about the inspection itself (framework text)
    if not walk.findings:
        warnings.append("no numbered findings found")
    if meta.start is None:
        warnings.append("inspection dates not found")
    warnings += walk.warnings + check_sequence(walk.findings, walk.recommendations, running=True)
    doc = new_document(
        src,
        "sif_report",
        title=title,
        local_authority=la,
        framework="pre_SIF" if pre_sif else "SIF",
        inspection_start=meta.start,
        inspection_end=meta.end,
        published=meta.published,
        lead_inspector=lead or meta.lead_inspector,
        inspectors=inspectors,
        judgements=judgements,
        recommendations=walk.recommendations,
        findings=walk.findings,
        sections=walk.sections,
    )
    doc.warnings.extend(warnings)
    return doc


__all__ = ["parse", "read_title", "front_judgements"]
