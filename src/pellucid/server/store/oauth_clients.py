"""Registered OAuth 2.0 clients. Secrets are kept only as digests.

Three ways in: the operator's `pellucid admin create-client` (Lucid's developer portal),
dynamic registration (RFC 7591) and Client ID Metadata Documents, whose clients are kept here
under their document's URL, refreshed when the document goes stale.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import credentials
from . import tables as t
from .db import now_ms

PUBLIC = "none"  # token_endpoint_auth_method of clients without a secret


@dataclass(frozen=True)
class ClientSpec:
    """What a client is registered with; `auth_method` "none" makes it a public client."""

    name: str
    redirect_uris: list[str]
    auth_method: str = "client_secret_basic"
    application_type: str = "web"
    registration: str = "admin"
    metadata: dict[str, Any] = field(default_factory=dict)
    document_expires: int | None = None
    embed_domains: list[str] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        """The registration as table columns, lists and maps as JSON text."""
        return {
            "name": self.name, "redirect_uris": orjson.dumps(self.redirect_uris).decode(),
            "auth_method": self.auth_method, "application_type": self.application_type,
            "registration": self.registration, "metadata": orjson.dumps(self.metadata).decode(),
            "document_expires": self.document_expires, "embed_domains": orjson.dumps(self.embed_domains).decode(),
        }


def create_client(conn: Connection, name: str, redirect_uris: list[str]) -> tuple[Row, str]:
    """A confidential client registered by the operator, and its secret (shown once)."""
    return register(conn, ClientSpec(name, redirect_uris))


def register(conn: Connection, spec: ClientSpec, client_id: str | None = None) -> tuple[Row, str | None]:
    """The new client row and its secret (None for public clients, whose digest column holds
    random bytes that no secret hashes to)."""
    public_id = client_id or credentials.new_client_id()
    secret = None if spec.auth_method == PUBLIC else credentials.new_client_secret()
    secret_hash = secrets.token_bytes(32) if secret is None else credentials.digest(secret)
    conn.execute(sa.insert(t.oauth_clients).values(
        client_id=public_id, secret_hash=secret_hash, created=now_ms(), **spec.values()))
    return get_client(conn, public_id), secret


def refresh_document_client(conn: Connection, client_id: str, spec: ClientSpec) -> Row:
    """Create or update the client of a Client ID Metadata Document (its id is the URL)."""
    if get_client(conn, client_id) is None:
        return register(conn, spec, client_id)[0]
    conn.execute(sa.update(t.oauth_clients).where(t.oauth_clients.c.client_id == client_id).values(**spec.values()))
    return get_client(conn, client_id)


def get_client(conn: Connection, client_id: str) -> Row | None:
    """The client with this public client id, None when there is none."""
    return conn.execute(sa.select(t.oauth_clients).where(t.oauth_clients.c.client_id == client_id)).first()


def get_client_by_pk(conn: Connection, pk: int) -> Row | None:
    """The client with this row id, None when there is none."""
    return conn.execute(sa.select(t.oauth_clients).where(t.oauth_clients.c.id == pk)).first()


def is_public(client: Row) -> bool:
    """Whether the client authenticates with no secret (PKCE only)."""
    return client.auth_method == PUBLIC


def authenticate_client(conn: Connection, client_id: str, secret: str | None) -> Row | None:
    """The client when it proves itself: a public client by its id alone (it must send no
    secret), a confidential one by its secret (constant-time). None otherwise."""
    client = get_client(conn, client_id)
    if client is None:
        credentials.matches(secret or "", b"\0" * 32)  # same work either way
        return None
    if is_public(client):
        return client if secret is None else None
    return client if secret is not None and credentials.matches(secret, client.secret_hash) else None


def redirect_uris(client: Row) -> list[str]:
    """The client's registered redirect URIs."""
    return orjson.loads(client.redirect_uris)


def embed_domains(client: Row) -> list[str]:
    """The origins that may frame the client's direct embeds (`/embeds/link`)."""
    return orjson.loads(client.embed_domains)


def metadata(client: Row) -> dict[str, Any]:
    """The client's registration metadata; empty for clients without any."""
    return orjson.loads(client.metadata) if client.metadata else {}
