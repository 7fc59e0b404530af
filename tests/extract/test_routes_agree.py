"""The three routes to a document agree on every real PDF.

People hold Ofsted documents as the PDF (read with the default pdfium
backend or with ``backend="pdfplumber"``) or as text converted from it.
Each real PDF in ``../shared/pdfs`` is extracted with pdfium, and compared
with (a) the text route: ``read_source(pdf).text`` written to a ``.txt`` file
and extracted from there, also re-flowed to one paragraph per line, with and
without blank lines between paragraphs (see :func:`converted`), and (b) the
pdfplumber backend. Judgements,
metadata, recommendations, finding numbers, sections and finding texts must
agree.

Tolerated differences, and only these:

* texts are compared after :func:`~ofsted_mine.extract.normalise.plain`
  (quote style, whitespace) with a rapidfuzz ratio of at least 98 per
  finding or recommendation (pdfplumber drops or adds the odd space between
  words);
* judgements are compared as ``{area: grade}`` (a table row read from a
  section heading instead of the table may come in another order).

pdfplumber reads about 10-17 pages a second, so on a developer's machine only
PDFs of up to :data:`PLUMBER_MAX_PAGES` pages go through it (every report type
still appears); CI (``CI`` set, as ``.ci/run`` does) and ``OFSTED_MINE_SLOW=1``
run all of them (about 100 s). Known disagreements are
``xfail(strict=True)`` with the reason, so fixing one shows up.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from ofsted_mine.errors import OfstedMineError
from ofsted_mine.extract import extract, read_source
from ofsted_mine.extract.normalise import plain
from tests.conftest import SHARED_PDFS

ROUTES = ("text", "text-unwrapped", "text-nogap", "pdfplumber")
PLUMBER_MAX_PAGES = 13
MIN_RATIO = 98.0

#: (file, route) pairs that still disagree, with the reason (strict xfail).
KNOWN: dict[tuple[str, str], str] = {}


def _pdfs() -> list[str]:
    if not SHARED_PDFS.is_dir():
        return []
    return sorted(
        p.name for p in SHARED_PDFS.glob("*.pdf") if p.read_bytes()[:5].startswith(b"%PDF")
    )


PDFS = _pdfs()


def _pages(name: str) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(SHARED_PDFS / name))
    try:
        return len(pdf)
    finally:
        pdf.close()


def converted(text: str, route: str) -> str:
    """The PDF's text as a converter might save it.

    ``text``: line breaks of the PDF kept, blank lines between paragraphs;
    ``text-unwrapped``: one paragraph per line (a paragraph's wrapped lines
    joined when its first line is long enough to be prose), blank lines kept;
    ``text-nogap``: the same with no blank lines at all (text pasted or saved
    without paragraph spacing).
    """
    if route == "text":
        return text

    def unwrap(block: str) -> str:
        lines = block.split("\n")
        return " ".join(lines) if len(lines) > 1 and len(lines[0]) >= 60 else block

    paras = [unwrap(b) for b in re.split(r"\n\s*\n", text)]
    return ("\n\n" if route == "text-unwrapped" else "\n").join(paras)


@cache
def summary(name: str, route: str, tmp: str) -> list[dict]:
    """What each route must agree on, per document in the file."""
    path = SHARED_PDFS / name
    if route.startswith("text"):
        txt = Path(tmp) / f"{path.stem}-{route}.txt"
        txt.write_text(converted(read_source(path).text, route), encoding="utf-8")
        docs = extract(txt)
    else:
        docs = extract(path, backend=route)  # type: ignore[arg-type]
    return [
        dict(
            doc_type=d.doc_type,
            local_authority=d.local_authority,
            dates=(d.inspection_start, d.inspection_end),
            published=d.published,
            lead_inspector=d.lead_inspector,
            inspectors=list(d.inspectors),
            judgements={j.area: j.grade for j in d.judgements},
            recommendations=[(r.number, r.area, plain(r.text)) for r in d.recommendations],
            findings=[(f.number, f.section, f.area, plain(f.text)) for f in d.findings],
        )
        for d in docs
    ]


@pytest.fixture(scope="module")
def tmp_text_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("converted"))


def _params() -> list:
    if not PDFS:
        return [
            pytest.param(
                None,
                None,
                marks=pytest.mark.skip(reason=f"real PDFs not available at {SHARED_PDFS}"),
            )
        ]
    out = []
    slow = bool(os.environ.get("OFSTED_MINE_SLOW") or os.environ.get("CI"))
    for name in PDFS:
        for route in ROUTES:
            marks = []
            if route == "pdfplumber" and not slow and _pages(name) > PLUMBER_MAX_PAGES:
                marks.append(
                    pytest.mark.skip(
                        reason=f"pdfplumber route of a {_pages(name)}-page PDF: runs in CI or with OFSTED_MINE_SLOW=1"
                    )
                )
            if (name, route) in KNOWN:
                marks.append(pytest.mark.xfail(reason=KNOWN[(name, route)], strict=True))
            out.append(pytest.param(name, route, marks=marks, id=f"{name}-{route}"))
    return out


@pytest.mark.parametrize(("name", "route"), _params())
def test_route_agrees_with_pdfium(name: str, route: str, tmp_text_dir: str) -> None:
    try:
        base = summary(name, "pdfium", tmp_text_dir)
    except OfstedMineError as exc:  # pragma: no cover - every real PDF here is readable
        pytest.fail(f"{name}: {exc}")
    other = summary(name, route, tmp_text_dir)
    assert [d["doc_type"] for d in other] == [d["doc_type"] for d in base]
    for want, got in zip(base, other, strict=True):
        for key in (
            "local_authority",
            "dates",
            "published",
            "lead_inspector",
            "inspectors",
            "judgements",
        ):
            assert got[key] == want[key], f"{name} [{route}]: {key}"
        assert [r[:2] for r in got["recommendations"]] == [
            r[:2] for r in want["recommendations"]
        ], f"{name} [{route}]: recommendation numbers/areas"
        for (n, _, a), (_, _, b) in zip(
            want["recommendations"], got["recommendations"], strict=True
        ):
            assert fuzz.ratio(a, b) >= MIN_RATIO, f"{name} [{route}] recommendation {n}:\n{a}\n{b}"
        assert [f[:3] for f in got["findings"]] == [f[:3] for f in want["findings"]], (
            f"{name} [{route}]: finding numbers, sections or areas"
        )
        for (n, _, _, a), (_, _, _, b) in zip(want["findings"], got["findings"], strict=True):
            assert fuzz.ratio(a, b) >= MIN_RATIO, f"{name} [{route}] finding {n}:\n{a}\n{b}"


def test_plain_ignores_only_quotes_and_spacing() -> None:
    """The comparison's own yardstick: plain() folds quote style and whitespace only."""
    assert plain("The council’s  “plan”\n– agreed") == 'The council\'s "plan" - agreed'
    assert fuzz.ratio(plain("social workers"), plain("socialworkers")) >= MIN_RATIO - 5
    assert fuzz.ratio("assessments are timely", "assessments are not timely") < MIN_RATIO
