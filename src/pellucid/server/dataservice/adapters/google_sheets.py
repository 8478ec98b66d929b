"""Google Sheets adapter: POST /adapter/googleSheets, and linking a Google account to import with.

    POST   /adapter/googleSheets            create or update the caller's source for a spreadsheet
    POST   /adapter/googleSheets/link       start linking: the URL to open in a browser
    GET    /adapter/googleSheets/link       whether the caller has a linked Google account
    DELETE /adapter/googleSheets/link       forget the linked account
    GET    /adapter/googleSheets/authorize  (browser) -> Google's consent screen
    GET    /adapter/googleSheets/callback   (browser) <- Google: exchange the code, store the tokens
"""

from __future__ import annotations

import re
import secrets
from typing import Any

import orjson
from sqlalchemy.engine import Connection, Row

from ...auth import access
from ...auth.policies import PUBLIC
from ...http import validation
from ...http.errors import bad_request
from ...http.request import Request
from ...http.responses import Response, redirect
from ...http.routing import OpenApi, RouteTable
from ...store import datasources, google_accounts
from ...store import tables as t
from ...web import pages
from .. import guards, links, resources
from ..guards import EDIT
from . import common, google, gsheets, sheets
from .common import GRANT_QUERY, routes
from .model import Sheet

ADAPTER_TYPE = "GOOGLE_SHEETS"
DOC_ID = re.compile(r"[A-Za-z0-9_-]{1,200}")
COOKIE = "pellucid_google_link"

browser = RouteTable(PUBLIC, tags=("Adapters",))

ADAPTER_OBJECT = {
    "type": "object",
    "required": ["docId"],
    "properties": {
        "docId": {"type": "string", "description": "The Google Sheets document (spreadsheet id)"},
        "sheets": {"type": "array", "items": {"type": "string"}, "description": "Titles of the tabs to import"},
        "name": {"type": "string", "description": "Data source name (default: the spreadsheet's title)"},
        "dataSet": {"type": "string", "description": "Data set link"},
    },
}
LINK = {"type": "object", "properties": {"authorizationUrl": {"type": "string"}, "expires": {"type": "string"}}}
LINK_STATUS = {"type": "object", "properties": {"linked": {"type": "boolean"}, "scope": {"type": ["string", "null"]},
                                                 "created": {"type": ["string", "null"]}}}


def _request_body(request: Request) -> tuple[str, list[str] | None, str | None, int | None]:
    body = validation.expect_object(request.json())
    doc_id = validation.string(body, "docId", required=True)
    if not DOC_ID.fullmatch(doc_id):
        raise bad_request(f"docId must be a Google spreadsheet id (letters, digits, - and _), got {doc_id!r}")
    titles = body.get("sheets")
    if titles is not None and (not isinstance(titles, list) or not all(isinstance(x, str) and x for x in titles)):
        raise bad_request("sheets must be an array of tab titles")
    name = validation.string(body, "name", required=False, max_length=request.ctx.settings.requests.max_name_length)
    data_set = body.get("dataSet")
    data_set_id = links.parse_id(data_set, "data set", "dataSet") if data_set is not None else None
    return doc_id, titles, name, data_set_id


@routes.post("/adapter/googleSheets", summary="Create or update a data source connected to a specific Google Sheet document",
             openapi=OpenApi(query=GRANT_QUERY, body=ADAPTER_OBJECT, response="DataSource"))
async def import_google_sheet(request: Request) -> dict:
    """Each tab becomes a collection (with the Excel adapter's metadata collections). If the caller can
    already edit a source linked to this docId, that source is updated: new tabs get collections,
    collections of deleted tabs go, `sheets` limits which tabs are imported."""
    doc_id, titles, name, data_set_id = _request_body(request)
    grant = common.grant(request)
    if not request.ctx.settings.google.configured:
        raise google.not_configured()
    spreadsheet = await google.spreadsheet(request, doc_id)
    available = gsheets.grid_titles(spreadsheet)
    unknown = [title for title in titles or [] if title not in available]
    if unknown:
        raise bad_request(f"Spreadsheet {doc_id!r} has no tab named {', '.join(map(repr, unknown))}",
                          {"tabs": available})
    wanted = list(dict.fromkeys(titles)) if titles is not None else available
    grid = await google.spreadsheet(request, doc_id, ranges=[gsheets.a1_range(title) for title in wanted])
    tabs = gsheets.sheets(spreadsheet, grid)
    title = name or spreadsheet.get("properties", {}).get("title") or doc_id
    row = await request.ctx.run(_save, request, doc_id, tabs, set(available), title, name is not None,
                                data_set_id, grant)
    return common.render(request, row)


def _link_parameters(doc_id: str) -> str:
    return orjson.dumps({"docId": doc_id}).decode()


def _linked_source(conn: Connection, request: Request, doc_id: str) -> Row | None:
    """The first source linked to the spreadsheet that the caller can edit."""
    d = t.data_sources.c
    query = (datasources.visible(guards.grantee(request), None)
             .where(d.adapter_type == ADAPTER_TYPE, d.link_parameters == _link_parameters(doc_id)).order_by(d.id))
    for row in conn.execute(query):
        role = access.load_data_source(conn, request.principal, row.id, request.ctx.documents)[1]
        if access.allows(role, EDIT):
            return row
    return None


