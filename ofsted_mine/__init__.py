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
from typing import Any

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

__version__ = "0.1.0"

# name -> "module:attribute", imported on first access (PEP 562).
_LAZY = {
    "classify": "ofsted_mine.classify:classify",
    "compare": "ofsted_mine.compare:compare",
    "Comparison": "ofsted_mine.compare:Comparison",
    "summarise": "ofsted_mine.summarise:summarise",
    "load": "ofsted_mine.api:load",
    "findings_frame": "ofsted_mine.api:findings_frame",
    "judgements_frame": "ofsted_mine.api:judgements_frame",
    "Store": "ofsted_mine.store:Store",
}


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'ofsted_mine' has no attribute {name!r}")
    module, attr = target.split(":")
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


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
