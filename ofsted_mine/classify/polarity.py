"""Polarity estimator: strength / weakness / mixed / neutral.

Why not bag-of-words alone: a *mixed* finding is a structure ("X is good;
however, Y is not"), and a weakness is often praise undone by one clause
("strengthening but still to be fully embedded"). So the model sees, beside
word 1-3-grams of the negation-marked masked text ("not_effective"), the
contrast-structure block of :mod:`ofsted_mine.classify.features`: sentence
leanings, contrast markers and where they fall, "not yet"/"too soon"
language, and whether the text is a recommendation.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from ofsted_mine.classify.features import (
    STRUCTURE_NAMES,
    SampleLike,
    as_samples,
    neutral_rule,
    polarity_term_evidence,
    structure_matrix,
)
from ofsted_mine.classify.features import cue_evidence as _cue_evidence
from ofsted_mine.classify.pipeline import analyse, common_words
from ofsted_mine.classify.themes import _strip


class PolarityClassifier(BaseEstimator, ClassifierMixin):
    """Single-label polarity classifier (scikit-learn estimator)."""

    def __init__(
        self,
        C: float = 8.0,
        word_ngrams: tuple[int, int] = (1, 3),
        max_features: int = 15000,
        structure_weight: float = 3.0,
        class_weight: object = None,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.class_weight = class_weight
        self.word_ngrams = word_ngrams
        self.max_features = max_features
        self.structure_weight = structure_weight
        self.random_state = random_state

    def _features(self, samples, fit: bool = False):
        texts = [s.text for s in samples]
        if fit:
            self.vocab_ = common_words(texts)
        an = analyse(texts, self.vocab_)
        marked = [a.negmarked for a in an]
        if fit:
            self.vec_ = _strip(TfidfVectorizer(
                ngram_range=tuple(self.word_ngrams), min_df=2, sublinear_tf=True,
                max_features=self.max_features, token_pattern=r"(?u)\b[\w'-]+\b", dtype=np.float64,
            ).fit(marked))
        S = structure_matrix(an, [s.kind for s in samples]) * self.structure_weight
        return sparse.hstack([self.vec_.transform(marked), S]).tocsr(), an

    def fit(self, X: Sequence[SampleLike], y) -> PolarityClassifier:
        Xf, _ = self._features(as_samples(X), fit=True)
        self.model_ = LogisticRegression(
            C=self.C, class_weight=self.class_weight, max_iter=5000, random_state=self.random_state
        ).fit(Xf, np.asarray(y))
        # every codebook label is a possible answer, even one absent from this
        # training set: the neutral rule can give ``neutral`` without examples
        from ofsted_mine.codebook import polarity_ids

        self.classes_ = np.array(sorted(set(map(str, self.model_.classes_)) | set(polarity_ids())))
        self.feature_names_ = np.concatenate([
            self.vec_.get_feature_names_out(), np.char.add("structure:", np.array(STRUCTURE_NAMES, dtype=str))
        ])
        _strip(self.vec_)
        return self

    def _scores(self, Xf, an, samples) -> np.ndarray:
        """Model probabilities over ``classes_`` (0 for a class it never saw), then the neutral rule."""
        Pm = self.model_.predict_proba(Xf)
        if list(self.model_.classes_) == list(self.classes_):
            P = Pm
        else:
            P = np.zeros((Pm.shape[0], len(self.classes_)))
            cols = np.searchsorted(self.classes_, self.model_.classes_)
            P[:, cols] = Pm
        return neutral_rule(P, self.classes_, an, [s.kind for s in samples])

    def predict_proba(self, X: Sequence[SampleLike]) -> np.ndarray:
        samples = as_samples(X)
        Xf, an = self._features(samples)
        return self._scores(Xf, an, samples)

    def predict(self, X: Sequence[SampleLike]) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def explain(self, X: Sequence[SampleLike], n_terms: int = 3):
        """Per sample: (label, probability, evidence strings)."""
        samples = as_samples(X)
        Xf, an = self._features(samples)
        P = self._scores(Xf, an, samples)
        coef = self.model_.coef_
        known = [str(c) for c in self.model_.classes_]
        out = []
        for i, a in enumerate(an):
            k = int(np.argmax(P[i]))
            label = str(self.classes_[k])
            ev = _cue_evidence(a)
            lo, hi = Xf.indptr[i], Xf.indptr[i + 1]
            idx = Xf.indices[lo:hi]
            if label not in known:
                out.append((label, float(P[i, k]), ev))
                continue
            m = known.index(label)
            w = coef[m] if coef.shape[0] > 1 else (coef[0] if m == 1 else -coef[0])
            vals = Xf.data[lo:hi] * w[idx]
            pushing = (o for o in np.lexsort((idx, -vals)) if vals[o] > 0)  # sorted: the rest are <= 0
            ev += polarity_term_evidence((str(self.feature_names_[int(idx[o])]) for o in pushing), n_terms)
            out.append((label, float(P[i, k]), ev))
        return out
