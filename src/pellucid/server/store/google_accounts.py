"""Linked Google accounts (encrypted tokens) and pending link requests (digests)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from .db import now_ms
from .tables.adapters import google_credentials as creds
from .tables.adapters import google_link_requests as links


def credentials(conn: Connection, user_id: int) -> Row | None:
    return conn.execute(sa.select(creds).where(creds.c.user_id == user_id)).first()


def save_credentials(conn: Connection, user_id: int, *, access_token: bytes, access_expires: int,
                     refresh_token: bytes | None, scope: str | None) -> None:
    """Store a token response; a response without a refresh token (or scope) keeps the stored one."""
    now = now_ms()
    current = credentials(conn, user_id)
    values = {"access_token": access_token, "access_expires": access_expires, "updated": now}
    if refresh_token is not None:
        values["refresh_token"] = refresh_token
    if scope is not None:
        values["scope"] = scope
    if current is None:
        conn.execute(sa.insert(creds).values({"scope": "", **values, "user_id": user_id, "created": now}))
    else:
        conn.execute(sa.update(creds).where(creds.c.user_id == user_id).values(**values))


def delete_credentials(conn: Connection, user_id: int) -> bool:
    return conn.execute(sa.delete(creds).where(creds.c.user_id == user_id)).rowcount > 0


def create_link(conn: Connection, state_hash: bytes, user_id: int, verifier: bytes, expires: int) -> None:
    now = now_ms()
    conn.execute(sa.delete(links).where(links.c.expires < now))
    conn.execute(sa.insert(links).values(state_hash=state_hash, user_id=user_id, verifier=verifier,
                                         created=now, expires=expires))


def bind_link(conn: Connection, state_hash: bytes, browser_hash: bytes) -> Row | None:
    """The live request, now bound to this browser; None if unknown, expired or bound to another."""
    row = conn.execute(sa.select(links).where(links.c.state_hash == state_hash, links.c.expires >= now_ms())).first()
    if row is None or (row.browser_hash is not None and row.browser_hash != browser_hash):
        return None
    conn.execute(sa.update(links).where(links.c.state_hash == state_hash).values(browser_hash=browser_hash))
    return row


def take_link(conn: Connection, state_hash: bytes) -> Row | None:
    """Consume a request (once): the row if it was live, None otherwise."""
    row = conn.execute(sa.select(links).where(links.c.state_hash == state_hash)).first()
    if row is None:
        return None
    conn.execute(sa.delete(links).where(links.c.state_hash == state_hash))
    return row if row.expires >= now_ms() else None
