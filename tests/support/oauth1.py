"""OAuth 1.0 credentials for tests, signed by an independent client: Authlib's, not pellucid's SDK
(nor oauthlib, which the server uses)."""

from __future__ import annotations

import os
import warnings

import authlib.deprecate  # noqa: F401 - it puts an "always" filter first; ours goes before it

# Authlib refuses http:// unless told otherwise; the test servers listen on plain HTTP.
os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")
warnings.filterwarnings("ignore", message="The httpx module is deprecated")  # Authlib's move to httpx2

from authlib.integrations.httpx_client import OAuth1Auth, OAuth1Client  # noqa: E402,F401

from tests.support.harness import Server  # noqa: E402

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
