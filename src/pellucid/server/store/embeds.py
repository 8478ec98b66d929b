"""Document embeds. A snapshot embed keeps the title and page count of its moment."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import tables as t
from .db import now_ms

LATEST = "latest-version"
SNAPSHOT = "snapshot-version"
VERSIONS = (LATEST, SNAPSHOT)


def _snapshot(version: str, document: Row) -> dict:
    if version == SNAPSHOT:
        return {"snapshot_title": document.title, "snapshot_page_count": document.page_count}
    return {"snapshot_title": None, "snapshot_page_count": None}


def get(conn: Connection, embed_id: str) -> Row | None:
    """The embed, None when there is none."""
    return conn.execute(sa.select(t.embeds).where(t.embeds.c.id == embed_id)).first()


def create(conn: Connection, document: Row, version: str, *, account_id: int, user_id: int | None) -> Row:
    """A new embed of the document for an account, or a user of it."""
    now = now_ms()
    embed_id = str(uuid.uuid4())
    conn.execute(sa.insert(t.embeds).values(
        id=embed_id, document_id=document.id, owner_account_id=account_id, owner_user_id=user_id,
        version=version, created=now, modified=now, **_snapshot(version, document),
    ))
    return get(conn, embed_id)


def change_version(conn: Connection, embed: Row, document: Row, version: str) -> Row:
    """Switching to (or re-taking) a snapshot captures the document as it is now."""
    conn.execute(sa.update(t.embeds).where(t.embeds.c.id == embed.id).values(
        version=version, modified=now_ms(), **_snapshot(version, document),
    ))
    return get(conn, embed.id)


def delete(conn: Connection, embed: Row) -> None:
    """Remove the embed."""
    conn.execute(sa.delete(t.embeds).where(t.embeds.c.id == embed.id))
