"""The site's sign-in page and sign-out: one session for every page, CSRF, no open redirect."""

from __future__ import annotations

import httpx
import pytest

from tests.oauth.flow import PASSWORD, browser, csrf, make_app

from .people import signed_in


def _login_form(person: httpx.Client, next_url: str | None = "/somewhere") -> httpx.Response:
    page = person.get("/login", params={"next": next_url} if next_url is not None else {})
    assert page.status_code == 200
    return page


def _post(person: httpx.Client, page: httpx.Response, next_url: str, login: str, password: str = PASSWORD):
    return person.post("/login", data={"csrf_token": csrf(page), "next": next_url, "login": login,
                                       "password": password})


@pytest.mark.wire
def test_the_sign_in_page_is_a_strict_html_form_with_a_site_wide_session(server):
    page = _login_form(browser(server))
    assert page.headers["content-type"].startswith("text/html")
    assert '<label for="login">' in page.text and 'autocomplete="current-password"' in page.text
    cookie = page.headers["set-cookie"]
    for attribute in ("pellucid_session=", "Path=/;", "HttpOnly", "SameSite=Lax"):
        assert attribute in cookie
    policy = page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'nonce-" in policy
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "no-store"


def test_signing_in_returns_to_next_with_a_new_session_id(server):
    user = server.user(password=PASSWORD)
    person = browser(server)
    page = _login_form(person)
    before = person.cookies["pellucid_session"]
    done = _post(person, page, "/lucidchart/x/view?page=2", user["email"])
    assert done.status_code == 303
    assert done.headers["location"] == "/lucidchart/x/view?page=2"
    assert person.cookies["pellucid_session"] != before
    assert "pellucid_device=" in done.headers["set-cookie"]
    # signed in, the sign-in page sends the browser straight on
    again = person.get("/login", params={"next": "/elsewhere"})
    assert again.status_code == 303 and again.headers["location"] == "/elsewhere"


@pytest.mark.parametrize("next_url", [
    "https://evil.example/", "//evil.example/path", "/\\evil.example", "javascript:alert(1)", "evil", "",
    "/\t/evil.example",
])
def test_next_never_leaves_the_site(server, next_url):
    user = server.user(password=PASSWORD)
    person = browser(server)
    page = _login_form(person, next_url)
    assert 'name="next" value="/"' in page.text
    done = _post(person, page, next_url, user["email"])
    assert done.headers["location"] == "/"


def test_a_wrong_password_shows_the_form_again_with_a_401(server):
    user = server.user(password=PASSWORD)
    person = browser(server)
    refused = _post(person, _login_form(person), "/x", user["email"], "wrong")
    assert refused.status_code == 401
    assert "Incorrect email, username or password." in refused.text
    assert 'name="next" value="/x"' in refused.text and user["email"] in refused.text


def test_a_sign_in_without_the_csrf_token_is_refused(server):
    user = server.user(password=PASSWORD)
    person = browser(server)
    _login_form(person)
    refused = person.post("/login", data={"csrf_token": "forged", "login": user["email"], "password": PASSWORD})
    assert refused.status_code == 403
    assert "This form has expired" in refused.text
    assert "pellucid_device" not in refused.headers.get("set-cookie", "")


def test_signing_in_on_the_site_signs_in_the_oauth_dialogue_too(server):
    app = make_app(server)
    person = signed_in(server, app.user)
    consent = person.get("/oauth2/authorize", params=app.params())
    assert consent.status_code == 200
    assert "Grant access" in consent.text and app.user["email"] in consent.text


def test_signing_in_through_the_oauth_dialogue_signs_in_the_site(server):
    app = make_app(server)
    assert app.sign_in("/oauth2/authorize", app.params()).status_code == 303
    page = app.browser.get("/login", params={"next": "/after"})
    assert page.status_code == 303 and page.headers["location"] == "/after"


def test_sign_out_needs_the_csrf_token_and_ends_the_session(server):
    user = server.user(password=PASSWORD)
    person = signed_in(server, user)
    forged = person.post("/logout", data={"csrf_token": "forged"})
    assert forged.status_code == 403 and "This form has expired" in forged.text
    assert person.get("/login").status_code == 303  # still signed in
    page = person.get("/oauth2/authorize", params=make_app(server).params())  # a page showing the token
    signed_out = person.post("/logout", data={"csrf_token": csrf(page)})
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/login"
    assert "Max-Age=0" in signed_out.headers["set-cookie"]
    assert person.get("/login").status_code == 200  # the form again: signed out
