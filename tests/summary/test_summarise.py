"""The summary on hand-made documents: facts, lead sentences, citations, files written.

The comparison here is written by hand (tests/summary/handmade.py) so each
assertion checks the summary alone; ``test_summarise_runs_the_comparator``
checks the whole path through the real comparator.
"""

from __future__ import annotations

import re

import pytest

from ofsted_mine.summarise import Summaries, Summary, summarise, summarise_comparison
from tests.summary.handmade import LA, comparison, documents


@pytest.fixture(scope="module")
def html_summary() -> Summary:
    return summarise_comparison(
        comparison(), documents(), theme=["permanence", "missing", "management_oversight", "uasc"]
    )


def theme(summary: Summary, theme_id: str):
    return next(t for t in summary.facts.themes if t.theme == theme_id)


def test_lead_counts_persistence_and_resolution(html_summary):
    lead = theme(html_summary, "permanence").lead
    assert lead[0] == (
        "In 2023, inspectors reported 1 strength and 2 weaknesses on permanence, "
        "against 1 strength and 2 weaknesses in 2019."
    )
    assert ("1 of 2 weaknesses on permanence raised in 2019 was still reported in 2023; "
            "1 was reported as resolved.") in lead
    assert "1 weakness reported in 2023 was new: no earlier finding was on the same ground." in lead
    assert "The 2019 improvement item on this theme was still an issue in 2023." in lead
    assert "The 2023 report lists 1 improvement item on this theme." in lead


def test_lead_for_regressed_strength_and_resolved_weaknesses(html_summary):
    missing = theme(html_summary, "missing").lead
    assert ("The one strength on children missing from home, care or education noted in 2019 "
            "had become a weakness by 2023.") in missing
    oversight = theme(html_summary, "management_oversight").lead
    assert ("None of the 2 weaknesses on management oversight raised in 2019 were still reported "
            "in 2023; 2 were reported as resolved.") in oversight


def test_theme_without_findings_says_so(html_summary):
    uasc = theme(html_summary, "uasc")
    assert not uasc.has_findings
    assert uasc.lead == [
        "No findings on unaccompanied asylum-seeking children were reported in the inspections "
        "covered (2019, 2020 and 2023)."
    ]
    section = re.search(r'<section class="theme empty" id="theme-uasc".*?</section>', html_summary.text, re.S)
    assert section and "No findings on unaccompanied asylum-seeking children" in section.group(0)


def test_counts_per_inspection_include_the_visit(html_summary):
    counts = {c.key: (c.strengths, c.weaknesses, c.mixed) for c in theme(html_summary, "permanence").counts}
    assert counts == {"2019": (1, 2, 0), "2020": (0, 0, 1), "2023": (1, 2, 0)}


def test_quotes_from_both_inspections_with_citations(html_summary):
    persisted = theme(html_summary, "permanence").by_status("persisted")
    assert len(persisted) == 1
    tr = persisted[0]
    assert tr.earlier.cite == "2019 report, para 12"
    assert tr.earlier.text.startswith("Too many children wait too long for permanence.")
    assert [q.cite for q in tr.later] == ["2023 report, para 30"]
    assert tr.interim[0].cite == "monitoring visit letter, 1 July 2020, para 1"
    html = html_summary.text
    for cite in ("2019 report, para 12", "2023 report, para 30", "monitoring visit letter, 1 July 2020, para 1",
                 "2019 report, what needs to improve, item 1"):
        assert cite in html


def test_recommendations_with_status(html_summary):
    recs = theme(html_summary, "permanence").recommendations
    assert [(r.key, r.status) for r in recs] == [("2019", "persisted"), ("2023", "current")]
    assert recs[0].cite == "2019 report, what needs to improve, item 1"
    assert [q.cite for q in recs[0].interim] == ["monitoring visit letter, 1 July 2020, para 1"]
    assert "<strong>In between:</strong> “Permanence tracking has improved" in html_summary.text


def test_header_timeline_and_grade_changes(html_summary):
    f = html_summary.facts
    assert f.authority == LA
    assert [i.key for i in f.inspections] == ["2019", "2020", "2023"]
    assert f.inspections[0].label == "ILACS inspection, 4 to 15 March 2019"
    assert f.inspections[1].label == "Monitoring visit, 2 to 3 June 2020"
    overall = f.timeline[0]
    assert [(c.key, c.grade, c.change, c.steps) for c in overall.cells] == [
        ("2019", "inadequate", None, 0), ("2023", "good", "improved", 2)]
    assert "▲ up 2" in html_summary.text
    assert [s.name for s in f.sources] == ["northby_2019_ilacs.pdf", "northby_2020_mv.pdf", "northby_2023_ilacs.pdf"]


def test_html_is_self_contained_and_accessible(html_summary):
    html = html_summary.text
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in html
    assert "<script" not in html and "<link" not in html and "@import" not in html
    # the only URLs are the SVG namespace declarations
    urls = set(re.findall(r"https?://[^\s\"')]+", html))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert html.count("<svg") == 1 and 'role="img"' in html
    assert re.search(r'<title id="[^"]*chart-title">Northby: judgement timeline</title>', html)
    assert "Overall effectiveness: inadequate (2019), good (2023)." in html  # text alternative
    for table in re.findall(r"<table.*?</table>", html, re.S):
        assert "<th scope=\"col\"" in table and "<caption>" in table
    assert html.count("<h1>") == 1
    assert "@media print" in html and "size: A4" in html


