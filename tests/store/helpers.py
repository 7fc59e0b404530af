"""Shared builders for the store and batch tests: made-up documents, mixed folders, snapshots."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from ofsted_mine.models import (
    Document,
    Finding,
    Judgement,
    PolarityTag,
    Recommendation,
    Section,
    Span,
    ThemeTag,
)
from tests.conftest import REPORT_2024

#: Columns that record *when* something happened; they differ between any two runs.
TIME_COLUMNS = {"ingested_at", "recorded_at", "computed_at"}


def small_document(sha: str = "a" * 64, *, authority: str = "Sampleshire", text: str = "") -> Document:
    """A hand-made report: two findings (one tagged), one judgement, one recommendation."""
    text = text or (
        "Children wait too long for their assessments to be completed. "
        "Leaders have recruited a stable workforce of permanent social workers."
    )
    return Document(
        id=sha[:16],
        source=f"{sha[:6]}.txt",
        sha256=sha,
        doc_type="ilacs_report",
        local_authority=authority,
        framework="ILACS",
        inspection_start=dt.date(2021, 3, 1),
        inspection_end=dt.date(2021, 3, 12),
        inspectors=["A Person", "B Person"],
        text=text,
        judgements=[
            Judgement(area="overall_effectiveness", grade="requires_improvement",
                      area_text="Overall effectiveness", grade_text="Requires improvement to be good"),
            Judgement(area="help_and_protection", grade="inadequate", area_text="Help",
                      grade_text="Inadequate", source="cited",
                      cited_inspection_end=dt.date(2017, 5, 1)),
        ],
        recommendations=[Recommendation(index=1, text="The timeliness of assessments.",
                                        themes=[ThemeTag(theme="assessment", score=0.7)])],
        findings=[
            Finding(number=1, text=text[:61], span=Span(start=0, end=61), section="Help",
                    themes=[ThemeTag(theme="assessment", score=0.9, evidence=["assessments"])],
                    polarity=PolarityTag(label="weakness", score=0.8, evidence=["wait too long"])),
            Finding(number=2, text=text[62:], span=Span(start=62, end=len(text)),
                    themes=[ThemeTag(theme="workforce", score=0.85)],
                    polarity=PolarityTag(label="strength", score=0.75)),
        ],
        sections=[Section(title="Help", area="help_and_protection", span=Span(start=0, end=61))],
    )


def render_pdf(path: Path, paragraphs: list[str], *, image_only: bool = False) -> Path:
    """A small PDF of ``paragraphs`` (or, with ``image_only``, shapes and no text at all)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if image_only:
        pdf.rect(20, 20, 120, 80, style="F")
    else:
        pdf.set_font("Helvetica", size=11)
        for para in paragraphs:
            pdf.multi_cell(0, 6, para)
            pdf.ln(4)
    pdf.output(str(path))
    return path


def mixed_folder(root: Path) -> Path:
    """A folder of what people really drop next to their reports.

    One real report (the 2024 ILACS text), the same bytes under another
    name, an empty file, a PNG, an HTML page named .pdf, a council memo
    that is no Ofsted document (text and PDF), a scanned-looking PDF with no
    text layer, a hidden file and a README (both ignored).
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPORT_2024, root / "report.txt")
    shutil.copy(REPORT_2024, root / "report (copy).txt")
    (root / "empty.pdf").write_bytes(b"")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (root / "download.pdf").write_text("<html><body>Session expired</body></html>")
    memo = [
        "Memo to the waste services team.",
        "The garden waste collection round will move from Tuesdays to Thursdays in April.",
        "Please update the public web pages and the recycling calendar before the change.",
    ]
    (root / "memo.txt").write_text("\n\n".join(memo) + "\n")
    render_pdf(root / "memo.pdf", memo)
    render_pdf(root / "scan.pdf", [], image_only=True)
    (root / ".hidden.txt").write_text("ignored")
    (root / "README.md").write_text("notes, ignored")
    return root


def snapshot(con, *, drop: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every table's rows (sorted, timestamps left out): equal snapshots mean equal stores."""
    from ofsted_mine.store.schema import TABLES

    out: dict[str, list[tuple]] = {}
    for table in TABLES:
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        keep = [c for c in cols if c not in TIME_COLUMNS and c not in drop]
        rows = con.execute(f"SELECT {', '.join(keep)} FROM {table}").fetchall()
        out[table] = sorted(rows, key=repr)
    return out
