"""Finding persistence: trace earlier findings into the next graded inspection.

For each pair of consecutive *graded* inspections (visits in between do not
break the pair) every earlier finding and recommendation is scored against
every later finding and recommendation, all pairs at once, on three signals:

``theme``  overlap coefficient of the two items' theme sets, each theme
           weighted by its rarity (idf) among the authority's items: the
           share of the smaller set's theme information the other item also
           has. A one-theme paragraph inside a three-theme one scores 1;
           sharing only a common theme ("leadership") counts for less than
           sharing a rare one ("private_fostering"). Matrix products only.
``tfidf``  cosine of TF-IDF vectors (content words with light plural
           folding, 1-2-grams, sublinear tf; English stop words and the
           authority's own name removed). ONE vectorizer is fitted over all
           items of the authority, so idf down-weights what all its reports
           say ("children", "social workers"). One sparse matrix product.
``fuzzy``  rapidfuzz ``token_set_ratio`` over the items' content words:
           shared vocabulary regardless of length, where cosine penalises a
           one-line recommendation meeting a long paragraph. It is the
           costliest and least separating signal, so it is computed (with
           ``process.cpdist``, C++, no Python double loop) only for each
           earlier item's ``CANDIDATES`` best pairs by theme+TF-IDF, its
           background from a fixed-seed sample of ``BACKGROUND`` pairs.

The signals live on different scales (TF-IDF cosine of unrelated paragraphs
is ~0.02 and of related ones ~0.1-0.3; token_set_ratio is 0.4-0.5 even for
unrelated paragraphs). So each signal's matrix is standardised against its
own background: most pairs of findings from two inspections are unrelated,
so the matrix mean and spread describe "no relation", and a pair's z-score
says how far it stands out. The z-scores are combined with Stouffer's method,
``sum(w*z) / sqrt(sum(w**2))``, with equal weights (no signal is trusted over
another a priori): the result is on the same standard scale whether two or
three signals are available (the theme term is dropped when either side has
no theme), so one threshold is fair to both. The reported ``score`` maps the
combined z through a logistic, 0.5 at ``Z_THRESHOLD``.

Tuning, on principle rather than item by item: the structure (standardised
signals, equal weights, Stouffer) was fixed first. Then, on the
hand-labelled Kirklees 2016/2019/2024 items (gold themes and polarity,
``tests/compare/labelled.py``), a grid over the theme measure (cosine /
shared idf / overlap), the status rule, the threshold, the margin and the
weights showed a broad plateau: agreement with the hand-read statuses is
flat for combined-z thresholds 1.0-2.25 and falls beyond (0.84 at 3.0);
``Z_THRESHOLD = 2.0`` sits inside it (about the top 2% of a standard
background), not at a peak. ``Z_MARGIN = 1.75`` keeps links whose evidence
is within about one z unit per signal of the best one. Dropping the fuzzy
signal or doubling the theme weight made agreement worse on average. With
gold tags agreement is 0.87. Under simulated classifier noise (20% of
findings with a theme dropped or added, 15% with polarity moved one step)
it falls to ~0.70, almost all of it from polarity: a status is a function
of two polarities, so the comparator is only as good as the classifier's
polarity. Weighting links by the classifier's polarity confidence and
"any weak link means a recommendation persisted" were tried and rejected
(both lowered agreement).

Status of an earlier item (recommendations count as weaknesses). The kept
links are the best ``MAX_LINKS`` with z >= ``Z_THRESHOLD`` and within
``Z_MARGIN`` of the best. If a later *recommendation* is among them, the later
report asks again for improvement on that ground: the weak side wins. Else
the polarity of the best-scoring non-neutral link decides (weakness and mixed
are the weak side). Weak→weak ``persisted``, weak→strength ``resolved``,
strength→weak ``regressed``, strength→strength ``sustained``; no kept link,
or only neutral ones, ``not_reported``. Later weaknesses whose best z
against every earlier item is under the threshold are ``new``. Visit-letter
findings dated between the two inspections are scored the same way and the
best two over the threshold are attached as interim evidence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
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
Z_MARGIN = 1.75
#: Steepness of the logistic that maps z to the reported score (0.5 at Z_THRESHOLD).
SLOPE = 1.0
MAX_LINKS = 3
MAX_INTERIM = 2
#: Fuzzy matching is computed for each earlier item's best CANDIDATES by theme+TF-IDF.
CANDIDATES = 12
#: Random pairs sampled to estimate the fuzzy signal's background.
BACKGROUND = 400
#: Themes with a classifier score below this are not used for matching. The
#: classifier has already decided which themes apply, so by default all are used.
THEME_MIN_SCORE = 0.0

WEAK = {"weakness", "mixed"}
#: Earlier findings with these polarities are traced; neutral ones are context only.
TRACED = {"strength", "weakness", "mixed"}

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
        from ofsted_mine.compare.stopwords import ENGLISH_STOP_WORDS

        _STOP = ENGLISH_STOP_WORDS
    return _STOP


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    """Light plural folding so "assessments" meets "assessment"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


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
        self.drop = drop_words
        self._index = {id(it): i for i, it in enumerate(items)}
        # One tokenisation per item serves matched phrases (all words) and the
        # TF-IDF/fuzzy signals (content words only).
        stop = _stop_words() | drop_words
        self._pdata_list = [_phrase_data(it.text) for it in items]
        self._phrase_index: dict[int, tuple[set[tuple[str, str]], str]] = {}
        self._tokens = [
            [f for w, f in zip(pd[2], pd[1], strict=True) if len(w) > 2 and w not in stop] for pd in self._pdata_list
        ]
        self._joined = [" ".join(t) for t in self._tokens]
        self.matrix, self.vocabulary, df = _tfidf(self._tokens)
        # Words on more than a fifth of the authority's items ("social workers",
        # "children") make poor evidence of common ground in matched phrases.
        self.common: frozenset[str] = frozenset(
            w for w, j in self.vocabulary.items() if " " not in w and df[j] > 0.2 * len(items)
        )
        tids = {t: i for i, t in enumerate(theme_ids())}
        binary = np.zeros((len(items), max(len(tids), 1)), dtype=np.float64)
        for i, it in enumerate(items):
            for t in it.themes:
                j = tids.get(t)
                if j is not None:
                    binary[i, j] = 1.0
        # Weight themes by rarity among the authority's items: "leadership" is on
        # many paragraphs and says less about common ground than "private_fostering".
        df = binary.sum(axis=0)
        self.theme_idf = np.log((1.0 + len(items)) / (1.0 + df)) + 1.0
        self.themes = binary
        self.theme_mass = binary @ self.theme_idf
        self.has_theme = self.theme_mass > 0

    def rows(self, items: list[Item]) -> np.ndarray:
        return np.array([self._index[id(it)] for it in items], dtype=np.int64)

    def score(self, left: list[Item], right: list[Item]) -> dict[str, np.ndarray]:
        """All-pairs matrices (len(left) × len(right)): combined score, z and raw parts."""

        if not left or not right:
            z = np.zeros((len(left), len(right)))
            return {"score": z, "z": z, "theme": z, "tfidf": z, "fuzzy": z}
        li, ri = self.rows(left), self.rows(right)
        tfidf = (self.matrix[li] @ self.matrix[ri].T).toarray()
        # Overlap coefficient of idf-weighted theme sets: the share of the
        # smaller set's theme information that the other item also has, so a
        # one-theme paragraph fully inside a three-theme one scores 1.
        shared = (self.themes[li] * self.theme_idf) @ self.themes[ri].T
        smaller = np.minimum.outer(self.theme_mass[li], self.theme_mass[ri])
        theme = np.divide(shared, smaller, out=np.zeros_like(shared), where=smaller > 0)
        fuzzy = self._fuzzy(li, ri, tfidf, theme)
        both = np.outer(self.has_theme[li], self.has_theme[ri])
        zf = np.where(np.isnan(fuzzy), 0.0, (fuzzy - self._fz_mean) / self._fz_sd)
        num = W_TFIDF * _standard(tfidf) + W_FUZZY * zf + np.where(both, W_THEME * _standard(theme), 0.0)
        den = np.sqrt(W_TFIDF**2 + W_FUZZY**2 + np.where(both, W_THEME**2, 0.0))
        z = num / den
        score = 1.0 / (1.0 + np.exp(-SLOPE * (z - Z_THRESHOLD)))
        return {"score": score, "z": z, "theme": theme, "tfidf": tfidf, "fuzzy": np.nan_to_num(fuzzy, nan=self._fz_mean)}

    def _fuzzy(self, li: np.ndarray, ri: np.ndarray, tfidf: np.ndarray, theme: np.ndarray) -> np.ndarray:
        """token_set_ratio for each left item's ``CANDIDATES`` best pairs by theme+TF-IDF.

        Fuzzy matching is the costliest signal and the weakest separator, so it
        refines a shortlist rather than scoring every pair; its background
        (mean, spread) comes from a fixed-seed sample of ``BACKGROUND`` pairs.
        Pairs off the shortlist are NaN (their fuzzy z is taken as 0).
        """
        from rapidfuzz import fuzz, process

        n, m = len(li), len(ri)
        pre = _standard(tfidf) + _standard(theme)
        k = min(CANDIDATES, m)
        cand = np.argpartition(-pre, k - 1, axis=1)[:, :k] if k < m else np.tile(np.arange(m), (n, 1))
        rows = np.repeat(np.arange(n), cand.shape[1])
        cols = cand.ravel()
        rng = np.random.default_rng(n * 100003 + m)
        size = min(BACKGROUND, n * m)
        bg_r, bg_c = rng.integers(0, n, size), rng.integers(0, m, size)
        q = [self._joined[i] for i in li[np.concatenate([rows, bg_r])]]
        c = [self._joined[j] for j in ri[np.concatenate([cols, bg_c])]]
        vals = process.cpdist(q, c, scorer=fuzz.token_set_ratio, dtype=np.float32) / 100.0
        out = np.full((n, m), np.nan)
        out[rows, cols] = vals[: len(rows)]
        bg = vals[len(rows) :]
        self._fz_mean = float(bg.mean()) if size else 0.0
        sd = float(bg.std()) if size else 0.0
        self._fz_sd = sd if sd > 1e-9 else 1.0
        return out

    def phrases(self, a: Item, b: Item, limit: int = 5) -> list[str]:
        """``matched_phrases`` with each item's word lists computed once."""
        i = self._index[id(b)]
        if i not in self._phrase_index:
            self._phrase_index[i] = _phrase_index(self._pdata_list[i][1])
        return _matched(self._pdata(a), self._pdata_list[i], self._phrase_index[i], limit, self.common)

    def _pdata(self, it: Item):
        return self._pdata_list[self._index[id(it)]]

    def tokens(self, it: Item) -> list[str]:
        return self._tokens[self._index[id(it)]]


