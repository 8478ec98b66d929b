"""The authorization endpoints (seed 002 "Obtaining an access token") and the test redirect page.

`/oauth2/authorize` and its newer name `/oauth2/authorizeUser` grant user tokens,
`/oauth2/authorizeAccount` account tokens. One URL serves the whole dialogue: GET shows the
login form or the consent screen; the forms post back to the same URL (query included), so
every step re-validates the authorization request. Until the client and its redirect URI are
known good, errors are pages, never redirects (RFC 6749 §4.1.2.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Awaitable, Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import anyio.to_thread
from sqlalchemy.engine import Connection, Row

from ..auth import scopes
from ..store import credentials
from ..auth.policies import PUBLIC
from ..http.errors import ApiError
from ..http.request import Request
from ..http.responses import Response, redirect
from ..http.routing import RouteTable
from ..store import accounts, oauth_clients, web_sessions
from ..store import authorization_codes as codes
from ..store.db import Store
from ..store.web_sessions import WebSession
from . import client_metadata, pages, pkce, redirect_uris, resource, session
from .errors import OAuthError

routes = RouteTable(PUBLIC, tags=("OAuth 2.0",))

# Who counts as an account admin for account tokens. Of Lucid's user roles, `team-admin`
# administers the account's users and content; `billing-admin` only its billing, and
# `document-approver` only approvals.
ACCOUNT_ADMIN_ROLES = frozenset({"team-admin"})

# Sign-in attempts per login name: enough for typos, too few for guessing.
LOGIN_RATE = (10, 300)


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    client: Row
    token_type: str
    redirect_uri: str
    scopes: list[str]
    state: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    resource: str | None
    issuer: str

    def callback(self, **params: str | None) -> str:
        """The client's redirect URI with `params`, the request's state and the issuer (RFC 9207)."""
        return with_params(self.redirect_uri, {**params, "state": self.state, "iss": self.issuer})


class PageError(Exception):
    """Shown as an error page: the client or its redirect URI cannot be trusted."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


