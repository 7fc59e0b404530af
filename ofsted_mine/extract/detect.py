"""Document-type detection from structural text cues.

Returns a :class:`~ofsted_mine.models.Detection`: the type, a confidence
and the cues that decided it. Every cue is a piece of document *structure*
(a title line, a letter's opening sentence, a committee report's cover
fields, a pack's "Public Document Pack" banner), never the name of a
council or a person.

Each cue has a weight and, where position matters, a window: a title only
counts near the top (a commissioner review's contents list names the
inspection it discusses, which must not make it a SIF report). Scores are
summed per type; the best type wins if it reaches :data:`MIN_SCORE`, else
the text is ``unknown``. Confidence is the winner's share of all the
evidence, shrunk when the evidence is thin, so a lone weak cue never
claims certainty.

A council pack is recognised before anything it embeds: it is the only
type whose cues (the banner, several ``Agenda Item N`` markers, repeated
"This page is intentionally left blank" separators, cover-sheet fields of
more than one paper) span the whole file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ofsted_mine.models import OFSTED_DOC_TYPES as OFSTED_TYPES
from ofsted_mine.models import Detection

#: A type needs at least this much evidence to be returned.
MIN_SCORE = 2.0
_HEAD = 20000


@dataclass(frozen=True)
class Cue:
    """One piece of evidence for ``doc_type``; ``within`` limits it to the first N chars."""

    doc_type: str
    pattern: str
    weight: float
    within: Optional[int] = None
    min_count: int = 1
    name: Optional[str] = None
    #: search the text with line breaks folded to spaces (titles wrap over lines in PDFs)
    flat: bool = False


_M = re.I | re.M
CUES: tuple[Cue, ...] = (
    # council packs and their papers
    Cue(
        "council_pack",
        r"^\s*Public Document Pack\s*$",
        10.0,
        within=400,
        name="'Public Document Pack' banner",
    ),
    Cue(
        "council_pack",
        r"^\s*Agenda Item \d+\s*$",
        2.5,
        min_count=2,
        name="several 'Agenda Item N' markers",
    ),
    Cue(
        "council_pack",
        r"^\s*This page is intentionally left blank\s*$",
        1.5,
        min_count=2,
        name="blank-page separators",
    ),
    Cue(
        "council_pack",
        r"^\s*(Name of meeting|Report to)\s*:",
        2.5,
        min_count=2,
        name="several report cover sheets",
    ),
    Cue("agenda", r"^\s*Notice of Meeting\s*$", 2.5, within=4000),
    Cue("agenda", r"^\s*Agenda\s*$", 1.5, within=6000),
    Cue(
        "agenda",
        r"^\s*\d{1,2}[:.]\s+(Minutes of the Previous Meeting|Apologies|Declarations? of Interests?|Interests)\b",
        1.5,
    ),
    Cue("agenda", r"\bwill meet (in|at)\b", 1.0, within=4000),
    Cue("committee_minutes", r"^\s*Present\s*:", 2.0, within=4000),
    Cue("committee_minutes", r"^\s*RESOLVED\b", 1.5),
    Cue("committee_minutes", r"^\s*(In attendance|Apologies|Observers)\s*:", 0.75, within=4000),
    Cue("council_report", r"Name of meeting\s*:", 2.5, within=3000),
    Cue("council_report", r"Title of report\s*:", 2.5, within=3000),
    Cue("council_report", r"^\s*(Report to|Report of|Subject|Report title)\s*:", 1.0, within=3000),
    Cue("council_report", r"^\s*(\d\.?\s*)?Purpose of (the )?report\b", 1.0, within=5000),
    Cue("council_report", r"Electoral wards affected", 1.0, within=6000),
    Cue(
        "council_report",
        r"^\s*(Report of|Report author|Lead officer|Wards? affected)\s*:",
        1.0,
        within=3000,
    ),
    # Ofsted inspection reports
    Cue(
        "ilacs_report", r"\bInspection of .{0,80}?children.s services\b", 3.0, within=400, flat=True
    ),
    Cue("ilacs_report", r"^\s*The experiences and progress of\s+children\b", 1.0, within=8000),
    Cue(
        "ilacs_report",
        r"\bInspection of children.s social care services\b",
        3.0,
        within=600,
        flat=True,
    ),
    Cue("ilacs_report", r"The impact of leaders on social work practice", 1.5, within=8000),
    Cue("ilacs_report", r"^\s*Judgement\s+Grade\s*$", 1.0, within=6000),
    Cue("ilacs_report", r"^\s*Lead inspector\s*:", 0.75, within=3000),
    Cue(
        "sif_report",
        r"\b(Re-)?inspection of services for children in need of help and protection",
        3.0,
        within=600,
        flat=True,
    ),
    Cue(
        "sif_report",
        r"^\s*(\d\.\s*)?Children looked after and achieving permanence\b",
        1.5,
        within=10000,
    ),
    Cue("sif_report", r"^\s*Report published\s*:", 0.75, within=3000),
    Cue(
        "sif_report",
        r"Review of the effectiveness of the Local Safeguarding Children Board",
        1.0,
        within=1000,
        flat=True,
    ),
    Cue("sif_report", r"^\s*(\d\.\s*)?Leadership, management and governance\b", 1.0, within=6000),
    # the framework before SIF (to 2013): parsed by sif.py as framework "pre_SIF"
    Cue(
        "sif_report",
        r"^\s*Inspection of (safeguarding and )?looked after children services\b",
        3.0,
        within=600,
        flat=True,
    ),
    # Ofsted letters
    Cue(
        "monitoring_visit_letter",
        r"^\s*Monitoring visit (to|of|at) .{0,80}children.s services",
        3.0,
        within=4000,
    ),
    Cue("monitoring_visit_letter", r"^\s*Monitoring visit (to|of|at) \S", 1.0, within=4000),
    Cue(
        "monitoring_visit_letter",
        r"findings of (the|a|an) (\w+ )?monitoring visit",
        3.0,
        within=6000,
    ),
    Cue(
        "monitoring_visit_letter",
        r"monitoring visit since the local authority was judged",
        1.0,
        within=6000,
    ),
    Cue(
        "focused_visit_letter",
        r"^\s*Focused visit (to|of|at) .{0,80}children.s services",
        3.0,
        within=4000,
    ),
    Cue("focused_visit_letter", r"findings of (the|a) focused visit", 3.0, within=6000),
    Cue("jtai_letter", r"joint targeted area inspection", 2.0, within=2500, flat=True),
    Cue(
        "jtai_letter",
        r"findings of (the|a) joint targeted area inspection",
        2.0,
        within=5000,
        flat=True,
    ),
    Cue("jtai_letter", r"\bJTAI\b", 1.0, within=6000),
    Cue("jtai_letter", r"Care Quality Commission|\bCQC\b", 0.5, within=6000),
    Cue("jtai_letter", r"HMICFRS|HM Inspectorate of (Constabulary|Probation)", 0.5, within=6000),
    # commissioner reviews
    Cue("commissioner_review", r"report to the Secretary of State", 4.0, within=1500),
    Cue("commissioner_review", r"\b(children.s services )?commissioner\b", 0.5, within=8000),
    Cue("commissioner_review", r"^\s*Terms of Reference\s*$", 0.75),
    Cue("commissioner_review", r"^\s*Options\s*$", 0.5),
)
_ESCAPE = re.compile(r"\\.")
_OPTIONAL = re.compile(r"[^()](?:[?*]|\{0,)")
_WORD = re.compile(r"[A-Za-z]{3,}")
# Words nearly every document here contains: a poor prefilter, chosen last.
_COMMON = frozenset({"inspection", "children", "report", "services", "findings", "local"})


def _split_top(pattern: str, sep: str = "|") -> list[str]:
    """``pattern`` split at ``sep`` characters outside any group."""
    parts, depth, cur = [], 0, []
    for ch in pattern:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def needles(pattern: str) -> Optional[frozenset[str]]:
    """Words (lower case) one of which every match of ``pattern`` contains; ``None`` if unsure.

    Why: most cues are absent from most texts, and ``str.find`` on lowered
    text is far cheaper than a case-insensitive, line-anchored regex over
    20,000 characters. Each top-level alternative gives its longest literal
    word outside groups (escapes and optional characters removed), else the
    words of its first required group; an alternative with no sure word
    makes the whole answer ``None`` (always search).
    """
    pattern = _ESCAPE.sub(" ", pattern)
    alts = _split_top(pattern)
    if len(alts) > 1:
        out: set[str] = set()
        for alt in alts:
            got = needles(alt)
            if got is None:
                return None
            out |= got
        return frozenset(out)
    groups: list[str] = []
    outside: list[str] = []
    depth, start = 0, 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "(":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                quant = pattern[i + 1 : i + 2]
                if quant not in ("?", "*"):
                    inner = pattern[start:i]
                    groups.append(inner[2:] if inner.startswith("?:") else inner)
                else:
                    i += 1
                outside.append(" ")
        elif depth == 0:
            outside.append(ch)
        i += 1
    words = _WORD.findall(_OPTIONAL.sub(" ", "".join(outside)))
    if words:
        return frozenset([max(words, key=lambda w: (w.lower() not in _COMMON, len(w))).lower()])
    for inner in groups:
        got = needles(inner)
        if got is not None:
            return got
    return None


def _first(low: str, words: frozenset[str], end: int) -> int:
    """Index of the first of ``words`` in ``low[:end]`` (with slack), or -1."""
    hits = [k for k in (low.find(w, 0, end) for w in words) if k >= 0]
    return min(hits) if hits else -1


_COMPILED = [(c, re.compile(c.pattern, _M), needles(c.pattern)) for c in CUES]


def _line_matches(
    rx: re.Pattern[str], hay: str, low: str, words: frozenset[str], end: int, first_only: bool
) -> list[re.Match[str]]:
    """Matches of a line-anchored (``^``) pattern, tried only on lines holding a needle.

    A match starts at a line start and contains a needle, so it is tried at the
    start of each needle's line and of the line before (a pattern may run over
    one line break). Much cheaper than a full search when the needles are rare.
    """
    starts: set[int] = set()
    for w in words:
        k = low.find(w, 0, end)
        while k >= 0:
            ls = hay.rfind("\n", 0, k) + 1
            starts.add(ls)
            starts.add(hay.rfind("\n", 0, max(0, ls - 1)) + 1)
            k = low.find(w, k + 1, end)
    found: dict[int, re.Match[str]] = {}
    for ls in sorted(starts):
        m = rx.match(hay, ls)
        if m is not None and m.end() not in found:
            found[m.end()] = m
            if first_only:
                break
    return sorted(found.values(), key=lambda m: m.start())
_LETTER = re.compile(r"^\s*Dear\s+\S", _M)
_SIGN_OFF = re.compile(r"^\s*Yours\s+(sincerely|faithfully)", _M)
_LETTER_TYPES = ("monitoring_visit_letter", "focused_visit_letter", "jtai_letter")


def score(text: str) -> dict[str, tuple[float, list[str]]]:
    """Evidence per type: ``{doc_type: (score, cues)}`` (the raw material of :func:`detect`)."""
    head = text[:_HEAD]
    low = text.lower()
    out: dict[str, tuple[float, list[str]]] = {}
    for cue, rx, word in _COMPILED:
        end = len(text) if cue.min_count > 1 else _HEAD
        if cue.within is not None:
            end = cue.within
        # prefilter (a little slack: lowering can change a string's length); a match
        # holds one of the words, so searching starts a few lines before the first
        pos = 0
        if word is not None:
            k = _first(low, word, end + 16)
            if k < 0:
                continue
            pos = text.rfind("\n", 0, max(0, k - 200)) + 1
        hay = text if end >= len(text) else (head if end == _HEAD else text[:end])
        if cue.flat:
            pos = 0  # flattening moves offsets
            hay = " ".join(hay.split())
        elif word is not None and cue.pattern.startswith("^"):
            ms = _line_matches(rx, hay, low, word, len(hay), cue.min_count == 1)
            if len(ms) < cue.min_count:
                continue
            label = cue.name or (
                f"{len(ms)} x {cue.pattern}"
                if cue.min_count > 1
                else " ".join(ms[0].group(0).split())[:80]
            )
            total, cues = out.get(cue.doc_type, (0.0, []))
            out[cue.doc_type] = (total + cue.weight, [*cues, label])
            continue
        if cue.min_count > 1:
            found = rx.findall(hay, pos)
            if len(found) < cue.min_count:
                continue
            label = cue.name or f"{len(found)} x {cue.pattern}"
        else:
            m = rx.search(hay, pos)
            if not m:
                continue
            label = cue.name or " ".join(m.group(0).split())[:80]
        total, cues = out.get(cue.doc_type, (0.0, []))
        out[cue.doc_type] = (total + cue.weight, [*cues, label])
    # a letter's shape backs whichever letter type its subject names
    if (
        low.find("dear", 0, _HEAD + 16) >= 0
        and "yours" in low
        and _LETTER.search(head)
        and _SIGN_OFF.search(text)
    ):
        for t in _LETTER_TYPES:
            if t in out:
                s, c = out[t]
                out[t] = (s + 1.0, [*c, "letter layout (Dear ... Yours sincerely)"])
    return out


_COVER_TOP = re.compile(r"^\s*(Name of meeting|Report to|Title of report|Report of)\s*:", _M)
_OFSTED_START = re.compile(
    r"^\s*(Monitoring visit|Focused visit) (to|of|at) .{0,80}children.s services"
    r"|This letter summarises the findings of"
    r"|^\s*(Re-)?Inspection of .{0,80}?children.s (social care )?services\s*$"
    r"|^\s*(Re-)?Inspection of services for children in need of help and protection",
    _M | re.I,
)


def _council_cover_with_ofsted(text: str, best: str) -> Optional[list[str]]:
    """A council paper whose cover sheet comes first and an Ofsted document follows.

    Such a file is a small pack (officer report + appended letter or report):
    reading it as the Ofsted document alone would lose the paper and take
    the cover's dates for the letter's.
    """
    if best not in OFSTED_TYPES:
        return None
    cover = _COVER_TOP.search(text[:2500])
    if cover is None:
        return None
    ofsted = _OFSTED_START.search(text)
    if ofsted and ofsted.start() > cover.start() + 1500:
        return [
            "council cover sheet first",
            f"Ofsted document follows: {' '.join(ofsted.group(0).split())[:60]}",
        ]
    return None


def detect(text: str) -> Detection:
    """Best-guess document type of ``text`` with the cues that decided it."""
    scores = score(text)
    if not scores:
        return Detection(doc_type="unknown", confidence=0.0, cues=[])
    best = max(scores, key=lambda k: scores[k][0])
    best_score, cues = scores[best]
    wrapped = _council_cover_with_ofsted(text, best)
    if wrapped is not None:
        scores["council_pack"] = (best_score + 1.0, wrapped)
        best, (best_score, cues) = "council_pack", scores["council_pack"]
    if best_score < MIN_SCORE:
        return Detection(doc_type="unknown", confidence=0.0, cues=cues)
    # a pack contains council papers and Ofsted documents: their cues are not rivals
    rivals = {t: v for t, v in scores.items() if best != "council_pack" or t == best}
    total = sum(s for s, _ in rivals.values())
    share = best_score / total
    strength = min(1.0, best_score / 5.0)
    confidence = round(share * (0.5 + 0.5 * strength), 3)
    return Detection(doc_type=best, confidence=confidence, cues=cues)


__all__ = ["detect", "score", "CUES", "Cue", "MIN_SCORE"]
