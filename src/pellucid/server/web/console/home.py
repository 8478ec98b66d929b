"""The signed-in user's home at `/`: their documents and folders, and what others share with
them; each folder opens its contents, each document the viewer at its viewUrl.

`/` is also the Data Service's bootstrap document, and stays that for API clients: the home is
a page (`Router.include_pages`), which only a browser gets (HTML accepted, no API credentials).
"""

from __future__ import annotations

from ...auth.policies import PUBLIC
from ...http.request import Request
from ...http.routing import RouteTable
from ...rest import access
from ...store import folders
from ..visitors import Visitor
from .page import HTML_PAGE, Page, console_page

routes = RouteTable(PUBLIC, tags=("Console",))


pages = RouteTable(PUBLIC, tags=("Console",))


@pages.get("/", summary="Console home (browsers; API clients get the Data Service bootstrap)", openapi=HTML_PAGE)
@console_page
def home(request: Request, visitor: Visitor) -> Page:
    """The user's root folder and documents, and what others shared with them."""
    with request.ctx.store.read() as conn:
        own_folders, own_documents = folders.root_children(conn, visitor.user.id)
        shared_folders, shared_documents = folders.shared_with(conn, visitor.user.id)
    return Page("console/home.html", "documents", own_folders=own_folders, own_documents=own_documents,
                shared_folders=shared_folders, shared_documents=shared_documents)


@routes.get("/console/folders/{folder_id:int}", summary="Console: a folder's contents", openapi=HTML_PAGE)
@console_page
def folder(request: Request, visitor: Visitor, folder_id: int) -> Page:
    """What `GET /folders/{id}/contents` lists, behind the same access check."""
    with request.ctx.store.read() as conn:
        found = access.folder_access(conn, request.principal, folder_id)
        sub, documents, shortcuts = folders.children(conn, folder_id)
        parent = found.folder.parent_id
        parent_visible = parent is not None and access.folder_role(conn, request.principal, parent) is not None
    return Page("console/folder.html", "documents", folder=found.folder, role=found.role, folders=sub,
                documents=documents, shortcuts=shortcuts, parent=parent if parent_visible else None)
