"""Facts for one authority's summary, gathered from a Comparison and its documents.

Everything the templates print is computed here as plain data (counts,
statuses, quotes with citations), so the HTML and Markdown renderers show
the same facts and tests can check facts without parsing markup. Nothing
here writes prose except the citations; lead sentences are made from these
facts in :mod:`.leads`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ofsted_mine.codebook import codebook_text, theme_ids
from ofsted_mine.models import Document, Finding
from ofsted_mine.summarise.chart import GRADE_LABELS
from ofsted_mine.summarise.cite import (
    DOC_TYPE_LABELS,
    cue_patterns,
    date_range,
    finding_citation,
    key_label,
    long_date,
    pick_document,
    recommendation_citation,
    short_quote,
)

if TYPE_CHECKING:  # pragma: no cover
    from ofsted_mine.compare.models import Comparison, Inspection, Link

AREA_LABELS = {
    "overall_effectiveness": "Overall effectiveness",
    "help_and_protection": "Help and protection",
    "children_in_care": "Children in care",
    "care_leavers": "Care leavers",
    "adoption": "Adoption",
    "leadership": "Leadership",
    "lscb": "Safeguarding children board",
}

#: Readable headings for theme ids whose id is not already plain English.
THEME_TITLES = {
    "missing": "Children missing from home, care or education",
    "front_door": "Front door",
    "child_protection_planning": "Child protection planning",
    "assessment_quality": "Quality of assessments",
    "recording_and_plans_quality": "Quality of records and plans",
    "management_oversight": "Management oversight",
    "quality_assurance": "Quality assurance",
    "placement_sufficiency": "Placement sufficiency",
    "allegations_lado": "Allegations and the LADO",
    "domestic_abuse_neglect": "Domestic abuse and neglect",
    "health_wellbeing": "Health and well-being",
    "voice_and_participation": "Voice and participation",
    "court_and_plo": "Court work and the PLO",
    "uasc": "Unaccompanied asylum-seeking children",
    "homelessness_16_17": "Homeless 16- and 17-year-olds",
    "early_help": "Early help",
    "care_leavers": "Care leavers",
    "disabled_children": "Disabled children",
    "private_fostering": "Private fostering",
}

STATUS_LABELS = {
    "persisted": "Persisted",
    "resolved": "Resolved",
    "regressed": "Regressed",
    "sustained": "Sustained",
    "not_reported": "Not reported again",
    "new": "New",
    "current": "Current",
}

KIND_LABELS = {
    "graded": "inspection",
    "monitoring_visit": "monitoring visit",
    "focused_visit": "focused visit",
    "jtai": "joint targeted area inspection",
    "other": "visit",
}

WEAK = ("weakness", "mixed")

FRAMEWORK_LABELS = {"ILACS": "ILACS", "SIF": "SIF", "pre_SIF": "pre-SIF"}


def framework_label(framework: Optional[str]) -> Optional[str]:
    return FRAMEWORK_LABELS.get(framework, framework) if framework else None


def theme_title(theme: str) -> str:
    return THEME_TITLES.get(theme, theme.replace("_", " ").capitalize())


def theme_descriptions() -> dict[str, str]:
    """The codebook's "applies when the finding is about" text per theme id."""
    part = codebook_text().split("## Themes", 1)[1].split("\n## ", 1)[0]
    out = {}
    for line in part.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`"):
            out[cells[0].strip("`")] = cells[1]
    return out


# -- the view model ---------------------------------------------------------
@dataclass
class Quote:
    text: str
    cite: str
    polarity: Optional[str] = None


@dataclass
class InspectionFacts:
    key: str
    label: str  # "ILACS inspection, 8 to 19 July 2024"
    kind: str
    graded: bool
    start: Optional[dt.date]
    end: Optional[dt.date]
    framework: Optional[str]
    cited_only: bool
    sources: list[str]
    disagreements: list[str] = field(default_factory=list)


@dataclass
class GradeCell:
    key: str
    grade: Optional[str]
    label: str
    combined: bool = False
    cited: bool = False
    change: Optional[str] = None  # improved / declined / unchanged vs previous graded
    steps: int = 0


@dataclass
class TimelineRow:
    area: str
    label: str
    cells: list[GradeCell]


