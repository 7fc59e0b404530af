"""Citations and quotes: how the summary points a reader back to the page.

A scrutiny panel member must be able to check every claim, so each quote
carries a citation in the words people use: "2024 report, para 23" for a
numbered report, "monitoring visit letter, 3 August 2018, para 4" for a
letter (whose paragraphs we number in reading order), and for a
recommendation known only from a commissioner's review, the inspection it
came from and the review that quotes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Optional

from ofsted_mine.models import Document

LETTER_KINDS = {
    "monitoring_visit_letter": "monitoring visit letter",
    "focused_visit_letter": "focused visit letter",
    "jtai_letter": "joint targeted area inspection letter",
}
INSPECTION_KIND_LETTER = {
    "monitoring_visit": "monitoring visit letter",
    "focused_visit": "focused visit letter",
    "jtai": "joint targeted area inspection letter",
}
DOC_TYPE_LABELS = {
    "ilacs_report": "ILACS inspection report",
    "sif_report": "SIF inspection report",
    "monitoring_visit_letter": "monitoring visit letter",
    "focused_visit_letter": "focused visit letter",
    "jtai_letter": "JTAI letter",
    "commissioner_review": "commissioner's review",
    "council_report": "council report",
    "committee_minutes": "committee minutes",
    "agenda": "agenda",
    "council_pack": "council document pack",
    "unknown": "unrecognised document",
}


def long_date(d: Optional[dt.date]) -> str:
    """``3 August 2018`` (no leading zero, the way Ofsted prints dates)."""
    return f"{d.day} {d:%B %Y}" if d else ""


def date_range(start: Optional[dt.date], end: Optional[dt.date]) -> str:
    """``8 to 19 July 2024``, ``12 September to 6 October 2016``, or one date."""
    if start and end and start != end:
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day} to {end.day} {end:%B %Y}"
        if start.year == end.year:
            return f"{start.day} {start:%B} to {long_date(end)}"
        return f"{long_date(start)} to {long_date(end)}"
    return long_date(end or start)


def report_label(key: str) -> str:
    """``2024 report``; a ``YYYY-MM`` key reads ``July 2024 report``."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", key)
    if m:
        return f"{dt.date(int(m[1]), int(m[2]), 1):%B %Y} report"
    return f"{key} report"


def finding_citation(
    key: str,
    number: int,
    doc: Optional[Document] = None,
    *,
    doc_type: Optional[str] = None,
    inspection_kind: Optional[str] = None,
    visit_date: Optional[dt.date] = None,
) -> str:
    """Where a finding is printed, e.g. ``2024 report, para 23``."""
    doc_type = doc.doc_type if doc is not None else doc_type
    if doc_type in LETTER_KINDS:
        when = (doc.published or doc.inspection_end) if doc is not None else visit_date
        return f"{LETTER_KINDS[doc_type]}, {long_date(when) or key}, para {number}"
    if doc_type in ("ilacs_report", "sif_report") or (doc_type is None and inspection_kind in (None, "graded")):
        return f"{report_label(key)}, para {number}"
    if inspection_kind in INSPECTION_KIND_LETTER:
        when = long_date(visit_date) or key
        return f"{INSPECTION_KIND_LETTER[inspection_kind]}, {when}, para {number}"
    title = (doc.title if doc is not None and doc.title else DOC_TYPE_LABELS.get(doc_type or "", "document"))
    return f"{title}, para {number}"


def recommendation_citation(
    key: str,
    index: int,
    *,
    number: Optional[int] = None,
    cited: bool = False,
    quoting: Optional[Document] = None,
    framework: Optional[str] = None,
) -> str:
    """``2019 report, what needs to improve, item 4``; a cited one names the document quoting it.

    SIF-era reports print numbered "recommendations", ILACS reports a
    "what needs to improve" list, so the citation uses the report's own words.
    """
    item = number if number is not None else index
    if cited:
        where = ""
        if quoting is not None:
            label = DOC_TYPE_LABELS.get(quoting.doc_type, "document")
            when = quoting.published or quoting.meeting_date
            where = f", as quoted in the {label}" + (f" ({when:%B %Y})" if when else "")
        return f"{key} inspection, recommendation {item}{where}"
    if framework in ("SIF", "pre_SIF"):
        return f"{report_label(key)}, recommendation {item}"
    return f"{report_label(key)}, what needs to improve, item {item}"


