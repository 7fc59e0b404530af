"""Finding persistence: trace earlier findings into the next graded inspection.

For each pair of consecutive *graded* inspections (visits in between do not
break the pair) every earlier finding and recommendation is scored against
every later finding and recommendation, all at once, with three signals:

``theme``  cosine of the two items' theme sets (binary vectors over the
           codebook). Themes are the classifier's judgement of what a
           paragraph is *about*, robust to wording.
``tfidf``  cosine of TF-IDF vectors (word 1-2-grams, light plural folding,
           English stop words and the authority's own name removed). One
           vectorizer is fitted over all items of the authority, so IDF
           down-weights the words every one of its reports uses
           ("children", "social workers"). Computed as one sparse matrix
           product.
``fuzzy``  rapidfuzz ``token_set_ratio`` over the items' content words,
           computed with ``process.cdist`` (C++, no Python double loop). It
           rewards shared vocabulary regardless of paragraph length, which
           TF-IDF cosine penalises when a one-line recommendation meets a
           long finding.

``score = (W_THEME*theme + W_TFIDF*tfidf + W_FUZZY*fuzzy) / (sum of weights used)``
where the theme term is used only when both items carry themes.

How the weights were set (on principle, not item by item): the three
signals were put on a common scale by looking at their distributions over
all 2019×2024 Kirklees pairs — most pairs are unrelated, so the bulk of each
distribution is "noise" and the useful range is its upper tail. TF-IDF
cosine of unrelated paragraphs sits near 0.02-0.05 and of same-ground
paragraphs at 0.15-0.35; token_set_ratio of unrelated paragraphs is already
0.35-0.45 (shared common words) so it separates least and gets the
smallest weight; theme cosine is 0 for most unrelated pairs and 0.5-1 for
related ones but is coarse (24 themes), so it cannot decide alone.
``THRESHOLD`` is set so that, on that score distribution, a link needs
substantially more than a theme in common: a pair sharing one theme fully
(theme 1.0) with background text scores (0.4 + 0.35*0.04 + 0.25*0.4)/1 ≈
0.51 ... so the threshold sits above the theme-only level only when the
theme is the sole signal. The values below were chosen once from those
distributions and then left alone.

Status of an earlier item (recommendations count as weaknesses, and a later
recommendation on the same ground counts as a weakness): the kept links (at
most ``MAX_LINKS``, each ``>= THRESHOLD`` and within ``RELATIVE`` of the best)
vote with their scores: weakness and mixed on one side, strength on the
other, neutral not at all. Weakness→weak side wins ``persisted`` else
``resolved``; strength→weak side wins ``regressed`` else ``sustained``;
nothing kept (or only neutral) → ``not_reported``. Ties go to the weak side,
the cautious reading for officers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import numpy as np

from ofsted_mine.codebook import theme_ids
from ofsted_mine.compare.history import Event
from ofsted_mine.compare.models import (
    Evidence,
    FindingRef,
    FindingTrace,
    InterimEvidence,
    Link,
    NewFinding,
    RecommendationRef,
    RecommendationTrace,
)
from ofsted_mine.models import Document, Finding, Recommendation

W_THEME = 1.0
W_TFIDF = 1.0
W_FUZZY = 1.0
#: A link needs a combined z-score of at least this over the background.
Z_THRESHOLD = 2.0
#: Links kept besides the best must be within this many z units of it.
Z_MARGIN = 0.75
#: Steepness of the logistic that maps z to the reported score (0.5 at Z_THRESHOLD).
SLOPE = 1.5
THRESHOLD = 0.5
MAX_LINKS = 3
MAX_INTERIM = 2
#: Themes with a classifier score below this are not used for matching.
THEME_MIN_SCORE = 0.5

WEAK = {"weakness", "mixed"}

PARAMS = {
    "w_theme": W_THEME,
    "w_tfidf": W_TFIDF,
    "w_fuzzy": W_FUZZY,
    "z_threshold": Z_THRESHOLD,
    "z_margin": Z_MARGIN,
    "slope": SLOPE,
    "max_links": MAX_LINKS,
}

_STOP: Optional[frozenset[str]] = None


def _stop_words() -> frozenset[str]:
    global _STOP
    if _STOP is None:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        _STOP = frozenset(ENGLISH_STOP_WORDS)
    return _STOP


_WORD = re.compile(r"[a-z][a-z'\-]+")


def _fold(word: str) -> str:
    """Light plural folding so "assessments" meets "assessment"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_words(text: str, drop: frozenset[str] = frozenset()) -> list[str]:
    stop = _stop_words()
    low = text.lower().replace("’", "'")
    return [_fold(w.strip("'-")) for w in _WORD.findall(low) if w not in stop and w not in drop and len(w) > 2]


