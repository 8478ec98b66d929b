"""Document embeds. A snapshot embed keeps the title, page count and content version of its moment."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import tables as t
from .db import now_ms

LATEST = "latest-version"
SNAPSHOT = "snapshot-version"
VERSIONS = (LATEST, SNAPSHOT)
VIEWER_TYPES = ("rich", "simple")


def _snapshot(version: str, document: Row) -> dict:
    if version == SNAPSHOT:
        return {"snapshot_title": document.title, "snapshot_page_count": document.page_count,
                "snapshot_version": document.version}
    return {"snapshot_title": None, "snapshot_page_count": None, "snapshot_version": None}


def get(conn: Connection, embed_id: str) -> Row | None:
    """The embed, None when there is none."""
    return conn.execute(sa.select(t.embeds).where(t.embeds.c.id == embed_id)).first()


def owned_by(embed: Row, *, user_id: int | None, account_id: int | None) -> bool:
    """Whether the embed belongs to this user, or (user_id None) to this account itself."""
    if user_id is not None:
        return embed.owner_user_id == user_id
    return embed.owner_user_id is None and embed.owner_account_id == account_id


def create(conn: Connection, document: Row, version: str, *, account_id: int, user_id: int | None,
           viewer_type: str | None = None) -> Row:
    """A new embed of the document for an account, or a user of it; `viewer_type` None follows
    the default of each embed session that loads it."""
    now = now_ms()
    embed_id = str(uuid.uuid4())
    conn.execute(sa.insert(t.embeds).values(
        id=embed_id, document_id=document.id, owner_account_id=account_id, owner_user_id=user_id,
        version=version, viewer_type=viewer_type, created=now, modified=now, **_snapshot(version, document),
    ))
    return get(conn, embed_id)


def change_version(conn: Connection, embed: Row, document: Row, version: str) -> Row:
    """Switching to (or re-taking) a snapshot captures the document as it is now."""
    conn.execute(sa.update(t.embeds).where(t.embeds.c.id == embed.id).values(
        version=version, modified=now_ms(), **_snapshot(version, document),
    ))
    return get(conn, embed.id)


def change_viewer_type(conn: Connection, embed: Row, viewer_type: str) -> Row:
    """The viewer the embed loads from now on, whatever a session's default."""
    conn.execute(sa.update(t.embeds).where(t.embeds.c.id == embed.id).values(viewer_type=viewer_type, modified=now_ms()))
    return get(conn, embed.id)


def delete(conn: Connection, embed: Row) -> None:
    """Remove the embed."""
    conn.execute(sa.delete(t.embeds).where(t.embeds.c.id == embed.id))
