"""The store's schema: created once, stamped with a version, refused when foreign."""

from __future__ import annotations

import duckdb
import pytest

from ofsted_mine import OfstedMineError
from ofsted_mine.store import SCHEMA_VERSION, Store, StoreError
from ofsted_mine.store.schema import TABLES


def test_new_store_has_every_table_and_its_version(tmp_path):
    db = tmp_path / "corpus.duckdb"
    with Store(db) as store:
        names = {r[0] for r in store.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert names == set(TABLES)
        assert {"documents", "sections", "judgements", "recommendations", "findings",
                "theme_tags", "comparison_links", "errors"} <= names
        version = store.con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        assert version == (str(SCHEMA_VERSION),)
    with Store(db) as again:  # reopening does not recreate or duplicate the stamp
        assert again.counts()["meta"] == 2


def test_store_of_another_version_is_refused_with_a_clear_message(tmp_path):
    db = tmp_path / "old.duckdb"
    Store(db).close()
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError) as err:
        Store(db)
    message = str(err.value)
    assert "schema version 0" in message and f"reads version {SCHEMA_VERSION}" in message
    assert str(db) in message
    assert isinstance(err.value, OfstedMineError) and err.value.reason == "store"
    with pytest.raises(StoreError, match="schema version 0"):
        Store(db, read_only=True)


def test_a_duckdb_file_that_is_not_a_store_is_refused(tmp_path):
    db = tmp_path / "other.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE sales (id INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not an ofsted_mine store"):
        Store(db)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("these are my notes, not a database\n" * 20)
    with pytest.raises(StoreError, match="cannot open as a DuckDB database"):
        Store(bogus)


def test_read_only_needs_an_existing_file(tmp_path):
    with pytest.raises(StoreError, match="no such database file"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    assert not (tmp_path / "missing.duckdb").exists()


def test_missing_folders_are_created_and_memory_works(tmp_path):
    with Store(tmp_path / "a" / "b" / "corpus.duckdb") as store:
        assert store.counts()["documents"] == 0
    assert (tmp_path / "a" / "b" / "corpus.duckdb").exists()
    with Store(":memory:") as store:
        assert store.counts()["meta"] == 2
