"""`POST /oauth2/register`: OAuth 2.0 Dynamic Client Registration (RFC 7591).

How MCP clients (assistants, IDEs) that know nothing of this server get a client id: open
registration, as the MCP authorization spec expects, throttled per address. A registered client
still needs a user's consent for every grant; the consent page marks it as self-registered.
"""

from __future__ import annotations

from typing import Any

from ..auth import scopes
from ..auth.policies import PUBLIC
from ..http.errors import ApiError
from ..http.request import Request
from ..http.responses import Response, json_response
from ..http.routing import OpenApi, RouteTable
from ..store import oauth_clients
from . import redirect_uris
from .errors import NO_STORE, OAuthError

routes = RouteTable(PUBLIC, tags=("OAuth 2.0",))

AUTH_METHODS = ("none", "client_secret_post", "client_secret_basic")
GRANT_TYPES = ("authorization_code", "refresh_token")
REGISTER_RATE = (30, 600)  # registrations per client address per 10 minutes
_TEXT_FIELDS = ("client_uri", "logo_uri", "tos_uri", "policy_uri", "software_id", "software_version")


def _invalid(description: str) -> OAuthError:
    return OAuthError("invalid_client_metadata", description)


def _strings(body: dict, name: str, default: list[str]) -> list[str]:
    value = body.get(name, default)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _invalid(f"{name} must be an array of strings")
    return value


def read_metadata(body: Any) -> tuple[oauth_clients.ClientSpec, dict[str, Any]]:
    """The client to register and the metadata to echo, or an RFC 7591 3.2.2 error."""
    if not isinstance(body, dict):
        raise _invalid("The body must be a JSON object of client metadata")
    application_type = body.get("application_type", "web")  # OIDC registration's default
    if application_type not in ("web", "native"):
        raise _invalid("application_type must be web or native")
    uris = _strings(body, "redirect_uris", [])
    if not uris:
        raise OAuthError("invalid_redirect_uri", "redirect_uris must list at least one redirect URI")
    for uri in uris:
        problem = redirect_uris.problem(uri, application_type)
        if problem:
            raise OAuthError("invalid_redirect_uri", problem)
    method = body.get("token_endpoint_auth_method", "client_secret_basic")  # RFC 7591 2
    if method not in AUTH_METHODS:
        raise _invalid(f"token_endpoint_auth_method must be one of {', '.join(AUTH_METHODS)}")
    grant_types = _strings(body, "grant_types", ["authorization_code"])
    if not grant_types or not set(grant_types) <= set(GRANT_TYPES):
        raise _invalid(f"grant_types may hold only {' and '.join(GRANT_TYPES)}")
    if set(_strings(body, "response_types", ["code"])) != {"code"}:
        raise _invalid("response_types must be [\"code\"]")
    name = body.get("client_name", "Unnamed application")
    if not isinstance(name, str) or not name.strip():
        raise _invalid("client_name must be a non-empty string")
    scope = body.get("scope")
    if scope is not None and (not isinstance(scope, str) or not all(scopes.is_known(s) for s in scope.split())):
        raise _invalid("scope must be a space-separated list of this server's scopes")
    echoed: dict[str, Any] = {
        "client_name": name.strip()[:200], "redirect_uris": uris, "token_endpoint_auth_method": method,
        "grant_types": grant_types, "response_types": ["code"], "application_type": application_type,
    }
    if scope is not None:
        echoed["scope"] = scope
    for field in _TEXT_FIELDS:
        if field in body:
            if not isinstance(body[field], str):
                raise _invalid(f"{field} must be a string")
            echoed[field] = body[field]
    if "contacts" in body:
        echoed["contacts"] = _strings(body, "contacts", [])
    spec = oauth_clients.ClientSpec(
        name=echoed["client_name"], redirect_uris=uris, auth_method=method,
        application_type=application_type, registration="dynamic", metadata=echoed,
    )
    return spec, echoed


@routes.post("/oauth2/register", summary="Register a client (OAuth 2.0 Dynamic Client Registration, RFC 7591)",
             status=201, openapi=OpenApi(body={"type": "object"}, error="OAuthRefusal"))
def register_client(request: Request) -> Response:
    """201 with the client information (`client_id`, the secret of a confidential client, the
    metadata as registered); 400 `invalid_redirect_uri` / `invalid_client_metadata` otherwise."""
    count, seconds = REGISTER_RATE
    request.ctx.limiter.check(request.client_host or "-", count, seconds, "oauth-register")
    try:
        body = request.json()
    except ApiError:
        raise _invalid("The body must be a JSON object of client metadata") from None
    spec, echoed = read_metadata(body)
    with request.ctx.store.write() as conn:
        client, secret = oauth_clients.register(conn, spec)
    issued = client.created // 1000
    information = {"client_id": client.client_id, "client_id_issued_at": issued, **echoed}
    if secret is not None:
        information.update(client_secret=secret, client_secret_expires_at=0)  # 0: never expires
    return json_response(information, 201, headers=dict(NO_STORE))

