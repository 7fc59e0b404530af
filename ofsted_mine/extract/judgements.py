"""Judgement wording of Ofsted reports: areas and grades as printed → canonical ids.

Shared by the report parsers (tables, judgement lists, section headings) and
usable by anything that quotes a judgement ("…help and protection: good",
"The graded judgement for adoption performance is that it requires
improvement", "Children's services in X are inadequate"). The area wording
matched is Ofsted's framework wording, never a council's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ofsted_mine.codebook import normalise_area, normalise_grade
from ofsted_mine.extract.paragraphs import word_count
from ofsted_mine.models import Judgement

GRADE_WORDS = r"requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|good|outstanding|adequate"
_GRADE_TAIL = re.compile(
    rf"(?:\s*[:–-]\s*|\s+is\s+that\s+it(?:\s+is)?\s+|\s+(?:is|are)\s+(?:judged\s+(?:to\s+be\s+)?)?|\s+)"
    rf"(?P<grade>{GRADE_WORDS})\s*\.?\s*(?:because\s*:?)?$",
    re.I,
)
# Standard wording of judgement areas across frameworks (Ofsted's, not any council's).
_AREA_HEAD = re.compile(
    r"^(?:section\s+\d+\s*:\s*)?(?:\d(?:\.\d)?\.?\s+)?(?:the\s+)?"
    r"(?:graded\s+judge?ment\s+(?:for|about|on)\s+(?:the\s+)?)?"
    r"(?:effectiveness\s+of\s+the\s+)?(?:review\s+of\s+the\s+effectiveness\s+of\s+the\s+)?"
    r"(?P<area>experiences?\s+and\s+progress\s+of\s+.+|impact\s+of\s+leaders\b.*"
    r"|leadership,?\s+management\s+and\s+governance|leadership\s+and\s+management"
    r"|children\s+who\s+need\s+help\s+and\s+protection"
    r"|children\s+looked\s+after\s+and\s+achieving\s+permanence"
    r"|outcomes\s+for\s+looked\s+after\s+children(?:\s+and\s+young\s+people)?"
    r"|adoption(?:\s+performance)?|care\s+leavers"
    r"|(?:local\s+safeguarding\s+children\s+board|lscb)(?:\s*\(lscb\))?"
    r"|overall\s+effectiveness(?:\s+of\s+services\s+for\s+.+)?)$",
    re.I,
)


@dataclass(frozen=True)
class AreaGrade:
    area: str
    area_text: str
    grade: Optional[str]
    grade_text: Optional[str]


def grade_of(text: str) -> Optional[str]:
    """Canonical grade, reading the old framework's "adequate" as requires improvement."""
    return normalise_grade(text)


def judgement_heading(text: str) -> Optional[AreaGrade]:
    """Area (and grade, when printed) of a judgement-section heading, else ``None``.

    Accepts "…help and protection: good", "…help and protection requires
    improvement to be good", "The graded judgement for adoption performance
    is that it requires improvement", "The Local Safeguarding Children
    Board is inadequate", and the bare area name.
    """
    flat = " ".join(text.replace("’", "'").split())
    if not flat or word_count(flat) > 30:
        return None
    grade = grade_text = None
    head = flat
    m = _GRADE_TAIL.search(flat)
    if m and m.start() > 0:
        grade_text = m.group("grade")
        grade = grade_of(grade_text)
        head = flat[: m.start()]
    am = _AREA_HEAD.match(head.rstrip(" :."))
    if not am:
        return None
    area = normalise_area(am.group("area"))
    if area is None:
        return None
    return AreaGrade(area, head.rstrip(" :."), grade, grade_text)


_ROW = re.compile(
    rf"(?P<area>(?:\d(?:\.\d)?\.?\s+)?[A-Za-z][^.:]*?)\s*:?\s+(?P<grade>{GRADE_WORDS})\b\.?",
    re.I,
)
_ROW_NUMBER = re.compile(r"^\d(?:\.\d)?\.?\s+")


def table_rows(text: str) -> list[AreaGrade]:
    """``area grade`` pairs in the flattened text of a judgement table or list."""
    out: list[AreaGrade] = []
    for m in _ROW.finditer(" ".join(text.replace("’", "'").split())):
        area_text = _ROW_NUMBER.sub("", m.group("area").strip())
        area = normalise_area(area_text)
        if area is None:
            continue
        out.append(AreaGrade(area, area_text, grade_of(m.group("grade")), m.group("grade")))
    return out


def combined_areas(area: str, area_text: str) -> list[str]:
    """Areas a single printed judgement covers ("children in care and care leavers")."""
    low = area_text.lower()
    if area == "children_in_care" and "care leavers" in low:
        return ["children_in_care", "care_leavers"]
    return []


def make_judgement(ag: AreaGrade, page: Optional[int]) -> Optional[Judgement]:
    if ag.grade is None or ag.grade_text is None:
        return None
    return Judgement(
        area=ag.area,
        grade=ag.grade,
        area_text=ag.area_text,
        grade_text=ag.grade_text,
        combined=combined_areas(ag.area, ag.area_text),
        page=page,
    )


__all__ = [
    "AreaGrade",
    "GRADE_WORDS",
    "combined_areas",
    "grade_of",
    "judgement_heading",
    "make_judgement",
    "table_rows",
]
