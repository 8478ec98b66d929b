"""The document viewer: `viewUrl` and `editUrl` of the Document resource
(`/{product}/{id}/view`, `/{product}/{id}/edit`) and `basicEmbed` links of Describe Link
(`/documents/{id}/viewer?page=...`).

Two viewer types, as seed 002's embed viewer types: `rich` shows the page's SVG
(`documents/render.py`) inline, zoomed and panned by a few lines of script, texts selectable;
`simple` shows the PNG of `documents/export.py`, which the same URL answers with `?image=png`.
`viewer_response` renders either for a document whose access the caller has checked; the
embed pages use it with their own access rules and frame-ancestors.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Iterable
from urllib.parse import parse_qsl, urlencode

import anyio.to_thread
from sqlalchemy.engine import Row

from ..auth.policies import PUBLIC
from ..documents import export, render
from ..documents.linked import with_linked_values
from ..documents.model import Content, Page
from ..http import validation
from ..http.errors import ApiError
from ..http.request import Request
from ..http.responses import Response, ResponseRaised, redirect
from ..http.routing import OpenApi, RouteTable
from ..rest import access
from ..rest.documents import READ_SCOPES
from ..rest.limits import EXPORT
from ..rest.scope_branches import PRODUCTS
from ..store import document_contents, documents
from . import pages, urls, visitors
from .visitors import Visitor

routes = RouteTable(PUBLIC, tags=("Web pages",))

VIEWER_TYPES = ("rich", "simple")
FOCUS_MARGIN = 40  # page px around the content the rich viewer first shows
IMAGE_DPI = 192  # the simple viewer's image: twice the page's CSS pixels, sharp on high-density screens
QUERY = {
    "page": ("string", "The page: its id, or its 1-based number (default the first)"),
    "viewer": ("string", "rich (SVG, zoom and pan; the default) or simple (an image)"),
    "image": ("string", "png: the simple viewer's image of the page instead of the page"),
}
PAGE = OpenApi(response_media="text/html", query=QUERY)
# What changes a document, since pellucid has no editor (editUrl shows the viewer and says so).
EDITING_APIS = (
    ("Import Document", "POST /documents with a file: a new document from Standard Import, draw.io, Visio, ..."),
    ("Get Document Contents", "GET /documents/{id}/contents: read-only, for reading a document's shapes and texts"),
    ("Data connectors", "dataSource/update and the Data Service: the data linked shapes show"),
    ("Document embeds", "POST /documents/{id}/embeds, changeVersion: which version an embed shows"),
)


@dataclass(frozen=True, slots=True)
class _Shown:
    content: Content
    page: Page
    number: int  # 1-based
    blobs: dict[str, tuple[str, bytes]]


def _read(request: Request, document_id: str, version: int | None, wanted: str | None) -> _Shown | int:
    """What the viewer shows, or the number of pages when the document has no page `wanted`."""
    with request.ctx.store.read() as conn:
        content = with_linked_values(conn, document_contents.load(conn, document_id, version))
        page = _find_page(content, wanted)
        if page is None:
            return len(content.pages)
        refs = export.blob_refs(page)
        blobs = {sha: found for sha in refs if (found := document_contents.get_blob(conn, sha))}
    return _Shown(content, page, content.pages.index(page) + 1, blobs)


def _find_page(content: Content, wanted: str | None) -> Page | None:
    """The page named by `?page=`: a page id (as Lucid links carry it) or a 1-based number."""
    if not wanted:
        return export.find_page(content)
    by_id = export.find_page(content, page_id=wanted)
    if by_id is None and validation.is_digits(wanted):
        return export.find_page(content, index=int(wanted))
    return by_id


def _with_query(request: Request, **changes: str | None) -> str:
    """This page's URL with query parameters changed (None removes one)."""
    query = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=True) if k not in changes]
    query += [(k, v) for k, v in changes.items() if v is not None]
    path = request.root_path + request.path
    return f"{path}?{urlencode(query)}" if query else path


def _focus(page: Page, region: render.Region) -> render.Region:
    """What the rich viewer first fits to the screen: the page's content with a margin (the
    whole page when it is empty), so that a small drawing on a big page is readable at once."""
    x, y, w, h = render.content_box(page)
    if w <= 0 or h <= 0:
        return region
    return x - FOCUS_MARGIN, y - FOCUS_MARGIN, w + 2 * FOCUS_MARGIN, h + 2 * FOCUS_MARGIN


def _svg(shown: _Shown) -> str:
    return render.page_svg(shown.content, shown.page, blobs=shown.blobs.get)


def _png(shown: _Shown) -> export.ExportedImage:
    return export.export_image(shown.content, shown.page, dpi=IMAGE_DPI, blobs=shown.blobs.get)


