"""A consumer, a user who can sign in, and an Authlib OAuth 1.0 client (independent of pellucid's
SDK and of oauthlib, which the server uses) talking to the server over its transport."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx
import pytest

from tests.oauth.flow import PASSWORD, browser, csrf
from tests.support.harness import Server
from tests.support.oauth1 import OAuth1Auth, OAuth1Client

CALLBACK = "http://127.0.0.1:9/legacy-callback"
ACCEPT_V1 = {"Accept": "application/json;v=1"}


@dataclass
class Legacy:
    """A registered consumer and a user with a password, driven as a third party would."""

    server: Server
    consumer: dict
    user: dict

    def client(self, **options) -> OAuth1Client:
        options.setdefault("redirect_uri", CALLBACK)
        return OAuth1Client(self.consumer["consumer_key"], self.consumer["consumer_secret"],
                            transport=self.server.client._transport, **options)  # noqa: SLF001

    def url(self, path: str) -> str:
        return self.server.base_url + path

    def request_token(self, **options) -> dict:
        return self.client(**options).fetch_request_token(self.url("/oauth/requestToken"))

    def authorize(self, token: str, action: str = "approve") -> httpx.Response:
        """Sign in on the authorization page and press `action`; the final response (a redirect)."""
        person = browser(self.server)
        query = {"oauth_token": token}
        page = person.get("/oauth/authorize", params=query)
        assert page.status_code == 200, page.text
        signed_in = person.post("/oauth/authorize", params=query, data={
            "csrf_token": csrf(page), "action": "login", "login": self.user["email"], "password": PASSWORD})
        assert signed_in.status_code == 303, signed_in.text
        consent = person.get("/oauth/authorize", params=query)
        assert consent.status_code == 200 and "Grant access" in consent.text, consent.text
        return person.post("/oauth/authorize", params=query, data={"csrf_token": csrf(consent), "action": action})

    def credentials(self, **options) -> dict:
        """The whole three-legged flow: token credentials {"oauth_token", "oauth_token_secret"}."""
        client = self.client(**options)
        temporary = client.fetch_request_token(self.url("/oauth/requestToken"))
        approved = self.authorize(temporary["oauth_token"])
        assert approved.status_code == 302, approved.text
        client.parse_authorization_response(approved.headers["location"])
        return client.fetch_access_token(self.url("/oauth/accessToken"))

    def auth(self, token: dict, **options) -> OAuth1Auth:
        options.setdefault("force_include_body", True)
        return OAuth1Auth(self.consumer["consumer_key"], self.consumer["consumer_secret"], token["oauth_token"],
                          token["oauth_token_secret"], **options)

    def get(self, path: str, auth: httpx.Auth, **kwargs) -> httpx.Response:
        return self.server.client.get(path, auth=auth, headers=ACCEPT_V1, **kwargs)


@pytest.fixture
def legacy(server) -> Legacy:
    return Legacy(server, server.consumer([CALLBACK]), server.user(password=PASSWORD))


def location_params(response: httpx.Response) -> dict[str, str]:
    assert response.status_code in (302, 303), response.text
    return dict(httpx.URL(response.headers["location"]).params)


FORM_ERROR = re.compile(r"error=[a-z_]+&error_description=.+")