class RedirectError(Exception):
    """Sent back to the client's redirect URI as `error=...` (RFC 6749 §4.1.2.1)."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def with_params(uri: str, params: dict[str, str | None]) -> str:
    parts = urlsplit(uri)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [(name, value) for name, value in params.items() if value is not None]
    return urlunsplit(parts._replace(query=urlencode(query)))


def code_page_uri(base_url: str, client_id: str) -> str:
    """Seed 002's "Test redirect URI", on this server's origin; valid without registration."""
    return f"{base_url}/oauth2/clients/{client_id}/redirect"


def _one(params: list[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in params if key == name]
    if len(values) > 1:
        raise ValueError(f"The {name} parameter is repeated")
    return values[0] if values and values[0] != "" else None


def read_request(conn: Connection, request: Request, token_type: str) -> AuthorizationRequest:
    """The validated authorization request, or PageError / RedirectError saying what is wrong."""
    params = parse_qsl(request.query_string, keep_blank_values=True)
    try:
        client_id, redirect_uri = _one(params, "client_id"), _one(params, "redirect_uri")
    except ValueError as exc:
        raise PageError(400, "Invalid authorization request", str(exc)) from None
    if client_id is None:
        raise PageError(400, "Invalid authorization request", "The request has no client_id parameter.")
    client = oauth_clients.get_client(conn, client_id)
    if client is None:
        raise PageError(400, "Unknown application", "No application is registered with this client_id.")
    if redirect_uri is None:
        raise PageError(400, "Invalid authorization request", "The request has no redirect_uri parameter.")
    # Exact match (fidelity decisions), but a native client's loopback URI on any port (RFC 8252).
    accepted = [*oauth_clients.redirect_uris(client), code_page_uri(request.ctx.base_url, client_id)]
    if not redirect_uris.matches(accepted, redirect_uri, native=client.application_type == "native"):
        raise PageError(400, "Invalid redirect URI",
                        f"{redirect_uri} is not a redirect URI registered for {client.name}.")

    state: str | None = None
    issuer = request.ctx.base_url

    def fail(error: str, description: str) -> RedirectError:
        params = {"error": error, "error_description": description, "state": state, "iss": issuer}
        return RedirectError(with_params(redirect_uri, params))

    try:
        state = _one(params, "state")
        response_type = _one(params, "response_type")
        requested = scopes.named_in(_one(params, "scope"), _one(params, "scopes"))
        challenge, method = _one(params, "code_challenge"), _one(params, "code_challenge_method")
        named_resource = _one(params, "resource")
    except ValueError as exc:
        raise fail("invalid_request", str(exc)) from None
    if response_type not in (None, "code"):
        raise fail("unsupported_response_type", "Only response_type=code is supported")
    try:
        granted = scopes.resolve(requested, token_type)
    except scopes.ScopeError as exc:
        raise fail("invalid_scope", str(exc)) from None
    if challenge is None:
        if method is not None:
            raise fail("invalid_request", "code_challenge_method was given without a code_challenge")
        if oauth_clients.is_public(client):
            raise fail("invalid_request", "PKCE is required of public clients: send code_challenge (S256)")
    else:
        method = method or "plain"  # RFC 7636 §4.3
        if method not in pkce.METHODS:
            raise fail("invalid_request", "code_challenge_method must be S256 or plain")
        if oauth_clients.is_public(client) and method != "S256":
            raise fail("invalid_request", "public clients must use code_challenge_method=S256")
        if not pkce.well_formed(challenge):
            raise fail("invalid_request", "code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~")
    try:
        bound = resource.resolve(named_resource, request.ctx.protected_resources)
    except OAuthError as exc:
        raise fail(exc.code, exc.message) from None
    return AuthorizationRequest(client, token_type, redirect_uri, granted, state, challenge, method, bound, issuer)


def is_account_admin(user: Row) -> bool:
    return not ACCOUNT_ADMIN_ROLES.isdisjoint(accounts.user_roles(user))


@cache
def _decoy_password_hash() -> str:
    """Checked against when the login names nobody, so that both cases cost one scrypt."""
    return credentials.hash_password(credentials.new_session_id())


# ---------------------------------------------------------------- database steps (run via ctx.run)

def _new_session(store: Store, user_id: int | None, replaces: WebSession | None = None) -> WebSession:
    with store.write() as conn:
        if replaces is not None:
            web_sessions.delete(conn, replaces.id)
        return web_sessions.create(conn, user_id)


def _end_session(store: Store, ended: WebSession) -> None:
    with store.write() as conn:
        web_sessions.delete(conn, ended.id)


def _user_and_account(store: Store, user_id: int) -> tuple[Row, Row]:
    with store.read() as conn:
        user = accounts.get_user(conn, user_id)
        return user, accounts.get_account(conn, user.account_id)


def _find_user(store: Store, login: str) -> Row | None:
    with store.read() as conn:
        return accounts.find_user_by_login(conn, login)


def _issue_code(store: Store, auth: AuthorizationRequest, user: Row) -> str:
    with store.write() as conn:
        return codes.create(conn, codes.Authorization(
            client_pk=auth.client.id, token_type=auth.token_type,
            user_id=user.id if auth.token_type == scopes.USER else None,
            account_id=user.account_id, scopes=auth.scopes, redirect_uri=auth.redirect_uri,
            code_challenge=auth.code_challenge, code_challenge_method=auth.code_challenge_method,
            resource=auth.resource,
        ))


def _read(store: Store, request: Request, token_type: str) -> tuple[AuthorizationRequest, WebSession | None]:
    with store.read() as conn:
        return read_request(conn, request, token_type), session.load(conn, request)


# ---------------------------------------------------------------- the dialogue

def _here(request: Request) -> str:
    """This page's own URL (path and query), where its forms post and its redirects return."""
    return f"{request.path}?{request.query_string}" if request.query_string else request.path


async def authorization_endpoint(request: Request, token_type: str) -> Response:
    store = request.ctx.store
    run = request.ctx.run
    try:
        await client_metadata.ensure_client(request)
        auth, current = await run(_read, store, request, token_type)
    except PageError as error:
        return pages.error_page(error.status, error.title, error.message)
    except client_metadata.DocumentError as error:
        return pages.error_page(400, "Unknown application", str(error))
    except RedirectError as error:
        return redirect(error.location)
    if request.method == "GET":
        return await _show(request, auth, current)
    form = request.form()
    if not session.csrf_ok(current, form.get("csrf_token")):
        return pages.error_page(
            403, "This form has expired",
            "The form was sent without a valid security token (it may have expired, or come from another site).",
            retry_url=_here(request),
        )
    action = form.get("action")
    if action == "deny":
        return redirect(auth.callback(error="access_denied", error_description="The user denied the request"))
    if action == "login":
        return await _login(request, auth, current, form)
    if action == "logout":
        await run(_end_session, store, current)
        return redirect(_here(request), 303, session.clear_cookie())
    if action == "approve" and current.user_id is not None:
        user, _ = await run(_user_and_account, store, current.user_id)
        if auth.token_type == scopes.ACCOUNT and not is_account_admin(user):
            return await _show(request, auth, current)
        code = await run(_issue_code, store, auth, user)
        return redirect(auth.callback(code=code))
    return await _show(request, auth, current)


