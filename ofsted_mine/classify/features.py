"""Feature blocks built from :class:`~ofsted_mine.classify.pipeline.Analysis` records.

Two hand-made blocks sit beside the TF-IDF n-grams:

* theme cue indicators (one column per theme: did a cue phrase of that theme
  occur?), so a rare theme with few examples still has a strong, general
  signal;
* contrast structure for polarity: how many sentences lean positive or
  negative, whether a contrast marker follows praise, where the first
  contrast falls, "not yet"/"too soon" language. Bag-of-words cannot see
  "good; however, not consistent" as *mixed*; these features can.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple, Union

import numpy as np
from scipy import sparse

from ofsted_mine.classify.pipeline import Analysis

#: the word tokens of every TF-IDF block (words with inner apostrophes and
#: hyphens kept whole: "child's", "step-down"); the compiled model checks it
TOKEN_PATTERN = r"(?u)\b[\w'-]+\b"

TEMPORAL = ("not yet", "too soon", "too early", "yet to", "not embedded", "not fully embedded", "work in progress")

STRUCTURE_NAMES = (
    "frac_pos_sentences", "frac_neg_sentences", "pos_and_neg_sentences", "first_sentence_pos",
    "first_sentence_neg", "last_sentence_pos", "last_sentence_neg", "has_contrast",
    "first_contrast_position", "contrast_after_praise", "not_yet_or_too_soon", "log_pos_cues",
    "log_neg_cues", "cue_balance", "no_cues", "is_recommendation", "log_sentences",
    "sentence_with_both",
)


class Sample(NamedTuple):
    """A text to classify, what it is (``finding`` or ``recommendation``), and
    whether it comes from a narrative document (a commissioner review or a
    council paper: anything that is not an Ofsted report or letter).

    ``narrative`` matters only to :func:`neutral_rule`; a plain string is read
    as a finding of an inspection report or letter.
    """

    text: str
    kind: str = "finding"
    narrative: bool = False


SampleLike = Union[str, Sample, tuple]


def as_samples(X: Sequence[SampleLike]) -> list[Sample]:
    """Accept plain strings (findings), ``Sample``s or ``(text, kind[, narrative])`` tuples."""
    out = []
    for x in X:
        if isinstance(x, str):
            out.append(Sample(x))
        else:
            out.append(Sample(*x))
    return out


CUE_BLOCK = ("any", "sentence_share", "first_sentence", "distinct")


def cue_matrix(analyses: Sequence[Analysis], labels: Sequence[str]) -> sparse.csr_matrix:
    """Theme-cue features: the first ``len(labels)`` columns say whether a cue of
    each theme occurred; then, per theme, the share of sentences with one of its
    cues, a cue in the first sentence, and the number of distinct cues (log).

    Why the extra columns: a theme is assigned when the finding is *about* it,
    and "about" shows as cues spread through the paragraph or leading it, not a
    passing mention.
    """
    L = len(labels)
    rows, cols, vals = [], [], []
    index = {lab: j for j, lab in enumerate(labels)}
    for i, a in enumerate(analyses):
        n = max(len(a.sentences or []), 1)
        for theme, found in a.theme_hits.items():
            j = index.get(theme)
            if j is None:
                continue
            where = a.theme_sentences.get(theme, ())
            for k, v in enumerate((1.0, len(where) / n, 1.0 if 0 in where else 0.0, math.log1p(len(found)) / 2)):
                if v:
                    rows.append(i)
                    cols.append(j if k == 0 else L + 3 * j + (k - 1))
                    vals.append(v)
    return sparse.csr_matrix((np.array(vals, dtype=np.float64), (rows, cols)), shape=(len(analyses), 4 * L))


def structure_row(a: Analysis, kind: str) -> list[float]:
    """The contrast-structure features of one text (see ``STRUCTURE_NAMES``)."""
    sents = a.sentences or []
    n = max(len(sents), 1)
    labels = [s.label for s in sents] or [0]
    pos_s = sum(1 for x in labels if x > 0)
    neg_s = sum(1 for x in labels if x < 0)
    pos_c = sum(len(s.positive) for s in sents)
    neg_c = sum(len(s.negative) for s in sents)
    length = max(len(a.text), 1)
    contrast_at = [c for s in sents for c in s.contrast_at]
    first_contrast = (min(contrast_at) / length) if contrast_at else -1.0
    praise_then_contrast = 0.0
    seen_pos = False
    for s in sents:
        if s.contrast and (seen_pos or s.positive):
            praise_then_contrast = 1.0
            break
        seen_pos = seen_pos or s.label > 0
    low = a.text.lower()
    temporal = 1.0 if any(t in low for t in TEMPORAL) else 0.0
    both = 1.0 if any(s.positive and s.negative for s in sents) else 0.0
    return [
        pos_s / n,
        neg_s / n,
        1.0 if pos_s and neg_s else 0.0,
        1.0 if labels[0] > 0 else 0.0,
        1.0 if labels[0] < 0 else 0.0,
        1.0 if labels[-1] > 0 else 0.0,
        1.0 if labels[-1] < 0 else 0.0,
        1.0 if contrast_at else 0.0,
        first_contrast,
        praise_then_contrast,
        temporal,
        math.log1p(pos_c),
        math.log1p(neg_c),
        (pos_c - neg_c) / (pos_c + neg_c + 1.0),
        1.0 if pos_c == 0 and neg_c == 0 else 0.0,
        1.0 if kind == "recommendation" else 0.0,
        math.log1p(len(sents)),
        both,
    ]


def structure_matrix(analyses: Sequence[Analysis], kinds: Sequence[str]) -> sparse.csr_matrix:
    return sparse.csr_matrix(np.array([structure_row(a, k) for a, k in zip(analyses, kinds, strict=False)], dtype=np.float64))


#: probability given to ``neutral`` when :func:`neutral_rule` fires; the rest keeps the model's ranking
NEUTRAL_SCORE = 0.9


def evaluative(a: Analysis) -> bool:
    """Does any sentence carry a positive or negative cue (negated praise counts as negative)?"""
    return any(s.positive or s.negative for s in a.sentences or [])


def wordless(a: Analysis) -> bool:
    """Has the text no letter at all (empty, a figure, a reference, stray punctuation)?

    Why it matters: such a finding has no feature for the model to read, so
    its answer would be the classes' prior (``strength``, at about 0.6),
    reported as if it were a reading of the text.
    """
    return not any(map(str.isalpha, a.text))


def neutral_rule(P: np.ndarray, classes: Sequence[str], analyses: Sequence[Analysis],
                 samples: Sequence[Sample]) -> np.ndarray:
    """Findings of narrative documents with no evaluative language at all are ``neutral``.

    Why a rule and not a learned class: ``neutral`` paragraphs (context, process,
    dates of appointments, numbers, plans) are common in narrative documents such
    as commissioner reviews, and a model trained on inspection reports has almost
    no neutral examples to learn them from. What makes such a paragraph neutral
    is structural: not one positive or negative cue in any sentence.

    Why only narrative documents: an inspection report's or letter's numbered
    findings are evaluative by design, and one without a cue word is usually
    plain factual praise ("Children are seen within timescales."). Under
    leave-one-document-out the rule was right on 21 of 23 such findings of the
    review but only 17 of 87 in reports and letters (50 of its misses were
    strengths), so there the model's own ``neutral`` class decides.
    Recommendations are left to the model everywhere (they prescribe, and an
    "Ensure that ..." names a shortfall without an evaluative word).
    A :func:`wordless` text is ``neutral`` in every document type and kind:
    there is nothing for the model to decide on.
    ``P`` columns follow ``classes``; rows that fire get ``NEUTRAL_SCORE`` on
    neutral and the remainder shared in proportion to the model's other scores.
    """
    classes = [str(c) for c in classes]
    if "neutral" not in classes:
        return P
    k = classes.index("neutral")
    P = np.array(P, dtype=np.float64, copy=True)
    for i, (a, s) in enumerate(zip(analyses, samples, strict=False)):
        if (s.narrative and s.kind == "finding" and not evaluative(a)) or wordless(a):
            rest = P[i].copy()
            rest[k] = 0.0
            total = rest.sum()
            P[i] = rest * ((1.0 - NEUTRAL_SCORE) / total) if total > 0 else 0.0
            P[i, k] = NEUTRAL_SCORE
    return P


def blend_presence(P: np.ndarray, pos: np.ndarray, neg: np.ndarray, classes: Sequence[str],
                   known: np.ndarray, weight: float) -> np.ndarray:
    """``(1 - weight) * P + weight * Q``: ``Q`` reads polarity from two presence scores.

    ``pos`` and ``neg`` are P(the finding has a strength) and P(it has a
    weakness); ``Q`` is ``mixed = pos * neg``, ``strength = pos * (1 - neg)``,
    ``weakness = (1 - pos) * neg`` and ``neutral = (1 - pos) * (1 - neg)``,
    restricted to the ``known`` columns (the classes the multinomial was trained
    on) and renormalised, so a class without training examples gets nothing here
    either. Lives here, not in :mod:`.polarity`, so the compiled path shares it.
    """
    classes = [str(c) for c in classes]
    Q = np.zeros_like(P, dtype=np.float64)
    for name, col in (("mixed", pos * neg), ("strength", pos * (1.0 - neg)),
                      ("weakness", (1.0 - pos) * neg), ("neutral", (1.0 - pos) * (1.0 - neg))):
        if name in classes:
            Q[:, classes.index(name)] = col
    keep = np.zeros(len(classes), dtype=bool)
    keep[np.asarray(known, dtype=np.int64)] = True
    Q[:, ~keep] = 0.0
    total = Q.sum(axis=1, keepdims=True)
    Q = np.divide(Q, total, out=np.zeros_like(Q), where=total > 0)
    return (1.0 - weight) * P + weight * Q


def cue_evidence(a: Analysis) -> list[str]:
    """The polarity cues of a text, contrast markers first, with sentence numbers.

    Lives here, not in :mod:`.polarity`, so the compiled path can use it without
    importing scikit-learn.
    """
    ev: list[str] = []
    for n, s in enumerate(a.sentences or [], 1):
        ev += [f"contrast: {c} (sentence {n})" for c in s.contrast[:1]]
    for kind in ("negative", "positive"):
        seen: list[str] = []
        for s in a.sentences or []:
            for c in getattr(s, kind):
                if c not in seen:
                    seen.append(c)
        ev += [f"{kind}: {c}" for c in seen[:3]]
    if wordless(a):
        ev.append("structure: no words to read")
    elif not evaluative(a):
        ev.append("structure: no evaluative language")
    return ev


def polarity_evidence_lines(a: Analysis, names: Iterable[str], n_terms: int) -> list[str]:
    """A polarity tag's evidence: the text's cues (:func:`cue_evidence`), then the first ``n_terms``
    model features in ``names`` (strongest first), none for a :func:`wordless` text, which no
    feature speaks for. Shared by the estimator's ``explain`` and the compiled path."""
    return cue_evidence(a) + ([] if wordless(a) else polarity_term_evidence(names, n_terms))


