"""The neighbour vote: which labelled findings are nearest, and how their themes are shared out."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from ofsted_mine.classify.neighbours import neighbour_vote, similar_evidence, unit_rows


def _memory():
    # four labelled findings over three words; labels: [theme A, theme B]
    M = unit_rows(sparse.csr_matrix(np.array([[1.0, 0, 0], [1.0, 1.0, 0], [0, 1.0, 0], [0, 0, 1.0]])))
    Y = np.array([[1, 0], [1, 1], [0, 1], [0, 0]], dtype=np.uint8)
    return M, Y


def test_unit_rows_scales_to_length_one_and_keeps_empty_rows_empty():
    U = unit_rows(sparse.csr_matrix(np.array([[3.0, 4.0], [0.0, 0.0]])))
    assert U.dtype == np.float32
    assert np.allclose(U.toarray(), [[0.6, 0.8], [0.0, 0.0]])


def test_vote_is_the_similarity_squared_weighted_share_of_the_k_nearest():
    M, Y = _memory()
    Q = sparse.csr_matrix(np.array([[1.0, 0, 0]]))
    vote, counts = neighbour_vote(Q, M, Y, k=2)
    # nearest: row 0 (cos 1, weight 1) and row 1 (cos 1/sqrt2, weight 1/2); row 3 is orthogonal
    assert vote == pytest.approx(np.array([[1.0, (0.5) / 1.5]]), rel=1e-6)
    assert counts.tolist() == [[2, 1]]
    # with every memory row, orthogonal ones weigh nothing and are not counted
    vote_all, counts_all = neighbour_vote(Q, M, Y, k=10)
    assert vote_all == pytest.approx(vote, rel=1e-6)
    assert counts_all.tolist() == [[2, 1]]


def test_a_query_sharing_no_word_gets_no_vote_and_no_evidence():
    M, Y = _memory()
    vote, counts = neighbour_vote(sparse.csr_matrix((1, 3)), M, Y, k=3)
    assert vote.tolist() == [[0.0, 0.0]] and counts.tolist() == [[0, 0]]
    assert similar_evidence(0, 3) == []
    assert similar_evidence(2, 4) == ["similar: 2 of 4 nearest labelled findings"]
    assert similar_evidence(2, 0) == []


def test_similarities_match_the_sparse_product_to_the_bit():
    from ofsted_mine.classify.neighbours import similarities

    M = unit_rows(sparse.random(40, 30, density=0.3, random_state=1))
    U = unit_rows(sparse.random(7, 30, density=0.3, random_state=2))
    want = (U @ M.T).toarray().astype(np.float64)
    assert np.array_equal(similarities(U, M), want)


def test_the_vote_in_blocks_equals_the_vote_in_one(monkeypatch):
    import ofsted_mine.classify.neighbours as nb

    M, Y = _memory()
    Q = sparse.csr_matrix(np.array([[1.0, 0, 0], [0, 1.0, 1.0], [0, 0, 0], [1.0, 1.0, 1.0], [0, 0, 2.0]]))
    whole = neighbour_vote(Q, M, Y, k=2)
    monkeypatch.setattr(nb, "_BLOCK", 2)  # blocks of 2, 2 and 1 queries
    blocks = neighbour_vote(Q, M, Y, k=2)
    assert np.array_equal(whole[0], blocks[0]) and np.array_equal(whole[1], blocks[1])
    assert blocks[0].shape == (5, 2)


def test_empty_inputs():
    M, Y = _memory()
    assert neighbour_vote(sparse.csr_matrix((0, 3)), M, Y, k=3)[0].shape == (0, 2)
    assert neighbour_vote(sparse.csr_matrix((2, 3)), M, Y, k=0)[0].tolist() == [[0, 0], [0, 0]]


def test_theme_classifier_memory_holds_word_rows_not_text_and_is_used_in_thresholds():
    """Trained with ``neighbours``, the estimator keeps one unit row per training finding over the word
    block only, and its probabilities move towards the neighbours' vote."""
    from ofsted_mine.classify import ThemeClassifier
    from ofsted_mine.classify.data import load_labels
    from ofsted_mine.classify.train import indicator, samples
    from ofsted_mine.codebook import theme_ids

    items, _ = load_labels(with_pdfs=False)
    items = [it for it in items if "2024" in it.doc or "2019" in it.doc]
    labels = tuple(theme_ids())
    X, Y, g = samples(items), indicator(items, labels), [it.doc for it in items]
    plain = ThemeClassifier(labels=labels, threshold_folds=3).fit(X, Y, groups=g)
    near = ThemeClassifier(labels=labels, threshold_folds=3, neighbours=5).fit(X, Y, groups=g)
    assert plain.memory_ is None
    assert near.memory_.shape == (len(items), len(near.word_vec_.vocabulary_))
    assert np.allclose(np.asarray(near.memory_.multiply(near.memory_).sum(axis=1)).ravel(), 1.0, atol=1e-5)
    assert (near.memory_labels_ == Y).all()
    # same linear models; the memory only mixes in the vote, with the weight chosen per theme
    assert set(near.mix_.tolist()) <= {0.0, 0.2, 0.4, 0.6} and (plain.mix_ == 0).all()
    P0, P1 = plain.predict_proba(X[:40]), near.predict_proba(X[:40])
    Xf, _ = near._features(X[:40])
    vote, counts = near._vote(Xf, (near.memory_, near.memory_labels_))
    assert np.allclose(P1, (1 - near.mix_) * P0 + near.mix_ * vote, rtol=0, atol=1e-9)
    # a training finding is its own nearest neighbour, so each of its themes has at least one vote
    assert (counts[Y[:40] == 1] >= 1).all()
    # some theme leans on the vote, and its threshold was chosen on the mixed score
    assert near.mix_.max() > 0
    assert not np.array_equal(plain.thresholds_, near.thresholds_)
    ev = near.explain(X[:5])
    assert any(e.startswith("similar: ") for _, per in ev for lines in per.values() for e in lines)


def test_shipped_model_remembers_every_training_finding_and_says_so_in_evidence():
    """The shipped memory holds one row per item the card says was trained on; a care-leaver
    finding (made up) is tagged with evidence naming how many neighbours agree."""
    from ofsted_mine.classify import Sample, load_model, tag_samples

    model = load_model()
    assert model.memory is not None and model.memory.shape[0] == model.card["n_items"]
    assert model.neighbours == 20 and model.mix is not None and len(model.mix) == len(model.labels)
    text = ("Care leavers are supported well by personal advisers who know them well. Pathway plans are "
            "up to date and most young people live in suitable accommodation.")
    themes, _ = tag_samples(model, [Sample(text)])[0]
    care = next(t for t in themes if t.theme == "care_leavers")
    assert any(e.startswith("similar: ") and e.endswith(" of 20 nearest labelled findings") for e in care.evidence)
