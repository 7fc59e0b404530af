"""The shipped model card: label sets, freshness against the labels, stored CV scores."""

from __future__ import annotations

import json

import pytest

from ofsted_mine.classify.data import labels_hash
from ofsted_mine.classify.evaluate import TARGETS, meets_targets, pooled
from ofsted_mine.classify.model import CARD_FILE, default_model_dir
from ofsted_mine.codebook import polarity_ids, theme_ids


@pytest.fixture(scope="module")
def card():
    return json.loads((default_model_dir() / CARD_FILE).read_text("utf-8"))


def test_card_names_the_codebook_label_sets(card):
    assert card["labels"] == list(theme_ids())
    assert card["polarity_labels"] == sorted(polarity_ids())
    assert set(card["thresholds"]) == set(theme_ids())
    assert {"scikit-learn", "spacy", "python"} <= set(card["versions"])


def test_card_is_not_stale(card):
    """Editing a label file without retraining fails here: run `ofsted-mine train`."""
    assert card["labels_hash"] == labels_hash()


def test_card_stores_leave_one_document_out_scores(card):
    cv = card["cross_validation"]
    assert cv["scheme"] == "leave-one-document-out"
    assert cv["n_items"] == card["n_items"] >= 500
    assert len(cv["documents"]) == len(card["items_by_document"]) >= 30
    assert set(cv["themes"]) == set(theme_ids())
    assert cv["meets_targets"] == meets_targets(cv)
    # regression floors: what the shipped model reached (2,330 items, 32 documents);
    # a change that loses ground fails here
    assert cv["theme_micro_f1"] >= 0.79
    assert cv["polarity_accuracy"] >= 0.81
    for theme in ("permanence", "missing", "care_leavers"):  # the issue's three named themes
        assert cv["themes"][theme]["f1"] >= 0.90, theme


def test_per_document_counts_pool_to_the_reported_scores(card):
    cv = card["cross_validation"]
    assert pooled(cv, sorted(cv["documents"])) == {
        "n_items": cv["n_items"], "theme_micro_f1": cv["theme_micro_f1"], "polarity_accuracy": cv["polarity_accuracy"]}
    # the issue's original ten documents (four bundled Kirklees texts, six ILACS PDFs of four
    # councils) were scored 0.802 / 0.754 when the model was trained on them alone; the
    # other councils' labels must not make the model worse on them
    original = [d for d in cv["documents"] if d.endswith(".txt")] + [
        "leeds_2018-12-18_ilacs.pdf", "leeds_2022-05-09_ilacs.pdf", "bristol_2018-10-22_ilacs.pdf",
        "bristol_2023-03-10_ilacs.pdf", "cornwall_2019-11-05_ilacs.pdf", "barnsley_2023-10-27_ilacs_short.pdf"]
    assert len(original) == 10
    scores = pooled(cv, original)
    assert scores["theme_micro_f1"] >= 0.80 and scores["polarity_accuracy"] >= 0.754


@pytest.mark.xfail(strict=True, reason="issue-4 LODO targets not met yet (see model card); "
                                         "strict: passes loudly once they are")
def test_card_scores_meet_the_issue_targets(card):
    cv = card["cross_validation"]
    assert cv["theme_micro_f1"] >= TARGETS["theme_micro_f1"]
    assert cv["polarity_accuracy"] >= TARGETS["polarity_accuracy"]
    for theme, target in TARGETS["theme_f1"].items():
        assert cv["themes"][theme]["f1"] >= target, theme
