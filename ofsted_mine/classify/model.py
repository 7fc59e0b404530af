"""Loading the shipped model, once, with checks that fail loudly.

Why checks before unpickling: a model trained for another codebook (a theme
added or renamed) or by an incompatible scikit-learn would otherwise either
crash deep inside ``predict`` or, worse, silently tag findings with the
wrong themes. The card next to the model says what it was trained for; we
compare that with this install and raise :class:`~ofsted_mine.errors.ModelError`
naming the file and the fix (``ofsted-mine train``).
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from ofsted_mine.codebook import polarity_ids, theme_ids
from ofsted_mine.errors import ModelError

#: bump when the saved structure changes; old files are then refused
MODEL_FORMAT = 2
MODEL_FILE = "classifier.joblib"
CARD_FILE = "model-card.json"
ROOT = Path(__file__).resolve().parents[2]


def default_model_dir() -> Path:
    """``$OFSTED_MINE_MODEL_DIR`` if set, else ``models/`` at the repository root."""
    env = os.environ.get("OFSTED_MINE_MODEL_DIR")
    return Path(env) if env else ROOT / "models"


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


@dataclass
class LoadedModel:
    """The estimators and their card, as loaded."""

    themes: Any
    polarity: Any
    card: dict
    path: Path


def read_card(model_dir: Path) -> dict:
    card_path = Path(model_dir) / CARD_FILE
    if not card_path.exists():
        raise ModelError(card_path, "no model card here; build the model with `ofsted-mine train`")
    try:
        return json.loads(card_path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(card_path, f"model card unreadable ({exc}); rebuild with `ofsted-mine train`") from exc


def check_card(card: dict, where: Path) -> None:
    """Raise ModelError unless the card matches this codebook and library versions.

    The installed scikit-learn version is read from package metadata, not by
    importing it: the compiled model (``classify.fast``) never needs it.
    """
    from importlib.metadata import version

    if card.get("format") != MODEL_FORMAT:
        raise ModelError(where, f"model format {card.get('format')!r}, this version reads format {MODEL_FORMAT}; "
                                "retrain with `ofsted-mine train`")
    want = list(theme_ids())
    have = list(card.get("labels", []))
    if have != want:
        missing = sorted(set(want) - set(have))
        extra = sorted(set(have) - set(want))
        detail = "; ".join(x for x in (f"missing {missing}" if missing else "",
                                       f"unknown {extra}" if extra else "") if x) or "different order"
        raise ModelError(where, f"model was trained for another theme label set ({detail}); "
                                "retrain with `ofsted-mine train`")
    if list(card.get("polarity_labels", [])) != sorted(polarity_ids()):
        raise ModelError(where, "model was trained for another polarity label set; retrain with `ofsted-mine train`")
    trained = card.get("versions", {}).get("scikit-learn", "")
    installed = version("scikit-learn")
    if _minor(trained) != _minor(installed):
        raise ModelError(where, f"model was built with scikit-learn {trained}, this is {installed}; "
                                "retrain with `ofsted-mine train`")


def load_model_from(model_dir: Path) -> LoadedModel:
    """Load and check the model in ``model_dir`` (no cache; see :func:`load_model`)."""
    import joblib

    model_dir = Path(model_dir)
    card = read_card(model_dir)
    check_card(card, model_dir / CARD_FILE)
    path = model_dir / MODEL_FILE
    if not path.exists():
        raise ModelError(path, "model file missing; build it with `ofsted-mine train`")
    try:
        blob = joblib.load(path)
    except Exception as exc:  # any unpickling failure is a model problem, not a crash
        raise ModelError(path, f"model file unreadable ({type(exc).__name__}: {exc}); "
                               "rebuild with `ofsted-mine train`") from exc
    if not isinstance(blob, dict) or blob.get("format") != MODEL_FORMAT or list(blob.get("labels", [])) != list(theme_ids()):
        raise ModelError(path, "model file does not match its card; rebuild with `ofsted-mine train`")
    return LoadedModel(themes=blob["themes"], polarity=blob["polarity"], card=card, path=path)


_lock = threading.Lock()
_loaded: dict[str, LoadedModel] = {}


def load_model(model_dir: Optional[Path] = None) -> LoadedModel:
    """The model in ``model_dir`` (default :func:`default_model_dir`), loaded once per process."""
    key = str(Path(model_dir or default_model_dir()).resolve())
    with _lock:
        if key not in _loaded:
            _loaded[key] = load_model_from(Path(key))
        return _loaded[key]


def clear_loaded() -> None:
    """Forget loaded models (after retraining in the same process)."""
    with _lock:
        _loaded.clear()
