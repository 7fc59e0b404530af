"""``ofsted_mine.classify(doc)`` on the real 2024 report and on made-up findings."""

from __future__ import annotations

import pytest

import ofsted_mine
from ofsted_mine.models import Document, Finding, Recommendation
from tests.conftest import REPORT_2024


@pytest.fixture(scope="module")
def report_2024():
    (doc,) = ofsted_mine.extract(REPORT_2024)
    return ofsted_mine.classify(doc)


def _themes(f):
    return {t.theme for t in f.themes}


def test_every_finding_and_recommendation_is_tagged_with_evidence(report_2024):
    assert len(report_2024.findings) == 69
    for item in [*report_2024.findings, *report_2024.recommendations]:
        assert item.polarity is not None and item.polarity.evidence
        assert item.polarity.label in {"strength", "weakness", "mixed", "neutral"}
        for tag in item.themes:
            assert tag.evidence and 0 <= tag.score <= 1
        scores = [t.score for t in item.themes]
        assert scores == sorted(scores, reverse=True)  # strongest theme first
        assert len({t.theme for t in item.themes}) == len(item.themes)


def test_tags_survive_validation(report_2024):
    """Tags are built without pydantic's validation (for speed): each must still validate as it is."""
    from ofsted_mine.models import PolarityTag, ThemeTag

    for item in [*report_2024.findings, *report_2024.recommendations]:
        assert PolarityTag.model_validate(item.polarity.model_dump()) == item.polarity
        assert type(item.polarity.score) is float
        for tag in item.themes:
            assert ThemeTag.model_validate(tag.model_dump()) == tag
            assert type(tag.score) is float and all(type(e) is str for e in tag.evidence)
    assert Document.model_validate_json(report_2024.model_dump_json()) == report_2024


def test_specific_paragraphs_get_their_themes(report_2024):
    f = report_2024.finding
    assert "care_leavers" in _themes(f(42))  # transition to PAs before 18
    assert any(e == "cue: PAs" for t in f(42).themes if t.theme == "care_leavers" for e in t.evidence)
    assert "permanence" in _themes(f(22))  # SGOs, permanence options
    assert "exploitation" in _themes(f(14))
    assert "private_fostering" in _themes(f(15))
    assert "allegations_lado" in _themes(f(19))
    assert "uasc" in _themes(f(36))
    assert {"missing", "exploitation"} <= _themes(f(31))
    assert f(53).polarity.label == "weakness"  # pathway plans variable, "ineffective and meaningless"
    assert f(43).polarity.label == "strength"


def test_recommendations_are_tagged(report_2024):
    recs = report_2024.recommendations
    assert len(recs) == 3
    assert "domestic_abuse_neglect" in {t.theme for t in recs[2].themes}


def _doc(findings, recs=(), doc_type="ilacs_report"):
    return Document(id="x", source="made-up.txt", sha256="0" * 64, doc_type=doc_type,
                    findings=[Finding(number=i, text=t) for i, t in enumerate(findings, 1)],
                    recommendations=[Recommendation(index=i, text=t) for i, t in enumerate(recs, 1)])


def test_made_up_findings_in_other_words():
    doc = ofsted_mine.classify(_doc([
        "When young people go missing from their foster homes, return home interviews are completed "
        "quickly and help workers understand the push and pull factors.",
        "Young people leaving care told us their pathway plans are not reviewed when their "
        "circumstances change, and the local offer is not well publicised.",
        "The virtual school tracks the attendance and attainment of children in care closely, and "
        "personal education plans set clear targets.",
    ]))
    a, b, c = doc.findings
    assert "missing" in _themes(a) and a.polarity.label == "strength"
    assert "care_leavers" in _themes(b) and b.polarity.label == "weakness"
    assert "education" in _themes(c)


def test_the_neutral_rule_reads_the_document_type():
    """A cue-less paragraph is context in a review or council paper (the rule's fixed 0.9),
    but in an inspection report the model decides (its own probability)."""
    from ofsted_mine.classify import Sample, load_model, tag_samples

    text = "The director of children's services took up post in May 2017 and reports to the chief executive."
    for narrative in ("commissioner_review", "council_report"):
        tag = ofsted_mine.classify(_doc([text], doc_type=narrative)).findings[0].polarity
        assert (tag.label, tag.score) == ("neutral", 0.9) and "structure: no evaluative language" in tag.evidence
    report = ofsted_mine.classify(_doc([text])).findings[0].polarity
    _, model_only = tag_samples(load_model(), [Sample(text, "finding", False)])[0]
    assert report == model_only and report.score != 0.9


def test_a_finding_with_no_words_is_neutral_in_every_document_type():
    """With no letter to read, the model's answer would be its prior (a confident-looking
    ``strength``); the rule says ``neutral`` and why, and no model term is shown as evidence."""
    texts = ["", "12345", "(3.2) - 4%"]
    for doc_type in ("ilacs_report", "commissioner_review"):
        out = ofsted_mine.classify(_doc(texts, doc_type=doc_type))
        for f in out.findings:
            assert f.themes == []
            assert (f.polarity.label, f.polarity.score) == ("neutral", 0.9)
            assert f.polarity.evidence == ["structure: no words to read"]
    # one letter is enough for the model to decide: the rule does not fire
    tag = ofsted_mine.classify(_doc(["12 children (3%) were seen."])).findings[0].polarity
    assert "structure: no words to read" not in tag.evidence


def test_original_is_untouched_and_empty_documents_come_back_unchanged():
    doc = _doc(["Children who go missing are offered return home interviews."])
    out = ofsted_mine.classify(doc)
    assert out is not doc and doc.findings[0].themes == [] and out.findings[0].themes
    empty = _doc([])
    assert ofsted_mine.classify(empty) == empty


def test_classify_or_keep_names_the_failing_document_and_classifies_the_rest(monkeypatch):
    """A batch that fails is redone one by one: the bad document is reported and kept as it was."""
    import importlib

    mod = importlib.import_module("ofsted_mine.classify")
    good = Document(id="g", source="good.txt", sha256="0", doc_type="ilacs_report",
                    findings=[Finding(number=1, text="Care leavers are supported well by personal advisers.")])
    bad = good.model_copy(update={"id": "b", "source": "bad.txt"})
    real = mod.classify_documents

    def classify(doc, **kw):
        if doc.source == "bad.txt":
            raise ValueError("broken model input")
        return real([doc], **kw)[0]

    def batch(docs, **kw):
        if any(d.source == "bad.txt" for d in docs):
            raise ValueError("broken model input")
        return real(docs, **kw)

    monkeypatch.setattr(mod, "classify", classify)
    monkeypatch.setattr(mod, "classify_documents", batch)
    failed = []
    out = mod.classify_or_keep([good, bad], lambda doc, exc: failed.append((doc.source, str(exc))))
    assert failed == [("bad.txt", "broken model input")]
    assert out[0].findings[0].polarity is not None
    assert "care_leavers" in [t.theme for t in out[0].findings[0].themes]
    assert out[1] is bad and out[1].findings[0].polarity is None
