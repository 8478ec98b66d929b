"""`/embeds?token=...` opens only with a session token this server signed, unexpired, of type
`embed`, for this server; and only the token's origin may frame what it opens."""

from __future__ import annotations

import time

import jwt
import pytest

from pellucid.server.store import server_state
from tests.oauth.flow import browser

from .sessions import APP_ORIGIN, EMBED_SCOPES, frame_ancestors, open_embed, session_token

pytestmark = pytest.mark.wire


def _claims(server, token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def _signed(server, claims: dict) -> str:
    return jwt.encode(claims, server_state.get_or_create(server.store, "embed_token_secret"), algorithm="HS256")


def _refused(server, token: str | None, status: int, says: str) -> None:
    page = browser(server).get("/embeds", params={} if token is None else {"token": token})
    assert page.status_code == status, page.text
    assert says in page.text
    assert frame_ancestors(page) == "frame-ancestors 'none'"  # a refused token names no origin to trust
    assert page.headers["x-frame-options"] == "DENY"
    assert "lucid-embed" not in page.text  # no message goes anywhere


def test_a_valid_token_opens_the_picker_framed_by_its_origin_only(actors):
    user = actors.user(EMBED_SCOPES)
    page = open_embed(user)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert frame_ancestors(page) == f"frame-ancestors {APP_ORIGIN}"
    assert "x-frame-options" not in page.headers  # it would forbid the app's frame in older browsers
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert "Choose a document to embed" in page.text


def test_a_token_with_another_origin_is_framed_by_that_origin(actors):
    user = actors.user(EMBED_SCOPES)
    page = open_embed(user, origin="http://127.0.0.1:9000")
    assert frame_ancestors(page) == "frame-ancestors http://127.0.0.1:9000"


def test_no_token(server):
    _refused(server, None, 400, "needs the embed session token")


def test_a_bad_signature(actors, server):
    token = session_token(actors.user(EMBED_SCOPES))
    head, body, signature = token.split(".")
    forged = jwt.encode(_claims(server, token), "a key that is not the server's, long enough for HS256")
    _refused(server, forged, 401, "signature is not valid")
    widened = jwt.encode({**_claims(server, token), "origin": "https://evil.example"}, "k" * 32).split(".")[1]
    _refused(server, f"{head}.{widened}.{signature}", 401, "signature is not valid")  # claims changed, not re-signed


def test_an_expired_token_is_refused_in_its_origins_frame(actors, server):
    claims = _claims(server, session_token(actors.user(EMBED_SCOPES)))
    expired = {**claims, "iat": claims["iat"] - 700, "exp": int(time.time()) - 1}
    page = browser(server).get("/embeds", params={"token": _signed(server, expired)})
    assert page.status_code == 401 and "has expired" in page.text and "Choose a document" not in page.text
    assert frame_ancestors(page) == f"frame-ancestors {APP_ORIGIN}"  # its signature vouches for the origin
    forged = jwt.encode(expired, "a key that is not the server's, long enough for HS256")
    _refused(server, forged, 401, "signature is not valid")  # an expired forgery vouches for nothing
    _refused(server, _signed(server, {**expired, "aud": "https://lucid.app"}), 401, "has expired")  # not ours
    _refused(server, _signed(server, {**expired, "token_type": "access"}), 401, "has expired")


def test_a_token_of_another_type(actors, server):
    claims = _claims(server, session_token(actors.user(EMBED_SCOPES)))
    _refused(server, _signed(server, {**claims, "token_type": "access"}), 401, "not an embed session token")
    _refused(server, _signed(server, {key: value for key, value in claims.items() if key != "token_type"}), 401,
             "not an embed session token")


def test_a_token_for_another_server_or_without_an_origin(actors, server):
    claims = _claims(server, session_token(actors.user(EMBED_SCOPES)))
    _refused(server, _signed(server, {**claims, "aud": "https://lucid.app"}), 401, "not meant for this server")
    _refused(server, _signed(server, {**claims, "origin": "*"}), 401, "not meant for this server")
    _refused(server, "not.a.jwt", 401, "not meant for this server")


def test_the_token_endpoint_wants_an_origin_not_a_page(actors):
    user = actors.user(EMBED_SCOPES)
    refused = user.api.post("/embeds/token", json={"origin": "https://yourapp.example/page"})
    assert refused.status_code == 400 and "origin" in refused.json()["message"]
    token = session_token(user, origin="HTTPS://YourApp.Example:443/")
    assert jwt.decode(token, options={"verify_signature": False})["origin"] == "https://yourapp.example"
