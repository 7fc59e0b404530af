"""The estimators are real scikit-learn estimators."""

from __future__ import annotations

import numpy as np
from sklearn.base import clone

from ofsted_mine.classify import PolarityClassifier, Sample, ThemeClassifier
from ofsted_mine.classify.pipeline import analyse

TEXTS = [
    "Return home interviews are offered to all children who go missing and are timely.",
    "Children who go missing are not always offered a return home interview.",
    "Children missing education are tracked well by the education safeguarding team.",
    "Care leavers have personal advisers who visit them regularly.",
    "Pathway plans for care leavers are variable in quality and not yet effective.",
    "Personal advisers support care leavers into education, employment or training.",
    "Supervision is regular and reflective, and managers challenge drift.",
    "Supervision records are brief and lack reflection; however, staff feel supported.",
    "Management oversight is not consistently recorded.",
]
Y = np.array([[1, 0, 0], [1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1], [0, 0, 1]])
POL = ["strength", "weakness", "strength", "strength", "weakness", "strength", "strength", "mixed", "weakness"]
LABELS = ("missing", "care_leavers", "management_oversight")


def test_theme_classifier_follows_the_estimator_contract():
    est = ThemeClassifier(labels=LABELS, C=1.0, threshold_folds=3)
    params = est.get_params()
    assert params["labels"] == LABELS and params["C"] == 1.0
    assert not [k for k in vars(est) if k.endswith("_")]  # nothing learned before fit
    clone(est)
    est.fit(TEXTS, Y)
    assert est.thresholds_.shape == (3,)
    assert est.predict(["A return home interview is offered when a child goes missing."]).shape == (1, 3)
    proba = est.predict_proba([Sample("Pathway plans for care leavers are clear.", "finding")])
    assert proba.shape == (1, 3) and ((proba >= 0) & (proba <= 1)).all()
    assert proba[0, 1] == proba[0].max()  # the care-leavers text scores highest on care_leavers


def test_polarity_classifier_follows_the_estimator_contract():
    est = PolarityClassifier(C=1.0)
    assert est.get_params()["C"] == 1.0
    clone(est)
    est.fit(TEXTS, POL)
    # the codebook's full label set, though no neutral example was trained on:
    # the neutral rule answers `neutral` for a narrative document's finding with
    # no evaluative language; in a report or letter the model decides
    assert set(est.classes_) == {"strength", "weakness", "mixed", "neutral"}
    moved = "The service moved to new offices in March 2016 under the Assistant Director."
    pred = est.predict([Sample("Children who go missing are not always offered a return home interview.",
                               "finding", True), Sample(moved, "finding", True)])
    assert pred.tolist() == ["weakness", "neutral"]
    assert est.predict([moved]).tolist() != ["neutral"]  # a plain string is a report's finding
    assert est.predict_proba(["The service moved to new offices in March 2016."]).shape == (1, 4)
    assert est.predict([Sample("Ensure that plans have timescales.", "recommendation", True)]).tolist() != ["neutral"]
    label, score, evidence = est.explain([("Three teams report to the head of service.", "finding", True)])[0]
    assert (label, score) == ("neutral", 0.9) and "structure: no evaluative language" in evidence
    label, score, evidence = est.explain(["Supervision is regular; however, records lack reflection."])[0]
    assert 0 <= score <= 1 and any(e.startswith("contrast: however") for e in evidence)


def test_sentence_block_reads_the_spread_of_sentence_scores():
    from ofsted_mine.classify.features import SENTENCE_NAMES, sentence_matrix

    M = sentence_matrix([0.9, 0.2, 0.5], [2, 1, 0]).toarray()
    row = dict(zip(SENTENCE_NAMES, M[0], strict=True))
    assert row["sentence_max"] == 0.9 and row["sentence_min"] == 0.2 and row["sentence_both_ways"] == 1.0
    assert row["sentence_first"] == 0.9 and row["sentence_last"] == 0.2
    assert row["sentence_spread"] == 0.9 - 0.2
    assert dict(zip(SENTENCE_NAMES, M[1], strict=True))["sentence_both_ways"] == 0.0  # one neutral sentence
    assert not M[2].any()  # no scorer (or no sentence): the block is silent


def test_sentence_scorer_is_cross_fitted_by_document_and_optional():
    docs = ["a", "a", "a", "b", "b", "b", "c", "c", "c"]
    est = PolarityClassifier(C=1.0, sentence_folds=3).fit(TEXTS, POL, groups=docs)
    scores = est._score_sentences(est.sentences_, analyse(["Plans are good. Visits are not timely."]))
    assert len(scores[0]) == 2 and scores[1].tolist() == [2]  # one P(positive) per sentence
    # cross-fitted training scores come from scorers that never saw the document
    crossed = est._cross_fitted(analyse(TEXTS), POL, docs)
    assert crossed[1].tolist() == [1] * len(TEXTS) and len(crossed[0]) == len(TEXTS)
    # without both strength and weakness examples there is no scorer, and the model still fits
    one = PolarityClassifier(C=1.0).fit(TEXTS[:2], ["strength", "mixed"])
    assert one.sentences_ is None and one.predict(["Plans are good."]).shape == (1,)


def test_presence_reading_blends_two_detectors_as_the_codebook_defines_mixed():
    from ofsted_mine.classify.features import blend_presence

    classes = ["mixed", "neutral", "strength", "weakness"]
    P = np.array([[0.2, 0.0, 0.8, 0.0], [0.1, 0.1, 0.1, 0.7]])
    pos, neg = np.array([0.9, 0.5]), np.array([0.5, 0.0])
    # all four classes known: Q = (pos*neg, (1-pos)(1-neg), pos(1-neg), (1-pos)neg)
    got = blend_presence(P, pos, neg, classes, np.arange(4), 0.5)
    assert np.allclose(got[0], 0.5 * P[0] + 0.5 * np.array([0.45, 0.05, 0.45, 0.05]))
    assert np.allclose(got[1], 0.5 * P[1] + 0.5 * np.array([0.0, 0.5, 0.5, 0.0]))
    # a class the multinomial never saw gets nothing from Q either; the rest is renormalised
    got = blend_presence(P[:1], pos[:1], neg[:1], classes, np.array([0, 2, 3]), 1.0)
    assert got[0, 1] == 0.0 and np.allclose(got[0], np.array([0.45, 0.0, 0.45, 0.05]) / 0.95)
    assert np.array_equal(blend_presence(P, pos, neg, classes, np.arange(4), 0.0), P)


def test_presence_detectors_are_fitted_and_blended_only_when_asked():
    off = PolarityClassifier(C=1.0).fit(TEXTS, POL)
    assert off.presence_ is None
    on = PolarityClassifier(C=1.0, presence_weight=0.5).fit(TEXTS, POL)
    pos, neg = on.presence_
    # "has a strength" learned from strength and mixed findings, "has a weakness" from weakness and mixed
    assert pos.predict_proba(on._features([Sample(TEXTS[0])])[0])[0, 1] > 0.5
    assert neg.predict_proba(on._features([Sample(TEXTS[1])])[0])[0, 1] > 0.5
    P_on, P_off = on.predict_proba(TEXTS), PolarityClassifier(C=1.0).fit(TEXTS, POL).predict_proba(TEXTS)
    assert np.allclose(P_on.sum(axis=1), 1.0) and not np.allclose(P_on, P_off)
    # one side never seen both ways: no detectors, the multinomial alone
    assert PolarityClassifier(C=1.0, presence_weight=0.5).fit(TEXTS[:2], ["strength", "mixed"]).presence_ is None