def key_label(key: str) -> str:
    """An inspection key for prose: ``2019`` stays, ``2023-09`` reads ``September 2023``."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", key or "")
    return f"{dt.date(int(m[1]), int(m[2]), 1):%B %Y}" if m else key


_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z(“\"'‘])")


def sentences(text: str) -> list[str]:
    """Rough sentence split, good enough to choose what to quote."""
    text = " ".join(text.split())
    return [s for s in _SENTENCE.split(text) if s]


def cue_patterns(evidence: Iterable[str], kinds: Iterable[str]) -> list[re.Pattern]:
    """Regexes for a classifier's evidence strings of the given kinds.

    Evidence reads ``"negative: not ... consistently"`` or ``"cue: IROs"``;
    ``...`` stands for a gap within the sentence.
    """
    kinds = set(kinds)
    out = []
    for item in evidence:
        kind, _, cue = item.partition(": ")
        cue = cue.strip().lower()
        if kind not in kinds or len(cue) < 3:
            continue
        parts = [re.escape(p.strip()) for p in cue.split("...") if p.strip()]
        if parts:
            out.append(re.compile(r"\b" + r"\b.*?\b".join(parts) + r"\b"))
    return out


def short_quote(text: str, phrases: Iterable[str] = (), limit: int = 240,
                patterns: Sequence[re.Pattern] = ()) -> str:
    """A short, faithful quote: the sentence that carries the point.

    Never rewrites words: picks whole sentences from the finding, starting
    at the one with most matched phrases and cue ``patterns`` (the theme's
    and the polarity's cues from the classifier), else the first; adds
    following sentences up to about half the ``limit``, and cuts at a word
    boundary with an ellipsis only when even one sentence is too long.
    """
    parts = sentences(text)
    if not parts:
        return ""
    lowered = [p.lower() for p in parts]
    phrases = [p.lower() for p in phrases if p and len(p) > 3]
    start = 0
    if phrases or patterns:
        scores = [sum(ph in s for ph in phrases) + sum(bool(p.search(s)) for p in patterns) for s in lowered]
        if max(scores) > 0:
            start = scores.index(max(scores))
    quote = parts[start]
    i = start + 1
    while i < len(parts) and len(quote) + 1 + len(parts[i]) <= limit and len(quote) < limit // 2:
        quote += " " + parts[i]
        i += 1
    if len(quote) > limit:
        cut = quote[:limit].rsplit(" ", 1)[0].rstrip(",;:")
        quote = cut + "…"
    if start > 0:
        quote = "…" + quote
    elif i < len(parts) and not quote.endswith("…"):
        quote += " …"
    return quote


def pick_document(docs: Sequence[Document], number: Optional[int] = None) -> Optional[Document]:
    """The Ofsted document of an inspection that prints paragraph ``number``.

    When the same report is present twice (on its own and inside a council
    pack) the fuller copy wins.
    """
    ofsted = [d for d in docs if d.is_ofsted] or list(docs)
    if number is not None:
        holding = [d for d in ofsted if d.finding(number) is not None]
        if holding:
            ofsted = holding
    if not ofsted:
        return None
    return max(ofsted, key=lambda d: (len(d.findings), len(d.judgements)))


__all__ = [
    "long_date",
    "date_range",
    "report_label",
    "key_label",
    "finding_citation",
    "recommendation_citation",
    "sentences",
    "short_quote",
    "cue_patterns",
    "pick_document",
    "DOC_TYPE_LABELS",
]
