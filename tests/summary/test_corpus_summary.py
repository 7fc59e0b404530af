"""The summary of the bundled Kirklees corpus, through the real extract → classify → compare.

Expected facts come from reading the documents: the 2016 SIF inspection
(12 September to 6 October 2016) is known only from the 2017 commissioner's
review; the July 2018 monitoring visit letter is inside the 2018 scrutiny
pack; the 2019 report (10 to 21 June 2019) inside the 2019 pack; the 2024
report (8 to 19 July 2024) stands alone. Permanence weaknesses of 2019
that the 2024 report still raises include paras 15, 20 and 43
(tests/compare/expected_kirklees.json).
"""

from __future__ import annotations

import re
import warnings

import pytest

import ofsted_mine as om
from ofsted_mine.summarise import Summary, summarise_comparison
from tests.conftest import CORPUS, PACK_2018
from tests.summary.browser import find_chromium, render

PERSISTED_PERMANENCE_2019 = {15, 20, 43}


@pytest.fixture(scope="module")
def corpus():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = om.load(CORPUS, progress=False)
    return docs, om.compare(docs)


@pytest.fixture(scope="module")
def summary(corpus) -> Summary:
    docs, cmp = corpus
    return summarise_comparison(cmp, docs)


def test_header_inspections_and_sources(summary):
    f = summary.facts
    assert f.authority == "Kirklees"
    labels = {i.key: i.label for i in f.inspections}
    assert labels["2016"] == "SIF inspection, 12 September to 6 October 2016"
    assert labels["2018"] == "Monitoring visit, 11 to 12 July 2018"
    assert labels["2019"] == "ILACS inspection, 10 to 21 June 2019"
    assert labels["2024"] == "ILACS inspection, 8 to 19 July 2024"
    assert next(i for i in f.inspections if i.key == "2016").cited_only
    assert f.graded_keys == ["2016", "2019", "2024"]
    assert {s.name for s in f.sources} >= {
        "kirklees_2017_commissioner_review.txt", "kirklees_2018-09-10_childrens_scrutiny_panel_pack.txt",
        "kirklees_2019-08-23_childrens_scrutiny_panel_pack.txt", "kirklees_2024_ilacs_inspection_report.txt"}


def test_timeline_2016_2019_2024(summary):
    rows = {r.area: [(c.key, c.grade, c.change) for c in r.cells] for r in summary.facts.timeline}
    for area in ("overall_effectiveness", "help_and_protection", "children_in_care", "leadership"):
        assert rows[area] == [("2016", "inadequate", None), ("2019", "requires_improvement", "improved"),
                              ("2024", "good", "improved")], area
    assert rows["care_leavers"] == [("2016", None, None), ("2019", "requires_improvement", None),
                                    ("2024", "requires_improvement", "unchanged")]
    assert rows["lscb"][0] == ("2016", "inadequate", None) and rows["lscb"][1][1] is None
    care_leavers = next(r for r in summary.facts.timeline if r.area == "care_leavers")
    assert care_leavers.cells[1].combined  # 2019: one grade for children in care and care leavers
    assert ("Overall effectiveness: inadequate (2016), requires improvement (2019), good (2024)."
            in summary.facts.chart_description)


def test_every_theme_with_findings_has_a_section(summary, corpus):
    docs, _ = corpus
    tagged = {t.theme for d in docs if d.is_ofsted for f in d.findings for t in f.themes}
    assert len(tagged) >= 10
    assert set(summary.themes) >= tagged
    for theme in summary.themes:
        assert f'data-theme="{theme}"' in summary.text


def test_persisted_permanence_weakness_is_quoted_and_cited(summary):
    perm = next(t for t in summary.facts.themes if t.theme == "permanence")
    persisted = perm.by_status("persisted")
    cited = {int(re.fullmatch(r"2019 report, para (\d+)", t.earlier.cite).group(1)) for t in persisted}
    assert cited & PERSISTED_PERMANENCE_2019, cited
    for t in persisted:
        assert t.later and all(re.fullmatch(r"2024 report, (para \d+|what needs to improve, item \d+)", q.cite)
                               for q in t.later)
        assert t.earlier.text and t.later[0].text
    lead = " ".join(perm.lead)
    assert re.search(r"(\d+ of \d+|Both|All \d+) weaknesses on permanence raised in 2019 (was|were) still "
                     r"reported in 2024", lead), lead


def test_letter_and_cited_recommendations_are_cited_in_words(summary):
    html = summary.text
    # the 2016 recommendations survive only in the commissioner's review
    assert re.search(r"2016 inspection, recommendation \d+, as quoted in the commissioner&#39;s review "
                     r"\(March 2017\)", html)
    counts = {c.key: c for t in summary.facts.themes for c in t.counts if c.key == "2018"}
    assert counts and counts["2018"].available  # the monitoring visit's findings are counted


def test_theme_asked_for_without_findings_says_so(corpus):
    """Every codebook theme has findings somewhere in the corpus, so take the 2018 pack alone."""
    from ofsted_mine.codebook import theme_ids
    from ofsted_mine.summarise.facts import theme_title
    from ofsted_mine.summarise.leads import phrase

    docs, _ = corpus
    pack = [d for d in docs if d.source.endswith(PACK_2018.name)]
    letter = next(d for d in pack if d.doc_type == "monitoring_visit_letter")
    tagged = {t.theme for f in letter.findings for t in f.themes}
    absent = [t for t in theme_ids() if t not in tagged]
    assert tagged and absent
    s = om.summarise(pack, theme=[absent[0], sorted(tagged)[0]])
    empty, present = s.facts.themes
    assert not empty.has_findings and present.has_findings
    assert empty.lead == [f"No findings on {phrase(theme_title(absent[0]))} were reported in the inspections "
                          "covered (2018)."]
    assert f'<section class="theme empty" id="{empty.anchor}"' in s.text


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="headless Chromium not installed (apt-get install chromium)")
def test_corpus_summary_renders_in_chromium(summary, tmp_path):
    from tests.summary.test_browser import check_rendering

    page = tmp_path / "kirklees.html"
    page.write_text(summary.text, encoding="utf-8")
    rendered = render(find_chromium(), page, tmp_path / "chromium", height=3000)
    check_rendering(rendered, summary.themes, [t.title for t in summary.facts.themes])
