"""`/embeds?token=...` (seed 002, "Embed Viewer"): the document picker, an embed's viewer and
its settings, inside the embedding app's <iframe>.

Only the token's origin may frame these pages (CSP `frame-ancestors`), and their messages go to
that origin only. The token rides in the URL of the page's GETs (the viewer's page tabs and image
are links) and in the body of its form posts (with a CSRF value bound to it); the pages send no
referrer and take it out of the address bar on load, so it never reaches another origin. A
form post that fires an event answers a short page that posts the message and then moves the
frame on to the viewer (`sent.html`): each event fires once, and reloading re-fires nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlencode

from ..auth import embed_tokens
from ..auth.embed_tokens import EmbedSession, InvalidEmbedToken
from ..auth.policies import PUBLIC
from ..http import validation
from ..http.errors import ApiError
from ..http.request import Request
from ..http.responses import Response
from ..http.routing import OpenApi, RouteTable
from ..store import embeds, server_state
from ..web import pages, viewer
from . import events, sessions
from .sessions import Refused

routes = RouteTable(PUBLIC, tags=("Embeds (pages)",))

SIGNATURE_KEY = "embed_signature_secret"


@dataclass(frozen=True, slots=True)
class Page:
    """One request of an embed session: its token, what the token allows, and the app."""

    request: Request
    token: str
    session: EmbedSession
    app_name: str

    def render(self, template: str, status: int = 200, *, messages: list[dict] = (), token: str | None = None,
               **context) -> Response:
        """An embed page framed only by the session's origin: its forms carry `token` (this
        session's by default) and its CSRF value, and it posts `messages` to the parent."""
        token = token or self.token
        return pages.render(
            f"embeds/{template}", status, frame_ancestors=[self.session.origin], framed=True,
            root=self.request.root_path, origin=self.session.origin, messages=list(messages), token=token,
            csrf=embed_tokens.csrf_token(self.request.ctx.store, token), app_name=self.app_name, **context,
        )

    def url(self, token: str | None = None, **query: str) -> str:
        """A GET of this session's pages (`ui`: which of an embed's pages)."""
        return f"{self.request.root_path}/embeds?{urlencode({'token': token or self.token, **query})}"


def _open(request: Request, token: object) -> Page | Response:
    """The session the token opens, or the error page that refuses it: framed by nobody, since a
    refused token names no origin we may trust; but an expired token's page by its origin, which
    its valid signature vouches for. Blocking database work."""
    if not isinstance(token, str) or not token:
        return pages.error_page(400, "No embed session", "This page needs the embed session token the app gets "
                                "from POST /embeds/token, as /embeds?token=...", root=request.root_path)
    try:
        session = embed_tokens.verify(request.ctx.store, token, audience=request.ctx.base_url)
        with request.ctx.store.read() as conn:
            app = sessions.client(conn, session)
    except InvalidEmbedToken as exc:
        framing = {"frame_ancestors": [exc.origin]} if exc.origin else {}
        return pages.error_page(401, "This embed cannot be shown", str(exc), root=request.root_path, **framing)
    except Refused as exc:
        return pages.error_page(401, "This embed cannot be shown", str(exc), root=request.root_path)
    return Page(request, token, session, app.name)


HTML_PAGE = OpenApi(response_media="text/html", query={"token": ("string", "The embed session token")})


@routes.get("/embeds", summary="Embed Viewer: the document picker, or an embed's viewer or settings",
            openapi=HTML_PAGE)
async def embed_page(request: Request) -> Response:
    """`ui` (viewer | settings) overrides the session's for one page: the settings' Done button
    moves on to the viewer, whose page tabs, viewer switch and image keep it."""
    page = await request.ctx.run(_open, request, request.query.get("token"))
    if isinstance(page, Response):
        return page
    if page.session.embed_id is None:
        return await request.ctx.run(_picker, page, "")
    if (request.query.get("ui") or page.session.ui) == "settings":
        return await request.ctx.run(_settings, page)
    shown = await request.ctx.run(_shown, page)
    if isinstance(shown, Response):
        return shown
    return await viewer.viewer_response(request, _as_shown(shown), version=shown.version,
                                        default_viewer=shown.viewer_type, frame_ancestors=[page.session.origin],
                                        framed=True)


