"""The OAuth 1.0a three-legged flow through HTTP (seed 002 "Legacy APIs"), driven by Authlib's
client: request token, user authorization, access token, signed Data Service requests."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from pellucid.server.store import oauth1 as oauth1_store
from tests.oauth.flow import PASSWORD, browser, csrf
from tests.support.oauth1 import OAuth1Auth

from .conftest import ACCEPT_V1, CALLBACK, Legacy, location_params

pytestmark = pytest.mark.wire


def test_request_token_is_form_encoded_with_callback_confirmed(legacy):
    response = legacy.client().post(legacy.url("/oauth/requestToken"))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/x-www-form-urlencoded"
    assert response.headers["cache-control"] == "no-store"
    fields = dict(parse_qsl(response.text))
    assert list(fields) == ["oauth_token", "oauth_token_secret", "oauth_callback_confirmed"]
    assert fields["oauth_callback_confirmed"] == "true"
    assert fields["oauth_token"] and fields["oauth_token_secret"]


def test_three_legged_flow_gives_credentials_that_act_as_the_user(legacy):
    client = legacy.client(redirect_uri=CALLBACK + "?session=abc")  # clients may add query parameters
    temporary = client.fetch_request_token(legacy.url("/oauth/requestToken"))

    page = browser(legacy.server).get("/oauth/authorize", params={"oauth_token": temporary["oauth_token"]})
    assert page.status_code == 200 and "Sign in" in page.text
    approved = legacy.authorize(temporary["oauth_token"])
    landed = location_params(approved)
    assert approved.headers["location"].startswith(CALLBACK + "?session=abc&")
    assert landed["oauth_token"] == temporary["oauth_token"] and landed["oauth_verifier"]

    client.parse_authorization_response(approved.headers["location"])
    response = client.post(legacy.url("/oauth/accessToken"))
    assert response.status_code == 200, response.text
    token = dict(parse_qsl(response.text))
    assert list(token) == ["oauth_token", "oauth_token_secret"]

    auth = legacy.auth(token)
    created = legacy.server.client.post("/dataSets", auth=auth, headers=ACCEPT_V1, json={"name": "legacy", "properties": {}})
    assert created.status_code == 200, created.text
    # The same user's OAuth 2.0 token sees what the OAuth 1.0 credentials made, and nobody else does.
    bearer = legacy.server.token(user_id=legacy.user["userId"], scopes=["data-service.admin"])["access_token"]
    mine = legacy.server.caller(bearer, accept="application/json;v=1").get("/dataSets").json()
    assert [entry["uri"] for entry in mine["dataSets"]] == [created.json()["uri"]]
    stranger = legacy.server.user()
    other = legacy.server.token(user_id=stranger["userId"], scopes=["data-service.admin"])["access_token"]
    assert legacy.server.caller(other, accept="application/json;v=1").get("/dataSets").json()["total"] == 0


def test_consent_page_names_the_consumer_and_what_it_may_do(legacy, server):
    temporary = legacy.request_token()
    person = browser(server)
    query = {"oauth_token": temporary["oauth_token"]}
    page = person.get("/oauth/authorize", params=query)
    assert page.headers["set-cookie"].count("Path=/;") == 1  # the site's one session
    person.post("/oauth/authorize", params=query, data={
        "csrf_token": csrf(page), "action": "login", "login": legacy.user["email"], "password": PASSWORD})
    consent = person.get("/oauth/authorize", params=query)
    assert consent.status_code == 200
    assert "consumer " in consent.text  # the consumer's registered name
    assert "Create, view, edit, and delete your data sets, data sources and collections" in consent.text
    assert legacy.user["email"] in consent.text


def test_denying_redirects_with_user_refused_and_no_verifier(legacy):
    temporary = legacy.request_token()
    landed = location_params(legacy.authorize(temporary["oauth_token"], action="deny"))
    assert landed == {"oauth_token": temporary["oauth_token"], "oauth_problem": "user_refused"}


def test_an_authorization_link_works_once(legacy, server):
    temporary = legacy.request_token()
    legacy.authorize(temporary["oauth_token"])
    page = browser(server).get("/oauth/authorize", params={"oauth_token": temporary["oauth_token"]})
    assert page.status_code == 400 and "no longer valid" in page.text


@pytest.mark.parametrize("query", [{}, {"oauth_token": "nope"}])
def test_authorization_page_without_a_live_request_token_is_an_error_page(server, query):
    page = browser(server).get("/oauth/authorize", params=query)
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert "location" not in page.headers


def test_a_request_token_is_exchanged_once(legacy):
    client = legacy.client()
    temporary = client.fetch_request_token(legacy.url("/oauth/requestToken"))
    client.parse_authorization_response(legacy.authorize(temporary["oauth_token"]).headers["location"])
    assert client.post(legacy.url("/oauth/accessToken")).status_code == 200
    again = client.post(legacy.url("/oauth/accessToken"))
    assert again.status_code == 401
    assert "oauth_token is invalid, expired or revoked" in dict(parse_qsl(again.text))["error_description"]


def test_a_wrong_verifier_is_refused(legacy):
    client = legacy.client()
    temporary = client.fetch_request_token(legacy.url("/oauth/requestToken"))
    legacy.authorize(temporary["oauth_token"])
    client.token = {"oauth_token": temporary["oauth_token"], "oauth_token_secret": temporary["oauth_token_secret"],
                    "oauth_verifier": "not-the-verifier"}
    response = client.post(legacy.url("/oauth/accessToken"))
    assert response.status_code == 401
    assert dict(parse_qsl(response.text))["error_description"] == "The oauth_verifier does not match the request token"


def test_an_unauthorized_request_token_cannot_be_exchanged(legacy):
    client = legacy.client()
    temporary = client.fetch_request_token(legacy.url("/oauth/requestToken"))
    client.token = {**temporary, "oauth_verifier": "guessed-verifier"}
    assert client.post(legacy.url("/oauth/accessToken")).status_code == 401


def test_request_tokens_expire(legacy, server):
    client = legacy.client()
    temporary = client.fetch_request_token(legacy.url("/oauth/requestToken"))
    approved = legacy.authorize(temporary["oauth_token"])
    with server.store.write() as conn:
        conn.execute(oauth1_store.requests.update().values(expires=1))
    client.parse_authorization_response(approved.headers["location"])
    assert client.post(legacy.url("/oauth/accessToken")).status_code == 401


@pytest.mark.parametrize(("callback", "fragment"), [
    (None, "Missing callback URI"),
    ("oob", "oauth_callback=oob) is not supported"),
    ("http://127.0.0.1:9/elsewhere", "is not registered for this consumer"),
    ("http://evil.test/legacy-callback", "is not registered for this consumer"),
])
def test_the_callback_is_required_registered_and_never_oob(legacy, callback, fragment):
    response = legacy.client(redirect_uri=callback).post(legacy.url("/oauth/requestToken"))
    assert response.status_code == 400, response.text
    error = dict(parse_qsl(response.text))
    assert error["error"] == "invalid_request" and fragment in error["error_description"]


def test_access_tokens_do_not_expire_and_the_operator_revokes_them(legacy, server):
    from pellucid.server import admin

    token = legacy.server.oauth1_token(legacy.consumer, legacy.user["userId"])
    assert legacy.get("/dataSets", legacy.auth(token)).status_code == 200
    assert admin.revoke_oauth1_token(server.store, token=token["oauth_token"]) == {"revoked": True}
    refused = legacy.get("/dataSets", legacy.auth(token))
    assert refused.status_code == 401 and refused.json()["message"] == "The oauth_token is invalid, expired or revoked"


def test_users_list_and_revoke_their_own_tokens(legacy, server):
    """What the console calls: a user's OAuth 1.0 authorizations, and revoking one of them."""
    kept = legacy.credentials()
    doomed = legacy.credentials()
    with server.store.read() as conn:
        listed = oauth1_store.user_tokens(conn, legacy.user["userId"])
    assert [entry.consumer_key for entry in listed] == [legacy.consumer["consumer_key"]] * 2
    stranger = server.user()
    with server.store.write() as conn:
        assert not oauth1_store.revoke_user_token(conn, stranger["userId"], listed[1].id)  # not theirs
        assert oauth1_store.revoke_user_token(conn, legacy.user["userId"], listed[1].id)
    assert legacy.get("/dataSets", legacy.auth(kept)).status_code == 200
    assert legacy.get("/dataSets", legacy.auth(doomed)).status_code == 401


