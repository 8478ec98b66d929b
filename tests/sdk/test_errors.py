"""Error statuses of the real server map to the SDK's exception classes, with Lucid's error object
(code, message, details) and the request id."""

from __future__ import annotations

import httpx
import pytest

from pellucid.sdk import (
    APIConnectionError,
    APIError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    LockedError,
    Lucid,
    NotFoundError,
    PermissionDeniedError,
)
from pellucid.sdk.errors import from_response
from pellucid.server.store import collections as store_collections
from pellucid.server.store.db import now_ms
from tests.support.harness import free_port

from .conftest import Env

pytestmark = pytest.mark.wire


def test_not_found_carries_code_message_and_request_id(env: Env, data: Lucid):
    seen: list[httpx.Response] = []
    data_client = env.lucid(getattr(data.token_provider, "access_token", None), oauth1=data.oauth1,
                            http_client=httpx.Client(transport=env.server.client._transport,
                                                     event_hooks={"response": [seen.append]}))
    with pytest.raises(NotFoundError) as raised:
        data_client.data.data_sets.get(10**9)
    error = raised.value
    assert isinstance(error, APIStatusError) and isinstance(error, APIError)
    assert (error.status_code, error.code) == (404, "notFound") and "not found" in error.message
    assert error.request_id == seen[-1].headers["x-request-id"] and error.response is seen[-1]
    assert str(error) == f"[404 notFound] {error.message} (request id {error.request_id})"


def test_bad_filter_is_a_bad_request_with_details(data: Lucid):
    collection = data.data.collections.create(data.data.data_sources.create("S"), "C",
                                              schema=[{"name": "age", "fieldType": "NUMBER"}])
    with pytest.raises(BadRequestError) as raised:
        list(data.data.items.list(collection, filter="age >"))
    assert raised.value.code == "badRequest" and raised.value.details["position"] >= 0


def test_scope_missing_is_permission_denied(env: Env):
    client = env.lucid(env.user_token(["user.profile"])["access_token"])
    with pytest.raises(PermissionDeniedError) as raised:
        client.data.data_sets.count()  # HEAD: no body, so only the status and headers speak
    assert raised.value.status_code == 403 and raised.value.request_id


def test_bad_token_is_authentication_error(env: Env):
    with pytest.raises(AuthenticationError) as raised:
        env.lucid("oauth2-not-a-token").users.profile()
    assert raised.value.code == "unauthorized"


def test_syncing_collection_is_locked(env: Env, data: Lucid):
    collection = data.data.collections.create(data.data.data_sources.create("S"), "C",
                                              schema=[{"name": "A", "fieldType": "STRING"}])
    with env.server.store.write() as conn:  # set-up: a refresh in progress, as adapters do
        store_collections.set_sync_started(conn, collection.id, now_ms())
    try:
        assert data.data.collections.get(collection).sync_started is not None
        with pytest.raises(LockedError) as raised:
            data.data.items.list(collection)
        assert raised.value.status_code == 423
    finally:
        with env.server.store.write() as conn:
            store_collections.set_sync_started(conn, collection.id, None)


def test_nothing_listening_is_a_connection_error():
    client = Lucid("oauth2-x", base_url=f"http://127.0.0.1:{free_port()}", max_retries=0)
    with pytest.raises(APIConnectionError) as raised:
        client.users.profile()
    assert raised.value.request is not None and raised.value.request.url.path == "/users/me/profile"


def test_error_objects_of_every_shape():
    request = httpx.Request("POST", "https://api.lucid.co/oauth2/token")
    oauth = from_response(httpx.Response(400, json={"error": "invalid_grant", "error_description": "used"},
                                         request=request))
    assert (type(oauth), oauth.code, oauth.message) == (BadRequestError, "invalid_grant", "used")
    html = from_response(httpx.Response(502, text="<html>bad gateway</html>", request=request,
                                        headers={"x-request-id": "R1"}))
    assert html.status_code == 502 and html.request_id == "R1" and "bad gateway" in html.message
    teapot = from_response(httpx.Response(418, request=request))
    assert type(teapot) is APIStatusError and teapot.message == "I'm a teapot"
