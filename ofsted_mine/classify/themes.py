"""Multi-label theme estimator: TF-IDF words + characters + theme cues.

One-vs-rest linear SVMs with sigmoid-calibrated probabilities (one base
model per theme, ``ensemble=False``, so the shipped file stays small), over
feature blocks: word 1-2-grams of the *masked* text (proper nouns replaced,
so no council name is a feature), optional character n-grams
(``char_ngrams=(3, 5)``), and the theme cue features. Character n-grams are
off by default here but on in training (``train.THEME_PARAMS``): once the cue
lists were widened they raised leave-one-document-out micro-F1 (0.784 -> 0.802),
catching inflected practice words ("assessing", "reunified") the word n-grams
and cues miss. A theme is assigned when its probability reaches
a per-theme threshold chosen by cross-validation (by document when groups
are given) and stored on the estimator.

With ``neighbours=k`` (on in training) each probability is mixed with the
vote of the *k* most similar training findings
(:mod:`~ofsted_mine.classify.neighbours`): ``(1 - w) * calibrated + w * vote``.
The weight ``w`` is chosen per theme with its threshold, from
``neighbour_weights``, on the same out-of-fold scores (each fold voting only
among its own training findings): a theme named by one clear word
(``missing``) keeps its linear score, one read by convention
(``assessment_quality``) leans on the vote.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold
from sklearn.svm import LinearSVC

from ofsted_mine.classify.features import (
    CUE_BLOCK,
    TOKEN_PATTERN,
    SampleLike,
    as_samples,
    cue_matrix,
)
from ofsted_mine.classify.neighbours import mix_vote, neighbour_vote, similar_evidence, unit_rows
from ofsted_mine.classify.pipeline import analyse, common_words

#: fewer positive examples than this and a theme is predicted by its cues alone
MIN_POSITIVES = 3
THRESHOLD_GRID = np.round(np.arange(0.10, 0.91, 0.05), 2)


def _strip(vec: TfidfVectorizer) -> TfidfVectorizer:
    """Drop state that would make two identical fits pickle differently.

    ``stop_words_`` is a set (pickled in hash order) and ``_stop_words_id`` a
    memory address; neither is needed to transform. Called at the end of
    ``fit`` because ``transform`` sets the id again.
    """
    for attr in ("stop_words_", "_stop_words_id"):
        if hasattr(vec, attr):
            delattr(vec, attr)
    return vec


class ThemeClassifier(BaseEstimator, ClassifierMixin):
    """Multi-label theme tagger (scikit-learn estimator).

    ``fit(X, Y, groups=None)``: ``X`` texts or :class:`Sample` pairs, ``Y`` a
    binary indicator matrix (n_samples x n_labels) in ``labels`` order.
    ``predict`` returns the indicator matrix; ``predict_proba`` the
    calibrated probability of each theme.
    """

    def __init__(
        self,
        labels: Sequence[str] = (),
        C: float = 0.5,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: Optional[tuple[int, int]] = None,
        max_word_features: int = 6000,
        max_char_features: int = 12000,
        cue_weight: float = 1.0,
        calibration_folds: int = 3,
        threshold_folds: int = 5,
        neighbours: int = 0,
        neighbour_weights: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6),
        neighbour_power: float = 2.0,
        random_state: int = 0,
    ) -> None:
        self.labels = labels
        self.C = C
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.max_word_features = max_word_features
        self.max_char_features = max_char_features
        self.cue_weight = cue_weight
        self.calibration_folds = calibration_folds
        self.threshold_folds = threshold_folds
        self.neighbours = neighbours
        self.neighbour_weights = neighbour_weights
        self.neighbour_power = neighbour_power
        self.random_state = random_state

    # -- features ------------------------------------------------------------
    def _features(self, samples, fit: bool = False):
        texts = [s.text for s in samples]
        if fit:
            self.vocab_ = common_words(texts)
        an = analyse(texts, self.vocab_)
        masked = [a.masked for a in an]
        if fit:
            self.word_vec_ = _strip(TfidfVectorizer(
                ngram_range=tuple(self.word_ngrams), min_df=2, sublinear_tf=True,
                max_features=self.max_word_features, token_pattern=TOKEN_PATTERN, dtype=np.float32,
            ).fit(masked))
            self.char_vec_ = None if not self.char_ngrams else _strip(TfidfVectorizer(
                analyzer="char_wb", ngram_range=tuple(self.char_ngrams), min_df=2, sublinear_tf=True,
                max_features=self.max_char_features, dtype=np.float32,
            ).fit(masked))
        blocks = [self.word_vec_.transform(masked)]
        if self.char_vec_ is not None:
            blocks.append(self.char_vec_.transform(masked))
        blocks.append(cue_matrix(an, self.labels_) * self.cue_weight)
        X = sparse.hstack(blocks).tocsr()
        return X, an

    def _new_clf(self, y: np.ndarray) -> Optional[CalibratedClassifierCV]:
        pos = int(y.sum())
        if pos < MIN_POSITIVES or pos > len(y) - MIN_POSITIVES:
            return None
        folds = StratifiedKFold(min(self.calibration_folds, pos), shuffle=True, random_state=self.random_state)
        base = LinearSVC(C=self.C, class_weight="balanced", random_state=self.random_state, max_iter=5000)
        return CalibratedClassifierCV(base, method="sigmoid", cv=folds, ensemble=False)

    def _fit_columns(self, X, Y: np.ndarray) -> list:
        models = []
        for j in range(Y.shape[1]):
            clf = self._new_clf(Y[:, j])
            models.append(clf.fit(X, Y[:, j]) if clf is not None else None)
        return models

    def _base_proba(self, models, X, cues: np.ndarray) -> np.ndarray:
        P = np.zeros((X.shape[0], len(models)))
        for j, clf in enumerate(models):
            # a theme too rare to learn falls back to "did one of its cues occur"
            P[:, j] = clf.predict_proba(X)[:, 1] if clf is not None else cues[:, j] * 0.6
        return P

    def _scores(self, models, X, cues: np.ndarray, memory=None) -> tuple[np.ndarray, Optional[np.ndarray]]:
        """Calibrated probabilities, mixed with the neighbour vote (weights ``mix_``) when ``memory`` is
        given, and the vote's neighbour counts (None without memory)."""
        P = self._base_proba(models, X, cues)
        if memory is None:
            return P, None
        vote, counts = self._vote(X, memory)
        return mix_vote(P, vote, self.mix_), counts

    def _memory(self, X, Y: np.ndarray):
        """The neighbour memory of training rows ``X`` (word block, unit rows) and their labels; None when off."""
        if not self.neighbours:
            return None
        return unit_rows(X[:, : self.n_word_features_]), np.asarray(Y, dtype=np.uint8)

    def _vote(self, X, memory) -> tuple[np.ndarray, np.ndarray]:
        return neighbour_vote(X[:, : self.n_word_features_], memory[0], memory[1], self.neighbours,
                              self.neighbour_power)

    # -- API -------------------------------------------------------------------
    def fit(self, X: Sequence[SampleLike], Y, groups: Optional[Sequence[str]] = None) -> ThemeClassifier:
        samples = as_samples(X)
        Y = np.asarray(Y, dtype=int)
        self.labels_ = tuple(self.labels) if len(self.labels) else tuple(f"label_{j}" for j in range(Y.shape[1]))
        if Y.shape != (len(samples), len(self.labels_)):
            raise ValueError(f"Y has shape {Y.shape}; expected ({len(samples)}, {len(self.labels_)})")
        Xf, an = self._features(samples, fit=True)
        self.n_word_features_ = len(self.word_vec_.vocabulary_)
        cues = cue_matrix(an, self.labels_).toarray()
        self.thresholds_, self.mix_ = self._choose_thresholds(Xf, Y, cues, groups)
        self.estimators_ = self._fit_columns(Xf, Y)
        memory = self._memory(Xf, Y)
        self.memory_, self.memory_labels_ = memory if memory is not None else (None, None)
        char_names = (np.char.add("char:", self.char_vec_.get_feature_names_out().astype(str))
                      if self.char_vec_ is not None else np.array([], dtype=str))
        self.feature_names_ = np.concatenate([
            self.word_vec_.get_feature_names_out(),
            char_names,
            np.char.add("cue:", np.array(self.labels_, dtype=str)),
            np.array([f"cue:{lab}:{k}" for lab in self.labels_ for k in CUE_BLOCK[1:]], dtype=str),
        ])
        self.top_features_ = self._top_features()
        self.classes_ = np.array(self.labels_)
        _strip(self.word_vec_)
        if self.char_vec_ is not None:
            _strip(self.char_vec_)
        return self

    def _splits(self, n: int, groups):
        if groups is not None and len(set(groups)) >= 3:
            k = min(self.threshold_folds, len(set(groups)))
            return list(GroupKFold(n_splits=k).split(np.zeros(n), groups=groups))
        return list(KFold(self.threshold_folds, shuffle=True, random_state=self.random_state).split(np.zeros(n)))

    def _choose_thresholds(self, X, Y: np.ndarray, cues: np.ndarray, groups) -> tuple[np.ndarray, np.ndarray]:
        """Per theme, the neighbour weight and threshold maximising out-of-fold F1 (ties: the smaller
        weight, then the threshold nearest 0.5)."""
        oof = np.zeros(Y.shape, dtype=float)
        vote = np.zeros(Y.shape, dtype=float)
        for train, test in self._splits(len(Y), groups):
            models = self._fit_columns(X[train], Y[train])
            oof[test] = self._base_proba(models, X[test], cues[test])
            memory = self._memory(X[train], Y[train])
            if memory is not None:
                vote[test] = self._vote(X[test], memory)[0]
        weights = tuple(self.neighbour_weights) if self.neighbours else (0.0,)
        thresholds, mix = np.full(Y.shape[1], 0.5), np.zeros(Y.shape[1])
        for j in range(Y.shape[1]):
            if Y[:, j].sum() == 0:
                continue
            best = (-1.0, 0.0, 0.0, 0.5, 0.0)
            for w in weights:
                score = (1.0 - w) * oof[:, j] + w * vote[:, j]
                for t in THRESHOLD_GRID:
                    pred = score >= t
                    tp = float((pred & (Y[:, j] == 1)).sum())
                    f1 = 2 * tp / (pred.sum() + Y[:, j].sum()) if (pred.sum() + Y[:, j].sum()) else 0.0
                    cand = (round(f1, 6), -float(w), -abs(t - 0.5), float(t), float(w))
                    if cand > best:
                        best = cand
            thresholds[j], mix[j] = best[3], best[4]
        self.oof_proba_ = mix_vote(oof, vote, mix)
        return thresholds, mix

    def _coef(self, clf) -> Optional[np.ndarray]:
        if clf is None:
            return None
        return np.asarray(clf.calibrated_classifiers_[0].estimator.coef_).ravel()

    def _top_features(self, k: int = 300) -> list:
        """Indices and weights of each theme's most positive features (for evidence)."""
        tops = []
        for clf in self.estimators_:
            coef = self._coef(clf)
            if coef is None:
                tops.append((np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)))
                continue
            idx = np.argsort(-coef, kind="stable")[:k]
            idx = idx[coef[idx] > 0]
            tops.append((idx.astype(np.int32), coef[idx].astype(np.float32)))
        return tops

    def _fitted_memory(self):
        return None if getattr(self, "memory_", None) is None else (self.memory_, self.memory_labels_)

    def predict_proba(self, X: Sequence[SampleLike]) -> np.ndarray:
        Xf, an = self._features(as_samples(X))
        return self._scores(self.estimators_, Xf, cue_matrix(an, self.labels_).toarray(), self._fitted_memory())[0]

    def predict(self, X: Sequence[SampleLike]) -> np.ndarray:
        return (self.predict_proba(X) >= self.thresholds_).astype(int)

    def explain(self, X: Sequence[SampleLike], n_terms: int = 3, only_assigned: bool = True):
        """Per sample: (probabilities, {theme: [evidence strings]}).

        Evidence is built for the themes that pass their threshold (all themes
        with ``only_assigned=False``): the theme's cue phrases found in the
        text, then the n-grams contributing most to its score, then how many of
        the nearest labelled findings carry the theme (with a neighbour memory).
        """
        samples = as_samples(X)
        Xf, an = self._features(samples)
        memory = self._fitted_memory()
        P, counts = self._scores(self.estimators_, Xf, cue_matrix(an, self.labels_).toarray(), memory)
        k = min(self.neighbours, memory[0].shape[0]) if memory is not None else 0
        out = []
        for i, a in enumerate(an):
            ev: dict[str, list[str]] = {}
            wanted = [j for j in range(len(self.labels_)) if not only_assigned or P[i, j] >= self.thresholds_[j]]
            if wanted:
                lo, hi = Xf.indptr[i], Xf.indptr[i + 1]
                values = dict(zip(Xf.indices[lo:hi].tolist(), Xf.data[lo:hi].tolist(), strict=False))
            for j in wanted:
                theme = self.labels_[j]
                items = [f"cue: {c}" for c in a.theme_hits.get(theme, [])[:4]]
                idx, w = self.top_features_[j]
                contrib = [(values[t] * wt, t) for t, wt in zip(idx.tolist(), w.tolist(), strict=False) if t in values]
                contrib.sort(key=lambda c: (-c[0], c[1]))
                terms: list[str] = []
                for _, t in contrib:
                    name = str(self.feature_names_[t])
                    if name.startswith(("cue:", "char:")) or "xname" in name or "xabbr" in name:
                        continue
                    if name not in terms:
                        terms.append(name)
                    if len(terms) >= n_terms:
                        break
                ev[theme] = items + [f"term: {t}" for t in terms] + similar_evidence(
                    counts[i, j] if counts is not None else 0, k)
            out.append((P[i], ev))
        return out