def test_rest_api_refuses_oauth1_with_a_message_that_says_so(legacy):
    auth = legacy.auth(legacy.server.oauth1_token(legacy.consumer, legacy.user["userId"]))
    response = legacy.server.client.get("/users/me/profile", auth=auth, headers={"Lucid-Api-Version": "1"})
    assert response.status_code == 401
    assert "OAuth 1.0 signed requests are accepted by the Data Service only" in response.json()["message"]


def test_oauth1_and_oauth2_of_one_user_share_the_rate_limit(tmp_path):
    from pellucid.server.settings import RateLimits
    from tests.support.harness import start_inprocess

    limited = start_inprocess(f"sqlite:///{tmp_path / 'limited.db'}", rate_limits=RateLimits(data_service_per_minute=4))
    try:
        legacy = Legacy(limited, limited.consumer([CALLBACK]), limited.user())
        auth = legacy.auth(limited.oauth1_token(legacy.consumer, legacy.user["userId"]))
        bearer = limited.token(user_id=legacy.user["userId"], scopes=["data-service.admin"])["access_token"]
        statuses = [legacy.get("/dataSets", auth).status_code for _ in range(2)]
        statuses += [limited.caller(bearer, accept="application/json;v=1").get("/dataSets").status_code for _ in range(3)]
        assert statuses == [200, 200, 200, 200, 429]
        throttled = legacy.get("/dataSets", auth)
        assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) >= 1
    finally:
        limited.stop()