def _tfidf(docs: list[list[str]]):
    """TF-IDF rows (l2-normalised, sublinear tf, smoothed idf) of word 1-2-grams.

    The count matrix is built directly (a dict vocabulary and one CSR) and
    weighted as scikit-learn's ``TfidfTransformer(sublinear_tf=True)`` does,
    step for step, so the numbers are the same to the last bit (a test
    checks) without importing scikit-learn, which costs over a second
    when nothing else needs it. Returns the matrix, the vocabulary and each
    term's document frequency.
    """
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    indptr, indices, counts = [0], [], []
    for words in docs:
        row: dict[int, int] = {}
        for g in _ngrams(words):
            j = vocab.setdefault(g, len(vocab))
            row[j] = row.get(j, 0) + 1
        indices.extend(row)
        counts.extend(row.values())
        indptr.append(len(indices))
    n_terms = max(len(vocab), 1)
    cols = np.asarray(indices, dtype=np.int64)
    df = np.bincount(cols, minlength=n_terms)
    data = np.asarray(counts, dtype=np.float64)
    if docs:
        data = _tfidf_weights(data, cols, indptr, df, len(docs))
    matrix = csr_matrix((data, cols, indptr), shape=(len(docs), n_terms))
    return matrix, vocab, df


def _tfidf_weights(counts: np.ndarray, cols: np.ndarray, indptr: list[int], df: np.ndarray,
                   n_docs: int) -> np.ndarray:
    """CSR data of raw counts → sublinear tf × smoothed idf, each row scaled to unit length.

    The operations and their order are scikit-learn's (``TfidfTransformer``
    then ``normalize``): ``idf = ln((n + 1) / (df + 1)) + 1``, ``tf = 1 + ln(count)``,
    and each row's squared values summed left to right, as its Cython loop does.
    """
    idf = np.full_like(df, fill_value=n_docs + 1, dtype=np.float64)
    idf /= df.astype(np.float64) + 1.0
    np.log(idf, out=idf)
    idf += 1.0
    data = counts.copy()
    np.log(data, out=data)
    data += 1.0
    data *= idf[cols]
    squares = (data * data).tolist()
    for start, end in zip(indptr, indptr[1:], strict=False):
        total = 0.0
        for v in squares[start:end]:
            total += v
        if total != 0.0:
            data[start:end] /= math.sqrt(total)
    return data


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