@dataclass
class CountRow:
    key: str
    label: str
    strengths: int
    weaknesses: int
    mixed: int
    neutral: int
    available: bool = True  # False for an inspection known only from a citation

    @property
    def total(self) -> int:
        return self.strengths + self.weaknesses + self.mixed + self.neutral


@dataclass
class TraceFacts:
    status: str
    earlier: Quote
    later: list[Quote]
    interim: list[Quote]
    from_key: str
    to_key: Optional[str]
    score: float = 0.0
    from_polarity: Optional[str] = None


@dataclass
class RecommendationFacts:
    key: str
    text: str
    cite: str
    status: str  # a trace status, or "current" for the latest inspection's items
    later: list[Quote] = field(default_factory=list)
    to_key: Optional[str] = None
    interim: list[Quote] = field(default_factory=list)


@dataclass
class ThemeFacts:
    theme: str
    title: str
    description: str
    counts: list[CountRow]
    traces: list[TraceFacts]
    new: list[Quote]
    new_keys: list[str]
    recommendations: list[RecommendationFacts]
    lead: list[str] = field(default_factory=list)

    @property
    def has_findings(self) -> bool:
        return any(c.total for c in self.counts) or bool(self.traces) or bool(self.recommendations)

    def by_status(self, status: str) -> list[TraceFacts]:
        return [t for t in self.traces if t.status == status]

    @property
    def anchor(self) -> str:
        return f"theme-{self.theme.replace('_', '-')}"

    def glance(self, key: Optional[str]) -> Optional[Glance]:
        """The overview row: findings at inspection ``key`` and the fate of earlier ones there."""
        if key is None:
            return None
        row = next((c for c in self.counts if c.key == key), None)
        into = [t for t in self.traces if t.to_key == key]
        weak = [t for t in into if t.from_polarity in ("weakness", "mixed")]
        return Glance(
            strengths=row.strengths if row else 0,
            weaknesses=(row.weaknesses + row.mixed) if row else 0,
            earlier_weaknesses=len(weak),
            persisted=sum(t.status == "persisted" for t in weak),
            resolved=sum(t.status == "resolved" for t in weak),
            regressed=sum(t.status == "regressed" for t in into),
            open_items=sum(r.status in ("current", "persisted") and (r.to_key == key or r.key == key)
                           for r in self.recommendations),
        )


@dataclass
class Glance:
    strengths: int
    weaknesses: int  # weaknesses and mixed findings
    earlier_weaknesses: int
    persisted: int
    resolved: int
    regressed: int
    open_items: int


@dataclass
class SourceFacts:
    name: str
    path: str
    contents: list[str]


@dataclass
class SummaryFacts:
    authority: str
    inspections: list[InspectionFacts]
    graded_keys: list[str]
    timeline: list[TimelineRow]
    themes: list[ThemeFacts]
    sources: list[SourceFacts]
    messages: list[str]
    chart_description: str = ""
    version: str = ""

    @property
    def latest(self) -> Optional[str]:
        """The latest graded inspection whose report is present (the overview's reference point)."""
        keys = [i.key for i in self.inspections if i.graded and not i.cited_only]
        return keys[-1] if keys else None

    @property
    def previous(self) -> Optional[str]:
        keys = self.graded_keys
        latest = self.latest
        if latest is None or latest not in keys or keys.index(latest) == 0:
            return None
        return keys[keys.index(latest) - 1]

    def inspection(self, key: str) -> Optional[InspectionFacts]:
        return next((i for i in self.inspections if i.key == key), None)


