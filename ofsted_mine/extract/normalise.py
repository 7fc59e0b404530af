"""Character-level clean-up shared by the PDF and text routes."""

from __future__ import annotations

import re

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_TRANS = str.maketrans(
    {
        **_LIGATURES,
        "\u00a0": " ",  # no-break space
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",  # zero-width space
        "\u00ad": "",  # soft hyphen
        "\ufffe": "-",  # pdfium: hyphen at a line end that it joined
        "\ufeff": "",
        "\t": " ",
        "\u2212": "-",  # minus sign, used as a sub-bullet
        # Symbol and Wingdings glyphs land in the private-use area
        "\uf02d": "-",
        "\uf0b7": "•",
        "\uf06e": "•",
        "\uf0a7": "•",
        "\uf0a8": "•",
        "\uf076": "•",
        "\uf0d8": "•",
        "\uf0e8": "•",
        "\uf0fc": "✓",
    }
)
_SPACES = re.compile(r"[ ]{2,}")


def normalise_line(line: str) -> str:
    """Fold ligatures, odd spaces and soft hyphens; trim; collapse runs of spaces.

    Bullets drawn from Symbol/Wingdings fonts (private-use code points) become
    ``•`` (``-`` for the dash glyph), so every route shows real characters;
    any other private-use glyph opening a line is taken for a bullet too, and
    an en or em dash opening a line before a space is a list dash (``-``),
    whichever way a backend or converter decoded the glyph.

    Tabs are folded too: the text route's ``area<TAB>grade`` table rows then
    read like the PDF route's ``area grade``, so one table parser serves both.
    """
    line = line.translate(_TRANS)
    if "  " in line:
        line = _SPACES.sub(" ", line)
    line = line.strip()
    if line and "\ue000" <= line[0] <= "\uf8ff":
        line = "\u2022" + line[1:]
    elif line[:2] in ("\u2013 ", "\u2014 "):  # a dash opening a line is a list dash
        line = "-" + line[1:]
    return line


_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def plain(text: str) -> str:
    """Straight quotes and dashes, single spaces: for comparing texts across routes."""
    return " ".join(text.translate(_QUOTES).split())
