"""Folders: get, create, update and move, trash and restore a whole subtree, search, contents."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from ..auth.policies import REST
from ..auth.principal import Principal
from ..http import validation
from ..http.errors import bad_request, forbidden
from ..http.request import Request
from ..http.responses import Response
from ..http.routing import OpenApi, RouteTable
from ..store import accounts, folders
from . import access, relevance, roles
from .limits import SEARCH
from .pagination import QUERY_DOC, offset_page, page_request, page_response
from .resources import folder_content, folder_resource

routes = RouteTable(REST, tags=("Folders",), scopes=("folder",))

READ = ("folder:readonly",)
MAX_NAME = 255
FOLDER_TYPES = (folders.FOLDER, folders.TEAM)


@routes.get("/folders/{id}", summary="Get Folder", scopes=READ, token_types=("user", "account"),
            openapi=OpenApi(response="Folder"))
def get_folder(request: Request, id: str) -> dict:
    """A folder the caller can view; trashed folders are still visible."""
    folder_id = validation.number_id(id, "id")
    with request.ctx.store.read() as conn:
        return folder_resource(access.folder_access(conn, request.principal, folder_id).folder)


@routes.post("/folders", summary="Create Folder", status=201, openapi=OpenApi(body="CreateFolderBody", response="Folder"))
def create_folder(request: Request) -> dict:
    """A new folder in My Documents or inside a folder the caller may edit."""
    data = validation.body(request)
    name = validation.string(data, "name", required=True, max_length=MAX_NAME)
    folder_type = validation.choice(data, "type", FOLDER_TYPES, required=False)
    if folder_type == folders.TEAM:
        raise bad_request("This endpoint only creates folders of type folder; team folders are made by an admin")
    parent = validation.integer(data, "parent", integral_floats=False, bounds=validation.INT64)
    principal = request.principal
    with request.ctx.store.write() as conn:
        if parent is not None:
            access.folder_access(conn, principal, parent, need=roles.EDIT)
        user = accounts.get_user(conn, principal.user_id)
        folder = folders.create(conn, account_id=user.account_id, owner_id=user.id, name=name, parent_id=parent)
    return folder_resource(folder)


def _may_move_from_or_to(conn: Connection, principal: Principal, parent: int | None, owner_id: int | None) -> bool:
    """Moving needs editandshare on both parents; "My Documents" is only its owner's to use."""
    if parent is None:
        return owner_id == principal.user_id
    return roles.at_least(access.folder_role(conn, principal, parent), roles.EDIT_AND_SHARE)


@routes.patch("/folders/{id}", summary="Update Folder", openapi=OpenApi(body="UpdateFolderBody", response="Folder"))
def update_folder(request: Request, id: str) -> dict:
    """Rename a folder and/or move it (parent: a folder id, or null for My Documents)."""
    folder_id = validation.number_id(id, "id")
    data = validation.body(request)
    name = validation.string(data, "name", max_length=MAX_NAME, required=False)
    moving = "parent" in data
    parent = validation.integer(data, "parent", integral_floats=False, bounds=validation.INT64)
    principal = request.principal
    with request.ctx.store.write() as conn:
        grant = access.folder_access(conn, principal, folder_id, need=roles.EDIT)
        folder = grant.folder
        changes: dict = {}
        if moving:
            if folder.type == folders.TEAM:
                raise bad_request("A team folder cannot be moved: parent cannot be provided for team folders")
            if parent is not None and folders.is_inside(conn, parent, folder.id):
                raise bad_request("A folder cannot be moved into itself or one of its sub-folders")
            if parent != folder.parent_id:
                if not (_may_move_from_or_to(conn, principal, folder.parent_id, folder.owner_id)
                        and _may_move_from_or_to(conn, principal, parent, folder.owner_id)):
                    raise forbidden("Moving a folder needs editandshare access to both its old and new parent folders")
                changes["parent_id"] = parent
        if name is not None:
            changes["name"] = name
        if changes:
            folder = folders.update(conn, folder_id, **changes)
    return folder_resource(folder)


def _trash_or_restore(request: Request, id: str, action) -> None:
    folder_id = validation.number_id(id, "id")
    with request.ctx.store.write() as conn:
        grant = access.folder_access(conn, request.principal, folder_id, need=roles.EDIT_AND_SHARE)
        action(conn, grant.folder)
    return None


@routes.post("/folders/{id}/trash", summary="Trash Folder", status=204)
def trash_folder(request: Request, id: str) -> None:
    """Move the folder and all of its contents to the trash (idempotent)."""
    return _trash_or_restore(request, id, folders.trash)


@routes.post("/folders/{id}/restore", summary="Restore Folder", status=204)
def restore_folder(request: Request, id: str) -> None:
    """Bring the folder and what was trashed with it back where they were (idempotent)."""
    return _trash_or_restore(request, id, folders.restore)


@routes.post("/folders/search", summary="Search Folders", scopes=READ, limits=(SEARCH,),
             openapi=OpenApi(body="SearchFoldersBody", response="FolderList", query=QUERY_DOC))
def search_folders(request: Request) -> Response:
    """Folders the caller can view, by type, ranked by keywords if given."""
    data = validation.body(request)
    folder_type = validation.choice(data, "type", FOLDER_TYPES, required=False)
    keywords = validation.string(data, "keywords", allow_empty=True, required=False)
    page = page_request(request.query)
    with request.ctx.store.read() as conn:
        rows = folders.search(conn, request.principal.user_id, folder_type)
    if keywords and keywords.strip():
        rows = relevance.rank(rows, keywords, lambda f: f.name)
    chunk, following = offset_page(rows, page)
    return page_response(request, [folder_resource(f) for f in chunk], following, page.size)


@routes.get("/folders/{id}/contents", summary="List Folder Contents", scopes=READ,
            openapi=OpenApi(response="FolderContentList", query=QUERY_DOC))
def folder_contents(request: Request, id: str) -> Response:
    """Sub-folders, documents and shortcuts in a folder (trashed items are left out)."""
    folder_id = validation.number_id(id, "id")
    page = page_request(request.query)
    with request.ctx.store.read() as conn:
        access.folder_access(conn, request.principal, folder_id)
        sub, docs, links = folders.children(conn, folder_id)
    items = _contents(sub, docs)
    for link in links:
        if link.document_id is not None:
            items.append(folder_content("document", link.document_id, link.name, shortcut=True, product=link.product))
        else:
            items.append(folder_content("folder", link.target_folder_id, link.name, shortcut=True))
    chunk, following = offset_page(items, page)
    return page_response(request, chunk, following, page.size)


@routes.get("/folders/root/contents", summary="List Root Folder Contents", scopes=READ,
            openapi=OpenApi(response="FolderContentList", query=QUERY_DOC))
def root_contents(request: Request) -> Response:
    """What the caller owns in "My Documents"."""
    page = page_request(request.query)
    with request.ctx.store.read() as conn:
        sub, docs = folders.root_children(conn, request.principal.user_id)
    chunk, following = offset_page(_contents(sub, docs), page)
    return page_response(request, chunk, following, page.size)


def _contents(sub: list, docs: list) -> list[dict]:
    return [folder_content("folder", f.id, f.name, shortcut=False) for f in sub] + [
        folder_content("document", d.id, d.title, shortcut=False, product=d.product) for d in docs
    ]