def _save(request: Request, doc_id: str, tabs: list[Sheet], available: set[str], title: str, rename: bool,
          data_set_id: int | None, grant: tuple[str, str]) -> Row:
    with request.ctx.store.write() as conn:
        if data_set_id is not None:
            guards.data_set(conn, request, data_set_id, EDIT)
        source = _linked_source(conn, request, doc_id)
        if source is None:
            source = datasources.create(conn, name=title, creator_id=request.principal.user_id, adapter_type=ADAPTER_TYPE,
                                        data_set_id=data_set_id, grant=grant)
            datasources.update(conn, source.id, {"link_parameters": {"docId": doc_id}})
            for sheet in tabs:
                sheets.create(conn, source.id, sheet)
        else:
            sheets.sync(conn, source.id, tabs, keep=lambda row: row.name in available)
            changes: dict[str, Any] = {}
            if rename:
                changes["name"] = title
            if data_set_id is not None:
                changes["data_set_id"] = data_set_id
            if changes:
                datasources.update(conn, source.id, changes)
        return datasources.get(conn, source.id)


# ----------------------------------------------------------------------------- linking


@routes.post("/adapter/googleSheets/link", summary="Start linking a Google account (Google Sheets adapter)",
             openapi=OpenApi(response=LINK))
def start_link(request: Request) -> dict:
    """Answers the URL to open in a browser within ten minutes; it leads to Google's consent screen
    and back, and then the caller's imports read Google Sheets as that Google account."""
    url, expires = google.start_link(request)
    return {"authorizationUrl": url, "expires": resources.timestamp(expires)}


@routes.get("/adapter/googleSheets/link", summary="Whether a Google account is linked", openapi=OpenApi(response=LINK_STATUS))
def link_status(request: Request) -> dict:
    """Whether the caller has a linked Google account, with its scope and link time."""
    with request.ctx.store.read() as conn:
        row = google_accounts.credentials(conn, request.principal.user_id)
    if row is None:
        return {"linked": False, "scope": None, "created": None}
    return {"linked": True, "scope": row.scope, "created": resources.timestamp(row.created)}


@routes.delete("/adapter/googleSheets/link", summary="Forget the linked Google account", openapi=OpenApi(response="Message"))
def unlink(request: Request) -> str:
    """Forget the caller's Google tokens; unlinking twice is not an error."""
    with request.ctx.store.write() as conn:
        removed = google_accounts.delete_credentials(conn, request.principal.user_id)
    return "Google account unlinked" if removed else "No Google account was linked"


def _cookie(request: Request) -> str | None:
    for part in request.headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE and value:
            return value
    return None


def _page_error(message: str, status: int = 400) -> Response:
    return pages.error_page(status, "Google account not linked", message, hint=pages.APPLICATION_HINT)


@browser.get("/adapter/googleSheets/authorize", summary="Browser: on to Google's consent screen",
             openapi=OpenApi(query={"state": ("string", "From the authorizationUrl")}, response_media="text/html"))
def authorize(request: Request) -> Response:
    """Binds this browser to the link request (cookie) and redirects to Google with state and PKCE."""
    google_settings = request.ctx.settings.google
    state = request.query.get("state") or ""
    if not google_settings.configured:
        return _page_error("The Google Sheets adapter is not configured on this server.", 503)
    binding = _cookie(request) or secrets.token_urlsafe(32)
    with request.ctx.store.write() as conn:
        row = google_accounts.bind_link(conn, google.digest(state), google.digest(binding)) if state else None
    if row is None:
        return _page_error("This link has expired, was already used, or was opened in another browser. "
                           "Ask the application for a new one.")
    verifier = google.Sealer(google_settings).open(row.verifier) or ""
    secure = "; Secure" if request.ctx.base_url.startswith("https:") else ""
    cookie = f"{COOKIE}={binding}; Path=/adapter/googleSheets; Max-Age=600; HttpOnly; SameSite=Lax{secure}"
    return redirect(google.consent_url(request, state, verifier),
                    headers={"Set-Cookie": cookie, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})


@browser.get("/adapter/googleSheets/callback", summary="Browser: Google's redirect back with the code",
             openapi=OpenApi(query={"state": "string", "code": "string", "error": "string"}, response_media="text/html"))
async def callback(request: Request) -> Response:
    """Consumes the link request (once, from the browser that started it) and stores the tokens."""
    state = request.query.get("state") or ""
    binding = _cookie(request)
    row = await request.ctx.run(_take, request, state) if state else None
    if row is None or binding is None or row.browser_hash != google.digest(binding):
        return _page_error("This sign-in did not start here, has expired or was already used. Start again.")
    if request.query.get("error") or not request.query.get("code"):
        return _page_error(f"Google answered: {request.query.get('error') or 'no authorization code'}.")
    verifier = google.Sealer(request.ctx.settings.google).open(row.verifier) or ""
    try:
        tokens = await google.exchange_code(request, request.query["code"], verifier)
    except google.TokenError as exc:
        return _page_error(f"Google refused the authorization code ({exc.error}). Start again.")
    await request.ctx.run(google.save_tokens, request, row.user_id, tokens)
    clear = f"{COOKIE}=; Path=/adapter/googleSheets; Max-Age=0; HttpOnly; SameSite=Lax"
    return pages.render("oauth/google_linked.html", headers={"Set-Cookie": clear})


def _take(request: Request, state: str) -> Row | None:
    with request.ctx.store.write() as conn:
        return google_accounts.take_link(conn, google.digest(state))
