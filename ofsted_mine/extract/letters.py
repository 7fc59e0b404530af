"""Ofsted letters: monitoring visits, focused visits and JTAI letters.

All three share the letter shape (date, address block, ``Dear ...``, a
subject line, unnumbered paragraphs under a few headings, ``Yours
sincerely``, name and title), so one parser reads them and the document type
only changes which metadata is looked for.

How findings are numbered (letters print no paragraph numbers): the body
between the subject line and the sign-off opens with an introduction (the
"This letter summarises ..." paragraph, visit context, what inspectors looked
at, evidence considered, the framework statement), found by structure in
:mod:`ofsted_mine.extract.letter_intro`. It is kept as ``introduction`` text
and an "Introduction" section with its span (its own printed headings, such as
"Areas covered by the visit", are level-2 sections inside it), never as
findings. Every prose paragraph after it is a finding, numbered 1..N in
reading order from the first evaluative paragraph (headline findings
included), excluding headings, bullets (they become ``areas_covered`` or
``recommendations``, or are appended to the lead-in paragraph they complete)
and the closing procedural sentences ("Ofsted will take the findings ...
into account", "A copy of this letter will be sent ..."). ``section`` is the
governing heading; a heading that is not one of the letter's top-level
headings is a ``subheading``.

Improvement items are the bullets under "What needs to improve", "Areas for
priority action" / "Areas for improvement" or "Recommendations"; under the
first two and the last, short unbulleted lines are items too (converted
text loses the glyphs), while a JTAI's "Areas for improvement" prose stays
findings. Focused visits' "Inspectors looked at ..." sentences and
monitoring letters' "Areas covered by the visit" bullets are ``areas_covered``.

Paragraphs split by a page break or by the Ofsted address block printed at
the foot of page one are rejoined first (:mod:`ofsted_mine.extract.prose`).
A letter with no sign-off keeps what it has and says so in ``warnings``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from ofsted_mine.codebook import normalise_area, normalise_grade
from ofsted_mine.extract.base import new_document, span_of
from ofsted_mine.extract.dates import find_date_range, find_dates, parse_month_year
from ofsted_mine.extract.detect import detect
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.letter_intro import (
    AREAS_HEADING,
    intro_end,
    lead_and_items,
    looked_at_sentences,
)
from ofsted_mine.extract.prose import Para, is_contact_block_text, paragraphs, sentences, strip_item
from ofsted_mine.extract.report_meta import authority_name
from ofsted_mine.models import Document, Finding, Recommendation, Section

LETTER_TYPES = ("monitoring_visit_letter", "focused_visit_letter", "jtai_letter")

_DEAR = re.compile(r"^Dear\s+(.+?)[,:]?$")
_SIGN_OFF = re.compile(r"^Yours\s+(sincerely|faithfully)\b", re.I)
_CLOSING = re.compile(
    r"^Ofsted will (take|consider|use)\b|\bcopy of this letter\b|^I am copying this letter"
    r"|\bthis letter will be published\b|\bpublished on the Ofsted website\b"
    r"|^If you have any (questions|queries)|should prepare a written statement of (proposed )?action"
    r"|^I look forward to\b",
    re.I,
)
#: Headings that open a top-level part of a letter; anything else is a sub-heading.
_TOP = re.compile(
    r"^(overview|summary|introduction|context|findings|evaluation of progress|areas covered"
    r"|what needs to improve|areas? for (priority action|improvement|development)|priority action"
    r"|areas? (that|which) (need|require)|recommendations?|next steps|case stud)"
    r"|\b(findings|strengths|evaluation of progress|case study)\b",
    re.I,
)
_IMPROVE = re.compile(
    r"^(what needs to improve|areas? for (priority action|improvement|development)|priority action"
    r"|areas? (that|which) (need|require)|recommendations?$)",
    re.I,
)
#: improvement headings whose content is a list of items, never evaluative prose
#: (a JTAI's "Areas for improvement" is prose: its paragraphs stay findings)
_ITEM_LIST = re.compile(r"what needs to improve|priority action|^recommendations?$", re.I)
_ORDINALS = {
    w: i
    for i, w in enumerate(
        (
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ),
        start=1,
    )
}
_VISIT_NO = re.compile(
    r"\b(" + "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))\s+(?:monitoring\s+)?visit\b", re.I
)
_JUDGED = re.compile(
    r"\bjudged(?:\s+(?:to\s+be|as))?\s+(inadequate|requires? improvement(?: to be good)?|good|outstanding)",
    re.I,
)
_NAME = re.compile(
    r"\b[A-Z][a-zA-Z'’\-]+(?:\s+(?:[A-Z][a-zA-Z'’\-]+|de|van|von|le|la)){0,3}\s+[A-Z][a-zA-Z'’\-]+\b"
)
_ROLE = re.compile(
    r"(Her|His) Majesty['’]s\s+(Chief\s+)?Inspectors?|\bOfsted\s+(social care\s+)?Inspectors?"
    r"|\bSenior\s+HMI\b|\bHMIs?\b|\b(lead|senior|regulatory|social care)\s+inspectors?\b|\bInspectors?\b",
    re.I,
)
_ROLE_WORDS = re.compile(
    r"\b(Inspector|Director|Commission|Commissioner|Chief|Deputy|Ofsted|Council|Majesty|Head|Manager)\b"
)
_NOT_NAMES = re.compile(r"^(The|This|These|Her|His|Ofsted|Inspector|Inspectors|For|And)\b")
_LA = (
    re.compile(
        r"\b(?:visit|inspection)\s+(?:to|of|in)\s+(?:the\s+)?(.+?)\s+children['’]s services", re.I
    ),
    re.compile(
        r"\bjoint targeted area inspection(?: \(JTAI\))? of (?!the multi)(.+?)(?:\s*$|[.,])", re.I
    ),
    re.compile(
        r"\bresponse to .+? in (?:the\s+)?([A-Z][\w'’&\- ]+?)(?:\s+(?:between|on|from)\b|[.,]|$)"
    ),
)


def parse(src: SourceText, doc_type: Optional[str] = None) -> Document:
    """Extract one letter (monitoring, focused visit or JTAI) from ``src``."""
    if doc_type is None:
        det = detect(src.text)
        doc_type = det.doc_type if det.doc_type in LETTER_TYPES else "monitoring_visit_letter"
    doc = new_document(src, doc_type)
    paras = paragraphs(src, drop_contact_blocks=True)
    _Letter(doc, paras).run()
    return doc


class _Letter:
    """Walks a letter's paragraphs once, filling the document as it goes."""

    def __init__(self, doc: Document, paras: list[Para]) -> None:
        self.doc = doc
        self.paras = paras
        self.signatories: list[str] = []

    def run(self) -> None:
        doc, paras = self.doc, self.paras
        dear = next((i for i, p in enumerate(paras) if _DEAR.match(p.text) and p.words <= 8), None)
        if dear is None:
            doc.warnings.append("no 'Dear ...' salutation found: letter layout not recognised")
            # fall back on the opening sentence: what precedes it is the header
            opening = next(
                (
                    i
                    for i, p in enumerate(paras)
                    if re.search(r"letter summarises|findings of", p.text)
                ),
                0,
            )
            self._header(paras[:opening], None)
            dear = opening - 1
            if dear >= 0 and _is_subject(paras[dear]) and not find_dates(paras[dear].text):
                doc.title = paras[dear].text
        else:
            self._header(paras[:dear], paras[dear])
        body_start = dear + 1
        if body_start < len(paras) and _is_subject(paras[body_start]) and doc.title is None:
            doc.title = paras[body_start].text
            body_start += 1
        sign = next(
            (i for i in range(body_start, len(paras)) if _SIGN_OFF.match(paras[i].text)), None
        )
        if sign is None:
            doc.warnings.append("letter has no sign-off ('Yours sincerely'): it may be truncated")
            body = paras[body_start:]
            if (
                body
                and body[-1].kind == "prose"
                and not body[-1].text.rstrip().endswith((".", "?", "!", "’", "”", '"', ")"))
            ):
                doc.warnings.append("last paragraph ends mid-sentence: text is cut off")
        else:
            body = paras[body_start:sign]
            self._signature(paras[sign + 1 : sign + 6])
        self._body(body)
        self._metadata(body)
        if not doc.findings:
            doc.warnings.append("no findings paragraphs found in letter body")

    # -- header: date, addressee -------------------------------------------------
    def _header(self, head: list[Para], dear: Optional[Para]) -> None:
        """Letter date and addressee, read line by line above the salutation.

        Works whether the address block came out as one paragraph per line
        (text route) or as one block (PDF route, with or without the blank
        lines that separate the date, the address and the salutation).
        """
        doc = self.doc
        lines: list[str] = []
        for p in head:
            block = p.extra.get("block")
            if block is not None:
                lines.extend(ln.text.strip() for ln in block.lines)  # type: ignore[attr-defined]
            else:
                lines.extend(t.strip() for t in p.text.split("\n"))
        lines = [t for t in lines if t]
        date_i = None
        for i, t in enumerate(lines):
            dm = find_date_range(t)
            if dm and len(t.split()) <= 6 and len(t) - len(dm.text) <= 12:
                doc.published = dm.start
                date_i = i
                break
        addr = lines[date_i + 1 :] if date_i is not None else lines[-6:]
        addr = [t for t in addr if not is_contact_block_text(t)] or addr
        m = _DEAR.match(dear.text) if dear is not None else None
        salutation = m.group(1).strip() if m else ""
        addressee = None
        if len(addr) >= 2:
            addressee = addr[0]  # one line per address line: the first is the name
            head_part = addressee.split(",")[0].strip()
            if head_part != addressee and _NAME.fullmatch(
                re.sub(r"^(Mr|Mrs|Ms|Miss|Dr)\s+", "", head_part)
            ):
                addressee = head_part  # "Name, Director of Children's Services, Council"
        elif addr and salutation:
            surname = salutation.split()[-1]
            m = re.search(rf"^(.*?\b{re.escape(surname)}\b)", addr[0])
            addressee = m.group(1) if m and m.end() <= 60 else None
        doc.addressee = addressee or salutation or None

    @staticmethod
    def _first_line(p: Para) -> str:
        block = p.extra.get("block")
        if block is not None:
            return block.lines[0].text.strip()  # type: ignore[attr-defined]
        return p.text.split("\n")[0]

    # -- signature ---------------------------------------------------------------
    def _signature(self, after: list[Para]) -> None:
        names: list[str] = []
        for p in after:
            block = p.extra.get("block")
            raw_lines = [ln.text for ln in block.lines] if block is not None else [p.text]  # type: ignore[attr-defined]
            for raw in raw_lines:
                cut = re.split(
                    r",|\s+(?=(Her|His) Majesty|HMI\b|Ofsted\b|Senior\b|Regional\b|National\b|Director\b|Deputy\b|Chief\b)",
                    raw,
                )[0].strip()
                if (
                    cut
                    and _NAME.fullmatch(cut)
                    and not _NOT_NAMES.match(cut)
                    and not _ROLE_WORDS.search(cut)
                ):
                    names.append(cut)
        if names:
            self.doc.lead_inspector = names[0]
            self.signatories = names

    # -- body: introduction, sections, findings, bullets ----------------------------
    def _body(self, body: list[Para]) -> None:
        split = intro_end(body)
        self._introduction(body[:split])
        self._evaluation(body[split:])

    def _introduction(self, intro: list[Para]) -> None:
        """Keep the introduction as ``introduction`` text and an "Introduction" section.

        Its lists and "Inspectors looked at ..." sentences are ``areas_covered``;
        its own printed headings become level-2 sections inside it.
        """
        doc = self.doc
        kept = [p for p in intro if not (_CLOSING.search(p.text) and p.words <= 40)]
        if not kept:
            return
        doc.sections.append(
            Section(
                title="Introduction",
                level=1,
                page=kept[0].page,
                span=span_of(kept[0].start, kept[-1].end),
            )
        )
        parts: list[str] = []
        listed_areas = False  # under "Areas covered by the visit": its bullets are the areas
        for p in kept:
            if p.kind == "heading":
                doc.sections.append(self._section(p, 2))
                listed_areas = bool(AREAS_HEADING.match(p.text))
                continue
            if p.kind in ("bullet", "numbered"):
                item = strip_item(p.text)
                doc.areas_covered.append(item)
                if parts:
                    parts[-1] = f"{parts[-1]}\n- {item}"
                else:
                    parts.append(f"- {item}")
                continue
            listed = lead_and_items(p.text) if p.kind == "table" else None
            if listed is not None:
                lead, items = listed
                doc.areas_covered.extend(items)
                parts.append("\n".join(([lead] if lead else []) + [f"- {t}" for t in items]))
                continue
            if not listed_areas:
                # "Inspectors looked at ..." (a list's lead-in "...: " is not an area itself)
                doc.areas_covered.extend(
                    s for s in looked_at_sentences(p.text) if not s.rstrip().endswith(":")
                )
            parts.append(p.text)
        doc.introduction = "\n\n".join(parts) or None

    def _evaluation(self, body: list[Para]) -> None:
        """Findings, sections and improvement items of the evaluative part of a letter."""
        doc = self.doc
        section: Optional[str] = None
        sub: Optional[str] = None
        mode = "body"
        for p in body:
            if p.kind == "heading":
                if _TOP.search(p.text) or section is None:
                    section, sub = p.text, None
                    mode = (
                        "areas"
                        if AREAS_HEADING.match(p.text)
                        else "improve"
                        if _IMPROVE.match(p.text)
                        else "body"
                    )
                    doc.sections.append(self._section(p, 1))
                else:
                    sub = p.text
                    doc.sections.append(self._section(p, 2))
                continue
            if _CLOSING.search(p.text) and p.words <= 40:
                continue
            if p.kind in ("bullet", "numbered"):
                text = strip_item(p.text)
                if mode == "areas":
                    doc.areas_covered.append(text)
                elif mode == "improve":
                    self._recommendation(text, p)
                elif doc.findings and doc.findings[-1].text.rstrip().endswith(":"):
                    last = doc.findings[-1]
                    last.text = f"{last.text}\n{text}"
                    if last.span is not None:
                        last.span = span_of(last.span.start, p.end)
                else:
                    self._finding(p, section, sub)
                continue
            if p.kind == "table":
                listed = lead_and_items(p.text)
                if listed is None:
                    continue
                lead, items = listed
                if mode == "areas":
                    if lead:  # the lead-in reads as a paragraph, as when set apart
                        self._finding(replace(p, text=lead, kind="prose"), section, sub)
                    doc.areas_covered.extend(items)
                elif mode == "improve":
                    for text in items:
                        self._recommendation(text, p)
                else:
                    self._finding(p, section, sub)
                continue
            if (
                mode == "improve"
                and section is not None
                and _ITEM_LIST.search(section)
                and p.words <= 60
                and not p.text.rstrip().endswith(":")
            ):
                # "What needs to improve" items whose bullet glyphs were lost in conversion
                self._recommendation(p.text, p)
                continue
            self._finding(p, section, sub)

    def _recommendation(self, text: str, p: Para) -> None:
        self.doc.recommendations.append(
            Recommendation(
                index=len(self.doc.recommendations) + 1,
                text=text,
                page=p.page,
                span=span_of(p.start, p.end),
            )
        )

    def _section(self, p: Para, level: int) -> Section:
        return Section(title=p.text, level=level, page=p.page, span=span_of(p.start, p.end))

    def _finding(self, p: Para, section: Optional[str], sub: Optional[str]) -> None:
        self.doc.findings.append(
            Finding(
                number=len(self.doc.findings) + 1,
                text=p.text,
                section=section,
                subheading=sub,
                # a sub-heading naming a judgement area ("Help and protection") gives its area
                area=normalise_area(sub) if sub else None,
                page=p.page,
                span=span_of(p.start, p.end),
            )
        )

    # -- metadata from the opening paragraphs ---------------------------------------
    def _metadata(self, body: list[Para]) -> None:
        doc = self.doc
        intro = [p for p in body[:6] if p.kind == "prose"]
        intro_text = " ".join(p.text for p in intro)
        sents = sentences(intro_text)
        opening = next(
            (s for s in sents if re.search(r"letter summarises|findings of", s, re.I)),
            sents[0] if sents else "",
        )
        dm = find_date_range(opening)
        if dm is None:
            dm = next((d for s in sents[:4] for d in find_dates(s)), None)
        if dm is not None:
            doc.inspection_start, doc.inspection_end = dm.start, dm.end
        else:
            doc.warnings.append("visit dates not found in the opening paragraph")
        for source in ([doc.title] if doc.title else []) + [opening]:
            la = _local_authority(source)
            if la:
                doc.local_authority = la
                break
        m = next((_VISIT_NO.search(s) for s in sents if _VISIT_NO.search(s)), None)
        if m:
            word = m.group(1).lower()
            doc.visit_number = _ORDINALS.get(word) or int(re.match(r"\d+", word).group(0))  # type: ignore[union-attr]
        for s in sents:
            jm = _JUDGED.search(s)
            if jm:
                grade = normalise_grade(jm.group(1)) or jm.group(1).lower()
                when = parse_month_year(s[jm.end() :]) or parse_month_year(s)
                grade_text = grade.replace("_", " ")
                doc.monitored_judgement = (
                    f"{grade_text} ({when.strftime('%B %Y')})" if when else grade_text
                )
                break
        names: list[str] = []
        for s in sents:
            if (
                re.search(r"nspector", s)
                and re.search(r"\b(were|was|by)\b|Inspectors?,", s)
                and not re.search(
                    r"Chief Inspector|looked at|focused on|considered|reviewed|spoke", s
                )
            ):
                names.extend(_names(s))
        if not names:
            names = list(self.signatories)
        if doc.lead_inspector and doc.lead_inspector not in names:
            names.insert(0, doc.lead_inspector)
        doc.inspectors = list(dict.fromkeys(names))
        if doc.lead_inspector is None and doc.inspectors:
            doc.lead_inspector = doc.inspectors[0]
        if re.search(
            r"\bILACS\b|inspection of local authority children['’]s services", doc.text[:6000], re.I
        ):
            doc.framework = "ILACS"
        if doc.published is None:
            doc.warnings.append("letter date not found")


def _is_subject(p: Para) -> bool:
    """The subject line after the salutation: a heading, or a short unpunctuated line."""
    return p.kind == "heading" or (p.words <= 15 and not p.text.endswith("."))


def _names(sentence: str) -> list[str]:
    """Personal names in a sentence that introduces the inspectors."""
    cleaned = _ROLE.sub(",", sentence)
    cleaned = re.sub(
        r"\b(for this visit|this visit|the visit|were|was|carried out by|conducted by|undertaken by|led by)\b",
        ",",
        cleaned,
        flags=re.I,
    )
    out = []
    for part in re.split(r",|;|\band\b|\(|\)|\.$", cleaned):
        part = part.strip(" .")
        if part and _NAME.fullmatch(part) and not _NOT_NAMES.match(part):
            out.append(part)
    return out


def _local_authority(text: str) -> Optional[str]:
    for pat in _LA:
        m = pat.search(text)
        if m:
            la = m.group(1).strip(" ,.")
            la = re.sub(r"^(the|a)\s+", "", la, flags=re.I)
            la = re.sub(r"\s+local authority$", "", la, flags=re.I)
            if 0 < len(la.split()) <= 6:
                return authority_name(la)
    return None


__all__ = ["parse", "LETTER_TYPES"]
