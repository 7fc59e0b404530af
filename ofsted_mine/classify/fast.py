"""Compiled inference: the shipped estimators as plain arrays, read without scikit-learn.

Why: unpickling ``classifier.joblib`` imports scikit-learn (and with it
SciPy's statistics and pandas), which costs seconds on a cold start, and
scikit-learn's per-call checks and per-token n-gram loops made tagging
the corpus slower than parsing it. The fitted state that prediction needs
(n-gram vocabularies, idf weights, linear coefficients, Platt sigmoid
parameters, thresholds, evidence terms) is a handful of arrays, saved
beside the model as ``classifier-fast.npz``. Loading it needs NumPy and
SciPy's sparse matrices only; tagging reuses the estimators' own feature
code (:mod:`~ofsted_mine.classify.features`), with the TF-IDF vectorizers
reproduced in :mod:`~ofsted_mine.classify.tfidf`, so both paths build the
same matrix, and ``tests/classify/test_speed_equivalence.py`` checks that
tags and scores are identical to the estimators' ``explain``.

The file records the SHA-256 of the ``classifier.joblib`` it was compiled
from; a stale or missing file is ignored and the model is compiled in
memory from the joblib instead (slow start, same answers).
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import threading
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import numpy as np
from scipy import sparse

from ofsted_mine.classify.features import (
    Sample,
    blend_presence,
    cue_matrix,
    neutral_rule,
    polarity_evidence_lines,
    sentence_matrix,
    sentence_texts,
    structure_matrix,
)
from ofsted_mine.classify.neighbours import mix_vote, neighbour_vote, similar_evidence
from ofsted_mine.classify.pipeline import Analysis, analyse
from ofsted_mine.classify.tfidf import CharTfidf, NgramTfidf, Unsupported

FAST_FILE = "classifier-fast.npz"
#: bump when the arrays saved change meaning; other files are then ignored (and recompiled)
FAST_FORMAT = 4


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _expit(x: np.ndarray) -> np.ndarray:
    """``scipy.special.expit`` to the bit (``1 / (1 + exp(-x))`` with the C library's ``exp``).

    Why not SciPy's: importing ``scipy.special`` costs more on a cold start
    than this costs on a batch of thousands; NumPy's own ``exp`` differs
    from the C library's in the last bit for a few values in a hundred.
    """
    flat = np.asarray(x, dtype=np.float64).ravel()
    ok = flat > -709.0  # exp(-v) cannot overflow
    # only exp runs per value in Python (``map`` of the C function); adding and
    # dividing are IEEE-exact in NumPy as in Python, so the bits are the same
    e = np.fromiter(map(math.exp, (-flat[ok]).tolist()), dtype=np.float64, count=int(ok.sum()))
    out = np.empty(len(flat), dtype=np.float64)
    out[ok] = 1.0 / (1.0 + e)
    out[~ok] = [_expit_tail(v) for v in flat[~ok].tolist()]
    return out.reshape(np.shape(x))


def _expit_tail(v: float) -> float:
    try:
        return 1.0 / (1.0 + math.exp(-v))
    except OverflowError:  # exp(-v) is inf in C: 1 / inf
        return 0.0


# -- the compiled model -----------------------------------------------------------------


@dataclass
class FastModel:
    """Everything :func:`tag` needs, as arrays (see module docstring)."""

    labels: tuple[str, ...]
    thresholds: np.ndarray
    theme_vocab: tuple[str, ...]
    theme_tfidf: NgramTfidf
    theme_chars: Optional[CharTfidf]
    cue_weight: float
    #: (features x fitted themes) coefficients, intercepts, Platt a and b, and their theme columns
    theme_coef: np.ndarray
    theme_intercept: np.ndarray
    platt_a: np.ndarray
    platt_b: np.ndarray
    fitted: np.ndarray
    top_idx: list[np.ndarray]
    top_w: list[np.ndarray]
    theme_names: np.ndarray
    pol_vocab: tuple[str, ...]
    pol_tfidf: NgramTfidf
    structure_weight: float
    pol_coef: np.ndarray
    pol_intercept: np.ndarray
    pol_classes: np.ndarray
    pol_names: np.ndarray
    #: the sentence scorer: its word n-grams, coefficients and intercept (None: no scorer), and its block weight
    sent_tfidf: Optional[NgramTfidf] = None
    sent_coef: Optional[np.ndarray] = None
    sent_intercept: float = 0.0
    sentence_weight: float = 0.0
    #: the neighbour memory (unit word-block rows, uint8 theme indicators; None: no memory), k, the
    #: per-theme weight of the vote and the similarity power
    memory: Optional[sparse.csr_matrix] = None
    memory_labels: Optional[np.ndarray] = None
    neighbours: int = 0
    mix: Optional[np.ndarray] = None
    neighbour_power: float = 2.0
    #: the presence detectors (has a strength, has a weakness): (2 x features) coefficients, their
    #: intercepts (None: not fitted) and the blend weight
    presence_coef: Optional[np.ndarray] = None
    presence_intercept: Optional[np.ndarray] = None
    presence_weight: float = 0.0
    source_sha256: str = ""
    card: Optional[dict] = None
    path: Optional[Path] = None

    def __post_init__(self) -> None:
        skip = [n.startswith(("cue:", "char:")) or "xname" in n or "xabbr" in n for n in self.theme_names.tolist()]
        self._skip = np.array(skip, dtype=bool)
        # dense (themes x features) top weights, and where a top feature may be shown as evidence
        F = len(self.theme_names)
        self._top_dense = np.zeros((len(self.top_idx), F), dtype=np.float64)
        self._in_top = np.zeros((len(self.top_idx), F), dtype=bool)
        for j, (i, w) in enumerate(zip(self.top_idx, self.top_w, strict=True)):
            self._top_dense[j, i] = w
            self._in_top[j, i] = True
        self._in_top &= ~self._skip
        # the polarity classes the multinomial was trained on (an unseen class has a -inf intercept)
        self._pol_known = np.flatnonzero(np.isfinite(self.pol_intercept))
        # feature names as Python strings, for evidence (indexing a NumPy string array makes a np.str_)
        self._theme_names = self.theme_names.tolist()
        self._pol_names = self.pol_names.tolist()


def _polarity_rows(polarity: Any) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients and intercepts in ``polarity.classes_`` order.

    A label the regression never saw (``neutral`` when no neutral example was
    trained on; only the neutral rule can give it) gets a zero row and a -inf
    intercept: probability exactly 0 before the rule, as in the estimator.
    """
    lr = polarity.model_
    classes = [str(c) for c in polarity.classes_]
    coef = np.zeros((len(classes), lr.coef_.shape[1]), dtype=np.float64)
    icpt = np.full(len(classes), -np.inf, dtype=np.float64)
    for m, c in enumerate(str(c) for c in lr.classes_):
        coef[classes.index(c)] = lr.coef_[m]
        icpt[classes.index(c)] = lr.intercept_[m]
    return coef, icpt


def _binary_row(model: Any, what: str) -> tuple[np.ndarray, float]:
    """The coefficient row and intercept of a fitted binary linear model (classes 0/1)."""
    coef = np.asarray(model.coef_, dtype=np.float64)
    if coef.shape[0] != 1 or list(model.classes_) != [0, 1]:
        raise Unsupported(f"{what} is not a binary linear model")
    return coef.ravel(), float(np.asarray(model.intercept_).ravel()[0])


def compile_model(themes: Any, polarity: Any, source_sha256: str = "") -> FastModel:
    """Arrays from fitted :class:`ThemeClassifier` and :class:`PolarityClassifier` estimators.

    Raises :class:`Unsupported` for a configuration the compiled path does not
    reproduce (character n-grams, another calibration, binary polarity), so
    callers fall back to the estimators themselves.
    """
    L = len(themes.labels_)
    cols, coefs, icpts, a_s, b_s = [], [], [], [], []
    for j, clf in enumerate(themes.estimators_):
        if clf is None:
            continue
        if len(clf.calibrated_classifiers_) != 1 or clf.method != "sigmoid":
            raise Unsupported("theme calibration is not a single sigmoid")
        cc = clf.calibrated_classifiers_[0]
        est = cc.estimator
        if len(cc.calibrators) != 1 or np.asarray(est.coef_).shape[0] != 1 or not hasattr(est, "decision_function"):
            raise Unsupported("theme estimator is not a binary linear model")
        if list(clf.classes_) != [0, 1]:
            raise Unsupported("theme classes are not 0/1")
        cols.append(j)
        coefs.append(np.asarray(est.coef_, dtype=np.float64).ravel())
        icpts.append(float(np.asarray(est.intercept_).ravel()[0]))
        a_s.append(float(cc.calibrators[0].a_))
        b_s.append(float(cc.calibrators[0].b_))
    tfidf = NgramTfidf.from_vectorizer(themes.word_vec_)
    chars = CharTfidf.from_vectorizer(themes.char_vec_) if getattr(themes, "char_vec_", None) is not None else None
    n_feat = tfidf.n_features + (chars.n_features if chars else 0) + 4 * L
    W = np.stack(coefs, axis=1) if coefs else np.zeros((n_feat, 0))
    if W.shape[0] != n_feat or len(themes.feature_names_) != n_feat:
        raise Unsupported(f"theme features: model has {W.shape[0]}, compiled layout {n_feat}")
    lr = polarity.model_
    if lr.coef_.shape[0] < 3:
        raise Unsupported("binary polarity model")
    ptfidf = NgramTfidf.from_vectorizer(polarity.vec_)
    pol_coef, pol_icpt = _polarity_rows(polarity)
    if lr.coef_.shape[1] != len(polarity.feature_names_) or lr.coef_.shape[1] <= ptfidf.n_features:
        raise Unsupported("polarity feature layout")
    presence = [_binary_row(m, "presence detector") for m in getattr(polarity, "presence_", None) or ()]
    sent = getattr(polarity, "sentences_", None)
    sent_row = _binary_row(sent[1], "sentence scorer") if sent is not None else None
    return FastModel(
        labels=tuple(themes.labels_), thresholds=np.asarray(themes.thresholds_, dtype=np.float64),
        theme_vocab=tuple(themes.vocab_), theme_tfidf=tfidf, theme_chars=chars, cue_weight=float(themes.cue_weight),
        theme_coef=W, theme_intercept=np.array(icpts, dtype=np.float64), platt_a=np.array(a_s, dtype=np.float64),
        platt_b=np.array(b_s, dtype=np.float64), fitted=np.array(cols, dtype=np.int64),
        top_idx=[np.asarray(i, dtype=np.int64) for i, _ in themes.top_features_],
        top_w=[np.asarray(w, dtype=np.float32) for _, w in themes.top_features_],
        theme_names=np.asarray(themes.feature_names_, dtype=str),
        pol_vocab=tuple(polarity.vocab_), pol_tfidf=ptfidf, structure_weight=float(polarity.structure_weight),
        pol_coef=pol_coef, pol_intercept=pol_icpt,
        pol_classes=np.asarray(polarity.classes_, dtype=str), pol_names=np.asarray(polarity.feature_names_, dtype=str),
        sent_tfidf=NgramTfidf.from_vectorizer(sent[0]) if sent is not None else None,
        sent_coef=sent_row[0].reshape(-1, 1) if sent_row is not None else None,
        sent_intercept=sent_row[1] if sent_row is not None else 0.0,
        sentence_weight=float(polarity.sentence_weight),
        memory=getattr(themes, "memory_", None), memory_labels=getattr(themes, "memory_labels_", None),
        neighbours=int(themes.neighbours), mix=np.asarray(getattr(themes, "mix_", np.zeros(L)), dtype=np.float64),
        neighbour_power=float(themes.neighbour_power),
        presence_coef=np.vstack([c for c, _ in presence]) if presence else None,
        presence_intercept=np.array([b for _, b in presence]) if presence else None,
        presence_weight=float(getattr(polarity, "presence_weight", 0.0)),
        source_sha256=source_sha256,
    )


# -- file ------------------------------------------------------------------------------


def save(fm: FastModel, path: Path) -> None:
    """Write ``fm`` as an ``.npz`` with fixed member timestamps (same model -> same bytes)."""
    meta = {
        "format": FAST_FORMAT, "source_sha256": fm.source_sha256, "labels": list(fm.labels),
        "cue_weight": fm.cue_weight, "structure_weight": fm.structure_weight,
        "theme_tfidf": fm.theme_tfidf.meta(), "pol_tfidf": fm.pol_tfidf.meta(), "n_top": len(fm.top_idx),
        "theme_chars": fm.theme_chars.meta() if fm.theme_chars else None,
        "sent_tfidf": fm.sent_tfidf.meta() if fm.sent_tfidf else None,
        "sent_intercept": fm.sent_intercept, "sentence_weight": fm.sentence_weight,
        "neighbours": fm.neighbours, "neighbour_power": fm.neighbour_power,
        "memory_shape": list(fm.memory.shape) if fm.memory is not None else None,
        "presence_weight": fm.presence_weight,
    }
    arrays: dict[str, np.ndarray] = {
        "meta": np.array(json.dumps(meta, sort_keys=True)),
        "thresholds": fm.thresholds, "theme_vocab": np.array(fm.theme_vocab, dtype=str),
        "theme_coef": fm.theme_coef, "theme_intercept": fm.theme_intercept, "platt_a": fm.platt_a,
        "platt_b": fm.platt_b, "fitted": fm.fitted, "theme_names": fm.theme_names,
        "pol_vocab": np.array(fm.pol_vocab, dtype=str), "pol_coef": fm.pol_coef,
        "pol_intercept": fm.pol_intercept, "pol_classes": fm.pol_classes, "pol_names": fm.pol_names,
        **fm.theme_tfidf.arrays("tt_"), **fm.pol_tfidf.arrays("pt_"),
        **(fm.theme_chars.arrays("tc_") if fm.theme_chars else {}),
        **(fm.sent_tfidf.arrays("st_") if fm.sent_tfidf else {}),
        **({"sent_coef": fm.sent_coef} if fm.sent_coef is not None else {}),
        **({"mem_data": fm.memory.data, "mem_indices": fm.memory.indices, "mem_indptr": fm.memory.indptr,
            "mem_labels": fm.memory_labels, "mix": fm.mix} if fm.memory is not None else {}),
        **({"presence_coef": fm.presence_coef, "presence_intercept": fm.presence_intercept}
           if fm.presence_coef is not None else {}),
    }
    for k, (i, w) in enumerate(zip(fm.top_idx, fm.top_w, strict=True)):
        arrays[f"top_idx{k}"] = i
        arrays[f"top_w{k}"] = w
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue())
    tmp.replace(path)