# -- building ---------------------------------------------------------------
class _Index:
    """Look-ups from a comparison's inspection keys to the documents behind them."""

    def __init__(self, comparison: Comparison, docs: Sequence[Document]) -> None:
        self.cmp = comparison
        self.by_id = {d.id: d for d in docs}
        self.insp = {i.key: i for i in comparison.inspections}
        self.docs_of: dict[str, list[Document]] = {
            i.key: [self.by_id[x] for x in dict.fromkeys(i.document_ids) if x in self.by_id]
            for i in comparison.inspections
        }

    def finding_cite(self, key: str, number: int, doc_id: Optional[str] = None,
                     doc_type: Optional[str] = None) -> str:
        insp = self.insp.get(key)
        doc = self.by_id.get(doc_id) if doc_id else None
        if doc is None or not doc.is_ofsted:
            doc = pick_document(self.docs_of.get(key, []), number) or (doc if doc_type is None else None)
        return finding_citation(
            key, number, doc, doc_type=doc_type,
            inspection_kind=insp.kind if insp else None,
            visit_date=(insp.end if insp else None),
        )

    def finding(self, key: str, number: int, doc_id: Optional[str] = None) -> Optional[Finding]:
        doc = self.by_id.get(doc_id) if doc_id else None
        if doc is None or doc.finding(number) is None:
            doc = pick_document(self.docs_of.get(key, []), number)
        return doc.finding(number) if doc is not None else None

    def quote(self, text: str, finding: Optional[Finding], theme: str, polarity: Optional[str],
              phrases: Sequence[str] = ()) -> str:
        """The sentence(s) of ``text`` that carry this theme and this polarity."""
        patterns = []
        if finding is not None:
            for tag in finding.themes:
                if tag.theme == theme:
                    patterns += cue_patterns(tag.evidence, ("cue",))
            if finding.polarity is not None:
                kinds = ("positive",) if polarity == "strength" else ("negative",)
                patterns += cue_patterns(finding.polarity.evidence, kinds)
        return short_quote(text or (finding.text if finding else ""), phrases, patterns=patterns)

    def link_quote(self, link: Link, theme: str) -> Quote:
        finding = None
        if link.kind == "recommendation":
            insp = self.insp.get(link.inspection)
            cite = recommendation_citation(link.inspection, link.number,
                                           framework=insp.framework if insp else None)
        else:
            cite = self.finding_cite(link.inspection, link.number)
            finding = self.finding(link.inspection, link.number)
        text = link.text or (finding.text if finding else "")
        return Quote(self.quote(text, finding, theme, link.polarity, link.matched_phrases), cite, link.polarity)


def _inspection_label(insp: Inspection) -> str:
    when = date_range(insp.start, insp.end)
    if insp.kind == "graded":
        fw = framework_label(insp.framework)
        what = f"{fw[0].upper()}{fw[1:]} inspection" if fw else "Inspection"
    else:
        what = KIND_LABELS.get(insp.kind, "visit").capitalize()
    return f"{what}, {when}" if when else what


def _timeline(cmp: Comparison, keys: list[str]) -> list[TimelineRow]:
    rows = []
    for row in cmp.judgements:
        changes = {(c.from_, c.to): c for c in row.changes}
        cells = []
        prev_key: Optional[str] = None
        for key in keys:
            grade = row.grades.get(key)
            cell = GradeCell(
                key=key,
                grade=grade,
                label=GRADE_LABELS.get(grade, grade or "not judged"),
                combined=key in row.combined,
                cited=key in row.cited,
            )
            if grade and prev_key is not None:
                ch = changes.get((prev_key, key))
                if ch is not None:
                    cell.change, cell.steps = ch.direction, ch.steps
            if grade:
                prev_key = key
            cells.append(cell)
        rows.append(TimelineRow(row.area, AREA_LABELS.get(row.area, row.area.replace("_", " ").capitalize()), cells))
    return rows


def _has_theme(item, theme: str) -> bool:
    return any(t.theme == theme for t in getattr(item, "themes", []))


def _counts(idx: _Index, theme: str) -> list[CountRow]:
    rows = []
    for insp in idx.cmp.inspections:
        docs = [d for d in idx.docs_of.get(insp.key, []) if d.is_ofsted]
        doc = pick_document(docs) if docs else None
        c = {"strength": 0, "weakness": 0, "mixed": 0, "neutral": 0}
        if doc is not None:
            for f in doc.findings:
                if _has_theme(f, theme):
                    label = f.polarity.label if f.polarity else "neutral"
                    c[label] = c.get(label, 0) + 1
        rows.append(
            CountRow(insp.key, _short_label(insp), c["strength"], c["weakness"], c["mixed"],
                     c["neutral"], available=doc is not None)
        )
    return rows


def _short_label(insp: Inspection) -> str:
    if insp.kind == "graded":
        return f"{key_label(insp.key)} {framework_label(insp.framework) or 'inspection'}".strip()
    what = KIND_LABELS.get(insp.kind, "visit")
    return f"{insp.end:%B %Y} {what}" if insp.end else f"{insp.key} {what}"


