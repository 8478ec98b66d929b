"""Client construction: origins, credentials, injected HTTP clients, headers."""

from __future__ import annotations

import httpx
import pytest

from pellucid.sdk import AsyncLucid, BaseURLs, Lucid, LucidError, RefreshingToken, StaticToken


def recording() -> tuple[httpx.Client, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": 1, "name": "A"})

    return httpx.Client(transport=httpx.MockTransport(handle)), seen


def test_origins_default_to_lucid_and_switch_together_or_alone():
    assert Lucid().urls == BaseURLs("https://api.lucid.co", "https://data.lucid.app", "https://lucid.app")
    assert Lucid(base_url="http://127.0.0.1:8080/").urls == BaseURLs(*["http://127.0.0.1:8080"] * 3)
    fedramp = Lucid(api_url="https://api.lucidgov.app", web_url="https://lucidgov.app").urls
    assert (fedramp.api, fedramp.data, fedramp.web) == ("https://api.lucidgov.app", "https://data.lucid.app",
                                                        "https://lucidgov.app")


def test_each_api_gets_its_origin_and_version_header():
    http, seen = recording()
    client = Lucid("oauth2-t", http_client=http, default_headers={"X-Trace": "1"})
    client.accounts.me()
    client.data.rate_limits()
    rest, data = seen
    assert (rest.url.host, rest.headers["lucid-api-version"], rest.headers["accept"]) == (
        "api.lucid.co", "1", "application/json")
    assert (data.url.host, data.headers["accept"]) == ("data.lucid.app", "application/json;v=1")
    assert "lucid-api-version" not in data.headers
    assert rest.headers["x-trace"] == "1" and rest.headers["user-agent"].startswith("pellucid-sdk/")


def test_credentials_choose_the_token_provider():
    assert isinstance(Lucid("oauth2-a").token_provider, StaticToken)
    refreshing = Lucid(client_id="c", client_secret="s", refresh_token="oauth2-r").token_provider
    assert isinstance(refreshing, RefreshingToken) and refreshing.current.refresh_token == "oauth2-r"
    assert Lucid().token_provider is None
    with pytest.raises(ValueError):
        Lucid(refresh_token="oauth2-r")  # refreshing needs the client's credentials


def test_calls_without_a_token_fail_before_sending():
    http, seen = recording()
    with pytest.raises(LucidError, match="no access token"):
        Lucid(http_client=http).accounts.me()
    assert seen == []


def test_http_client_must_match_the_client_kind():
    with pytest.raises(TypeError):
        Lucid(http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        AsyncLucid(http_client=httpx.Client())  # type: ignore[arg-type]


def test_an_injected_http_client_is_left_open():
    http, _ = recording()
    with Lucid("oauth2-t", http_client=http) as client:
        client.accounts.me()
    assert not http.is_closed
