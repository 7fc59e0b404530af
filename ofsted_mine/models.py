"""The single schema of ofsted_mine.

Every extractor, classifier, comparator, store and report speaks these
pydantic models, so a record made by one stage round-trips through JSON
into the next without adapters. Field names are public API: they are the
keys of the CLI's JSON output and the columns of the DataFrames.

Identifiers for judgement areas, grades and themes are the snake_case ids
of the codebook (``ofsted_mine/data/themes.md``); see
:mod:`ofsted_mine.codebook`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

#: Document types the extractors produce. New types are appended, never renamed.
DocType = Literal[
    "ilacs_report",
    "sif_report",
    "monitoring_visit_letter",
    "focused_visit_letter",
    "jtai_letter",
    "commissioner_review",
    "council_report",
    "committee_minutes",
    "agenda",
    "council_pack",
    "unknown",
]

#: The doc types that are Ofsted's own publications (what ``--only ofsted`` keeps).
OFSTED_DOC_TYPES: frozenset[str] = frozenset(
    {
        "ilacs_report",
        "sif_report",
        "monitoring_visit_letter",
        "focused_visit_letter",
        "jtai_letter",
    }
)

Framework = Literal["ILACS", "SIF", "pre_SIF"]
Polarity = Literal["strength", "weakness", "mixed", "neutral"]
Source = Literal["stated", "cited"]


class _Model(BaseModel):
    """Shared config: reject unknown fields so typos fail loudly."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Span(_Model):
    """Half-open character offsets ``[start, end)`` into ``Document.text``."""

    start: int
    end: int


class ThemeTag(_Model):
    """One theme on a finding: codebook id, calibrated score, and why."""

    theme: str
    score: float = Field(ge=0.0, le=1.0)
    evidence: list[str] = Field(default_factory=list)


class PolarityTag(_Model):
    """The finding's polarity with its score and the cues behind it."""

    label: Polarity
    score: float = Field(ge=0.0, le=1.0)
    evidence: list[str] = Field(default_factory=list)


class Section(_Model):
    """A heading and the stretch of text it governs.

    ``area`` is the canonical judgement area when the heading is a judgement
    section (``help_and_protection`` ...), else ``None``.
    """

    title: str
    area: Optional[str] = None
    grade: Optional[str] = None
    level: int = 1
    page: Optional[int] = None
    span: Optional[Span] = None


class Judgement(_Model):
    """A graded judgement, stated by the document or cited from an earlier one.

    ``combined`` lists the canonical areas a single printed grade covers when
    the framework graded them together (pre-2023 ILACS "children in care and
    care leavers" → ``["children_in_care", "care_leavers"]``).
    """

    area: str
    grade: str
    area_text: str
    grade_text: str
    source: Source = "stated"
    combined: list[str] = Field(default_factory=list)
    cited_inspection_start: Optional[dt.date] = None
    cited_inspection_end: Optional[dt.date] = None
    page: Optional[int] = None


class Recommendation(_Model):
    """A "what needs to improve" item, area for improvement or recommendation."""

    index: int
    number: Optional[int] = None
    area: Optional[str] = None
    text: str
    source: Source = "stated"
    cited_inspection_start: Optional[dt.date] = None
    cited_inspection_end: Optional[dt.date] = None
    page: Optional[int] = None
    span: Optional[Span] = None
    themes: list[ThemeTag] = Field(default_factory=list)
    polarity: Optional[PolarityTag] = None


class Finding(_Model):
    """A numbered paragraph of findings, with provenance.

    ``number`` is the paragraph number printed in the report; letters print
    none, so their evaluative paragraphs (after the introduction) are
    numbered 1..N in reading order.
    ``section`` is the heading text, ``subheading`` a letter's sub-heading.
    """

    number: int
    text: str
    section: Optional[str] = None
    subheading: Optional[str] = None
    area: Optional[str] = None
    page: Optional[int] = None
    span: Optional[Span] = None
    source: Source = "stated"
    themes: list[ThemeTag] = Field(default_factory=list)
    polarity: Optional[PolarityTag] = None


class Detection(_Model):
    """What document-type detection decided and on which cues."""

    doc_type: str
    confidence: float = Field(ge=0.0, le=1.0)
    cues: list[str] = Field(default_factory=list)


class Document(_Model):
    """One document: an Ofsted report or letter, a review, or a council paper.

    ``text`` is the cleaned text every ``Span`` points into (running headers,
    footers and page numbers removed, hyphenation mended). ``page_starts[i]``
    is the offset in ``text`` where page ``i + 1`` begins (empty for text
    input). A document cut out of a council pack records ``parent`` (the
    pack's id) and its ``line_range``/``page_range`` in the pack.
    """

    id: str
    source: str
    sha256: str
    doc_type: DocType
    title: Optional[str] = None
    local_authority: Optional[str] = None
    framework: Optional[Framework] = None
    inspection_start: Optional[dt.date] = None
    inspection_end: Optional[dt.date] = None
    published: Optional[dt.date] = None
    meeting_date: Optional[dt.date] = None
    lead_inspector: Optional[str] = None
    inspectors: list[str] = Field(default_factory=list)
    addressee: Optional[str] = None
    author: Optional[str] = None
    visit_number: Optional[int] = None
    monitored_judgement: Optional[str] = None
    areas_covered: list[str] = Field(default_factory=list)
    #: a letter's introduction (opening summary, visit context, what inspectors looked
    #: at, evidence, framework), paragraphs joined by blank lines; kept apart from the
    #: findings, which are the evaluative paragraphs only (its span: section "Introduction")
    introduction: Optional[str] = None
    judgements: list[Judgement] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)
    #: a commissioner review's numbered options (kept apart from its recommendations)
    options: list[Recommendation] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    detection: Optional[Detection] = None
    parent: Optional[str] = None
    line_range: Optional[tuple[int, int]] = None
    page_range: Optional[tuple[int, int]] = None
    page_starts: list[int] = Field(default_factory=list)
    text: str = Field(default="", repr=False)

    @property
    def is_ofsted(self) -> bool:
        """True for Ofsted's own reports and letters (not reviews or council papers)."""
        return self.doc_type in OFSTED_DOC_TYPES

    def page_at(self, offset: int) -> Optional[int]:
        """1-based page holding character ``offset``; ``None`` for text input."""
        return page_at(self.page_starts, offset)

    def judgement(self, area: str) -> Optional[Judgement]:
        """The first judgement on canonical ``area``, or ``None``."""
        return next((j for j in self.judgements if j.area == area), None)

    def finding(self, number: int) -> Optional[Finding]:
        """The finding printed with paragraph ``number``, or ``None``."""
        return next((f for f in self.findings if f.number == number), None)

    def _repr_html_(self) -> str:  # pragma: no cover - exercised in notebooks
        from ofsted_mine._display import document_html

        return document_html(self)

    def __rich__(self):  # pragma: no cover - exercised by the CLI
        from ofsted_mine._display import document_rich

        return document_rich(self)


def page_at(page_starts: list[int], offset: int) -> Optional[int]:
    """1-based page of ``offset`` given the start offset of each page."""
    if not page_starts:
        return None
    import bisect

    return max(1, bisect.bisect_right(page_starts, offset))


def content_id(text: str) -> str:
    """Stable document id: the first 16 hex digits of the text's SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


__all__ = [
    "DocType",
    "Framework",
    "Polarity",
    "Source",
    "Span",
    "ThemeTag",
    "PolarityTag",
    "Section",
    "Judgement",
    "Recommendation",
    "Finding",
    "Detection",
    "Document",
    "OFSTED_DOC_TYPES",
    "content_id",
    "page_at",
]
