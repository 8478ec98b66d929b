"""Registered OAuth 2.0 clients. Secrets are kept only as digests."""

from __future__ import annotations

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import credentials
from . import tables as t
from .db import now_ms


def create_client(conn: Connection, name: str, redirect_uris: list[str]) -> tuple[Row, str]:
    """The new client row and its secret, which is shown once and never stored."""
    secret = credentials.new_client_secret()
    public_id = credentials.new_client_id()
    conn.execute(
        sa.insert(t.oauth_clients).values(
            client_id=public_id, secret_hash=credentials.digest(secret), name=name,
            redirect_uris=orjson.dumps(redirect_uris).decode(), created=now_ms(),
        )
    )
    return get_client(conn, public_id), secret


def get_client(conn: Connection, client_id: str) -> Row | None:
    return conn.execute(sa.select(t.oauth_clients).where(t.oauth_clients.c.client_id == client_id)).first()


def get_client_by_pk(conn: Connection, pk: int) -> Row | None:
    return conn.execute(sa.select(t.oauth_clients).where(t.oauth_clients.c.id == pk)).first()


def authenticate_client(conn: Connection, client_id: str, secret: str) -> Row | None:
    """The client when the secret matches (constant-time), else None."""
    client = get_client(conn, client_id)
    if client is None:
        credentials.matches(secret, b"\0" * 32)  # same work either way
        return None
    return client if credentials.matches(secret, client.secret_hash) else None


def redirect_uris(client: Row) -> list[str]:
    return orjson.loads(client.redirect_uris)
