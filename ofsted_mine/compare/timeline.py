"""Judgement timeline: one row per canonical area, a grade per graded inspection.

Frameworks differ in what they grade; the extractors already map printed
wording to the codebook's canonical areas (SIF "children looked after and
achieving permanence" → ``children_in_care``; SIF sub-judgements adoption
and care leavers kept as their own areas). Here the one remaining mapping is
applied: a pre-2023 ILACS grade for "children in care and care leavers"
counts for both areas, and the inspection key is listed in the row's
``combined`` so a reader knows the care leavers grade was not separate.

A missing grade is ``None`` (a gap), never carried over from a neighbour.
Changes are computed only between consecutive graded inspections that both
graded the area, so a gap is never bridged by a guess.
"""

from __future__ import annotations

from ofsted_mine.codebook import area_ids, grade_rank
from ofsted_mine.compare.history import Event
from ofsted_mine.compare.models import GradeChange, JudgementRow


def judgement_rows(events: list[Event]) -> list[JudgementRow]:
    """Rows in codebook area order; areas never graded are left out."""
    graded = [e for e in events if e.graded]
    per_event = {e.key: e.grades() for e in graded}
    order = list(area_ids())
    seen = {a for g in per_event.values() for a in g}
    areas = [a for a in order if a in seen] + sorted(seen - set(order))
    rows = []
    for area in areas:
        grades = {e.key: (per_event[e.key][area][0] if area in per_event[e.key] else None) for e in graded}
        combined = [k for k in grades if area in per_event[k] and per_event[k][area][1]]
        cited = [k for k in grades if area in per_event[k] and per_event[k][area][2]]
        rows.append(
            JudgementRow(area=area, grades=grades, combined=combined, cited=cited, changes=_changes(grades))
        )
    return rows


def _changes(grades: dict[str, str | None]) -> list[GradeChange]:
    keys = list(grades)
    out = []
    for a, b in zip(keys, keys[1:], strict=False):
        ga, gb = grades[a], grades[b]
        if ga is None or gb is None:
            continue
        try:
            steps = grade_rank(gb) - grade_rank(ga)
        except ValueError:  # a grade outside the four-point scale
            continue
        direction = "improved" if steps > 0 else "declined" if steps < 0 else "unchanged"
        out.append(GradeChange(**{"from": a, "to": b, "direction": direction, "steps": abs(steps)}))
    return out


__all__ = ["judgement_rows"]
