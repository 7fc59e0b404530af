"""Local authority names: one key however a document spells the council.

Reports say "Kirklees", letters "Kirklees Metropolitan Borough Council",
council papers "Kirklees Council". Grouping must put them together, so the
key strips the generic parts of English council names (the kind of council,
"Council", "local authority", "children's services", "City of", "London
Borough of" ...) rather than knowing any particular council. What remains is
the place name, which is what distinguishes authorities.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Optional

# Generic words of council names, longest first so "metropolitan borough council"
# is removed whole. Applied repeatedly until nothing changes.
_PREFIXES = (
    r"the",
    r"royal borough of",
    r"london borough of",
    r"metropolitan borough of",
    r"borough of",
    r"city and county of",
    r"city of",
    r"county of",
    r"council of the",
    r"council of",
    r"inspection of",
)
_SUFFIXES = (
    r"metropolitan borough council",
    r"metropolitan district council",
    r"metropolitan council",
    r"borough council",
    r"district council",
    r"county borough council",
    r"county council",
    r"city council",
    r"unitary authority",
    r"unitary council",
    r"council",
    r"mbc",
    r"m\.b\.c\.?",
    r"local authority",
    r"children'?s services",
    r"children'?s social care( services)?",
    r"safeguarding children (partnership|board)",
    r"lscb",
    r"local authority children'?s services",
)
_PREFIX_RE = re.compile(r"^(?:" + "|".join(_PREFIXES) + r")\s+")
_SUFFIX_RE = re.compile(r"\s+(?:" + "|".join(_SUFFIXES) + r")$")
_PREFIX_RE_I = re.compile(_PREFIX_RE.pattern, re.I)
_SUFFIX_RE_I = re.compile(r"[\s,]+(?:" + "|".join(_SUFFIXES) + r")$", re.I)


def authority_key(name: Optional[str]) -> Optional[str]:
    """Grouping key of a council name: lower-case place name, or ``None``.

    >>> authority_key("Kirklees Metropolitan Borough Council")
    'kirklees'
    >>> authority_key("Royal Borough of Kensington and Chelsea")
    'kensington and chelsea'
    """
    if not name:
        return None
    low = name.lower().replace("’", "'").replace("&", " and ")
    low = re.sub(r"[^a-z0-9' ,\-]", " ", low)
    low = re.sub(r"[,\-]", " ", low)
    low = " ".join(low.split())
    prev = None
    while prev != low:
        prev = low
        low = _PREFIX_RE.sub("", low).strip()
        low = _SUFFIX_RE.sub("", low).strip()
    low = re.sub(r"'s$", "", low).strip()
    return low or None


def display_name(names: Iterable[str]) -> str:
    """A readable name for a group: the place name as most often printed.

    Takes the commonest key, then the shortest original spelling that
    reduces to it with generic words stripped, keeping the document's case.
    """
    names = [n for n in names if n]
    if not names:
        return "unknown"
    keys = Counter(authority_key(n) for n in names)
    key = keys.most_common(1)[0][0] or "unknown"
    for n in sorted(names, key=len):
        if authority_key(n) == key:
            return _strip_generic(n)
    return key.title()


def _strip_generic(name: str) -> str:
    """``name`` with the generic parts removed, keeping its own case and punctuation."""
    text = " ".join(name.replace("’", "'").split())
    prev = None
    while prev != text:
        prev = text
        text = _PREFIX_RE_I.sub("", text).strip(" ,")
        text = _SUFFIX_RE_I.sub("", text).strip(" ,")
    return re.sub(r"'s$", "", text) or name


__all__ = ["authority_key", "display_name"]
