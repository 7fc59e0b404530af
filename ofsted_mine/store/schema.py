"""The store's DuckDB schema, versioned.

Every table is keyed by ``doc_key`` = ``<file sha256>:<document id>``: the
file's bytes say *which file version* the rows came from (so a changed file
replaces exactly its own rows) and the document id says *which document in
it* (a council pack yields several). A reader that opens a database written
with another ``SCHEMA_VERSION`` is refused with :class:`StoreError` rather
than left to misread columns; bump the version on any change to the DDL.

``docs/store.md`` documents every table; keep it in step with this file.
"""

from __future__ import annotations

from ofsted_mine.errors import OfstedMineError

#: Bump on any DDL change; a database of another version is refused.
SCHEMA_VERSION = 1


class StoreError(OfstedMineError):
    """The database is not an ofsted_mine store, or was written by another schema version."""

    reason = "store"


# Child tables (sections ... theme_tags) carry no PRIMARY KEY on purpose: their
# logical key is (doc_key, idx) (recommendations: doc_key, kind, idx; theme_tags:
# doc_key, item_kind, item_idx, theme),
# always written whole by one transaction, and DuckDB index upkeep on every
# insert and delete would cost more than the rest of the write.

#: Tables in creation order (also the order ``Store.tables()`` reports them).
TABLES: dict[str, str] = {
    "meta": """
        CREATE TABLE meta (
            key VARCHAR PRIMARY KEY,
            value VARCHAR NOT NULL
        )""",
    # One row per input path seen. status: ingested | duplicate | failed.
    "files": """
        CREATE TABLE files (
            path VARCHAR PRIMARY KEY,
            sha256 VARCHAR NOT NULL,
            size BIGINT NOT NULL,
            status VARCHAR NOT NULL,
            duplicate_of VARCHAR,
            n_documents INTEGER NOT NULL DEFAULT 0,
            reason VARCHAR,
            version VARCHAR NOT NULL,
            ingested_at TIMESTAMP NOT NULL
        )""",
    "documents": """
        CREATE TABLE documents (
            doc_key VARCHAR PRIMARY KEY,
            sha256 VARCHAR NOT NULL,
            id VARCHAR NOT NULL,
            path VARCHAR NOT NULL,
            source VARCHAR NOT NULL,
            doc_type VARCHAR NOT NULL,
            is_ofsted BOOLEAN NOT NULL,
            title VARCHAR,
            local_authority VARCHAR,
            framework VARCHAR,
            inspection_start DATE,
            inspection_end DATE,
            published DATE,
            meeting_date DATE,
            year INTEGER,
            lead_inspector VARCHAR,
            inspectors VARCHAR[],
            addressee VARCHAR,
            author VARCHAR,
            visit_number INTEGER,
            monitored_judgement VARCHAR,
            areas_covered VARCHAR[],
            parent VARCHAR,
            page_first INTEGER,
            page_last INTEGER,
            n_pages INTEGER,
            detection_confidence DOUBLE,
            warnings VARCHAR[],
            n_judgements INTEGER NOT NULL,
            n_recommendations INTEGER NOT NULL,
            n_findings INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            document_json JSON NOT NULL
        )""",
    "sections": """
        CREATE TABLE sections (
            doc_key VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            title VARCHAR NOT NULL,
            area VARCHAR,
            grade VARCHAR,
            level INTEGER,
            page INTEGER,
            span_start INTEGER,
            span_end INTEGER
        )""",
    "judgements": """
        CREATE TABLE judgements (
            doc_key VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            area VARCHAR NOT NULL,
            grade VARCHAR NOT NULL,
            area_text VARCHAR,
            grade_text VARCHAR,
            source VARCHAR NOT NULL,
            combined VARCHAR[],
            cited_inspection_start DATE,
            cited_inspection_end DATE,
            page INTEGER
        )""",
    "recommendations": """
        CREATE TABLE recommendations (
            doc_key VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            number INTEGER,
            area VARCHAR,
            text VARCHAR NOT NULL,
            source VARCHAR NOT NULL,
            cited_inspection_start DATE,
            cited_inspection_end DATE,
            page INTEGER,
            span_start INTEGER,
            span_end INTEGER,
            polarity VARCHAR,
            polarity_score DOUBLE,
            polarity_evidence VARCHAR[]
        )""",
    "findings": """
        CREATE TABLE findings (
            doc_key VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            number INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            section VARCHAR,
            subheading VARCHAR,
            area VARCHAR,
            page INTEGER,
            span_start INTEGER,
            span_end INTEGER,
            source VARCHAR NOT NULL,
            polarity VARCHAR,
            polarity_score DOUBLE,
            polarity_evidence VARCHAR[]
        )""",
    # item_kind: finding | recommendation | option; item_idx: position in that list.
    "theme_tags": """
        CREATE TABLE theme_tags (
            doc_key VARCHAR NOT NULL,
            item_kind VARCHAR NOT NULL,
            item_idx INTEGER NOT NULL,
            theme VARCHAR NOT NULL,
            score DOUBLE NOT NULL,
            evidence VARCHAR[]
        )""",
    "errors": """
        CREATE TABLE errors (
            path VARCHAR PRIMARY KEY,
            sha256 VARCHAR,
            reason VARCHAR NOT NULL,
            message VARCHAR NOT NULL,
            recorded_at TIMESTAMP NOT NULL
        )""",
    "comparisons": """
        CREATE TABLE comparisons (
            authority VARCHAR PRIMARY KEY,
            doc_keys VARCHAR[] NOT NULL,
            comparison_json JSON NOT NULL,
            computed_at TIMESTAMP NOT NULL
        )""",
    # One row per (earlier item, later item) link; a trace with no link has to_* NULL.
    "comparison_links": """
        CREATE TABLE comparison_links (
            authority VARCHAR NOT NULL,
            item_kind VARCHAR NOT NULL,
            from_inspection VARCHAR NOT NULL,
            from_number INTEGER NOT NULL,
            from_document_id VARCHAR,
            status VARCHAR NOT NULL,
            next_inspection VARCHAR,
            to_inspection VARCHAR,
            to_kind VARCHAR,
            to_number INTEGER,
            score DOUBLE
        )""",
}

#: Tables whose rows belong to one document (deleted together when it is replaced).
DOCUMENT_TABLES: tuple[str, ...] = (
    "theme_tags",
    "findings",
    "recommendations",
    "judgements",
    "sections",
    "documents",
)


def create_all(con) -> None:  # con: duckdb.DuckDBPyConnection
    """Create every table and stamp the schema version, in one transaction."""
    con.begin()
    try:
        for ddl in TABLES.values():
            con.execute(ddl)
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        from ofsted_mine import __version__

        con.execute("INSERT INTO meta VALUES ('created_by', ?)", [f"ofsted_mine {__version__}"])
        con.commit()
    except BaseException:
        con.rollback()
        raise


def check_version(con, path: str) -> None:
    """Create the schema in an empty database; refuse one of another version."""
    existing = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if not existing:
        create_all(con)
        return
    if "meta" not in existing:
        raise StoreError(
            path,
            "not an ofsted_mine store (no meta table); point --db at a new file "
            "or at a database made by `ofsted-mine ingest`",
        )
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    found = row[0] if row else "none"
    if found != str(SCHEMA_VERSION):
        raise StoreError(
            path,
            f"store schema version {found} but this ofsted_mine reads version "
            f"{SCHEMA_VERSION}; re-ingest into a new database file",
        )
    missing = [t for t in TABLES if t not in existing]
    if missing:
        raise StoreError(path, f"store is missing tables {missing}; re-ingest into a new file")
