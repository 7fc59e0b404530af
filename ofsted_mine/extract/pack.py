"""Council "Public Document Packs": split into their papers and parse each.

A pack is the agenda/notice, then the papers in agenda order: minutes,
forms, officer reports, and Ofsted reports and letters reproduced verbatim.
Nothing in the file says where one paper ends, so the splitter looks for
structural boundaries:

* ``Agenda Item N`` markers and officer-report cover sheets (two or more
  fields such as ``Name of meeting:``, ``Report to:``, ``Date:``, ``Title of
  report:``, ``Subject:`` within a few lines) start a paper; ``This page is
  intentionally left blank`` ends one;
* ``Present:`` starts minutes (their committee/date header lines above it are
  taken with it);
* an Ofsted letter starts at its date line (with Ofsted's address block above
  it) when a ``Dear ...`` salutation follows and the letter's opening or
  subject names a visit or inspection; it ends after the signature;
* an Ofsted report starts at its title page (the authority's name may sit on
  the line above "Inspection of ...", and "Inspection dates:" must follow)
  and ends at ``© Crown copyright``;
* inside an otherwise unclassified stretch, a standalone title line naming a
  work programme / agenda plan / forward plan starts a new paper.

Each piece is cut with :meth:`SourceText.slice`, detected again, and parsed
by the same parser as a standalone file (:func:`ofsted_mine.extract.parser_for`),
so an embedded Ofsted report extracts exactly as if it stood alone.

Returned: first a ``council_pack`` Document for the whole file (title,
meeting date, one ``Section`` per constituent with its span), then the
constituents in order, each with ``parent`` = the pack's id, ``line_range``
(1-based, inclusive, in the pack) and ``page_range`` for PDFs. The pack's
agenda/notice is an ``agenda`` constituent; the other council papers take the
pack's meeting date unless they state their own.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from ofsted_mine.extract.base import new_document, span_of
from ofsted_mine.extract.dates import find_dates
from ofsted_mine.extract.detect import detect
from ofsted_mine.extract.furniture import shape
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.paragraphs import ends_sentence
from ofsted_mine.extract.prose import is_contact_block
from ofsted_mine.models import OFSTED_DOC_TYPES, Detection, Document, Section

_AGENDA_ITEM = re.compile(r"^\s*Agenda Item\s+\d+[A-Za-z]?\s*$", re.I)
_BLANK_PAGE = re.compile(
    r"^\s*This page is (intentionally|deliberately) (left )?blank\.?\s*$", re.I
)
_COVER = re.compile(r"^\s*(Name of meeting|Report to|Date of meeting|Meeting)\s*:", re.I)
_COVER_FIELD = re.compile(
    r"(?:^|\s)(Name of meeting|Report to|Date of meeting|Meeting|Date|Title of report|Report title"
    r"|Subject|Report of|Report author|Lead officer|Wards? affected|Purpose of (?:the )?report)\s*:",
    re.I,
)
_PRESENT = re.compile(r"^\s*Present\s*:", re.I)
_DEAR = re.compile(r"^\s*Dear\s+(?!(Member|Councillor|Sir or Madam)\b)\S")
_LETTER_CUE = re.compile(
    r"letter summarises|(monitoring|focused) visit (to|of)|joint targeted area inspection|inspection of",
    re.I,
)
_SIGN_OFF = re.compile(r"^\s*Yours\s+(sincerely|faithfully)", re.I)
_REPORT_TITLE = re.compile(
    r"^\s*((Re-)?Inspection of .{0,80}?children.s (social care )?services"
    r"|(Re-)?Inspection of services for children in need of help and protection.*"
    r"|Inspection of .{0,60}local authority)\s*$",
    re.I,
)
_REPORT_DATES = re.compile(r"^\s*Inspection dates?\s*:", re.I)
_CROWN = re.compile(r"^\s*©\s*Crown copyright", re.I)
_PLAN_TITLE = re.compile(r"\b(work programme|agenda plan|forward plan|work plan)\b", re.I)


@dataclass
class Piece:
    """A stretch of the pack: lines ``[first, end)`` and what it is believed to be."""

    first: int
    end: int
    hint: Optional[str] = None  # "letter", "report", "minutes", "cover", None


def parse_pack(src: SourceText) -> list[Document]:
    """Split a council pack into its constituent documents and parse each."""
    from ofsted_mine.extract import parser_for

    pack = new_document(src, "council_pack", detection=detect(src.text))
    pieces = split(src)
    docs: list[Document] = []
    agenda_date = None
    for piece in pieces:
        sub = src.slice(piece.first, piece.end)
        if not sub.text.strip():
            continue
        if piece.hint in ("report", "letter"):
            sub = strip_running_lines(sub)
        doc_type = _type_of(sub, piece, first=piece is pieces[0])
        try:
            if doc_type in ("council_report", "committee_minutes", "agenda"):
                from ofsted_mine.extract.council import parse as parse_council

                result = parse_council(sub, doc_type)
            else:
                result = parser_for(doc_type)(sub)
        except Exception as exc:  # noqa: BLE001 - one bad paper must not lose the pack
            result = new_document(sub, "unknown")
            result.warnings.append(
                f"lines {piece.first + 1}-{piece.end}: {doc_type} parser failed "
                f"({type(exc).__name__}: {exc}); text kept, no structure extracted"
            )
        parsed = result if isinstance(result, list) else [result]
        if piece.hint == "report":
            _check_report_end(sub, parsed)
        for doc in parsed:
            if doc.detection is None:
                doc.detection = detect(sub.text)
            doc.parent = pack.id
            doc.line_range = (piece.first + 1, piece.end)
            pages = [ln.page for ln in sub.lines if ln.page is not None]
            doc.page_range = (min(pages), max(pages)) if pages else None
            if doc.doc_type == "agenda" and agenda_date is None:
                agenda_date = doc.meeting_date
                pack.published = doc.published  # the date the notice was sent
            docs.append(doc)
    pack.meeting_date = agenda_date
    for doc in docs:
        if doc.doc_type == "council_report" and doc.meeting_date is None:
            doc.meeting_date = agenda_date
        start = src.lines[doc.line_range[0] - 1].start  # type: ignore[index]
        end = src.lines[doc.line_range[1] - 1].end  # type: ignore[index]
        pack.sections.append(
            Section(
                title=f"{doc.doc_type}: {doc.title or '(untitled)'}",
                level=1,
                page=src.lines[doc.line_range[0] - 1].page,  # type: ignore[index]
                span=span_of(start, end),
            )
        )
    _share_authority(pack, docs, src.text)
    agenda = next((d for d in docs if d.doc_type == "agenda"), None)
    pack.title = (
        f"Document pack: {agenda.title.removeprefix('Agenda: ')}"
        if agenda and agenda.title
        else "Document pack"
    )
    if not any(d.is_ofsted for d in docs):
        pack.warnings.append("no Ofsted report or letter found in this pack")
    return [pack, *docs]


_COUNCIL_NAME = re.compile(
    r"\b((?:[A-Z][a-z]+(?:[ -](?:upon|on|and|of|[A-Z][a-z]+))*))\s+"
    r"(?:Metropolitan\s+Borough\s+|Borough\s+|City\s+|County\s+|District\s+)?Council\b"
)
_NOT_A_PLACE = {"The", "This", "Full", "County", "City", "Borough", "District", "Town", "Parish", "Local", "Our"}


def pack_authority(docs: list[Document], text: str) -> Optional[str]:
    """The council a pack belongs to.

    Council papers rarely say their own authority in a form the report
    parsers read, but the pack does, twice over: its Ofsted papers name the
    authority they inspected, and the notice and minutes name the council
    ("X Council advocates openness ..."). The Ofsted papers win; otherwise
    the council name printed most often in the pack (at least twice, so one
    mention of a partner council does not decide it).
    """
    from ofsted_mine.extract.report_meta import authority_name

    named = Counter(d.local_authority for d in docs if d.is_ofsted and d.local_authority)
    if named:
        return named.most_common(1)[0][0]
    councils = Counter(
        authority_name(m.group(0))
        for m in _COUNCIL_NAME.finditer(text)
        if m.group(1).split()[0] not in _NOT_A_PLACE
    )
    if councils:
        name, count = councils.most_common(1)[0]
        if count >= 2:
            return name
    return None


def _share_authority(pack: Document, docs: list[Document], text: str) -> None:
    """Give the pack and its council papers the pack's authority where they have none."""
    authority = pack_authority(docs, text)
    if authority is None:
        return
    for doc in [pack, *docs]:
        if doc.local_authority is None and not doc.is_ofsted:
            doc.local_authority = authority


