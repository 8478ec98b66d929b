"""Collaborators: users on documents, users on folders, groups on folders.

The three families differ only in what they share (document or folder), with whom (user or
group) and the scopes they take, so each is a `Family` and one set of functions serves all.
Owners show up as role `owner` and cannot be changed or removed; role `owner` in a PUT is a 400.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy.engine import Connection

from ..auth.policies import REST
from ..auth.principal import Principal
from ..http import validation
from ..http.errors import bad_request, forbidden, not_found
from ..http.request import Request
from ..http.responses import Response, json_response
from ..http.routing import OpenApi, RouteTable
from ..store import accounts, collaborators, groups
from . import access, roles
from .pagination import QUERY_DOC, offset_page, page_request, page_response
from .resources import collaborator_resource
from .scope_branches import route_scopes

routes = RouteTable(REST, tags=("Collaborators",))

DOC_READ = route_scopes("content.share.collaborator:readonly", "app.picker.share.collaborator:readonly", "app.folder")
DOC_WRITE = route_scopes("content.share.collaborator", "app.picker.share.collaborator", "app.folder")
FOLDER_READ = ("folder:readonly",)
FOLDER_WRITE = ("folder",)


@dataclass(frozen=True)
class Item:
    id: object
    owner_id: int | None
    created: int
    account_id: int


@dataclass(frozen=True)
class Family:
    kind: collaborators.ShareKind
    item_field: str
    grantee_field: str
    parse_item: Callable[[str], object]
    open_item: Callable[[Connection, Principal, object, str], Item]  # 403 when the caller may not
    grantee_exists: Callable[[Connection, Item, int], bool]
    users: bool  # grantees are users (owners appear among them)

    def resource(self, item: Item, grantee_id: int, role: str, created: int) -> dict:
        """A collaborator as the API shows it for this kind of item and grantee."""
        return collaborator_resource(self.item_field, item.id, self.grantee_field, grantee_id, role, created)


def _open_document(accepted_read: tuple, accepted_write: tuple):
    def open_item(conn: Connection, principal: Principal, item_id: str, need: str) -> Item:
        accepted = accepted_read if need == roles.VIEW else accepted_write
        document = access.document_access(conn, principal, item_id, accepted, need).document
        return Item(document.id, document.owner_id, document.created, document.account_id)
    return open_item


def _open_folder(conn: Connection, principal: Principal, item_id: int, need: str) -> Item:
    folder = access.folder_access(conn, principal, item_id, need).folder
    return Item(folder.id, folder.owner_id, folder.created, folder.account_id)


def _user_exists(conn: Connection, item: Item, user_id: int) -> bool:
    return accounts.get_user(conn, user_id) is not None


def _group_on_account(conn: Connection, item: Item, group_id: int) -> bool:
    group = groups.get(conn, group_id)
    return group is not None and group.account_id == item.account_id


DOCUMENT_USERS = Family(collaborators.DOCUMENT_USERS, "documentId", "userId",
                        lambda raw: validation.uuid_text(raw, "id"), _open_document(DOC_READ, DOC_WRITE),
                        _user_exists, users=True)
FOLDER_USERS = Family(collaborators.FOLDER_USERS, "folderId", "userId",
                      lambda raw: validation.number_id(raw, "id"), _open_folder, _user_exists, users=True)
FOLDER_GROUPS = Family(collaborators.FOLDER_GROUPS, "folderId", "groupId",
                       lambda raw: validation.number_id(raw, "id"), _open_folder, _group_on_account, users=False)


def _get(family: Family, request: Request, raw_id: str, raw_grantee: str) -> dict:
    item_id = family.parse_item(raw_id)
    grantee_id = validation.number_id(raw_grantee, family.grantee_field)
    with request.ctx.store.read() as conn:
        item = family.open_item(conn, request.principal, item_id, roles.VIEW)
        if family.users and grantee_id == item.owner_id:
            return family.resource(item, grantee_id, roles.OWNER, item.created)
        grant = collaborators.get(conn, family.kind, item.id, grantee_id)
    if grant is None:
        raise not_found(f"{family.grantee_field} {grantee_id} has no direct collaborator access here")
    return family.resource(item, grantee_id, grant.role, grant.created)


def _list(family: Family, request: Request, raw_id: str) -> Response:
    item_id = family.parse_item(raw_id)
    page = page_request(request.query)
    with request.ctx.store.read() as conn:
        item = family.open_item(conn, request.principal, item_id, roles.VIEW)
        grants = collaborators.list_for(conn, family.kind, item.id)
    items = [family.resource(item, item.owner_id, roles.OWNER, item.created)] if family.users and item.owner_id else []
    items += [family.resource(item, g._mapping[family.kind.grantee], g.role, g.created) for g in grants]
    chunk, following = offset_page(items, page)
    return page_response(request, chunk, following, page.size)


def _role(request: Request) -> str:
    role = validation.body(request).get("role")
    if role == roles.OWNER:
        raise bad_request("Collaborators cannot be given the role owner")
    if role not in roles.GRANTABLE:
        raise bad_request(f"role must be one of: {', '.join(roles.GRANTABLE)}; got {role!r}")
    return role


def _put(family: Family, request: Request, raw_id: str, raw_grantee: str) -> Response:
    item_id = family.parse_item(raw_id)
    grantee_id = validation.number_id(raw_grantee, family.grantee_field)
    role = _role(request)
    with request.ctx.store.write() as conn:
        item = family.open_item(conn, request.principal, item_id, roles.EDIT_AND_SHARE)
        _refuse_owner(family, item, grantee_id, "changed")
        if not family.grantee_exists(conn, item, grantee_id):
            if family.users:
                raise not_found(f"No user {grantee_id}")
            raise forbidden(f"No group {grantee_id} on this folder's account")
        grant, created = collaborators.put(conn, family.kind, item.id, grantee_id, role)
    return json_response(family.resource(item, grantee_id, grant.role, grant.created), status=201 if created else 200)


def _delete(family: Family, request: Request, raw_id: str, raw_grantee: str) -> None:
    item_id = family.parse_item(raw_id)
    grantee_id = validation.number_id(raw_grantee, family.grantee_field)
    with request.ctx.store.write() as conn:
        item = family.open_item(conn, request.principal, item_id, roles.EDIT_AND_SHARE)
        _refuse_owner(family, item, grantee_id, "revoked")
        collaborators.delete(conn, family.kind, item.id, grantee_id)
    return None


def _refuse_owner(family: Family, item: Item, grantee_id: int, verb: str) -> None:
    if family.users and grantee_id == item.owner_id:
        raise forbidden(f"The owner's access cannot be {verb} through the Collaborator APIs")


_DOC = "/documents/{id}/shares/users"
_FOLDER_USERS = "/folders/{id}/shares/users"
_FOLDER_GROUPS = "/folders/{id}/shares/groups"


@routes.get(_DOC + "/{userId}", summary="Get Document User Collaborator", scopes=DOC_READ,
            openapi=OpenApi(response="DocumentUserCollaborator"))
def get_document_user(request: Request, id: str, userId: str) -> dict:
    """404 unless the user has direct access; the owner shows as role `owner`."""
    return _get(DOCUMENT_USERS, request, id, userId)


@routes.get(_DOC, summary="List Document User Collaborators", scopes=DOC_READ,
            openapi=OpenApi(response="DocumentUserCollaboratorList", query=QUERY_DOC))
def list_document_users(request: Request, id: str) -> Response:
    """The owner first, as role `owner`, then the direct grants; viewing is enough."""
    return _list(DOCUMENT_USERS, request, id)


@routes.put(_DOC + "/{userId}", summary="Create/Update Document User Collaborator", scopes=DOC_WRITE,
            openapi=OpenApi(body="RoleBody", response="DocumentUserCollaborator"))
def put_document_user(request: Request, id: str, userId: str) -> Response:
    """201 for a new grant, 200 for a changed role; the owner's access is refused with 403."""
    return _put(DOCUMENT_USERS, request, id, userId)


