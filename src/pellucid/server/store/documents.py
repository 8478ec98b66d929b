"""Documents: metadata rows; their content versions live in `document_contents`."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from ..documents.model import Content
from . import document_contents, permissions
from . import tables as t
from .db import now_ms

BLANK_PAGE_COUNT = 1  # a new blank document has one page
COMPLETE = "COMPLETE"  # the status every document has (seed 002's examples)


def get(conn: Connection, document_id: str) -> Row | None:
    """The document, None when there is none."""
    return conn.execute(sa.select(t.documents).where(t.documents.c.id == document_id)).first()


def create(
    conn: Connection, *, account_id: int, owner_id: int, title: str, product: str,
    parent_id: int | None, bootstrap: dict[str, Any] | None = None, content: Content | None = None,
    document_id: str | None = None, shown: tuple[bytes, bytes] | None = None,
) -> Row:
    """A document at version 1: blank (one empty page, nothing stored), or holding `content`
    (and `shown`, see `document_contents.insert`). `document_id`: an id chosen beforehand (an
    import grants its data to it first)."""
    now = now_ms()
    document_id = document_id or str(uuid.uuid4())
    conn.execute(sa.insert(t.documents).values(
        id=document_id, account_id=account_id, owner_id=owner_id, creator_id=owner_id, title=title,
        product=product, parent_id=parent_id, version=1, status=COMPLETE,
        page_count=BLANK_PAGE_COUNT if content is None else len(content.pages),
        bootstrap=orjson.dumps(bootstrap).decode() if bootstrap is not None else None,
        created=now, last_modified=now, last_modified_user_id=owner_id,
    ))
    if content is not None:
        document_contents.insert(conn, document_id, 1, content, owner_id, shown)
    return get(conn, document_id)


def trash(conn: Connection, document_id: str) -> None:
    """Idempotent: a trashed document keeps its first trash time."""
    d = t.documents
    conn.execute(sa.update(d).where(d.c.id == document_id, d.c.trashed.is_(None)).values(trashed=now_ms()))


def search(
    conn: Connection, user_id: int, *, products: list[str], created_after: int | None,
    created_before: int | None, modified_after: int | None,
) -> list[Row]:
    """Untrashed documents the user can view, oldest first, before any keyword ranking."""
    d = t.documents
    query = sa.select(d).where(
        d.c.id.in_(permissions.reachable_documents(user_id)),
        d.c.product.in_(products),
        d.c.trashed.is_(None),
    )
    if created_after is not None:
        query = query.where(d.c.created >= created_after)
    if created_before is not None:
        query = query.where(d.c.created <= created_before)
    if modified_after is not None:
        query = query.where(d.c.last_modified >= modified_after)
    return list(conn.execute(query.order_by(d.c.created, d.c.id)).all())


def pickable(conn: Connection, user_id: int, *, products: list[str], title_contains: str, limit: int) -> list[Row]:
    """Untrashed documents the user can view in `products`, whose title contains the text (any
    case), most recently modified first: what the document picker lists."""
    d = t.documents
    query = sa.select(d).where(
        d.c.id.in_(permissions.reachable_documents(user_id)), d.c.product.in_(products), d.c.trashed.is_(None),
    )
    if title_contains:
        query = query.where(sa.func.lower(d.c.title).contains(title_contains.lower(), autoescape=True))
    return list(conn.execute(query.order_by(d.c.last_modified.desc(), d.c.id).limit(limit)).all())


def transfer(conn: Connection, from_user: int, to_user: int) -> None:
    """Hand every document the user owns to another user; a collaborator grant the new owner
    held on them is dropped (ownership supersedes it)."""
    d, s = t.documents, t.document_user_shares
    owned = sa.select(d.c.id).where(d.c.owner_id == from_user)
    conn.execute(sa.delete(s).where(s.c.user_id == to_user, s.c.document_id.in_(owned)))
    conn.execute(sa.update(d).where(d.c.owner_id == from_user).values(owner_id=to_user))


def pick(conn: Connection, client_id: int, user_id: int, document_id: str) -> None:
    """Grant a client's picker scopes access to one document of the user (idempotent)."""
    if not permissions.is_picked(conn, client_id, user_id, document_id):
        conn.execute(sa.insert(t.picked_documents).values(client_id=client_id, user_id=user_id, document_id=document_id))


def unpick(conn: Connection, client_id: int, user_id: int, document_id: str) -> bool:
    """Take the client's picker access to the document back; whether there was any."""
    p = t.picked_documents
    return conn.execute(sa.delete(p).where(
        p.c.client_id == client_id, p.c.user_id == user_id, p.c.document_id == document_id,
    )).rowcount > 0


def picked_by(conn: Connection, user_id: int) -> list[Row]:
    """Every document the user picked for an app: client_id (public), client_name, document_id,
    title, product."""
    p, c, d = t.picked_documents, t.oauth_clients, t.documents
    return list(conn.execute(
        sa.select(c.c.client_id, c.c.name.label("client_name"), d.c.id.label("document_id"), d.c.title, d.c.product)
        .join(c, c.c.id == p.c.client_id).join(d, d.c.id == p.c.document_id)
        .where(p.c.user_id == user_id).order_by(c.c.name, c.c.client_id, d.c.title, d.c.id)
    ).all())