def load(path: Path) -> FastModel:
    """Read a file written by :func:`save` (raises ``ValueError`` for another format)."""
    with np.load(path, allow_pickle=False) as z:
        a = {k: z[k] for k in z.files}
    meta = json.loads(str(a["meta"]))
    if meta.get("format") != FAST_FORMAT:
        raise ValueError(f"compiled model format {meta.get('format')!r}, expected {FAST_FORMAT}")
    n = meta["n_top"]
    return FastModel(
        labels=tuple(meta["labels"]), thresholds=a["thresholds"], theme_vocab=tuple(a["theme_vocab"].tolist()),
        theme_tfidf=NgramTfidf.from_arrays(a, "tt_", meta["theme_tfidf"]), cue_weight=meta["cue_weight"],
        theme_chars=CharTfidf.from_arrays(a, "tc_", meta["theme_chars"]) if meta.get("theme_chars") else None,
        theme_coef=a["theme_coef"], theme_intercept=a["theme_intercept"], platt_a=a["platt_a"],
        platt_b=a["platt_b"], fitted=a["fitted"], top_idx=[a[f"top_idx{k}"] for k in range(n)],
        top_w=[a[f"top_w{k}"] for k in range(n)], theme_names=a["theme_names"],
        pol_vocab=tuple(a["pol_vocab"].tolist()), pol_tfidf=NgramTfidf.from_arrays(a, "pt_", meta["pol_tfidf"]),
        structure_weight=meta["structure_weight"], pol_coef=a["pol_coef"], pol_intercept=a["pol_intercept"],
        pol_classes=a["pol_classes"], pol_names=a["pol_names"],
        sent_tfidf=NgramTfidf.from_arrays(a, "st_", meta["sent_tfidf"]) if meta.get("sent_tfidf") else None,
        sent_coef=a.get("sent_coef"), sent_intercept=meta["sent_intercept"],
        sentence_weight=meta["sentence_weight"], source_sha256=meta["source_sha256"],
        memory=(sparse.csr_matrix((a["mem_data"], a["mem_indices"], a["mem_indptr"]), shape=tuple(meta["memory_shape"]))
                if meta.get("memory_shape") else None),
        memory_labels=a.get("mem_labels"), neighbours=meta["neighbours"], mix=a.get("mix"),
        neighbour_power=meta["neighbour_power"],
        presence_coef=a.get("presence_coef"), presence_intercept=a.get("presence_intercept"),
        presence_weight=meta["presence_weight"],
    )


