"""The authorization pages: login, consent, approve and deny, and every way a request is refused."""

from __future__ import annotations

import re

import httpx
import pytest

from .flow import PASSWORD, REDIRECT_URI, browser, csrf, make_app

AUTHORIZE = "/oauth2/authorize"


def _location(response: httpx.Response) -> httpx.URL:
    assert response.status_code in (302, 303), response.text
    return httpx.URL(response.headers["location"])


# ------------------------------------------------------------------ the happy path


@pytest.mark.wire
def test_first_visit_shows_a_login_form_and_a_strict_session_cookie(app):
    page = app.browser.get(AUTHORIZE, params=app.params())
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert 'name="password"' in page.text and 'autocomplete="current-password"' in page.text
    cookie = page.headers["set-cookie"]
    for attribute in ("HttpOnly", "SameSite=Lax", "Path=/;"):
        assert attribute in cookie
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "no-store"


@pytest.mark.wire
def test_approve_redirects_with_code_and_state(app):
    code = app.code()
    assert len(code) >= 43


def test_login_by_username_case_insensitively(server):
    app = make_app(server)
    signed_in = app.sign_in(AUTHORIZE, app.params(), login=app.user["username"].upper())
    assert signed_in.status_code == 303


def test_login_rotates_the_session_id(app):
    page = app.browser.get(AUTHORIZE, params=app.params())
    before = app.browser.cookies["pellucid_session"]
    app.browser.post(AUTHORIZE, params=app.params(), data={
        "csrf_token": csrf(page), "action": "login", "login": app.user["email"], "password": PASSWORD,
    })
    assert app.browser.cookies["pellucid_session"] != before


def test_consent_lists_each_scope_with_its_user_token_description(app):
    page = app.consent_page(scope="user.profile folder:readonly document.content offline_access")
    assert page.status_code == 200
    assert "Allow applications to view basic information about you" in page.text
    assert "View any of your folders and list their contents." in page.text
    # the deprecated name is shown as its lucidchart equivalent
    assert "<code>lucidchart.document.content</code>" in page.text
    assert "Create, view, edit, and delete any Lucidchart document on your account." in page.text
    assert "Grant access" in page.text and "Deny" in page.text
    assert app.user["email"] in page.text


def test_account_consent_uses_account_wording(admin_app):
    page = admin_app.consent_page("/oauth2/authorizeAccount", scope="folder:readonly account.user")
    assert page.status_code == 200
    assert "View any folder on your account and list its contents." in page.text
    assert "account token" in page.text
    assert "Create, view, edit, and delete users on your account." in page.text


def test_authorize_user_is_the_newer_name_of_authorize(app):
    token = app.token(path="/oauth2/authorizeUser")
    assert token["user_id"] == app.user["userId"]


def test_existing_query_of_the_redirect_uri_is_kept(server):
    app = make_app(server, redirect_uris=["http://127.0.0.1:9/cb?tenant=7"])
    app.redirect_uri = "http://127.0.0.1:9/cb?tenant=7"
    query = app.params()
    app.sign_in(AUTHORIZE, query)
    location = _location(app.decide(AUTHORIZE, query, "approve"))
    assert location.params["tenant"] == "7" and location.params["code"] and location.params["state"] == "st-42"


def test_sign_out_returns_to_the_login_form(app):
    app.consent_page()
    signed_out = app.decide(AUTHORIZE, app.params(), "logout")
    assert signed_out.status_code == 303
    assert 'name="password"' in app.browser.get(signed_out.headers["location"]).text


# ------------------------------------------------------------------ deny


@pytest.mark.wire
def test_deny_redirects_with_access_denied_and_state(app):
    app.consent_page()
    location = _location(app.decide(AUTHORIZE, app.params(), "deny"))
    assert location.params["error"] == "access_denied"
    assert location.params["state"] == "st-42"
    assert "code" not in location.params


def test_cancel_on_the_login_form_denies(app):
    location = _location(app.decide(AUTHORIZE, app.params(), "deny"))
    assert location.params["error"] == "access_denied"


