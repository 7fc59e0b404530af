"""Shared test fixtures: the bundled corpus and (when present) the real PDFs.

Real PDFs live in ``../shared/pdfs`` beside the repo (CI has them). Tests
that need them use the ``shared_pdfs`` fixture or ``pdf_path(name)`` and are
skipped with a visible reason when the folder is absent; they are never
copied into the repo.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_PDFS = Path(os.environ.get("OFSTED_MINE_PDFS", ROOT.parent / "shared" / "pdfs"))

REPORT_2024 = CORPUS / "kirklees_2024_ilacs_inspection_report.txt"
PACK_2019 = CORPUS / "kirklees_2019-08-23_childrens_scrutiny_panel_pack.txt"
PACK_2018 = CORPUS / "kirklees_2018-09-10_childrens_scrutiny_panel_pack.txt"
REVIEW_2017 = CORPUS / "kirklees_2017_commissioner_review.txt"
IMPROVEMENT_2018 = CORPUS / "kirklees_2018-11_improvement_plan_scrutiny_report.txt"

needs_pdfs = pytest.mark.skipif(
    not SHARED_PDFS.is_dir(), reason=f"real PDFs not available at {SHARED_PDFS}"
)


def pdf_path(name: str) -> Path:
    """Path of a real PDF by file name; skips the test (with the reason) when absent."""
    path = SHARED_PDFS / name
    if not path.exists():
        pytest.skip(f"real PDF {name} not available at {SHARED_PDFS}")
    return path


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def shared_pdfs() -> Path:
    if not SHARED_PDFS.is_dir():
        pytest.skip(f"real PDFs not available at {SHARED_PDFS}")
    return SHARED_PDFS
