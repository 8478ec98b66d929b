"""`POST /oauth2/token`: authorization codes, PKCE, refresh rotation, client authentication."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from pellucid.server.auth import tokens
from pellucid.server.store import credentials
from pellucid.server.oauth.pkce import challenge_of
from pellucid.server.store.tables import oauth_grants
from pellucid.server.store.tables.oauth import oauth_codes

from .flow import authenticates, expire_code, expire_token, make_app

VERIFIER = "v" * 20 + "-._~" + "0123456789abcdefghijklmnopqrstuvwxyz"


def _error(response, status: int, error: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"] == error
    assert response.json()["error_description"]
    assert response.headers["cache-control"] == "no-store"


# ------------------------------------------------------------------ authorization_code


@pytest.mark.wire
def test_code_exchange_answers_the_oauth2_token_resource(app):
    before = int(time.time() * 1000)
    response = app.exchange(app.code(scope="user.profile document.app offline_access"))
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    token = response.json()
    assert list(token) == ["access_token", "user_id", "client_id", "expires_in", "expires", "scopes", "token_type", "refresh_token"]
    assert token["access_token"].startswith("oauth2-") and token["refresh_token"].startswith("oauth2-")
    assert token["user_id"] == app.user["userId"]
    assert token["client_id"] == app.client_id
    assert token["expires_in"] == 3600
    assert before + 3600_000 <= token["expires"] <= int(time.time() * 1000) + 3600_000
    assert token["scopes"] == ["user.profile", "lucidchart.document.app", "offline_access"]
    assert token["token_type"] == "bearer"
    assert authenticates(app.server, token["access_token"])


def test_no_refresh_token_without_offline_access(app):
    token = app.token("user.profile")
    assert "refresh_token" not in token


@pytest.mark.wire
def test_form_body_with_http_basic_client_authentication(app):
    code = app.code()
    response = app.server.client.post(
        "/oauth2/token", auth=(app.client_id, app.client_secret),
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": app.redirect_uri, "client_id": app.client_id},
    )
    assert response.status_code == 200, response.text


@pytest.mark.wire
@pytest.mark.parametrize("credentials", ["wrong secret", "unknown client", "missing secret", "wrong basic"])
def test_invalid_client_credentials_are_403(app, credentials):
    code = app.code()
    kwargs: dict = {}
    body = {"grant_type": "authorization_code", "code": code, "redirect_uri": app.redirect_uri}
    if credentials == "wrong secret":
        body.update(client_id=app.client_id, client_secret="wrong")
    elif credentials == "unknown client":
        body.update(client_id="nobody", client_secret=app.client_secret)
    elif credentials == "missing secret":
        body.update(client_id=app.client_id)
    else:
        kwargs["auth"] = (app.client_id, "wrong")
    _error(app.server.client.post("/oauth2/token", json=body, **kwargs), 403, "invalid_client")
    assert app.exchange(code).status_code == 200  # the code survives a failed client authentication


def test_client_authentication_by_two_methods_is_refused(app):
    response = app.server.client.post(
        "/oauth2/token", auth=(app.client_id, app.client_secret),
        data={"grant_type": "authorization_code", "code": "x", "redirect_uri": app.redirect_uri, **app.secret_pair},
    )
    _error(response, 400, "invalid_request")


def test_wrong_redirect_uri_is_invalid_grant(app):
    _error(app.exchange(app.code(), redirect_uri="http://127.0.0.1:9/other"), 400, "invalid_grant")


def test_missing_redirect_uri_is_invalid_request(app):
    _error(app.exchange(app.code(), redirect_uri=None), 400, "invalid_request")


def test_token_endpoint_rechecks_scopes_against_the_token_type(app):
    code = app.code()
    with app.server.store.write() as conn:  # a code that consent could never have issued
        conn.execute(sa.update(oauth_codes).where(oauth_codes.c.code_hash == credentials.digest(code))
                     .values(scopes="user.profile account.user"))
    _error(app.exchange(code), 400, "invalid_scope")


def test_refresh_rechecks_the_grant_scopes(server, app):
    token = app.token()
    with server.store.write() as conn:
        conn.execute(sa.update(oauth_grants).values(scopes="account.user offline_access")
                     .where(oauth_grants.c.id == tokens.find(conn, token["refresh_token"]).grant.id))
    _error(app.refresh(token["refresh_token"]), 400, "invalid_scope")


def test_admin_issued_refresh_token_refreshes(server, app):
    issued = server.token(user_id=app.user["userId"], scopes=["user.profile", "offline_access"], client_id=app.client_id)
    refreshed = app.refresh(issued["refresh_token"])
    assert refreshed.status_code == 200 and refreshed.json()["scopes"] == ["user.profile", "offline_access"]


def test_unknown_code_is_invalid_grant(app):
    _error(app.exchange("not-a-code"), 400, "invalid_grant")


def test_expired_code_is_invalid_grant(app):
    code = app.code()
    expire_code(app.server, code)
    _error(app.exchange(code), 400, "invalid_grant")


@pytest.mark.wire
def test_reused_code_is_refused_and_revokes_the_tokens_it_produced(app):
    code = app.code()
    first = app.exchange(code).json()
    _error(app.exchange(code), 400, "invalid_grant")
    assert not authenticates(app.server, first["access_token"])
    assert app.introspect(first["access_token"]) == {"active": False}
    _error(app.refresh(first["refresh_token"]), 400, "invalid_grant")


def test_code_of_another_client_is_invalid_grant(server, app):
    thief = make_app(server)
    code = app.code()
    _error(thief.exchange(code, redirect_uri=app.redirect_uri), 400, "invalid_grant")
    assert app.exchange(code).status_code == 200


@pytest.mark.parametrize("grant_type", [None, "password", "client_credentials"])
def test_unsupported_or_missing_grant_type(app, grant_type):
    body = {**app.secret_pair, **({"grant_type": grant_type} if grant_type else {})}
    response = app.server.client.post("/oauth2/token", json=body)
    _error(response, 400, "invalid_request" if grant_type is None else "unsupported_grant_type")


def test_malformed_bodies_are_invalid_request(app):
    not_json = app.server.client.post("/oauth2/token", content=b"{", headers={"content-type": "application/json"})
    _error(not_json, 400, "invalid_request")
    wrong_type = app.server.client.post("/oauth2/token", json={**app.secret_pair, "grant_type": ["authorization_code"]})
    _error(wrong_type, 400, "invalid_request")


# ------------------------------------------------------------------ PKCE


@pytest.mark.wire
@pytest.mark.parametrize("method", ["S256", "plain"])
def test_pkce_verifier_matching_the_challenge(app, method):
    code = app.code(code_challenge=challenge_of(VERIFIER, method), code_challenge_method=method)
    assert app.exchange(code, code_verifier=VERIFIER).status_code == 200


def test_pkce_method_defaults_to_plain(app):
    code = app.code(code_challenge=VERIFIER)
    assert app.exchange(code, code_verifier=VERIFIER).status_code == 200


def test_pkce_mismatch_and_missing_verifier_are_invalid_grant(app):
    code = app.code(code_challenge=challenge_of(VERIFIER, "S256"), code_challenge_method="S256")
    _error(app.exchange(code, code_verifier=VERIFIER[::-1]), 400, "invalid_grant")
    _error(app.exchange(code, code_verifier=None), 400, "invalid_grant")
    _error(app.exchange(code, code_verifier=challenge_of(VERIFIER, "S256")), 400, "invalid_grant")
    assert app.exchange(code, code_verifier=VERIFIER).status_code == 200


def test_verifier_without_challenge_is_invalid_grant(app):
    _error(app.exchange(app.code(), code_verifier=VERIFIER), 400, "invalid_grant")


# ------------------------------------------------------------------ refresh_token


@pytest.mark.wire
def test_refresh_rotates_both_tokens_and_keeps_the_scopes(app):
    first = app.token("user.profile lucidchart.document.content offline_access")
    response = app.refresh(first["refresh_token"])
    assert response.status_code == 200, response.text
    second = response.json()
    assert second["scopes"] == first["scopes"]
    assert second["user_id"] == first["user_id"] and second["expires_in"] == 3600
    assert second["access_token"] != first["access_token"] and second["refresh_token"] != first["refresh_token"]
    assert not authenticates(app.server, first["access_token"])
    assert app.introspect(first["refresh_token"]) == {"active": False}
    assert authenticates(app.server, second["access_token"])
    assert app.refresh(second["refresh_token"]).status_code == 200


@pytest.mark.wire
def test_reusing_a_rotated_refresh_token_revokes_the_grant(app):
    first = app.token()
    second = app.refresh(first["refresh_token"]).json()
    _error(app.refresh(first["refresh_token"]), 400, "invalid_grant")
    assert not authenticates(app.server, second["access_token"])
    _error(app.refresh(second["refresh_token"]), 400, "invalid_grant")


def test_refresh_without_offline_access_is_impossible(app):
    token = app.token("user.profile")
    _error(app.refresh(token["access_token"]), 400, "invalid_grant")
    assert authenticates(app.server, token["access_token"])


def test_refresh_token_of_another_client_is_invalid_grant(server, app):
    token = app.token()
    thief = make_app(server)
    _error(thief.refresh(token["refresh_token"]), 400, "invalid_grant")
    assert app.refresh(token["refresh_token"]).status_code == 200


def test_expired_refresh_token_is_invalid_grant(app):
    token = app.token()
    expire_token(app.server, token["refresh_token"])
    _error(app.refresh(token["refresh_token"]), 400, "invalid_grant")


def test_refresh_cannot_widen_the_scopes(app):
    token = app.token()
    _error(app.refresh(token["refresh_token"], scope="user.profile folder"), 400, "invalid_scope")
    narrowed = app.refresh(token["refresh_token"], scope="user.profile")
    assert narrowed.status_code == 200
    assert narrowed.json()["scopes"] == ["user.profile", "offline_access"]  # the grant's scopes


@pytest.mark.parametrize("scopes", ["user.profile folder", ["user.profile", "folder"]])
def test_refresh_reads_scopes_like_scope(app, scopes):
    """`scopes` (Lucid's sample app's name), as a string or, in JSON, an array, is checked as `scope` is."""
    token = app.token()
    _error(app.refresh(token["refresh_token"], scopes=scopes), 400, "invalid_scope")
    _error(app.refresh(token["refresh_token"], scope="user.profile", scopes="folder"), 400, "invalid_scope")
    narrowed = app.refresh(token["refresh_token"], scopes=["user.profile"] if isinstance(scopes, list) else "user.profile")
    assert narrowed.status_code == 200, narrowed.text
    assert narrowed.json()["scopes"] == ["user.profile", "offline_access"]


def test_refresh_refuses_scopes_of_the_wrong_shape(app):
    token = app.token()
    _error(app.refresh(token["refresh_token"], scopes=[1, 2]), 400, "invalid_request")


def test_code_exchange_ignores_scope_parameters(app):
    """The code carries the consented scopes; a `scope` or `scopes` sent with it changes nothing."""
    response = app.exchange(app.code(), scope="folder", scopes="account.info")
    assert response.status_code == 200, response.text
    assert response.json()["scopes"] == ["user.profile", "offline_access"]


def test_account_token_refresh_keeps_account_id(admin_app):
    token = admin_app.token("account.info offline_access", path="/oauth2/authorizeAccount")
    refreshed = admin_app.refresh(token["refresh_token"]).json()
    assert refreshed["account_id"] == admin_app.user["accountId"] and "user_id" not in refreshed


# ------------------------------------------------------------------ rate limit


def test_token_endpoint_is_rate_limited_per_client(server, app):
    other = make_app(server)
    body = {"grant_type": "refresh_token", "refresh_token": "x", **app.secret_pair}
    # Bounded, and robust on a loaded machine: stop at the first refusal (50 per second).
    responses = (server.client.post("/oauth2/token", json=body) for _ in range(1000))
    throttled = next((r for r in responses if r.status_code != 400), None)
    assert throttled is not None and throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) >= 1
    assert other.refresh("x").status_code == 400  # another client is not throttled
