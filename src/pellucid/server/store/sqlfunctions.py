"""SQL functions the filter translation relies on, registered per backend.

SQLite: registered on every new connection (`register_sqlite`). PostgreSQL: created by a
migration from `POSTGRES_DDL`. Both must implement the same semantics as `dataservice.values`.
"""

from __future__ import annotations

POSTGRES_DDL: list[str] = []


def register_sqlite(dbapi_conn) -> None:
    """Register the deterministic helper functions on a raw sqlite3 connection."""
    return None
