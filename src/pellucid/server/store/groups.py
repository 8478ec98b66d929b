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


def of_account(conn: Connection, account_id: int) -> list[tuple[Row, list[Row]]]:
    """The account's groups by name, each with its members (users, by name)."""
    g, m, u = t.groups.c, t.group_members.c, t.users.c
    found = conn.execute(sa.select(t.groups).where(g.account_id == account_id).order_by(g.name, g.id)).all()
    members: dict[int, list[Row]] = {row.id: [] for row in found}
    rows = conn.execute(
        sa.select(m.group_id, u.id, u.first_name, u.last_name, u.email)
        .select_from(t.group_members.join(t.users, u.id == m.user_id))
        .where(m.group_id.in_(sa.select(g.id).where(g.account_id == account_id)))
        .order_by(u.last_name, u.first_name, u.id)
    ).all()
    for row in rows:
        members[row.group_id].append(row)
    return [(group, members[group.id]) for group in found]