@dataclass
class Item:
    """A finding or recommendation as the aligner sees it."""

    inspection: str
    kind: str  # "finding" | "recommendation"
    number: int
    text: str
    polarity: Optional[str]
    themes: list[str]
    obj: object
    doc: Document

    @property
    def weak_side(self) -> bool:
        return self.kind == "recommendation" or self.polarity in WEAK


def _themes(obj: Finding | Recommendation) -> list[str]:
    return [t.theme for t in obj.themes if t.score >= THEME_MIN_SCORE]


def _polarity(obj: Finding | Recommendation) -> Optional[str]:
    return obj.polarity.label if obj.polarity is not None else None


def items_of(ev: Event) -> tuple[list[Item], list[Item]]:
    """(findings, recommendations) of an event as Items."""
    fs = [
        Item(ev.key, "finding", f.number, f.text, _polarity(f), _themes(f), f, d) for f, d in ev.findings
    ]
    rs = [
        Item(ev.key, "recommendation", r.index, r.text, _polarity(r), _themes(r), r, d)
        for r, d in ev.recommendations
    ]
    return fs, rs


class Scorer:
    """Pairwise similarity of items of one authority (fitted once, reused per pair)."""

    def __init__(self, items: list[Item], drop_words: frozenset[str] = frozenset()):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.drop = drop_words
        self._index = {id(it): i for i, it in enumerate(items)}
        self._tokens = [content_words(it.text, drop_words) for it in items]
        self._joined = [" ".join(t) for t in self._tokens]
        self.vectorizer = TfidfVectorizer(
            analyzer=lambda s: _ngrams(s.split()), sublinear_tf=True, norm="l2"
        )
        self.matrix = self.vectorizer.fit_transform(self._joined) if items else None
        tids = {t: i for i, t in enumerate(theme_ids())}
        self.themes = np.zeros((len(items), max(len(tids), 1)), dtype=np.float32)
        for i, it in enumerate(items):
            for t in it.themes:
                j = tids.get(t)
                if j is not None:
                    self.themes[i, j] = 1.0
        # Weight themes by rarity among the authority's items: "leadership" is on
        # many paragraphs and says less about common ground than "private_fostering".
        df = self.themes.sum(axis=0)
        self.themes *= np.log((1.0 + len(items)) / (1.0 + df)) + 1.0
        norms = np.linalg.norm(self.themes, axis=1, keepdims=True)
        self.has_theme = norms[:, 0] > 0
        self.themes = np.divide(self.themes, norms, out=np.zeros_like(self.themes), where=norms > 0)

    def rows(self, items: list[Item]) -> np.ndarray:
        return np.array([self._index[id(it)] for it in items], dtype=np.int64)

    def score(self, left: list[Item], right: list[Item]) -> dict[str, np.ndarray]:
        """All-pairs matrices (len(left) × len(right)): combined score, z and raw parts."""
        from rapidfuzz import fuzz, process

        if not left or not right:
            z = np.zeros((len(left), len(right)))
            return {"score": z, "z": z, "theme": z, "tfidf": z, "fuzzy": z}
        li, ri = self.rows(left), self.rows(right)
        tfidf = (self.matrix[li] @ self.matrix[ri].T).toarray()
        theme = self.themes[li] @ self.themes[ri].T
        fuzzy = process.cdist(
            [self._joined[i] for i in li],
            [self._joined[i] for i in ri],
            scorer=fuzz.token_set_ratio,
            dtype=np.float32,
        ) / 100.0
        both = np.outer(self.has_theme[li], self.has_theme[ri])
        num = W_TFIDF * _standard(tfidf) + W_FUZZY * _standard(fuzzy) + np.where(both, W_THEME * _standard(theme), 0.0)
        den = W_TFIDF + W_FUZZY + np.where(both, W_THEME, 0.0)
        z = num / den
        score = 1.0 / (1.0 + np.exp(-SLOPE * (z - Z_THRESHOLD)))
        return {"score": score, "z": z, "theme": theme, "tfidf": tfidf, "fuzzy": fuzzy}

    def tokens(self, it: Item) -> list[str]:
        return self._tokens[self._index[id(it)]]


