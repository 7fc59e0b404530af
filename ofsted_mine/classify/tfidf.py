"""Scikit-learn's fitted TF-IDF ``transform``, reproduced to the bit with NumPy and SciPy only.

Why: the compiled model (:mod:`~ofsted_mine.classify.fast`) must tag
exactly as the estimators do without importing scikit-learn, and
``TfidfVectorizer.transform`` was also the slowest step of tagging: a
Python loop per token and per n-gram. Here a word vectorizer is a table of
n-grams coded as integers over token ids (one ``searchsorted`` per n for a
whole batch), a character vectorizer counts each distinct word's n-grams
once per batch, and the idf weighting and row normalisation follow
scikit-learn operation for operation, so the matrices are bit-identical
(``tests/classify/test_speed_equivalence.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, Optional

import numpy as np
from scipy import sparse

from ofsted_mine.classify.features import TOKEN_PATTERN

#: distinct space-free pieces whose token ids are remembered per vectorizer
_PIECE_CACHE_LIMIT = 200_000


class Unsupported(ValueError):
    """The fitted estimators use a configuration the compiled path does not reproduce."""

@dataclass
class NgramTfidf:
    """A fitted word ``TfidfVectorizer``'s ``transform`` as lookups in sorted integer codes.

    Each vocabulary n-gram is a base-``K`` number over token ids (ids from 1;
    0 stands for any token outside the vocabulary, so it never matches).
    Counting a batch is then one ``searchsorted`` per n over every position
    of every text, instead of a Python dict lookup per n-gram.
    """

    tokens: list[str]
    min_n: int
    max_n: int
    codes: list[np.ndarray]  # per n: sorted int64 codes
    features: list[np.ndarray]  # per n: feature column of each code
    idf: np.ndarray
    dtype: np.dtype
    sublinear_tf: bool
    norm: Optional[str]

    def __post_init__(self) -> None:
        self.ids = {t: i for i, t in enumerate(self.tokens, 1)}
        self.base = len(self.tokens) + 1
        self.n_features = len(self.idf)
        self._pattern = re.compile(TOKEN_PATTERN)
        self._pieces: dict[str, tuple[int, ...]] = {}
        self._unigram = np.full(self.base, -1, dtype=np.int64)
        if self.min_n == 1:
            self._unigram[self.codes[0]] = self.features[0]

    @classmethod
    def from_vectorizer(cls, vec: Any) -> NgramTfidf:
        want = {"analyzer": "word", "lowercase": True, "token_pattern": TOKEN_PATTERN, "preprocessor": None,
                "tokenizer": None, "stop_words": None, "strip_accents": None, "binary": False,
                "input": "content", "use_idf": True, "smooth_idf": True}
        got = vec.get_params()
        bad = {k: got.get(k) for k, v in want.items() if got.get(k) != v}
        if bad or got.get("norm") not in ("l2", None):
            raise Unsupported(f"vectorizer settings not reproduced: {bad or got.get('norm')}")
        lo, hi = vec.ngram_range
        tokens = sorted({t for gram in vec.vocabulary_ for t in gram.split(" ")})
        ids = {t: i for i, t in enumerate(tokens, 1)}
        base = len(tokens) + 1
        if base ** hi >= 2 ** 62:
            raise Unsupported("vocabulary too large for int64 n-gram codes")
        per_n: dict[int, list[tuple[int, int]]] = {n: [] for n in range(lo, hi + 1)}
        for gram, col in vec.vocabulary_.items():
            parts = gram.split(" ")
            code = 0
            for p in parts:
                code = code * base + ids[p]
            per_n[len(parts)].append((code, int(col)))
        codes, feats = [], []
        for n in range(lo, hi + 1):
            pairs = sorted(per_n[n])
            codes.append(np.array([c for c, _ in pairs], dtype=np.int64))
            feats.append(np.array([f for _, f in pairs], dtype=np.int64))
        return cls(tokens, lo, hi, codes, feats, np.asarray(vec.idf_, dtype=np.float64), np.dtype(vec.dtype),
                   bool(vec.sublinear_tf), vec.norm)

    def counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """The count matrix ``CountVectorizer.transform`` gives (same dtype, sorted indices)."""
        # regex tokens never span a space: tokenise each distinct space-free piece
        # once (cached) and chain the results at C speed
        pieces = " ".join(texts).split(" ")
        cache = self._pieces
        try:
            found = list(map(cache.__getitem__, pieces))
        except KeyError:
            findall, get = self._pattern.findall, self.ids.get
            new = {p: tuple(get(t, 0) for t in findall(p.lower())) for p in set(pieces).difference(cache)}
            found = [new[p] if p in new else cache[p] for p in pieces]
            if len(cache) < _PIECE_CACHE_LIMIT:  # grows to a bound, never cleared: safe across threads
                cache.update(new)
        seq = list(chain.from_iterable(found))
        # every text has at least one piece ("".split(" ") == [""]), so no segment is empty
        first = np.zeros(len(texts), dtype=np.int64)
        np.cumsum([t.count(" ") + 1 for t in texts[:-1]], out=first[1:])
        piece_len = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
        lengths = np.add.reduceat(piece_len, first) if len(texts) else np.zeros(0, dtype=np.int64)
        ids = np.array(seq, dtype=np.int64)
        lengths_a = np.array(lengths, dtype=np.int64)
        doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths_a)
        ends = np.repeat(np.cumsum(lengths_a), lengths_a)  # end position of each token's text
        pos = np.arange(len(ids), dtype=np.int64)
        keys = []
        for n, codes, feats in zip(range(self.min_n, self.max_n + 1), self.codes, self.features, strict=True):
            if not len(codes) or len(ids) < n:
                continue
            m = len(ids) - n + 1
            if n == 1:
                feat = self._unigram[ids]
            else:
                code = ids[:m].copy()
                for k in range(1, n):
                    code = code * self.base + ids[k:k + m]
                # look up each distinct n-gram once, in sorted order (binary search
                # over sorted keys is several times faster than over shuffled ones)
                uniq, inv = np.unique(code, return_inverse=True)
                where = np.searchsorted(codes, uniq)
                where[where >= len(codes)] = 0
                feat = np.where(codes[where] == uniq, feats[where], -1)[inv]
                feat[pos[:m] + n > ends[:m]] = -1  # runs past the end of its text
            ok = feat >= 0
            keys.append(doc[:m][ok] * self.n_features + feat[ok])
        flat = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
        return _csr_counts(flat, len(texts), self.n_features, self.dtype)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """``TfidfVectorizer.transform``: the same operations in the same order, so the same bits."""
        return _weight(self.counts(texts), self.idf, self.sublinear_tf, self.norm)

    # -- persistence -------------------------------------------------------------------
    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        out = {f"{prefix}tokens": np.array(self.tokens, dtype=str), f"{prefix}idf": self.idf}
        for k, (c, f) in enumerate(zip(self.codes, self.features, strict=True)):
            out[f"{prefix}codes{k}"] = c
            out[f"{prefix}feats{k}"] = f
        return out

    def meta(self) -> dict:
        return {"min_n": self.min_n, "max_n": self.max_n, "dtype": self.dtype.name,
                "sublinear_tf": self.sublinear_tf, "norm": self.norm}

    @classmethod
    def from_arrays(cls, a: dict[str, np.ndarray], prefix: str, meta: dict) -> NgramTfidf:
        k = meta["max_n"] - meta["min_n"] + 1
        return cls(a[f"{prefix}tokens"].tolist(), meta["min_n"], meta["max_n"],
                   [a[f"{prefix}codes{i}"] for i in range(k)], [a[f"{prefix}feats{i}"] for i in range(k)],
                   a[f"{prefix}idf"], np.dtype(meta["dtype"]), meta["sublinear_tf"], meta["norm"])


def _weight(X: sparse.csr_matrix, idf: np.ndarray, sublinear_tf: bool, norm: Optional[str]) -> sparse.csr_matrix:
    """``TfidfTransformer.transform`` on a count matrix, operation for operation (in place)."""
    data = X.data
    if sublinear_tf:
        np.log(data, data)
        data += 1.0
    data *= idf[X.indices]
    if norm == "l2" and len(data):
        # sklearn's row normaliser: squares in the data's precision, summed in
        # double from left to right, then each value divided in double. Row
        # i's k-th stored square goes to [k, i] of a zero-padded array
        # (adding 0.0 changes no sum), which is then summed over its first,
        # slow axis: NumPy adds such an axis one slice at a time, each value
        # straight onto its row's total (pairwise summation is only used along
        # the contiguous axis), so every row is summed in stored order.
        lengths = np.diff(X.indptr)
        rows = np.repeat(np.arange(X.shape[0]), lengths)
        cols = np.arange(len(data)) - X.indptr[:-1][rows]
        by_position = np.zeros((int(lengths.max()), X.shape[0]), dtype=np.float64)
        by_position[cols, rows] = data * data
        sums = by_position.sum(axis=0)
        sums[sums == 0.0] = 1.0  # empty rows are left as they are
        np.divide(data, np.sqrt(sums)[rows], out=data, casting="same_kind")
    return X


def _csr_counts(keys: np.ndarray, n_rows: int, n_features: int, dtype: np.dtype) -> sparse.csr_matrix:
    """Count matrix from ``row * n_features + column`` keys (sorted indices, like CountVectorizer)."""
    uniq, cnt = np.unique(keys, return_counts=True)
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(uniq // n_features, minlength=n_rows), out=indptr[1:])
    return sparse.csr_matrix((cnt.astype(dtype), (uniq % n_features).astype(np.int32), indptr.astype(np.int32)),
                             shape=(n_rows, n_features))


def _indices(rows: list[list[str]], index: dict[str, int]) -> list[list[int]]:
    return [list(map(index.__getitem__, r)) for r in rows]


def _ones_csr(rows: Sequence[Sequence[int]], n_cols: int) -> sparse.csr_matrix:
    """A CSR matrix with a 1 at each listed column of each row (repeats are summed by the product that uses it)."""
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    cols = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=int(lengths.sum()))
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    return sparse.csr_matrix((np.ones(len(cols), dtype=np.int64), cols, indptr), shape=(len(rows), n_cols))


@dataclass
class CharTfidf:
    """A fitted ``TfidfVectorizer(analyzer="char_wb")``: n-grams of each space-padded word, cached per word."""

    grams: list[str]
    columns: np.ndarray
    min_n: int
    max_n: int
    idf: np.ndarray
    dtype: np.dtype
    sublinear_tf: bool
    norm: Optional[str]

    def __post_init__(self) -> None:
        self.vocab = dict(zip(self.grams, self.columns.tolist(), strict=True))
        self.n_features = len(self.idf)
        self._words: dict[str, tuple[int, ...]] = {}

    @classmethod
    def from_vectorizer(cls, vec: Any) -> CharTfidf:
        want = {"analyzer": "char_wb", "lowercase": True, "preprocessor": None, "strip_accents": None,
                "binary": False, "input": "content", "use_idf": True, "smooth_idf": True}
        got = vec.get_params()
        bad = {k: got.get(k) for k, v in want.items() if got.get(k) != v}
        if bad or got.get("norm") not in ("l2", None):
            raise Unsupported(f"character vectorizer settings not reproduced: {bad or got.get('norm')}")
        items = sorted(vec.vocabulary_.items())
        return cls([g for g, _ in items], np.array([c for _, c in items], dtype=np.int64), *vec.ngram_range,
                   np.asarray(vec.idf_, dtype=np.float64), np.dtype(vec.dtype), bool(vec.sublinear_tf), vec.norm)

    def _grams(self, word: str) -> tuple[int, ...]:
        """Columns of the n-grams sklearn's ``_char_wb_ngrams`` makes of one word."""
        w = " " + word + " "
        out = []
        get = self.vocab.get
        for n in range(self.min_n, self.max_n + 1):
            out += [get(w[o:o + n]) for o in range(max(len(w) - n, 0) + 1)]
            if len(w) <= n:  # a short word is counted once, at its shortest n
                break
        return tuple(c for c in out if c is not None)

    def counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Counts as ``texts x words`` times ``words x grams``: each distinct word's
        n-grams are laid out once per batch, not once per occurrence (a sparse
        product in C instead of a Python-level expansion; same integers, same order)."""
        words = [t.lower().split() for t in texts]
        flat = list(chain.from_iterable(words))
        index = {w: i for i, w in enumerate(dict.fromkeys(flat))}
        uniq = list(index)
        cache = self._words
        new = {w: self._grams(w) for w in set(uniq).difference(cache)}
        grams = [new[w] if w in new else cache[w] for w in uniq]
        if len(cache) < _PIECE_CACHE_LIMIT:
            cache.update(new)
        W = _ones_csr(grams, self.n_features)
        T = _ones_csr(_indices(words, index), len(uniq))
        # (W^T T^T)^T: converting the product's transpose back to CSR lays each
        # row's columns out in order, half the cost of sorting T @ W's indices
        C = (W.T.tocsr() @ T.T.tocsr()).T.tocsr()
        return sparse.csr_matrix((C.data.astype(self.dtype), C.indices.astype(np.int32), C.indptr.astype(np.int32)),
                                 shape=(len(texts), self.n_features))

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return _weight(self.counts(texts), self.idf, self.sublinear_tf, self.norm)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}grams": np.array(self.grams, dtype=str), f"{prefix}columns": self.columns,
                f"{prefix}idf": self.idf}

    def meta(self) -> dict:
        return {"min_n": self.min_n, "max_n": self.max_n, "dtype": self.dtype.name,
                "sublinear_tf": self.sublinear_tf, "norm": self.norm}

    @classmethod
    def from_arrays(cls, a: dict[str, np.ndarray], prefix: str, meta: dict) -> CharTfidf:
        return cls(a[f"{prefix}grams"].tolist(), a[f"{prefix}columns"], meta["min_n"], meta["max_n"],
                   a[f"{prefix}idf"], np.dtype(meta["dtype"]), meta["sublinear_tf"], meta["norm"])
