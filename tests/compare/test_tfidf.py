"""The comparator's own tf-idf equals scikit-learn's to the last bit, without importing it."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from ofsted_mine.compare.align import _ngrams, _tfidf
from ofsted_mine.compare.stopwords import ENGLISH_STOP_WORDS
from tests.conftest import CORPUS


def _corpus_token_lists() -> list[list[str]]:
    docs = []
    for path in sorted(CORPUS.glob("*.txt")):
        for para in path.read_text(encoding="utf-8").split("\n\n"):
            words = [w.strip(".,;:()'\"").lower() for w in para.split()]
            docs.append([w for w in words if w and w not in ENGLISH_STOP_WORDS])
    return docs


def _sklearn_tfidf(docs: list[list[str]]):
    """The comparator's former route: the same counts weighted by TfidfTransformer."""
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfTransformer

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
    tf = csr_matrix((np.asarray(counts, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
                    shape=(len(docs), max(len(vocab), 1)))
    return TfidfTransformer(sublinear_tf=True, norm="l2").fit_transform(tf).tocsr(), vocab


def test_tfidf_equals_scikit_learn_bit_for_bit():
    pytest.importorskip("sklearn")
    docs = _corpus_token_lists()
    assert len(docs) > 500 and sum(map(len, docs)) > 20000
    docs.append([])  # a finding with no words left: an empty row, not a division by zero
    ours, vocab, df = _tfidf(docs)
    theirs, their_vocab = _sklearn_tfidf(docs)
    assert vocab == their_vocab
    assert np.array_equal(ours.indptr, theirs.indptr) and np.array_equal(ours.indices, theirs.indices)
    assert np.array_equal(ours.data, theirs.data)  # exact, not approximately
    assert df.sum() == ours.nnz and ours[len(docs) - 1].nnz == 0


def test_stop_words_are_scikit_learns():
    sk = pytest.importorskip("sklearn.feature_extraction.text")
    assert frozenset(sk.ENGLISH_STOP_WORDS) == ENGLISH_STOP_WORDS


def test_comparing_does_not_import_scikit_learn():
    code = (
        "import sys, warnings; warnings.simplefilter('ignore'); import ofsted_mine as om\n"
        "from ofsted_mine.compare.align import trace; from ofsted_mine.compare.history import build_events\n"
        f"docs = om.load({str(CORPUS)!r}, progress=False)\n"
        "before = 'sklearn' in sys.modules\n"
        "events, _ = build_events([d for d in docs if d.local_authority])\n"
        "t = trace(events)\n"
        "assert len(t.findings) == 49, len(t.findings)\n"
        "print(before, 'sklearn' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = out.stdout.split()
    assert after == before  # tracing itself imported nothing of scikit-learn's
