"""Collaborator grants: users on documents, users on folders, groups on folders.

The three share tables have one shape (item, grantee, role, created), so one set of functions
serves them, named by a `ShareKind`.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import tables as t
from .db import now_ms


@dataclass(frozen=True)
class ShareKind:
    table: sa.Table
    item: str  # column naming the document or folder
    grantee: str  # column naming the user or group

    def _where(self, item_id, grantee_id):
        c = self.table.c
        return sa.and_(c[self.item] == item_id, c[self.grantee] == grantee_id)


DOCUMENT_USERS = ShareKind(t.document_user_shares, "document_id", "user_id")
FOLDER_USERS = ShareKind(t.folder_user_shares, "folder_id", "user_id")
FOLDER_GROUPS = ShareKind(t.folder_group_shares, "folder_id", "group_id")


def get(conn: Connection, kind: ShareKind, item_id, grantee_id: int) -> Row | None:
    """One grantee's share of an item, None when it has none."""
    return conn.execute(sa.select(kind.table).where(kind._where(item_id, grantee_id))).first()


def list_for(conn: Connection, kind: ShareKind, item_id) -> list[Row]:
    """Every share of an item, in grantee order."""
    c = kind.table.c
    return list(conn.execute(
        sa.select(kind.table).where(c[kind.item] == item_id).order_by(c.created, c[kind.grantee])
    ).all())


def put(conn: Connection, kind: ShareKind, item_id, grantee_id: int, role: str) -> tuple[Row, bool]:
    """Create or update a grant; the row and whether it is new."""
    if get(conn, kind, item_id, grantee_id) is not None:
        conn.execute(sa.update(kind.table).where(kind._where(item_id, grantee_id)).values(role=role))
        return get(conn, kind, item_id, grantee_id), False
    conn.execute(sa.insert(kind.table).values({kind.item: item_id, kind.grantee: grantee_id,
                                               "role": role, "created": now_ms()}))
    return get(conn, kind, item_id, grantee_id), True


def delete(conn: Connection, kind: ShareKind, item_id, grantee_id: int) -> None:
    """Remove one grantee's share of an item."""
    conn.execute(sa.delete(kind.table).where(kind._where(item_id, grantee_id)))

