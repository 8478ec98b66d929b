"""Who may read or change a data set or data source: the one place grants are resolved.

A grant admits a user when its permission type matches them: `user` (identifier = user id),
`account` (identifier = the user's account id) or `document` (identifier = a document the user
can access; the grant's role is then capped at the user's role on that document). A data source
inside a data set is also reachable through the set's grants. The strongest admitting grant wins.
"""

from __future__ import annotations

from typing import Callable, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..store import tables as t
from ..store.fast import Query
from ..store.grants import Grantee
from .principal import Principal

VIEW = "view"
EDIT = "edit"
_RANK = {None: 0, VIEW: 1, EDIT: 2}


def stronger(a: str | None, b: str | None) -> str | None:
    """The stronger of two roles (None is no role)."""
    return a if _RANK[a] >= _RANK[b] else b


def weaker(a: str | None, b: str | None) -> str | None:
    """The weaker of two roles (None is no role)."""
    return a if _RANK[a] <= _RANK[b] else b


def allows(role: str | None, needed: str) -> bool:
    """Whether `role` is at least `needed`."""
    return _RANK[role] >= _RANK[needed]


class DocumentResolver(Protocol):
    """How document grants resolve (the app context's `documents`): the principal's role
    ("view"/"edit"/None) on one document, and a subquery of the ids (as text) of the documents
    they can at least view, or None when they can view none."""

    def role(self, conn: Connection, principal: Principal, document_id: str) -> str | None:
        """The principal's role through one document."""

    def ids(self, principal: Principal) -> sa.Select | None:
        """The documents the principal can view, as a subquery of ids."""


class NoDocuments:
    """A server without documents: document grants admit nobody."""

    def role(self, conn: Connection, principal: Principal, document_id: str) -> str | None:
        """No role on any document."""
        return None

    def ids(self, principal: Principal) -> sa.Select | None:
        """No documents to view."""
        return None


NO_DOCUMENTS = NoDocuments()


def _grant_role(conn: Connection, principal: Principal, documents: DocumentResolver, permission_type: str,
                identifier: str, role: str) -> str | None:
    if principal.user_id is None:
        return None
    if permission_type == "user":
        return role if identifier == str(principal.user_id) else None
    if permission_type == "account":
        return role if identifier == str(principal.account_id) else None
    if permission_type == "document":
        return weaker(role, documents.role(conn, principal, identifier))
    return None


def _best(conn: Connection, principal: Principal, documents: DocumentResolver, grants) -> str | None:
    best = None
    for grant in grants:
        best = stronger(best, _grant_role(conn, principal, documents, grant.permission_type, grant.identifier, grant.role))
        if best == EDIT:
            break
    return best


def data_set_role(conn: Connection, principal: Principal, data_set_id: int, documents: DocumentResolver) -> str | None:
    """The principal's role on a data set through its grants."""
    grants = conn.execute(
        sa.select(t.data_set_grants.c.permission_type, t.data_set_grants.c.identifier, t.data_set_grants.c.role)
        .where(t.data_set_grants.c.data_set_id == data_set_id)
    ).all()
    return _best(conn, principal, documents, grants)


def data_source_role(conn: Connection, principal: Principal, data_source_id: int, data_set_id: int | None,
                     documents: DocumentResolver) -> str | None:
    """The principal's role on a data source through its grants or its data set's."""
    grants = conn.execute(
        sa.select(t.source_grants.c.permission_type, t.source_grants.c.identifier, t.source_grants.c.role)
        .where(t.source_grants.c.data_source_id == data_source_id)
    ).all()
    role = _best(conn, principal, documents, grants)
    if role != EDIT and data_set_id is not None:
        role = stronger(role, data_set_role(conn, principal, data_set_id, documents))
    return role


def grantee(principal: Principal, documents: DocumentResolver) -> Grantee:
    """What the store's visibility predicates need of the caller: their user, account and the
    documents they can view."""
    return Grantee(principal.user_id, principal.account_id, documents.ids(principal))


# ------------------------------------------------------------- one-query access checks
#
# Loading a resource and the caller's role on it is the first thing nearly every Data Service
# request does; these statements do it in one round trip for user and account grants, and say
# whether document grants exist (which then take the general path above).

