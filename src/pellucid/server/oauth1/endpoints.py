"""`POST /oauth/requestToken` and `POST /oauth/accessToken` (seed 002 "Legacy APIs", RFC 5849
§2.1 and §2.3): oauthlib's endpoints over the store. Answers are form-encoded, as RFC 5849
gives them; refusals are `error=...&error_description=...` in the same encoding.
"""

from __future__ import annotations

from typing import Callable
from urllib.parse import parse_qsl, urlencode

from oauthlib.oauth1 import AccessTokenEndpoint, RequestTokenEndpoint
from oauthlib.oauth1.rfc5849.errors import OAuth1Error
from oauthlib.oauth1.rfc5849.signature import collect_parameters

from ..auth.policies import PUBLIC
from ..connectors import secrets
from ..http.request import Request
from ..http.responses import Response
from ..http.routing import OpenApi, RouteTable
from ..oauth.token import CLIENT_RATE
from . import nonces
from .refusals import KeepsProtocolErrors, explain
from .signed import FORM, oauthlib_parts
from .validator import StoreValidator

routes = RouteTable(PUBLIC, tags=("OAuth 1.0",))

NO_STORE = {"Cache-Control": "no-store"}


class _RequestTokens(KeepsProtocolErrors, RequestTokenEndpoint):
    pass


class _AccessTokens(KeepsProtocolErrors, AccessTokenEndpoint):
    pass


Endpoint = _RequestTokens | _AccessTokens


def _answer(request: Request, make: Callable[[StoreValidator], Endpoint], create: str) -> Response:
    """Run one oauthlib token endpoint in one transaction and render its answer."""
    ctx = request.ctx
    uri, method, body, headers = oauthlib_parts(request)
    count, seconds = CLIENT_RATE  # per consumer key, valid or not, before any database work
    ctx.limiter.check(_parameter(uri, body, headers, "oauth_consumer_key") or "", count, seconds, "oauth1-consumer")
    box = secrets.fernet(ctx.store)  # before the transaction: made on first use, in a write of its own
    with ctx.store.write() as conn:
        validator = StoreValidator(ctx.store, box, nonces.for_settings(ctx.settings.redis_url), conn)
        try:
            _, answer, status = getattr(make(validator), create)(uri, method, body, headers)
        except ValueError as malformed:  # oauthlib reads the Authorization header before its own checks
            answer, status = urlencode({"error": "invalid_request", "error_description": str(malformed)}), 400
    if status == 200:
        # Only the credentials RFC 5849 names (oauthlib adds an empty oauth_authorized_realms).
        fields = [(name, value) for name, value in parse_qsl(answer) if name != "oauth_authorized_realms"]
        return Response(200, urlencode(fields).encode(), FORM, dict(NO_STORE))
    if status in (400, 401) and (validator.protocol_error is not None or status == 401):
        status, message = explain(validator, _parameter(uri, body, headers, "oauth_timestamp"))
        error = "invalid_request" if status == 400 else "unauthorized"
        answer = urlencode({"error": error, "error_description": message})
    headers = {**NO_STORE}
    if status == 401:
        headers["WWW-Authenticate"] = f'OAuth realm="{ctx.base_url}"'
    return Response(status, (answer or "").encode(), FORM, headers)


def _form_schema(*fields: str) -> dict:
    return {"type": "object", "properties": {name: {"type": "string"} for name in fields}}


def _parameter(uri: str, body: str | None, headers: dict[str, str], name: str) -> str | None:
    try:
        params = collect_parameters(uri_query=uri.partition("?")[2], body=body, headers=headers)
    except (ValueError, OAuth1Error):
        return None
    return dict(params).get(name)


REFUSAL = _form_schema("error", "error_description")  # RFC 5849 gives no format; ours, form-encoded


@routes.post("/oauth/requestToken", summary="Obtain a request token (OAuth 1.0 temporary credentials)",
             openapi=OpenApi(response=_form_schema("oauth_token", "oauth_token_secret", "oauth_callback_confirmed"),
                             response_media=FORM, error=REFUSAL, error_media=FORM,
                             headers={"Authorization": "OAuth ... (or the oauth_ parameters in the query or a form body)"}))
def request_token(request: Request) -> Response:
    """Signed with the consumer key and secret; `oauth_callback` is required (no `oob`)."""
    return _answer(request, _RequestTokens, "create_request_token_response")


@routes.post("/oauth/accessToken", summary="Exchange an authorized request token for an access token (OAuth 1.0)",
             openapi=OpenApi(response=_form_schema("oauth_token", "oauth_token_secret"), response_media=FORM,
                             error=REFUSAL, error_media=FORM,
                             headers={"Authorization": "OAuth ... with oauth_token and oauth_verifier"}))
def access_token(request: Request) -> Response:
    """Signed with the consumer and request token secrets, with the `oauth_verifier` of the callback."""
    return _answer(request, _AccessTokens, "create_access_token_response")