def _standard(m: np.ndarray) -> np.ndarray:
    """Standardise a similarity matrix against its own background (z-scores).

    Most pairs of findings from two inspections are unrelated, so the mean and
    spread of the whole matrix describe "no relation"; a pair's z-score says
    how far it stands above that, on the same scale for every signal.
    """
    sd = float(m.std())
    if sd < 1e-9:
        return np.zeros_like(m, dtype=np.float64)
    return (m - float(m.mean())) / sd


def _ngrams(words: list[str]) -> list[str]:
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def matched_phrases(a: str, b: str, limit: int = 5) -> list[str]:
    """Longest shared runs of 2-5 words (content words at both ends), as printed in ``a``."""
    stop = _stop_words()
    wa = re.findall(r"[A-Za-z][A-Za-z'\-]*", a)
    wb = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'\-]*", b)]
    la = [_fold(w.lower()) for w in wa]
    lb = [_fold(w) for w in wb]
    grams_b = {tuple(lb[i : i + n]) for n in range(2, 6) for i in range(len(lb) - n + 1)}
    found: list[tuple[int, int]] = []
    for n in range(5, 1, -1):
        for i in range(len(la) - n + 1):
            g = tuple(la[i : i + n])
            if g[0] in stop or g[-1] in stop or g not in grams_b:
                continue
            if sum(1 for w in g if w not in stop) < 2:
                continue
            if any(s <= i and i + n <= e for s, e in found):
                continue
            found.append((i, i + n))
    found.sort(key=lambda se: (-(se[1] - se[0]), se[0]))
    out = []
    for s, e in found[:limit]:
        phrase = " ".join(wa[s:e])
        if phrase.lower() not in (p.lower() for p in out):
            out.append(phrase)
    return out


def _status(earlier_weak: bool, links: list[Link]) -> str:
    weak = sum(lk.score for lk in links if lk.kind == "recommendation" or lk.polarity in WEAK)
    strong = sum(lk.score for lk in links if lk.kind == "finding" and lk.polarity == "strength")
    if weak == 0 and strong == 0:
        return "not_reported"
    if earlier_weak:
        return "persisted" if weak >= strong else "resolved"
    return "regressed" if weak >= strong else "sustained"


def _links(row: int, parts: dict[str, np.ndarray], left: Item, right: list[Item]) -> list[Link]:
    scores, zs = parts["score"][row], parts["z"][row]
    if scores.size == 0:
        return []
    order = np.argsort(-zs, kind="stable")[:MAX_LINKS]
    best = float(zs[order[0]])
    out = []
    for j in order:
        s = float(scores[j])
        if zs[j] < Z_THRESHOLD or zs[j] < best - Z_MARGIN:
            break
        it = right[j]
        out.append(
            Link(
                inspection=it.inspection,
                number=it.number,
                score=round(s, 4),
                polarity=it.polarity if it.kind == "finding" else "weakness",
                kind=it.kind,  # type: ignore[arg-type]
                text=it.text,
                themes=it.themes,
                shared_themes=[t for t in left.themes if t in it.themes],
                matched_phrases=matched_phrases(left.text, it.text),
                theme_score=round(float(parts["theme"][row, j]), 4),
                fuzzy_score=round(float(parts["fuzzy"][row, j]), 4),
                tfidf_score=round(float(parts["tfidf"][row, j]), 4),
                page=getattr(it.obj, "page", None),
                section=getattr(it.obj, "section", None) if it.kind == "finding" else getattr(it.obj, "area", None),
            )
        )
    return out