@routes.delete(_DOC + "/{userId}", summary="Delete Document User Collaborator", scopes=DOC_WRITE,
               status=204)
def delete_document_user(request: Request, id: str, userId: str) -> None:
    """Needs edit-and-share; revoking the owner is refused with 403."""
    return _delete(DOCUMENT_USERS, request, id, userId)


@routes.get(_FOLDER_USERS + "/{userId}", summary="Get Folder User Collaborator", scopes=FOLDER_READ,
            openapi=OpenApi(response="FolderUserCollaborator"))
def get_folder_user(request: Request, id: str, userId: str) -> dict:
    """404 unless the user has direct access; the owner shows as role `owner`."""
    return _get(FOLDER_USERS, request, id, userId)


@routes.get(_FOLDER_USERS, summary="List Folder User Collaborators", scopes=FOLDER_READ,
            openapi=OpenApi(response="FolderUserCollaboratorList", query=QUERY_DOC))
def list_folder_users(request: Request, id: str) -> Response:
    """The owner first, as role `owner`, then the direct grants; viewing is enough."""
    return _list(FOLDER_USERS, request, id)


@routes.put(_FOLDER_USERS + "/{userId}", summary="Create/Update Folder User Collaborator", scopes=FOLDER_WRITE,
            openapi=OpenApi(body="RoleBody", response="FolderUserCollaborator"))