def _traces(idx: _Index, theme: str) -> list[TraceFacts]:
    out = []
    for t in idx.cmp.findings:
        ref = t.from_
        if theme not in ref.themes:
            continue
        cite = idx.finding_cite(ref.inspection, ref.number, ref.document_id, ref.doc_type)
        phrases = list(t.evidence.matched_phrases)
        earlier_finding = idx.finding(ref.inspection, ref.number, ref.document_id)
        earlier = Quote(idx.quote(ref.text, earlier_finding, theme, ref.polarity, phrases), cite, ref.polarity)
        later = [idx.link_quote(link, theme) for link in t.to[:2]]
        interim = [
            Quote(idx.quote(e.text, idx.finding(e.inspection, e.number), theme, e.polarity, phrases),
                  idx.finding_cite(e.inspection, e.number), e.polarity)
            for e in t.evidence.interim[:2]
        ]
        to_key = t.next_inspection or (t.to[0].inspection if t.to else None)
        out.append(TraceFacts(t.status, earlier, later, interim, ref.inspection, to_key,
                              t.evidence.best_score, ref.polarity))
    return out


def _new(idx: _Index, theme: str) -> tuple[list[Quote], list[str]]:
    quotes, keys = [], []
    for n in idx.cmp.new:
        prev = idx.insp.get(n.previous_inspection or "")
        if prev is not None and (prev.cited_only or not any(d.findings for d in idx.docs_of.get(prev.key, []))):
            continue  # "new" means nothing: the earlier inspection's findings are not available
        if theme in n.themes:
            text = n.text
            if not text:
                doc = pick_document(idx.docs_of.get(n.inspection, []), n.number)
                f = doc.finding(n.number) if doc else None
                text = f.text if f else ""
            quote = idx.quote(text, idx.finding(n.inspection, n.number), theme, n.polarity)
            quotes.append(Quote(quote, idx.finding_cite(n.inspection, n.number), n.polarity))
            keys.append(n.inspection)
    return quotes, keys


def _recommendations(idx: _Index, theme: str) -> list[RecommendationFacts]:
    out = []
    traced_keys = set()
    for t in idx.cmp.recommendations:
        ref = t.from_
        traced_keys.add(ref.inspection)
        if theme not in ref.themes:
            continue
        quoting = idx.by_id.get(ref.document_id) if ref.document_id else None
        insp = idx.insp.get(ref.inspection)
        cite = recommendation_citation(ref.inspection, ref.index, number=ref.number,
                                       cited=ref.cited, quoting=quoting,
                                       framework=insp.framework if insp else None)
        later = [idx.link_quote(link, theme) for link in t.to[:2]]
        phrases = list(t.evidence.matched_phrases)
        interim = [
            Quote(idx.quote(e.text, idx.finding(e.inspection, e.number), theme, e.polarity, phrases),
                  idx.finding_cite(e.inspection, e.number), e.polarity)
            for e in t.evidence.interim[:2]
        ]
        out.append(RecommendationFacts(ref.inspection, ref.text, cite, t.status, later,
                                       t.next_inspection, interim))
    # The latest graded inspection's own items have nothing later to be traced into.
    graded = [i for i in idx.cmp.inspections if i.graded]
    if graded:
        last = graded[-1]
        doc = pick_document([d for d in idx.docs_of.get(last.key, []) if d.is_ofsted])
        if doc is not None and last.key not in traced_keys:
            for r in doc.recommendations:
                if _has_theme(r, theme):
                    out.append(RecommendationFacts(
                        last.key, r.text, recommendation_citation(last.key, r.index, number=r.number,
                                                                         framework=last.framework),
                        "current"))
    return out


def _sources(docs: Sequence[Document]) -> list[SourceFacts]:
    by_source: dict[str, list[Document]] = {}
    for d in docs:
        by_source.setdefault(d.source, []).append(d)
    out = []
    for path, group in by_source.items():
        contents = []
        for d in group:
            if not d.is_ofsted and d.doc_type not in ("commissioner_review",):
                continue
            label = DOC_TYPE_LABELS.get(d.doc_type, d.doc_type)
            if d.doc_type in ("ilacs_report", "sif_report") and d.framework:
                label = f"{framework_label(d.framework)} inspection report"
            when = d.published or d.inspection_end or d.meeting_date
            contents.append(label + (f" ({long_date(when)})" if when else ""))
        n_other = sum(1 for d in group if not d.is_ofsted and d.doc_type != "commissioner_review")
        if n_other:
            contents.append(f"{n_other} council paper{'s' if n_other != 1 else ''}")
        out.append(SourceFacts(Path(path).name, path, contents))
    return out


