"""OAuth 1.0 credentials for tests, signed by an independent client: Authlib's, not pellucid's SDK
(nor oauthlib, which the server uses)."""

from __future__ import annotations

import os
from typing import Generator

import httpx
from authlib.integrations.base_client import OAuthError
from authlib.oauth1 import SIGNATURE_HMAC_SHA1, SIGNATURE_TYPE_HEADER, ClientAuth
from authlib.oauth1.client import OAuth1Client as _FrameworkFreeClient

from tests.support.harness import Server

# Authlib refuses http:// unless told otherwise; the test servers listen on plain HTTP.
os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")


# Authlib's own httpx integration binds to `httpx2` when that is installed (the mcp extra brings
# it), so these bind Authlib's framework-free OAuth 1.0 client to the httpx the tests use.
class OAuth1Auth(httpx.Auth, ClientAuth):
    """Signs each httpx request with Authlib (RFC 5849)."""

    requires_request_body = True

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        url, headers, body = self.prepare(request.method, str(request.url), request.headers, request.content)
        headers["Content-Length"] = str(len(body))
        signed = httpx.Request(request.method, url, headers=headers, content=body)
        signed.extensions = request.extensions
        yield signed


class OAuth1Client(_FrameworkFreeClient, httpx.Client):
    """Authlib's OAuth 1.0 client (request token, authorization URL, access token) over httpx."""

    auth_class = OAuth1Auth

    def __init__(self, client_id, client_secret=None, token=None, token_secret=None, redirect_uri=None,
                 rsa_key=None, verifier=None, signature_method=SIGNATURE_HMAC_SHA1,
                 signature_type=SIGNATURE_TYPE_HEADER, force_include_body=False, **kwargs) -> None:
        httpx.Client.__init__(self, **{k: kwargs.pop(k) for k in ("transport", "timeout", "base_url") if k in kwargs})
        _FrameworkFreeClient.__init__(
            self, self, client_id=client_id, client_secret=client_secret, token=token, token_secret=token_secret,
            redirect_uri=redirect_uri, rsa_key=rsa_key, verifier=verifier, signature_method=signature_method,
            signature_type=signature_type, force_include_body=force_include_body, **kwargs,
        )

    @staticmethod
    def handle_error(error_type, error_description):
        raise OAuthError(error_type, error_description)



_consumers: dict[int, dict] = {}


def consumer_of(server: Server) -> dict:
    """One consumer per server, registered on first use."""
    if id(server) not in _consumers:
        _consumers[id(server)] = server.consumer()
    return _consumers[id(server)]


def signer(server: Server, user_id: int, **options) -> OAuth1Auth:
    """An `httpx.Auth` signing each request with new token credentials of `user_id` (HMAC-SHA1)."""
    consumer = consumer_of(server)
    token = server.oauth1_token(consumer, user_id)
    # force_include_body: Authlib otherwise drops JSON bodies (they take no part in the signature).
    return OAuth1Auth(consumer["consumer_key"], consumer["consumer_secret"], token["oauth_token"],
                      token["oauth_token_secret"], force_include_body=True, **options)