@routes.post("/embeds", summary="The embed pages' own forms: search, choose a document, save settings",
             openapi=OpenApi(response_media="text/html"))
def embed_form(request: Request) -> Response:
    """An action on the embed's form; a missing or wrong CSRF token is a 403 page."""
    form = request.form()
    page = _open(request, form.get("token"))
    if isinstance(page, Response):
        return page
    if not embed_tokens.csrf_ok(request.ctx.store, page.token, form.get("csrf")):
        return page.render("error.html", 403, title="This form has expired",
                           message="The form was sent without its security token; reload the embed.")
    action = form.get("action")
    try:
        if page.session.embed_id is None:
            if action == "choose":
                return _choose(page, form)
            return _picker(page, str(form.get("search") or "").strip())
        if action == "save-settings":
            return _save_settings(page, form)
        return _settings(page)
    except ApiError as exc:
        return page.render("error.html", exc.status, title="That did not work", message=exc.message)


# ---------------------------------------------------------------- the picker

def _picker(page: Page, search: str, *, error: str | None = None, status: int = 200) -> Response:
    with page.request.ctx.store.read() as conn:
        found = sessions.picker_documents(conn, page.session, search)
    return page.render("picker.html", status, documents=found, search=search, error=error,
                       user_session=page.session.user_id is not None, products=page.session.products,
                       limit=sessions.PICKER_LIMIT)


def _choose(page: Page, form: dict) -> Response:
    document_id = validation.uuid_text(form.get("documentId") or "", "documentId")
    version = validation.choice(form, "embedVersion", embeds.VERSIONS, required=True)
    store = page.request.ctx.store
    try:
        with store.write() as conn:
            embed = sessions.choose(conn, page.session, sessions.client(conn, page.session), document_id, version)
    except Refused as exc:
        return _picker(page, "", error=str(exc), status=403)
    signature = events.embed_signature(server_state.get_or_create(store, SIGNATURE_KEY), embed_id=embed.id,
                                       document_id=embed.document_id, client_id=page.session.client_id)
    narrowed = embed_tokens.for_embed(store, page.session, audience=page.request.ctx.base_url, embed_id=embed.id)
    return page.render("sent.html", title="Embed created", token=narrowed,
                       messages=[events.embed_created(embed.document_id, embed.id, signature)],
                       next_url=page.url(narrowed, ui="viewer"))


# ---------------------------------------------------------------- an embed: settings and viewer

def _shown(page: Page) -> sessions.Viewed | Response:
    try:
        with page.request.ctx.store.read() as conn:
            return sessions.viewed(conn, page.session, page.session.embed_id)
    except Refused as exc:
        return page.render("error.html", 404, title="This embed is not available", message=str(exc))


def _as_shown(shown: sessions.Viewed) -> object:
    """The document as the embed shows it: a snapshot keeps the title of its moment."""
    if shown.embed.version != embeds.SNAPSHOT or shown.embed.snapshot_title is None:
        return shown.document
    return SimpleNamespace(**{**shown.document._mapping, "title": shown.embed.snapshot_title})


def _settings(page: Page) -> Response:
    shown = _shown(page)
    if isinstance(shown, Response):
        return shown
    return page.render("settings.html", shown=shown, custom_settings=page.session.custom_settings,
                       on_click={"OpenCustomSettings": events.open_custom_settings()})


def _save_settings(page: Page, form: dict) -> Response:
    viewer_type = validation.choice(form, "viewerType", embeds.VIEWER_TYPES, required=True)
    version = validation.choice(form, "embedVersion", embeds.VERSIONS, required=True)
    try:
        with page.request.ctx.store.write() as conn:
            shown = sessions.viewed(conn, page.session, page.session.embed_id)
            updated = sessions.save_settings(conn, shown, viewer_type, version)
    except Refused as exc:
        return page.render("error.html", 404, title="This embed is not available", message=str(exc))
    return page.render("sent.html", title="Settings saved", messages=[events.settings_closed(updated)],
                       next_url=page.url(ui="viewer"))
