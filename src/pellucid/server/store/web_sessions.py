"""Browser sessions of the authorization pages, stored server-side by digest."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import credentials
from .db import now_ms
from .tables.oauth import web_sessions

ANONYMOUS_TTL_MS = 3600 * 1000  # long enough to fill in the login form
USER_TTL_MS = 12 * 3600 * 1000  # a working day; then the user logs in again


@dataclass(frozen=True, slots=True)
class WebSession:
    id: str
    user_id: int | None
    csrf: str
    expires: int


def create(conn: Connection, user_id: int | None = None) -> WebSession:
    now = now_ms()
    conn.execute(sa.delete(web_sessions).where(web_sessions.c.expires < now))
    session = WebSession(
        id=credentials.new_session_id(), user_id=user_id, csrf=secrets.token_urlsafe(32),
        expires=now + (USER_TTL_MS if user_id is not None else ANONYMOUS_TTL_MS),
    )
    conn.execute(sa.insert(web_sessions).values(
        id_hash=credentials.digest(session.id), user_id=user_id, csrf=session.csrf,
        created=now, expires=session.expires,
    ))
    return session


def get(conn: Connection, session_id: str) -> WebSession | None:
    row = conn.execute(
        sa.select(web_sessions.c.user_id, web_sessions.c.csrf, web_sessions.c.expires)
        .where(web_sessions.c.id_hash == credentials.digest(session_id), web_sessions.c.expires > now_ms())
    ).first()
    return WebSession(session_id, row.user_id, row.csrf, row.expires) if row else None


def delete(conn: Connection, session_id: str) -> None:
    conn.execute(sa.delete(web_sessions).where(web_sessions.c.id_hash == credentials.digest(session_id)))
