"""`POST /oauth2/token/introspect` and `/oauth2/token/revoke`."""

from __future__ import annotations

import time

import pytest

from .flow import authenticates, make_app


@pytest.mark.wire
def test_introspect_a_user_access_token(app):
    token = app.token("user.profile document.app offline_access")
    info = app.introspect(token["access_token"])
    assert list(info) == ["active", "user_id", "client_id", "token_type", "scope", "expires_in", "expires"]
    assert info["active"] is True
    assert info["user_id"] == app.user["userId"]
    assert info["client_id"] == app.client_id
    assert info["token_type"] == "bearer"
    assert info["scope"] == "user.profile lucidchart.document.app offline_access"
    assert info["expires"] == token["expires"]
    assert 3590 <= info["expires_in"] <= 3600


def test_introspect_a_refresh_token_reports_its_own_expiry(app):
    token = app.token()
    info = app.introspect(token["refresh_token"])
    assert info["active"] is True
    assert info["expires"] > int(time.time() * 1000) + 179 * 24 * 3600 * 1000


def test_introspect_an_account_token(server):
    admin = make_app(server, roles=["team-admin"])
    token = admin.token("account.info", path="/oauth2/authorizeAccount")
    info = admin.introspect(token["access_token"])
    assert info["active"] is True and info["account_id"] == admin.user["accountId"] and "user_id" not in info


@pytest.mark.wire
@pytest.mark.parametrize("token", ["oauth2-unknown", "", None])
def test_introspect_unknown_or_missing_token_is_inactive(app, token):
    body = {**app.secret_pair, **({"token": token} if token is not None else {})}
    response = app.server.client.post("/oauth2/token/introspect", data=body)
    assert response.status_code == 200 and response.json() == {"active": False}


def test_introspect_expired_access_token_is_inactive(server, app):
    token = server.token(user_id=app.user["userId"], scopes=["user.profile"], client_id=app.client_id, expires_in=0)
    assert app.introspect(token["access_token"]) == {"active": False}


def test_a_client_cannot_introspect_another_clients_token(server, app):
    token = app.token()
    assert make_app(server).introspect(token["access_token"]) == {"active": False}


def test_introspect_accepts_json_and_basic_auth(app):
    token = app.token()
    response = app.server.client.post("/oauth2/token/introspect", json={"token": token["access_token"]},
                                      auth=(app.client_id, app.client_secret))
    assert response.status_code == 200 and response.json()["active"] is True


@pytest.mark.wire
@pytest.mark.parametrize("path", ["/oauth2/token/introspect", "/oauth2/token/revoke"])
def test_bad_client_credentials_are_403(app, path):
    token = app.token()
    response = app.server.client.post(path, data={"token": token["access_token"], "client_id": app.client_id,
                                                  "client_secret": "wrong"})
    assert response.status_code == 403
    assert response.json()["error"] == "invalid_client"
    assert authenticates(app.server, token["access_token"])


@pytest.mark.wire
@pytest.mark.parametrize("which", ["access_token", "refresh_token"])
def test_revoking_either_token_kills_the_whole_grant(app, which):
    token = app.token()
    response = app.revoke(token[which])
    assert response.status_code == 200
    assert response.content == b"" and response.headers["content-length"] == "0"
    assert not authenticates(app.server, token["access_token"])
    assert app.introspect(token["access_token"]) == {"active": False}
    assert app.introspect(token["refresh_token"]) == {"active": False}
    assert app.refresh(token["refresh_token"]).json()["error"] == "invalid_grant"


def test_revoking_leaves_other_grants_alone(app):
    first, second = app.token(), app.token()
    app.revoke(first["access_token"])
    assert authenticates(app.server, second["access_token"])


def test_revoking_an_admin_issued_token(server, app):
    token = server.token(user_id=app.user["userId"], scopes=["user.profile"], client_id=app.client_id)
    assert app.revoke(token["access_token"]).status_code == 200
    assert not authenticates(server, token["access_token"])


def test_revoke_unknown_or_missing_token_is_200(app):
    assert app.revoke("oauth2-unknown").status_code == 200
    response = app.server.client.post("/oauth2/token/revoke", data=app.secret_pair)
    assert response.status_code == 200 and response.content == b""


def test_a_client_cannot_revoke_another_clients_token(server, app):
    token = app.token()
    assert make_app(server).revoke(token["access_token"]).status_code == 200
    assert authenticates(server, token["access_token"])
    assert app.introspect(token["access_token"])["active"] is True