def polarity_term_evidence(names: Iterable[str], n_terms: int) -> list[str]:
    """Evidence strings for the first ``n_terms`` polarity features in ``names`` (strongest first).

    Masked names and abbreviations (``xname``, ``xabbr``) say nothing to a
    reader and are skipped; structure features read as ``structure: ...``.
    Shared by the estimator's ``explain`` and the compiled path, so both
    word their evidence alike.
    """
    terms: list[str] = []
    for name in names:
        if "xname" in name or "xabbr" in name:
            continue
        terms.append(name.replace("not_", "not "))
        if len(terms) >= n_terms:
            break
    return [t.replace(":", ": ", 1) if t.startswith("structure:") else f"term: {t}" for t in terms]


# -- learned sentence leanings ---------------------------------------------------------------

SENTENCE_NAMES = (
    "sentence_max", "sentence_min", "sentence_mean", "sentence_share_positive", "sentence_share_negative",
    "sentence_both_ways", "sentence_first", "sentence_last", "sentence_spread",
)
#: a sentence scored above ``SENTENCE_HIGH`` leans positive, below ``SENTENCE_LOW`` negative
SENTENCE_HIGH, SENTENCE_LOW = 0.65, 0.35


def sentence_texts(a: Analysis) -> list[str]:
    """The sentences of a text, as the pipeline split them (the whole text when it found none)."""
    return [a.text[s.start:s.end] for s in a.sentences or []] or [a.text]


