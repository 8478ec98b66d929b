"""The OAuth 1.0 authorization step in a real browser (Debian's chromium driven by Playwright)
against a `pellucid serve` subprocess, with Authlib as the consumer's client."""

from __future__ import annotations

import httpx
import pytest

from pellucid.server import admin
from tests.oauth.flow import PASSWORD
from tests.oauth.test_browser import callback, live, sign_in  # noqa: F401 - shared fixtures
from tests.support.oauth1 import OAuth1Auth, OAuth1Client

pytestmark = pytest.mark.subprocess


@pytest.mark.parametrize("action", ["Grant access", "Deny"])
def test_the_authorization_page_in_a_browser(live, page, callback, action):  # noqa: F811
    consumer = admin.create_consumer(live.store, name="Legacy Reports", callback_uris=[callback.url])
    user = live.user(password=PASSWORD)
    client = OAuth1Client(consumer["consumer_key"], consumer["consumer_secret"], redirect_uri=callback.url)
    temporary = client.fetch_request_token(f"{live.base_url}/oauth/requestToken")

    page.goto(f"{live.base_url}/oauth/authorize?oauth_token={temporary['oauth_token']}")
    assert page.get_by_role("heading", name="Sign in").is_visible()
    assert page.get_by_text("Legacy Reports").is_visible()
    sign_in(page, user)
    page.get_by_role("button", name="Grant access").wait_for()
    assert page.get_by_role("heading", name="Allow Legacy Reports to access your account?").is_visible()
    permissions = page.get_by_role("list", name="Requested permissions").get_by_role("listitem").all_inner_texts()
    assert len(permissions) == 1 and "data sets, data sources and collections" in permissions[0]
    page.get_by_role("button", name=action).click()

    page.wait_for_url(f"{callback.url}?*")
    landed = callback.queries[-1]
    assert landed["oauth_token"] == temporary["oauth_token"]
    if action == "Deny":
        assert landed["oauth_problem"] == "user_refused" and "oauth_verifier" not in landed
        return
    client.token = {**temporary, "oauth_verifier": landed["oauth_verifier"]}
    token = client.fetch_access_token(f"{live.base_url}/oauth/accessToken")
    client.close()
    auth = OAuth1Auth(consumer["consumer_key"], consumer["consumer_secret"], token["oauth_token"],
                      token["oauth_token_secret"])
    response = httpx.get(f"{live.base_url}/dataSets", auth=auth, headers={"Accept": "application/json;v=1"}, timeout=10)
    assert response.status_code == 200 and response.json()["total"] == 0
