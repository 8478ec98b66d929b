"""Data sources."""

from __future__ import annotations

from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import collections, grants
from . import tables as t
from .db import now_ms


def create(
    conn: Connection, *, name: str, creator_id: int, adapter_type: str = "UNKNOWN",
    pending: bool = False, data_set_id: int | None = None,
    grant: tuple[str, str] | None = None,
) -> Row:
    """A source with its first grant: edit for the creator unless `grant` names another (type, identifier)."""
    now = now_ms()
    source_id = conn.execute(
        sa.insert(t.data_sources).values(
            name=name, creator_id=creator_id, adapter_type=adapter_type, pending=pending,
            data_set_id=data_set_id, created=now, last_modified=now,
        ).returning(t.data_sources.c.id)
    ).scalar_one()
    permission_type, identifier = grant or ("user", str(creator_id))
    grants.create(conn, t.source_grants, source_id, permission_type, identifier, "edit")
    return get(conn, source_id)


def get(conn: Connection, data_source_id: int) -> Row | None:
    return conn.execute(sa.select(t.data_sources).where(t.data_sources.c.id == data_source_id)).first()


def visible(grantee: grants.Grantee, data_set_id: int | None) -> sa.Select:
    d = t.data_sources.c
    # "The Get All Data Sources endpoint will hide data sources where the pending flag is true."
    query = sa.select(t.data_sources).where(d.pending.is_(False), grants.visible_data_sources(grantee))
    if data_set_id is not None:
        query = query.where(d.data_set_id == data_set_id)
    return query


def count(conn: Connection, grantee: grants.Grantee, data_set_id: int | None = None) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(visible(grantee, data_set_id).subquery())).scalar_one()


def page(conn: Connection, grantee: grants.Grantee, offset: int, limit: int, data_set_id: int | None = None) -> list[Row]:
    query = visible(grantee, data_set_id).order_by(t.data_sources.c.id).offset(offset).limit(limit)
    return conn.execute(query).all()


def update(conn: Connection, data_source_id: int, values: dict[str, Any]) -> Row:
    """Columns to change; `link_parameters` as a dict."""
    if "link_parameters" in values:
        values = {**values, "link_parameters": orjson.dumps(values["link_parameters"]).decode()}
    conn.execute(
        sa.update(t.data_sources).where(t.data_sources.c.id == data_source_id)
        .values(**values, last_modified=now_ms())
    )
    return get(conn, data_source_id)


def touch(conn: Connection, data_source_id: int) -> None:
    conn.execute(sa.update(t.data_sources).where(t.data_sources.c.id == data_source_id).values(last_modified=now_ms()))


def delete(conn: Connection, data_source_id: int) -> None:
    """The source and everything in it: collections, schemas, items, grants, link parameters."""
    for collection in collections.of_source(conn, data_source_id):
        collections.delete(conn, collection.id)
    conn.execute(sa.delete(t.data_sources).where(t.data_sources.c.id == data_source_id))


def link_parameters(row: Row) -> dict[str, Any]:
    return orjson.loads(row.link_parameters)
