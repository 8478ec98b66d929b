"""Accounts and users: /accounts/me, get/list/create users, searchByEmail, /users/me/profile."""

import pytest

pytestmark = pytest.mark.wire


def test_account_me_for_user_and_account_tokens(actors, server):
    user = actors.user(["account.info"])
    body = user.api.get("/accounts/me").json()
    assert body == {"id": user.account_id, "name": body["name"]}
    account = actors.account(["account.info"], account_id=user.account_id)
    assert account.api.get("/v1/accounts/me").json()["id"] == user.account_id


def test_profile_is_the_callers(actors):
    user = actors.user(["user.profile"])
    response = user.api.get("/users/me/profile")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"accountId", "username", "email", "fullName", "id"}
    assert body["id"] == user.user_id and body["accountId"] == user.account_id


def test_get_user_on_the_account_and_the_403_quirk(actors, server):
    caller = actors.user(["account.user:readonly"])
    other = server.user(caller.account_id, roles=["team-admin"])
    response = caller.api.get(f"/users/{other['userId']}")
    assert response.status_code == 200
    assert response.json() == other
    stranger = server.user()  # another account
    for user_id in (stranger["userId"], 987654321):  # another account's user, and no user at all
        response = caller.api.get(f"/users/{user_id}")
        assert response.status_code == 403
        assert response.json()["code"] == "accessForbidden"
    assert caller.api.get("/users/abc").status_code == 400


def test_list_users_pages_with_link_headers(actors, server):
    admin = actors.account(["account.user:readonly"])
    made = [server.user(admin.account_id)["userId"] for _ in range(5)]
    seen, url, pages = [], "/users?pageSize=2", 0
    while url:
        response = admin.api.get(url)
        assert response.status_code == 200
        seen += [u["userId"] for u in response.json()]
        pages += 1
        link = response.headers.get("link")
        if link:
            assert link.endswith('>; rel="next"') and "pageSize=2" in link
            url = link[1:link.index(">")].replace(server.base_url, "")
        else:
            url = None
    assert seen == made and pages == 3


def test_list_users_is_account_tokens_only(actors):
    user = actors.user(["account.user:readonly"])
    assert user.api.get("/users").status_code == 403


def test_create_user_201_then_409(actors):
    admin = actors.account(["account.user"])
    body = {"email": "new.person@example.org", "firstName": "New", "lastName": "Person",
            "password": "s3cret!", "roles": ["billing-admin"]}
    response = admin.api.post("/users", json=body)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["accountId"] == admin.account_id and created["username"] == "new.person@example.org"
    assert created["name"] == "New Person" and created["roles"] == ["billing-admin"]
    again = admin.api.post("/users", json={**body, "email": "NEW.person@example.org"})
    assert again.status_code == 409 and again.json()["code"] == "alreadyExists"


@pytest.mark.parametrize("body, fragment", [
    ({"firstName": "A", "lastName": "B"}, "email"),
    ({"email": "not-an-email", "firstName": "A", "lastName": "B"}, "email"),
    ({"email": "x@example.org", "lastName": "B"}, "firstName"),
    ({"email": "x@example.org", "firstName": "A", "lastName": 5}, "lastName"),
    ({"email": "x@example.org", "firstName": "A", "lastName": "B", "roles": ["god"]}, "roles"),
])
def test_create_user_validates_every_field(actors, body, fragment):
    admin = actors.account(["account.user"])
    response = admin.api.post("/users", json=body)
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_create_user_needs_an_enterprise_account(actors):
    admin = actors.account(["account.user"], license="team")
    response = admin.api.post("/users", json={"email": "t@example.org", "firstName": "A", "lastName": "B"})
    assert response.status_code == 403


def test_search_by_email_matches_case_insensitively_on_the_account(actors, server):
    caller = actors.user(["account.user:readonly"])
    mate = server.user(caller.account_id, email="Mate.One@Example.com")
    outsider = server.user(email="outsider@example.com")
    response = caller.api.post("/users/searchByEmail", json={
        "emails": ["mate.one@example.com", outsider["email"], "nobody@example.com"]})
    assert response.status_code == 200
    assert [p["id"] for p in response.json()] == [mate["userId"]]
    assert set(response.json()[0]) == {"accountId", "username", "email", "fullName", "id"}


def test_search_by_email_limits_and_formats(actors):
    caller = actors.user(["account.user:readonly"])
    too_many = caller.api.post("/users/searchByEmail", json={"emails": [f"u{i}@example.com" for i in range(201)]})
    assert too_many.status_code == 400 and "200" in too_many.json()["message"]
    assert caller.api.post("/users/searchByEmail", json={"emails": ["nope"]}).status_code == 400
    assert caller.api.post("/users/searchByEmail", json={"emails": "a@b.co"}).status_code == 400
    assert caller.api.post("/users/searchByEmail", json={"emails": [f"u{i}@example.com" for i in range(200)]}).status_code == 200
