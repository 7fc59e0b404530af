"""compare / compare_all: bad input, JSON contract, frames."""

import datetime as dt
import json

import pytest

from ofsted_mine.compare import (
    AmbiguousAuthority,
    Comparison,
    UnknownAuthority,
    compare,
    compare_all,
)

from . import labelled
from .fixtures import EARLIER, LATER, judgement, report

D = dt.date


def _two_authorities():
    return [
        report("a1", "Anyshire County Council", D(2019, 3, 4), D(2019, 3, 15), findings=EARLIER,
               judgements=[judgement("overall_effectiveness", "requires_improvement")]),
        report("a2", "Anyshire", D(2023, 5, 8), D(2023, 5, 19), findings=LATER,
               judgements=[judgement("overall_effectiveness", "good")]),
        report("b1", "Otherton Metropolitan Borough Council", D(2022, 1, 10), D(2022, 1, 21), findings=LATER,
               judgements=[judgement("overall_effectiveness", "outstanding")]),
    ]


def test_several_authorities_need_a_choice():
    with pytest.raises(AmbiguousAuthority) as err:
        compare(_two_authorities())
    assert err.value.authorities == ["Anyshire", "Otherton"]
    assert "authority=NAME" in str(err.value)


def test_compare_all_gives_one_comparison_per_authority():
    out = compare_all(_two_authorities())
    assert sorted(out) == ["Anyshire", "Otherton"]
    assert [i.key for i in out["Anyshire"].inspections] == ["2019", "2023"]
    assert out["Anyshire"].judgement("overall_effectiveness").changes[0].direction == "improved"
    assert out["Otherton"].findings == []


def test_authority_chosen_by_any_spelling():
    cmp = compare(_two_authorities(), authority="Anyshire Council")
    assert cmp.local_authority == "Anyshire" and len(cmp.inspections) == 2
    assert "documents of other authorities left out: Otherton" in cmp.messages
    with pytest.raises(UnknownAuthority, match="authorities present: Anyshire, Otherton"):
        compare(_two_authorities(), authority="Nowhere")


def test_single_inspection_gives_judgements_only_and_says_why():
    cmp = compare(_two_authorities()[2:])
    assert cmp.findings == [] and cmp.recommendations == [] and cmp.new == []
    assert cmp.judgement("overall_effectiveness").grades == {"2022": "outstanding"}
    assert any("nothing can be traced" in m for m in cmp.messages)


def test_missing_year_is_a_gap_not_a_guess():
    docs = _two_authorities()[:2]
    docs.append(report("a3", "Anyshire", D(2016, 5, 8), D(2016, 5, 19),
                       judgements=[judgement("lscb", "inadequate")], framework="SIF", doc_type="sif_report"))
    cmp = compare(docs)
    row = cmp.judgement("overall_effectiveness")
    assert row.grades == {"2016": None, "2019": "requires_improvement", "2023": "good"}
    assert [(c.from_, c.to) for c in row.changes] == [("2019", "2023")]
    assert cmp.judgement("lscb").grades == {"2016": "inadequate", "2019": None, "2023": None}


def test_kirklees_timeline_from_labelled_documents():
    cmp = compare(labelled.all_documents())
    grades = {r.area: r.grades for r in cmp.judgements}
    for area in ("overall_effectiveness", "help_and_protection", "children_in_care", "leadership"):
        assert grades[area] == {"2016": "inadequate", "2019": "requires_improvement", "2024": "good"}, area
    assert grades["care_leavers"] == {"2016": None, "2019": "requires_improvement", "2024": "requires_improvement"}
    assert cmp.judgement("care_leavers").combined == ["2019"]
    assert grades["lscb"] == {"2016": "inadequate", "2019": None, "2024": None}
    assert [(c.from_, c.to, c.direction, c.steps) for c in cmp.judgement("leadership").changes] == [
        ("2016", "2019", "improved", 1), ("2019", "2024", "improved", 1)]


def test_json_contract_round_trips():
    cmp = compare(labelled.all_documents())
    data = json.loads(cmp.to_json())
    assert set(data) >= {"local_authority", "inspections", "judgements", "findings", "recommendations", "new"}
    assert data["local_authority"] == "Kirklees"
    assert set(data["inspections"][0]) >= {"key", "start", "end", "framework", "sources"}
    assert data["inspections"][0]["start"] == "2016-09-12"
    j = data["judgements"][0]
    assert set(j) >= {"area", "grades", "combined", "changes"} and set(j["changes"][0]) == {"from", "to", "direction", "steps"}
    f = data["findings"][0]
    assert set(f) >= {"from", "status", "to", "evidence"}
    assert set(f["from"]) >= {"inspection", "number", "text", "polarity", "themes"}
    assert set(f["to"][0]) >= {"inspection", "number", "score", "polarity"}
    assert set(f["evidence"]) >= {"shared_themes", "matched_phrases", "interim"}
    r = data["recommendations"][0]
    assert set(r["from"]) >= {"inspection", "index", "text"}
    assert set(data["new"][0]) >= {"inspection", "number", "themes", "polarity"}
    assert Comparison.model_validate_json(cmp.to_json()) == cmp


def test_frames_are_tidy():
    cmp = compare(labelled.all_documents())
    jf = cmp.judgements_frame()
    assert len(jf) == 6 * 3 and jf["grade"].isna().sum() == 3
    lead = jf[(jf.area == "leadership") & (jf.inspection == "2024")].iloc[0]
    assert (lead.grade, lead.previous, lead.direction, lead.steps) == ("good", "2019", "improved", 1)
    ff = cmp.findings_frame()
    assert set(ff.kind) == {"finding", "recommendation", "new"}
    assert len(ff) == len(cmp.findings) + len(cmp.recommendations) + len(cmp.new)
    assert ff[ff.kind == "finding"].inspection.unique().tolist() == ["2019"]
    assert "<table>" in cmp._repr_html_()


def test_no_documents_and_no_inspection_are_explained():
    empty = compare([])
    assert empty.local_authority == "unknown" and empty.messages[-1] == "no documents given"
    paper = report("p", "Anyshire Council", None, None, doc_type="council_report")
    cmp = compare([paper])
    assert cmp.inspections == [] and cmp.judgements == []
    assert "no graded inspection found: no judgement timeline and nothing to trace" in cmp.messages


def test_result_does_not_depend_on_input_order():
    docs = labelled.all_documents()
    first = compare(docs).to_json()
    assert compare(list(reversed(docs))).to_json() == first
    assert compare(docs[1:] + docs[:1]).to_json() == first


def test_compare_all_in_worker_processes_gives_the_same_result():
    docs = _two_authorities()
    one = compare_all(docs)
    two = compare_all(docs, workers=2)
    assert sorted(two) == sorted(one)
    assert all(two[k].to_json() == one[k].to_json() for k in one)
