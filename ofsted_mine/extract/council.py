"""Council papers: officer reports, committee minutes and agendas.

These carry no Ofsted judgements; what users need from them is *which paper
this is* (title, committee, meeting date) and its outline (sections), so a
pack can be navigated and an embedded Ofsted document put in context.

Structure used (no council names):

* officer report: the cover fields ``Name of meeting:``, ``Date:``,
  ``Title of report:`` (on one line or several), numbered section headings;
  a date printed without a year borrows the year of the report's sign-off
  date, with a warning;
* minutes: the committee heading and date above ``Present:``, numbered
  items, ``RESOLVED`` blocks;
* agenda / notice of meeting: "The <committee> will meet ... on <date>",
  numbered items ``N: Title`` (with their page ranges dropped);
* anything else in a pack (work programmes, forms): a ``council_report``
  titled by its first title-like line.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from ofsted_mine.extract.base import new_document, span_of
from ofsted_mine.extract.dates import find_dates, parse_date
from ofsted_mine.extract.detect import score
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.prose import paragraphs
from ofsted_mine.models import Document, Section

COUNCIL_TYPES = ("council_report", "committee_minutes", "agenda")
#: Cover-sheet field labels councils print on officer reports (several house styles).
_LABELS = (
    r"(?:Name of meeting|Meeting|Report to|Date of meeting|Date|Title of report|Report title|Title"
    r"|Subject|Purpose of (?:the )?report|Report of|Report author|Lead officer|Wards? affected"
    r"|Electoral wards affected|Key decision|Classification)\s*:"
)
_FIELD = {
    name: re.compile(rf"(?:^|(?<=\s)){pat}\s*(.+?)\s*(?=\s{_LABELS}|$)", re.I | re.M)
    for name, pat in (
        ("meeting", r"(?:Name of meeting|Meeting|Report to)\s*:"),
        ("date", r"(?:Date of meeting|Date)\s*:"),
        ("title", r"(?:Title of report|Report title|Title|Subject)\s*:"),
    )
}
_NUMBERED_HEADING = re.compile(r"^-?\s*(\d{1,2})(?:\.(\d{1,2}))?\.?\s+([A-Z][^.]{2,90}?)\s*$")
_MINUTE_ITEM = re.compile(r"^(\d{1,2})\s+([A-Z][^.]{2,100}?)\s*$")
#: "5: Title 9 - 14" (ModernGov) or "5. Title (Pages 9 - 14)"
_AGENDA_ITEM = re.compile(
    r"^(\d{1,2})\s*[:.]\s*(.+?)"
    r"(?:\s*\(\s*Pages?\s*\d{1,3}(?:\s*-\s*\d{1,3})?\s*\)|\s+\d{1,3}\s*-\s*\d{1,3})?\s*$"
)
_NOTICE = re.compile(r"^\s*Notice of (the )?Meeting\s*$", re.I)
_PRESENT = re.compile(r"^\s*Present\s*:", re.I)
_WILL_MEET = re.compile(r"\bThe\s+((?:[\w'’&,-]+\s+){0,7}?[\w'’&-]+)\s+will meet\b(.*)", re.I)
#: the report's contact officer: a capitalised name after the label
_CONTACT = re.compile(
    r"(?i:contact officer)\s*:?\s*(?:\n\s*)*([A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){1,3})"
)
_ROLE_WORDS = {
    "Head",
    "Service",
    "Director",
    "Manager",
    "Principal",
    "Officer",
    "Assistant",
    "Strategic",
}
_FILLER = re.compile(r"^(not applicable|n/?a|none|yes|no|all)$", re.I)
_KNOWN_TITLES = re.compile(
    r"declaration of interests|work programme|agenda plan|forward plan|work plan", re.I
)


def kind_of(text: str) -> str:
    """Which council paper ``text`` is (``council_report`` when unsure)."""
    scores = score(text)
    best = max(COUNCIL_TYPES, key=lambda t: scores.get(t, (0.0, []))[0])
    return best if scores.get(best, (0.0, []))[0] > 0 else "council_report"


def parse(src: SourceText, doc_type: Optional[str] = None) -> Document:
    """Parse a council paper; the type is detected unless given."""
    doc_type = doc_type or kind_of(src.text)
    if doc_type == "committee_minutes":
        return parse_minutes(src)
    if doc_type == "agenda":
        return parse_agenda(src)
    return parse_report(src)


def _head(src: SourceText, n: int = 40) -> str:
    return "\n".join(ln.text for ln in src.lines[:n])


def _date_with_year(text: str, doc: Document, context: str) -> Optional[dt.date]:
    """A date; if printed without a year, borrow one from other dates in ``context``."""
    found = find_dates(text)
    if found:
        return found[0].start
    years = [d.start for d in find_dates(context)]
    if years:
        guess = parse_date(text, default_year=years[0].year)
        if guess is not None:
            if guess < years[0]:
                guess = parse_date(text, default_year=years[0].year + 1)
            doc.warnings.append(
                f"meeting date '{text.strip()}' has no year; year taken from the report's other dates"
            )
            return guess
    if text.strip():
        doc.warnings.append(f"meeting date '{text.strip()}' could not be read")
    return None


def parse_report(src: SourceText) -> Document:
    """An officer report (cover sheet fields, numbered sections) or a generic paper."""
    doc = new_document(src, "council_report")
    head = _head(src)
    fields = {
        k: (m.group(1).strip() if (m := rx.search(head)) else None) for k, rx in _FIELD.items()
    }
    if fields["title"]:
        doc.title = fields["title"]
    else:
        doc.title = _first_title(src)
    if fields["date"]:
        doc.meeting_date = _date_with_year(fields["date"], doc, src.text[:6000])
    elif fields["meeting"] and find_dates(fields["meeting"]):
        doc.meeting_date = find_dates(fields["meeting"])[
            0
        ].start  # "Report to: Board - 6 March 2019"
    _sections(src, doc, _NUMBERED_HEADING)
    m = _CONTACT.search(src.text)
    if m:
        words = m.group(1).split()
        cut = next((i for i, w in enumerate(words) if w in _ROLE_WORDS), len(words))
        if cut >= 2:
            doc.author = " ".join(words[:cut])
    return doc


def parse_minutes(src: SourceText) -> Document:
    """Committee minutes: committee and date above ``Present:``, numbered items."""
    doc = new_document(src, "committee_minutes")
    lines = src.lines
    present = next((i for i, ln in enumerate(lines[:80]) if _PRESENT.match(ln.text)), None)
    header = [
        ln.text.strip() for ln in lines[: present if present is not None else 12] if ln.text.strip()
    ]
    when = None
    committee = None
    for t in reversed(header):
        if when is None and len(t.split()) <= 6 and find_dates(t):
            when = find_dates(t)[0].start
            continue
        if (
            when is not None
            and committee is None
            and not re.search(r"\bcouncil\s*$|officer\s*:", t, re.I)
        ):
            committee = t
            break
    doc.meeting_date = when
    if committee:
        doc.title = f"Minutes: {_tidy_case(committee)}"
    else:
        doc.title = "Minutes"
        doc.warnings.append("committee name not found above 'Present:'")
    if when is None:
        doc.warnings.append("meeting date of the minutes not found")
    _sections(src, doc, _MINUTE_ITEM, headings=False)
    return doc


def parse_agenda(src: SourceText) -> Document:
    """A notice of meeting and agenda."""
    doc = new_document(src, "agenda")
    flat = " ".join(src.text[:6000].split())
    m = _WILL_MEET.search(flat)
    if m:
        doc.title = f"Agenda: {_tidy_case(m.group(1))}"
        dates = find_dates(m.group(2)[:300])
        if dates:
            doc.meeting_date = dates[0].start
    if doc.meeting_date is None:
        dates = find_dates(src.text[:3000])
        if dates:
            doc.meeting_date = dates[-1].start
    if doc.title is None:
        doc.title = _first_title(src) or "Agenda"
    notice = next((i for i, ln in enumerate(src.lines[:80]) if _NOTICE.match(ln.text)), None)
    if notice is not None:
        # the notice is dated on the line(s) just above "Notice of Meeting"
        above = [ln.text for ln in src.lines[max(0, notice - 4) : notice] if ln.text.strip()]
        found = find_dates(" ".join(above[-2:]))
        if found:
            doc.published = found[-1].start
    for i, ln in enumerate(src.lines):
        am = _AGENDA_ITEM.match(ln.text.strip())
        if am and len(am.group(2).split()) <= 16:
            doc.sections.append(
                Section(
                    title=f"{am.group(1)}: {am.group(2)}",
                    level=1,
                    page=ln.page,
                    span=span_of(ln.start, ln.end),
                )
            )
        if i > 400:
            break
    return doc


def _sections(
    src: SourceText, doc: Document, pattern: re.Pattern[str], *, headings: bool = True
) -> None:
    """Numbered headings (and, with ``headings``, other heading lines) as sections."""
    for p in paragraphs(src):
        if p.kind not in ("heading", "numbered", "prose") or p.words > 14:
            continue
        m = pattern.match(p.text)
        if m or (headings and p.kind == "heading"):
            title = p.text.lstrip("- ").strip()
            if title.endswith((".", ",")) or ":" in title or _FILLER.match(title):
                continue
            doc.sections.append(
                Section(
                    title=title,
                    level=2 if (m and m.lastindex and m.lastindex >= 2 and m.group(2)) else 1,
                    page=p.page,
                    span=span_of(p.start, p.end),
                )
            )


def _first_title(src: SourceText) -> Optional[str]:
    """First title-like line: a known council form/plan name, else the first short line."""
    texts = [ln.text.strip() for ln in src.lines[:40] if ln.text.strip()]
    for t in texts[:12]:
        m = _KNOWN_TITLES.search(t)
        if m and len(t.split()) <= 14:
            return _tidy_case(t)
        if m:
            return _tidy_case(m.group(0).upper())
    for t in texts[:6]:
        if len(t.split()) <= 12 and not re.search(r"\bcouncil\s*$", t, re.I):
            return _tidy_case(t)
    return _tidy_case(texts[0][:100]) if texts else None


def _tidy_case(text: str) -> str:
    """Title-case an ALL-CAPS heading, keeping apostrophes right ("CHILDREN'S" → "Children's")."""
    text = " ".join(text.split())
    if text.upper() != text:
        return text
    small = {"and", "of", "the", "for", "in", "on", "to", "a", "an"}
    words = []
    for i, w in enumerate(text.lower().split()):
        words.append(w if (i and w in small) else w[:1].upper() + w[1:])
    return " ".join(words)


__all__ = ["parse", "parse_report", "parse_minutes", "parse_agenda", "kind_of", "COUNCIL_TYPES"]
