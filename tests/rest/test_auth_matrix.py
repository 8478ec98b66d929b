"""Every REST endpoint refuses: no token, an expired token, a revoked token, the wrong token
type, a token without an accepted scope, and (where a resource is addressed) a caller from
another account. The route tables supply each endpoint's token types and scopes, and a test
fails if an endpoint is missing from this matrix."""

from __future__ import annotations

import pytest

from pellucid.server import admin
from pellucid.server.auth import scopes as scope_rules
from pellucid.server.rest import ROUTE_TABLES

pytestmark = pytest.mark.wire

ROUTES = {(r.method, r.path): r for table in ROUTE_TABLES for r in table.routes}
DOC = "/documents/{id}"
ORIGIN = {"origin": "https://app.example"}

# (method, path) -> (concrete path, body, whether another account's caller must be refused)
CASES: dict[tuple[str, str], tuple[str, dict | None, bool]] = {
    ("GET", "/accounts/me"): ("/accounts/me", None, False),
    ("GET", "/users/me/profile"): ("/users/me/profile", None, False),
    ("GET", "/users/{id}"): ("/users/{user}", None, True),
    ("GET", "/users"): ("/users", None, False),
    ("POST", "/users/searchByEmail"): ("/users/searchByEmail", {"emails": ["a@example.com"]}, False),
    ("POST", "/users"): ("/users", {"email": "m@example.com", "firstName": "M", "lastName": "X"}, False),
    ("GET", DOC): ("/documents/{doc}", None, True),
    ("POST", "/documents"): ("/documents", {"title": "t", "parent": "{folder}"}, True),
    ("GET", DOC + "/contents"): ("/documents/{doc}/contents", None, True),
    ("POST", DOC + "/trash"): ("/documents/{doc}/trash", None, True),
    ("POST", "/documents/search"): ("/documents/search", {}, False),
    ("GET", "/folders/{id}"): ("/folders/{folder}", None, True),
    ("POST", "/folders"): ("/folders", {"name": "n", "parent": "{folder}"}, True),
    ("PATCH", "/folders/{id}"): ("/folders/{folder}", {"name": "n"}, True),
    ("POST", "/folders/{id}/trash"): ("/folders/{folder}/trash", None, True),
    ("POST", "/folders/{id}/restore"): ("/folders/{folder}/restore", None, True),
    ("POST", "/folders/search"): ("/folders/search", {}, False),
    ("GET", "/folders/{id}/contents"): ("/folders/{folder}/contents", None, True),
    ("GET", "/folders/root/contents"): ("/folders/root/contents", None, False),
    ("GET", DOC + "/shares/users/{userId}"): ("/documents/{doc}/shares/users/{user}", None, True),
    ("GET", DOC + "/shares/users"): ("/documents/{doc}/shares/users", None, True),
    ("PUT", DOC + "/shares/users/{userId}"): ("/documents/{doc}/shares/users/{mate}", {"role": "view"}, True),
    ("DELETE", DOC + "/shares/users/{userId}"): ("/documents/{doc}/shares/users/{mate}", None, True),
    ("GET", "/folders/{id}/shares/users/{userId}"): ("/folders/{folder}/shares/users/{user}", None, True),
    ("GET", "/folders/{id}/shares/users"): ("/folders/{folder}/shares/users", None, True),
    ("PUT", "/folders/{id}/shares/users/{userId}"): ("/folders/{folder}/shares/users/{mate}", {"role": "view"}, True),
    ("DELETE", "/folders/{id}/shares/users/{userId}"): ("/folders/{folder}/shares/users/{mate}", None, True),
    ("GET", "/folders/{id}/shares/groups/{groupId}"): ("/folders/{folder}/shares/groups/{group}", None, True),
    ("GET", "/folders/{id}/shares/groups"): ("/folders/{folder}/shares/groups", None, True),
    ("PUT", "/folders/{id}/shares/groups/{groupId}"): ("/folders/{folder}/shares/groups/{group}", {"role": "view"}, True),
    ("DELETE", "/folders/{id}/shares/groups/{groupId}"): ("/folders/{folder}/shares/groups/{group}", None, True),
    ("GET", DOC + "/shares/shareLinks/{shareLinkId}"): ("/documents/{doc}/shares/shareLinks/{link}", None, True),
    ("POST", DOC + "/shares/shareLinks"): ("/documents/{doc}/shares/shareLinks", {"role": "view", "linkSecurity": {}}, True),
    ("PATCH", DOC + "/shares/shareLinks/{shareLinkId}"): ("/documents/{doc}/shares/shareLinks/{link}", {"role": "edit"}, True),
    ("DELETE", DOC + "/shares/shareLinks/{shareLinkId}"): ("/documents/{doc}/shares/shareLinks/{link}", None, True),
    ("POST", "/embeds/token"): ("/embeds/token", {**ORIGIN, "embedId": "{embed}"}, True),
    ("POST", DOC + "/embeds"): ("/documents/{doc}/embeds", {"embedVersion": "latest-version"}, True),
    ("GET", DOC + "/embeds/{embedId}"): ("/documents/{doc}/embeds/{embed}", None, True),
    ("GET", DOC + "/embeds/{embedId}/document"): ("/documents/{doc}/embeds/{embed}/document", None, True),
    ("POST", DOC + "/embeds/{embedId}/changeVersion"): ("/documents/{doc}/embeds/{embed}/changeVersion", {"embedVersion": "latest-version"}, True),
    ("DELETE", DOC + "/embeds/{embedId}"): ("/documents/{doc}/embeds/{embed}", None, True),
    ("POST", "/transferUserContent"): ("/transferUserContent", {"fromUser": "{email}", "toUser": "{mate_email}"}, True),
    ("POST", "/describeLink"): ("/describeLink", {"url": "https://lucid.app/lucidchart/90e5f020-0f26-4d15-8955-d96dca8bf9a4/edit"}, False),
}


