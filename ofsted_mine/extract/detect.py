"""Document-type detection from structural text cues.

Returns a :class:`~ofsted_mine.models.Detection`: the type, a confidence
and the cues that decided it. Every cue is a piece of document *structure*
(a title line, a letter's opening sentence, a committee report's cover
fields, a pack's "Public Document Pack" banner), never the name of a
council or a person.

Each cue has a weight and, where position matters, a window: a title only
counts near the top (a commissioner review's contents list names the
inspection it discusses, which must not make it a SIF report). Scores are
summed per type; the best type wins if it reaches :data:`MIN_SCORE`, else
the text is ``unknown``. Confidence is the winner's share of all the
evidence, shrunk when the evidence is thin, so a lone weak cue never
claims certainty.

A council pack is recognised before anything it embeds: it is the only
type whose cues (the banner, several ``Agenda Item N`` markers, repeated
"This page is intentionally left blank" separators, cover-sheet fields of
more than one paper) span the whole file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ofsted_mine.models import OFSTED_DOC_TYPES as OFSTED_TYPES
from ofsted_mine.models import Detection

#: A type needs at least this much evidence to be returned.
MIN_SCORE = 2.0
_HEAD = 20000


@dataclass(frozen=True)
class Cue:
    """One piece of evidence for ``doc_type``; ``within`` limits it to the first N chars."""

    doc_type: str
    pattern: str
    weight: float
    within: Optional[int] = None
    min_count: int = 1
    name: Optional[str] = None
    #: search the text with line breaks folded to spaces (titles wrap over lines in PDFs)
    flat: bool = False


_M = re.I | re.M
CUES: tuple[Cue, ...] = (
    # council packs and their papers
    Cue(
        "council_pack",
        r"^\s*Public Document Pack\s*$",
        10.0,
        within=400,
        name="'Public Document Pack' banner",
    ),
    Cue(
        "council_pack",
        r"^\s*Agenda Item \d+\s*$",
        2.5,
        min_count=2,
        name="several 'Agenda Item N' markers",
    ),
    Cue(
        "council_pack",
        r"^\s*This page is intentionally left blank\s*$",
        1.5,
        min_count=2,
        name="blank-page separators",
    ),
    Cue(
        "council_pack",
        r"^\s*(Name of meeting|Report to)\s*:",
        2.5,
        min_count=2,
        name="several report cover sheets",
    ),
    Cue("agenda", r"^\s*Notice of Meeting\s*$", 2.5, within=4000),
    Cue("agenda", r"^\s*Agenda\s*$", 1.5, within=6000),
    Cue(
        "agenda",
        r"^\s*\d{1,2}[:.]\s+(Minutes of the Previous Meeting|Apologies|Declarations? of Interests?|Interests)\b",
        1.5,
    ),
    Cue("agenda", r"\bwill meet (in|at)\b", 1.0, within=4000),
    Cue("committee_minutes", r"^\s*Present\s*:", 2.0, within=4000),
    Cue("committee_minutes", r"^\s*RESOLVED\b", 1.5),
    Cue("committee_minutes", r"^\s*(In attendance|Apologies|Observers)\s*:", 0.75, within=4000),
    Cue("council_report", r"Name of meeting\s*:", 2.5, within=3000),
    Cue("council_report", r"Title of report\s*:", 2.5, within=3000),
    Cue("council_report", r"^\s*(Report to|Report of|Subject|Report title)\s*:", 1.0, within=3000),
    Cue("council_report", r"^\s*(\d\.?\s*)?Purpose of (the )?report\b", 1.0, within=5000),
    Cue("council_report", r"Electoral wards affected", 1.0, within=6000),
    Cue(
        "council_report",
        r"^\s*(Report of|Report author|Lead officer|Wards? affected)\s*:",
        1.0,
        within=3000,
    ),
    # Ofsted inspection reports
    Cue(
        "ilacs_report", r"\bInspection of .{0,80}?children.s services\b", 3.0, within=400, flat=True
    ),
    Cue("ilacs_report", r"^\s*The experiences and progress of\s+children\b", 1.0, within=8000),
    Cue(
        "ilacs_report",
        r"\bInspection of children.s social care services\b",
        3.0,
        within=600,
        flat=True,
    ),
    Cue("ilacs_report", r"The impact of leaders on social work practice", 1.5, within=8000),
    Cue("ilacs_report", r"^\s*Judgement\s+Grade\s*$", 1.0, within=6000),
    Cue("ilacs_report", r"^\s*Lead inspector\s*:", 0.75, within=3000),
    Cue(
        "sif_report",
        r"\b(Re-)?inspection of services for children in need of help and protection",
        3.0,
        within=600,
        flat=True,
    ),
    Cue(
        "sif_report",
        r"^\s*(\d\.\s*)?Children looked after and achieving permanence\b",
        1.5,
        within=10000,
    ),
    Cue("sif_report", r"^\s*Report published\s*:", 0.75, within=3000),
    Cue(
        "sif_report",
        r"Review of the effectiveness of the Local Safeguarding Children Board",
        1.0,
        within=1000,
        flat=True,
    ),
    Cue("sif_report", r"^\s*(\d\.\s*)?Leadership, management and governance\b", 1.0, within=6000),
    # the framework before SIF (to 2013): parsed by sif.py as framework "pre_SIF"
    Cue(
        "sif_report",
        r"^\s*Inspection of (safeguarding and )?looked after children services\b",
        3.0,
        within=600,
        flat=True,
    ),
    # Ofsted letters
    Cue(
        "monitoring_visit_letter",
        r"^\s*Monitoring visit (to|of|at) .{0,80}children.s services",
        3.0,
        within=4000,
    ),
    Cue("monitoring_visit_letter", r"^\s*Monitoring visit (to|of|at) \S", 1.0, within=4000),
    Cue(
        "monitoring_visit_letter",
        r"findings of (the|a|an) (\w+ )?monitoring visit",
        3.0,
        within=6000,
    ),
    Cue(
        "monitoring_visit_letter",
        r"monitoring visit since the local authority was judged",
        1.0,
        within=6000,
    ),
    Cue(
        "focused_visit_letter",
        r"^\s*Focused visit (to|of|at) .{0,80}children.s services",
        3.0,
        within=4000,
    ),
    Cue("focused_visit_letter", r"findings of (the|a) focused visit", 3.0, within=6000),
    Cue("jtai_letter", r"joint targeted area inspection", 2.0, within=2500, flat=True),
    Cue(
        "jtai_letter",
        r"findings of (the|a) joint targeted area inspection",
        2.0,
        within=5000,
        flat=True,
    ),
    Cue("jtai_letter", r"\bJTAI\b", 1.0, within=6000),
    Cue("jtai_letter", r"Care Quality Commission|\bCQC\b", 0.5, within=6000),
    Cue("jtai_letter", r"HMICFRS|HM Inspectorate of (Constabulary|Probation)", 0.5, within=6000),
    # commissioner reviews
    Cue("commissioner_review", r"report to the Secretary of State", 4.0, within=1500),
    Cue("commissioner_review", r"\b(children.s services )?commissioner\b", 0.5, within=8000),
    Cue("commissioner_review", r"^\s*Terms of Reference\s*$", 0.75),
    Cue("commissioner_review", r"^\s*Options\s*$", 0.5),
)
_COMPILED = [(c, re.compile(c.pattern, _M)) for c in CUES]
_LETTER = re.compile(r"^\s*Dear\s+\S", _M)
_SIGN_OFF = re.compile(r"^\s*Yours\s+(sincerely|faithfully)", _M)
_LETTER_TYPES = ("monitoring_visit_letter", "focused_visit_letter", "jtai_letter")


def score(text: str) -> dict[str, tuple[float, list[str]]]:
    """Evidence per type: ``{doc_type: (score, cues)}`` (the raw material of :func:`detect`)."""
    head = text[:_HEAD]
    out: dict[str, tuple[float, list[str]]] = {}
    for cue, rx in _COMPILED:
        hay = text if cue.min_count > 1 else head
        if cue.within is not None:
            hay = text[: cue.within]
        if cue.flat:
            hay = " ".join(hay.split())
        if cue.min_count > 1:
            found = rx.findall(hay)
            if len(found) < cue.min_count:
                continue
            label = cue.name or f"{len(found)} x {cue.pattern}"
        else:
            m = rx.search(hay)
            if not m:
                continue
            label = cue.name or " ".join(m.group(0).split())[:80]
        total, cues = out.get(cue.doc_type, (0.0, []))
        out[cue.doc_type] = (total + cue.weight, [*cues, label])
    # a letter's shape backs whichever letter type its subject names
    if _LETTER.search(head) and _SIGN_OFF.search(text):
        for t in _LETTER_TYPES:
            if t in out:
                s, c = out[t]
                out[t] = (s + 1.0, [*c, "letter layout (Dear ... Yours sincerely)"])
    return out


_COVER_TOP = re.compile(r"^\s*(Name of meeting|Report to|Title of report|Report of)\s*:", _M)
_OFSTED_START = re.compile(
    r"^\s*(Monitoring visit|Focused visit) (to|of|at) .{0,80}children.s services"
    r"|This letter summarises the findings of"
    r"|^\s*(Re-)?Inspection of .{0,80}?children.s (social care )?services\s*$"
    r"|^\s*(Re-)?Inspection of services for children in need of help and protection",
    _M | re.I,
)


def _council_cover_with_ofsted(text: str, best: str) -> Optional[list[str]]:
    """A council paper whose cover sheet comes first and an Ofsted document follows.

    Such a file is a small pack (officer report + appended letter or report):
    reading it as the Ofsted document alone would lose the paper and take
    the cover's dates for the letter's.
    """
    if best not in OFSTED_TYPES:
        return None
    cover = _COVER_TOP.search(text[:2500])
    ofsted = _OFSTED_START.search(text)
    if cover and ofsted and ofsted.start() > cover.start() + 1500:
        return [
            "council cover sheet first",
            f"Ofsted document follows: {' '.join(ofsted.group(0).split())[:60]}",
        ]
    return None


def detect(text: str) -> Detection:
    """Best-guess document type of ``text`` with the cues that decided it."""
    scores = score(text)
    if not scores:
        return Detection(doc_type="unknown", confidence=0.0, cues=[])
    best = max(scores, key=lambda k: scores[k][0])
    best_score, cues = scores[best]
    wrapped = _council_cover_with_ofsted(text, best)
    if wrapped is not None:
        scores["council_pack"] = (best_score + 1.0, wrapped)
        best, (best_score, cues) = "council_pack", scores["council_pack"]
    if best_score < MIN_SCORE:
        return Detection(doc_type="unknown", confidence=0.0, cues=cues)
    # a pack contains council papers and Ofsted documents: their cues are not rivals
    rivals = {t: v for t, v in scores.items() if best != "council_pack" or t == best}
    total = sum(s for s, _ in rivals.values())
    share = best_score / total
    strength = min(1.0, best_score / 5.0)
    confidence = round(share * (0.5 + 0.5 * strength), 3)
    return Detection(doc_type=best, confidence=confidence, cues=cues)


__all__ = ["detect", "score", "CUES", "Cue", "MIN_SCORE"]
