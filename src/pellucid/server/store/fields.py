"""Schema field definitions of a collection, kept in step with the item table's columns."""

from __future__ import annotations

from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import items
from . import tables as t
from .fast import Query


class DuplicateField(Exception):
    """A collection already has a field of that name."""


_OF_COLLECTION = Query(
    sa.select(t.fields).where(t.fields.c.collection_id == sa.bindparam("collection_id")).order_by(t.fields.c.id)
)


def list_for(conn: Connection, collection_id: int) -> list[Row]:
    """The collection's fields in creation order (a hot path: every item request renders them)."""
    return _OF_COLLECTION.all(conn, collection_id=collection_id)


def get(conn: Connection, collection_id: int, field_id: int) -> Row | None:
    """The field, None when the collection has no such field."""
    f = t.fields.c
    return conn.execute(sa.select(t.fields).where(f.id == field_id, f.collection_id == collection_id)).first()


def by_name(conn: Connection, collection_id: int, name: str) -> Row | None:
    """The collection's field of that name, None when there is none."""
    f = t.fields.c
    return conn.execute(sa.select(t.fields).where(f.collection_id == collection_id, f.name == name)).first()


def _changed(conn: Connection, collection_id: int) -> None:
    """Every change of a field goes through this module and moves the schema version."""
    c = t.collections.c
    conn.execute(sa.update(t.collections).where(c.id == collection_id).values(schema_version=c.schema_version + 1))


def specs(rows: list[Row]) -> list[items.FieldSpec]:
    """What item storage needs to know of these fields."""
    return [items.FieldSpec(row.id, row.name, default_of(row)) for row in rows]


def default_of(row: Row) -> Any:
    """A field row's default value, None when it has none."""
    return None if row.default_value is None else orjson.loads(row.default_value)


def create(
    conn: Connection, collection_id: int, *, name: str, field_type: str, order: int,
    is_primary: bool = False, default: Any = None, label: str | None = None, table_exists: bool = True,
) -> Row:
    """A new field of the collection, with its derived item columns; a name is unique per collection."""
    if by_name(conn, collection_id, name) is not None:
        raise DuplicateField(name)
    field_id = conn.execute(
        sa.insert(t.fields).values(
            collection_id=collection_id, name=name, field_type=field_type, is_primary=is_primary,
            ordinal=order, default_value=None if default is None else orjson.dumps(default).decode(),
            label=label,
        ).returning(t.fields.c.id)
    ).scalar_one()
    if table_exists:
        items.add_field(conn, collection_id, field_id)
    _changed(conn, collection_id)
    return get(conn, collection_id, field_id)


def update(conn: Connection, row: Row, changes: dict[str, Any]) -> Row:
    """Apply API-level changes (name, fieldType, isPrimary, order, default, label)."""
    values: dict[str, Any] = {}
    if "name" in changes and changes["name"] != row.name:
        if by_name(conn, row.collection_id, changes["name"]) is not None:
            raise DuplicateField(changes["name"])
        values["name"] = changes["name"]
    if "fieldType" in changes:
        values["field_type"] = changes["fieldType"]
    if "isPrimary" in changes:
        values["is_primary"] = changes["isPrimary"]
    if "order" in changes:
        values["ordinal"] = changes["order"]
    if "default" in changes:
        values["default_value"] = None if changes["default"] is None else orjson.dumps(changes["default"]).decode()
    if "label" in changes:
        values["label"] = changes["label"]
    if values:
        conn.execute(sa.update(t.fields).where(t.fields.c.id == row.id).values(**values))
        _changed(conn, row.collection_id)
    return get(conn, row.collection_id, row.id)


def delete(conn: Connection, row: Row) -> None:
    """The definition, its columns and every value items held for it."""
    items.drop_field(conn, row.collection_id, row.id)
    conn.execute(sa.delete(t.fields).where(t.fields.c.id == row.id))
    _changed(conn, row.collection_id)


def mark_indexed(conn: Connection, collection_id: int, field_ids: list[int]) -> None:
    """Record that these fields' item columns are indexed."""
    conn.execute(sa.update(t.fields).where(t.fields.c.id.in_(field_ids)).values(indexed=True))
    _changed(conn, collection_id)