def write_for(model_dir: Path, themes: Any, polarity: Any, model_file: str = "classifier.joblib") -> Optional[Path]:
    """Compile the estimators saved in ``model_dir`` and write :data:`FAST_FILE` beside them.

    Returns None (and removes a stale file) when the estimators are not supported.
    """
    model_dir = Path(model_dir)
    out = model_dir / FAST_FILE
    try:
        fm = compile_model(themes, polarity, _sha256(model_dir / model_file))
    except Unsupported:
        out.unlink(missing_ok=True)
        return None
    save(fm, out)
    return out


# -- tagging -------------------------------------------------------------------------------


def theme_scores(fm: FastModel, samples: Sequence[Sample], an: Optional[list[Analysis]] = None
                 ) -> tuple[np.ndarray, sparse.csr_matrix, list[Analysis], Optional[np.ndarray]]:
    """Theme probabilities (calibrated, mixed with the neighbour vote), the word block of the features,
    the analyses and how many nearest labelled findings carry each theme (None without a memory), as
    ``ThemeClassifier``.

    The word block is what :func:`theme_evidence` reads: a term shown as evidence is always a word
    n-gram (character n-grams say nothing to a reader and cues are listed by their phrase), and the
    word block has a ninth of the whole matrix's entries.
    """
    an = an if an is not None else analyse([s.text for s in samples], fm.theme_vocab)
    masked = [a.masked for a in an]
    blocks = [fm.theme_tfidf.transform(masked)]
    if fm.theme_chars is not None:
        blocks.append(fm.theme_chars.transform(masked))
    cues = cue_matrix(an, fm.labels)
    X = sparse.hstack([*blocks, cues * fm.cue_weight]).tocsr()
    P = np.zeros((X.shape[0], len(fm.labels)))
    if len(fm.fitted):
        D = X @ fm.theme_coef + fm.theme_intercept
        P[:, fm.fitted] = _expit(-(fm.platt_a * D + fm.platt_b))
    rare = np.setdiff1d(np.arange(len(fm.labels)), fm.fitted)
    if len(rare):
        C = cues.toarray()
        P[:, rare] = C[:, rare] * 0.6
    counts = None
    if fm.memory is not None:
        # the word block as built, not sliced back out of X (same values; no column slice per call)
        vote, counts = neighbour_vote(blocks[0], fm.memory, fm.memory_labels, fm.neighbours, fm.neighbour_power)
        P = mix_vote(P, vote, fm.mix)
    return P, blocks[0], an, counts


