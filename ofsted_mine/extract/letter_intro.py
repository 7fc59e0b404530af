"""Where a letter's introduction ends and its evaluative body begins.

Ofsted letters open with procedural matter before they judge anything: the
"This letter summarises the findings of ..." paragraph, sometimes a context
paragraph, what inspectors looked at (prose, or an "Areas covered by the
visit" heading with bullets), the evidence considered and the framework the
visit followed. Issue 3 wants only the evaluative paragraphs as findings, so
the letter parser needs the index at which the introduction stops.

The boundary is read from the letter's structure, never from its wording:

1. The *leading run* is the opening stretch that looks like an introduction
   by position and shape: the first prose paragraph, introductory headings
   ("Areas covered by the visit", "Introduction", "Context", "Focus/Scope
   of the visit"), the "Inspectors looked at ..." paragraphs that give
   ``areas_covered``, list lead-ins (ending ``:``) and their items: it ends
   with the end of the areas-covered list.
2. If the run stops at a heading, that heading opens the evaluative body
   (Overview, Headline findings, Findings, Evaluation of progress ...).
3. Otherwise the run stopped at a paragraph. If the first evaluative
   heading follows within :data:`MAX_GAP` paragraphs, those few are still
   introduction (the framework statement, a COVID-19 delivery note, the
   evidence considered, a context paragraph) and the body starts at the
   heading. If no heading follows, or it follows only after a longer
   stretch (a lost heading: evaluative prose must not be swallowed), or it
   is an improvement-items heading ("What needs to improve", which in every
   Ofsted layout comes *after* the headline findings, so prose before it is
   evaluative text whose heading was lost), the body starts where the run
   stopped.
"""

from __future__ import annotations

import re
from typing import Optional

from ofsted_mine.extract.paragraphs import is_bullet
from ofsted_mine.extract.prose import Para, sentences, strip_item

#: Headings whose content is introduction, not evaluation.
INTRO_HEADING = re.compile(
    r"^(areas covered|(the )?(focus|scope) of (the|this) (visit|inspection)|introduction"
    r"|context|background)\b",
    re.I,
)
#: Headings that list the visit's areas (their bullets become ``areas_covered``).
AREAS_HEADING = re.compile(
    r"^(areas covered|(the )?focus of (the|this) visit|scope of (the|this) visit)", re.I
)
#: Sentences saying what the visit looked at (they become ``areas_covered``).
LOOKED_AT = re.compile(
    r"^(Inspectors|They|The visit|This visit)\s+(also\s+)?(looked at|focused on|considered|evaluated|reviewed)\b"
)
#: Improvement-items headings: never the first evaluative heading of a letter.
ITEMS_HEADING = re.compile(
    r"^(what needs to improve|areas? for priority action|priority action|recommendations?$|next steps)",
    re.I,
)
#: Unheaded paragraphs allowed between the leading run and the first evaluative heading.
MAX_GAP = 2


def looked_at_sentences(text: str) -> list[str]:
    """The sentences of a paragraph that say what inspectors looked at."""
    return [s for s in sentences(text) if LOOKED_AT.match(s)]


def intro_end(body: list[Para]) -> int:
    """Index in ``body`` of the first paragraph of the evaluative part of a letter.

    ``body`` is the letter between its subject line and its sign-off;
    ``body[:intro_end(body)]`` is the introduction (possibly empty).
    """
    run = _leading_run(body)
    if run >= len(body) or body[run].kind == "heading":
        return run
    heading = next(
        (
            i
            for i in range(run, len(body))
            if body[i].kind == "heading" and not INTRO_HEADING.match(body[i].text)
        ),
        None,
    )
    if heading is None or ITEMS_HEADING.match(body[heading].text):
        return run
    gap = sum(p.kind != "heading" for p in body[run:heading])
    return heading if gap <= MAX_GAP else run


def _leading_run(body: list[Para]) -> int:
    """Length of the opening stretch shaped like an introduction (rule 1 above)."""
    seen_prose = False
    for i, p in enumerate(body):
        if p.kind == "heading":
            if not INTRO_HEADING.match(p.text):
                return i
            continue
        if p.kind in ("bullet", "numbered"):
            continue
        if p.kind == "table":
            if lead_and_items(p.text) is not None:
                continue
            return i
        if not seen_prose:
            seen_prose = True
            continue
        if p.text.rstrip().endswith(":") or looked_at_sentences(p.text):
            continue
        return i
    return len(body)


def lead_and_items(text: str) -> Optional[tuple[Optional[str], list[str]]]:
    """A lead-in line and the bullets set directly under it with no gap, else ``None``.

    Without a blank line between them ("Inspectors reviewed the following
    areas:" / "- the quality of ...") the lines come out as one table-like
    block; its bullets are still the letter's list items.
    """
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    lead: Optional[str] = None
    if lines and not is_bullet(lines[0]) and lines[0].endswith(":"):
        lead, lines = lines[0], lines[1:]
    if not lines or not all(is_bullet(ln) for ln in lines):
        return None
    return lead, [strip_item(ln) for ln in lines]


__all__ = [
    "AREAS_HEADING",
    "INTRO_HEADING",
    "ITEMS_HEADING",
    "LOOKED_AT",
    "MAX_GAP",
    "intro_end",
    "lead_and_items",
    "looked_at_sentences",
]