_UID = sa.bindparam("uid", type_=sa.Text)
_AID = sa.bindparam("aid", type_=sa.Text)
_RANKS = {2: EDIT, 1: VIEW}


# A grant's score: its rank (1 view, 2 edit) when it names the user or their account, 10 for a
# document grant (whose rank needs the document's access rules), 0 otherwise.
_DOCUMENT_SCORE = 10


def _best_score(grants: sa.Table, owner: sa.ColumnElement, value: sa.ColumnElement) -> sa.ScalarSelect:
    names_caller = sa.or_(
        sa.and_(grants.c.permission_type == "user", grants.c.identifier == _UID),
        sa.and_(grants.c.permission_type == "account", grants.c.identifier == _AID),
    )
    score = sa.case(
        (grants.c.permission_type == "document", _DOCUMENT_SCORE),
        (names_caller, sa.case((grants.c.role == "edit", 2), else_=1)),
        else_=0,
    )
    return sa.select(sa.func.max(score)).where(owner == value).scalar_subquery()


def _source_scores(source: sa.Table) -> list:
    sg, dg = t.source_grants, t.data_set_grants
    return [
        _best_score(sg, sg.c.data_source_id, source.c.id).label("direct_score"),
        _best_score(dg, dg.c.data_set_id, source.c.data_set_id).label("set_score"),
    ]


def collection_select(*columns: sa.ColumnElement) -> sa.Select:
    """`load_collection`'s statement (parameters `id`, `uid`, `aid`): the caller's grant scores
    beside `columns` (by default the collection's and its data source's data set)."""
    columns = columns or (t.collections, t.data_sources.c.data_set_id.label("source_data_set_id"))
    return (
        sa.select(*columns, *_source_scores(t.data_sources))
        .join(t.data_sources, t.data_sources.c.id == t.collections.c.data_source_id)
        .where(t.collections.c.id == sa.bindparam("id"))
    )


_COLLECTION = Query(collection_select())
_SOURCE = Query(sa.select(t.data_sources, *_source_scores(t.data_sources)).where(t.data_sources.c.id == sa.bindparam("id")))
_SET = Query(
    sa.select(
        t.data_sets,
        _best_score(t.data_set_grants, t.data_set_grants.c.data_set_id, t.data_sets.c.id).label("direct_score"),
        sa.null().label("set_score"),
    ).where(t.data_sets.c.id == sa.bindparam("id"))
)


def caller(principal: Principal) -> dict[str, str]:
    """The parameters of these statements that name the caller."""
    return {"uid": str(principal.user_id), "aid": str(principal.account_id)}


def needs_documents(row) -> bool:
    """Whether document grants bear on a row of these statements (their roles take more queries)."""
    return max(row.direct_score or 0, row.set_score or 0) >= _DOCUMENT_SCORE


def granted_role(row) -> str | None:
    """The role user and account grants give on a row without document grants."""
    return _RANKS.get(max(row.direct_score or 0, row.set_score or 0))


def _load(query: Query, conn: Connection, principal: Principal, resource_id: int, full_role: Callable) -> tuple:
    row = query.first(conn, id=resource_id, **caller(principal))
    if row is None:
        return None, None
    return row, full_role(row) if needs_documents(row) else granted_role(row)


def load_collection(conn: Connection, principal: Principal, collection_id: int, documents: DocumentResolver) -> tuple:
    """(collection row, the principal's role through its data source) or (None, None)."""
    return _load(_COLLECTION, conn, principal, collection_id,
                 lambda row: data_source_role(conn, principal, row.data_source_id, row.source_data_set_id, documents))


def load_data_source(conn: Connection, principal: Principal, data_source_id: int, documents: DocumentResolver) -> tuple:
    """(data source row, the principal's role on it) or (None, None)."""
    return _load(_SOURCE, conn, principal, data_source_id,
                 lambda row: data_source_role(conn, principal, row.id, row.data_set_id, documents))


def load_data_set(conn: Connection, principal: Principal, data_set_id: int, documents: DocumentResolver) -> tuple:
    """(data set row, the principal's role on it) or (None, None)."""
    return _load(_SET, conn, principal, data_set_id, lambda row: data_set_role(conn, principal, row.id, documents))