def _interim(row: int, parts: dict[str, np.ndarray], left: Item, visits: list[Item]) -> list[InterimEvidence]:
    if not visits:
        return []
    scores, zs = parts["score"][row], parts["z"][row]
    order = np.argsort(-zs, kind="stable")[:MAX_INTERIM]
    out = []
    for j in order:
        if zs[j] < Z_THRESHOLD:
            break
        v = visits[j]
        out.append(
            InterimEvidence(
                inspection=v.inspection,
                kind=v.doc.doc_type,
                number=v.number,
                score=round(float(scores[j]), 4),
                polarity=v.polarity,
                text=v.text,
                source=v.doc.source,
                shared_themes=[t for t in left.themes if t in v.themes],
            )
        )
    return out


def _evidence(links: list[Link], interim: list[InterimEvidence]) -> Evidence:
    themes = list(dict.fromkeys(t for lk in links for t in lk.shared_themes))
    phrases = list(dict.fromkeys(p for lk in links for p in lk.matched_phrases))[:8]
    return Evidence(
        shared_themes=themes,
        matched_phrases=phrases,
        best_score=max((lk.score for lk in links), default=0.0),
        interim=interim,
    )


@dataclass
class Traces:
    findings: list[FindingTrace]
    recommendations: list[RecommendationTrace]
    new: list[NewFinding]
    skipped_neutral: int = 0


def trace(events: list[Event], drop_words: frozenset[str] = frozenset()) -> Traces:
    """Trace every consecutive graded pair of ``events`` (sorted, keyed)."""
    per_event = {e.key: items_of(e) for e in events}
    all_items = [it for fs, rs in per_event.values() for it in fs + rs]
    scorer = Scorer(all_items, drop_words)
    graded = [e for e in events if e.graded]
    out = Traces([], [], [])
    for a, b in zip(graded, graded[1:], strict=False):
        a_f, a_r = per_event[a.key]
        b_f, b_r = per_event[b.key]
        right = b_f + b_r
        traced_f = [it for it in a_f if it.polarity in ("strength", "weakness", "mixed")]
        out.skipped_neutral += len(a_f) - len(traced_f)
        left = traced_f + a_r
        visits = [
            it
            for e in events
            if not e.graded and a.when < e.when <= b.when
            for it in per_event[e.key][0]
        ]
        parts = scorer.score(left, right)
        vparts = scorer.score(left, visits)
        for i, it in enumerate(left):
            links = _links(i, parts, it, right)
            ev = _evidence(links, _interim(i, vparts, it, visits))
            status = _status(it.weak_side, links)
            if it.kind == "finding":
                f: Finding = it.obj  # type: ignore[assignment]
                ref = FindingRef(
                    inspection=it.inspection,
                    number=it.number,
                    text=it.text,
                    polarity=it.polarity,
                    themes=it.themes,
                    section=f.section,
                    area=f.area,
                    page=f.page,
                    source=it.doc.source,
                    document_id=it.doc.id,
                    doc_type=it.doc.doc_type,
                )
                out.findings.append(
                    FindingTrace(**{"from": ref, "status": status, "to": links, "evidence": ev, "next_inspection": b.key})
                )
            else:
                r: Recommendation = it.obj  # type: ignore[assignment]
                rref = RecommendationRef(
                    inspection=it.inspection,
                    index=r.index,
                    number=r.number,
                    text=it.text,
                    area=r.area,
                    themes=it.themes,
                    cited=r.source == "cited",
                    page=r.page,
                    source=it.doc.source,
                    document_id=it.doc.id,
                )
                out.recommendations.append(
                    RecommendationTrace(
                        **{"from": rref, "status": status, "to": links, "evidence": ev, "next_inspection": b.key}
                    )
                )
        # Later weaknesses on ground no earlier item covered.
        if b_f:
            earlier_all = a_f + a_r
            col = scorer.score(earlier_all, b_f)["z"]
            best = col.max(axis=0) if earlier_all else np.zeros(len(b_f))
            for j, it in enumerate(b_f):
                if it.polarity in WEAK and best[j] < Z_THRESHOLD:
                    f2: Finding = it.obj  # type: ignore[assignment]
                    out.new.append(
                        NewFinding(
                            inspection=it.inspection,
                            number=it.number,
                            themes=it.themes,
                            polarity=it.polarity,
                            text=it.text,
                            section=f2.section,
                            page=f2.page,
                            previous_inspection=a.key,
                        )
                    )
    return out


__all__ = ["trace", "Traces", "Scorer", "Item", "matched_phrases", "content_words", "PARAMS"]