def polarity_scores(fm: FastModel, samples: Sequence[Sample],
                    an: Optional[list[Analysis]] = None) -> tuple[np.ndarray, sparse.csr_matrix, list[Analysis]]:
    """Class probabilities (softmax of the multinomial model), features and analyses."""
    an = an if an is not None else analyse([s.text for s in samples], fm.pol_vocab)
    words = fm.pol_tfidf.transform([a.negmarked for a in an])
    S = structure_matrix(an, [s.kind for s in samples]) * fm.structure_weight
    T = sentence_matrix(*sentence_scores(fm, an)) * fm.sentence_weight
    X = sparse.hstack([words, S, T]).tocsr()
    D = X @ fm.pol_coef.T + fm.pol_intercept
    D -= np.reshape(np.max(D, axis=1), (-1, 1))
    np.exp(D, out=D)
    D /= np.reshape(np.sum(D, axis=1), (-1, 1))
    if fm.presence_coef is not None:
        # LogisticRegression's binary predict_proba: expit of the decision function
        pos, neg = _expit(np.asarray(X @ fm.presence_coef.T) + fm.presence_intercept).T
        D = blend_presence(D, pos, neg, fm.pol_classes, fm._pol_known, fm.presence_weight)
    D = neutral_rule(D, fm.pol_classes, an, samples)
    return D, X, an


