"""Commissioner reviews: a commissioner's report to the Secretary of State.

A review is often the only text at hand describing the inspection that
triggered it, so besides its own content (title, date, commissioner,
sections, options, recommendations, findings) it yields the earlier
inspection's judgements and recommendations as *cited* records.

Rules (structure only):

* **Sections** come from the contents list ("Title ... page") and are
  matched to their heading lines in the body (level 1); other short,
  unpunctuated lines standing alone in the body are level-2 headings.
* **Findings**: every prose paragraph of the body (from the first section to
  the signature) with at least :data:`MIN_FINDING_WORDS` words, numbered
  1..N in reading order (printed paragraph numbers, where a review has them,
  are dropped and the paragraphs numbered 1..N the same way). Tables, bullet
  lists, list items, headings, timeline lines ("March 2016: ..."), option
  lines and the recommendations are not findings. A list is the run of items
  numbered 1, 2, 3 ... after a lead-in ending in ":"; a break in that
  numbering ends it. A paragraph that directly follows a lead-in ending in
  ":" which mentions Ofsted or the inspection is a quotation and gets
  ``source="cited"``.
* **Recommendations** (``source="stated"``): the numbered items under the
  ``Recommendations`` heading. **Options**: lines ``Option N - ...`` under
  ``Options``, kept in ``Document.options``.
* **Cited inspection**: the first date *range* in a sentence about an
  inspection gives ``cited_inspection_start/end``. Sentences that say an
  area "was judged / rated / found" a grade (and mention no other year)
  become cited :class:`Judgement` records; a numbered list introduced by a
  sentence about (Ofsted's / the inspection's) recommendations becomes cited
  :class:`Recommendation` records with their printed numbers.
* A table of older external judgements (earlier frameworks, no canonical
  areas, publication months only) is not converted; a warning says so.
* **Date**: the date written under the signature (the day the commissioner
  reported); the cover's month is the fallback, and a disagreement between
  the two is reported in ``warnings``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from ofsted_mine.codebook import normalise_grade
from ofsted_mine.extract.base import new_document, span_of
from ofsted_mine.extract.dates import find_dates, parse_month_year
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.prose import Para, norm_heading, numbered_item, paragraphs, sentences
from ofsted_mine.models import Document, Finding, Judgement, Recommendation, Section

MIN_FINDING_WORDS = 12
_CONTENTS = re.compile(r"^\s*(table of )?contents\s*$", re.I)
_TOC_ENTRY = re.compile(r"^(?P<title>\S.*?\S)[\s.…]*\s(?P<page>\d{1,3})$")
_SIGNATURE = re.compile(
    r"^(?P<name>[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,3}),?\s+(?:the\s+)?[\w'’ ]*?Commissioner\b"
)
_OPTION = re.compile(r"^Option\s+(\d{1,2})\s*[–—:\-.]\s*(.+)$", re.S)
_GRADE = re.compile(
    r"\b(inadequate|requires? improvement(?: to be good)?|requiring improvement|good|outstanding|adequate)\b",
    re.I,
)
_JUDGED = re.compile(r"\b(judged|rated|graded|found)\b", re.I)
#: the grade must follow the verb closely ("were all rated as inadequate")
_MAX_VERB_TO_GRADE = 80
_AREA_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("lscb", re.compile(r"safeguarding children board|\bLSCB\b|\b[A-Z]{1,3}SCB\b")),
    ("help_and_protection", re.compile(r"help and protection", re.I)),
    ("adoption", re.compile(r"adoption performance", re.I)),
    ("care_leavers", re.compile(r"(experiences and progress of )?care leavers", re.I)),
    (
        "children_in_care",
        re.compile(r"looked after(?: and achieving permanence)?|children in care", re.I),
    ),
    (
        "leadership",
        re.compile(r"leadership, management and governance|\bleadership\b|impact of leaders", re.I),
    ),
    (
        "overall_effectiveness",
        re.compile(
            r"\boverall\b|children['’]s (social care )?services (were|was|are|in \w+ (are|were))"
            r"|judged (children['’]s )?services\b",
            re.I,
        ),
    ),
)
_TIMELINE = re.compile(r"^(?:\w+\s+)?(?:19|20)\d\d\s*:")
#: judgements are read clause by clause ("... were inadequate, while ... were judged good")
_CLAUSE = re.compile(r";|,\s*(?:while|whereas|but)\s+")
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_QUOTE_LEADIN = re.compile(r"\b(Ofsted|inspect\w*)\b", re.I)
_REC_LEADIN = re.compile(r"recommendation", re.I)


def parse(src: SourceText) -> Document:
    """Extract a commissioner's review (own content plus cited inspection)."""
    doc = new_document(src, "commissioner_review")
    _Review(src, doc).run()
    return doc