def _page_context(request: Request, auth: AuthorizationRequest, current: WebSession) -> dict:
    return {
        "action_url": _here(request),
        "client_name": auth.client.name,
        "token_type": auth.token_type,
        "csrf_token": current.csrf,
        # Self-registered clients are unverified: the consent page says so and shows where the
        # code goes (the MCP authorization spec's advice for metadata-document clients).
        "self_registered": auth.client.registration != "admin",
        "client_host": client_metadata.host_of(auth.client.client_id),
        "redirect_host": client_metadata.host_of(auth.redirect_uri),
        "redirect_is_local": redirect_uris.is_loopback(auth.redirect_uri),
        "resource": auth.resource,
    }


async def _show(request: Request, auth: AuthorizationRequest, current: WebSession | None,
                *, login_error: str | None = None, status: int = 200, login: str = "") -> Response:
    """The login form for visitors, the consent screen for users who may grant the request."""
    store, run = request.ctx.store, request.ctx.run
    headers: dict[str, str] = {}
    if current is None:
        current = await run(_new_session, store, None)
        headers = session.set_cookie(request, current, web_sessions.ANONYMOUS_TTL_MS)
    context = _page_context(request, auth, current)
    if current.user_id is None:
        return pages.render("login.html", status, headers, error=login_error, login=login, **context)
    user, account = await run(_user_and_account, store, current.user_id)
    context.update(user=user, account_name=account.name or f"Account {account.id}")
    if auth.token_type == scopes.ACCOUNT and not is_account_admin(user):
        return pages.render("not_admin.html", 403, headers, **context)
    scope_list = [(name, scopes.description(name, auth.token_type)) for name in auth.scopes]
    return pages.render("consent.html", status, headers, scopes=scope_list, **context)


async def _login(request: Request, auth: AuthorizationRequest, current: WebSession, form: dict) -> Response:
    login = form.get("login")
    password = form.get("password")
    if not isinstance(login, str) or not isinstance(password, str) or not login.strip() or not password:
        return await _show(request, auth, current, login_error="Enter your email or username and your password.",
                           status=400, login=login if isinstance(login, str) else "")
    login = login.strip()
    try:
        count, seconds = LOGIN_RATE
        request.ctx.limiter.check(login.lower(), count, seconds, "oauth-login")
    except ApiError as exc:
        retry = exc.headers.get("Retry-After", "60")
        return await _show(request, auth, current, status=429, login=login,
                           login_error=f"Too many sign-in attempts. Try again in {retry} seconds.")
    user = await request.ctx.run(_find_user, request.ctx.store, login)
    stored = user.password_hash if user is not None and user.password_hash else _decoy_password_hash()
    valid = await anyio.to_thread.run_sync(credentials.check_password, password, stored)
    if user is None or not user.password_hash or not valid:
        return await _show(request, auth, current, status=401, login=login,
                           login_error="Incorrect email, username or password.")
    # A new session id at login, so that a session planted before it is worth nothing.
    signed_in = await request.ctx.run(_new_session, request.ctx.store, user.id, current)
    return redirect(_here(request), 303, session.set_cookie(request, signed_in, web_sessions.USER_TTL_MS))


def _endpoint(token_type: str, name: str) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return await authorization_endpoint(request, token_type)

    endpoint.__name__ = endpoint.__qualname__ = name
    return endpoint


for _path, _type, _slug in (
    ("/oauth2/authorize", scopes.USER, "authorize"),
    ("/oauth2/authorizeUser", scopes.USER, "authorize_user"),
    ("/oauth2/authorizeAccount", scopes.ACCOUNT, "authorize_account"),
):
    _what = "a user token" if _type == scopes.USER else "an account token"
    routes.get(_path, summary=f"Authorization page for {_what}: login, then consent")(_endpoint(_type, _slug))
    routes.post(_path, summary=f"Login, approve or deny {_what} (form posts of the page)")(
        _endpoint(_type, f"{_slug}_submit"))


@routes.get("/oauth2/clients/{client_id}/redirect", summary="Test redirect URI: shows the authorization code")
def code_page(request: Request, client_id: str) -> Response:
    with request.ctx.store.read() as conn:
        client = oauth_clients.get_client(conn, client_id)
    if client is None:
        return pages.error_page(404, "Unknown application", "No application is registered with this client_id.")
    query = request.query
    return pages.render(
        "redirect.html", client_name=client.name, code=query.get("code"), state=query.get("state"),
        error=query.get("error"), error_description=query.get("error_description"),
    )
