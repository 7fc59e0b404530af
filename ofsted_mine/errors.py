"""Exceptions, one per way an input can fail.

Each names the file, so a batch can report ``path: reason`` on one line and
carry on. All derive from :class:`OfstedMineError`; catch that to handle any
input problem without hiding programming errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

PathLike = Union[str, Path]


class OfstedMineError(Exception):
    """Base of every error about an input document or a model file."""

    #: short machine-readable reason used in batch summaries and the store
    reason = "error"

    def __init__(self, path: Optional[PathLike], message: str) -> None:
        self.path = str(path) if path is not None else None
        self.message = message
        super().__init__(f"{self.path}: {message}" if self.path else message)


class EmptyDocument(OfstedMineError):
    """The file has no bytes, or no text at all."""

    reason = "empty"


class UnreadablePdf(OfstedMineError):
    """The bytes are not a PDF that can be parsed (wrong format, corrupt)."""

    reason = "unreadable_pdf"


class EncryptedPdf(UnreadablePdf):
    """The PDF needs a password to open."""

    reason = "encrypted_pdf"


class NoTextLayer(OfstedMineError):
    """The PDF has pages but no extractable text (a scan): OCR it first."""

    reason = "no_text_layer"


class UnsupportedFormat(OfstedMineError):
    """The file is neither a PDF nor text (an image, a spreadsheet, ...)."""

    reason = "unsupported_format"


class UnrecognisedDocument(OfstedMineError):
    """Text was read but it is not a document type we know."""

    reason = "unrecognised"


class NoOfstedDocument(UnrecognisedDocument):
    """``--only ofsted`` was asked for, and the file holds no Ofsted report or letter."""

    reason = "no_ofsted"


class ModelError(OfstedMineError):
    """A model file is missing, or was trained for another label set or version."""

    reason = "model"


__all__ = [
    "OfstedMineError",
    "EmptyDocument",
    "UnreadablePdf",
    "EncryptedPdf",
    "NoTextLayer",
    "UnsupportedFormat",
    "UnrecognisedDocument",
    "NoOfstedDocument",
    "ModelError",
]
