"""Compare an authority's inspections: judgement timeline and finding persistence.

``compare(documents)`` groups documents into inspections (:mod:`.history`),
lays grades out per area (:mod:`.timeline`) and traces every earlier finding
and recommendation into the next graded inspection (:mod:`.align`). The
result is a :class:`Comparison` (:mod:`.models`).
"""

from __future__ import annotations

from ofsted_mine.compare.api import AmbiguousAuthority, UnknownAuthority, compare, compare_all
from ofsted_mine.compare.models import (
    STATUSES,
    Comparison,
    Evidence,
    FindingRef,
    FindingTrace,
    GradeChange,
    Inspection,
    InterimEvidence,
    JudgementRow,
    Link,
    NewFinding,
    RecommendationRef,
    RecommendationTrace,
)

__all__ = [
    "compare",
    "compare_all",
    "AmbiguousAuthority",
    "UnknownAuthority",
    "STATUSES",
    "Comparison",
    "Evidence",
    "FindingRef",
    "FindingTrace",
    "GradeChange",
    "Inspection",
    "InterimEvidence",
    "JudgementRow",
    "Link",
    "NewFinding",
    "RecommendationRef",
    "RecommendationTrace",
]

# `om.compare(...)` must work even once this subpackage has shadowed the function.
from ofsted_mine._callable import make_callable  # noqa: E402

make_callable(__name__)