def put_folder_user(request: Request, id: str, userId: str) -> Response:
    """201 for a new grant, 200 for a changed role; the owner's access is refused with 403."""
    return _put(FOLDER_USERS, request, id, userId)


@routes.delete(_FOLDER_USERS + "/{userId}", summary="Delete Folder User Collaborator", scopes=FOLDER_WRITE,
               status=204)
def delete_folder_user(request: Request, id: str, userId: str) -> None:
    """Needs edit-and-share; revoking the owner is refused with 403."""
    return _delete(FOLDER_USERS, request, id, userId)


@routes.get(_FOLDER_GROUPS + "/{groupId}", summary="Get Folder Group Collaborator", scopes=FOLDER_READ,
            openapi=OpenApi(response="FolderGroupCollaborator"))
def get_folder_group(request: Request, id: str, groupId: str) -> dict:
    """404 unless the group has a direct grant on the folder."""
    return _get(FOLDER_GROUPS, request, id, groupId)


@routes.get(_FOLDER_GROUPS, summary="List Folder Group Collaborators", scopes=FOLDER_READ,
            openapi=OpenApi(response="FolderGroupCollaboratorList", query=QUERY_DOC))
def list_folder_groups(request: Request, id: str) -> Response:
    """The groups with direct grants on the folder; viewing is enough."""
    return _list(FOLDER_GROUPS, request, id)


@routes.put(_FOLDER_GROUPS + "/{groupId}", summary="Create/Update Folder Group Collaborator", scopes=FOLDER_WRITE,
            openapi=OpenApi(body="RoleBody", response="FolderGroupCollaborator"))
def put_folder_group(request: Request, id: str, groupId: str) -> Response:
    """201 for a new grant, 200 for a changed role; a group of another account is a 403."""
    return _put(FOLDER_GROUPS, request, id, groupId)


@routes.delete(_FOLDER_GROUPS + "/{groupId}", summary="Delete Folder Group Collaborator", scopes=FOLDER_WRITE,
               status=204)
def delete_folder_group(request: Request, id: str, groupId: str) -> None:
    """Needs edit-and-share on the folder."""
    return _delete(FOLDER_GROUPS, request, id, groupId)
