"""Who may do what to a document or folder through the REST API: the one place it is decided.

Two questions, both must pass:
1. the user's collaborator role on the item (`roles.resolve` over direct grants, group grants
   and the enclosing folders), or for account tokens, the item being on the token's account;
2. the token's scopes reaching the item through one of the route's accepted scopes
   (`scope_branches`): content, the client's app folder, or the documents picked for it.

A failure of either answers the same 403, so nobody learns whether an item exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from ..auth.principal import Principal
from ..http.errors import forbidden
from ..store import documents, folders, permissions
from . import roles, scope_branches
from .scope_branches import APP_FOLDER, APP_PICKER, CONTENT

DOCUMENT_DENIED = "The app does not have permission to this document, or it has been deleted or does not exist"
FOLDER_DENIED = "The app does not have permission to this folder, or it has been deleted or does not exist"

# What an account token may do to an item on its own account.
ACCOUNT_ROLE = roles.EDIT_AND_SHARE


@dataclass(frozen=True, slots=True)
class DocumentAccess:
    document: Row
    role: str  # effective collaborator role of the caller
    chain: list[Row]  # the enclosing folders, nearest first
    can_edit: bool

    @property
    def in_team_folder(self) -> bool:
        """Whether the document lies in a team folder."""
        return any(folder.type == folders.TEAM for folder in self.chain)


@dataclass(frozen=True, slots=True)
class FolderAccess:
    folder: Row
    role: str
    chain: list[Row]  # the folder itself, then its ancestors


def _user_document_role(conn: Connection, user_id: int, document: Row, chain: list[Row]) -> str | None:
    if document.owner_id == user_id:
        return roles.OWNER
    grants = permissions.folder_grants(conn, user_id, [folder.id for folder in chain])
    inherited = [roles.as_inherited(_folder_own_role(folder, user_id, grants)) for folder in chain]
    return roles.resolve([permissions.document_grant(conn, user_id, document.id)], inherited)


def _user_folder_role(conn: Connection, user_id: int, chain: list[Row]) -> str | None:
    grants = permissions.folder_grants(conn, user_id, [folder.id for folder in chain])
    folder, ancestors = chain[0], chain[1:]
    if folder.owner_id == user_id:
        return roles.OWNER
    inherited = [roles.as_inherited(_folder_own_role(a, user_id, grants)) for a in ancestors]
    return roles.resolve(grants.get(folder.id, []), inherited)


def _folder_own_role(folder: Row, user_id: int, grants: dict[int, list[str]]) -> str | None:
    """The role a user holds on one folder by itself (ownership or its own grants)."""
    if folder.owner_id == user_id:
        return roles.OWNER
    return roles.greatest(grants.get(folder.id, []))


def _reaches(conn: Connection, principal: Principal, branches: set[str], document: Row, chain: list[Row]) -> bool:
    if principal.user_id is None:
        return CONTENT in branches and document.account_id == principal.account_id
    if CONTENT in branches:
        return True
    if APP_FOLDER in branches and in_app_folder(principal, chain):
        return True
    return APP_PICKER in branches and permissions.is_picked(conn, principal.client_id, principal.user_id, document.id)


def _document_role(conn: Connection, principal: Principal, document: Row, chain: list[Row]) -> str | None:
    if principal.user_id is None:
        return ACCOUNT_ROLE if document.account_id == principal.account_id else None
    return _user_document_role(conn, principal.user_id, document, chain)


def _can_edit(conn: Connection, principal: Principal, document: Row, chain: list[Row], role: str | None) -> bool:
    product = document.product
    editable = scope_branches.admitted(principal.scopes, scope_branches.writable(product), product)
    return roles.at_least(role, roles.EDIT) and _reaches(conn, principal, editable, document, chain)


def document_access(
    conn: Connection, principal: Principal, document_id: str, accepted: tuple[str, ...], need: str = roles.VIEW,
) -> DocumentAccess:
    """The caller's access to a document through a route accepting `accepted`, or a 403."""
    document = documents.get(conn, document_id)
    if document is None:
        raise forbidden(DOCUMENT_DENIED)
    chain = permissions.folder_chain(conn, document.parent_id)
    role = _document_role(conn, principal, document, chain)
    branches = scope_branches.admitted(principal.scopes, accepted, document.product)
    if role is None or not _reaches(conn, principal, branches, document, chain):
        raise forbidden(DOCUMENT_DENIED)
    if not roles.at_least(role, need):
        raise forbidden(f"Your role on this document is {role}; this needs {need} or above")
    return DocumentAccess(document, role, chain, _can_edit(conn, principal, document, chain, role))


def person_role(conn: Connection, user_id: int, document: Row) -> str | None:
    """A person's collaborator role on a document, no token involved: what the pages a browser
    opens (an embed viewer, a direct embed) may show them."""
    return _user_document_role(conn, user_id, document, permissions.folder_chain(conn, document.parent_id))


def can_edit(conn: Connection, principal: Principal, document: Row) -> bool:
    """The Document resource's canEdit for a document the caller is known to see (search results)."""
    chain = permissions.folder_chain(conn, document.parent_id)
    return _can_edit(conn, principal, document, chain, _document_role(conn, principal, document, chain))


def in_app_folder(principal: Principal, chain: list[Row]) -> bool:
    """Whether a folder chain passes through the client's app folder for this user."""
    return any(f.app_client_id == principal.client_id and f.owner_id == principal.user_id for f in chain)


def _folder_role(conn: Connection, principal: Principal, chain: list[Row]) -> str | None:
    if not chain:
        return None
    if principal.user_id is None:
        return ACCOUNT_ROLE if chain[0].account_id == principal.account_id else None
    return _user_folder_role(conn, principal.user_id, chain)


def folder_role(conn: Connection, principal: Principal, folder_id: int) -> str | None:
    """The caller's role on a folder, None when they have none (or it does not exist)."""
    return _folder_role(conn, principal, permissions.folder_chain(conn, folder_id))


def folder_access(conn: Connection, principal: Principal, folder_id: int, need: str = roles.VIEW) -> FolderAccess:
    """The caller's access to a folder (folder scopes were checked by the route), or a 403."""
    chain = permissions.folder_chain(conn, folder_id)
    role = _folder_role(conn, principal, chain)
    if role is None:
        raise forbidden(FOLDER_DENIED)
    if not roles.at_least(role, need):
        raise forbidden(f"Your role on this folder is {role}; this needs {need} or above")
    return FolderAccess(folders.get(conn, folder_id), role, chain)


# ------------------------------------------------------------ Data Service document grants

class DocumentGrants:
    """How the Data Service's document grants resolve (`AppContext.documents`): a document grant
    admits anyone with access to the document, capped at view for those who only view it."""

    def role(self, conn: Connection, principal: Principal, document_id: str) -> str | None:
        """The principal's Data Service role through the document, None without access."""
        if principal.user_id is None:
            return None
        document = documents.get(conn, document_id)
        if document is None:
            return None
        chain = permissions.folder_chain(conn, document.parent_id)
        return roles.data_service_role(_user_document_role(conn, principal.user_id, document, chain))

    def ids(self, principal: Principal) -> sa.CompoundSelect | None:
        """The ids of the documents the principal can view, as a subquery."""
        return None if principal.user_id is None else permissions.reachable_documents(principal.user_id)


DOCUMENT_GRANTS = DocumentGrants()
