"""Polarity estimator: strength / weakness / mixed / neutral.

Why not bag-of-words alone: a *mixed* finding is a structure ("X is good;
however, Y is not"), and a weakness is often praise undone by one clause
("strengthening but still to be fully embedded"). So the model sees, beside
word 1-3-grams of the negation-marked masked text ("not_effective"), the
contrast-structure block of :mod:`ofsted_mine.classify.features`: sentence
leanings, contrast markers and where they fall, "not yet"/"too soon"
language, and whether the text is a recommendation; and a learned sentence
block: a small logistic regression scores every sentence P(positive)
(trained on the sentences of strength and weakness findings), and the
finding gets the spread of its sentences' scores (highest, lowest, first,
last, share leaning each way). The training findings' sentence scores are
cross-fitted by document, so the paragraph model learns from scores like
those it will see on unseen documents.

With ``presence_weight=w`` (on in training) the multinomial's probabilities
are blended with a second reading of the same features: two binary
regressions say whether the finding *has a strength* (gold ``strength`` or
``mixed``) and whether it *has a weakness* (``weakness`` or ``mixed``), and
their product gives ``mixed = p·n``, ``strength = p·(1 − n)``,
``weakness = (1 − p)·n``, ``neutral = (1 − p)·(1 − n)``. Why: that is the
codebook's own definition of *mixed*, and most polarity errors are on the
mixed boundary; each detector learns from every finding that shows its side,
where the multinomial splits them three ways. Under leave-one-document-out the
blend at 0.5 raised accuracy 0.814 -> 0.819.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold

from ofsted_mine.classify.features import (
    SENTENCE_NAMES,
    STRUCTURE_NAMES,
    TOKEN_PATTERN,
    SampleLike,
    as_samples,
    blend_presence,
    neutral_rule,
    polarity_evidence_lines,
    sentence_matrix,
    sentence_texts,
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
        sentence_weight: float = 2.0,
        sentence_C: float = 2.0,
        sentence_folds: int = 5,
        presence_weight: float = 0.0,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.class_weight = class_weight
        self.word_ngrams = word_ngrams
        self.max_features = max_features
        self.structure_weight = structure_weight
        self.sentence_weight = sentence_weight
        self.sentence_C = sentence_C
        self.sentence_folds = sentence_folds
        self.presence_weight = presence_weight
        self.random_state = random_state

    # -- sentence scorer -------------------------------------------------------------
    def _fit_sentences(self, an, y):
        """(vectorizer, regression) scoring sentences P(positive); None without both kinds of example."""
        texts, labels = [], []
        for a, lab in zip(an, y, strict=True):
            if lab in ("strength", "weakness"):
                sents = sentence_texts(a)
                texts += sents
                labels += [int(lab == "strength")] * len(sents)
        if len(set(labels)) < 2:
            return None
        vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                              token_pattern=TOKEN_PATTERN, dtype=np.float64).fit(texts)
        lr = LogisticRegression(C=self.sentence_C, max_iter=3000, random_state=self.random_state)
        lr.fit(vec.transform(texts), labels)
        return _strip(vec), lr

    @staticmethod
    def _score_sentences(model, an) -> tuple[np.ndarray, np.ndarray]:
        """Every sentence's P(positive) in text order, and the number of sentences of each text."""
        sents = [sentence_texts(a) for a in an]
        if model is None:
            return np.zeros(0), np.zeros(len(sents), dtype=np.int64)
        vec, lr = model
        flat = lr.predict_proba(vec.transform([t for ss in sents for t in ss]))[:, 1]
        return flat, np.array([len(ss) for ss in sents], dtype=np.int64)

    def _cross_fitted(self, an, y, groups) -> tuple[np.ndarray, np.ndarray]:
        """Sentence scores of the training findings, each from a scorer that never saw its document."""
        y = np.asarray(y)
        if groups is not None and len(set(groups)) >= 2:
            splits = GroupKFold(n_splits=min(self.sentence_folds, len(set(groups)))).split(an, y, groups)
        else:
            splits = KFold(n_splits=max(2, min(self.sentence_folds, len(an)))).split(an)
        out: list[np.ndarray] = [np.zeros(0)] * len(an)
        for tr, te in splits:
            flat, counts = self._score_sentences(self._fit_sentences([an[i] for i in tr], y[tr]), [an[i] for i in te])
            for i, p in zip(te, np.split(flat, np.cumsum(counts)[:-1]), strict=True):
                out[i] = p
        return np.concatenate(out), np.array([len(p) for p in out], dtype=np.int64)

    # -- features and fit --------------------------------------------------------------
    def _features(self, samples, fit: bool = False, sentence_scores=None):
        texts = [s.text for s in samples]
        an = analyse(texts, self.vocab_)
        marked = [a.negmarked for a in an]
        if fit:
            self.vec_ = _strip(TfidfVectorizer(
                ngram_range=tuple(self.word_ngrams), min_df=2, sublinear_tf=True,
                max_features=self.max_features, token_pattern=TOKEN_PATTERN, dtype=np.float64,
            ).fit(marked))
        S = structure_matrix(an, [s.kind for s in samples]) * self.structure_weight
        if sentence_scores is None:
            sentence_scores = self._score_sentences(self.sentences_, an)
        T = sentence_matrix(*sentence_scores) * self.sentence_weight
        return sparse.hstack([self.vec_.transform(marked), S, T]).tocsr(), an

    def fit(self, X: Sequence[SampleLike], y, groups: Optional[Sequence[str]] = None) -> PolarityClassifier:
        """Fit; ``groups`` (each sample's document) makes the cross-fitted sentence scores document-blind."""
        samples = as_samples(X)
        y = [str(v) for v in y]
        vocab = common_words([s.text for s in samples])
        an = analyse([s.text for s in samples], vocab)
        crossed = self._cross_fitted(an, y, groups)
        self.sentences_ = self._fit_sentences(an, y)
        self.vocab_ = vocab  # set after sentences_: attribute order is part of the pickled bytes
        Xf, _ = self._features(samples, fit=True, sentence_scores=crossed)
        self.model_ = LogisticRegression(
            C=self.C, class_weight=self.class_weight, max_iter=5000, random_state=self.random_state
        ).fit(Xf, np.asarray(y))
        self.presence_ = self._fit_presence(Xf, np.asarray(y)) if self.presence_weight > 0 else None
        # every codebook label is a possible answer, even one absent from this
        # training set: the neutral rule can give ``neutral`` without examples
        from ofsted_mine.codebook import polarity_ids

        self.classes_ = np.array(sorted(set(map(str, self.model_.classes_)) | set(polarity_ids())))
        self.feature_names_ = np.concatenate([
            self.vec_.get_feature_names_out(),
            np.char.add("structure:", np.array(STRUCTURE_NAMES + SENTENCE_NAMES, dtype=str)),
        ])
        _strip(self.vec_)
        return self

    def _fit_presence(self, Xf, y: np.ndarray) -> Optional[tuple[LogisticRegression, LogisticRegression]]:
        """(has a strength, has a weakness) regressions; None unless each side occurs both ways."""
        sides = (np.isin(y, ("strength", "mixed")), np.isin(y, ("weakness", "mixed")))
        if any(len(set(side.tolist())) < 2 for side in sides):
            return None
        pos, neg = (
            LogisticRegression(C=self.C, max_iter=5000, random_state=self.random_state).fit(Xf, side.astype(int))
            for side in sides
        )
        return pos, neg

    def _scores(self, Xf, an, samples) -> np.ndarray:
        """Model probabilities over ``classes_`` (0 for a class it never saw), blended with
        the presence detectors when fitted, then the neutral rule."""
        Pm = self.model_.predict_proba(Xf)
        cols = np.searchsorted(self.classes_, self.model_.classes_)
        if list(self.model_.classes_) == list(self.classes_):
            P = Pm
        else:
            P = np.zeros((Pm.shape[0], len(self.classes_)))
            P[:, cols] = Pm
        if getattr(self, "presence_", None) is not None:
            pos, neg = (m.predict_proba(Xf)[:, 1] for m in self.presence_)
            P = blend_presence(P, pos, neg, self.classes_, cols, self.presence_weight)
        return neutral_rule(P, self.classes_, an, samples)

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
            lo, hi = Xf.indptr[i], Xf.indptr[i + 1]
            idx = Xf.indices[lo:hi]
            if label not in known:
                out.append((label, float(P[i, k]), _cue_evidence(a)))
                continue
            m = known.index(label)
            w = coef[m] if coef.shape[0] > 1 else (coef[0] if m == 1 else -coef[0])
            vals = Xf.data[lo:hi] * w[idx]
            pushing = (o for o in np.lexsort((idx, -vals)) if vals[o] > 0)  # sorted: the rest are <= 0
            names = (str(self.feature_names_[int(idx[o])]) for o in pushing)
            out.append((label, float(P[i, k]), polarity_evidence_lines(a, names, n_terms)))
        return out
