"""Document-type detection: type, confidence and the cues that decided it."""

from __future__ import annotations

import pytest

from ofsted_mine.errors import UnrecognisedDocument
from ofsted_mine.extract import extract_text, read_source
from ofsted_mine.extract.detect import detect
from tests.conftest import (
    FIXTURES,
    IMPROVEMENT_2018,
    PACK_2018,
    PACK_2019,
    REPORT_2024,
    REVIEW_2017,
    pdf_path,
)

CORPUS_TYPES = [
    (REPORT_2024, "ilacs_report"),
    (PACK_2019, "council_pack"),
    (PACK_2018, "council_pack"),
    (REVIEW_2017, "commissioner_review"),
    (IMPROVEMENT_2018, "council_report"),
    (FIXTURES / "jtai_letter.txt", "jtai_letter"),
    (FIXTURES / "truncated_monitoring_letter.txt", "monitoring_visit_letter"),
    (FIXTURES / "pack_no_ofsted.txt", "council_pack"),
]


@pytest.mark.parametrize(("path", "doc_type"), CORPUS_TYPES, ids=lambda v: getattr(v, "name", v))
def test_corpus_types(path, doc_type: str) -> None:
    det = detect(read_source(path).text)
    assert det.doc_type == doc_type
    assert 0.4 <= det.confidence <= 1.0
    assert det.cues


PDF_TYPES = {
    "kirklees_2021-11-10_focused_visit.pdf": "focused_visit_letter",
    "barnsley_2023-03-01_focused_visit.pdf": "focused_visit_letter",
    "kirklees_2016-11-25_sif.pdf": "sif_report",
    "lancashire_2018-08-17_report.pdf": "sif_report",  # a re-inspection
    "kirklees_2019-08-05_ilacs.pdf": "ilacs_report",
    "kent_2022-07-05_report.pdf": "ilacs_report",  # "Inspection of Kent County Council children's services"
    "barnsley_2023-10-27_ilacs_short.pdf": "ilacs_report",  # mentions a JTAI in passing
}


@pytest.mark.parametrize("name", sorted(PDF_TYPES))
def test_real_pdf_types(name: str) -> None:
    det = detect(read_source(pdf_path(name)).text)
    assert det.doc_type == PDF_TYPES[name]
    assert det.confidence >= 0.5


def test_review_is_not_a_sif_report() -> None:
    # its contents list and a heading name the SIF inspection it discusses
    det = detect(read_source(REVIEW_2017).text)
    assert det.cues[0] == "report to the Secretary of State"


def test_minutes_and_agenda_alone() -> None:
    minutes = "CHILDREN'S PANEL\n\nTuesday 3 March 2020\n\nPresent: Councillor A, Councillor B\n\n1 Apologies\n\nNone.\n\nRESOLVED - That the report be noted.\n"
    agenda = (
        "Notice of Meeting\n\nDear Member\n\nThe Schools Forum will meet in Room 1 at 10.00 am on "
        "Monday 9 March 2020.\n\nAgenda\n\n1: Apologies\n\n2: Minutes of the Previous Meeting 1 - 4\n"
    )
    assert detect(minutes).doc_type == "committee_minutes"
    assert detect(agenda).doc_type == "agenda"


def test_unknown_text() -> None:
    text = "Shopping list\n\nEggs, flour and milk for the weekend baking.\n"
    det = detect(text)
    assert det.doc_type == "unknown" and det.confidence == 0.0
    with pytest.raises(UnrecognisedDocument) as info:
        extract_text(text, "list.txt")
    assert "list.txt" in str(info.value)
    [doc] = extract_text(text, "list.txt", allow_unknown=True)
    assert doc.doc_type == "unknown"
    assert doc.warnings


def test_weak_cue_alone_is_unknown() -> None:
    # a stray mention of a commissioner is not a commissioner review
    assert detect("The Children's Commissioner published a report on play.\n").doc_type == "unknown"
