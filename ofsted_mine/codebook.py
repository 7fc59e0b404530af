"""The codebook: theme, polarity, judgement-area and grade ids.

``data/themes.md`` (a copy of the shared spec) is the source of truth; this
module parses its tables once so ids are never duplicated in code.
Also maps the printed wording of areas and grades onto canonical ids.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Optional

GRADE_ORDER: tuple[str, ...] = ("inadequate", "requires_improvement", "good", "outstanding")


def _table_ids(markdown: str, heading: str) -> list[str]:
    """First-column backticked ids of the table under ``## heading``."""
    part = markdown.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\|\s*`([a-z0-9_]+)`\s*\|", part, flags=re.M)


@lru_cache(maxsize=1)
def codebook_text() -> str:
    return resources.files("ofsted_mine.data").joinpath("themes.md").read_text("utf-8")


@lru_cache(maxsize=1)
def theme_ids() -> tuple[str, ...]:
    """Theme ids in codebook order (public API)."""
    return tuple(_table_ids(codebook_text(), "Themes"))


@lru_cache(maxsize=1)
def polarity_ids() -> tuple[str, ...]:
    return tuple(_table_ids(codebook_text(), "Polarity"))


@lru_cache(maxsize=1)
def area_ids() -> tuple[str, ...]:
    """Canonical judgement areas in codebook order."""
    return tuple(_table_ids(codebook_text(), "Judgement areas (canonical, across frameworks)"))


def grade_rank(grade: str) -> int:
    """0 (inadequate) .. 3 (outstanding); raises ``ValueError`` for unknown ids."""
    return GRADE_ORDER.index(grade)


_GRADE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("outstanding", r"\boutstanding\b"),
    ("requires_improvement", r"\brequires?\s+improvement\b|\brequire\s+improvement\b"),
    ("inadequate", r"\binadequate\b"),
    # the pre-2013 framework's "adequate" (grade 3), replaced by "requires improvement"
    ("requires_improvement", r"\badequate\b"),
    ("good", r"\bgood\b"),
)


def normalise_grade(text: str) -> Optional[str]:
    """Canonical grade id for printed grade wording, else ``None``.

    "Requires improvement to be good" contains "good", so the
    requires-improvement pattern is tried before "good".
    """
    low = " ".join(text.lower().split())
    for gid, pat in _GRADE_PATTERNS:
        if re.search(pat, low):
            return gid
    return None


# Ordered: the first pattern that matches wins, so more specific wording first.
_AREA_PATTERNS: tuple[tuple[str, str], ...] = (
    ("lscb", r"safeguarding (children )?board|\blscb\b"),
    # before the areas: "Overall effectiveness of services for looked after children"
    ("overall_effectiveness", r"overall effectiveness|overall judgement|children.s services in .* are"),
    ("adoption", r"\badoption performance\b|^\s*(\d\.\d\s*)?adoption\b"),
    ("care_leavers", r"^\s*(\d\.\d\s*)?(the )?experiences? and progress of care leavers|^\s*care leavers\b"),
    ("children_in_care", r"children (in care|looked after)|looked after children|achieving permanence"),
    ("help_and_protection", r"help and protection"),
    ("leadership", r"impact of leaders|leadership|leaders\b"),
)


def normalise_area(text: str) -> Optional[str]:
    """Canonical judgement area for a printed area name or section heading."""
    low = " ".join(text.lower().replace("’", "'").split())
    for aid, pat in _AREA_PATTERNS:
        if re.search(pat, low):
            return aid
    return None


__all__ = [
    "GRADE_ORDER",
    "theme_ids",
    "polarity_ids",
    "area_ids",
    "grade_rank",
    "normalise_grade",
    "normalise_area",
]
