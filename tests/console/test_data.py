"""The data pages show what the Data Service answers the same user: their data sources, a
source's collections, a collection's schema, metadata collections and items, paged and
filtered exactly as `GET /collections/{id}/items` pages and filters them."""

from __future__ import annotations

import re

import pytest

from pellucid.server.settings import RateLimits
from tests.support.harness import start_inprocess

from .people import collection_with_items, last_id, person

ROW = re.compile(r'<tr><th scope="row" class="num">(\d+)</th>')


def shown_items(page_text: str) -> list[int]:
    return [int(seq) for seq in ROW.findall(page_text)]


def api_items(who, collection_id: int, **params) -> tuple[list[int], int]:
    answer = who.api.get(f"/collections/{collection_id}/items", params=params)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return [last_id(item["uri"]) for item in body["items"]], body["total"]


@pytest.mark.wire
def test_items_page_and_filter_as_the_api_does(server):
    ann = person(server)
    _, collection_id = collection_with_items(ann, 120)
    path = f"/console/data/collections/{collection_id}"

    first = ann.page(path)
    assert first.status_code == 200
    assert shown_items(first.text) == api_items(ann, collection_id, start=1, end=51)[0] == list(range(1, 51))
    assert "1–50 of 120 items" in first.text
    assert '<th scope="col">name</th><th scope="col">age</th>' in first.text
    assert 'href="?start=51" rel="next"' in first.text

    third = ann.page(path, start=101)
    assert shown_items(third.text) == list(range(101, 121)) and "101–120 of 120 items" in third.text
    assert 'rel="next"' not in third.text and 'href="?start=51" rel="prev"' in third.text

    filtered = ann.page(path, filter='age > 30 and name != "p100"', start=51)
    expected, total = api_items(ann, collection_id, filter='age > 30 and name != "p100"', start=51, end=101)
    assert shown_items(filtered.text) == expected == [*range(81, 100), *range(101, 121)] and total == 89
    assert "51–89 of 89 items" in filtered.text
    assert 'value="age &gt; 30 and name != &#34;p100&#34;"' in filtered.text  # the form keeps the filter
    assert "rel=\"prev\"" in filtered.text and "filter=age+%3E+30" in filtered.text  # and so do the page links


def test_a_filter_that_does_not_parse_says_why_beside_the_form(server):
    ann = person(server)
    _, collection_id = collection_with_items(ann, 3)
    page = ann.page(f"/console/data/collections/{collection_id}", filter="age >")
    api = ann.api.get(f"/collections/{collection_id}/items", params={"filter": "age >"})
    assert page.status_code == api.status_code == 400
    assert 'role="alert"' in page.text and "Invalid filter" in page.text
    assert '<label for="filter">Filter</label>' in page.text and shown_items(page.text) == []


def test_schema_and_metadata_collections(server):
    ann = person(server)
    source_id, collection_id = collection_with_items(ann, 1)
    meta = ann.api.post(f"/collections/{collection_id}/metadata", json={
        "metadataType": "ItemColors", "schema": [{"name": "color", "fieldType": "COLOR", "default": "#ff0000"}]})
    assert meta.status_code == 200, meta.text
    meta_id = last_id(meta.json()["uri"])

    page = ann.page(f"/console/data/collections/{collection_id}").text
    assert '<th scope="row">name</th><td><code>STRING</code></td><td>yes</td>' in page
    assert f'href="/console/data/collections/{meta_id}">ItemColors</a>' in page
    metadata_page = ann.page(f"/console/data/collections/{meta_id}").text
    assert "<code>#ff0000</code>" in metadata_page and f'href="/console/data/collections/{collection_id}"' in metadata_page

    source_page = ann.page(f"/console/data/sources/{source_id}").text
    assert f'href="/console/data/collections/{collection_id}">People</a>' in source_page
    assert f"/console/data/collections/{meta_id}" not in source_page  # metadata collections only under theirs


@pytest.mark.wire
def test_each_user_sees_only_the_data_the_api_lets_them_read(server):
    ann = person(server)
    colleague = person(server, ann.user["accountId"])
    stranger = person(server)
    ann_source, ann_collection = collection_with_items(ann, 2, "Ann's")
    shared_source, shared_collection = collection_with_items(ann, 2, "Team's")
    granted = ann.api.post("/sourceGrants", json={"dataSource": f"{server.base_url}/dataSources/{shared_source}",
                                                  "permissionType": "account",
                                                  "identifier": str(ann.user["accountId"]), "role": "view"})
    assert granted.status_code == 200, granted.text

    assert "Ann&#39;s source" in ann.page("/console/data").text
    colleague_sources = colleague.page("/console/data").text
    assert "Team&#39;s source" in colleague_sources and "Ann&#39;s source" not in colleague_sources
    assert colleague.page(f"/console/data/collections/{shared_collection}").status_code == 200
    assert "You cannot read any data source yet" in stranger.page("/console/data").text

    for who in (colleague, stranger):
        for path in (f"/console/data/sources/{ann_source}", f"/console/data/collections/{ann_collection}"):
            page = who.page(path)
            api = who.api.get(path.replace("/console/data/sources", "/dataSources")
                               .replace("/console/data/collections", "/collections"))
            assert page.status_code == api.status_code == 403, path
            shown = re.sub(r'nonce="[^"]*"', "", page.text)  # a random CSP nonce may spell "p1" by chance
            assert "Ann" not in shown and "p1" not in shown
    assert stranger.page(f"/console/data/collections/{shared_collection}").status_code == 403
    assert ann.page("/console/data/collections/999999").status_code == 404


def test_data_pages_count_against_the_users_data_service_rate_limit(tmp_path):
    limited = start_inprocess(f"sqlite:///{tmp_path / 'limited.db'}", rate_limits=RateLimits(data_service_per_minute=4))
    try:
        ann, bob = person(limited), person(limited)
        assert ann.api.get("/dataSources").status_code == 200
        assert [ann.page("/console/data").status_code for _ in range(3)] == [200, 200, 200]
        throttled = ann.page("/console/data")
        assert throttled.status_code == 429 and "too many requests" in throttled.text
        assert ann.api.get("/dataSources").status_code == 429  # one budget for the API and the pages
        assert bob.page("/console/data").status_code == 200
    finally:
        limited.stop()
