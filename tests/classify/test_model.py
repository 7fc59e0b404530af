"""Loading the shipped model: fast, cached, and refusing incompatible files."""

from __future__ import annotations

import json
import shutil

import pytest

from ofsted_mine.classify.model import (
    CARD_FILE,
    MODEL_FILE,
    default_model_dir,
    load_model,
    load_model_from,
)
from ofsted_mine.errors import ModelError


@pytest.fixture()
def model_copy(tmp_path):
    src = default_model_dir()
    for name in (CARD_FILE, MODEL_FILE):
        shutil.copy(src / name, tmp_path / name)
    return tmp_path


def _edit_card(folder, **changes):
    card = json.loads((folder / CARD_FILE).read_text())
    card.update(changes)
    (folder / CARD_FILE).write_text(json.dumps(card))


def test_shipped_model_loads_once():
    """One model per process (load time is measured in bench/classify.py, not asserted)."""
    fresh = load_model_from(default_model_dir())
    assert load_model() is load_model()
    assert list(fresh.themes.labels_) == fresh.card["labels"]


def test_model_for_another_label_set_is_refused(model_copy):
    card = json.loads((model_copy / CARD_FILE).read_text())
    _edit_card(model_copy, labels=card["labels"][:-1] + ["kinship_care"])
    with pytest.raises(ModelError, match=r"another theme label set.*missing \['homelessness_16_17'\].*unknown \['kinship_care'\].*ofsted-mine train"):
        load_model_from(model_copy)


def test_model_from_another_scikit_learn_is_refused(model_copy):
    card = json.loads((model_copy / CARD_FILE).read_text())
    _edit_card(model_copy, versions={**card["versions"], "scikit-learn": "0.24.2"})
    with pytest.raises(ModelError, match="scikit-learn 0.24.2"):
        load_model_from(model_copy)


def test_old_model_format_is_refused(model_copy):
    _edit_card(model_copy, format=0)
    with pytest.raises(ModelError, match="model format 0"):
        load_model_from(model_copy)


def test_corrupt_or_missing_model_file_is_a_model_error(model_copy, tmp_path_factory):
    (model_copy / MODEL_FILE).write_bytes(b"not a model")
    with pytest.raises(ModelError, match="unreadable") as info:
        load_model_from(model_copy)
    assert info.value.path.endswith(MODEL_FILE)
    empty = tmp_path_factory.mktemp("nomodel")
    with pytest.raises(ModelError, match="no model card"):
        load_model_from(empty)
