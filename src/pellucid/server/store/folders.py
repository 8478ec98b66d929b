"""Folders, team folders, app folders, shortcuts, and trash/restore of whole subtrees."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import permissions
from . import tables as t
from .db import now_ms

FOLDER = "folder"
TEAM = "team"


def get(conn: Connection, folder_id: int) -> Row | None:
    """The folder, None when there is none."""
    return conn.execute(sa.select(t.folders).where(t.folders.c.id == folder_id)).first()


def create(
    conn: Connection, *, account_id: int, owner_id: int | None, name: str, parent_id: int | None,
    folder_type: str = FOLDER, app_client_id: int | None = None,
) -> Row:
    """A new folder (or team folder, or a client's app folder)."""
    folder_id = conn.execute(
        sa.insert(t.folders).values(
            account_id=account_id, owner_id=owner_id, type=folder_type, name=name,
            parent_id=parent_id, app_client_id=app_client_id, created=now_ms(),
        ).returning(t.folders.c.id)
    ).scalar_one()
    return get(conn, folder_id)


def app_folder(conn: Connection, user_id: int, client_id: int) -> Row | None:
    """The client's app folder for this user, None until it is made."""
    f = t.folders
    return conn.execute(
        sa.select(f).where(f.c.owner_id == user_id, f.c.app_client_id == client_id).order_by(f.c.id)
    ).first()


def ensure_app_folder(conn: Connection, *, user_id: int, account_id: int, client_id: int, name: str) -> Row:
    """The client's app-specific folder in the user's My Documents, made on first use."""
    return app_folder(conn, user_id, client_id) or create(
        conn, account_id=account_id, owner_id=user_id, name=name, parent_id=None, app_client_id=client_id,
    )


def update(conn: Connection, folder_id: int, **values) -> Row:
    """Change the folder's columns."""
    conn.execute(sa.update(t.folders).where(t.folders.c.id == folder_id).values(**values))
    return get(conn, folder_id)


def subtree(folder_id: int) -> sa.CTE:
    """The folder and every folder below it."""
    f = t.folders
    tree = sa.select(f.c.id).where(f.c.id == folder_id).cte("subtree", recursive=True)
    return tree.union_all(sa.select(f.c.id).where(f.c.parent_id == tree.c.id))


def is_inside(conn: Connection, folder_id: int, ancestor_id: int) -> bool:
    """Whether the folder is `ancestor_id` or lies somewhere inside it."""
    return any(row.id == ancestor_id for row in permissions.folder_chain(conn, folder_id))


def trash(conn: Connection, folder: Row) -> None:
    """Trash the folder and everything in it not already trashed, marked as one operation."""
    if folder.trashed is not None:
        return
    tree = subtree(folder.id)
    marks = {"trashed": now_ms(), "trash_root": folder.id}
    f, d = t.folders, t.documents
    conn.execute(sa.update(f).where(f.c.id.in_(sa.select(tree.c.id)), f.c.trashed.is_(None)).values(**marks))
    conn.execute(sa.update(d).where(d.c.parent_id.in_(sa.select(tree.c.id)), d.c.trashed.is_(None)).values(**marks))


def restore(conn: Connection, folder: Row) -> None:
    """Undo the trash operation that took this folder, for it and its subtree; items trashed
    on their own before it stay in the trash."""
    if folder.trashed is None:
        return
    tree = subtree(folder.id)
    root = folder.trash_root
    marks = {"trashed": None, "trash_root": None}
    f, d = t.folders, t.documents
    conn.execute(sa.update(f).where(f.c.id.in_(sa.select(tree.c.id)), f.c.trash_root == root).values(**marks))
    conn.execute(sa.update(d).where(d.c.parent_id.in_(sa.select(tree.c.id)), d.c.trash_root == root).values(**marks))
    conn.execute(sa.update(f).where(f.c.id == folder.id).values(**marks))


def children(conn: Connection, folder_id: int) -> tuple[list[Row], list[Row], list[Row]]:
    """Untrashed sub-folders, documents and shortcuts (with their targets) of a folder."""
    f, d, s = t.folders, t.documents, t.shortcuts
    sub = conn.execute(
        sa.select(f).where(f.c.parent_id == folder_id, f.c.trashed.is_(None)).order_by(f.c.name, f.c.id)
    ).all()
    docs = conn.execute(
        sa.select(d).where(d.c.parent_id == folder_id, d.c.trashed.is_(None)).order_by(d.c.title, d.c.id)
    ).all()
    target = f.alias("target")
    links = conn.execute(
        sa.select(
            s.c.document_id, s.c.target_folder_id,
            sa.func.coalesce(d.c.title, target.c.name).label("name"), d.c.product,
        )
        .select_from(s.outerjoin(d, d.c.id == s.c.document_id).outerjoin(target, target.c.id == s.c.target_folder_id))
        .where(s.c.folder_id == folder_id, d.c.trashed.is_(None), target.c.trashed.is_(None))
        .order_by(s.c.id)
    ).all()
    return list(sub), list(docs), list(links)


def root_children(conn: Connection, user_id: int) -> tuple[list[Row], list[Row]]:
    """What the user owns in "My Documents"."""
    f, d = t.folders, t.documents
    sub = conn.execute(
        sa.select(f).where(f.c.owner_id == user_id, f.c.parent_id.is_(None), f.c.type == FOLDER,
                           f.c.trashed.is_(None)).order_by(f.c.name, f.c.id)
    ).all()
    docs = conn.execute(
        sa.select(d).where(d.c.owner_id == user_id, d.c.parent_id.is_(None), d.c.trashed.is_(None))
        .order_by(d.c.title, d.c.id)
    ).all()
    return list(sub), list(docs)


def shared_with(conn: Connection, user_id: int) -> tuple[list[Row], list[Row]]:
    """The tops of what others share with the user: the folders they reach but do not own, and
    whose parent they do not reach (team folders among them); and the documents shared with
    them directly. Untrashed, by name."""
    f, d, s = t.folders, t.documents, t.document_user_shares
    reachable = permissions.reachable_folders(user_id)
    tops = conn.execute(
        sa.select(f).where(
            f.c.id.in_(sa.select(reachable.c.id)), f.c.owner_id.is_distinct_from(user_id), f.c.trashed.is_(None),
            sa.or_(f.c.parent_id.is_(None), f.c.parent_id.not_in(sa.select(reachable.c.id))),
        ).order_by(f.c.name, f.c.id)
    ).all()
    docs = conn.execute(
        sa.select(d).join(s, s.c.document_id == d.c.id)
        .where(s.c.user_id == user_id, d.c.owner_id != user_id, d.c.trashed.is_(None))
        .order_by(d.c.title, d.c.id)
    ).all()
    return list(tops), list(docs)


def search(conn: Connection, user_id: int, folder_type: str | None) -> list[Row]:
    """Untrashed folders the user can view, oldest first."""
    f = t.folders
    reachable = permissions.reachable_folders(user_id)
    query = sa.select(f).where(f.c.id.in_(sa.select(reachable.c.id)), f.c.trashed.is_(None))
    if folder_type is not None:
        query = query.where(f.c.type == folder_type)
    return list(conn.execute(query.order_by(f.c.created, f.c.id)).all())


def add_shortcut(conn: Connection, folder_id: int, *, document_id: str | None = None,
                 target_folder_id: int | None = None) -> int:
    """A shortcut in the folder to a document or another folder; its id."""
    return conn.execute(
        sa.insert(t.shortcuts).values(
            folder_id=folder_id, document_id=document_id, target_folder_id=target_folder_id, created=now_ms(),
        ).returning(t.shortcuts.c.id)
    ).scalar_one()


def transfer(conn: Connection, from_user: int, to_user: int) -> None:
    """Hand every folder the user owns to another user; app folders become plain folders so
    the new owner never ends up with two app folders for one client."""
    f, s = t.folders, t.folder_user_shares
    owned = sa.select(f.c.id).where(f.c.owner_id == from_user)
    conn.execute(sa.delete(s).where(s.c.user_id == to_user, s.c.folder_id.in_(owned)))
    conn.execute(sa.update(f).where(f.c.owner_id == from_user).values(owner_id=to_user, app_client_id=None))
