"""The comparator's output schema: an authority's inspection history and traces.

A :class:`Comparison` answers "what did Ofsted say last time, and is it
still true?" for ONE local authority. It is the contract with the summary
reports (issue 6) and the CLI's ``--json`` output, so field names are public
API: additive changes only. Keys that are Python keywords (``from``) are
stored as ``from_`` and serialised under their alias; always dump with
``by_alias=True`` (``Comparison.to_json`` does).

Inspection keys are the end year (``"2019"``), or ``"YYYY-MM"`` when two
inspections of the authority end in the same year, so grades and traces can
refer to inspections by a short, human-readable string.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

#: How an earlier finding or recommendation fared at the next graded inspection.
Status = Literal["persisted", "resolved", "regressed", "sustained", "not_reported"]
Direction = Literal["improved", "declined", "unchanged"]
#: What kind of inspection event: a graded inspection or a visit without judgements.
InspectionKind = Literal["graded", "monitoring_visit", "focused_visit", "jtai", "other"]

STATUSES: tuple[str, ...] = ("persisted", "resolved", "regressed", "sustained", "not_reported")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Inspection(_Model):
    """One inspection event of the authority, built from every document about it.

    ``cited_only`` is true when no report of it is present and it is known only
    from another document's citation (a commissioner review quoting it).
    ``disagreements`` lists where a citation and the report differ.
    """

    key: str
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None
    framework: Optional[str] = None
    kind: InspectionKind = "graded"
    graded: bool = True
    doc_types: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    document_ids: list[str] = Field(default_factory=list)
    cited_only: bool = False
    disagreements: list[str] = Field(default_factory=list)
    n_findings: int = 0
    n_recommendations: int = 0


class GradeChange(_Model):
    """A change of one area's grade between two consecutive graded inspections."""

    from_: str = Field(alias="from")
    to: str
    direction: Direction
    steps: int


class JudgementRow(_Model):
    """One canonical area across inspections.

    ``grades`` has a key for every graded inspection; ``None`` is a gap (the
    area was not judged, or the judgement is not in any document present).
    ``combined`` lists inspection keys whose grade was printed as one grade
    covering several areas (pre-2023 ILACS children in care and care leavers).
    ``cited`` lists keys whose grade comes only from another document's citation.
    """

    area: str
    grades: dict[str, Optional[str]]
    combined: list[str] = Field(default_factory=list)
    cited: list[str] = Field(default_factory=list)
    changes: list[GradeChange] = Field(default_factory=list)


class FindingRef(_Model):
    """The earlier finding being traced, with provenance."""

    inspection: str
    number: int
    text: str
    polarity: Optional[str] = None
    themes: list[str] = Field(default_factory=list)
    section: Optional[str] = None
    area: Optional[str] = None
    page: Optional[int] = None
    source: Optional[str] = None
    document_id: Optional[str] = None
    doc_type: Optional[str] = None


class RecommendationRef(_Model):
    """The earlier recommendation ("what needs to improve") being traced."""

    inspection: str
    index: int
    number: Optional[int] = None
    text: str
    area: Optional[str] = None
    themes: list[str] = Field(default_factory=list)
    cited: bool = False
    page: Optional[int] = None
    source: Optional[str] = None
    document_id: Optional[str] = None


class Link(_Model):
    """A later finding or recommendation matched to an earlier item, and why.

    ``kind`` says whether ``number`` is a finding paragraph number or a
    recommendation index. ``score`` is the combined similarity in [0, 1];
    its parts are kept so a reader can see which signal carried the match.
    """

    inspection: str
    number: int
    score: float
    polarity: Optional[str] = None
    kind: Literal["finding", "recommendation"] = "finding"
    text: str = ""
    themes: list[str] = Field(default_factory=list)
    shared_themes: list[str] = Field(default_factory=list)
    matched_phrases: list[str] = Field(default_factory=list)
    theme_score: float = 0.0
    fuzzy_score: float = 0.0
    tfidf_score: float = 0.0
    page: Optional[int] = None
    section: Optional[str] = None


