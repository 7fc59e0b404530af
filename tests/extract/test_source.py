"""Bad input: every way a file can fail gets its own exception naming the file.

PDFs for the encrypted and scanned cases are made at test time with fpdf2
(a test dependency), so no binary fixture is committed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ofsted_mine.errors import (
    EmptyDocument,
    EncryptedPdf,
    NoTextLayer,
    OfstedMineError,
    UnreadablePdf,
    UnrecognisedDocument,
    UnsupportedFormat,
)
from ofsted_mine.extract import extract
from ofsted_mine.extract.source import read_bytes, read_source, sniff

fpdf = pytest.importorskip("fpdf")


def _text_pdf(text: str, *, user_password: str | None = None) -> bytes:
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 6, text)
    if user_password:
        pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    return bytes(pdf.output())


def _image_only_pdf() -> bytes:
    """A 'scan': a picture of text and a filled box, with no text layer at all."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).text((10, 10), "What needs to improve", fill="black")
    pdf = fpdf.FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.set_fill_color(30, 30, 30)
        pdf.rect(20, 20, 120, 30, style="F")
        pdf.image(image, x=20, y=80, w=170)
    return bytes(pdf.output())


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_empty_file_is_empty_document(tmp_path):
    path = _write(tmp_path, "report.pdf", b"")
    with pytest.raises(EmptyDocument) as err:
        read_source(path)
    assert str(path) in str(err.value)
    assert err.value.reason == "empty"


def test_whitespace_only_text_file_is_empty_document(tmp_path):
    path = _write(tmp_path, "notes.txt", b" \n\r\n\t \n")
    with pytest.raises(EmptyDocument, match="notes.txt"):
        read_source(path)


def test_html_saved_as_pdf_is_unreadable_pdf(tmp_path):
    page = b"<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>Gone</body></html>"
    path = _write(tmp_path, "inspection.pdf", page)
    with pytest.raises(UnreadablePdf) as err:
        read_source(path)
    assert not isinstance(err.value, EncryptedPdf)
    assert str(path) in str(err.value)
    assert "HTML" in err.value.message


def test_real_non_pdf_named_pdf_is_unreadable(shared_pdfs):
    path = shared_pdfs / "birmingham_2012-10-19_not_a_pdf.pdf"
    with pytest.raises(UnreadablePdf) as err:
        extract(path)
    assert "birmingham_2012-10-19_not_a_pdf.pdf" in str(err.value)


def test_truncated_pdf_is_unreadable_on_every_backend(tmp_path):
    whole = _text_pdf("Inspection findings in a file cut short by a failed download.")
    path = _write(tmp_path, "cut.pdf", whole[:300])
    for backend in ("auto", "pdfium", "pdfplumber"):
        with pytest.raises(UnreadablePdf, match="cut.pdf"):
            read_source(path, backend=backend)


def test_encrypted_pdf_is_encrypted_pdf_on_every_backend(tmp_path):
    data = _text_pdf("Private findings. " * 30, user_password="letmein")
    path = _write(tmp_path, "locked.pdf", data)
    for backend in ("auto", "pdfium", "pdfplumber"):
        with pytest.raises(EncryptedPdf) as err:
            read_source(path, backend=backend)
        assert isinstance(err.value, UnreadablePdf)  # a subclass: callers may catch either
        assert "locked.pdf" in str(err.value)
        assert err.value.reason == "encrypted_pdf"


def test_pdf_without_text_layer_says_to_ocr(tmp_path):
    path = _write(tmp_path, "scan.pdf", _image_only_pdf())
    with pytest.raises(NoTextLayer) as err:
        read_source(path)
    message = str(err.value)
    assert "scan.pdf" in message
    assert "OCR" in message
    assert "2 page(s)" in message


def test_text_that_is_not_an_ofsted_document_is_unrecognised(tmp_path):
    path = _write(
        tmp_path,
        "shopping.txt",
        b"Shopping list\n\nEggs, flour and milk for the pancakes on Tuesday.\n",
    )
    with pytest.raises(UnrecognisedDocument) as err:
        extract(path)
    assert "shopping.txt" in str(err.value)
    # allowed through on request, flagged as unknown
    [doc] = extract(path, allow_unknown=True)
    assert doc.doc_type == "unknown"
    assert doc.warnings


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "JPEG"),
        ("table.xlsx", None, "ZIP"),
    ],
)
def test_images_and_archives_are_unsupported(tmp_path, name, data, what):
    if data is None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("xl/workbook.xml", "<workbook/>")
        data = buf.getvalue()
    path = _write(tmp_path, name, data)
    with pytest.raises(UnsupportedFormat) as err:
        read_source(path)
    assert name in str(err.value)
    assert what in err.value.message


def test_image_named_pdf_is_unreadable_pdf_not_unsupported(tmp_path):
    path = _write(tmp_path, "report.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(UnreadablePdf, match="PNG image"):
        read_source(path)


def test_every_input_error_is_an_ofsted_mine_error(tmp_path):
    """A batch can catch one base class and carry on."""
    for name, data in [("a.pdf", b""), ("b.pdf", b"<html></html>"), ("c.png", b"\x89PNG....")]:
        with pytest.raises(OfstedMineError):
            read_source(_write(tmp_path, name, data))


def test_sniff_trusts_bytes_not_names():
    assert sniff(b"%PDF-1.7\n...") == "pdf"
    assert sniff(b"\n\n  %PDF-1.4 junk before the header is tolerated") == "pdf"
    assert sniff("Inspection of Kirklees — children’s services".encode()) == "text"
    assert sniff(b"abc\x00def") == "binary data"


def test_read_bytes_and_read_source_agree(tmp_path):
    data = _text_pdf("1. Social workers visit children regularly and know them well.")
    path = _write(tmp_path, "one.pdf", data)
    a = read_source(path)
    b = read_bytes(data, str(path))
    assert a.text == b.text
    assert a.sha256 == b.sha256
    assert a.kind == "pdf"


def test_scanned_page_inside_a_text_pdf_is_a_warning(tmp_path):
    from PIL import Image

    pdf = fpdf.FPDF()
    pdf.set_font("Helvetica", size=12)
    for page in range(3):
        pdf.add_page()
        if page == 1:  # a scanned page in the middle
            pdf.image(Image.new("RGB", (300, 300), "white"), x=20, y=20, w=100)
        else:
            pdf.multi_cell(0, 6, f"Findings on page {page + 1}. " * 20)
    src = read_bytes(bytes(pdf.output()), "mixed.pdf")
    assert src.n_pages == 3
    assert src.warnings == ["pages with no text layer (scanned?): [2]"]


def test_unknown_backend_is_a_programming_error(tmp_path):
    path = _write(tmp_path, "one.pdf", _text_pdf("Findings about help and protection."))
    with pytest.raises(ValueError, match="pdfium"):
        read_source(path, backend="ocr")  # type: ignore[arg-type]
