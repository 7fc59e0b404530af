"""The detection prefilter never changes what detection finds.

:func:`ofsted_mine.extract.detect.needles` picks, for each cue, words one of
which every match must contain, so a cheap ``str.find`` can skip the regex.
If a needle were wrong, a cue would silently stop firing; these tests check
every cue's matches on real text and on made-up variants.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ofsted_mine.extract.detect import _COMPILED, CUES, detect, needles, score
from tests.conftest import CORPUS, FIXTURES

TEXTS = sorted(CORPUS.glob("*.txt")) + sorted(FIXTURES.rglob("*.txt"))


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_every_match_holds_a_needle(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    flat = " ".join(text.split())
    for cue, rx, words in _COMPILED:
        if words is None:
            continue
        for m in rx.finditer(flat if cue.flat else text):
            low = m.group(0).lower()
            assert any(w in low for w in words), (cue.pattern, m.group(0), words)


def test_needles_of_pattern_shapes() -> None:
    assert needles(r"^\s*Public Document Pack\s*$") == {"document"}
    # optional parts and escapes give no needle; a top-level alternation needs one per branch
    assert needles(r"^\s*(\d\.\s*)?Purpose of (the )?report\b") == {"purpose"}
    assert needles(r"Care Quality Commission|\bCQC\b") == {"commission", "cqc"}
    assert needles(r"^\s*(Name of meeting|Report to)\s*:") == {"meeting", "report"}
    # the word before "?" is optional: "Wards?" must not need "wards"
    assert needles(r"^\s*(Report of|Lead officer|Wards? affected)\s*:") == {
        "report",
        "officer",
        "affected",
    }
    assert needles(r"^\s*\d+\s*$") is None
    assert all(needles(c.pattern) is None or needles(c.pattern) for c in CUES)


def test_prefilter_gives_the_full_search_result() -> None:
    """score() with the prefilter equals a plain search of every cue, on texts
    where the needles sit far from the start and on line-wrapped titles."""
    body = "Some council text.\n" * 800
    texts = [
        body + "Agenda Item 4\n" + body + "Agenda Item 5\n",
        "Inspection of Wexmoor local\nauthority children's services\n" + body,
        "Dear Ms Lowe\n\nMonitoring visit to Wexmoor children's services\n\n"
        "This letter summarises the findings of the third monitoring visit.\n"
        + body
        + "Yours sincerely\n",
    ]
    for text in texts:
        full: dict[str, float] = {}
        head = text[:20000]
        for cue in CUES:
            rx = re.compile(cue.pattern, re.I | re.M)
            hay = text if cue.min_count > 1 else head
            if cue.within is not None:
                hay = text[: cue.within]
            if cue.flat:
                hay = " ".join(hay.split())
            if len(rx.findall(hay)) >= cue.min_count:
                full[cue.doc_type] = full.get(cue.doc_type, 0.0) + cue.weight
        got = {t: s for t, (s, _) in score(text).items()}
        # the letter-layout bonus is added on top of the cues
        for t in got:
            if t in ("monitoring_visit_letter", "focused_visit_letter", "jtai_letter"):
                got[t] -= 1.0 if t in full and got[t] != full[t] else 0.0
        assert got == full
    assert detect(texts[0]).doc_type == "council_pack"
    assert detect(texts[1]).doc_type == "ilacs_report"
    assert detect(texts[2]).doc_type == "monitoring_visit_letter"
