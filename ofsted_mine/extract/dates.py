"""Dates and date ranges as Ofsted and councils print them.

Every parser (reports, letters, reviews, packs) needs the same few shapes:
"8 to 19 July 2024", "10 June 2019 to 21 June 2019", "12 September to 6
October 2016", "11 and 12 July 2018", "6–7 October 2021", "5, 6 and 7 March
2019", "30 December 2019 to 3 January 2020", ordinals ("25th November
2016"), weekdays ("Monday 8 July 2024"), abbreviations ("8 Sept 2016") and
numeric dates ("31.3.2017", "31/03/2017", "2017-03-31"). Doing it once here
keeps year inference (a range's start borrows the end's month and year, and
steps back a year across New Year) identical everywhere.

All functions *search* the text: a heading such as "Inspection dates: 8 to
19 July 2024" can be passed whole. Nothing raises on bad input; an
impossible date (31 February) is simply not a match.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    start=1,
):
    _MONTHS[_name] = _i
    _MONTHS[_name[:3]] = _i
_MONTHS["sept"] = 9

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_DAY = r"(?:[0-2]?\d|3[01])(?:\s?(?:st|nd|rd|th))?"
_YEAR = r"(?:19|20)\d\d"
# Separators of a range or list: words, dashes (hyphen, en/em dash, minus), "&".
_SEP = r"\s*(?:to|until|till|through|and|&|[-\u2010-\u2015\u2212])\s*(?:the\s+)?"

# "8", "8 July", "8 July 2024" (start side; month/year optional, borrowed from the end)
_START = (
    rf"(?P<w1>{_WEEKDAY})(?P<d1>{_DAY})(?:\s+(?:of\s+)?(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}))?)?"
)
# "5, 6 and 7 March": extra days between start and end
_MIDDLE = rf"(?P<mid>(?:\s*,\s*{_DAY})*)"
_END = rf"{_WEEKDAY}(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_YEAR}))?"

_WORD_RANGE = re.compile(rf"\b{_START}{_MIDDLE}(?:,?{_SEP}{_END})?\b", re.I)
# Month-first (rare in UK text but seen in letters): "July 8, 2024", "July 8-19, 2024"
_US = re.compile(
    rf"\b(?P<m>{_MONTH})\s+(?P<d1>{_DAY})(?:{_SEP}(?P<d2>{_DAY}))?,\s*(?P<y>{_YEAR})\b", re.I
)
_NUMERIC = re.compile(
    r"(?<![\d.])(?P<d>[0-3]?\d)(?P<s>[./])(?P<m>[01]?\d)(?P=s)(?P<y>(?:19|20)?\d\d)(?![\d/]|\.\d)"
    r"|(?<![\d-])(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?![\d-])"
)
_NUMERIC_RANGE = re.compile(
    rf"(?P<a>{_NUMERIC.pattern}){_SEP}(?P<b>{_NUMERIC.pattern.replace('?P<', '?P<b_')})"
)
_MONTH_YEAR = re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b", re.I)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date or date range found in text: ``start``/``end`` dates and where it was."""

    start: dt.date
    end: dt.date
    begin: int
    finish: int
    text: str

    @property
    def is_range(self) -> bool:
        return self.start != self.end


def _month(name: Optional[str]) -> Optional[int]:
    if not name:
        return None
    key = name.rstrip(".").lower()
    return _MONTHS.get(key) or _MONTHS.get(key[:3])


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def _mk(year: int, month: int, day: int) -> Optional[dt.date]:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_word(m: re.Match[str], default_year: Optional[int]) -> Optional[DateMatch]:
    """Resolve one ``_WORD_RANGE`` match, borrowing month/year across the range."""
    d1 = _day(m.group("d1"))
    m1 = _month(m.group("m1"))
    y1 = int(m.group("y1")) if m.group("y1") else None
    if m.group("d2"):
        d2 = _day(m.group("d2"))
        m2 = _month(m.group("m2"))
        y2 = int(m.group("y2")) if m.group("y2") else default_year
        if m2 is None or y2 is None:
            return None
        if m1 is None:
            m1 = m2
        if y1 is None:
            y1 = y2 - 1 if m1 > m2 else y2
        start, end = _mk(y1, m1, d1), _mk(y2, m2, d2)
        if start is not None and end is not None and end >= start:
            return DateMatch(start, end, m.start(), m.end(), m.group(0))
        if m.group("y1") is None:
            return None
        # not a range after all ("8 July 2024 and 3 March 2023"): keep the first date
        y1 = int(m.group("y1"))
        m1 = _month(m.group("m1"))
        day = _mk(y1, m1, d1) if m1 else None
        if day is None:
            return None
        return DateMatch(day, day, m.start(), m.end("y1"), m.string[m.start() : m.end("y1")])
    # a single date: needs its month, and a year unless a default is given
    if m1 is None or m.group("mid"):
        return None
    year = y1 if y1 is not None else default_year
    if year is None:
        return None
    day = _mk(year, m1, d1)
    if day is None:
        return None
    end_pos = m.end() if y1 is not None else m.end("m1")
    begin = m.start()
    return DateMatch(day, day, begin, end_pos, m.string[begin:end_pos])


