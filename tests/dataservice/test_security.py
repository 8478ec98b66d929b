"""Who may call the Data Service: tokens, scopes, versions, limits (every endpoint group)."""

from __future__ import annotations

import pytest

from pellucid.server.settings import RateLimits
from tests.support.harness import start_inprocess

from .conftest import ACCEPT_V1, DataUser, make_user, path

pytestmark = pytest.mark.wire


@pytest.fixture
def estate(alice):
    """One of everything, owned by alice."""
    data_set = alice.data_set()
    source = alice.data_source()
    collection = alice.collection(source, schema=[{"name": "A", "fieldType": "STRING", "isPrimary": True}])
    (item,) = alice.add_items(collection, [{"A": "1"}])
    field = alice.ok(alice.http.get(path(collection["schema"])))[0]
    (grant,) = alice.ok(alice.http.get("/sourceGrants", params={"dataSource": source["uri"]}))
    return {
        "GET /": ("GET", "/", None),
        "data sets": ("GET", path(data_set["uri"]), None),
        "data set properties": ("GET", path(data_set["properties"]), None),
        "data set grants": ("GET", "/dataSetGrants?dataSet=" + data_set["uri"], None),
        "data sources": ("GET", path(source["uri"]), None),
        "source grants": ("GET", path(grant["uri"]), None),
        "collections": ("GET", path(collection["uri"]), None),
        "metadata": ("GET", path(collection["metadata"]), None),
        "collection properties": ("GET", path(collection["properties"]), None),
        "schema": ("GET", path(field["uri"]), None),
        "items": ("GET", path(item["uri"]), None),
        "items by key": ("POST", path(collection["uri"]) + "/itemsByKey", {"targetValues": [{"fieldValues": ["1"]}]}),
        "create items": ("POST", path(collection["items"]), [{"A": "2"}]),
        # a value the schema refuses: refused for the caller's lack of access, never for the schema
        "create bad items": ("POST", path(collection["items"]), [{"A": {"nested": 1}}]),
    }


OWNED = ["data sets", "data set properties", "data set grants", "data sources", "source grants", "collections",
         "metadata", "collection properties", "schema", "items", "items by key", "create items", "create bad items"]


def call(server, who, estate_entry, **headers):
    """`who`: a DataUser (either credential), a bearer token, or None."""
    method, url, body = estate_entry
    headers = {"accept": ACCEPT_V1} | headers
    caller = who.caller(**headers) if isinstance(who, DataUser) else server.caller(who, **headers)
    return caller.request(method, url, json=body)


def test_no_token_is_401(server, estate):
    for name, entry in estate.items():
        response = call(server, None, entry)
        assert response.status_code == 401, name
        assert response.json()["code"] == "unauthorized"


def test_garbage_and_malformed_tokens_are_401(server, estate):
    for name, entry in estate.items():
        assert call(server, "oauth2-not-a-token", entry).status_code == 401, name
    response = server.client.get("/", headers={"Authorization": "Basic abc", "Accept": ACCEPT_V1})
    assert response.status_code == 401


def test_expired_token_is_401(server, estate):
    user = server.user()
    token = server.token(user_id=user["userId"], scopes=["data-service.admin"], expires_in=-1)["access_token"]
    for name, entry in estate.items():
        assert call(server, token, entry).status_code == 401, name


def test_token_without_the_data_service_scope_is_403(server, estate):
    user = server.user()
    token = server.token(user_id=user["userId"], scopes=["user.profile", "offline_access"])["access_token"]
    for name, entry in estate.items():
        response = call(server, token, entry)
        assert response.status_code == 403, name
        assert "data-service.admin" in response.json()["message"]


def test_account_tokens_are_refused(server, estate):
    account = server.account()
    token = server.token(account_id=account["id"], scopes=["account.info"])["access_token"]
    for name, entry in estate.items():
        assert call(server, token, entry).status_code == 403, name


def test_a_user_without_grants_gets_403_never_data(server, estate):
    stranger = make_user(server)
    for name in OWNED:
        response = call(server, stranger, estate[name])
        assert response.status_code == 403, name
        assert set(response.json()) == {"code", "message", "requestId"}


def test_a_colleague_on_the_same_account_without_grants_gets_403(server, alice, estate):
    colleague = make_user(server, alice.account_id)
    for name in OWNED:
        assert call(server, colleague, estate[name]).status_code == 403, name


def test_lists_never_show_other_users_resources(server, alice, estate):
    stranger = make_user(server)
    for url in ("/dataSets", "/dataSources", "/collections"):
        assert stranger.ok(stranger.http.get(url))["total"] == 0
    assert stranger.http.head("/collections").headers["Lucid-Collections-Total"] == "0"


def test_versioning(server, alice, estate):
    assert call(server, alice, estate["data sets"], accept="application/json;v=1").status_code == 200
    assert call(server, alice, estate["data sets"], accept="application/json").status_code == 200
    response = call(server, alice, estate["data sets"], accept="application/json;v=2")
    assert response.status_code == 406
    assert "v=1" in response.json()["message"]


def test_rest_version_prefix_is_not_a_data_service_path(server, alice):
    assert alice.http.get("/v1/dataSets").status_code == 404


@pytest.mark.parametrize("body", [b"{not json", b"", b"[1,2"])
def test_malformed_json_is_400(alice, body):
    response = alice.http.post("/dataSets", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["code"] == "badRequest"


@pytest.mark.parametrize("body, fragment", [
    ([], "JSON object"), ({"name": 5}, "name"), ({"name": ""}, "name"), ({}, "name is required"),
    ({"name": "x", "properties": [1]}, "properties"),
])
def test_wrong_types_are_400(alice, body, fragment):
    response = alice.http.post("/dataSets", json=body)
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_body_size_limit_is_explicit(tmp_path):
    small = start_inprocess(f"sqlite:///{tmp_path / 'small.db'}", max_body_bytes=2048)
    try:
        user = make_user(small)
        collection = user.collection(schema=[{"name": "A", "fieldType": "STRING"}])
        response = user.http.post(path(collection["items"]), json=[{"A": "x" * 4000}])
        assert response.status_code == 413
        assert "2048" in response.json()["message"]
        assert user.http.head(path(collection["items"])).headers["Lucid-Items-Total"] == "0"
    finally:
        small.stop()


def test_rate_limit_per_user_with_retry_after(tmp_path, credential):
    limited = start_inprocess(f"sqlite:///{tmp_path / 'limited.db'}", rate_limits=RateLimits(data_service_per_minute=5))
    try:
        first, second = make_user(limited), make_user(limited)
        statuses = [first.http.get("/dataSets").status_code for _ in range(6)]
        assert statuses == [200] * 5 + [429]
        throttled = first.http.get("/dataSets")
        assert throttled.status_code == 429
        assert 1 <= int(throttled.headers["Retry-After"]) <= 60
        assert throttled.json()["code"] == "tooManyRequests"
        assert throttled.json()["message"] == "You have sent too many requests in a given amount of time."
        assert second.http.get("/dataSets").status_code == 200
        assert first.caller(accept=ACCEPT_V1).get("/rateLimits").status_code == 429
    finally:
        limited.stop()


def test_error_objects_carry_the_request_id(alice):
    response = alice.http.get("/dataSets/0")
    assert response.status_code == 404
    assert response.json()["requestId"] == response.headers["x-request-id"]
