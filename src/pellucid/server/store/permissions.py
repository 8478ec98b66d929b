"""Queries behind access resolution: folder ancestry, a user's grants, and the sets of
folders and documents a user can reach. The rules that combine them live in `rest.roles`.
"""

from __future__ import annotations

from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import tables as t

MAX_DEPTH = 256  # folders nest far less deeply; the bound keeps a corrupted tree finite


def folder_chain(conn: Connection, folder_id: int | None) -> list[Row]:
    """The folder and its ancestors, nearest first (empty for None: the user's root)."""
    if folder_id is None:
        return []
    f = t.folders
    columns = (f.c.id, f.c.parent_id, f.c.owner_id, f.c.type, f.c.app_client_id, f.c.account_id)
    chain = sa.select(*columns, sa.literal(0).label("depth")).where(f.c.id == folder_id).cte("chain", recursive=True)
    chain = chain.union_all(
        sa.select(*columns, (chain.c.depth + 1).label("depth"))
        .where(f.c.id == chain.c.parent_id, chain.c.depth < MAX_DEPTH)
    )
    return list(conn.execute(sa.select(chain).order_by(chain.c.depth)).all())


def folder_grants(conn: Connection, user_id: int, folder_ids: Iterable[int]) -> dict[int, list[str]]:
    """Roles the user holds on each folder, directly or through a group."""
    ids = list(folder_ids)
    if not ids:
        return {}
    u, g, m = t.folder_user_shares, t.folder_group_shares, t.group_members
    rows = conn.execute(
        sa.union_all(
            sa.select(u.c.folder_id, u.c.role).where(u.c.user_id == user_id, u.c.folder_id.in_(ids)),
            sa.select(g.c.folder_id, g.c.role)
            .join(m, m.c.group_id == g.c.group_id)
            .where(m.c.user_id == user_id, g.c.folder_id.in_(ids)),
        )
    ).all()
    grants: dict[int, list[str]] = {}
    for folder_id, role in rows:
        grants.setdefault(folder_id, []).append(role)
    return grants


def document_grant(conn: Connection, user_id: int, document_id: str) -> str | None:
    """The user's direct role on the document, None without a share."""
    s = t.document_user_shares
    return conn.execute(
        sa.select(s.c.role).where(s.c.document_id == document_id, s.c.user_id == user_id)
    ).scalar()


def is_picked(conn: Connection, client_id: int, user_id: int, document_id: str) -> bool:
    """Whether the user picked the document for the client (document.app.picker scopes)."""
    p = t.picked_documents
    return conn.execute(
        sa.select(sa.literal(1)).where(
            p.c.client_id == client_id, p.c.user_id == user_id, p.c.document_id == document_id,
        )
    ).first() is not None


def reachable_folders(user_id: int) -> sa.CTE:
    """Every folder the user can reach: owned or shared (directly or via a group), and below."""
    f, u, g, m = t.folders, t.folder_user_shares, t.folder_group_shares, t.group_members
    seeds = sa.select(f.c.id).where(sa.or_(
        f.c.owner_id == user_id,
        f.c.id.in_(sa.select(u.c.folder_id).where(u.c.user_id == user_id)),
        f.c.id.in_(sa.select(g.c.folder_id).join(m, m.c.group_id == g.c.group_id).where(m.c.user_id == user_id)),
    )).cte("reachable", recursive=True)
    return seeds.union(sa.select(f.c.id).where(f.c.parent_id == seeds.c.id))


def reachable_documents(user_id: int) -> sa.Select:
    """Ids (text) of every document the user can at least view."""
    d, s = t.documents, t.document_user_shares
    folders = reachable_folders(user_id)
    return sa.union(
        sa.select(d.c.id.label("id")).where(d.c.owner_id == user_id),
        sa.select(s.c.document_id).where(s.c.user_id == user_id),
        sa.select(d.c.id).where(d.c.parent_id.in_(sa.select(folders.c.id))),
    )
