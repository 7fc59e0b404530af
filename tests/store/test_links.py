"""Comparisons in the store: same answer as om.compare, stored as links, recomputed when stale."""

from __future__ import annotations

import shutil

import pytest

import ofsted_mine as om
from ofsted_mine.batch import ingest
from ofsted_mine.store import Store, StoreError
from tests.conftest import PACK_2019, REPORT_2024, REVIEW_2017

FILES = [REPORT_2024, PACK_2019, REVIEW_2017]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("links") / "s.duckdb"
    report = ingest(FILES, path, jobs=1, classify=False, compare=True, progress=False)
    assert report.ingested == 3 and report.comparisons == ["Kirklees"]
    return path


def test_store_compare_equals_compare_on_extracted_documents(db):
    docs = [d for f in FILES for d in om.extract(f)]
    expected = om.compare(docs, authority="Kirklees")
    with Store(db, read_only=True) as store:
        got = store.compare("kirklees council")  # any spelling of the authority
    assert got.to_dict() == expected.to_dict()
    assert got.local_authority == "Kirklees"
    assert [i.key for i in got.inspections if i.graded][-2:] == ["2019", "2024"]


def test_links_table_mirrors_the_traces(db):
    with Store(db, read_only=True) as store:
        cmp = store.compare("Kirklees")
        links = store.sql("SELECT * FROM comparison_links WHERE authority = 'Kirklees'")
    traces = cmp.findings + cmp.recommendations
    # one row per link, or one row for a trace that matched nothing
    assert len(links) == sum(max(1, len(t.to)) for t in traces) + len(cmp.new)
    recs = links[links["item_kind"] == "recommendation"]
    assert set(recs["status"]) == {t.status for t in cmp.recommendations}
    persisted = recs[recs["status"] == "persisted"]
    assert persisted["to_inspection"].notna().all() and persisted["score"].between(0, 1).all()


def test_stale_comparison_is_recomputed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(REPORT_2024, src / "2024.txt")
    db = tmp_path / "s.duckdb"
    ingest(src, db, jobs=1, classify=False, progress=False)
    with Store(db) as store:
        first = store.sql("SELECT doc_keys FROM comparisons").iloc[0]["doc_keys"]
        assert len(first) == 1
    shutil.copy(PACK_2019, src / "pack.txt")
    report = ingest(src, db, jobs=1, classify=False, progress=False)
    assert report.comparisons == ["Kirklees"]
    with Store(db) as store:
        keys = list(store.sql("SELECT doc_keys FROM comparisons").iloc[0]["doc_keys"])
        assert len(keys) == store.sql(
            "SELECT count(*) AS n FROM documents WHERE local_authority = 'Kirklees'").iloc[0]["n"]
        assert "2019" in store.compare("Kirklees").graded_keys()


def test_unknown_authority_names_the_known_ones(db):
    with Store(db, read_only=True) as store, pytest.raises(StoreError, match="stored: Kirklees"):
        store.compare("Atlantis")
