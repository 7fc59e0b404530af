"""The corpus store: extracted, classified documents in an embedded DuckDB file.

``Store(path)`` opens (or creates) a database; ``ofsted_mine.batch.ingest``
fills it in parallel. The schema is in :mod:`ofsted_mine.store.schema` and
documented in ``docs/store.md``.
"""

from __future__ import annotations

from ofsted_mine.store.query import Store
from ofsted_mine.store.schema import SCHEMA_VERSION, StoreError

__all__ = ["Store", "StoreError", "SCHEMA_VERSION"]
