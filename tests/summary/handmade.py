"""Small hand-made documents and a hand-made comparison of a fictional council.

They let the summary be tested on its own: every theme, polarity, status
and citation below is chosen, so tests can assert exact sentences without
depending on the extractor, classifier or comparator.
"""

from __future__ import annotations

import datetime as dt

from ofsted_mine.compare.models import (
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
from ofsted_mine.models import Document, Finding, Judgement, PolarityTag, Recommendation, ThemeTag

LA = "Northby"


def finding(n: int, text: str, themes: list[str], polarity: str, section: str = "Children in care") -> Finding:
    return Finding(
        number=n,
        text=text,
        section=section,
        themes=[ThemeTag(theme=t, score=0.9) for t in themes],
        polarity=PolarityTag(label=polarity, score=0.8),  # type: ignore[arg-type]
    )


def recommendation(i: int, text: str, themes: list[str]) -> Recommendation:
    return Recommendation(index=i, text=text, themes=[ThemeTag(theme=t, score=0.9) for t in themes])


def judgement(area: str, grade: str) -> Judgement:
    return Judgement(area=area, grade=grade, area_text=area, grade_text=grade)


EARLY_FINDINGS = [
    finding(12, "Too many children wait too long for permanence. Plans for adoption drift when "
            "court timescales slip, and tracking of permanence is weak.", ["permanence"], "weakness"),
    finding(13, "Special guardianship assessments are thorough and carers are well supported.",
            ["permanence"], "strength"),
    finding(14, "Permanence panels do not consistently challenge delay in matching children "
            "with long-term foster carers.", ["permanence", "management_oversight"], "weakness"),
    finding(20, "Return home interviews are offered promptly and the information is used well.",
            ["missing"], "strength"),
    finding(21, "Supervision is irregular and rarely reflective, so drift is not challenged.",
            ["management_oversight"], "weakness"),
]
LATE_FINDINGS = [
    finding(30, "Some children still wait too long for permanence because plans drift when "
            "proceedings are delayed.", ["permanence"], "weakness"),
    finding(31, "Permanence panels now challenge delay effectively and matching is timely.",
            ["permanence"], "strength"),
    finding(32, "Return home interviews are not always offered, and some are late.", ["missing"], "weakness"),
    finding(33, "Managers provide regular, reflective supervision that is recorded well.",
            ["management_oversight"], "strength"),
    finding(34, "Early permanence placements are used too rarely.", ["permanence"], "weakness"),
]
LETTER_FINDINGS = [
    finding(1, "Permanence tracking has improved, but some plans still drift.", ["permanence"], "mixed"),
]


def documents() -> list[Document]:
    early = Document(
        id="early0000000001", source="northby_2019_ilacs.pdf", sha256="0" * 64, doc_type="ilacs_report",
        local_authority=LA, framework="ILACS", inspection_start=dt.date(2019, 3, 4),
        inspection_end=dt.date(2019, 3, 15), published=dt.date(2019, 4, 20),
        judgements=[judgement("overall_effectiveness", "inadequate"),
                    judgement("children_in_care", "requires_improvement")],
        findings=EARLY_FINDINGS,
        recommendations=[recommendation(1, "The timeliness of permanence planning for children in care.",
                                        ["permanence"]),
                         recommendation(2, "The quality and frequency of supervision.",
                                        ["management_oversight"])],
    )
    letter = Document(
        id="letter000000001", source="northby_2020_mv.pdf", sha256="1" * 64,
        doc_type="monitoring_visit_letter", local_authority=LA, inspection_start=dt.date(2020, 6, 2),
        inspection_end=dt.date(2020, 6, 3), published=dt.date(2020, 7, 1), findings=LETTER_FINDINGS,
    )
    late = Document(
        id="late00000000001", source="northby_2023_ilacs.pdf", sha256="2" * 64, doc_type="ilacs_report",
        local_authority=LA, framework="ILACS", inspection_start=dt.date(2023, 1, 9),
        inspection_end=dt.date(2023, 1, 20), published=dt.date(2023, 3, 1),
        judgements=[judgement("overall_effectiveness", "good"),
                    judgement("children_in_care", "requires_improvement")],
        findings=LATE_FINDINGS,
        recommendations=[recommendation(1, "Use of early permanence placements.", ["permanence"])],
    )
    return [early, letter, late]


def _ref(f: Finding, key: str, doc_id: str) -> FindingRef:
    return FindingRef(inspection=key, number=f.number, text=f.text, polarity=f.polarity.label,
                      themes=[t.theme for t in f.themes], document_id=doc_id, doc_type="ilacs_report")


def _link(f: Finding, key: str, score: float = 0.7, phrases: list[str] | None = None) -> Link:
    return Link(inspection=key, number=f.number, score=score, polarity=f.polarity.label, text=f.text,
                themes=[t.theme for t in f.themes], matched_phrases=phrases or [])


def comparison() -> Comparison:
    e, late = EARLY_FINDINGS, LATE_FINDINGS
    return Comparison(
        local_authority=LA,
        inspections=[
            Inspection(key="2019", start=dt.date(2019, 3, 4), end=dt.date(2019, 3, 15), framework="ILACS",
                       document_ids=["early0000000001"], sources=["northby_2019_ilacs.pdf"]),
            Inspection(key="2020", start=dt.date(2020, 6, 2), end=dt.date(2020, 6, 3),
                       kind="monitoring_visit", graded=False, document_ids=["letter000000001"],
                       sources=["northby_2020_mv.pdf"]),
            Inspection(key="2023", start=dt.date(2023, 1, 9), end=dt.date(2023, 1, 20), framework="ILACS",
                       document_ids=["late00000000001"], sources=["northby_2023_ilacs.pdf"]),
        ],
        judgements=[
            JudgementRow(area="overall_effectiveness", grades={"2019": "inadequate", "2023": "good"},
                         changes=[GradeChange(**{"from": "2019"}, to="2023", direction="improved", steps=2)]),
            JudgementRow(area="children_in_care",
                         grades={"2019": "requires_improvement", "2023": "requires_improvement"},
                         changes=[GradeChange(**{"from": "2019"}, to="2023", direction="unchanged", steps=0)]),
        ],
        findings=[
            FindingTrace(**{"from": _ref(e[0], "2019", "early0000000001")}, status="persisted",
                         to=[_link(late[0], "2023", 0.81, ["wait too long for permanence"])],
                         evidence=Evidence(matched_phrases=["wait too long for permanence"], best_score=0.81,
                                           interim=[InterimEvidence(inspection="2020", kind="monitoring_visit",
                                                                    number=1, score=0.6, polarity="mixed",
                                                                    text=LETTER_FINDINGS[0].text)]),
                         next_inspection="2023"),
            FindingTrace(**{"from": _ref(e[1], "2019", "early0000000001")}, status="not_reported",
                         next_inspection="2023"),
            FindingTrace(**{"from": _ref(e[2], "2019", "early0000000001")}, status="resolved",
                         to=[_link(late[1], "2023", 0.74)], next_inspection="2023"),
            FindingTrace(**{"from": _ref(e[3], "2019", "early0000000001")}, status="regressed",
                         to=[_link(late[2], "2023", 0.7)], next_inspection="2023"),
            FindingTrace(**{"from": _ref(e[4], "2019", "early0000000001")}, status="resolved",
                         to=[_link(late[3], "2023", 0.66)], next_inspection="2023"),
        ],
        recommendations=[
            RecommendationTrace(**{"from": RecommendationRef(inspection="2019", index=1,
                                                             text="The timeliness of permanence planning for children in care.",
                                                             themes=["permanence"], document_id="early0000000001")},
                                status="persisted", to=[_link(late[0], "2023", 0.7)], next_inspection="2023",
                                evidence=Evidence(interim=[InterimEvidence(
                                    inspection="2020", kind="monitoring_visit", number=1, score=0.5,
                                    polarity="mixed", text=LETTER_FINDINGS[0].text)])),
            RecommendationTrace(**{"from": RecommendationRef(inspection="2019", index=2,
                                                             text="The quality and frequency of supervision.",
                                                             themes=["management_oversight"],
                                                             document_id="early0000000001")},
                                status="resolved", to=[_link(late[3], "2023", 0.6)], next_inspection="2023"),
        ],
        new=[NewFinding(inspection="2023", number=34, themes=["permanence"], polarity="weakness",
                        text=late[4].text, previous_inspection="2019")],
    )