class InterimEvidence(_Model):
    """A visit-letter finding between the two inspections on the same ground."""

    inspection: str
    kind: str
    number: int
    score: float
    polarity: Optional[str] = None
    text: str = ""
    source: Optional[str] = None
    shared_themes: list[str] = Field(default_factory=list)


class Evidence(_Model):
    """Why the status was given: shared themes and phrases over the kept links,
    plus interim visit evidence."""

    shared_themes: list[str] = Field(default_factory=list)
    matched_phrases: list[str] = Field(default_factory=list)
    best_score: float = 0.0
    interim: list[InterimEvidence] = Field(default_factory=list)


class FindingTrace(_Model):
    """One earlier finding and what the next graded inspection said about it."""

    from_: FindingRef = Field(alias="from")
    status: Status
    to: list[Link] = Field(default_factory=list)
    evidence: Evidence = Field(default_factory=Evidence)
    next_inspection: Optional[str] = None


class RecommendationTrace(_Model):
    """One earlier recommendation traced into the next inspection's
    recommendations (still asked for: persisted) and findings."""

    from_: RecommendationRef = Field(alias="from")
    status: Status
    to: list[Link] = Field(default_factory=list)
    evidence: Evidence = Field(default_factory=Evidence)
    next_inspection: Optional[str] = None


class NewFinding(_Model):
    """A later weakness with no earlier finding or recommendation on the same ground."""

    inspection: str
    number: int
    themes: list[str] = Field(default_factory=list)
    polarity: Optional[str] = None
    text: str = ""
    section: Optional[str] = None
    page: Optional[int] = None
    previous_inspection: Optional[str] = None


class Comparison(_Model):
    """An authority's inspection history, judgement timeline and finding traces.

    ``messages`` carries what a reader must know about the input (only one
    inspection so nothing can be traced; a document of another authority
    ignored; a gap). ``names`` lists the spellings of the authority seen.
    """

    local_authority: str
    names: list[str] = Field(default_factory=list)
    inspections: list[Inspection] = Field(default_factory=list)
    judgements: list[JudgementRow] = Field(default_factory=list)
    findings: list[FindingTrace] = Field(default_factory=list)
    recommendations: list[RecommendationTrace] = Field(default_factory=list)
    new: list[NewFinding] = Field(default_factory=list)
    messages: list[str] = Field(default_factory=list)
    params: dict[str, Any] = Field(default_factory=dict)

    # -- access -------------------------------------------------------------
    def inspection(self, key: str) -> Optional[Inspection]:
        return next((i for i in self.inspections if i.key == key), None)

    def judgement(self, area: str) -> Optional[JudgementRow]:
        return next((j for j in self.judgements if j.area == area), None)

    def graded_keys(self) -> list[str]:
        return [i.key for i in self.inspections if i.graded]

    def status_counts(self) -> dict[str, int]:
        counts = {s: 0 for s in STATUSES}
        for t in self.findings:
            counts[t.status] += 1
        return counts

    # -- output -------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)

    def to_json(self, indent: Optional[int] = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)

    def judgements_frame(self):
        """One row per (area, inspection): grade, combined, cited, change from previous."""
        from ofsted_mine.compare.frames import judgements_frame

        return judgements_frame(self)

    def findings_frame(self):
        """One row per earlier finding/recommendation trace (plus ``new`` rows)."""
        from ofsted_mine.compare.frames import findings_frame

        return findings_frame(self)

    def _repr_html_(self) -> str:  # pragma: no cover - notebooks
        from ofsted_mine.compare.display import comparison_html

        return comparison_html(self)

    def __rich__(self):  # pragma: no cover - terminal
        from ofsted_mine.compare.display import comparison_rich

        return comparison_rich(self)


__all__ = [
    "Status",
    "STATUSES",
    "Direction",
    "Inspection",
    "GradeChange",
    "JudgementRow",
    "FindingRef",
    "RecommendationRef",
    "Link",
    "InterimEvidence",
    "Evidence",
    "FindingTrace",
    "RecommendationTrace",
    "NewFinding",
    "Comparison",
]