class _Review:
    def __init__(self, src: SourceText, doc: Document) -> None:
        self.src = src
        self.doc = doc
        self.toc: list[str] = []

    def run(self) -> None:
        src, doc = self.src, self.doc
        toc_end = self._contents()
        paras = paragraphs(src, headings=self.toc)
        body_from = next(
            (i for i, p in enumerate(paras) if p.first >= toc_end and p.kind == "heading"), None
        )
        head = paras[: body_from or 0] if body_from is not None else paras[:6]
        self._cover(head)
        if body_from is None:
            doc.warnings.append("no contents list or headings found: whole text treated as body")
            body_from = 0
        sig = self._signature(paras, body_from)
        body = paras[body_from:sig]
        self._cited_dates(body)
        self._walk(body)
        if not doc.findings:
            doc.warnings.append("no findings paragraphs found")

    # -- front matter ---------------------------------------------------------------
    def _contents(self) -> int:
        """Read the contents list; return the line index after it (0 if none)."""
        lines = self.src.lines
        start = next((i for i, ln in enumerate(lines[:200]) if _CONTENTS.match(ln.text)), None)
        if start is None:
            return 0
        end = start + 1
        misses = 0
        for i in range(start + 1, min(len(lines), start + 120)):
            t = lines[i].text.strip()
            if not t:
                continue
            m = _TOC_ENTRY.match(t)
            if m and not m.group("title").endswith("."):
                self.toc.append(m.group("title").strip())
                end = i + 1
                misses = 0
            else:
                misses += 1
                if self.toc or misses > 2:
                    break
        for title in self.toc:
            self.doc.sections.append(Section(title=title, level=1))
        return end

    def _cover(self, head: list[Para]) -> None:
        doc = self.doc
        titles = [p for p in head if p.kind in ("heading", "prose") and not _CONTENTS.match(p.text)]
        if titles:
            best = next(
                (p for p in titles if re.search(r"Secretary of State|Commissioner", p.text)),
                titles[0],
            )
            doc.title = best.text
            m = re.match(
                r"^(.*?)(?:\s+(?:Metropolitan|Borough|City|County)\b.*?)?\s*(?:Council\s*)?(?:['’]s\s+)?Children['’]s",
                best.text,
            )
            if m and 0 < len(m.group(1).split()) <= 4:
                doc.local_authority = m.group(1).strip(" :,")
        for p in head:
            if p.words <= 4:
                dm = find_dates(p.text)
                month = parse_month_year(p.text)
                if dm:
                    doc.published = dm[0].start
                    break
                if month:
                    doc.published = month
                    self.cover_month = month
                    break

    def _signature(self, paras: list[Para], body_from: int) -> int:
        """Find the commissioner's signature; returns the index where the body ends."""
        doc = self.doc
        end = len(paras)
        for i in range(len(paras) - 1, body_from, -1):
            if re.match(r"^©\s*Crown copyright", paras[i].text):
                end = i
        for i in range(end - 1, max(body_from, end - 15), -1):
            m = _SIGNATURE.match(paras[i].text)
            if m:
                doc.author = m.group("name")
                if doc.local_authority is None:
                    la = re.search(r"\bin ([A-Z][\w'’\- ]+?)[,.]?$", paras[i].text)
                    if la:
                        doc.local_authority = la.group(1)
                for p in paras[i + 1 : min(end, i + 5)]:
                    dm = find_dates(p.text)
                    if dm and p.words <= 6:
                        self._signed(dm[0].start)
                        break
                return i
        doc.warnings.append("no commissioner's signature found (name, role and date at the end)")
        return end

    def _signed(self, when: dt.date) -> None:
        doc = self.doc
        cover = getattr(self, "cover_month", None)
        if cover is not None and (cover.year, cover.month) != (when.year, when.month):
            doc.warnings.append(
                f"cover date {cover.strftime('%B %Y')} differs from the signed date "
                f"{when.strftime('%d %B %Y')}; published is the signed date"
            )
        doc.published = when

    # -- cited inspection -------------------------------------------------------------
    def _cited_dates(self, body: list[Para]) -> None:
        for p in body:
            if p.kind == "table":
                continue
            for s in sentences(p.text):
                if not re.search(r"inspect", s, re.I):
                    continue
                ranges = [d for d in find_dates(s) if d.is_range]
                if ranges:
                    self.cited = (ranges[0].start, ranges[0].end)
                    return
        self.cited = None  # type: ignore[assignment]

    def _cited_years(self) -> set[int]:
        if not self.cited:
            return set()
        return {self.cited[0].year, self.cited[1].year}

    def _judgements(self, p: Para) -> None:
        doc = self.doc
        years = self._cited_years()
        clauses = [c for s in sentences(p.text) for c in _CLAUSE.split(s) if c and c.strip()]
        for s in clauses:
            vm = _JUDGED.search(s)
            if not vm:
                continue
            gm = _GRADE.search(s, vm.start())
            if not gm or gm.start() - vm.end() > _MAX_VERB_TO_GRADE:
                continue
            mentioned = {int(y.group(0)) for y in _YEAR.finditer(s)}
            if years and mentioned - years:
                continue
            grade = normalise_grade(gm.group(1).replace("requiring", "requires"))
            if grade is None:
                continue
            subject = s[: gm.start()]
            for area, rx in _AREA_CUES:
                am = rx.search(subject)
                if not am or doc.judgement(area) is not None:
                    continue
                if area == "care_leavers" and "children_in_care" in {
                    j.area for j in doc.judgements
                }:
                    continue
                doc.judgements.append(
                    Judgement(
                        area=area,
                        grade=grade,
                        area_text=am.group(0),
                        grade_text=gm.group(1),
                        source="cited",
                        cited_inspection_start=self.cited[0] if self.cited else None,
                        cited_inspection_end=self.cited[1] if self.cited else None,
                        page=p.page,
                    )
                )

    # -- body walk ----------------------------------------------------------------------
    def _walk(self, body: list[Para]) -> None:
        doc = self.doc
        toc = {norm_heading(t) for t in self.toc}
        section: Optional[str] = None
        prev: Optional[Para] = None
        # a lead-in ending in ":" opens a list whose items run 1, 2, 3 ...; a
        # list introduced as (an inspection's) recommendations is cited
        in_list, list_cited = False, False
        list_last: Optional[int] = None
        warned_table = False
        for p in body:
            if p.kind == "heading" and prev is not None and prev.kind == "table":
                prev = p  # a table's caption, not a section
                continue
            if p.kind == "heading":
                section = p.text
                in_list = False
                if norm_heading(p.text) in toc:
                    for sec in doc.sections:
                        if norm_heading(sec.title) == norm_heading(p.text) and sec.span is None:
                            sec.span = span_of(p.start, p.end)
                            sec.page = p.page
                            break
                else:
                    doc.sections.append(
                        Section(title=p.text, level=2, page=p.page, span=span_of(p.start, p.end))
                    )
                prev = p
                continue
            sec_name = norm_heading(section or "")
            if p.kind == "table":
                if (
                    not warned_table
                    and _GRADE.search(p.text)
                    and len({m.group(0) for m in _YEAR.finditer(p.text)}) >= 2
                ):
                    doc.warnings.append(
                        "table of earlier external judgements not converted (older frameworks, "
                        "no canonical areas, publication months only)"
                    )
                    warned_table = True
                prev = p
                continue
            om = _OPTION.match(p.text)
            if sec_name == "options" and om:
                doc.options.append(
                    Recommendation(
                        index=len(doc.options) + 1,
                        number=int(om.group(1)),
                        area="option",
                        text=om.group(2).strip(),
                        page=p.page,
                        span=span_of(p.start, p.end),
                    )
                )
                prev = p
                continue
            item = numbered_item(p.text) if p.kind == "numbered" else None
            if item is not None:
                num, body_text = item
                in_list = in_list and num == (list_last + 1 if list_last is not None else 1)
                if in_list:
                    list_last = num
                    if list_cited:
                        self._rec(p, item, "cited")
                elif sec_name == "recommendations":
                    self._rec(p, item, "stated")
                elif sec_name != "options":
                    # a review that numbers its own paragraphs: each is a finding
                    self._judgements(p)
                    if len(body_text.split()) >= MIN_FINDING_WORDS:
                        self._add_finding(p, body_text, section, cited=False)
                    in_list, list_last = body_text.rstrip().endswith(":"), None
                    list_cited = in_list and self._rec_leadin(p, prev)
                prev = p
                continue
            if p.kind == "bullet":
                prev = p
                continue
            # prose
            self._judgements(p)
            if _TIMELINE.match(p.text):
                prev = p
                continue
            in_list, list_last = p.text.rstrip().endswith(":"), None
            list_cited = in_list and self._rec_leadin(p, prev)
            if p.words >= MIN_FINDING_WORDS:
                quoted = bool(
                    prev is not None
                    and prev.kind == "prose"
                    and prev.text.rstrip().endswith(":")
                    and _QUOTE_LEADIN.search(prev.text)
                    and not _REC_LEADIN.search(sentences(prev.text)[-1])
                )
                self._add_finding(p, p.text, section, cited=quoted)
            prev = p

    def _add_finding(self, p: Para, text: str, section: Optional[str], *, cited: bool) -> None:
        self.doc.findings.append(
            Finding(
                number=len(self.doc.findings) + 1,
                text=text,
                section=section,
                page=p.page,
                span=span_of(p.start, p.end),
                source="cited" if cited else "stated",
            )
        )

    def _rec_leadin(self, p: Para, prev: Optional[Para]) -> bool:
        """Does ``p`` introduce a list of an inspection's recommendations?"""
        last = sentences(p.text)[-1] if p.text else ""
        if not _REC_LEADIN.search(last) and not _REC_LEADIN.search(p.text):
            return False
        following = re.search(r"\bthe following (\w+)", last, re.I)
        if following and not following.group(1).lower().startswith("recommendation"):
            return False
        context = p.text + " " + (prev.text if prev is not None else "")
        return bool(_QUOTE_LEADIN.search(context))

    def _rec(self, p: Para, item: tuple[int, str], source: str) -> None:
        doc = self.doc
        cited = source == "cited" and self.cited
        doc.recommendations.append(
            Recommendation(
                index=len(doc.recommendations) + 1,
                number=item[0],
                text=item[1],
                source=source,  # type: ignore[arg-type]
                cited_inspection_start=self.cited[0] if cited else None,
                cited_inspection_end=self.cited[1] if cited else None,
                page=p.page,
                span=span_of(p.start, p.end),
            )
        )


__all__ = ["parse", "MIN_FINDING_WORDS"]
