"""Document share links. Each belongs to the OAuth client that made it."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import tables as t
from .db import now_ms


def policy(conn: Connection, account_id: int) -> Row | None:
    """The account's sharing policy, None when it has not set one."""
    return conn.execute(sa.select(t.sharing_policies).where(t.sharing_policies.c.account_id == account_id)).first()


def set_policy(conn: Connection, account_id: int, *, max_link_expiry_days: int | None,
               restrict_links_to_account: bool) -> None:
    """Set the account's sharing policy."""
    values = {"max_link_expiry_days": max_link_expiry_days, "restrict_links_to_account": restrict_links_to_account}
    if policy(conn, account_id) is None:
        conn.execute(sa.insert(t.sharing_policies).values(account_id=account_id, **values))
    else:
        conn.execute(sa.update(t.sharing_policies).where(t.sharing_policies.c.account_id == account_id).values(**values))


def get(conn: Connection, document_id: str, link_id: str, client_id: int) -> Row | None:
    """The link when it is on this document and this client made it; None otherwise."""
    s = t.share_links
    return conn.execute(
        sa.select(s).where(s.c.id == link_id, s.c.document_id == document_id, s.c.client_id == client_id)
    ).first()


def create(conn: Connection, *, document_id: str, client_id: int, created_by: int, role: str,
           security: dict) -> Row:
    """A new share link to the document."""
    now = now_ms()
    link_id = f"inv_{uuid.uuid4()}"
    conn.execute(sa.insert(t.share_links).values(
        id=link_id, document_id=document_id, client_id=client_id, created_by=created_by, role=role,
        created=now, last_modified=now, **security,
    ))
    return conn.execute(sa.select(t.share_links).where(t.share_links.c.id == link_id)).first()


def update(conn: Connection, link: Row, **values) -> Row:
    """Change the link's columns."""
    s = t.share_links
    conn.execute(sa.update(s).where(s.c.id == link.id).values(last_modified=now_ms(), **values))
    return conn.execute(sa.select(s).where(s.c.id == link.id)).first()


def delete(conn: Connection, link: Row) -> None:
    """Remove the link."""
    conn.execute(sa.delete(t.share_links).where(t.share_links.c.id == link.id))