def sentence_scores(fm: FastModel, an: Sequence[Analysis]) -> tuple[np.ndarray, np.ndarray]:
    """Every sentence's P(positive) and sentences per text (``PolarityClassifier._score_sentences``, to the bit)."""
    sents = [sentence_texts(a) for a in an]
    if fm.sent_tfidf is None:
        return np.zeros(0), np.zeros(len(sents), dtype=np.int64)
    X = fm.sent_tfidf.transform([t for ss in sents for t in ss])
    return _expit((X @ fm.sent_coef + fm.sent_intercept).ravel()), np.array([len(ss) for ss in sents], dtype=np.int64)


def _by_group_then_value(group: np.ndarray, value: np.ndarray) -> np.ndarray:
    """The order of ``np.lexsort((position, value, group))``: by group, then value, then position.

    Two stable sorts, by value and then by group, keep the earlier position
    first among equal keys; the second is a radix sort when the groups fit
    in 16 bits. Half the time of ``lexsort``, whose three passes are each a
    merge sort (about 4 ms for the polarity evidence of 300 findings).
    """
    by_value = np.argsort(value, kind="stable")
    keys = group[by_value]
    if len(keys) and int(keys.max()) < 1 << 16:
        keys = keys.astype(np.uint16)
    return by_value[np.argsort(keys, kind="stable")]


