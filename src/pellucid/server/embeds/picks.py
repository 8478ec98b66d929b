"""`/embeds/access`: the documents a person picked for apps in the document picker, each with a
Revoke button. Picking gives an app's `document.app.picker` scopes that document until the
person revokes it (seed 002, "Document Access"); the seed names no API for revoking, so this
signed-in page does it (a form post with the session's CSRF token). The console links here.
"""

from __future__ import annotations

from ..auth.policies import PUBLIC
from ..http.request import Request
from ..http.responses import Response, redirect
from ..http.routing import OpenApi, RouteTable
from ..store import documents, oauth_clients
from ..web import pages, session, visitors

routes = RouteTable(PUBLIC, tags=("Embeds (pages)",))

PATH = "/embeds/access"
HTML_PAGE = OpenApi(response_media="text/html")


def _page(request: Request, visitor: visitors.Visitor, *, status: int = 200, notice: str | None = None) -> Response:
    with request.ctx.store.read() as conn:
        picked = documents.picked_by(conn, visitor.user.id)
    return pages.render("embeds/access.html", status, visitor=visitor, root=request.root_path, picked=picked,
                        notice=notice)


@routes.get(PATH, summary="Documents picked for apps, with revoke", openapi=HTML_PAGE)
def picked_documents(request: Request) -> Response:
    """The documents the user can pick for an embed; sign-in is required."""
    return _page(request, visitors.require_user(request))


@routes.post(PATH, summary="Revoke an app's access to a picked document", openapi=HTML_PAGE)
def revoke_pick(request: Request) -> Response:
    """Form fields: csrf_token, clientId, documentId. Only the person's own picks can go."""
    visitor = visitors.require_user(request)
    form = request.form()
    if not session.csrf_ok(visitor.session, form.get("csrf_token")):
        return pages.error_page(403, "This form has expired", "Reload the page and try again.",
                                visitor=visitor, root=request.root_path)
    with request.ctx.store.write() as conn:
        client = oauth_clients.get_client(conn, str(form.get("clientId") or ""))
        revoked = client is not None and documents.unpick(conn, client.id, visitor.user.id,
                                                          str(form.get("documentId") or ""))
    if not revoked:
        return _page(request, visitor, status=404, notice="Nothing to revoke: the app no longer had that document.")
    return redirect(f"{request.root_path}{PATH}", 303)