_PHRASE_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def _phrase_data(text: str) -> tuple[list[str], list[str], list[str]]:
    """Printed words, folded words and lower-cased words of ``text``."""
    words = _PHRASE_WORD.findall(text.replace("’", "'"))
    lower = [w.lower().strip("'-") for w in words]
    return words, [_fold(w) for w in lower], lower


def _phrase_index(folded: list[str]) -> tuple[set[tuple[str, str]], str]:
    """Folded bigrams and the padded folded text, for finding shared runs."""
    return set(zip(folded, folded[1:], strict=False)), " " + " ".join(folded) + " "


def matched_phrases(a: str, b: str, limit: int = 5, common: frozenset[str] = frozenset()) -> list[str]:
    """Longest shared runs of words (content words at both ends), as printed in ``a``.

    A run needs two content words and at least one that is not ``common``.
    Runs are found from shared bigrams (linear in the text length) and checked
    to occur whole in ``b``.
    """
    da, db = _phrase_data(a), _phrase_data(b)
    return _matched(da, db, _phrase_index(db[1]), limit, common)


def _matched(da, db, index_b, limit: int, common: frozenset[str]) -> list[str]:
    stop = _stop_words()
    wa, la = da[0], da[1]
    bigrams_b, text_b = index_b
    runs: list[tuple[int, int]] = []
    i, n = 0, len(la)
    while i < n - 1:
        if (la[i], la[i + 1]) not in bigrams_b:
            i += 1
            continue
        j = i + 1
        while j < n - 1 and (la[j], la[j + 1]) in bigrams_b:
            j += 1
        runs.append((i, j + 1))
        i = j + 1
    found: list[tuple[int, int]] = []
    for s, e in runs:
        while e - s >= 2 and f" {' '.join(la[s:e])} " not in text_b:
            e -= 1  # consecutive shared bigrams that are not one run in b
        while s < e and la[s] in stop:
            s += 1
        while e > s and la[e - 1] in stop:
            e -= 1
        g = la[s:e]
        if len(g) < 2 or sum(1 for w in g if w not in stop) < 2 or all(w in stop or w in common for w in g):
            continue
        found.append((s, e))
    found.sort(key=lambda se: (-(se[1] - se[0]), se[0]))
    out: list[str] = []
    for s, e in found[:limit]:
        phrase = " ".join(wa[s:e])
        if phrase.lower() not in (p.lower() for p in out):
            out.append(phrase)
    return out