def theme_evidence(fm: FastModel, P: np.ndarray, X: sparse.csr_matrix, an: Sequence[Analysis],
                   n_terms: int = 3, counts: Optional[np.ndarray] = None) -> list[dict[str, list[str]]]:
    """For each text, the evidence of each theme passing its threshold (as ``ThemeClassifier.explain``).

    ``X`` is the feature matrix or just its leading word block (what
    :func:`theme_scores` returns): only word n-grams can be shown as terms.
    The estimator walks each theme's top features per text; here every
    (text, passing theme, feature of the text among that theme's top ones)
    triple is one array element, sorted once by text, theme, contribution.
    """
    rows, themes = np.nonzero(fm.thresholds <= P)
    if not X.has_sorted_indices:  # ties go to the lower feature index: read from the stored order
        X = X.sorted_indices()
    lengths = np.diff(X.indptr)[rows]
    pair = np.repeat(np.arange(len(rows)), lengths)
    # position of each element in X.data: its row's start plus a running offset
    offset = np.arange(len(pair)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    at = np.repeat(X.indptr[:-1][rows], lengths) + offset
    feat = X.indices[at]
    j = themes[pair]
    keep = fm._in_top[j, feat]
    pair, feat, j = pair[keep], feat[keep], j[keep]
    contrib = X.data[at[keep]] * fm._top_dense[j, feat]
    order = _by_group_then_value(pair, -contrib)
    pair_sorted, feat_sorted = pair[order], feat[order]
    first = np.searchsorted(pair_sorted, np.arange(len(rows)))
    last = np.searchsorted(pair_sorted, np.arange(len(rows)), side="right")
    names = fm._theme_names
    k = min(fm.neighbours, fm.memory.shape[0]) if fm.memory is not None else 0
    out: list[dict[str, list[str]]] = [{} for _ in an]
    for p, (i, jj) in enumerate(zip(rows.tolist(), themes.tolist(), strict=True)):
        theme = fm.labels[jj]
        items = [f"cue: {c}" for c in an[i].theme_hits.get(theme, [])[:4]]
        terms = [names[t] for t in feat_sorted[first[p]:min(last[p], first[p] + n_terms)].tolist()]
        out[i][theme] = items + [f"term: {t}" for t in terms] + similar_evidence(
            counts[i, jj] if counts is not None else 0, k)
    return out


def polarity_evidence(fm: FastModel, P: np.ndarray, X: sparse.csr_matrix, an: Sequence[Analysis],
                      n_terms: int = 3) -> list[tuple[str, float, list[str]]]:
    """Per text: (label, probability, evidence) as ``PolarityClassifier.explain``."""
    k = np.argmax(P, axis=1)
    if not X.has_sorted_indices:  # ties go to the lower feature index: read from the stored order
        X = X.sorted_indices()
    lengths = np.diff(X.indptr)
    rows = np.repeat(np.arange(X.shape[0]), lengths)
    vals = X.data * fm.pol_coef[np.repeat(k, lengths), X.indices]
    # only features pushing towards the chosen label can be evidence: sort those,
    # by text, then contribution (largest first), then feature index
    keep = vals > 0
    rows, idx = rows[keep], X.indices[keep]
    order = _by_group_then_value(rows, -vals[keep])
    rows, idx_l = rows[order], idx[order].tolist()
    bounds = np.searchsorted(rows, np.arange(X.shape[0] + 1)).tolist()
    out = []
    for i, a in enumerate(an):
        ki = int(k[i])
        names = (fm._pol_names[idx_l[q]] for q in range(bounds[i], bounds[i + 1]))
        out.append((str(fm.pol_classes[ki]), float(P[i, ki]), polarity_evidence_lines(a, names, n_terms)))
    return out


def explain(fm: FastModel, samples: Sequence[Sample]) -> tuple[list, list]:
    """``(themes.explain(samples), polarity.explain(samples))`` from the compiled arrays."""
    P, X, an, counts = theme_scores(fm, samples)
    tev = theme_evidence(fm, P, X, an, counts=counts)
    # both estimators are trained on the same texts, so usually share one analysis
    Q, Y, pan = polarity_scores(fm, samples, an if fm.pol_vocab == fm.theme_vocab else None)
    return list(zip(P, tev, strict=True)), polarity_evidence(fm, Q, Y, pan)


# -- loading ---------------------------------------------------------------------------------

_lock = threading.Lock()
_loaded: dict[tuple, Any] = {}


def load_checked(model_dir: Path) -> Any:
    """The model in ``model_dir`` for tagging: compiled arrays when possible.

    The card is checked first (codebook and versions, the same
    :class:`~ofsted_mine.errors.ModelError` as the joblib loader). Then, if
    :data:`FAST_FILE` was compiled from the ``classifier.joblib`` that is
    there now, it is read without scikit-learn; otherwise the joblib is
    loaded and compiled in memory, or, for estimators the compiled path does
    not reproduce, returned as a :class:`~ofsted_mine.classify.model.LoadedModel`.
    """
    from ofsted_mine.classify.model import MODEL_FILE, check_card, read_card
    from ofsted_mine.codebook import theme_ids
    from ofsted_mine.errors import ModelError

    model_dir = Path(model_dir)
    card = read_card(model_dir)
    check_card(card, model_dir / "model-card.json")
    joblib_path = model_dir / MODEL_FILE
    fast_path = model_dir / FAST_FILE
    if joblib_path.exists() and fast_path.exists():
        try:
            fm = load(fast_path)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            fm = None
        if fm is not None and fm.source_sha256 == _sha256(joblib_path) and list(fm.labels) == list(theme_ids()):
            fm.card, fm.path = card, fast_path
            return fm
    from ofsted_mine.classify.model import load_model_from

    lm = load_model_from(model_dir)
    try:
        fm = compile_model(lm.themes, lm.polarity, _sha256(joblib_path))
    except Unsupported:
        return lm
    except Exception as exc:  # an estimator missing a fitted attribute: the file is not what the card says
        raise ModelError(joblib_path, f"model file does not hold the expected estimators ({exc}); "
                                      "rebuild with `ofsted-mine train`") from exc
    fm.card, fm.path = card, joblib_path
    return fm


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


def load_cached(model_dir: Optional[Path] = None) -> Any:
    """:func:`load_checked` once per directory per process.

    The key includes the model files' modification times and sizes, so a model
    retrained in the same process (``ofsted-mine train`` then ``classify``) is
    read again rather than served stale.
    """
    from ofsted_mine.classify.model import CARD_FILE, MODEL_FILE, default_model_dir

    folder = Path(model_dir or default_model_dir()).resolve()
    key = (str(folder), *(_stamp(folder / name) for name in (CARD_FILE, MODEL_FILE, FAST_FILE)))
    with _lock:
        if key not in _loaded:
            model = load_checked(folder)
            for k in [k for k in _loaded if k[0] == key[0]]:  # an older version of this folder's model
                del _loaded[k]
            _loaded[key] = model
        return _loaded[key]


def clear_loaded() -> None:
    with _lock:
        _loaded.clear()
