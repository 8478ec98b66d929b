"""The authorization-code flow in a real browser (Debian's chromium driven by Playwright) against
a real `pellucid serve` subprocess: login, consent, redirect, token exchange, an API call."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from pellucid.server.oauth.pkce import challenge_of
from tests.support.harness import Server, running_server

from .flow import PASSWORD

pytestmark = pytest.mark.subprocess

SCOPES = "user.profile lucidchart.document.content offline_access"


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[Server]:
    yield from running_server(tmp_path_factory.mktemp("browser"), subprocess=True)


class Callback:
    """A tiny HTTP server standing in for the client application's redirect URI (or any page
    of another site: it answers `body` at every path)."""

    def __init__(self, body: bytes = b"<!doctype html><title>callback</title><h1>Callback received</h1>") -> None:
        self.queries: list[dict[str, str]] = []
        callback = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                url = urlsplit(self.path)
                if url.path == "/callback":  # not the browser's /favicon.ico
                    callback.queries.append({key: values[0] for key, values in parse_qs(url.query).items()})
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/callback"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def callback() -> Iterator[Callback]:
    server = Callback()
    yield server
    server.close()


def register(live: Server, redirect_uri: str) -> tuple[dict, dict]:
    client = live.oauth_client([redirect_uri])
    user = live.user(password=PASSWORD)
    return client, user


def authorize_url(live: Server, client: dict, redirect_uri: str, *, scope_name: str = "scope", **extra: str) -> str:
    """`scope_name="scopes"`: the scopes named as Lucid's own sample application names them."""
    query = {"client_id": client["client_id"], "redirect_uri": redirect_uri, scope_name: SCOPES, "state": "browser-state",
             **extra}
    return f"{live.base_url}/oauth2/authorize?{urlencode(query)}"


def sign_in(page, user: dict) -> None:
    page.get_by_label("Email or username").fill(user["email"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def exchange(live: Server, client: dict, code: str, redirect_uri: str, **extra: str) -> httpx.Response:
    return httpx.post(f"{live.base_url}/oauth2/token", timeout=10, json={
        "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
        "client_id": client["client_id"], "client_secret": client["client_secret"], **extra,
    })


def call_api_with(live: Server, access_token: str) -> dict:
    """The API call the flow ends with: the signed-in user's profile."""
    response = httpx.get(f"{live.base_url}/users/me/profile", timeout=10, headers={
        "Authorization": f"Bearer {access_token}", "Lucid-Api-Version": "1",
    })
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("scope_name", ["scope", "scopes"])
def test_authorization_code_flow_in_the_browser(live, page, callback, scope_name):
    client, user = register(live, callback.url)
    page.goto(authorize_url(live, client, callback.url, scope_name=scope_name))

    assert page.get_by_role("heading", name="Sign in").is_visible()
    sign_in(page, user)

    page.get_by_role("button", name="Grant access").wait_for()
    permissions = page.get_by_role("list", name="Requested permissions").get_by_role("listitem").all_inner_texts()
    assert len(permissions) == 3
    assert any("Allow applications to view basic information about you" in text for text in permissions)
    assert any("lucidchart.document.content" in text for text in permissions)
    page.get_by_role("button", name="Grant access").click()

    page.wait_for_url(f"{callback.url}?*")
    assert page.get_by_role("heading", name="Callback received").is_visible()
    landed = callback.queries[-1]
    assert landed["state"] == "browser-state"

    response = exchange(live, client, landed["code"], callback.url)
    assert response.status_code == 200, response.text
    token = response.json()
    assert token["user_id"] == user["userId"] and "refresh_token" in token
    assert token["scopes"] == SCOPES.split()

    assert call_api_with(live, token["access_token"])["id"] == user["userId"]
    assert exchange(live, client, landed["code"], callback.url).status_code == 400  # single use


def test_denying_in_the_browser_redirects_with_access_denied(live, page, callback):
    client, user = register(live, callback.url)
    page.goto(authorize_url(live, client, callback.url))
    sign_in(page, user)
    page.get_by_role("button", name="Deny").click()
    page.wait_for_url(f"{callback.url}?*")
    landed = callback.queries[-1]
    assert landed["error"] == "access_denied"
    assert landed["state"] == "browser-state"
    assert "code" not in landed


def test_pkce_flow_with_the_test_redirect_page(live, page):
    verifier = "browser-verifier-" + "k" * 40
    client = live.oauth_client(["http://127.0.0.1:9/unused"])
    user = live.user(password=PASSWORD)
    test_redirect = f"{live.base_url}/oauth2/clients/{client['client_id']}/redirect"
    page.goto(authorize_url(live, client, test_redirect, code_challenge=challenge_of(verifier, "S256"),
                            code_challenge_method="S256"))
    sign_in(page, user)
    page.get_by_role("button", name="Grant access").click()

    page.wait_for_url(f"{test_redirect}?*")
    code = page.get_by_role("textbox", name="Authorization code").input_value()
    page.get_by_role("button", name="Copy").click()
    page.locator("#copy-status").filter(has_text="C").wait_for()  # "Copied." or the keyboard hint

    assert exchange(live, client, code, test_redirect).status_code == 400  # the verifier is required
    assert exchange(live, client, code, test_redirect, code_verifier="wrong-" + verifier).status_code == 400
    response = exchange(live, client, code, test_redirect, code_verifier=verifier)
    assert response.status_code == 200, response.text
    assert call_api_with(live, response.json()["access_token"])["id"] == user["userId"]
