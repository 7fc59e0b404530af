"""ofsted_mine: Ofsted children's-services documents as typed, classified, comparable evidence.

The whole public surface is here::

    import ofsted_mine as om
    docs = om.load("corpus/")             # extract every file (folders, globs)
    docs = [om.classify(d) for d in docs] # themes and polarity on every finding
    cmp = om.compare(docs)                # judgement timeline, finding persistence
    om.summarise(docs, theme="permanence")

Heavier parts (spaCy, scikit-learn, pandas, matplotlib) are imported on first
use, so ``import ofsted_mine`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> "module:attribute", imported on first access (PEP 562). Nothing is
# imported eagerly: ``ofsted-mine --version`` and ``--help`` import this
# package first, and pydantic's model building alone costs a tenth of a second.
_LAZY = {
    "extract": "ofsted_mine.extract:extract",
    "extract_text": "ofsted_mine.extract:extract_text",
    "detect": "ofsted_mine.extract:detect",
    "classify": "ofsted_mine.classify:classify",
    "compare": "ofsted_mine.compare:compare",
    "Comparison": "ofsted_mine.compare:Comparison",
    "summarise": "ofsted_mine.summarise:summarise",
    "load": "ofsted_mine.api:load",
    "findings_frame": "ofsted_mine.api:findings_frame",
    "judgements_frame": "ofsted_mine.api:judgements_frame",
    "Store": "ofsted_mine.store:Store",
    **{name: f"ofsted_mine.models:{name}" for name in (
        "Detection", "Document", "Finding", "Judgement", "PolarityTag", "Recommendation",
        "Section", "Span", "ThemeTag")},
    **{name: f"ofsted_mine.errors:{name}" for name in (
        "EmptyDocument", "EncryptedPdf", "ModelError", "NoTextLayer", "OfstedMineError",
        "UnreadablePdf", "UnrecognisedDocument", "UnsupportedFormat")},
}

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from ofsted_mine.api import findings_frame, judgements_frame, load
    from ofsted_mine.classify import classify
    from ofsted_mine.compare import Comparison, compare
    from ofsted_mine.errors import (
        EmptyDocument,
        EncryptedPdf,
        ModelError,
        NoTextLayer,
        OfstedMineError,
        UnreadablePdf,
        UnrecognisedDocument,
        UnsupportedFormat,
    )
    from ofsted_mine.extract import detect, extract, extract_text
    from ofsted_mine.models import (
        Detection,
        Document,
        Finding,
        Judgement,
        PolarityTag,
        Recommendation,
        Section,
        Span,
        ThemeTag,
    )
    from ofsted_mine.store import Store
    from ofsted_mine.summarise import summarise


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'ofsted_mine' has no attribute {name!r}")
    module, attr = target.split(":")
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "__version__",
    "extract",
    "extract_text",
    "detect",
    "classify",
    "compare",
    "Comparison",
    "summarise",
    "load",
    "findings_frame",
    "judgements_frame",
    "Store",
    "Document",
    "Finding",
    "Judgement",
    "Recommendation",
    "Section",
    "Span",
    "ThemeTag",
    "PolarityTag",
    "Detection",
    "OfstedMineError",
    "EmptyDocument",
    "UnreadablePdf",
    "EncryptedPdf",
    "NoTextLayer",
    "UnsupportedFormat",
    "UnrecognisedDocument",
    "ModelError",
]
