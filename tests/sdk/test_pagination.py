"""Pagination edge cases a well-behaved server never shows: Link header spellings, and loops."""

from __future__ import annotations

import httpx
import pytest

from pellucid.sdk import AsyncLucid, Lucid
from pellucid.sdk.pagination import next_link

from .conftest import run


@pytest.mark.parametrize("header, url", [
    ('<https://api.lucid.co/users?pageSize=20&pageToken=eyJv>; rel="next"', "https://api.lucid.co/users?pageSize=20&pageToken=eyJv"),
    # Lucid's own examples print the URL without angle brackets.
    ('https://api.lucid.co/users?pageSize=20&pageToken=abc; rel="next"', "https://api.lucid.co/users?pageSize=20&pageToken=abc"),
    ('<https://x/a?p=1>; rel="prev", <https://x/a?p=3>; rel="next"', "https://x/a?p=3"),
    ('<https://x/a?p=3>; rel=next', "https://x/a?p=3"),
    ('<https://x/a?p=1>; rel="prev"', None),
    ("", None),
])
def test_next_link_spellings(header, url):
    assert next_link(header) == url


def rest_server(pages: dict[str, tuple[list, str | None]]) -> tuple[httpx.MockTransport, list[str]]:
    """Users pages by pageToken (None = first); each names the token of its next page."""
    fetched: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        token = request.url.params.get("pageToken")
        fetched.append(token or "first")
        items, following = pages[token or "first"]
        headers = {"Link": f'<https://api.lucid.co/users?pageSize=2&pageToken={following}>; rel="next"'} if following else {}
        return httpx.Response(200, json=[{"userId": i} for i in items], headers=headers)

    return httpx.MockTransport(handle), fetched


def test_rest_paging_stops_on_a_repeated_link():
    transport, fetched = rest_server({"first": ([1, 2], "a"), "a": ([3], "a")})
    client = Lucid("t", http_client=httpx.Client(transport=transport))
    assert [u.user_id for u in client.users.list(page_size=2)] == [1, 2, 3]
    assert fetched == ["first", "a"]


def test_rest_paging_stops_on_an_empty_page():
    transport, fetched = rest_server({"first": ([1], "a"), "a": ([], "b"), "b": ([9], None)})
    client = Lucid("t", http_client=httpx.Client(transport=transport))
    first = client.users.list()
    assert [u.user_id for u in first] == [1] and fetched == ["first", "a"]
    assert first.next_page_token == "a"


def test_data_paging_stops_on_a_repeated_next_and_handles_bare_arrays():
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/dataSources":
            return httpx.Response(200, json={"dataSources": [{"uri": "https://data.lucid.app/dataSources/1"}],
                                             "total": 9, "prev": None,
                                             "next": "https://data.lucid.app/dataSources?start=1&end=2"})
        return httpx.Response(200, json=[{"uri": "https://data.lucid.app/dataSets/5", "name": "bare"}])

    client = Lucid("t", http_client=httpx.Client(transport=httpx.MockTransport(handle)))
    # The first next link equals the first page's URL: followed never.
    assert [s.id for s in client.data.data_sources.list(start=1, end=2)] == [1]
    bare = client.data.data_sets.list()
    assert [s.name for s in bare] == ["bare"] and bare.next_url is None and bare.total is None


def test_next_links_to_another_origin_keep_the_token_at_home():
    seen: list[httpx.URL] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        if request.url.params.get("pageToken"):
            return httpx.Response(200, json=[{"userId": 2}])
        return httpx.Response(200, json=[{"userId": 1}], headers={"Link": '<https://evil.example/users?pageToken=z>; rel="next"'})

    client = Lucid("t", base_url="http://127.0.0.1:9", http_client=httpx.Client(transport=httpx.MockTransport(handle)))
    assert [u.user_id for u in client.users.list()] == [1, 2]
    assert str(seen[1]) == "http://127.0.0.1:9/users?pageToken=z"


def test_async_pager_awaits_to_the_first_page_and_iterates_all():
    transport, _ = rest_server({"first": ([1, 2], "a"), "a": ([3], None)})

    async def scenario() -> tuple[list[int], list[int]]:
        async with AsyncLucid("t", http_client=httpx.AsyncClient(transport=transport)) as client:
            page = await client.users.list(page_size=2)
            following = await page.next_page()
            assert following is not None and await following.next_page() is None
            return [u.user_id for u in page.items], [u.user_id async for u in client.users.list()]

    assert run(scenario()) == ([1, 2], [1, 2, 3])
