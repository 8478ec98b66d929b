"""Signed OAuth 1.0 requests to the Data Service: oauthlib's `ResourceEndpoint` checks them
against the store, and a valid one acts as its token's user with the rights of an OAuth 2.0
user token carrying `data-service.admin`.

Refusals are 401 with a message that says which check failed (unknown consumer, token, nonce,
timestamp, signature); malformed protocol parameters are 400 (RFC 5849 §3.2).
"""

from __future__ import annotations

from typing import Any

from oauthlib.oauth1 import ResourceEndpoint
from oauthlib.oauth1.rfc5849.errors import OAuth1Error

from ..auth.policies import DATA_SERVICE_SCOPE
from ..auth.principal import Principal
from ..connectors import secrets
from ..http.errors import ApiError, bad_request
from ..http.request import Request
from . import header_signed, nonces
from .refusals import KeepsProtocolErrors, explain
from .signed import oauthlib_parts
from .validator import Refusal, StoreValidator

DATA_SERVICE_SCOPES = frozenset({DATA_SERVICE_SCOPE})


class _Endpoint(KeepsProtocolErrors, ResourceEndpoint):
    pass


def unauthorized(message: str, request: Request) -> ApiError:
    """401 with the `WWW-Authenticate: OAuth` challenge an OAuth 1.0 client expects."""
    realm = request.ctx.base_url
    return ApiError(401, "unauthorized", message, headers={"WWW-Authenticate": f'OAuth realm="{realm}"'})


def authenticate(request: Request) -> Principal:
    """The principal of a validly signed request; ApiError (401 or 400) saying why not otherwise."""
    ctx = request.ctx
    remembered = nonces.for_settings(ctx.settings.redis_url)
    box = secrets.fernet(ctx.store)
    token = header_signed.check(request, ctx.store, box, remembered)
    if token is header_signed.REPLAYED:
        raise unauthorized(Refusal.REPLAYED_NONCE, request)
    if token is not None:
        return _principal(token)
    parts = oauthlib_parts(request)
    # No transaction: every lookup is one statement, and so is recording the nonce.
    validator = StoreValidator(ctx.store, box, remembered)
    endpoint = _Endpoint(validator)
    try:
        valid, signed = endpoint.validate_protected_resource_request(*parts)
    except ValueError as malformed:  # oauthlib reads the Authorization header before its own checks
        raise bad_request(f"Malformed OAuth 1.0 request: {malformed}") from None
    token = validator.access_token(signed.resource_owner_key) if valid else None
    if token is not None:
        return _principal(token)
    raise _refusal(request, endpoint, parts, signed)


def _principal(token: Any) -> Principal:
    """A signed request acts as its token's user with the data-service.admin scope."""
    return Principal(
        token_type="user", account_id=token.account_id, user_id=token.user_id, scopes=DATA_SERVICE_SCOPES,
        client_id=token.consumer_id, grant_id=token.id, protocol="oauth1",
    )


def _refusal(request: Request, endpoint: _Endpoint, parts: tuple, signed: Any) -> ApiError:
    if signed is None:  # the parameters could not even be read: say why
        try:
            endpoint._create_request(*parts)  # noqa: SLF001 - the same parse, for its message
        except OAuth1Error as error:
            return bad_request(f"Malformed OAuth 1.0 request: {error.description}")
        return bad_request("Malformed OAuth 1.0 request")
    if endpoint.request_validator.protocol_error is None and not signed.resource_owner_key:
        return unauthorized("OAuth 1.0 Data Service requests need an access token (oauth_token): "
                            "requests signed with the consumer key alone are not accepted", request)
    status, message = explain(endpoint.request_validator, signed.timestamp)
    return unauthorized(message, request) if status == 401 else bad_request(message)
