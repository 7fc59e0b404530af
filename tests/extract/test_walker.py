"""The shared body walker (:mod:`ofsted_mine.extract.report`) on a made-up report body.

These tests drive :class:`BodyWalker` directly, not a parser, so a rule pinned
here holds for every report type that walks its body with it.
"""

from __future__ import annotations

import pytest

from ofsted_mine.extract.report import BodyWalker, Walk, prepare
from ofsted_mine.extract.text import read_text
from tests.conftest import FIXTURES

ABOUT = (FIXTURES / "about_inspection_body.txt").read_text(encoding="utf-8")
HEADING = "The inspection judgements and what they mean"


def walk(text: str, running: bool = True) -> Walk:
    src = read_text(text.encode(), "body.txt", "0" * 64)
    blocks, body = prepare(src)
    return BodyWalker(src, blocks, body, running=running).run(0)


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        (HEADING, HEADING),
        # hard-wrapped by a text rebuild of the PDF: the walker joins the two lines
        ("The inspection judgements and what they\nmean", HEADING),
        # cut where the PDF wrapped it, the rest lost: still a heading about the inspection
        ("The inspection judgements and what they", "The inspection judgements and what they"),
    ],
    ids=["one-line", "wrapped", "cut"],
)
@pytest.mark.parametrize("running", [True, False], ids=["running", "per-kind"])
def test_paragraphs_about_the_inspection_are_sections_not_findings(heading, title, running):
    """Numbered paragraphs about the inspection itself (its purpose, evidence and grading
    scale) are framework text: they stay sections, hold their numbers (no numbering
    warning), and only the paragraphs about the authority are findings, "Service
    information" among them."""
    w = walk(ABOUT.replace(HEADING, heading), running=running)
    assert [s.title for s in w.sections] == [
        "About this inspection",
        title,
        "Service information",
        "Overall effectiveness",
    ]
    assert all(s.span is not None and s.span.end > s.span.start for s in w.sections)
    assert [(f.number, f.section) for f in w.findings] == [
        (4, "Service information"),
        (5, "Overall effectiveness"),
    ]
    assert w.findings[0].text.startswith("Wessex has 900 looked after children")
    assert w.warnings == []


def test_numbered_paragraphs_elsewhere_stay_findings():
    """Only the headings about the inspection are left out: the same paragraphs under
    another heading are findings."""
    text = ABOUT.replace("About this inspection", "Summary of findings").replace(
        HEADING, "Progress since the last inspection"
    )
    assert [f.number for f in walk(text).findings] == [1, 2, 3, 4, 5]