def test_markdown_has_png_chart_and_same_facts():
    md = summarise_comparison(comparison(), documents(), theme="permanence", format="md",
                              png_name="paper.timeline.png")
    assert md.chart_png is not None and md.chart_png.startswith(b"\x89PNG")
    assert "](paper.timeline.png)" in md.text
    assert "| Overall effectiveness | Inadequate | Good ▲2 |" in md.text
    assert "(2019 report, para 12)" in md.text
    assert "1 of 2 weaknesses on permanence raised in 2019 was still reported in 2023" in md.text


def test_write_creates_folders_and_needs_force(tmp_path):
    docs = documents()
    out = tmp_path / "new" / "deeper" / "paper.md"
    s = summarise(docs, theme="permanence", format="md", out=out)
    assert isinstance(s, Summary)
    png = tmp_path / "new" / "deeper" / "paper.timeline.png"
    assert out.exists() and png.exists()
    assert "](paper.timeline.png)" in out.read_text()
    before = out.read_text()
    with pytest.raises(FileExistsError, match="use force"):
        summarise(docs, theme="missing", format="md", out=out)
    assert out.read_text() == before
    summarise(docs, theme="missing", format="md", out=out, force=True)
    assert "## Children missing from home, care or education" in out.read_text()


def test_summarise_runs_the_comparator():
    s = summarise(documents(), theme=["permanence", "uasc"])
    assert isinstance(s, Summary) and s.format == "html"
    assert s.comparison.local_authority == LA
    assert [t.theme for t in s.facts.themes] == ["permanence", "uasc"]
    assert 'id="theme-permanence"' in s.text and 'id="theme-uasc"' in s.text
    # the comparator traced the 2019 permanence weaknesses; each is quoted with its citation
    perm = theme(s, "permanence")
    weak = [t for t in perm.traces if t.from_polarity == "weakness"]
    assert {t.earlier.cite for t in weak} == {"2019 report, para 12", "2019 report, para 14"}


def test_several_authorities_give_one_summary_each(tmp_path):
    docs = documents()
    other = [d.model_copy(update={"local_authority": "Southdale Council", "id": d.id[:-1] + "x",
                                  "source": d.source.replace("northby", "southdale")}) for d in docs]
    result = summarise(docs + other, theme="permanence", out=tmp_path / "paper.html")
    assert isinstance(result, Summaries) and [s.authority for s in result] == ["Northby", "Southdale"]
    assert (tmp_path / "paper-northby.html").exists() and (tmp_path / "paper-southdale.html").exists()
    assert not (tmp_path / "paper.html").exists()
    one = summarise(docs + other, theme="permanence", authority="Southdale")
    assert isinstance(one, Summary) and one.authority == "Southdale"
    with pytest.raises(ValueError, match="authorities found"):
        summarise(docs, authority="Nowhere")


def test_default_themes_are_those_with_findings():
    s = summarise_comparison(comparison(), documents())
    assert s.themes == ["permanence", "missing", "management_oversight"]


def test_unknown_theme_and_format_are_rejected():
    with pytest.raises(ValueError, match="valid themes: permanence"):
        summarise(documents(), theme="permanance")
    with pytest.raises(ValueError, match="format"):
        summarise(documents(), format="pdf")  # type: ignore[arg-type]


def test_unclassified_documents_say_there_is_nothing_by_theme():
    bare = [d.model_copy(update={"findings": [f.model_copy(update={"themes": []}) for f in d.findings],
                                 "recommendations": []}) for d in documents()]
    cmp = comparison().model_copy(update={"findings": [], "recommendations": [], "new": []})
    s = summarise_comparison(cmp, bare)
    assert s.themes == []
    assert "No finding in these documents carries a theme" in s.text
    assert s.facts.timeline and "<svg" in s.text  # the timeline is still there


def test_public_functions_stay_callable_after_their_subpackages_are_imported():
    import ofsted_mine as om
    import ofsted_mine.classify.features  # noqa: F401 - imports shadow om.classify with the package
    import ofsted_mine.compare.models  # noqa: F401
    import ofsted_mine.summarise.facts  # noqa: F401

    docs = documents()
    assert om.compare(docs).local_authority == LA
    assert om.summarise(docs, theme="permanence").authority == LA
    assert om.classify(docs[0]).findings[0].polarity is not None


def test_notebook_fragment_is_scoped(html_summary):
    fragment = html_summary._repr_html_()
    assert fragment.startswith("<style>") and '<main class="om-summary"' in fragment
    assert "<!DOCTYPE" not in fragment and "<body" not in fragment
    css = fragment.split("</style>")[0]
    rules = [r.split("{")[0].strip() for r in css.split("}") if "{" in r]
    selectors = [r for r in rules if not r.startswith(("@", "/*")) and r]
    assert selectors and all(".om-summary" in sel for sel in selectors), selectors


def test_at_a_glance_overview(html_summary):
    f = html_summary.facts
    assert (f.latest, f.previous) == ("2023", "2019")
    perm = theme(html_summary, "permanence").glance("2023")
    assert (perm.strengths, perm.weaknesses, perm.earlier_weaknesses, perm.persisted, perm.resolved,
            perm.regressed, perm.open_items) == (1, 2, 2, 1, 1, 0, 2)
    missing = theme(html_summary, "missing").glance("2023")
    assert (missing.regressed, missing.earlier_weaknesses) == (1, 0)
    assert '<a href="#theme-permanence">Permanence</a></th><td class="num">1</td><td class="num">2</td>' \
           '<td class="num">1 of 2</td>' in html_summary.text
    md = summarise_comparison(comparison(), documents(), theme="permanence", format="md").text
    assert "| Permanence | 1 | 2 | 1 of 2 | 1 | 0 | 2 |" in md
