"""Bindings: a data connector used on a document, the data source it writes, and the state
the reserved actions need (refresh lock, last poll, webhook reply)."""

from __future__ import annotations

from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from ..store import keyed_items as keys
from ..store import tables as t
from ..store.db import now_ms
from ..store.tables import connectors as tc

b = tc.connector_bindings


def ensure(conn: Connection, connector_id: int, document_id: str, user_id: int) -> Row:
    """The binding of a connector to a document, made on first use; `user_id` becomes the
    user whose credential the background actions use."""
    row = conn.execute(sa.select(b).where(b.c.connector_id == connector_id, b.c.document_id == document_id)).first()
    if row is None:
        conn.execute(sa.insert(b).values(connector_id=connector_id, document_id=document_id, user_id=user_id,
                                         created=now_ms()))
    elif row.user_id != user_id:
        conn.execute(sa.update(b).where(b.c.id == row.id).values(user_id=user_id))
    return conn.execute(sa.select(b).where(b.c.connector_id == connector_id, b.c.document_id == document_id)).one()


def get(conn: Connection, binding_id: int) -> Row:
    """The binding row; it must exist (callers hold its id from a grant or claim)."""
    return conn.execute(sa.select(b).where(b.c.id == binding_id)).one()


def find(conn: Connection, connector_id: int, document_id: str) -> Row | None:
    """The binding of a connector to a document, or None before the first import."""
    return conn.execute(sa.select(b).where(b.c.connector_id == connector_id, b.c.document_id == document_id)).first()


def update(conn: Connection, binding_id: int, **values: Any) -> None:
    """Set columns of one binding."""
    conn.execute(sa.update(b).where(b.c.id == binding_id).values(**values))


def loads(text: str | None, default: Any = None) -> Any:
    """A JSON column's value; `default` for NULL."""
    return default if text is None else orjson.loads(text)


def dumps(value: Any) -> str:
    """A value as text for a JSON column."""
    return orjson.dumps(value).decode()


def collections(conn: Connection, binding_id: int) -> list[Row]:
    """The binding's collections: connector id, Data Service collection row columns, schema."""
    cc, c = tc.connector_collections, t.collections
    return conn.execute(
        sa.select(cc.c.connector_collection_id, cc.c.schema, c)
        .join(c, c.c.id == cc.c.collection_id)
        .where(cc.c.binding_id == binding_id).order_by(c.c.id)
    ).all()


def document_collections(conn: Connection, binding: Row) -> dict[str, list[str]]:
    """The envelope's documentCollections: every collection, with its item keys only when the
    connector asked for CurrentItemUpdates (for the other filter types the list is not full)."""
    full = binding.update_filter_type == "CurrentItemUpdates"
    return {row.connector_collection_id: sorted(keys.all_keys(conn, row.id)) if full else []
            for row in collections(conn, binding.id)}


def lock(conn: Connection, binding_id: int, deadline: int) -> None:
    """Import/HardRefresh in flight: its collections show syncStarted and refuse item listing."""
    update(conn, binding_id, refresh_deadline=deadline)
    ids = sa.select(tc.connector_collections.c.collection_id).where(tc.connector_collections.c.binding_id == binding_id)
    conn.execute(sa.update(t.collections).where(t.collections.c.id.in_(ids)).values(sync_started=now_ms()))


def unlock(conn: Connection, binding_id: int, refreshed: bool) -> None:
    """End a refresh: release the lock, and stamp `last_refresh` only if it succeeded."""
    values: dict[str, Any] = {"refresh_deadline": None}
    if refreshed:
        values["last_refresh"] = now_ms()
    update(conn, binding_id, **values)
    ids = sa.select(tc.connector_collections.c.collection_id).where(tc.connector_collections.c.binding_id == binding_id)
    conn.execute(sa.update(t.collections).where(t.collections.c.id.in_(ids)).values(sync_started=None))
