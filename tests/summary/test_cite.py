"""Citations and quotes: how a reader finds the paragraph again."""

from __future__ import annotations

import datetime as dt

from ofsted_mine.models import Document, Finding
from ofsted_mine.summarise.cite import (
    date_range,
    finding_citation,
    long_date,
    recommendation_citation,
    report_label,
    short_quote,
)


def test_dates():
    assert long_date(dt.date(2018, 8, 3)) == "3 August 2018"
    assert date_range(dt.date(2024, 7, 8), dt.date(2024, 7, 19)) == "8 to 19 July 2024"
    assert date_range(dt.date(2016, 9, 12), dt.date(2016, 10, 6)) == "12 September to 6 October 2016"
    assert date_range(dt.date(2019, 12, 30), dt.date(2020, 1, 10)) == "30 December 2019 to 10 January 2020"
    assert date_range(None, dt.date(2020, 1, 10)) == "10 January 2020"


def test_report_and_letter_citations():
    assert finding_citation("2024", 23, doc_type="ilacs_report") == "2024 report, para 23"
    assert report_label("2019-06") == "June 2019 report"
    letter = Document(id="x", source="x.txt", sha256="0", doc_type="monitoring_visit_letter",
                      published=dt.date(2018, 8, 3), findings=[Finding(number=4, text="t")])
    assert finding_citation("2018", 4, letter) == "monitoring visit letter, 3 August 2018, para 4"
    assert finding_citation("2021", 2, inspection_kind="focused_visit", visit_date=dt.date(2021, 10, 7)) == (
        "focused visit letter, 7 October 2021, para 2")


def test_recommendation_citations():
    review = Document(id="r", source="r.txt", sha256="0", doc_type="commissioner_review",
                      published=dt.date(2017, 3, 31))
    assert recommendation_citation("2019", 4) == "2019 report, what needs to improve, item 4"
    assert recommendation_citation("2016", 3, number=3, cited=True, quoting=review) == (
        "2016 inspection, recommendation 3, as quoted in the commissioner's review (March 2017)")


def test_short_quote_keeps_whole_sentences():
    text = ("Leaders know the service well. Too many children wait too long for permanence, and plans drift. "
            "Tracking is new.")
    assert short_quote(text) == text  # short enough: all of it
    longer = text + " " + "Managers do not yet check that plans are written with children and families. " * 2
    # whole sentences until past about half the limit, then an ellipsis
    assert short_quote(longer) == text + " Managers do not yet check that plans are written with children and families. …"
    assert short_quote(text, ["wait too long"]) == (
        "…Too many children wait too long for permanence, and plans drift. Tracking is new.")
    long = "word " * 100 + "end."
    q = short_quote(long, limit=60)
    assert q.endswith("…") and len(q) <= 61 and " ".join(q[:-1].split()) == q[:-1].strip()


def test_quote_follows_the_classifier_cues():
    from ofsted_mine.summarise.cite import cue_patterns

    text = ("Child-friendly plans are good. IROs visit children regularly. "
            "However, IROs do not consistently challenge drift.")
    pats = cue_patterns(["negative: not ... consistently", "positive: good", "cue: IROs", "x"], ["negative", "cue"])
    assert [p.pattern for p in pats] == [r"\bnot\b.*?\bconsistently\b", r"\biros\b"]
    assert short_quote(text, patterns=pats) == "…However, IROs do not consistently challenge drift."
    assert short_quote(text, patterns=cue_patterns(["positive: good"], ["positive"])) == text


def test_sif_reports_cite_recommendations_in_their_own_words():
    from ofsted_mine.summarise.cite import key_label

    assert recommendation_citation("2015", 11, framework="SIF") == "2015 report, recommendation 11"
    assert recommendation_citation("2022", 2, framework="ILACS") == "2022 report, what needs to improve, item 2"
    assert key_label("2023-09") == "September 2023" and key_label("2019") == "2019"
