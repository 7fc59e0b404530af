"""Lead sentences are templates over counted facts: exact wording for each case."""

from __future__ import annotations

from ofsted_mine.summarise.facts import (
    CountRow,
    InspectionFacts,
    Quote,
    RecommendationFacts,
    ThemeFacts,
    TraceFacts,
)
from ofsted_mine.summarise.leads import join, lead_sentences, phrase, plural

INSPECTIONS = [
    InspectionFacts("2019", "ILACS inspection", "graded", True, None, None, "ILACS", False, []),
    InspectionFacts("2024", "ILACS inspection", "graded", True, None, None, "ILACS", False, []),
]


def trace(status: str, polarity: str = "weakness") -> TraceFacts:
    return TraceFacts(status, Quote("q", "2019 report, para 1"), [], [], "2019", "2024", 0.5, polarity)


def facts(traces=(), recs=(), counts=None, title="Permanence") -> ThemeFacts:
    counts = counts or [CountRow("2019", "2019 ILACS", 1, 3, 0, 0), CountRow("2024", "2024 ILACS", 2, 1, 1, 0)]
    return ThemeFacts("permanence", title, "", counts, list(traces), [], [], list(recs))


def test_word_helpers():
    assert plural(1, "weakness") == "1 weakness" and plural(3, "weakness") == "3 weaknesses"
    assert plural(2, "strength") == "2 strengths" and plural(2, "improvement item") == "2 improvement items"
    assert join(["a"]) == "a" and join(["a", "b", "c"]) == "a, b and c"
    assert phrase("Allegations and the LADO") == "allegations and the LADO"
    assert phrase("Court work and the PLO") == "court work and the PLO"


def test_counts_and_partial_persistence():
    lead = lead_sentences(facts([trace("persisted"), trace("persisted"), trace("persisted"),
                                 trace("not_reported")]), INSPECTIONS)
    assert lead == [
        "In 2024, inspectors reported 2 strengths, 1 weakness and 1 mixed finding on permanence, "
        "against 1 strength and 3 weaknesses in 2019.",
        "3 of 4 weaknesses on permanence raised in 2019 were still reported in 2024; 1 was not mentioned again.",
    ]


def test_all_both_none():
    assert lead_sentences(facts([trace("persisted")] * 2), INSPECTIONS)[1] == (
        "Both weaknesses on permanence raised in 2019 were still reported in 2024.")
    assert lead_sentences(facts([trace("persisted")] * 3), INSPECTIONS)[1] == (
        "All 3 weaknesses on permanence raised in 2019 were still reported in 2024.")
    assert lead_sentences(facts([trace("resolved"), trace("resolved", "mixed")]), INSPECTIONS)[1] == (
        "None of the 2 weaknesses on permanence raised in 2019 were still reported in 2024; "
        "2 were reported as resolved.")
    assert lead_sentences(facts([trace("resolved")]), INSPECTIONS)[1] == (
        "The one weakness on permanence raised in 2019 was reported as resolved in 2024.")


def test_strengths_sustained_and_regressed():
    lead = lead_sentences(facts([trace("sustained", "strength"), trace("regressed", "strength"),
                                 trace("regressed", "strength")]), INSPECTIONS)
    assert lead[1] == "Of the 3 strengths noted in 2019, 1 was sustained and 2 had become weaknesses by 2024."


def test_recommendations():
    recs = [RecommendationFacts("2019", "a", "c", "persisted", to_key="2024"),
            RecommendationFacts("2019", "b", "c", "resolved", to_key="2024"),
            RecommendationFacts("2024", "c", "c", "current")]
    lead = lead_sentences(facts(recs=recs), INSPECTIONS)
    assert lead[-2:] == [
        "1 of the 2 improvement items on this theme from 2019 was still an issue in 2024, and 1 was reported as met.",
        "The 2024 report lists 1 improvement item on this theme.",
    ]


def test_no_findings_and_none_in_latest():
    empty = facts(counts=[CountRow("2019", "2019", 0, 0, 0, 0), CountRow("2024", "2024", 0, 0, 0, 0)],
                  title="Private fostering")
    assert lead_sentences(empty, INSPECTIONS) == [
        "No findings on private fostering were reported in the inspections covered (2019 and 2024)."]
    dropped = facts(counts=[CountRow("2019", "2019", 1, 1, 0, 0), CountRow("2024", "2024", 0, 0, 0, 0)])
    assert lead_sentences(dropped, INSPECTIONS)[0] == (
        "The 2024 inspection made no findings on permanence, after 2 findings in 2019.")


def test_all_strengths_sustained():
    lead = lead_sentences(facts([trace("sustained", "strength")] * 2), INSPECTIONS)
    assert lead[1] == "Both strengths on permanence noted in 2019 were sustained in 2024."
    lead = lead_sentences(facts([trace("regressed", "strength")] * 3), INSPECTIONS)
    assert lead[1] == "All 3 strengths on permanence noted in 2019 had become weaknesses by 2024."


def test_latest_comparison_first_and_month_keys_in_words():
    older = TraceFacts("persisted", Quote("q", "c"), [], [], "2015", "2018", 0.5, "weakness")
    newer = TraceFacts("resolved", Quote("q", "c"), [], [], "2018", "2023-09", 0.5, "weakness")
    lead = lead_sentences(facts([older, newer]), INSPECTIONS)
    assert lead[1:3] == [
        "The one weakness on permanence raised in 2018 was reported as resolved in September 2023.",
        "The one weakness on permanence raised in 2015 was still reported in 2018.",
    ]
