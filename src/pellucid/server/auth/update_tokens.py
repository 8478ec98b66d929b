"""Data update tokens: what a connector sends as `data-update-token` to write into a document.

Lucid hands one to a connector in each action request (`documentUpdateToken`, the Patch
batches, ManageWebhook's `webhookToken`). Each belongs to one binding (a connector on a
document) and says whether it may create the data source and collections: the document
tokens of Import and HardRefresh may, the source-scoped ones of Poll, Patch and webhooks may
not ("Data connector security"). Stored as sha256 digests, like every credential.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..store.tables import connectors as tc
from ..store.db import now_ms
from ..store.fast import Query
from ..store import credentials

DOCUMENT = "document"  # Import, custom asynchronous actions, HardRefresh: may create
POLL = "poll"
PATCH = "patch"
WEBHOOK = "webhook"
KINDS = (DOCUMENT, POLL, PATCH, WEBHOOK)


@dataclass(frozen=True, slots=True)
class UpdateGrant:
    """The caller behind a data-update-token."""

    binding_id: int
    kind: str
    may_create: bool

    @property
    def rate_key(self) -> str:
        return f"binding:{self.binding_id}"


def issue(conn: Connection, binding_id: int, kind: str, ttl_ms: int | None) -> str:
    """A fresh token; `ttl_ms` None lives until revoked (webhook tokens)."""
    token = secrets.token_urlsafe(40)
    now = now_ms()
    conn.execute(sa.insert(tc.update_tokens).values(
        token_hash=credentials.digest(token), binding_id=binding_id, kind=kind,
        may_create=kind == DOCUMENT, expires=None if ttl_ms is None else now + ttl_ms, created=now,
    ))
    return token


_LOOKUP = Query(
    sa.select(tc.update_tokens.c.binding_id, tc.update_tokens.c.kind, tc.update_tokens.c.may_create,
              tc.update_tokens.c.expires)
    .where(tc.update_tokens.c.token_hash == sa.bindparam("token_hash"))
)


def authenticate(conn: Connection, token: str) -> UpdateGrant | None:
    """The grant of a live token; None for unknown, expired or revoked ones."""
    row = _LOOKUP.first(conn, token_hash=credentials.digest(token))
    if row is None or (row.expires is not None and row.expires <= now_ms()):
        return None
    return UpdateGrant(row.binding_id, row.kind, bool(row.may_create))


def revoke(conn: Connection, binding_id: int, kind: str) -> None:
    u = tc.update_tokens.c
    conn.execute(sa.delete(tc.update_tokens).where(u.binding_id == binding_id, u.kind == kind))


def prune(conn: Connection) -> None:
    """Forget tokens that expired."""
    u = tc.update_tokens.c
    conn.execute(sa.delete(tc.update_tokens).where(u.expires.is_not(None), u.expires <= now_ms()))
