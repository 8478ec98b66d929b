"""Item keys of collections a data connector writes.

A connector names items by their formatted primary key (`"a1"`, `"John","Smith",7`). Such a
collection's item table gets an `item_key` column with a unique index, so an upsert, rekey or
delete by key is an index lookup. Items made through the Data Service API get their key from
their primary key values; rows without one (NULL) are allowed any number of times.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from sqlalchemy.engine import Connection

from .fast import execute_raw, executemany_raw, placeholder
from .items import table_name

CHUNK = 500  # keys per IN (...) lookup


def add_key_column(conn: Connection, collection_id: int) -> None:
    """Add the connector's item key column (and its index) to the item table."""
    name = table_name(collection_id)
    conn.exec_driver_sql(f'ALTER TABLE "{name}" ADD COLUMN item_key TEXT')
    conn.exec_driver_sql(f'CREATE UNIQUE INDEX "ux_{name}_item_key" ON "{name}" (item_key)')


def _chunks(values: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def seqs_of(conn: Connection, collection_id: int, keys: Sequence[str]) -> dict[str, int]:
    """Item id by key, for the keys that exist."""
    found: dict[str, int] = {}
    p = placeholder(conn)
    name = table_name(collection_id)
    for chunk in _chunks(list(keys)):
        sql = f'SELECT item_key, seq FROM "{name}" WHERE item_key IN ({", ".join([p] * len(chunk))})'
        found.update(execute_raw(conn, sql, tuple(chunk)).fetchall())
    return found


def all_keys(conn: Connection, collection_id: int) -> dict[str, int]:
    """Every keyed item: id by key."""
    sql = f'SELECT item_key, seq FROM "{table_name(collection_id)}" WHERE item_key IS NOT NULL'
    return dict(execute_raw(conn, sql).fetchall())


def keys_of(conn: Connection, collection_id: int, seqs: Sequence[int]) -> dict[int, str]:
    """Key by item id, for the items that have one."""
    found: dict[int, str] = {}
    p = placeholder(conn)
    name = table_name(collection_id)
    for chunk in _chunks(list(seqs)):
        sql = f'SELECT seq, item_key FROM "{name}" WHERE item_key IS NOT NULL AND seq IN ({", ".join([p] * len(chunk))})'
        found.update(execute_raw(conn, sql, tuple(chunk)).fetchall())
    return found


def set_keys(conn: Connection, collection_id: int, keyed: Sequence[tuple[int, str]]) -> None:
    """Give items (seq, key) their keys."""
    if keyed:
        p = placeholder(conn)
        sql = f'UPDATE "{table_name(collection_id)}" SET item_key = {p} WHERE seq = {p}'
        executemany_raw(conn, sql, [(key, seq) for seq, key in keyed])
