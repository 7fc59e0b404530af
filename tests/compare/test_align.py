"""Finding persistence on made-up reports, and on the hand-labelled Kirklees items."""

import datetime as dt
import json
from pathlib import Path

import pytest

from ofsted_mine.compare import compare
from ofsted_mine.compare.align import Z_THRESHOLD, matched_phrases

from . import labelled
from .fixtures import EARLIER, LATER, finding, letter, rec, report

D = dt.date
EXPECTED = json.loads((Path(__file__).parent / "expected_kirklees.json").read_text())


def _pair(**kw):
    a = report("a", "Anyshire", D(2019, 3, 4), D(2019, 3, 15), findings=EARLIER, **kw)
    b = report("b", "Anyshire", D(2023, 5, 8), D(2023, 5, 19), findings=LATER)
    return a, b


def test_each_status_on_made_up_reports():
    cmp = compare(list(_pair()))
    status = {t.from_.number: t.status for t in cmp.findings}
    assert status[1] == "persisted"  # weakness -> still weak
    assert status[2] == "resolved"  # weakness -> strength
    assert status[3] == "sustained"  # strength -> strength
    assert status[4] == "regressed"  # strength -> weakness
    for n in (6, 7, 8, 9, 10):  # nothing on that ground later
        assert status[n] == "not_reported", n
    assert [(n.inspection, n.number) for n in cmp.new] == [("2023", 11)]


def test_links_carry_score_and_why():
    cmp = compare(list(_pair()))
    t = next(t for t in cmp.findings if t.from_.number == 1)
    best = t.to[0]
    assert (best.inspection, best.number, best.polarity) == ("2023", 1, "weakness")
    assert 0.5 < best.score <= 1.0 and best.shared_themes == ["missing"]
    assert "Return home interviews" in t.evidence.matched_phrases
    assert t.evidence.shared_themes == ["missing"] and t.next_inspection == "2023"


def test_recommendations_traced_into_later_recommendations_and_findings():
    recs = [rec(1, "Return home interviews for every child who goes missing.", "missing"),
            rec(2, "The assessment and checks of private fostering arrangements.", "private_fostering")]
    a = report("a", "Anyshire", D(2019, 3, 4), D(2019, 3, 15), findings=EARLIER, recs=recs)
    b = report("b", "Anyshire", D(2023, 5, 8), D(2023, 5, 19), findings=LATER,
               recs=[rec(1, "Return home interviews offered to all children who go missing.", "missing")])
    cmp = compare([a, b])
    got = {t.from_.index: (t.status, [(lk.kind, lk.number) for lk in t.to]) for t in cmp.recommendations}
    assert got[1][0] == "persisted" and ("recommendation", 1) in got[1][1]
    assert got[2] == ("resolved", [("finding", 2)])


def test_visit_between_the_pair_is_interim_evidence_and_does_not_break_it():
    visit = letter("v", "Anyshire", D(2021, 2, 2), D(2021, 2, 3), findings=[
        finding(1, "Return home interviews are now offered to most children who go missing, and quality is improving.",
                "mixed", "missing"),
        finding(2, "Leaders have a clear plan for the front door.", "strength", "leadership"),
    ])
    a, b = _pair()
    cmp = compare([b, visit, a])
    assert [i.key for i in cmp.inspections] == ["2019", "2021", "2023"]
    t = next(t for t in cmp.findings if t.from_.number == 1)
    assert t.next_inspection == "2023" and t.status == "persisted"
    assert [(e.inspection, e.kind, e.number) for e in t.evidence.interim] == [("2021", "focused_visit_letter", 1)]


def test_neutral_findings_are_not_traced_and_say_so():
    extra = EARLIER + [finding(11, "There are 812 children in care.", "neutral")]
    a = report("a", "Anyshire", D(2019, 3, 4), D(2019, 3, 15), findings=extra)
    b = report("b", "Anyshire", D(2023, 5, 8), D(2023, 5, 19), findings=LATER)
    cmp = compare([a, b])
    assert 11 not in {t.from_.number for t in cmp.findings}
    assert "1 neutral (context-only) finding(s) not traced" in cmp.messages


def test_matched_phrases_are_shared_runs_of_content_words():
    a = "Return home interviews are not offered to every child who goes missing."
    b = "Not all children who go missing are offered return home interviews."
    assert matched_phrases(a, b) == ["Return home interviews"]
    assert matched_phrases("Plans are clear.", "Visits are late.") == []


def _agreement(cmp) -> tuple[float, list[str]]:
    """Share of the hand-read statuses the comparison gives; an expected item not traced counts as a miss."""
    got = {("findings_2019", str(t.from_.number)): t.status for t in cmp.findings if t.from_.inspection == "2019"}
    got.update({(f"recommendations_{t.from_.inspection}", str(t.from_.index)): t.status for t in cmp.recommendations})
    hits, misses = 0, []
    for group in ("findings_2019", "recommendations_2019", "recommendations_2016"):
        for key, (status, _why) in EXPECTED[group].items():
            actual = got.get((group, key), "untraced")
            if actual == status:
                hits += 1
            else:
                misses.append(f"{group} {key}: expected {status}, got {actual}")
    return hits / (hits + len(misses)), misses


def test_hand_read_statuses_matched_on_labelled_kirklees():
    """The comparator alone (gold themes and polarity): >= 85% of the hand-read statuses."""
    cmp = compare(labelled.all_documents())
    n_expected = len(EXPECTED["findings_2019"]) + len(EXPECTED["recommendations_2019"]) + len(
        EXPECTED["recommendations_2016"])
    assert len(EXPECTED["findings_2019"]) >= 20 and n_expected == 63
    rate, misses = _agreement(cmp)
    assert rate >= 0.85, misses


def test_threshold_is_on_the_z_scale():
    assert 0.5 <= Z_THRESHOLD <= 2.0


@pytest.fixture(scope="module")
def kirklees_labelled():
    return compare(labelled.all_documents())


def test_2016_recommendations_cite_the_2018_visit_as_interim(kirklees_labelled):
    recs = {t.from_.index: t for t in kirklees_labelled.recommendations if t.from_.inspection == "2016"}
    assert len(recs) == 11 and all(t.next_inspection == "2019" for t in recs.values())
    with_interim = [i for i, t in recs.items() if t.evidence.interim]
    assert with_interim and all(e.inspection == "2018" for i in with_interim for e in recs[i].evidence.interim)
