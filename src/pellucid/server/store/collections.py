"""Collections (top-level and metadata) with their schema, properties and item table."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import fields, grants, items, properties
from . import tables as t
from .db import now_ms

INHERITS_SCHEMA_CHANGES = "InheritsSchemaChanges"


def create(
    conn: Connection, *, data_source_id: int, name: str, schema: list[dict[str, Any]],
    props: dict[str, Any], parent_id: int | None = None, metadata_type: str | None = None,
) -> Row:
    """A collection with its fields (dicts with name, fieldType, order, default, isPrimary, label)."""
    now = now_ms()
    collection_id = conn.execute(
        sa.insert(t.collections).values(
            data_source_id=data_source_id, parent_id=parent_id, name=name, metadata_type=metadata_type,
            created=now, last_modified=now, last_sync=now, version_timestamp=now,
        ).returning(t.collections.c.id)
    ).scalar_one()
    field_ids = [
        fields.create(
            conn, collection_id, name=spec["name"], field_type=spec["fieldType"], order=spec["order"],
            is_primary=spec.get("isPrimary", False), default=spec.get("default"), label=spec.get("label"),
            table_exists=False,
        ).id
        for spec in schema
    ]
    items.create_table(conn, collection_id, field_ids)
    properties.upsert(conn, t.collection_properties, collection_id, props)
    if parent_id is not None:
        touch(conn, parent_id)
    return get(conn, collection_id)


def get(conn: Connection, collection_id: int) -> Row | None:
    return conn.execute(sa.select(t.collections).where(t.collections.c.id == collection_id)).first()


def get_for_update(conn: Connection, collection_id: int) -> Row | None:
    """The row, locked against concurrent writers on PostgreSQL (SQLite writers are serial)."""
    query = sa.select(t.collections).where(t.collections.c.id == collection_id)
    if conn.dialect.name != "sqlite":
        query = query.with_for_update()
    return conn.execute(query).first()


def visible(grantee: grants.Grantee, data_source_id: int | None) -> sa.Select:
    c = t.collections
    query = (
        sa.select(c).join(t.data_sources, t.data_sources.c.id == c.c.data_source_id)
        .where(c.c.parent_id.is_(None), grants.visible_data_sources(grantee))
    )
    if data_source_id is not None:
        query = query.where(c.c.data_source_id == data_source_id)
    return query


def count(conn: Connection, grantee: grants.Grantee, data_source_id: int | None = None) -> int:
    query = visible(grantee, data_source_id).subquery()
    return conn.execute(sa.select(sa.func.count()).select_from(query)).scalar_one()


def page(conn: Connection, grantee: grants.Grantee, offset: int, limit: int, data_source_id: int | None = None) -> list[Row]:
    query = visible(grantee, data_source_id).order_by(t.collections.c.id).offset(offset).limit(limit)
    return conn.execute(query).all()


def children(conn: Connection, collection_id: int) -> list[Row]:
    c = t.collections.c
    return conn.execute(sa.select(t.collections).where(c.parent_id == collection_id).order_by(c.id)).all()


def of_source(conn: Connection, data_source_id: int, *, top_level: bool = True) -> list[Row]:
    c = t.collections.c
    query = sa.select(t.collections).where(c.data_source_id == data_source_id)
    if top_level:
        query = query.where(c.parent_id.is_(None))
    return conn.execute(query.order_by(c.id)).all()


def update(conn: Connection, collection_id: int, *, name: str | None, data_source_id: int | None) -> Row:
    values: dict[str, Any] = {"last_modified": now_ms()}
    if name is not None:
        values["name"] = name
    if data_source_id is not None:
        values["data_source_id"] = data_source_id
    conn.execute(sa.update(t.collections).where(t.collections.c.id == collection_id).values(**values))
    if data_source_id is not None:  # metadata collections travel with their parent
        conn.execute(
            sa.update(t.collections).where(t.collections.c.parent_id == collection_id).values(data_source_id=data_source_id)
        )
    touch(conn, collection_id)
    return get(conn, collection_id)


def touch(conn: Connection, collection_id: int) -> None:
    """Record a change: versionTimestamp moves forward, and a metadata collection moves its parent's too."""
    c = t.collections.c
    now = now_ms()
    row = conn.execute(
        sa.update(t.collections).where(c.id == collection_id)
        .values(
            version_timestamp=sa.case((c.version_timestamp >= now, c.version_timestamp + 1), else_=now),
            last_modified=now,
        )
        .returning(c.parent_id)
    ).first()
    if row is not None and row.parent_id is not None:
        touch(conn, row.parent_id)


def set_sync_started(conn: Connection, collection_id: int, started: int | None) -> None:
    conn.execute(sa.update(t.collections).where(t.collections.c.id == collection_id).values(sync_started=started))


def delete(conn: Connection, collection_id: int) -> None:
    """The collection, its metadata collections, schemas, properties and items."""
    for child in children(conn, collection_id):
        delete(conn, child.id)
    items.drop_table(conn, collection_id)
    conn.execute(sa.delete(t.collections).where(t.collections.c.id == collection_id))


def inheriting_children(conn: Connection, collection_id: int) -> list[Row]:
    """Metadata collections whose InheritsSchemaChanges property is the string "true"."""
    return [
        child for child in children(conn, collection_id)
        if properties.get_one(conn, t.collection_properties, child.id, INHERITS_SCHEMA_CHANGES) == "true"
    ]
