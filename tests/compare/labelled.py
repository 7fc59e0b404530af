"""Kirklees documents built from the hand labels in ``corpus/labels``.

The labels carry each paragraph's text, themes and polarity as a person
read them, so comparing these documents tests the comparator on its own,
independent of the extractors and the classifier. Judgements and dates are
the ones printed in the corpus files (copied here by hand).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ofsted_mine.models import Document, Finding, Judgement, PolarityTag, Recommendation, ThemeTag

LABELS = Path(__file__).resolve().parents[2] / "corpus" / "labels"


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (LABELS / name).read_text().splitlines() if line.strip()]


def _tags(row: dict) -> dict:
    return {
        "themes": [ThemeTag(theme=t, score=1.0) for t in row["themes"]],
        "polarity": PolarityTag(label=row["polarity"], score=1.0),
    }


def _doc(id_: str, doc_type: str, la: str, rows: list[dict], **kw) -> Document:
    findings = [Finding(number=r["number"], text=r["text"], **_tags(r)) for r in rows if r["kind"] == "finding"]
    return Document(id=id_, source=f"{id_}.txt", sha256=id_, doc_type=doc_type, local_authority=la,
                    findings=findings, **kw)


def _j(area: str, grade: str, text: str = "", **kw) -> Judgement:
    return Judgement(area=area, grade=grade, area_text=text or area, grade_text=grade, **kw)


def report_2019() -> Document:
    rows = _rows("kirklees_2019_ilacs_inspection_report.jsonl")
    recs = [Recommendation(index=r["number"], text=r["text"], **_tags(r)) for r in rows if r["kind"] == "recommendation"]
    ri = "requires_improvement"
    return _doc("r2019", "ilacs_report", "Kirklees Metropolitan Borough Council", rows, framework="ILACS",
                inspection_start=dt.date(2019, 6, 10), inspection_end=dt.date(2019, 6, 21), recommendations=recs,
                judgements=[_j("leadership", ri), _j("help_and_protection", ri),
                            _j("children_in_care", ri, "The experiences and progress of children in care and care leavers"),
                            _j("overall_effectiveness", ri)])


def report_2024() -> Document:
    rows = _rows("kirklees_2024_ilacs_inspection_report.jsonl")
    recs = [Recommendation(index=r["number"], text=r["text"], **_tags(r)) for r in rows if r["kind"] == "recommendation"]
    return _doc("r2024", "ilacs_report", "Kirklees", rows, framework="ILACS",
                inspection_start=dt.date(2024, 7, 8), inspection_end=dt.date(2024, 7, 19), recommendations=recs,
                judgements=[_j("leadership", "good"), _j("help_and_protection", "good"),
                            _j("children_in_care", "good"), _j("care_leavers", "requires_improvement"),
                            _j("overall_effectiveness", "good")])


def review_2017() -> Document:
    """The commissioner review: its own paragraphs plus the 2016 judgements and
    recommendations it quotes (cited, dated 12 September to 6 October 2016)."""
    rows = _rows("kirklees_2017_commissioner_review.jsonl")
    start, end = dt.date(2016, 9, 12), dt.date(2016, 10, 6)
    cite = {"source": "cited", "cited_inspection_start": start, "cited_inspection_end": end}
    recs = [Recommendation(index=r["number"], text=r["text"], **_tags(r), **cite)
            for r in rows if r["kind"] == "recommendation" and r["number"] <= 11]
    judgements = [_j(a, "inadequate", **cite) for a in
                  ("overall_effectiveness", "help_and_protection", "children_in_care", "leadership", "lscb")]
    doc = _doc("c2017", "commissioner_review", "Kirklees Council", [], recommendations=recs, judgements=judgements,
               published=dt.date(2017, 9, 1))
    return doc


def letter_2018() -> Document:
    rows = _rows("kirklees_2018_monitoring_visit_letter.jsonl")
    return _doc("m2018", "monitoring_visit_letter", "Kirklees", rows, framework="ILACS",
                inspection_start=dt.date(2018, 7, 11), inspection_end=dt.date(2018, 7, 12))


def all_documents() -> list[Document]:
    return [report_2024(), review_2017(), letter_2018(), report_2019()]
