"""Conventions shared by every REST endpoint: versioning, pagination, rate limits, OpenAPI."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from openapi_spec_validator import validate

from pellucid.server.rest import ROUTE_TABLES

pytestmark = pytest.mark.wire


def test_version_header_or_v1_prefix_is_required(actors, server):
    user = actors.user(["user.profile"])
    bare = server.caller(user.token["access_token"])
    missing = bare.get("/users/me/profile")
    assert missing.status_code == 400 and "Lucid-Api-Version" in missing.json()["message"]
    assert bare.get("/users/me/profile", headers={"Lucid-Api-Version": "2"}).status_code == 400
    assert bare.get("/v1/users/me/profile").status_code == 200
    assert bare.get("/users/me/profile", headers={"Lucid-Api-Version": "1"}).status_code == 200


def test_errors_carry_a_request_id(actors):
    response = actors.user(["user.profile"]).api.get("/users/999999999")
    body = response.json()
    assert body["requestId"] == response.headers["x-request-id"]
    assert set(body) == {"code", "message", "requestId"}


def test_page_size_is_capped_at_200_and_validated(actors, server):
    admin = actors.account(["account.user:readonly"])
    for _ in range(3):
        server.user(admin.account_id)
    assert len(admin.api.get("/users?pageSize=500").json()) == 3
    assert "link" not in admin.api.get("/users?pageSize=500").headers
    for bad in ("0", "-1", "ten"):
        assert admin.api.get(f"/users?pageSize={bad}").status_code == 400
    assert admin.api.get("/users?pageToken=%%%").status_code == 400
    assert admin.api.get("/users?pageToken=bm90IGpzb24").status_code == 400


def test_two_hundred_is_the_default_page(actors, server):
    from pellucid.server.store import accounts

    admin = actors.account(["account.user:readonly"])
    with server.store.write() as conn:
        for n in range(201):
            accounts.create_user(conn, account_id=admin.account_id, email=f"bulk{n}-{admin.account_id}@example.com",
                                 first_name="B", last_name=str(n))
    first = admin.api.get("/users")
    assert len(first.json()) == 200
    link = first.headers["link"]
    assert "pageSize=200" in link and link.startswith(f"<{server.base_url}/users?")
    second = admin.api.get(link[1:link.index(">")])
    assert len(second.json()) == 1 and "link" not in second.headers
    via_v1 = admin.api.get("/v1/users")
    assert via_v1.headers["link"].startswith(f"<{server.base_url}/v1/users?")


def _burst_until_refused(caller, path: str, size: int, rounds: int = 4) -> list:
    """Bursts of `size` concurrent GETs until one is refused (at most `rounds`): on a loaded
    machine one burst can straddle the sliding window, so one refusal-free burst proves nothing."""
    responses: list = []
    with ThreadPoolExecutor(8) as pool:
        for _ in range(rounds):
            responses += pool.map(lambda _: caller.get(path), range(size))
            if any(response.status_code == 429 for response in responses):
                break
    return responses


def test_user_rate_limit_is_per_principal(actors, server):
    one = actors.user(["user.profile"])
    two = actors.user(["user.profile"])
    raw = server.caller(one.token["access_token"], lucid_api_version="1")
    responses = _burst_until_refused(raw, "/users/me/profile", 25)
    statuses = [response.status_code for response in responses]
    assert set(statuses) == {200, 429} and statuses.count(200) >= 15
    throttled = next(response for response in responses if response.status_code == 429)
    assert int(throttled.headers["retry-after"]) >= 1
    assert throttled.json()["code"] == "tooManyRequests"
    assert throttled.json()["message"] == "You have sent too many requests in a given amount of time."
    assert server.caller(two.token["access_token"], lucid_api_version="1").get("/users/me/profile").status_code == 200
    # an account token of the same account is a different principal
    account = actors.account(["account.info"], account_id=one.account_id)
    assert server.caller(account.token["access_token"], lucid_api_version="1").get("/accounts/me").status_code == 200


def test_account_token_rate_limit_is_50_per_second(actors, server):
    account = actors.account(["account.info"])
    raw = server.caller(account.token["access_token"], lucid_api_version="1")
    statuses = [response.status_code for response in _burst_until_refused(raw, "/accounts/me", 70)]
    assert set(statuses) == {200, 429} and statuses.count(200) >= 50


def test_transfer_endpoint_limit_is_per_account(actors, server):
    account = actors.account(["account.user.transfercontent"])
    raw = server.caller(account.token["access_token"], lucid_api_version="1")
    body = {"fromUser": "a@example.com", "toUser": "a@example.com"}  # a cheap 400
    statuses = [raw.post("/transferUserContent", json=body).status_code for _ in range(31)]
    assert statuses[:30] == [400] * 30 and statuses[30] == 429
    other = actors.account(["account.user.transfercontent"])
    assert server.caller(other.token["access_token"], lucid_api_version="1").post(
        "/transferUserContent", json=body).status_code == 400


def test_openapi_documents_every_rest_endpoint(server):
    document = server.client.get("/openapi.json").json()
    validate(document)
    for table in ROUTE_TABLES:
        for route in table.routes:
            path = route.path.replace(":int", "")
            assert route.method.lower() in document["paths"][path], route.path
    operation = document["paths"]["/users"]["post"]
    assert operation["responses"]["201"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/User"}
    assert {"Document", "Folder", "ShareLink", "Embed"} <= set(document["components"]["schemas"])
