"""Read any input file into a :class:`SourceText`, or fail with a specific error.

The format is sniffed from the bytes, not trusted from the name: a file
named ``.pdf`` that holds an HTML error page is an :class:`UnreadablePdf`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal, Union

from ofsted_mine.errors import EmptyDocument, UnreadablePdf, UnsupportedFormat
from ofsted_mine.extract.layout import SourceText

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
Backend = Literal["auto", "pdfium", "pdfplumber"]

# Magic numbers of formats people drop into a folder of reports by mistake.
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"PK\x03\x04": "a ZIP archive (perhaps a Word or Excel file)",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
}


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff(data: bytes) -> str:
    """'pdf', 'text', or a description of what else the bytes are."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 text (Windows "Unicode" exports)
        return "text"
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return what
    if b"\x00" in data[:4096]:
        return "binary data"
    return "text"


def read_source(path: Union[str, Path], backend: Backend = "auto") -> SourceText:
    """Read ``path`` (PDF or text) into the layout model.

    Raises :class:`EmptyDocument`, :class:`UnreadablePdf` (and its
    :class:`~ofsted_mine.errors.EncryptedPdf`), :class:`~ofsted_mine.errors.NoTextLayer`
    or :class:`UnsupportedFormat`, each naming the file.
    """
    path = Path(path)
    data = path.read_bytes()
    return read_bytes(data, str(path), backend=backend)


def read_bytes(data: bytes, path: str = "<bytes>", backend: Backend = "auto") -> SourceText:
    """Like :func:`read_source` for bytes already in memory."""
    if not data.strip():
        raise EmptyDocument(path, "the file is empty (0 bytes of content)")
    digest = sha256_bytes(data)
    kind = sniff(data)
    suffix = Path(path).suffix.lower()
    if kind == "pdf":
        from ofsted_mine.extract.pdf import read_pdf

        return read_pdf(data, path, digest, backend=backend)
    if suffix == ".pdf":
        if kind == "text":
            what = "HTML" if b"<html" in data[:2048].lower() else "text"
            raise UnreadablePdf(path, f"named .pdf but holds {what}, not a PDF (no %PDF header)")
        raise UnreadablePdf(path, f"named .pdf but holds {kind}, not a PDF")
    if kind != "text":
        raise UnsupportedFormat(path, f"holds {kind}; ofsted_mine reads PDF and text files")
    from ofsted_mine.extract.text import read_text

    return read_text(data, path, digest)