def _numeric(groups: dict[str, Optional[str]], prefix: str = "") -> Optional[dt.date]:
    g = {k[len(prefix) :]: v for k, v in groups.items() if k.startswith(prefix)}
    if g.get("iy"):
        return _mk(int(g["iy"]), int(g["im"]), int(g["id"]))  # type: ignore[arg-type]
    if not g.get("d"):
        return None
    year = int(g["y"])  # type: ignore[arg-type]
    if year < 100:
        year += 2000
    return _mk(year, int(g["m"]), int(g["d"]))  # type: ignore[arg-type]


def find_dates(text: str, default_year: Optional[int] = None) -> list[DateMatch]:
    """Every date or date range in ``text``, in order, non-overlapping.

    Word forms win over numeric ones where they overlap. ``default_year``
    lets year-less dates ("8 July") resolve; without it they are skipped.
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    pos = 0
    while True:
        m = _WORD_RANGE.search(text, pos)
        if m is None:
            break
        dm = _from_word(m, default_year)
        if dm is not None:
            found.append(dm)
            taken.append((dm.begin, dm.finish))
            pos = dm.finish
        else:
            pos = m.end("d1")
    for m in _US.finditer(text):
        if not free(m.start(), m.end()):
            continue
        mon = _month(m.group("m"))
        year = int(m.group("y"))
        a = _mk(year, mon, _day(m.group("d1"))) if mon else None
        b = _mk(year, mon, _day(m.group("d2"))) if mon and m.group("d2") else a
        if a and b and b >= a:
            found.append(DateMatch(a, b, m.start(), m.end(), m.group(0)))
            taken.append((m.start(), m.end()))
    for m in _NUMERIC_RANGE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        groups = m.groupdict()
        a = _numeric({k: v for k, v in groups.items() if not k.startswith("b_")})
        b = _numeric(groups, "b_")
        if a and b and b >= a:
            found.append(DateMatch(a, b, m.start(), m.end(), m.group(0)))
            taken.append((m.start(), m.end()))
    for m in _NUMERIC.finditer(text):
        if not free(m.start(), m.end()):
            continue
        a = _numeric(m.groupdict())
        if a:
            found.append(DateMatch(a, a, m.start(), m.end(), m.group(0)))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.begin)
    return found


def find_date_range(text: str, default_year: Optional[int] = None) -> Optional[DateMatch]:
    """The first date or range in ``text`` (a single date is a one-day range)."""
    found = find_dates(text, default_year)
    return found[0] if found else None


def parse_date_range(
    text: str, default_year: Optional[int] = None
) -> Optional[tuple[dt.date, dt.date]]:
    """``(start, end)`` of the first date or range in ``text``, else ``None``."""
    dm = find_date_range(text, default_year)
    return (dm.start, dm.end) if dm else None


def parse_date(text: str, default_year: Optional[int] = None) -> Optional[dt.date]:
    """The first single date in ``text`` (for a range, its start), else ``None``."""
    dm = find_date_range(text, default_year)
    return dm.start if dm else None


def parse_month_year(text: str) -> Optional[dt.date]:
    """First "March 2019"-style month and year, as the 1st of that month.

    Letters say an authority was "judged inadequate in March 2019"; a full
    date in the text is preferred by callers, this is the fallback.
    """
    m = _MONTH_YEAR.search(text)
    if not m:
        return None
    mon = _month(m.group("m"))
    return _mk(int(m.group("y")), mon, 1) if mon else None


__all__ = [
    "DateMatch",
    "find_dates",
    "find_date_range",
    "parse_date_range",
    "parse_date",
    "parse_month_year",
]
