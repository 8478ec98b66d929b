"""`POST /oauth2/token`, `/oauth2/token/introspect` and `/oauth2/token/revoke` (seed 002).

Bodies are form-encoded or JSON; clients authenticate in the body (`client_id` and
`client_secret`) or by HTTP Basic. Work that must survive an error answer (revoking a grant
whose code or refresh token is replayed) commits before the error is raised.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import unquote_plus

from sqlalchemy.engine import Connection, Row

from ..auth import scopes, tokens
from ..auth.policies import PUBLIC
from ..http.errors import ApiError
from ..http.request import Request
from ..http.responses import Response, empty, json_response
from ..http.routing import OpenApi, RouteTable
from ..store import authorization_codes as codes
from ..store import oauth_clients
from ..store.db import now_ms
from . import pkce, resource
from .errors import NO_STORE, OAuthError, invalid_client, invalid_grant, invalid_request

routes = RouteTable(PUBLIC, tags=("OAuth 2.0",))

# Per client_id, whether or not the credentials turn out valid: 50 requests per second, the
# documented rate of account tokens, is far above what any integration needs.
CLIENT_RATE = (50, 1)

Form = dict[str, Any]

SCHEMAS = {
    "OAuthError": {
        "description": "RFC 6749 §5.2 (and RFC 7591 §3.2.2): what the endpoint itself refuses",
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "string", "examples": ["invalid_grant"]}, "error_description": {"type": "string"}},
    },
    # Refusals before the endpoint runs (413 body too large, 429 rate limit) are Lucid's error object.
    "OAuthRefusal": {"anyOf": [{"$ref": "#/components/schemas/OAuthError"}, {"$ref": "#/components/schemas/Error"}]},
    "OAuth2Token": {
        "type": "object",
        "required": ["access_token", "client_id", "expires_in", "expires", "scopes", "token_type"],
        "properties": {
            "access_token": {"type": "string"},
            "refresh_token": {"type": "string", "description": "Only when the grant has offline_access"},
            "user_id": {"type": "integer", "description": "User tokens"},
            "account_id": {"type": "integer", "description": "Account tokens"},
            "client_id": {"type": "string"},
            "expires_in": {"type": "integer"},
            "expires": {"type": "integer", "description": "Milliseconds since the Unix epoch"},
            "scopes": {"type": "array", "items": {"type": "string"}},
            "token_type": {"const": "bearer"},
        },
    },
    "OAuth2IntrospectToken": {
        "type": "object",
        "required": ["active"],
        "properties": {
            "active": {"type": "boolean"},
            "user_id": {"type": "integer"},
            "account_id": {"type": "integer"},
            "client_id": {"type": "string"},
            "token_type": {"const": "bearer"},
            "scope": {"type": "string"},
            "expires_in": {"type": "integer"},
            "expires": {"type": "integer"},
        },
    },
}


def _token_request_schema(*fields: str) -> dict:
    return {"type": "object", "properties": {name: {"type": "string"} for name in fields}}


def _form(request: Request) -> Form:
    try:
        return request.form()
    except ApiError as exc:
        raise invalid_request(exc.message) from None


def _param(form: Form, name: str) -> str | None:
    value = form.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise invalid_request(f"The {name} parameter must be a string")
    return value


def _scopes_param(form: Form) -> str | None:
    """`scopes`, Lucid's sample app's name for `scope`: a string, or in a JSON body also an
    array of names (the shape of the token resource's own `scopes`)."""
    value = form.get("scopes")
    if isinstance(value, list) and all(isinstance(name, str) for name in value):
        return " ".join(value)
    return _param(form, "scopes")


def _required(form: Form, name: str) -> str:
    value = _param(form, name)
    if value is None:
        raise invalid_request(f"The {name} parameter is required")
    return value


def _credentials(request: Request, form: Form) -> tuple[str, str | None]:
    """client_id and client_secret, from HTTP Basic (RFC 6749 §2.3.1) or the body; a public
    client sends its client_id alone."""
    body_id, body_secret = _param(form, "client_id"), _param(form, "client_secret")
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        if body_id is None:
            raise invalid_client()
        return body_id, body_secret
    try:
        user, sep, password = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise invalid_client() from None
    client_id, secret = unquote_plus(user), unquote_plus(password)
    if not sep or not client_id:
        raise invalid_client()
    if body_secret is not None:
        raise invalid_request("Authenticate the client either by HTTP Basic or in the body, not both")
    if body_id is not None and body_id != client_id:
        raise invalid_request("The client_id in the body differs from the one in the Authorization header")
    return client_id, secret


def _presented(request: Request, form: Form) -> tuple[str, str | None]:
    """The client's credentials, counted against its rate limit before any database work."""
    client_id, secret = _credentials(request, form)
    count, seconds = CLIENT_RATE
    request.ctx.limiter.check(client_id, count, seconds, "oauth-client")
    return client_id, secret


def _client(conn: Connection, presented: tuple[str, str | None]) -> Row:
    client = oauth_clients.authenticate_client(conn, *presented)
    if client is None:
        raise invalid_client()
    return client


def _valid_scopes(granted: list[str], token_type: str) -> list[str] | OAuthError:
    """The token endpoint re-checks what consent checked: no token ever carries a scope its
    token type may not have, whatever put it in the code or grant."""
    try:
        return scopes.resolve(granted, token_type)
    except scopes.ScopeError as exc:
        return OAuthError("invalid_scope", str(exc))


def _token_response(issued: tokens.IssuedTokens, grant: tokens.Grant, client: Row) -> Response:
    resource = tokens.token_resource(
        issued, client_id=client.client_id, token_type=grant.token_type, user_id=grant.user_id,
        account_id=grant.account_id, scopes=grant.scopes,
    )
    return json_response(resource, headers=dict(NO_STORE))


@routes.post(
    "/oauth2/token",
    summary="Create an access token from an authorization code, or refresh one",
    openapi=OpenApi(body=_token_request_schema(
            "grant_type", "client_id", "client_secret", "code", "redirect_uri", "code_verifier", "refresh_token",
            "scope", "scopes",
        ),
        body_media="application/x-www-form-urlencoded",
        response="OAuth2Token", error="OAuthRefusal"),
)
def create_token(request: Request) -> Response:
    """Answers 403 when the client credentials are invalid, RFC 6749 §5.2 errors otherwise."""
    form = _form(request)
    presented = _presented(request, form)
    with request.ctx.store.write() as conn:
        client = _client(conn, presented)
        grant_type = _param(form, "grant_type")
        if grant_type == "authorization_code":
            outcome = _exchange_code(conn, client, form, request.ctx.protected_resources)
        elif grant_type == "refresh_token":
            outcome = _refresh(conn, client, form, request.ctx.protected_resources)
        elif grant_type is None:
            raise invalid_request("The grant_type parameter is required")
        else:
            raise OAuthError("unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
    if isinstance(outcome, OAuthError):
        raise outcome  # after the commit: a replay's revocation stands
    return outcome


def _same_resource(form: Form, bound: str | None, known: set[str]) -> OAuthError | None:
    """RFC 8707: a token request may name the resource again, but only the one authorized."""
    named = _param(form, "resource")
    if named is None:
        return None
    try:
        if resource.resolve(named, known) == bound:
            return None
    except OAuthError as exc:
        return exc
    return OAuthError("invalid_target", "resource differs from the one the authorization was for")


def _exchange_code(conn: Connection, client: Row, form: Form, known: set[str]) -> Response | OAuthError:
    code = _required(form, "code")
    redirect_uri = _required(form, "redirect_uri")
    verifier = _param(form, "code_verifier")
    record = codes.find(conn, code)
    if record is None or record.client_id != client.id:
        return invalid_grant("The authorization code is invalid")
    if record.used is not None:
        if record.grant_id is not None:
            tokens.revoke_grant(conn, record.grant_id)
        return invalid_grant("The authorization code was already used; the tokens issued for it are revoked")
    if record.expires <= now_ms():
        return invalid_grant("The authorization code has expired")
    if redirect_uri != record.redirect_uri:
        return invalid_grant("redirect_uri differs from the one used in the authorization request")
    if record.code_challenge is not None:
        if verifier is None:
            return invalid_grant("code_verifier is required: the authorization request carried a code_challenge")
        if not pkce.verify(verifier, record.code_challenge, record.code_challenge_method):
            return invalid_grant("code_verifier does not match the code_challenge")
    elif verifier is not None:
        return invalid_grant("code_verifier given, but the authorization request carried no code_challenge")
    elif oauth_clients.is_public(client):
        return invalid_grant("PKCE is required of public clients")
    wrong_target = _same_resource(form, record.resource, known)
    if wrong_target:
        return wrong_target
    grant_scopes = _valid_scopes(record.scopes.split(), record.token_type)
    if isinstance(grant_scopes, OAuthError):
        return grant_scopes
    grant_id = tokens.create_grant(
        conn, client_pk=client.id, token_type=record.token_type, account_id=record.account_id,
        user_id=record.user_id, scopes=grant_scopes, resource=record.resource,
    )
    if not codes.redeem(conn, record.code_hash, grant_id):
        raise invalid_grant("The authorization code was already used")  # a concurrent exchange won: roll back
    issued = tokens.issue(conn, grant_id, grant_scopes, resource=record.resource)
    return _token_response(issued, tokens.get_grant(conn, grant_id), client)


def _refresh(conn: Connection, client: Row, form: Form, known: set[str]) -> Response | OAuthError:
    token = _required(form, "refresh_token")
    record = tokens.find(conn, token)
    if record is None:
        spent = tokens.spent_grant(conn, token)
        if spent is not None and spent.client_pk == client.id:
            tokens.revoke_grant(conn, spent.id)
            return invalid_grant("The refresh token was already used; the grant is revoked")
        return invalid_grant("The refresh token is invalid")
    grant = record.grant
    if record.kind != "refresh" or grant.client_pk != client.id or not record.live:
        return invalid_grant("The refresh token is invalid, expired or revoked")
    if scopes.OFFLINE_ACCESS not in grant.scopes:
        return invalid_grant("The grant lacks the offline_access scope required to refresh tokens")
    valid = _valid_scopes(grant.scopes, grant.token_type)
    if isinstance(valid, OAuthError):
        return valid
    requested = scopes.named_in(_param(form, "scope"), _scopes_param(form))
    if not {scopes.canonical(s) for s in requested} <= set(grant.scopes):
        return OAuthError("invalid_scope", "A refresh cannot add scopes the grant does not have")
    wrong_target = _same_resource(form, grant.resource, known)
    if wrong_target:
        return wrong_target
    issued = tokens.rotate(conn, record)
    if issued is None:  # exchanged concurrently: two holders of one refresh token
        tokens.revoke_grant(conn, grant.id)
        return invalid_grant("The refresh token was already used; the grant is revoked")
    return _token_response(issued, grant, client)


def _own_token(request: Request, conn) -> tuple:
    """The authenticated client and the presented token when it is that client's, else None."""
    form = _form(request)
    client = _client(conn, _presented(request, form))
    token = _param(form, "token")
    record = tokens.find(conn, token) if token else None
    return client, record if record is not None and record.grant.client_pk == client.id else None


@routes.post(
    "/oauth2/token/introspect",
    summary="Information about an access or refresh token",
    openapi=OpenApi(body=_token_request_schema("client_id", "client_secret", "token"),
        body_media="application/x-www-form-urlencoded",
        response="OAuth2IntrospectToken", error="OAuthRefusal"),
)
def introspect_token(request: Request) -> Response:
    """`{"active": false}` for unknown, expired or revoked tokens and for other clients' tokens."""
    with request.ctx.store.read() as conn:
        client, record = _own_token(request, conn)
    if record is None or not record.live:
        return json_response({"active": False}, headers=dict(NO_STORE))
    return json_response(tokens.introspection(record, client.client_id), headers=dict(NO_STORE))


@routes.post(
    "/oauth2/token/revoke",
    summary="Revoke a token and every other token of its grant",
    openapi=OpenApi(body=_token_request_schema("client_id", "client_secret", "token"),
        body_media="application/x-www-form-urlencoded",
        response_description="Empty body", error="OAuthRefusal"),
)
def revoke_token(request: Request) -> Response:
    """200 with an empty body whenever the client credentials are valid (RFC 7009 §2.2)."""
    with request.ctx.store.write() as conn:
        _, record = _own_token(request, conn)
        if record is not None:
            tokens.revoke_grant(conn, record.grant.id)
    return empty(200)