def test_an_oauth1_principal_gets_the_same_access_rules(legacy, server):
    """No grant, no data: a signed request for another user's data set is 403, as with OAuth 2.0."""
    owner = server.user()
    bearer = server.token(user_id=owner["userId"], scopes=["data-service.admin"])["access_token"]
    data_set = server.caller(bearer, accept="application/json;v=1").post(
        "/dataSets", json={"name": "private", "properties": {}}).json()
    auth = legacy.auth(server.oauth1_token(legacy.consumer, legacy.user["userId"]))
    path = "/" + data_set["uri"].split("/", 3)[3]
    response = legacy.get(path, auth)
    assert response.status_code == 403 and response.json()["code"] == "accessForbidden"


def test_signed_requests_need_token_credentials(legacy):
    """Two-legged requests (consumer key alone) act as nobody, so they are refused."""
    consumer_only = OAuth1Auth(legacy.consumer["consumer_key"], legacy.consumer["consumer_secret"])
    response = legacy.get("/dataSets", consumer_only)
    assert response.status_code == 401 and "need an access token" in response.json()["message"]
    assert response.headers["www-authenticate"].startswith("OAuth realm=")


def test_query_parameters_take_part_in_the_signature(legacy):
    """Signatures are checked against the public URL plus the path and query as sent."""
    auth = legacy.auth(legacy.server.oauth1_token(legacy.consumer, legacy.user["userId"]))
    response = legacy.get("/dataSets", auth, params={"start": "1", "end": "5", "note": "a b/c+d"})
    assert response.status_code == 200, response.text


def test_approving_a_request_token_that_expired_meanwhile_shows_the_spent_link_page(legacy, server):
    temporary = legacy.request_token()
    person = browser(server)
    query = {"oauth_token": temporary["oauth_token"]}
    page = person.get("/oauth/authorize", params=query)
    person.post("/oauth/authorize", params=query, data={
        "csrf_token": csrf(page), "action": "login", "login": legacy.user["email"], "password": PASSWORD})
    consent = person.get("/oauth/authorize", params=query)
    with server.store.write() as conn:  # another tab approved it first
        conn.execute(oauth1_store.requests.update().values(user_id=legacy.user["userId"]))
    response = person.post("/oauth/authorize", params=query, data={"csrf_token": csrf(consent), "action": "approve"})
    assert response.status_code == 400 and "no longer valid" in response.text