async def viewer_response(
    request: Request, document: Row, *, version: int | None = None, default_viewer: str = "rich",
    frame_ancestors: Iterable[str] = pages.NOBODY, visitor: Visitor | None = None, framed: bool = False,
    editing: bool = False,
) -> Response:
    """The viewer of `document` as this request's answer; the caller has checked access.

    Reads from the request's query: `page` (a page id or a 1-based number; default the first),
    `viewer` (`rich` | `simple`; default `default_viewer`) and `image=png`, which answers the
    simple viewer's PNG of the page instead of the HTML. Page tabs and the viewer switch link to
    the same URL with those parameters changed, so the route that shows the viewer also serves
    its image, under its own access rules.

    `version`: the content version shown (None: the latest). `frame_ancestors`: who may frame
    the page (CSP sources; default nobody). `visitor`: the signed-in person the header names.
    `framed`: no site header (a page meant for an iframe). `editing`: the page was opened by
    `editUrl`; it says pellucid has no editor and names the APIs that change a document.
    Unknown page: a 404 page; unknown viewer type: a 400 page.
    """
    query = request.query
    error = partial(pages.error_page, visitor=visitor, root=request.root_path, frame_ancestors=frame_ancestors)
    viewer = query.get("viewer") or default_viewer
    if viewer not in VIEWER_TYPES:
        return error(400, "Unknown viewer", f"viewer must be rich or simple; got {viewer!r}.")
    shown = await request.ctx.run(_read, request, document.id, version, query.get("page"))
    if isinstance(shown, int):
        return error(404, "No such page", f"This document has no page {query.get('page')!r}; it has {shown}.")
    if query.get("image") == "png":
        # An image costs what an export costs: it counts against the account's export limit.
        await request.ctx.run(request.ctx.limiter.check, f"account:{document.account_id}", EXPORT.count,
                              EXPORT.seconds, EXPORT.name)
        image = await anyio.to_thread.run_sync(partial(_png, shown))
        headers = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
        return Response(200, image.data, image.media_type, headers)
    region = render.default_region(shown.page)
    context = {
        "document": document, "page": shown.page, "number": shown.number, "viewer": viewer,
        "region": region, "focus": _focus(shown.page, region), "editing": editing, "editing_apis": EDITING_APIS,
        "tabs": [(number, page.title or f"Page {number}", _with_query(request, page=str(number), image=None))
                 for number, page in enumerate(shown.content.pages, start=1)],
        "switch": {kind: _with_query(request, viewer=kind, image=None) for kind in VIEWER_TYPES},
        "svg": await anyio.to_thread.run_sync(partial(_svg, shown)) if viewer == "rich" else None,
        "image_url": _with_query(request, image="png") if viewer == "simple" else None,
    }
    return pages.render("viewer.html", frame_ancestors=frame_ancestors, visitor=visitor, framed=framed,
                        root=request.root_path, **context)


# ---------------------------------------------------------------- the viewer's own pages

def _document_for(request: Request, visitor: Visitor, document_id: str, frame_ancestors: Iterable[str]) -> Row:
    """The document the signed-in person may read, or the 404 / 403 page that says why not.
    Access is the REST API's for this person (`rest/access.py`)."""
    def refuse(status: int, title: str, message: str) -> ResponseRaised:
        return ResponseRaised(pages.error_page(status, title, message, visitor=visitor, root=request.root_path,
                                               frame_ancestors=frame_ancestors))

    with request.ctx.store.read() as conn:
        if documents.get(conn, document_id) is None:
            raise refuse(404, "Document not found", "There is no document at this address. It may have been deleted.")
        try:
            return access.document_access(conn, visitor.principal, document_id, READ_SCOPES).document
        except ApiError:
            raise refuse(403, "You do not have access to this document",
                         "Ask its owner to share it with you, or sign in as someone it is shared with.") from None


def _page(product: str, action: str):
    """The handler of `/{product}/{id}/{action}`: a document of another product is shown at its
    own product's URL, as its viewUrl or editUrl names it."""
    async def endpoint(request: Request, id: str) -> Response:
        visitor = await request.ctx.run(visitors.require_user, request)
        document = await request.ctx.run(_document_for, request, visitor, id, pages.NOBODY)
        if document.product != product:
            query = f"?{request.query_string}" if request.query_string else ""
            return redirect(f"{request.root_path}/{document.product}/{id}/{action}{query}", 301)
        return await viewer_response(request, document, visitor=visitor, editing=action == "edit")

    endpoint.__name__ = endpoint.__qualname__ = f"{action}_{product}"
    return endpoint


for _product in PRODUCTS:
    routes.get(f"/{_product}/{{id}}/view", summary=f"View a {_product} document (its viewUrl)", openapi=PAGE)(
        _page(_product, "view"))
    routes.get(f"/{_product}/{{id}}/edit", summary=f"Open a {_product} document to edit (its editUrl)", openapi=PAGE)(
        _page(_product, "edit"))


# A basicEmbed is "an iframeable embed using cookie based authentication" (seed 002): any site
# may frame it. Framed, it shows no site header, so it offers nothing to click that changes
# anything (no clickjacking target). The session cookie stays SameSite=Lax, so a frame on
# another site is shown signed out: it offers to sign in in a new tab (see docs/web.md).
ANY_SITE = ("*",)


@routes.get("/documents/{id}/viewer", summary="The basicEmbed viewer of a document (Describe Link)",
            openapi=OpenApi(response_media="text/html", query={**QUERY, "authType": ("string", "local (cookies)")}))
async def basic_embed(request: Request, id: str) -> Response:
    """Framable from any site; an anonymous visitor gets a sign-in page with status 401."""
    visitor = await request.ctx.run(visitors.visitor, request)
    if visitor is None:
        return pages.render("embed_sign_in.html", 401, frame_ancestors=ANY_SITE, framed=True,
                            root=request.root_path, login_url=urls.login_url(request))
    document = await request.ctx.run(_document_for, request, visitor, id, ANY_SITE)
    return await viewer_response(request, document, visitor=visitor, frame_ancestors=ANY_SITE, framed=True)