def strip_running_lines(sub: SourceText) -> SourceText:
    """Drop an embedded document's own running header/footer lines (PDF packs).

    Ingestion learns furniture over the whole pack, so a report's footer that
    recurs on ten of fifty pages is kept; inside the report's own pages it
    recurs on most of them. Lines among the first or last two of a page
    whose shape (digits folded) recurs at the page edges of at least half the
    piece's pages, and of three or more, are removed. Text-route pieces are
    returned unchanged.
    """
    if sub.kind != "pdf":
        return sub
    by_page: dict[int, list[int]] = {}
    for idx, ln in enumerate(sub.lines):
        if ln.page is not None and not ln.blank:
            by_page.setdefault(ln.page, []).append(idx)
    if len(by_page) < 3:
        return sub
    edge: dict[int, str] = {}
    counts: Counter[str] = Counter()
    for idxs in by_page.values():
        shapes = set()
        for idx in {*idxs[:2], *idxs[-2:]}:
            edge[idx] = shape(sub.lines[idx].text)
            shapes.add(edge[idx])
        counts.update(shapes)
    need = max(3, (len(by_page) + 1) // 2)
    running = {sh for sh, c in counts.items() if c >= need and len(sh) > 3}
    drop = {idx for idx, sh in edge.items() if sh in running}
    if not drop:
        return sub
    rows = [
        (ln.text, ln.page, ln.x0, ln.size, ln.bold)
        for idx, ln in enumerate(sub.lines)
        if idx not in drop
    ]
    out = SourceText.from_lines(sub.path, sub.sha256, rows, kind="pdf", warnings=sub.warnings)
    out.line_offset, out.char_offset = sub.line_offset, sub.char_offset
    return out


def _check_report_end(sub: SourceText, parsed: list[Document]) -> None:
    """An embedded report should end with Ofsted's closing boilerplate; say so if it does not."""
    if any(_CROWN.match(ln.text) for ln in sub.lines[-40:]):
        return
    last = next((ln.text.strip() for ln in reversed(sub.lines) if ln.text.strip()), "")
    for doc in parsed:
        doc.warnings.append(
            "embedded report has no closing '© Crown copyright': it may be truncated"
        )
        if last and not ends_sentence(last):
            doc.warnings.append("embedded report ends mid-sentence: text is cut off")


def _type_of(sub: SourceText, piece: Piece, first: bool) -> str:
    det: Detection = detect(sub.text)
    if piece.hint == "letter" and det.doc_type in OFSTED_DOC_TYPES:
        return det.doc_type
    if piece.hint == "letter":
        return (
            "monitoring_visit_letter"
            if "monitoring visit" in sub.text[:4000].lower()
            else "focused_visit_letter"
        )
    if piece.hint == "report":
        return det.doc_type if det.doc_type in ("ilacs_report", "sif_report") else "ilacs_report"
    if piece.hint == "minutes":
        return "committee_minutes"
    if piece.hint == "cover":
        return "council_report"
    if first:
        return "agenda"
    if det.doc_type in ("council_report", "committee_minutes", "agenda"):
        return det.doc_type
    if det.doc_type in OFSTED_DOC_TYPES and det.confidence >= 0.7:
        return det.doc_type  # an Ofsted document the splitter's own cues missed
    return "council_report"


def split(src: SourceText) -> list[Piece]:
    """Cut the pack's lines into pieces (see the module docstring for the rules)."""
    lines = src.lines
    n = len(lines)
    starts: dict[int, Optional[str]] = {0: None}
    ends: set[int] = set()
    i = 0
    while i < n:
        t = lines[i].text
        if _BLANK_PAGE.match(t):
            ends.add(i)
            starts.setdefault(i + 1, None)
        elif _AGENDA_ITEM.match(t):
            starts.setdefault(i, None)
        elif _COVER.match(t) and _is_cover(lines, i) and not _cover_above(starts, i):
            _start_near(starts, i, "cover", lines)
        elif _PRESENT.match(t):
            _start_near(starts, _minutes_header(lines, i), "minutes", lines)
        elif _DEAR.match(t) and _is_letter(lines, i):
            first = _letter_start(lines, i)
            _start_near(starts, first, "letter", lines)
            sign = next(
                (k for k in range(i, min(n, i + 2000)) if _SIGN_OFF.match(lines[k].text)), None
            )
            if sign is not None:
                stop = _after_signature(lines, sign)
                starts.setdefault(stop, None)
                i = stop
                continue
        elif _REPORT_TITLE.match(t) and _is_report_title(lines, i):
            first = _report_start(lines, i)
            _start_near(starts, first, "report", lines)
            limit = _next_boundary(lines, i + 1)
            # the closing boilerplate is the last "© Crown copyright" before the next paper
            # (older reports also print one on their front page)
            crown = next((k for k in range(limit - 1, i, -1) if _CROWN.match(lines[k].text)), None)
            if crown is not None:
                starts.setdefault(crown + 1, None)
                i = crown + 1
                continue
        i += 1
    cuts = sorted(set(starts) | {e for e in ends})
    pieces: list[Piece] = []
    for a, b in zip(cuts, [*cuts[1:], n], strict=True):
        if a in ends:
            a += 1  # the separator line belongs to no paper
        if a >= b or not any(
            lines[k].text.strip() and not _AGENDA_ITEM.match(lines[k].text) for k in range(a, b)
        ):
            continue
        hint = starts.get(a)
        while a < b and (
            not lines[a].text.strip()
            or _AGENDA_ITEM.match(lines[a].text)
            and hint in ("letter", "report")
        ):
            a += 1
        pieces.append(Piece(a, _trim_end(lines, a, b), hint))
    return _split_plans(lines, pieces)


def _next_boundary(lines, i: int) -> int:
    """Index of the next line that certainly starts or ends a paper (or the end)."""
    for k in range(i, len(lines)):
        t = lines[k].text
        if (
            _BLANK_PAGE.match(t)
            or _AGENDA_ITEM.match(t)
            or (_COVER.match(t) and _is_cover(lines, k))
            or _PRESENT.match(t)
            or (_REPORT_TITLE.match(t) and _is_report_title(lines, k))
            or (_DEAR.match(t) and _is_letter(lines, k))
        ):
            return k
    return len(lines)


def _start_near(starts: dict[int, Optional[str]], i: int, hint: str, lines) -> None:
    """Start a piece at ``i`` unless a boundary opened just above (then label that one).

    An Ofsted letter or report is cut from its own first line: the council's
    "Agenda Item N" stamp above it is left out, so the Ofsted text is the same
    as the standalone publication.
    """
    k = i - 1
    while k >= 0 and (not lines[k].text.strip() or _AGENDA_ITEM.match(lines[k].text)):
        if k in starts:
            if hint in ("letter", "report") and starts[k] is None:
                starts[i] = hint  # the stamp alone is a piece that is dropped
            else:
                starts[k] = starts[k] or hint
            return
        k -= 1
    if k + 1 in starts:
        starts[k + 1] = starts[k + 1] or hint
        return
    starts[i] = hint if starts.get(i) is None else starts[i]


def _is_cover(lines, i: int) -> bool:
    """An officer report's cover sheet: two or more cover fields within a few lines."""
    labels = set()
    for ln in lines[i : i + 15]:
        for m in _COVER_FIELD.finditer(ln.text):
            labels.add(m.group(1).lower())
    return len(labels) >= 2


def _cover_above(starts: dict[int, Optional[str]], i: int) -> bool:
    """A cover sheet started in the last few lines (its fields run on)."""
    return any(starts.get(k) == "cover" for k in range(max(0, i - 15), i))


def _minutes_header(lines, i: int) -> int:
    """Walk up from ``Present:`` over the short header lines (council, committee, date)."""
    first = i
    seen = 0
    k = i - 1
    while k >= 0 and seen < 6:
        t = lines[k].text.strip()
        if not t:
            k -= 1
            continue
        if len(t.split()) > 8 or t.endswith(".") or _AGENDA_ITEM.match(t) or _BLANK_PAGE.match(t):
            break
        first = k
        seen += 1
        k -= 1
    return first


def _is_letter(lines, i: int) -> bool:
    window = " ".join(ln.text for ln in lines[i : i + 12])
    return bool(_LETTER_CUE.search(window))


def _letter_start(lines, dear: int) -> int:
    """The letter's date line (and Ofsted's address block above it), else the salutation."""
    date_line = None
    for k in range(dear - 1, max(-1, dear - 25), -1):
        t = lines[k].text.strip()
        if _BLANK_PAGE.match(t) or _AGENDA_ITEM.match(t):
            break
        if t and len(t.split()) <= 6 and find_dates(t):
            date_line = k
            break
    if date_line is None:
        return dear
    first = date_line
    k = date_line - 1
    while k >= 0 and k > date_line - 14:
        t = lines[k].text.strip()
        if not t:
            k -= 1
            continue
        if is_contact_block([lines[k]]) or len(t.split()) <= 4 and not t.endswith("."):
            if _BLANK_PAGE.match(t) or _AGENDA_ITEM.match(t):
                break
            if is_contact_block([lines[k]]):
                first = k
            k -= 1
            continue
        break
    return first


def _after_signature(lines, sign: int) -> int:
    """First line after the signature (name, title: up to three short lines)."""
    k = sign + 1
    taken = 0
    n = len(lines)
    while k < n and taken < 3:
        t = lines[k].text.strip()
        if not t:
            k += 1
            continue
        if len(t.split()) > 10 or _AGENDA_ITEM.match(t) or _BLANK_PAGE.match(t) or _COVER.match(t):
            break
        taken += 1
        k += 1
    return k


def _is_report_title(lines, i: int) -> bool:
    return any(_REPORT_DATES.match(ln.text) for ln in lines[i : i + 15])


def _report_start(lines, i: int) -> int:
    """Include the authority's name on the line above the title, if it is there."""
    k = i - 1
    while k >= 0 and not lines[k].text.strip():
        k -= 1
    if k >= 0:
        t = lines[k].text.strip()
        if (
            len(t.split()) <= 8
            and not t.endswith(".")
            and not _BLANK_PAGE.match(t)
            and not _AGENDA_ITEM.match(t)
            and not re.match(r"^(appendix|annex|enclosure|attachment)\b", t, re.I)
        ):
            return k
    return i


def _trim_end(lines, a: int, b: int) -> int:
    while b > a and not lines[b - 1].text.strip():
        b -= 1
    return b


def _split_plans(lines, pieces: list[Piece]) -> list[Piece]:
    """Inside unlabelled pieces, start a new piece at each work-programme / plan title line."""
    out: list[Piece] = []
    for idx, p in enumerate(pieces):
        if p.hint is not None or idx == 0:
            out.append(p)
            continue
        cuts = [p.first]
        for k in range(p.first + 1, p.end):
            t = lines[k].text.strip()
            if (
                t
                and _PLAN_TITLE.search(t)
                and len(t.split()) <= 10
                and not re.match(r"^\d", t)
                and sum(1 for j in range(cuts[-1], k) if lines[j].text.strip()) >= 3
            ):
                # take a short committee-name line just above the title with it
                j = k - 1
                while j > p.first and not lines[j].text.strip():
                    j -= 1
                start = (
                    j
                    if j > cuts[-1]
                    and len(lines[j].text.split()) <= 6
                    and not lines[j].text.strip().endswith(".")
                    else k
                )
                if start > cuts[-1]:
                    cuts.append(start)
        for a, b in zip(cuts, [*cuts[1:], p.end], strict=True):
            out.append(Piece(a, _trim_end(lines, a, b), None))
    return out


__all__ = ["parse_pack", "split", "Piece"]
