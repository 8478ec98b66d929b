"""Load a resource for the caller, or answer 404 (no such thing) / 403 (not theirs, or view only).

The Data Service reveals existence the way the real one documents it ("If the user is not
authorized to access the specified data source, it will result in a 403: Forbidden").
"""

from __future__ import annotations

from sqlalchemy.engine import Connection, Row

from ..auth import access
from ..auth.access import EDIT, VIEW
from ..http.errors import forbidden, locked, not_found
from ..http.request import Request
from ..store.grants import Grantee
from .links import Links

__all__ = ["EDIT", "VIEW", "grantee", "links", "data_set", "data_source", "collection", "unlocked"]


def links(request: Request) -> Links:
    return Links(request.ctx.base_url)


def grantee(request: Request) -> Grantee:
    """The caller as the store's visibility predicates see them."""
    return access.grantee(request.principal, request.ctx.documents)


def _check(role: str | None, need: str, what: str) -> None:
    if role is None:
        raise forbidden(f"You do not have access to {what}")
    if not access.allows(role, need):
        raise forbidden(f"You have {role} access to {what}; this needs {need} access")


def _load(loader, noun: str, conn: Connection, request: Request, resource_id: int, need: str):
    row, role = loader(conn, request.principal, resource_id, request.ctx.documents)
    if row is None:
        raise not_found(f"{noun.capitalize()} {resource_id} not found")
    _check(role, need, f"{noun} {resource_id}")
    return row


def data_set(conn: Connection, request: Request, data_set_id: int, need: str = VIEW):
    return _load(access.load_data_set, "data set", conn, request, data_set_id, need)


def data_source(conn: Connection, request: Request, data_source_id: int, need: str = VIEW):
    return _load(access.load_data_source, "data source", conn, request, data_source_id, need)


def collection(conn: Connection, request: Request, collection_id: int, need: str = VIEW):
    """A collection, reachable through its data source's grants."""
    return _load(access.load_collection, "collection", conn, request, collection_id, need)


def unlocked(row: Row) -> Row:
    """423 while the collection is being refreshed (seed 001, Get All Data Items)."""
    if row.sync_started is not None:
        raise locked(f"Collection {row.id} is being refreshed; try again when the sync has finished")
    return row
