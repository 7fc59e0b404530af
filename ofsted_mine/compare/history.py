"""Inspection history: documents of one authority → inspection events.

An *event* is one inspection or visit, however many documents speak of it:
the report itself, the same report cut out of a council pack, a commissioner
review quoting its judgements and recommendations. Events are found from
dates, not from document names:

* a report (ILACS, SIF) is a graded event spanning its inspection dates;
* a monitoring, focused or JTAI visit letter is an event without judgements;
* judgements and recommendations marked ``source="cited"`` in any document
  form (or join) the event of the dates they cite, so a 2017 review quoting
  the 2016 inspection yields a 2016 event even when no 2016 report is present.

Two events are the same inspection when they are of the same kind (graded or
visit) and their date ranges overlap, or their end dates lie within
``SAME_EVENT_DAYS`` of each other (citations often give only a month, or the
publication date instead of the last inspection day). When a citation and a
report of the same inspection disagree on a grade, the event records it in
``disagreements`` and the report's stated grade wins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from ofsted_mine.codebook import area_ids, normalise_area, normalise_grade
from ofsted_mine.compare.models import Inspection
from ofsted_mine.models import Document, Finding, Judgement, Recommendation

#: End dates closer than this are taken to be the same inspection. A SIF
#: inspection lasts four weeks and is published about six weeks later, and
#: citations are commonly dated by publication month.
SAME_EVENT_DAYS = 75
#: Visits recur every few months, so only a near-identical date makes two
#: visit documents one visit (the letter standalone and inside a pack).
SAME_VISIT_DAYS = 14

GRADED_TYPES = {"ilacs_report", "sif_report"}
VISIT_KINDS = {
    "monitoring_visit_letter": "monitoring_visit",
    "focused_visit_letter": "focused_visit",
    "jtai_letter": "jtai",
}
_FRAMEWORK_OF = {"ilacs_report": "ILACS", "sif_report": "SIF"}


@dataclass
class Event:
    """One inspection or visit with everything the documents say about it.

    ``findings`` and ``recommendations`` hold (item, document) pairs so every
    trace can cite its source. ``primary`` is the document whose findings are
    used (a report present twice, standalone and inside a pack, is read once).
    """

    start: Optional[dt.date]
    end: Optional[dt.date]
    kind: str
    framework: Optional[str] = None
    docs: list[Document] = field(default_factory=list)
    judgements: list[tuple[Judgement, Document]] = field(default_factory=list)
    findings: list[tuple[Finding, Document]] = field(default_factory=list)
    recommendations: list[tuple[Recommendation, Document]] = field(default_factory=list)
    cited_only: bool = True
    disagreements: list[str] = field(default_factory=list)
    key: str = ""

    @property
    def graded(self) -> bool:
        return self.kind == "graded"

    @property
    def when(self) -> dt.date:
        return self.end or self.start or dt.date.min

    def grades(self) -> dict[str, tuple[str, bool, bool]]:
        """area → (grade, combined, cited); stated grades win over cited ones."""
        out: dict[str, tuple[str, bool, bool]] = {}
        for j, _doc in sorted(self.judgements, key=lambda p: p[0].source != "stated"):
            for area in judgement_areas(j):
                if area not in out:
                    out[area] = (j.grade, len(judgement_areas(j)) > 1, j.source == "cited")
        return out

    def to_model(self) -> Inspection:
        return Inspection(
            key=self.key,
            start=self.start,
            end=self.end,
            framework=self.framework,
            kind=self.kind,  # type: ignore[arg-type]
            graded=self.graded,
            doc_types=sorted({d.doc_type for d in self.docs}),
            sources=list(dict.fromkeys(d.source for d in self.docs)),
            document_ids=list(dict.fromkeys(d.id for d in self.docs)),
            cited_only=self.cited_only,
            disagreements=list(self.disagreements),
            n_findings=len(self.findings),
            n_recommendations=len(self.recommendations),
        )


def judgement_areas(j: Judgement) -> list[str]:
    """Canonical areas one printed judgement covers.

    Uses the extractor's ``combined`` when given; otherwise a grade printed
    for "children in care and care leavers" counts for both areas, because
    the pre-2023 ILACS framework graded them together.
    """
    if j.combined:
        return list(j.combined)
    area = j.area if j.area in area_ids() else (normalise_area(j.area_text) or j.area)
    low = j.area_text.lower()
    if area == "children_in_care" and "care leaver" in low:
        return ["children_in_care", "care_leavers"]
    return [area]


def _grade(j: Judgement) -> Optional[str]:
    return j.grade if j.grade else normalise_grade(j.grade_text)


def _same_event(a: Event, start: Optional[dt.date], end: Optional[dt.date], days: int = SAME_EVENT_DAYS) -> bool:
    a_start, a_end = a.start or a.end, a.end or a.start
    b_start, b_end = start or end, end or start
    if a_end is None or b_end is None:
        return False
    if a_start <= b_end and b_start <= a_end:
        return True
    return abs((a_end - b_end).days) <= days


def _find_or_add(events: list[Event], kind: str, start, end) -> Event:
    graded = kind == "graded"
    for ev in events:
        days = SAME_EVENT_DAYS if graded else SAME_VISIT_DAYS
        if (ev.kind == "graded") == graded and _same_event(ev, start, end, days):
            if ev.kind != kind and not graded:
                continue  # a monitoring visit and a focused visit are different events
            return ev
    ev = Event(start=start, end=end, kind=kind)
    events.append(ev)
    return ev


def build_events(docs: list[Document]) -> tuple[list[Event], list[str]]:
    """Group one authority's documents into events, oldest first, keyed.

    Returns the events and messages about documents that could not be placed.
    """
    events: list[Event] = []
    messages: list[str] = []
    # Reports and letters first so citations join the event of their report.
    ordered = sorted(docs, key=lambda d: (d.doc_type not in GRADED_TYPES, d.doc_type not in VISIT_KINDS))
    for doc in ordered:
        if doc.doc_type in GRADED_TYPES or doc.doc_type in VISIT_KINDS:
            kind = "graded" if doc.doc_type in GRADED_TYPES else VISIT_KINDS[doc.doc_type]
            if doc.inspection_end is None and doc.inspection_start is None:
                messages.append(f"{doc.source}: {doc.doc_type} without inspection dates; not placed in the history")
                continue
            ev = _find_or_add(events, kind, doc.inspection_start, doc.inspection_end)
            _add_stated(ev, doc)
        _add_citations(events, doc, messages)
    for ev in events:
        _choose_primary(ev)
        if ev.framework is None and ev.graded:
            ev.framework = framework_by_date(ev.when)
    events.sort(key=lambda e: (e.when, e.kind != "graded"))
    assign_keys(events)
    return events, messages


def _add_stated(ev: Event, doc: Document) -> None:
    was_cited = ev.cited_only
    ev.cited_only = False
    ev.docs.append(doc)
    ev.framework = ev.framework or doc.framework or _FRAMEWORK_OF.get(doc.doc_type)
    # A report's own dates are better than a citation's: take them, then widen.
    if was_cited:
        ev.start, ev.end = doc.inspection_start or ev.start, doc.inspection_end or ev.end
    if doc.inspection_start and (ev.start is None or doc.inspection_start < ev.start):
        ev.start = doc.inspection_start
    if doc.inspection_end and (ev.end is None or doc.inspection_end > ev.end):
        ev.end = doc.inspection_end
    for j in doc.judgements:
        if j.source == "stated" and _grade(j):
            _check_disagreement(ev, j, doc)
            ev.judgements.append((j, doc))
    for f in doc.findings:
        if f.source == "stated":
            ev.findings.append((f, doc))
    for r in doc.recommendations:
        if r.source == "stated":
            ev.recommendations.append((r, doc))


def _add_citations(events: list[Event], doc: Document, messages: list[str]) -> None:
    cited_j = [j for j in doc.judgements if j.source == "cited" and _grade(j)]
    cited_r = [r for r in doc.recommendations if r.source == "cited"]
    if not cited_j and not cited_r:
        return
    unplaced = 0
    for j in cited_j:
        start, end = j.cited_inspection_start, j.cited_inspection_end
        if start is None and end is None:
            unplaced += 1
            continue
        ev = _find_or_add(events, "graded", start, end)
        if all(d.id != doc.id for d in ev.docs):
            ev.docs.append(doc)
        if ev.cited_only:
            ev.start = ev.start or start
            ev.end = ev.end or end
        _check_disagreement(ev, j, doc)
        ev.judgements.append((j, doc))
    for r in cited_r:
        start, end = r.cited_inspection_start, r.cited_inspection_end
        if start is None and end is None:
            unplaced += 1
            continue
        ev = _find_or_add(events, "graded", start, end)
        if all(d.id != doc.id for d in ev.docs):
            ev.docs.append(doc)
        ev.recommendations.append((r, doc))
    if unplaced:
        messages.append(f"{doc.source}: {unplaced} cited judgement(s)/recommendation(s) without dates; not placed")


def _check_disagreement(ev: Event, j: Judgement, doc: Document) -> None:
    """Flag a grade for the same area that differs between documents of one event."""
    areas = judgement_areas(j)
    for other, odoc in ev.judgements:
        if other.grade != j.grade and set(judgement_areas(other)) & set(areas):
            note = (
                f"{areas[0]}: {odoc.doc_type} ({other.source}) says {other.grade}, "
                f"{doc.doc_type} ({j.source}) says {j.grade}"
            )
            if note not in ev.disagreements:
                ev.disagreements.append(note)


def _copy_rank(items: list) -> tuple:
    """Order copies of one report: most items, then a standalone file over a pack
    extract, then by source name, so the choice never depends on input order."""
    doc = items[0][1]
    return (-len(items), doc.parent is not None, doc.source, doc.id)


def _choose_primary(ev: Event) -> None:
    """Keep findings of one report only, and stated recommendations over cited ones.

    The same report may arrive twice (standalone and inside a council pack):
    its findings are taken from the copy with most findings (ties: the
    standalone file). Cited
    recommendations are used only when no report of the inspection is
    present; duplicates (same text cited by two documents) are dropped.
    """
    by_doc: dict[str, list[tuple[Finding, Document]]] = {}
    for f, d in ev.findings:
        by_doc.setdefault(d.id, []).append((f, d))
    if len(by_doc) > 1:
        ev.findings = min(by_doc.values(), key=_copy_rank)
    stated = [(r, d) for r, d in ev.recommendations if r.source == "stated"]
    if stated:
        by_doc_r: dict[str, list[tuple[Recommendation, Document]]] = {}
        for r, d in stated:
            by_doc_r.setdefault(d.id, []).append((r, d))
        ev.recommendations = min(by_doc_r.values(), key=_copy_rank)
    else:
        seen: set[str] = set()
        kept = []
        for r, d in ev.recommendations:
            norm = " ".join(r.text.lower().split())
            if norm not in seen:
                seen.add(norm)
                kept.append((r, d))
        ev.recommendations = kept


def framework_by_date(when: dt.date) -> Optional[str]:
    """The framework in force at ``when``, for inspections known only from a citation.

    SIF inspections ran from November 2013 to December 2017 and ILACS from
    January 2018; earlier graded inspections are the pre-SIF frameworks.
    """
    if when == dt.date.min:
        return None
    if when >= dt.date(2018, 1, 1):
        return "ILACS"
    if when >= dt.date(2013, 11, 1):
        return "SIF"
    return "pre_SIF"


def assign_keys(events: list[Event]) -> None:
    """Key = end year; ``YYYY-MM`` when two events end in one year (then ``YYYY-MM-DD``)."""
    def year(e: Event) -> str:
        return f"{e.when.year:04d}"

    def month(e: Event) -> str:
        return f"{e.when.year:04d}-{e.when.month:02d}"

    years: dict[str, int] = {}
    for e in events:
        years[year(e)] = years.get(year(e), 0) + 1
    months: dict[str, int] = {}
    for e in events:
        months[month(e)] = months.get(month(e), 0) + 1
    used: set[str] = set()
    for e in events:
        if years[year(e)] == 1:
            key = year(e)
        elif months[month(e)] == 1:
            key = month(e)
        else:
            key = e.when.isoformat()
        base, n = key, 2
        while key in used:
            key, n = f"{base}-{n}", n + 1
        used.add(key)
        e.key = key


__all__ = ["Event", "build_events", "assign_keys", "judgement_areas", "SAME_EVENT_DAYS"]