def sentence_matrix(flat: np.ndarray, counts: Sequence[int]) -> sparse.csr_matrix:
    """Paragraph features from per-sentence P(positive) (see ``SENTENCE_NAMES``).

    ``flat`` holds every sentence's score in text order and ``counts`` how many
    belong to each text (a text with none gets a silent row).

    Why: the cue lexicon gives each sentence a leaning only when it holds a
    listed word; a scorer learned from whole strength and weakness findings
    leans every sentence, so "a specific positive, then a shortfall" shows as
    one high and one low sentence whatever the wording. Computed with segment
    reductions over all sentences at once (one call per batch, not per text).
    """
    counts = np.asarray(counts, dtype=np.int64)
    flat = np.asarray(flat, dtype=np.float64)
    out = np.zeros((len(counts), len(SENTENCE_NAMES)), dtype=np.float64)
    rows = np.flatnonzero(counts)
    if len(rows):
        n = counts[rows]
        first = (np.cumsum(counts) - counts)[rows]
        hi = (flat > SENTENCE_HIGH).astype(np.float64)
        lo = (flat < SENTENCE_LOW).astype(np.float64)
        mx, mn = np.maximum.reduceat(flat, first), np.minimum.reduceat(flat, first)
        share_hi, share_lo = np.add.reduceat(hi, first) / n, np.add.reduceat(lo, first) / n
        out[rows] = np.column_stack([
            mx, mn, np.add.reduceat(flat, first) / n, share_hi, share_lo,
            ((share_hi > 0) & (share_lo > 0)).astype(np.float64), flat[first], flat[first + n - 1], mx - mn,
        ])
    return sparse.csr_matrix(out)
