"""Data set grants and data source grants: the same shape over two tables, and the SQL that
says which of them admit a caller."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import tables as t

PERMISSION_TYPES = ("account", "document", "user")
ROLES = ("edit", "view")

_OWNER = {t.data_set_grants: "data_set_id", t.source_grants: "data_source_id"}


@dataclass(frozen=True, slots=True)
class Grantee:
    """Whom a grant can name: a user, their account, and the documents they can view (a subquery
    of document ids as text, or None when document grants admit them nowhere)."""

    user_id: int | None
    account_id: int
    documents: sa.Select | None = None


def admitting(grants: sa.Table, grantee: Grantee) -> sa.ColumnElement[bool]:
    """SQL: a row of `grants` admits the grantee at least for viewing."""
    clauses = [
        sa.and_(grants.c.permission_type == "user", grants.c.identifier == str(grantee.user_id)),
        sa.and_(grants.c.permission_type == "account", grants.c.identifier == str(grantee.account_id)),
    ]
    if grantee.documents is not None:
        clauses.append(sa.and_(grants.c.permission_type == "document", grants.c.identifier.in_(grantee.documents)))
    return sa.or_(*clauses)


def visible_data_sets(grantee: Grantee) -> sa.ColumnElement[bool]:
    """SQL predicate over `data_sets`: the grantee can view the set."""
    g = t.data_set_grants
    return sa.exists(sa.select(1).where(g.c.data_set_id == t.data_sets.c.id, admitting(g, grantee)))


def visible_data_sources(grantee: Grantee) -> sa.ColumnElement[bool]:
    """SQL predicate over `data_sources`: the grantee can view the source, directly or via its set."""
    g = t.source_grants
    s = t.data_set_grants
    return sa.or_(
        sa.exists(sa.select(1).where(g.c.data_source_id == t.data_sources.c.id, admitting(g, grantee))),
        sa.exists(sa.select(1).where(s.c.data_set_id == t.data_sources.c.data_set_id, admitting(s, grantee))),
    )


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
