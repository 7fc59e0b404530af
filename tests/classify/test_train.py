"""Training is deterministic: the same data gives byte-identical model files."""

from __future__ import annotations

import hashlib

from ofsted_mine.classify.data import load_labels
from ofsted_mine.classify.model import CARD_FILE, MODEL_FILE, load_model_from
from ofsted_mine.classify.train import train


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_training_twice_on_the_same_items_gives_identical_files(tmp_path):
    items, _ = load_labels(with_pdfs=False)
    subset = [it for it in items if "2024" in it.doc or "2019" in it.doc or "2018" in it.doc]
    assert len(subset) == 144  # 2018 letter labels: evaluative paragraphs only
    a = train(tmp_path / "a", items=subset, cross_validate=False)
    b = train(tmp_path / "b", items=subset, cross_validate=False)
    assert _sha(tmp_path / "a" / MODEL_FILE) == _sha(tmp_path / "b" / MODEL_FILE)
    assert (tmp_path / "a" / CARD_FILE).read_text() == (tmp_path / "b" / CARD_FILE).read_text()
    assert a["n_items"] == 144 and a["data_hash"] == b["data_hash"]
    loaded = load_model_from(tmp_path / "a")
    assert loaded.card["model_sha256"] == _sha(tmp_path / "a" / MODEL_FILE)