def _status(earlier_weak: bool, links: list[Link]) -> str:
    """Status from the kept links (see the module docstring for the rule)."""
    if any(lk.kind == "recommendation" for lk in links):
        weak_side = True  # Ofsted asks again for improvement on this ground
    else:
        weak = max((lk.score for lk in links if lk.polarity in WEAK), default=0.0)
        strong = max((lk.score for lk in links if lk.polarity == "strength"), default=0.0)
        if weak == 0 and strong == 0:
            return "not_reported"
        weak_side = weak >= strong
    if earlier_weak:
        return "persisted" if weak_side else "resolved"
    return "regressed" if weak_side else "sustained"


def _links(row: int, parts: dict[str, np.ndarray], left: Item, right: list[Item], scorer: Scorer) -> list[Link]:
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
                matched_phrases=scorer.phrases(left, it),
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
        # One score matrix per pair: every earlier item (neutral findings too,
        # for the "new" test) against every later item.
        left_all = a_f + a_r
        traced = [i for i, it in enumerate(left_all) if it.kind == "recommendation" or it.polarity in TRACED]
        out.skipped_neutral += len(left_all) - len(traced)
        visits = [
            it
            for e in events
            if not e.graded and a.when < e.when <= b.when
            for it in per_event[e.key][0]
        ]
        parts = scorer.score(left_all, right)
        vparts = scorer.score(left_all, visits)
        for i in traced:
            it = left_all[i]
            links = _links(i, parts, it, right, scorer)
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
        if b_f and left_all:
            best = parts["z"][:, : len(b_f)].max(axis=0)
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


__all__ = ["trace", "Traces", "Scorer", "Item", "matched_phrases", "PARAMS"]