def _chart_description(rows: list[TimelineRow]) -> str:
    parts = []
    for row in rows:
        graded = [f"{c.label.lower()} ({c.key})" for c in row.cells if c.grade]
        if graded:
            parts.append(f"{row.label}: " + ", ".join(graded) + ".")
    return "Judgement grades by inspection. " + " ".join(parts)


def select_themes(idx: _Index, themes: Optional[Sequence[str]]) -> list[str]:
    """The themes asked for, or every codebook theme with something to report."""
    if themes:
        return list(themes)
    present = set()
    for docs in idx.docs_of.values():
        for d in docs:
            if d.is_ofsted:
                for f in d.findings:
                    present.update(t.theme for t in f.themes)
                for r in d.recommendations:
                    present.update(t.theme for t in r.themes)
    for t in idx.cmp.findings:
        present.update(t.from_.themes)
    for t in idx.cmp.recommendations:
        present.update(t.from_.themes)
    return [t for t in theme_ids() if t in present]


def chart_facts(comparison: Comparison) -> SummaryFacts:
    """The facts the timeline chart is drawn from: inspections and judgement rows, no themes.

    Needs only the comparison's inspections and judgements, so it can be
    made before the findings are classified (the chart is then drawn in
    parallel); :func:`build_facts` builds its timeline with it too.
    """
    graded_keys = [i.key for i in comparison.inspections if i.graded]
    inspections = [
        InspectionFacts(
            key=i.key, label=_inspection_label(i), kind=i.kind, graded=i.graded, start=i.start,
            end=i.end, framework=i.framework, cited_only=i.cited_only,
            sources=[Path(s).name for s in i.sources], disagreements=list(i.disagreements),
        )
        for i in comparison.inspections
    ]
    timeline = _timeline(comparison, graded_keys)
    return SummaryFacts(authority=comparison.local_authority, inspections=inspections, graded_keys=graded_keys,
                        timeline=timeline, themes=[], sources=[], messages=[],
                        chart_description=_chart_description(timeline))


def build_facts(
    comparison: Comparison,
    docs: Sequence[Document],
    themes: Optional[Sequence[str]] = None,
) -> SummaryFacts:
    """Every fact the summary prints for one authority."""
    from ofsted_mine import __version__
    from ofsted_mine.summarise.leads import lead_sentences

    idx = _Index(comparison, docs)
    chart = chart_facts(comparison)
    inspections, graded_keys, timeline = chart.inspections, chart.graded_keys, chart.timeline
    descriptions = theme_descriptions()
    theme_facts = []
    for theme in select_themes(idx, themes):
        new, new_keys = _new(idx, theme)
        tf = ThemeFacts(
            theme=theme,
            title=theme_title(theme),
            description=descriptions.get(theme, ""),
            counts=_counts(idx, theme),
            traces=_traces(idx, theme),
            new=new,
            new_keys=new_keys,
            recommendations=_recommendations(idx, theme),
        )
        tf.lead = lead_sentences(tf, inspections)
        theme_facts.append(tf)
    return SummaryFacts(
        authority=comparison.local_authority,
        inspections=inspections,
        graded_keys=graded_keys,
        timeline=timeline,
        themes=theme_facts,
        sources=_sources(docs),
        messages=list(comparison.messages),
        chart_description=_chart_description(timeline),
        version=__version__,
    )


__all__ = [
    "Quote",
    "InspectionFacts",
    "GradeCell",
    "TimelineRow",
    "CountRow",
    "TraceFacts",
    "RecommendationFacts",
    "ThemeFacts",
    "SourceFacts",
    "SummaryFacts",
    "build_facts",
    "chart_facts",
    "theme_title",
    "theme_descriptions",
    "AREA_LABELS",
    "STATUS_LABELS",
]