def test_every_rest_endpoint_is_in_the_matrix():
    assert set(ROUTES) == set(CASES)


def _scopes(route, token_type: str) -> list[str]:
    known = [s for s in route.scopes if scope_rules.is_known(s) and scope_rules.allowed_for(s, token_type)]
    return known or ["offline_access"]


@pytest.fixture(scope="module")
def world(server):
    """Account A with one of everything, owned by a user with every scope."""
    account = server.account()["id"]
    owner, mate = server.user(account), server.user(account)
    every = sorted({s for r in ROUTES.values() for s in _scopes(r, "user")} | {"lucidchart.document.content"})
    token = server.token(user_id=owner["userId"], scopes=every)
    api = server.caller(token["access_token"], lucid_api_version="1")
    doc = api.post("/documents", json={"title": "d"}).json()["documentId"]
    folder = api.post("/folders", json={"name": "f"}).json()["id"]
    link = api.post(f"/documents/{doc}/shares/shareLinks", json={"role": "view", "linkSecurity": {}}).json()["shareLinkId"]
    embed = api.post(f"/documents/{doc}/embeds", json={"embedVersion": "latest-version"}).json()["embedId"]
    group = admin.create_group(server.store, account_id=account, name="g")["id"]
    return {"account": account, "user": owner["userId"], "mate": mate["userId"], "email": owner["email"],
            "mate_email": mate["email"], "doc": doc, "folder": folder, "link": link, "embed": embed, "group": group}


def _fill(value, world):
    if isinstance(value, str):
        filled = value.format(**world)
        return int(filled) if value in ("{folder}",) else filled
    if isinstance(value, dict):
        return {k: _fill(v, world) for k, v in value.items()}
    return value


def _call(server, token: str | None, key, world):
    path, body, _ = CASES[key]
    caller = server.caller(token, lucid_api_version="1")
    kwargs = {"json": _fill(body, world)} if body is not None else {}
    return caller.request(key[0], _fill(path, world), **kwargs)


def _token(server, route, world, token_type: str, *, scopes=None, account=None, **kw) -> str:
    scopes = scopes or _scopes(route, token_type)
    if token_type == "user":
        account = account or world["account"]
        user = server.user(account)["userId"] if account != world["account"] else world["user"]
        return server.token(user_id=user, scopes=scopes, **kw)["access_token"]
    return server.token(account_id=account or world["account"], scopes=scopes, **kw)["access_token"]


KEYS = sorted(CASES)
IDS = [f"{m} {p}" for m, p in KEYS]


@pytest.mark.parametrize("key", KEYS, ids=IDS)
def test_no_token_is_401(server, world, key):
    response = _call(server, None, key, world)
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


@pytest.mark.parametrize("key", KEYS, ids=IDS)
def test_expired_token_is_401(server, world, key):
    route = ROUTES[key]
    token = _token(server, route, world, sorted(route.token_types)[-1], expires_in=0)
    assert _call(server, token, key, world).status_code == 401


@pytest.mark.parametrize("key", KEYS, ids=IDS)
def test_revoked_token_is_401(server, world, key, actors):
    route = ROUTES[key]
    token_type = sorted(route.token_types)[-1]
    token = _token(server, route, world, token_type)
    actors.revoke(token)
    assert _call(server, token, key, world).status_code == 401


@pytest.mark.parametrize("key", [k for k in KEYS if len(ROUTES[k].token_types) == 1],
                         ids=[i for k, i in zip(KEYS, IDS) if len(ROUTES[k].token_types) == 1])
def test_wrong_token_type_is_403(server, world, key):
    route = ROUTES[key]
    wrong = "account" if "user" in route.token_types else "user"
    response = _call(server, _token(server, route, world, wrong), key, world)
    assert response.status_code == 403 and response.json()["code"] == "accessForbidden"


@pytest.mark.parametrize("key", [k for k in KEYS if ROUTES[k].scopes], ids=[i for k, i in zip(KEYS, IDS) if ROUTES[k].scopes])
def test_wrong_scope_is_403(server, world, key):
    route = ROUTES[key]
    token_type = sorted(route.token_types)[-1]
    response = _call(server, _token(server, route, world, token_type, scopes=["offline_access"]), key, world)
    assert response.status_code == 403 and response.json()["code"] == "accessForbidden"


@pytest.mark.parametrize("key", [k for k in KEYS if CASES[k][2]], ids=[i for k, i in zip(KEYS, IDS) if CASES[k][2]])
def test_another_accounts_caller_is_refused(server, world, key):
    route = ROUTES[key]
    other = server.account()["id"]
    for token_type in sorted(route.token_types):
        response = _call(server, _token(server, route, world, token_type, account=other), key, world)
        assert response.status_code in (403, 404), (token_type, response.text)
        assert response.json()["code"] in ("accessForbidden", "notFound")
