"""Data sets."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import grants, properties
from . import tables as t
from .db import now_ms


def create(conn: Connection, name: str, creator_id: int, props: dict[str, Any]) -> Row:
    now = now_ms()
    data_set_id = conn.execute(
        sa.insert(t.data_sets).values(name=name, creator_id=creator_id, created=now, modified=now)
        .returning(t.data_sets.c.id)
    ).scalar_one()
    # "creates a new data set and a corresponding new data set grant for the user"
    grants.create(conn, t.data_set_grants, data_set_id, "user", str(creator_id), "edit")
    properties.upsert(conn, t.data_set_properties, data_set_id, props)
    return get(conn, data_set_id)


def get(conn: Connection, data_set_id: int) -> Row | None:
    return conn.execute(sa.select(t.data_sets).where(t.data_sets.c.id == data_set_id)).first()


def visible(grantee: grants.Grantee) -> sa.Select:
    return sa.select(t.data_sets).where(grants.visible_data_sets(grantee))


def count(conn: Connection, grantee: grants.Grantee) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(visible(grantee).subquery())).scalar_one()


def page(conn: Connection, grantee: grants.Grantee, offset: int, limit: int) -> list[Row]:
    return conn.execute(visible(grantee).order_by(t.data_sets.c.id).offset(offset).limit(limit)).all()


def rename(conn: Connection, data_set_id: int, name: str) -> Row:
    conn.execute(sa.update(t.data_sets).where(t.data_sets.c.id == data_set_id).values(name=name, modified=now_ms()))
    return get(conn, data_set_id)


def touch(conn: Connection, data_set_id: int) -> None:
    conn.execute(sa.update(t.data_sets).where(t.data_sets.c.id == data_set_id).values(modified=now_ms()))


def delete(conn: Connection, data_set_id: int) -> None:
    """Its grants and properties go; its data sources stay, outside any set."""
    conn.execute(
        sa.update(t.data_sources).where(t.data_sources.c.data_set_id == data_set_id).values(data_set_id=None)
    )
    conn.execute(sa.delete(t.data_sets).where(t.data_sets.c.id == data_set_id))
