"""`/embeds/link?document=...&clientId=...` (seed 002, "Direct Embed"): a document in an app's
<iframe> without OAuth. The browser's own session decides: a sign-in form, or the viewer of a
document the person can read. Only the client's registered embed domains may frame it
(`pellucid admin create-client --embed-domain ORIGIN`); a client without any gets no embed.
"""

from __future__ import annotations

from urllib.parse import urlencode

from sqlalchemy.engine import Row

from ..auth.policies import PUBLIC
from ..http.request import Request
from ..http.responses import Response, redirect
from ..http.routing import OpenApi, RouteTable
from ..rest.links import describe, uuid_or_none
from ..store import documents, oauth_clients, web_sessions
from ..web import pages, session, signin, urls, viewer, visitors
from . import sessions

routes = RouteTable(PUBLIC, tags=("Embeds (pages)",))

HTML_PAGE = OpenApi(response_media="text/html", query={
    "document": ("string", "The Lucid document link, or the documentId Describe Link returns"),
    "clientId": ("string", "The client ID of the app, registered with embed domains"),
})
NO_DOCUMENT = "The document cannot be shown: it does not exist, or you cannot view it."


def _client(request: Request) -> Row | None:
    client_id = request.query.get("clientId")
    if not client_id:
        return None
    with request.ctx.store.read() as conn:
        return oauth_clients.get_client(conn, client_id)


def _document(value: str | None, base_url: str) -> tuple[str | None, str | None]:
    """(document id, page) a `document` parameter names: a document link (Lucid's or this
    server's, with the page it opens at, if any) or a document id; (None, None) otherwise."""
    if not value:
        return None, None
    link = describe(value, base_url)
    if link is not None and link["document"] is not None:
        return link["document"]["documentId"], link["document"]["page"]
    return uuid_or_none(value.strip()), None


def _sign_in_form(request: Request, domains: list[str], client: Row,
                  refused: signin.SignInRefused | None = None) -> Response:
    current = session.current(request.ctx.store, request)
    headers: dict[str, str] = {}
    if current is None:
        current = session.start(request.ctx.store, None)
        headers = session.set_cookie(request, current, web_sessions.ANONYMOUS_TTL_MS)
    return pages.render("embeds/sign_in.html", refused.status if refused else 200, headers,
                        frame_ancestors=domains, framed=True, root=request.root_path, action_url=urls.here(request),
                        csrf_token=current.csrf, app_name=client.name,
                        error=refused.message if refused else None, login=refused.login if refused else "")


def _refused(request: Request) -> Response:
    """The page refusing a request without a client registered with embed domains."""
    return pages.error_page(403, "This app cannot embed documents",
                            "Direct embeds need the clientId of an app registered with at least one embed domain.",
                            root=request.root_path)


def _resolve(request: Request) -> Response | tuple[Row, visitors.Visitor, list[str]]:
    """(document, person, embed domains) to show, or the page that says why not. Blocking."""
    client = _client(request)
    domains = oauth_clients.embed_domains(client) if client is not None else []
    if not domains:
        return _refused(request)
    framed = {"frame_ancestors": domains, "framed": True, "root": request.root_path}
    document_id, page = _document(request.query.get("document"), request.ctx.base_url)
    if document_id is None:
        return pages.render("embeds/error.html", 400, title="No document",
                            message="The document parameter must be a Lucid document link or a document id.", **framed)
    visitor = visitors.visitor(request)
    if visitor is None:
        return _sign_in_form(request, domains, client)
    with request.ctx.store.read() as conn:
        document = documents.get(conn, document_id)
        readable = sessions.can_read(conn, visitor.user.id, document)
    if not readable:
        return pages.render("embeds/error.html", 403, title="Document not available", message=NO_DOCUMENT, **framed)
    if page and "page" not in request.query:  # open at the link's page; the viewer's tabs take it from there
        return redirect(f"{urls.here(request)}&{urlencode({'page': page})}", 303)
    return document, visitor, domains


@routes.get("/embeds/link", summary="Direct Embed: a sign-in form or the document's viewer", openapi=HTML_PAGE)
async def direct_embed(request: Request) -> Response:
    """Serves only inside the frames of the domains the client registered for embeds."""
    resolved = await request.ctx.run(_resolve, request)
    if isinstance(resolved, Response):
        return resolved
    document, visitor, domains = resolved
    return await viewer.viewer_response(request, document, visitor=visitor, frame_ancestors=domains, framed=True)


@routes.post("/embeds/link", summary="Direct Embed: the sign-in form's post", openapi=HTML_PAGE)
async def direct_embed_sign_in(request: Request) -> Response:
    """Sign-in inside the embed frame; refused when the client has no embed domains."""
    client = await request.ctx.run(_client, request)
    domains = oauth_clients.embed_domains(client) if client is not None else []
    if not domains:
        return _refused(request)
    form = request.form()
    current = await request.ctx.run(session.current, request.ctx.store, request)
    try:
        if not session.csrf_ok(current, form.get("csrf_token")):
            raise signin.SignInRefused(403, "The form expired; sign in again.", "")
        cookies = await signin.sign_in(request, current, form)
    except signin.SignInRefused as refused:
        return await request.ctx.run(_sign_in_form, request, domains, client, refused)
    return redirect(urls.here(request), 303, {"Set-Cookie": cookies})

