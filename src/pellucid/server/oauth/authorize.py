"""The authorization endpoints (seed 002 "Obtaining an access token") and the test redirect page.

`/oauth2/authorize` and its newer name `/oauth2/authorizeUser` grant user tokens,
`/oauth2/authorizeAccount` account tokens. The sign-in and consent dialogue is `dialogue.py`'s;
this module reads and validates the request and says what approving and denying do. Until the
client and its redirect URI are known good, errors are pages, never redirects (RFC 6749 §4.1.2.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Awaitable, Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy.engine import Connection, Row

from ..auth import scopes
from ..auth.policies import PUBLIC
from ..http.request import Request
from ..http.responses import Response
from ..http.routing import RouteTable
from ..store import accounts, oauth_clients
from ..store import authorization_codes as codes
from ..store.db import Store
from ..web import pages
from . import client_metadata, pkce, redirect_uris, resource
from .dialogue import PageError, RedirectError, authorization_dialogue
from .errors import OAuthError

routes = RouteTable(PUBLIC, tags=("OAuth 2.0",))

# Who counts as an account admin for account tokens. Of Lucid's user roles, `team-admin`
# administers the account's users and content; `billing-admin` only its billing, and
# `document-approver` only approvals.
ACCOUNT_ADMIN_ROLES = frozenset({"team-admin"})


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

    # The `dialogue.Consent` of an OAuth 2.0 authorization request.

    @property
    def client_name(self) -> str:
        """The client's registered name, as the consent page shows it."""
        return self.client.name

    def may_grant(self, user: Row) -> bool:
        """Account tokens need an account admin; any user may grant a user token."""
        return self.token_type != scopes.ACCOUNT or is_account_admin(user)

    def denied(self) -> str:
        """The redirect telling the client the user refused (`access_denied`)."""
        return self.callback(error="access_denied", error_description="The user denied the request")

    def page_details(self) -> dict:
        """What the consent page must show: unverified clients and where the code goes."""
        # Self-registered clients are unverified: the consent page says so and shows where the
        # code goes (the MCP authorization spec's advice for metadata-document clients).
        return {
            "self_registered": self.client.registration != "admin",
            "client_host": client_metadata.host_of(self.client.client_id),
            "redirect_host": client_metadata.host_of(self.redirect_uri),
            "redirect_is_local": redirect_uris.is_loopback(self.redirect_uri),
            "resource": self.resource,
        }

    def approve(self, store: Store, user: Row) -> str:
        """Issue the authorization code for the user and return the redirect that carries it."""
        with store.write() as conn:
            code = codes.create(conn, codes.Authorization(
                client_pk=self.client.id, token_type=self.token_type,
                user_id=user.id if self.token_type == scopes.USER else None,
                account_id=user.account_id, scopes=self.scopes, redirect_uri=self.redirect_uri,
                code_challenge=self.code_challenge, code_challenge_method=self.code_challenge_method,
                resource=self.resource,
            ))
        return self.callback(code=code)


def with_params(uri: str, params: dict[str, str | None]) -> str:
    """`uri` with `params` added to its query, keeping what it had; None values are left out."""
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
    """Whether the user holds a role that lets them consent to account-wide scopes."""
    return not ACCOUNT_ADMIN_ROLES.isdisjoint(accounts.user_roles(user))


def _endpoint(token_type: str, name: str) -> Callable[[Request], Awaitable[Response]]:
    def load(conn: Connection, request: Request) -> AuthorizationRequest:
        return read_request(conn, request, token_type)

    async def endpoint(request: Request) -> Response:
        try:
            await client_metadata.ensure_client(request)  # a URL client_id: fetch its metadata document
        except client_metadata.DocumentError as error:
            return pages.error_page(400, "Unknown application", str(error), hint=pages.APPLICATION_HINT)
        return await authorization_dialogue(request, load)

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
    """The built-in test redirect URI: shows the code (or error) for the user to copy."""
    with request.ctx.store.read() as conn:
        client = oauth_clients.get_client(conn, client_id)
    if client is None:
        return pages.error_page(404, "Unknown application", "No application is registered with this client_id.",
                                hint=pages.APPLICATION_HINT)
    query = request.query
    return pages.render(
        "oauth/redirect.html", client_name=client.name, code=query.get("code"), state=query.get("state"),
        error=query.get("error"), error_description=query.get("error_description"),
    )
