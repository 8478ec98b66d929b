"""Groups of users on an account; folders can be shared with a group."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import tables as t
from .db import now_ms


def create(conn: Connection, account_id: int, name: str) -> Row:
    """A new group on the account."""
    group_id = conn.execute(
        sa.insert(t.groups).values(account_id=account_id, name=name, created=now_ms()).returning(t.groups.c.id)
    ).scalar_one()
    return get(conn, group_id)


def get(conn: Connection, group_id: int) -> Row | None:
    """The group, None when there is none."""
    return conn.execute(sa.select(t.groups).where(t.groups.c.id == group_id)).first()


def add_member(conn: Connection, group_id: int, user_id: int) -> None:
    """Add the user to the group (again is a no-op)."""
    m = t.group_members
    exists = conn.execute(sa.select(m).where(m.c.group_id == group_id, m.c.user_id == user_id)).first()
    if exists is None:
        conn.execute(sa.insert(m).values(group_id=group_id, user_id=user_id))
