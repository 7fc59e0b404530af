"""Report metadata lines: authority names, inspection dates, lead inspector.

Title pages label their facts ("Inspection dates: …", "Lead inspector: …",
"Report published: …"); letters and reviews name the same people and
councils, so the normalisation of an authority's name and an inspector's
name lives here, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ofsted_mine.extract.dates import find_date_range
from ofsted_mine.extract.paragraphs import Block

_AUTHORITY_SUFFIX = re.compile(
    r"(?:,?\s+(?:the\s+)?(?:city\s+of|metropolitan\s+borough\s+council|metropolitan\s+district\s+council"
    r"|metropolitan\s+council|borough\s+council|city\s+council|county\s+council|district\s+council"
    r"|city\s+and\s+county\s+council|council|county\s+borough|corporation))+\s*$",
    re.I,
)
_AUTHORITY_PREFIX = re.compile(
    r"^(?:the\s+)?(?:london\s+borough\s+of|royal\s+borough\s+of|metropolitan\s+borough\s+of"
    r"|borough\s+of|city\s+of|county\s+of|council\s+of\s+the|county(?=\s+[A-Z][a-z]+$))\s+",
    re.I,
)


def authority_name(raw: str) -> str:
    """The authority's name without its council style.

    "Kirklees Metropolitan Borough Council" → "Kirklees", "Bristol City of"
    → "Bristol", "London Borough of Croydon" → "Croydon", "Royal Borough of
    Greenwich" → "Greenwich", "County Durham" and "Durham County Council" →
    "Durham", "City of London Corporation" → "London". The same rule for
    every parser, so one council is one key in comparisons (the comparator's
    :func:`~ofsted_mine.compare.authority.authority_key` of the result).
    """
    name = " ".join(raw.replace("’", "'").split()).strip(" ,.:")
    name = re.sub(r"(?<=[a-z])\d+$", "", name)  # footnote marker glued on
    stripped = _AUTHORITY_PREFIX.sub("", _AUTHORITY_SUFFIX.sub("", name)).strip(" ,")
    return stripped or name


_INSPECTOR_TAIL = re.compile(
    r"(?:,|\s)\s*(?:(?:her|his)\s+majesty.s\s+inspector|hmi\b|senior\s+hmi|"
    r"social\s+care\s+regulatory\s+inspector|ofsted\s+inspector|lead\s+inspector|"
    r"senior\s+his\s+majesty).*$",
    re.I,
)
_LEAD = re.compile(r"^(?:lead|reporting)\s+inspector\s*:?\s*(?P<name>.*)$", re.I)
_DATES = re.compile(r"^inspection\s+dates?\s*:?\s*(?P<rest>.*)$", re.I)
_PUBLISHED = re.compile(r"^(?:report\s+)?published\s*:?\s*(?P<rest>.*)$", re.I)


def inspector_name(text: str) -> Optional[str]:
    """The inspector's name from "Rachel Griffiths, His Majesty's Inspector" or "X HMI"."""
    name = _INSPECTOR_TAIL.sub("", " ".join(text.split())).strip(" ,.;:")
    return name or None


@dataclass
class Meta:
    start: object = None
    end: object = None
    published: object = None
    lead_inspector: Optional[str] = None


def read_meta(blocks: list[Block], limit: int) -> Meta:
    """Dates, publication date and lead inspector from the first ``limit`` blocks."""
    meta = Meta()
    for i, block in enumerate(blocks[:limit]):
        text = block.raw
        m = _DATES.match(text)
        if m and meta.start is None:
            nxt = blocks[i + 1].raw if i + 1 < len(blocks) else ""
            dm = find_date_range(m.group("rest") + " " + nxt) or find_date_range(nxt)
            if dm:
                meta.start, meta.end = dm.start, dm.end
            continue
        m = _PUBLISHED.match(text)
        if m and meta.published is None:
            dm = find_date_range(m.group("rest"))
            if dm:
                meta.published = dm.start
            continue
        m = _LEAD.match(text)
        if m and meta.lead_inspector is None:
            rest = m.group("name").strip()
            if not rest and i + 1 < len(blocks):
                rest = blocks[i + 1].raw
            meta.lead_inspector = inspector_name(rest)
    return meta


__all__ = ["Meta", "authority_name", "inspector_name", "read_meta"]
