"""Document-type detection from text cues.

Returns a :class:`~ofsted_mine.models.Detection` (type, confidence, the
cues that decided it). Cues are structural (titles, judgement tables, letter
openings), never names of particular councils.
"""

from __future__ import annotations

import re

from ofsted_mine.models import Detection

_CUES: list[tuple[str, str, float]] = [
    # (doc_type, regex, weight)
    ("council_pack", r"^\s*Public Document Pack", 3.0),
    ("ilacs_report", r"Inspection of .{0,80}local authority children.s services", 2.0),
    ("ilacs_report", r"Inspection of children.s social care services", 2.0),
    ("ilacs_report", r"The impact of leaders on social work practice", 1.5),
    ("sif_report", r"Inspection of services for children in need of help and protection", 3.0),
    ("sif_report", r"Children looked after and achieving permanence", 1.5),
    ("monitoring_visit_letter", r"monitoring visit (to|of) .{0,80}children.s services", 2.5),
    ("focused_visit_letter", r"focused visit (to|of) .{0,80}children.s services", 2.5),
    ("jtai_letter", r"joint targeted area inspection", 2.5),
    ("commissioner_review", r"report to the Secretary of State", 2.0),
    ("commissioner_review", r"\bCommissioner\b", 0.5),
]


def detect(text: str) -> Detection:
    """Best-guess document type of ``text`` with the cues that decided it."""
    head = text[:20000]
    scores: dict[str, float] = {}
    cues: dict[str, list[str]] = {}
    for doc_type, pattern, weight in _CUES:
        m = re.search(pattern, head, flags=re.I | re.M)
        if m:
            scores[doc_type] = scores.get(doc_type, 0.0) + weight
            cues.setdefault(doc_type, []).append(m.group(0).strip()[:80])
    if not scores:
        return Detection(doc_type="unknown", confidence=0.0, cues=[])
    best = max(scores, key=lambda k: scores[k])
    total = sum(scores.values())
    return Detection(doc_type=best, confidence=round(scores[best] / total, 3), cues=cues[best])
