"""Helpers that drive the authorization pages and token endpoints over HTTP, as a client would."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import httpx
import sqlalchemy as sa

from pellucid.server.store import credentials
from pellucid.server.store.tables.oauth import oauth_codes
from tests.support.harness import Server

PASSWORD = "correct horse battery staple"
REDIRECT_URI = "http://127.0.0.1:9/callback"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def browser(server: Server) -> httpx.Client:
    """A client with a cookie jar of its own, on the server's transport (in-process or network).

    Never closed: closing would close the shared transport, which the server fixture owns.
    """
    return httpx.Client(transport=server.client._transport, base_url=server.base_url)  # noqa: SLF001


def csrf(page: httpx.Response) -> str:
    match = _CSRF.search(page.text)
    assert match, f"no CSRF token on the page:\n{page.text[:500]}"
    return match.group(1)


@dataclass
class App:
    """A registered client and a user who can sign in."""

    server: Server
    client_id: str
    client_secret: str
    user: dict
    redirect_uri: str = REDIRECT_URI
    browser: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.browser = browser(self.server)

    @property
    def secret_pair(self) -> dict[str, str]:
        return {"client_id": self.client_id, "client_secret": self.client_secret}

    def params(self, scope: str = "user.profile offline_access", *, scope_name: str = "scope",
               **extra: str) -> dict[str, str]:
        """An authorization request; `scope_name="scopes"` names the scopes as Lucid's sample app does."""
        return {"client_id": self.client_id, "redirect_uri": self.redirect_uri, scope_name: scope, "state": "st-42",
                **extra}

    def sign_in(self, path: str, params: dict, login: str | None = None, password: str = PASSWORD) -> httpx.Response:
        """Open the authorization page and post the login form; the response to the post."""
        page = self.browser.get(path, params=params)
        assert page.status_code == 200, page.text
        return self.browser.post(path, params=params, data={
            "csrf_token": csrf(page), "action": "login",
            "login": self.user["email"] if login is None else login, "password": password,
        })

    def consent_page(self, path: str = "/oauth2/authorize", **params: str) -> httpx.Response:
        query = self.params(**params)
        signed_in = self.sign_in(path, query)
        assert signed_in.status_code == 303, signed_in.text
        return self.browser.get(signed_in.headers["location"])

    def decide(self, path: str, params: dict, action: str) -> httpx.Response:
        page = self.browser.get(path, params=params)
        return self.browser.post(path, params=params, data={"csrf_token": csrf(page), "action": action})

    def code(self, path: str = "/oauth2/authorize", **params: str) -> str:
        """Sign in, approve, and return the code the redirect carries."""
        query = self.params(**params)
        self.sign_in(path, query)
        approved = self.decide(path, query, "approve")
        assert approved.status_code == 302, approved.text
        location = httpx.URL(approved.headers["location"])
        assert location.params["state"] == query["state"]
        return location.params["code"]

    def exchange(self, code: str, **overrides: str) -> httpx.Response:
        body = {"grant_type": "authorization_code", "code": code, "redirect_uri": self.redirect_uri, **self.secret_pair}
        body.update(overrides)
        return self.server.client.post("/oauth2/token", json={k: v for k, v in body.items() if v is not None})

    def token(self, scope: str = "user.profile offline_access", path: str = "/oauth2/authorize", **params: str) -> dict:
        response = self.exchange(self.code(path, scope=scope, **params))
        assert response.status_code == 200, response.text
        return response.json()

    def refresh(self, refresh_token: str, **extra: str) -> httpx.Response:
        body = {"grant_type": "refresh_token", "refresh_token": refresh_token, **self.secret_pair, **extra}
        return self.server.client.post("/oauth2/token", json=body)

    def introspect(self, token: str) -> dict:
        response = self.server.client.post("/oauth2/token/introspect", data={"token": token, **self.secret_pair})
        assert response.status_code == 200, response.text
        return response.json()

    def revoke(self, token: str) -> httpx.Response:
        return self.server.client.post("/oauth2/token/revoke", data={"token": token, **self.secret_pair})


def make_app(server: Server, *, roles: list[str] | None = None, redirect_uris: list[str] | None = None) -> App:
    registered = server.oauth_client(redirect_uris or [REDIRECT_URI])
    user = server.user(password=PASSWORD, roles=roles)
    return App(server, registered["client_id"], registered["client_secret"], user)


def authenticates(server: Server, access_token: str) -> bool:
    """Whether an API call with the token gets past the bearer check (401 means it did not)."""
    response = server.client.get("/accounts/me", headers={
        "Authorization": f"Bearer {access_token}", "Lucid-Api-Version": "1"})
    return response.status_code != 401


def expire_code(server: Server, code: str) -> None:
    with server.store.write() as conn:
        conn.execute(sa.update(oauth_codes).where(oauth_codes.c.code_hash == credentials.digest(code)).values(expires=1))


def expire_token(server: Server, token: str) -> None:
    from pellucid.server.store.tables import oauth_tokens

    with server.store.write() as conn:
        conn.execute(sa.update(oauth_tokens).where(oauth_tokens.c.token_hash == credentials.digest(token)).values(expires=1))
