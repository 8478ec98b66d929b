"""Reading users for the REST API: pages of an account's users and lookups by email."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import tables as t
from .fast import Query

BY_ID = Query(sa.select(t.users).where(t.users.c.id == sa.bindparam("user_id")))


def page(conn: Connection, account_id: int, after: int | None, limit: int) -> list[Row]:
    """Users of the account in id order, after the given id (keyset pagination)."""
    u = t.users
    query = sa.select(u).where(u.c.account_id == account_id)
    if after is not None:
        query = query.where(u.c.id > after)
    return list(conn.execute(query.order_by(u.c.id).limit(limit)).all())


def by_emails(conn: Connection, account_id: int, emails: list[str]) -> list[Row]:
    """Users of the account whose email matches one of `emails`, case-insensitively."""
    u = t.users
    wanted = sorted({email.lower() for email in emails})
    if not wanted:
        return []
    return list(conn.execute(
        sa.select(u).where(u.c.account_id == account_id, u.c.email_lower.in_(wanted)).order_by(u.c.id)
    ).all())


def by_email(conn: Connection, email: str) -> Row | None:
    """The user with this email (any case), None when there is none."""
    return conn.execute(sa.select(t.users).where(t.users.c.email_lower == email.lower())).first()