# ------------------------------------------------------------------ login failures


def test_wrong_password_is_refused_without_signing_in(app):
    refused = app.sign_in(AUTHORIZE, app.params(), password="wrong")
    assert refused.status_code == 401
    assert "Incorrect email, username or password." in refused.text
    assert 'name="password"' in app.browser.get(AUTHORIZE, params=app.params()).text


def test_unknown_login_and_user_without_password_are_refused_alike(server, app):
    unknown = app.sign_in(AUTHORIZE, app.params(), login="nobody@example.com")
    no_password_user = server.user()
    no_password = app.sign_in(AUTHORIZE, app.params(), login=no_password_user["email"], password="anything")
    assert unknown.status_code == no_password.status_code == 401
    assert "Incorrect email, username or password." in unknown.text and "Incorrect" in no_password.text


def test_empty_login_form_is_a_400_page(app):
    page = app.browser.get(AUTHORIZE, params=app.params())
    refused = app.browser.post(AUTHORIZE, params=app.params(), data={"csrf_token": csrf(page), "action": "login"})
    assert refused.status_code == 400 and "Enter your email or username" in refused.text


def test_sign_in_attempts_are_throttled_per_login(app):
    statuses = [app.sign_in(AUTHORIZE, app.params(), password="wrong").status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    assert app.sign_in(AUTHORIZE, app.params()).status_code == 429  # the right password waits too


# ------------------------------------------------------------------ CSRF


def test_form_without_csrf_token_is_refused(app):
    app.consent_page()
    refused = app.browser.post(AUTHORIZE, params=app.params(), data={"action": "approve"})
    assert refused.status_code == 403
    assert "location" not in refused.headers


def test_form_with_wrong_csrf_token_is_refused(app):
    app.consent_page()
    refused = app.browser.post(AUTHORIZE, params=app.params(), data={"action": "approve", "csrf_token": "forged"})
    assert refused.status_code == 403


def test_csrf_token_of_another_session_is_refused(server, app):
    other = browser(server)
    foreign_token = csrf(other.get(AUTHORIZE, params=app.params()))
    app.consent_page()
    refused = app.browser.post(AUTHORIZE, params=app.params(), data={"action": "approve", "csrf_token": foreign_token})
    assert refused.status_code == 403


def test_post_without_session_cookie_is_refused(server, app):
    token = csrf(app.browser.get(AUTHORIZE, params=app.params()))
    cookieless = browser(server)
    refused = cookieless.post(AUTHORIZE, params=app.params(), data={
        "action": "login", "csrf_token": token, "login": app.user["email"], "password": PASSWORD,
    })
    assert refused.status_code == 403


# ------------------------------------------------------------------ refused requests that never redirect


@pytest.mark.wire
@pytest.mark.parametrize("case", ["unknown client", "no client", "no redirect", "unregistered redirect", "other client's test redirect"])
def test_untrusted_client_or_redirect_is_an_error_page_never_a_redirect(server, app, case):
    other = make_app(server)
    params = app.params(scope="no.such.scope")  # would redirect with invalid_scope if trusted
    if case == "unknown client":
        params["client_id"] = "not-a-client"
    elif case == "no client":
        del params["client_id"]
    elif case == "no redirect":
        del params["redirect_uri"]
    elif case == "unregistered redirect":
        params["redirect_uri"] = "https://attacker.example/cb"
    else:
        params["redirect_uri"] = f"{server.base_url}/oauth2/clients/{other.client_id}/redirect"
    for method in ("GET", "POST"):
        page = app.browser.request(method, AUTHORIZE, params=params)
        assert page.status_code == 400, (case, method)
        assert "location" not in page.headers
        assert page.headers["content-type"].startswith("text/html")


def test_repeated_client_id_is_an_error_page(app):
    url = f"{AUTHORIZE}?client_id={app.client_id}&client_id={app.client_id}&redirect_uri={REDIRECT_URI}&scope=user.profile"
    page = app.browser.get(url)
    assert page.status_code == 400 and "location" not in page.headers


# ------------------------------------------------------------------ refused requests that redirect with an error


@pytest.mark.parametrize(("path", "scope"), [
    (AUTHORIZE, "no.such.scope"),
    (AUTHORIZE, ""),
    (AUTHORIZE, "user.profile account.user"),  # account-only on a user token
    (AUTHORIZE, "account.user.transfercontent"),
    ("/oauth2/authorizeAccount", "user.profile"),  # user-only on an account token
    ("/oauth2/authorizeAccount", "lucidchart.document.content.share.link"),
    ("/oauth2/authorizeAccount", "data-service.admin"),
])
def test_invalid_scopes_redirect_with_invalid_scope(app, path, scope):
    location = _location(app.browser.get(path, params=app.params(scope=scope)))
    assert str(location).startswith(REDIRECT_URI)
    assert location.params["error"] == "invalid_scope"
    assert location.params["state"] == "st-42"
    assert location.params["error_description"]


@pytest.mark.parametrize(("extra", "error"), [
    ({"response_type": "token"}, "unsupported_response_type"),
    ({"code_challenge_method": "S256"}, "invalid_request"),
    ({"code_challenge": "x" * 43, "code_challenge_method": "MD5"}, "invalid_request"),
    ({"code_challenge": "too-short"}, "invalid_request"),
])
def test_malformed_requests_redirect_with_an_error(app, extra, error):
    location = _location(app.browser.get(AUTHORIZE, params=app.params(**extra)))
    assert location.params["error"] == error


def test_response_type_code_is_accepted(app):
    assert app.browser.get(AUTHORIZE, params=app.params(response_type="code")).status_code == 200


# ------------------------------------------------------------------ account tokens


def test_non_admin_cannot_grant_an_account_token(app):
    path = "/oauth2/authorizeAccount"
    query = app.params(scope="account.info")
    app.sign_in(path, query)
    page = app.browser.get(path, params=query)
    assert page.status_code == 403
    assert "Only account admins can grant account tokens" in page.text
    approved = app.browser.post(path, params=query, data={"csrf_token": csrf(page), "action": "approve"})
    assert approved.status_code == 403 and "location" not in approved.headers
    location = _location(app.browser.post(path, params=query, data={"csrf_token": csrf(page), "action": "deny"}))
    assert location.params["error"] == "access_denied"


@pytest.mark.wire
def test_team_admin_grants_an_account_token(admin_app):
    token = admin_app.token("account.user:readonly account.info offline_access", path="/oauth2/authorizeAccount")
    assert token["account_id"] == admin_app.user["accountId"]
    assert "user_id" not in token
    assert token["scopes"] == ["account.user:readonly", "account.info", "offline_access"]


def test_billing_admin_is_not_an_account_admin(server):
    app = make_app(server, roles=["billing-admin"])
    query = app.params(scope="account.info")
    app.sign_in("/oauth2/authorizeAccount", query)
    assert app.browser.get("/oauth2/authorizeAccount", params=query).status_code == 403


# ------------------------------------------------------------------ the test redirect URI


@pytest.mark.wire
def test_test_redirect_uri_needs_no_registration_and_shows_the_code(server, app):
    app.redirect_uri = f"{server.base_url}/oauth2/clients/{app.client_id}/redirect"
    code = app.code()
    page = app.browser.get(app.redirect_uri, params={"code": code, "state": "st-42"})
    assert page.status_code == 200
    assert f'value="{code}"' in page.text and "readonly" in page.text
    assert 'id="copy"' in page.text
    assert app.exchange(code).status_code == 200


def test_test_redirect_page_shows_a_denial(app, server):
    page = app.browser.get(f"/oauth2/clients/{app.client_id}/redirect", params={"error": "access_denied"})
    assert page.status_code == 200 and "access_denied" in page.text


def test_test_redirect_page_of_unknown_client_is_404(app):
    assert app.browser.get("/oauth2/clients/nope/redirect", params={"code": "x"}).status_code == 404


# ------------------------------------------------------------------ `scopes`, the name Lucid's sample app sends

_VOLATILE = re.compile(r'(name="csrf_token" value|action|nonce)="[^"]*"')


def _consent(page: httpx.Response) -> str:
    """The consent page without what differs between two visits (CSRF token, CSP nonce, the form's URL)."""
    assert page.status_code == 200, page.text
    return _VOLATILE.sub(r'\1=""', page.text)


@pytest.mark.wire
@pytest.mark.parametrize("path", [AUTHORIZE, "/oauth2/authorizeUser"])
def test_scopes_gets_the_same_consent_code_and_token_as_scope(app, path):
    wanted = "user.profile document.content offline_access"
    pages = {name: _consent(app.consent_page(path, scope=wanted, scope_name=name)) for name in ("scope", "scopes")}
    assert pages["scopes"] == pages["scope"]
    assert "<code>lucidchart.document.content</code>" in pages["scopes"]
    tokens = {name: app.token(wanted, path=path, scope_name=name) for name in ("scope", "scopes")}
    assert tokens["scopes"]["scopes"] == tokens["scope"]["scopes"] == [
        "user.profile", "lucidchart.document.content", "offline_access"]
    assert tokens["scopes"]["user_id"] == app.user["userId"] and "refresh_token" in tokens["scopes"]


def test_scopes_grants_an_account_token(admin_app):
    path = "/oauth2/authorizeAccount"
    pages = {name: _consent(admin_app.consent_page(path, scope="account.info", scope_name=name))
             for name in ("scope", "scopes")}
    assert pages["scopes"] == pages["scope"] and "account token" in pages["scopes"]
    token = admin_app.token("account.info offline_access", path=path, scope_name="scopes")
    assert token["account_id"] == admin_app.user["accountId"] and token["scopes"] == ["account.info", "offline_access"]


def test_scope_and_scopes_together_ask_for_every_scope_either_names(app):
    query = app.params("user.profile offline_access", scopes="folder:readonly user.profile")
    app.sign_in(AUTHORIZE, query)
    approved = app.decide(AUTHORIZE, query, "approve")
    token = app.exchange(_location(approved).params["code"]).json()
    assert token["scopes"] == ["user.profile", "offline_access", "folder:readonly"]


@pytest.mark.parametrize(("params", "error"), [
    ({"scopes": ""}, "invalid_scope"),  # empty is missing: there is no default scope
    ({"scopes": "   "}, "invalid_scope"),
    ({"scope": "", "scopes": ""}, "invalid_scope"),
    ({"scopes": "user.profile no.such.scope"}, "invalid_scope"),
    ({"scope": "user.profile", "scopes": "no.such.scope"}, "invalid_scope"),  # one bad name spoils both
    ({"scopes": "account.user"}, "invalid_scope"),  # account-only, on a user token
])
def test_bad_scopes_redirect_with_invalid_scope(app, params, error):
    query = {"client_id": app.client_id, "redirect_uri": REDIRECT_URI, "state": "st-42", **params}
    location = _location(app.browser.get(AUTHORIZE, params=query))
    assert location.params["error"] == error and location.params["state"] == "st-42"


def test_repeated_scopes_parameter_redirects_with_invalid_request(app):
    url = (f"{AUTHORIZE}?client_id={app.client_id}&redirect_uri={REDIRECT_URI}&state=st-42"
           "&scopes=user.profile&scopes=folder")
    location = _location(app.browser.get(url))
    assert location.params["error"] == "invalid_request" and "scopes" in location.params["error_description"]


def test_scopes_on_an_untrusted_redirect_is_still_an_error_page(app):
    query = {"client_id": app.client_id, "redirect_uri": "http://127.0.0.1:9/elsewhere", "scopes": "no.such.scope"}
    page = app.browser.get(AUTHORIZE, params=query)
    assert page.status_code == 400 and "location" not in page.headers
