"""The API families and how each admits a request: versioning, token, scope, rate limit.

Every route names its family; the dispatcher calls `family.admit(request, route)` before the
handler, so no handler checks tokens itself.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ..http.errors import ApiError, bad_request, forbidden, unauthorized
from . import scopes as scope_rules
from . import tokens

if TYPE_CHECKING:  # pragma: no cover
    from ..http.request import Request
    from ..http.routing import Route

DATA_SERVICE_SCOPE = "data-service.admin"
V1_PREFIX = "/v1"  # REST and connector routes are also served under it (seed 002: it selects version 1)


def bearer_token(request: "Request") -> str | None:
    """The token of an `Authorization: Bearer` header, None without one."""
    header = request.header("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def oauth1_signed(request: "Request") -> bool:
    """Whether the request carries an OAuth 1.0 signature (imported late: a cycle)."""
    from ..oauth1.signed import is_signed

    return is_signed(request)


def authenticate(request: "Request"):
    """The caller behind the bearer token (set on the request), or 401."""
    token = bearer_token(request)
    if token is None:
        if oauth1_signed(request):
            raise unauthorized("OAuth 1.0 signed requests are accepted by the Data Service only: this API needs an "
                               "OAuth 2.0 bearer token (`Authorization: Bearer <access token>`)")
        raise unauthorized("An OAuth 2.0 bearer token is required: send `Authorization: Bearer <access token>`")
    principal = tokens.authenticate(request.ctx.store, token)
    if principal is None:
        raise unauthorized("The access token is invalid, expired or revoked")
    request.principal = principal
    return principal


class Public:
    """No token: health checks, well-known documents, web pages, the token endpoint."""

    name = "public"

    def admit(self, request: "Request", route: "Route") -> None:
        """Everyone is admitted."""
        return None

    def openapi_security(self, route: "Route") -> list:
        """No security requirement."""
        return []


class DataService:
    """Seed 001/002 Data API: `Accept: application/json;v=1`, user tokens with data-service.admin,
    or a request signed with OAuth 1.0 user credentials (which act as such a token)."""

    name = "data"

    def admit(self, request: "Request", route: "Route") -> None:
        """Version, user token, data-service.admin scope, rate limit; 4xx otherwise."""
        check_accept_version(request.header("accept"))
        if bearer_token(request) is None and oauth1_signed(request):
            from ..oauth1.resource import authenticate as authenticate_signed

            principal = request.principal = authenticate_signed(request)
        else:
            principal = authenticate(request)
        if principal.token_type != "user":
            raise forbidden("Only user OAuth 2.0 tokens are valid for the Data API")
        if not scope_rules.satisfies(principal.scopes, (DATA_SERVICE_SCOPE,)):
            raise forbidden(f"The access token lacks the {DATA_SERVICE_SCOPE} scope")
        count_data_request(request, principal)

    def openapi_security(self, route: "Route") -> list:
        """OAuth 2.0 with data-service.admin, or an OAuth 1.0 signature."""
        return [{"oauth2": [DATA_SERVICE_SCOPE]}, {"oauth1": []}]


class Rest:
    """Seed 002 REST API: `Lucid-Api-Version: 1` or a /v1 prefix, token types and scopes per route."""

    name = "rest"

    def admit(self, request: "Request", route: "Route") -> None:
        """Version (header or /v1), token, token type, scopes and rate limits; 4xx otherwise."""
        if route.prefix != V1_PREFIX:
            version = request.header("lucid-api-version")
            if version is None:
                raise bad_request("Send the `Lucid-Api-Version: 1` header or prefix the path with /v1")
            if version.strip() != "1":
                raise bad_request(f"Unsupported Lucid-Api-Version {version!r}; this server supports version 1")
        principal = authenticate(request)
        if principal.token_type not in route.token_types:
            raise forbidden(f"{principal.token_type.capitalize()} tokens cannot be used with this endpoint")
        if route.scopes and not scope_rules.satisfies(principal.scopes, route.scopes):
            raise forbidden("The access token lacks a scope this endpoint requires: one of " + ", ".join(route.scopes))
        limits = request.ctx.settings.rate_limits
        per_second = limits.rest_user_per_second if principal.token_type == "user" else limits.rest_account_per_second
        limiter = request.ctx.limiter
        limiter.check(principal.rate_key, per_second, 1, "rest")
        for limit in route.limits:
            limiter.check(f"account:{principal.account_id}", limit.count, limit.seconds, limit.name)

    def openapi_security(self, route: "Route") -> list:
        """OAuth 2.0 with any one of the route's scopes."""
        return [{"oauth2": list(route.scopes)}]


class DataUpdate:
    """Calls a data connector makes (dataSource/update, data-sync endpoints): a
    `data-update-token` header instead of an OAuth token; `Lucid-Api-Version`, when sent, is 1."""

    name = "data-update"

    def admit(self, request: "Request", route: "Route") -> None:
        """A live data-update-token (set on the request as the principal), or 401."""
        from . import update_tokens

        version = request.header("lucid-api-version")
        if version is not None and version.strip() != "1":
            raise bad_request(f"Unsupported Lucid-Api-Version {version!r}; this server supports version 1")
        token = request.header("data-update-token")
        if not token:
            raise unauthorized("A data-update-token header is required: the token of a data connector action")
        with request.ctx.store.read() as conn:
            grant = update_tokens.authenticate(conn, token)
        if grant is None:
            raise unauthorized("The data-update-token is invalid, expired or revoked")
        request.principal = grant

    def openapi_security(self, route: "Route") -> list:
        """The data-update-token header."""
        return [{"dataUpdateToken": []}]


def count_data_request(request: "Request", principal) -> None:
    """Count a Data Service read against the user's per-minute limit (429 beyond it): API calls,
    and the console's data pages, which read the same data for the same person."""
    limits = request.ctx.settings.rate_limits
    request.ctx.limiter.check(principal.rate_key, limits.data_service_per_minute, 60, "data")


def check_accept_version(accept: str | None) -> None:
    """`application/json;v=1` selects version 1; no version means the latest, which is 1."""
    if not accept:
        return
    version = _requested_version(accept)
    if version is not None:
        raise ApiError(
            406, "badRequest",
            f"Unsupported Data Service API version {version!r}; use `Accept: application/json;v=1`",
            {"supported": ["application/json;v=1"]},
        )


@lru_cache(maxsize=256)
def _requested_version(accept: str) -> str | None:
    """The first version other than 1 that `accept` asks for, None when it asks for none (clients
    send the same few headers on every request)."""
    for media_range in accept.split(","):
        for parameter in media_range.split(";")[1:]:
            name, _, value = parameter.strip().partition("=")
            if name.strip().lower() == "v" and value.strip().strip('"') != "1":
                return value.strip()
    return None


PUBLIC = Public()
DATA_SERVICE = DataService()
REST = Rest()
DATA_UPDATE = DataUpdate()
