"""Data set grants and data source grants: the same shape over two tables."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import tables as t

PERMISSION_TYPES = ("account", "document", "user")
ROLES = ("edit", "view")

_OWNER = {t.data_set_grants: "data_set_id", t.source_grants: "data_source_id"}


class LastGrant(Exception):
    """The last grant of a data set or data source cannot be deleted."""


def create(conn: Connection, table: sa.Table, owner_id: int, permission_type: str, identifier: str, role: str) -> Row:
    grant_id = conn.execute(
        sa.insert(table).values(
            {_OWNER[table]: owner_id, "permission_type": permission_type, "identifier": identifier, "role": role}
        ).returning(table.c.id)
    ).scalar_one()
    return get(conn, table, grant_id)


def get(conn: Connection, table: sa.Table, grant_id: int) -> Row | None:
    return conn.execute(sa.select(table).where(table.c.id == grant_id)).first()


def list_for(conn: Connection, table: sa.Table, owner_id: int) -> list[Row]:
    owner = table.c[_OWNER[table]]
    return conn.execute(sa.select(table).where(owner == owner_id).order_by(table.c.id)).all()


def delete(conn: Connection, table: sa.Table, grant: Row) -> None:
    owner = table.c[_OWNER[table]]
    owner_id = getattr(grant, _OWNER[table])
    remaining = conn.execute(sa.select(sa.func.count()).select_from(table).where(owner == owner_id)).scalar_one()
    if remaining <= 1:
        raise LastGrant()
    conn.execute(sa.delete(table).where(table.c.id == grant.id))
