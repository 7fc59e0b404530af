"""Inspection history: documents → events (reports, visits, citations), keys, merging."""

import datetime as dt

from ofsted_mine.compare.history import build_events, judgement_areas

from . import labelled
from .fixtures import finding, judgement, letter, rec, report

D = dt.date


def test_kirklees_history_from_labelled_documents():
    events, messages = build_events(labelled.all_documents())
    assert [(e.key, e.kind) for e in events] == [
        ("2016", "graded"), ("2018", "monitoring_visit"), ("2019", "graded"), ("2024", "graded")
    ]
    e2016 = events[0]
    assert e2016.cited_only and e2016.start == D(2016, 9, 12) and e2016.end == D(2016, 10, 6)
    assert len(e2016.recommendations) == 11 and not e2016.findings
    assert e2016.grades()["lscb"] == ("inadequate", False, True)
    assert [len(e.findings) for e in events[1:]] == [13, 49, 69]  # 2018 letter: evaluative paragraphs only
    assert messages == []


def test_citation_merges_with_report_of_same_inspection_and_flags_disagreement():
    rpt = report("r", "Anyshire", D(2021, 3, 1), D(2021, 3, 12),
                 judgements=[judgement("overall_effectiveness", "good"), judgement("leadership", "good")],
                 recs=[rec(1, "Improve the quality of plans.", "recording_and_plans_quality")])
    cite = dict(source="cited", cited_inspection_start=D(2021, 3, 1), cited_inspection_end=D(2021, 3, 12))
    review = report("c", "Anyshire County Council", None, None, doc_type="commissioner_review",
                    judgements=[judgement("overall_effectiveness", "good", **cite),
                                judgement("leadership", "requires_improvement", **cite)],
                    recs=[rec(1, "Improve the quality of plans.", "recording_and_plans_quality", **cite)])
    events, _ = build_events([review, rpt])
    assert len(events) == 1
    ev = events[0]
    assert ev.key == "2021" and not ev.cited_only and set(d.id for d in ev.docs) == {"r", "c"}
    assert ev.grades()["leadership"][0] == "good"  # the report's stated grade wins
    assert ev.disagreements == [
        "leadership: ilacs_report (stated) says good, commissioner_review (cited) says requires_improvement"
    ]
    assert len(ev.recommendations) == 1 and ev.recommendations[0][1].id == "r"


def test_citation_dated_by_publication_month_joins_the_report():
    rpt = report("r", "X", D(2016, 9, 12), D(2016, 10, 6), judgements=[judgement("overall_effectiveness", "inadequate")])
    cite = dict(source="cited", cited_inspection_end=D(2016, 11, 30))
    rv = report("c", "X", None, None, doc_type="commissioner_review",
                judgements=[judgement("overall_effectiveness", "inadequate", **cite)])
    events, _ = build_events([rpt, rv])
    assert [e.key for e in events] == ["2016"] and events[0].disagreements == []


def test_same_report_twice_reads_findings_once():
    f = [finding(1, "Plans are clear.", "strength"), finding(2, "Visits are late.", "weakness")]
    a = report("standalone", "X", D(2019, 6, 10), D(2019, 6, 21), findings=f)
    b = report("in_pack", "X", D(2019, 6, 10), D(2019, 6, 21), findings=f[:1])
    events, _ = build_events([b, a])
    assert len(events) == 1 and len(events[0].findings) == 2
    assert {d.id for _, d in events[0].findings} == {"standalone"}


def test_keys_use_month_when_two_events_share_a_year():
    events, _ = build_events([
        report("r", "X", D(2019, 6, 10), D(2019, 6, 21)),
        letter("v", "X", D(2019, 11, 5), D(2019, 11, 6)),
        report("r2", "X", D(2023, 1, 9), D(2023, 1, 20)),
    ])
    assert [(e.key, e.graded) for e in events] == [("2019-06", True), ("2019-11", False), ("2023", True)]


def test_visit_is_an_event_without_judgements_and_undated_documents_are_reported():
    nodate = report("nd", "X", None, None)
    events, messages = build_events([letter("v", "X", D(2021, 5, 4), D(2021, 5, 5)), nodate])
    assert [(e.key, e.kind, e.graded) for e in events] == [("2021", "focused_visit", False)]
    assert messages == ["nd.pdf: ilacs_report without inspection dates; not placed in the history"]


def test_combined_children_in_care_and_care_leavers_counts_for_both():
    j = judgement("children_in_care", "requires_improvement",
                  "The experiences and progress of children in care and care leavers")
    assert judgement_areas(j) == ["children_in_care", "care_leavers"]
    assert judgement_areas(judgement("children_in_care", "good", "The experiences and progress of children in care")) == ["children_in_care"]
    sif = judgement("children_in_care", "inadequate", "Children looked after and achieving permanence")
    assert judgement_areas(sif) == ["children_in_care"]


def test_monitoring_visits_weeks_apart_stay_separate():
    events, _ = build_events([
        letter("v1", "X", D(2017, 3, 7), D(2017, 3, 8), doc_type="monitoring_visit_letter"),
        letter("v2", "X", D(2017, 5, 9), D(2017, 5, 10), doc_type="monitoring_visit_letter"),
        letter("v2_in_pack", "X", D(2017, 5, 9), D(2017, 5, 10), doc_type="monitoring_visit_letter"),
    ])
    assert [(e.key, len(e.docs)) for e in events] == [("2017-03", 1), ("2017-05", 2)]


def test_tied_copies_prefer_the_standalone_report_whatever_the_order():
    f = [finding(1, "Plans are clear.", "strength")]
    standalone = report("standalone", "X", D(2019, 6, 10), D(2019, 6, 21), findings=f)
    in_pack = report("in_pack", "X", D(2019, 6, 10), D(2019, 6, 21), findings=f).model_copy(update={"parent": "pack"})
    for docs in ([standalone, in_pack], [in_pack, standalone]):
        events, _ = build_events(docs)
        assert {d.id for _, d in events[0].findings} == {"standalone"}
