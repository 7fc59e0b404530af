"""The fast classification paths give exactly what the reference paths give.

Why: the speed-ups (tokenizer plus cue matchers instead of the full
``nlp.pipe``) re-implement what spaCy's components do; a silent difference
would change themes and polarity without any accuracy test noticing.
"""

from __future__ import annotations

import json

import pytest

from ofsted_mine.classify.pipeline import analyse, clear_cache, sentence_bounds
from tests.conftest import CORPUS


def _label_texts() -> list[str]:
    out = []
    for path in sorted((CORPUS / "labels").glob("kirklees_*.jsonl")):
        out += [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line.strip()]
    return out


def _corpus_paragraphs() -> list[str]:
    """Every blank-line paragraph of the bundled texts (headings, tables and lists included)."""
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        out += [p for p in path.read_text("utf-8").split("\n\n") if p.strip()]
    return out


EDGE = ["", "   ", "...", "Done!! Next? Yes.", "A. B", "\u201cQuoted.\u201d Then the next one.",
        "It ended\u2026 then went on.", "(a) first; (b) second.", "Good. However, not yet.\n\nNew line."]


@pytest.mark.parametrize("vocab", [(), ("children", "care", "leavers", "the")])
def test_fast_analysis_equals_full_pipeline_on_corpus(vocab):
    texts = _label_texts() + _corpus_paragraphs() + EDGE
    assert len(texts) > 1000
    clear_cache()
    fast = analyse(texts, vocab)
    ref = analyse(texts, vocab, reference=True)
    diff = [i for i, (a, b) in enumerate(zip(fast, ref, strict=True)) if a != b]
    assert not diff, f"{len(diff)} texts differ, first: {texts[diff[0]][:200]!r}"


def test_sentence_bounds_follow_the_sentencizer_rule():
    toks = ["Good", ".", '"', "However", ",", "not", "yet", "!", "!", "Done"]
    punct = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0]
    assert sentence_bounds(toks, punct) == [(0, 3), (3, 9), (9, 10)]
    assert sentence_bounds([], []) == []
