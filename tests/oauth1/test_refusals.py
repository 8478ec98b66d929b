"""Each refusal of a signed request has its own 401 message (RFC 5849 §3.2), and none tells
anything about another consumer."""

from __future__ import annotations

import time
from unittest import mock
from urllib.parse import parse_qsl

import httpx
import pytest

from tests.support.harness import start_inprocess
from tests.support.oauth1 import OAuth1Auth

from .conftest import ACCEPT_V1, CALLBACK, Legacy

pytestmark = pytest.mark.wire

CLIENT_AUTH = "authlib.oauth1.rfc5849.client_auth"


@pytest.fixture
def token(legacy) -> dict:
    return legacy.server.oauth1_token(legacy.consumer, legacy.user["userId"])


def refused(response: httpx.Response) -> str:
    assert response.status_code == 401, response.text
    assert response.json()["code"] == "unauthorized"
    assert response.headers["www-authenticate"].startswith("OAuth realm=")
    return response.json()["message"]


def signed(legacy: Legacy, auth: httpx.Auth, path: str = "/dataSets") -> httpx.Request:
    """A signed request, ready to be sent (and sent again)."""
    return next(auth.sync_auth_flow(legacy.server.client.build_request("GET", path, headers=ACCEPT_V1)))


def test_unknown_consumer(legacy, token):
    auth = OAuth1Auth("no-such-consumer", "secret", token["oauth_token"], token["oauth_token_secret"])
    assert refused(legacy.get("/dataSets", auth)) == "Unknown OAuth consumer key"


def test_bad_signature(legacy, token):
    auth = OAuth1Auth(legacy.consumer["consumer_key"], "not-the-secret", token["oauth_token"], token["oauth_token_secret"])
    assert refused(legacy.get("/dataSets", auth)).startswith("Invalid OAuth signature")


def test_tampered_request(legacy, token):
    request = signed(legacy, legacy.auth(token))
    tampered = legacy.server.client.build_request("GET", "/dataSources", headers=dict(request.headers))
    assert refused(legacy.server.client.send(tampered)).startswith("Invalid OAuth signature")


@pytest.mark.parametrize("offset", [-3600, 3600])
def test_timestamp_outside_the_window(legacy, token, offset):
    with mock.patch(f"{CLIENT_AUTH}.generate_timestamp", return_value=int(time.time()) + offset):
        message = refused(legacy.get("/dataSets", legacy.auth(token)))
    assert message.startswith("The oauth_timestamp is more than 300 seconds away")


def test_replayed_nonce(legacy, token):
    request = signed(legacy, legacy.auth(token))
    assert legacy.server.client.send(request).status_code == 200
    assert refused(legacy.server.client.send(request)).startswith("The oauth_nonce was already used")


def test_unknown_revoked_and_foreign_tokens_are_refused_alike(legacy, server, token):
    """Another consumer's token answers exactly like a token that does not exist."""
    other = Legacy(server, server.consumer([CALLBACK]), legacy.user)
    foreign = other.server.oauth1_token(other.consumer, legacy.user["userId"])
    messages = {
        refused(legacy.get("/dataSets", legacy.auth({"oauth_token": "no-such-token", "oauth_token_secret": "x"}))),
        refused(legacy.get("/dataSets", legacy.auth(foreign))),
    }
    assert messages == {"The oauth_token is invalid, expired or revoked"}


def test_each_refusal_has_its_own_message(legacy, token):
    auth = legacy.auth(token)
    request = signed(legacy, auth)
    legacy.server.client.send(request)
    with mock.patch(f"{CLIENT_AUTH}.generate_timestamp", return_value=int(time.time()) - 3600):
        expired = refused(legacy.get("/dataSets", auth))
    messages = [
        refused(legacy.get("/dataSets", OAuth1Auth("nobody", "x", token["oauth_token"], token["oauth_token_secret"]))),
        refused(legacy.get("/dataSets", legacy.auth({**token, "oauth_token_secret": "wrong"}))),
        expired,
        refused(legacy.server.client.send(request)),
        refused(legacy.get("/dataSets", legacy.auth({**token, "oauth_token": "unknown"}))),
    ]
    assert len(set(messages)) == len(messages)


def test_token_endpoints_refuse_with_form_encoded_messages(legacy):
    client = OAuth1Auth("nobody", "x", redirect_uri=CALLBACK)
    response = legacy.server.client.post("/oauth/requestToken", auth=client)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/x-www-form-urlencoded"
    assert dict(parse_qsl(response.text)) == {"error": "unauthorized", "error_description": "Unknown OAuth consumer key"}
    with mock.patch(f"{CLIENT_AUTH}.generate_timestamp", return_value=int(time.time()) - 3600):
        stale = legacy.client().post(legacy.url("/oauth/requestToken"))
    assert stale.status_code == 401 and "oauth_timestamp" in dict(parse_qsl(stale.text))["error_description"]


@pytest.mark.parametrize(("header", "fragment"), [
    ('OAuth oauth_consumer_key="a", oauth_consumer_key="b"', "Malformed OAuth 1.0 request"),
    ('OAuth oauth_consumer_key="a"', "Malformed OAuth 1.0 request"),
])
def test_malformed_protocol_parameters_are_400(server, header, fragment):
    response = server.client.get("/dataSets", headers={"Authorization": header, **ACCEPT_V1})
    assert response.status_code == 400, response.text
    assert fragment in response.json()["message"]


def test_several_servers_over_one_database_agree_on_nonces(legacy, token):
    """A request replayed to another server process over the same database is refused there."""
    other = start_inprocess(legacy.server.database_url)
    try:
        assert_replay_refused_across(legacy, other, token)
    finally:
        other.stop()


def test_several_servers_sharing_redis_agree_on_nonces(legacy, token):
    first = start_inprocess(legacy.server.database_url, redis_url="redis://127.0.0.1:6379/0")
    second = start_inprocess(legacy.server.database_url, redis_url="redis://127.0.0.1:6379/0")
    try:
        assert_replay_refused_across(Legacy(first, legacy.consumer, legacy.user), second, token)
    finally:
        first.stop()
        second.stop()


def assert_replay_refused_across(legacy: Legacy, other, token: dict) -> None:
    nonce, now = f"shared-nonce-{time.time_ns()}", int(time.time())
    with mock.patch(f"{CLIENT_AUTH}.generate_nonce", return_value=nonce), \
            mock.patch(f"{CLIENT_AUTH}.generate_timestamp", return_value=now):
        assert legacy.get("/dataSets", legacy.auth(token)).status_code == 200
        again = other.client.get("/dataSets", auth=legacy.auth(token), headers=ACCEPT_V1)  # signed for `other`'s URL
    assert refused(again).startswith("The oauth_nonce was already used")
