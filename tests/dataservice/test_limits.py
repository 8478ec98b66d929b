"""Request limits (docs/operations.md, issue 11 point 3): each one through HTTP, on a server
started with small ones; over a limit is a 413 or 400 naming it, and nothing is written."""

from __future__ import annotations

import orjson
import pytest

from pellucid.server.settings import RequestLimits
from tests.support.harness import Database, database_kind, start_inprocess, start_subprocess

from .conftest import path

pytestmark = pytest.mark.wire

LIMITS = RequestLimits(max_items=5, max_name_length=20, max_value_length=50)
SCHEMA = [{"name": "Name", "fieldType": "STRING", "order": 1}, {"name": "Code", "fieldType": "STRING", "order": 2}]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own with small limits (the `alice` fixture runs against it)."""
    database = Database(database_kind(), tmp_path_factory.mktemp("limits"))
    started = start_inprocess(database.url, requests=LIMITS)
    yield started
    started.stop()
    started.store.dispose()
    database.drop()


def count(user, collection) -> int:
    return int(user.http.head(path(collection["items"])).headers["Lucid-Items-Total"])


def names(user, collection) -> list[str]:
    return [item["fields"]["Name"] for item in user.ok(user.http.get(path(collection["items"])))["items"]]


def assert_refused(response, status: int, *words: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["code"] == "badRequest"
    for word in words:
        assert word in response.json()["message"]


def test_items_per_create(alice):
    collection = alice.collection(schema=SCHEMA)
    over = alice.http.post(path(collection["items"]), json=[{"Name": str(n)} for n in range(6)])
    assert_refused(over, 413, "At most 5 items", "--max-items", "has more")
    assert over.json()["details"] == {"limit": 5}
    assert count(alice, collection) == 0
    assert len(alice.add_items(collection, [{"Name": str(n)} for n in range(5)])) == 5


def test_items_are_counted_before_the_body_is_parsed(alice):
    """Many tiny entries are refused by count alone; braces inside strings do not count."""
    collection = alice.collection(schema=SCHEMA)
    over = alice.http.post(path(collection["items"]), content=b"[" + b",".join([b"{}"] * 100_000) + b"]")
    assert_refused(over, 413, "At most 5 items", "this request has more")
    tricky = [{"Name": "},{},{", "Code": '"},{'}, {"Name": "\\\"},{"}, {}, {"Code": "{}"}, {"Name": "}, {"}, {}]
    refused = alice.http.post(path(collection["items"]), content=orjson.dumps(tricky))
    assert_refused(refused, 413, "has more")
    assert count(alice, collection) == 0
    created = alice.add_items(collection, tricky[:5])
    assert [item["fields"]["Name"] for item in created] == ["},{},{", "\\\"},{", None, None, "}, {"]


def test_items_per_bulk_patch_and_delete(alice):
    collection = alice.collection(schema=SCHEMA)
    created = alice.add_items(collection, [{"Name": str(n)} for n in range(5)]) + alice.add_items(collection, [{"Name": "5"}])
    patch = [{"uri": item["uri"], "fields": {"Name": "changed"}} for item in created]
    assert_refused(alice.http.patch(path(collection["items"]), json=patch), 413, "At most 5 items", "has more")
    links = ",".join(item["uri"] for item in created)
    assert_refused(alice.http.delete(path(collection["items"]), params={"items": links}), 413, "has 6")
    assert names(alice, collection) == ["0", "1", "2", "3", "4", "5"]


def test_items_per_patch_and_delete_by_key(alice):
    collection = alice.collection(schema=SCHEMA)
    alice.add_items(collection, [{"Name": str(n), "Code": "x"} for n in range(5)])
    alice.add_items(collection, [{"Name": "5", "Code": "x"}])
    by_key = path(collection["uri"]) + "/itemsByKey"
    patch = {"keySchemaFields": ["Code"], "patches": [{"fieldValues": ["x"], "patch": {"Name": "changed"}}]}
    assert_refused(alice.http.patch(by_key, json=patch), 413, "has 6")
    find = {"keySchemaFields": ["Code"], "targetValues": [{"fieldValues": ["x"]}]}
    assert_refused(alice.http.request("DELETE", by_key, json=find), 413, "has 6")
    assert names(alice, collection) == ["0", "1", "2", "3", "4", "5"]


NAME_21 = "n" * 21


@pytest.mark.parametrize("make", [
    lambda user, _: user.http.post("/dataSets", json={"name": NAME_21}),
    lambda user, _: user.http.post("/dataSources", json={"name": NAME_21}),
    lambda user, source: user.http.post("/collections", json={"dataSource": source["uri"], "name": NAME_21}),
    lambda user, source: user.http.post("/collections", json={
        "dataSource": source["uri"], "name": "ok", "schema": [{"name": NAME_21, "fieldType": "STRING"}]}),
    lambda user, source: user.http.post("/collections", json={
        "dataSource": source["uri"], "name": "ok", "schema": [{"name": "A", "fieldType": "STRING", "label": NAME_21}]}),
    lambda user, source: user.http.post("/collections", json={
        "dataSource": source["uri"], "name": "ok", "properties": {NAME_21: 1}}),
    lambda user, _: user.http.post("/dataSets", json={"name": "ok", "properties": {NAME_21: 1}}),
], ids=["data set", "data source", "collection", "field", "label", "collection property", "data set property"])
def test_names_on_creation(alice, make):
    source = alice.data_source()
    before = [alice.ok(alice.http.get(kind))["total"] for kind in ("/dataSets", "/dataSources", "/collections")]
    assert_refused(make(alice, source), 400, "at most 20 characters", "got 21")
    assert [alice.ok(alice.http.get(kind))["total"] for kind in ("/dataSets", "/dataSources", "/collections")] == before


def test_names_on_update(alice):
    data_set = alice.data_set("set")
    source = alice.data_source("source")
    collection = alice.collection(source, "coll", SCHEMA)
    field = alice.ok(alice.http.get(path(collection["uri"]) + "/schema"))[0]
    refusals = [
        alice.http.patch(path(data_set["uri"]), json={"name": NAME_21}),
        alice.http.patch(path(source["uri"]), json={"name": NAME_21}),
        alice.http.patch(path(collection["uri"]), json={"name": NAME_21}),
        alice.http.patch(path(field["uri"]), json={"name": NAME_21}),
        alice.http.patch(path(collection["uri"]) + "/schema", json=[{"name": NAME_21, "fieldType": "STRING"}]),
        alice.http.patch(path(collection["uri"]) + "/properties", json={NAME_21: "x"}),
    ]
    for response in refusals:
        assert_refused(response, 400, "at most 20 characters")
    assert alice.ok(alice.http.get(path(data_set["uri"])))["name"] == "set"
    assert alice.ok(alice.http.get(path(source["uri"])))["name"] == "source"
    assert alice.ok(alice.http.get(path(collection["uri"])))["name"] == "coll"
    assert [f["name"] for f in alice.ok(alice.http.get(path(collection["uri"]) + "/schema"))] == ["Name", "Code"]
    assert alice.ok(alice.http.get(path(collection["uri"]) + "/properties")) == {}


def test_value_lengths(alice):
    collection = alice.collection(schema=SCHEMA)
    long = "v" * 51
    create = alice.http.post(path(collection["items"]), json=[{"Name": "a"}, {"Name": "b", "Code": long}])
    assert_refused(create, 400, "[1].Code must be at most 50 characters", "got 51")
    assert count(alice, collection) == 0
    (item,) = alice.add_items(collection, [{"Name": "v" * 50}])
    assert_refused(alice.http.patch(path(item["uri"]), json={"fields": {"Code": long}}), 400, "at most 50 characters")
    field = {"name": "Extra", "fieldType": "STRING", "default": long}
    assert_refused(alice.http.patch(path(collection["uri"]) + "/schema", json=[field]), 400, "default must be at most 50")
    assert alice.ok(alice.http.get(path(item["uri"])))["fields"] == {"Name": "v" * 50, "Code": None}
    assert len(alice.ok(alice.http.get(path(collection["uri"]) + "/schema"))) == 2


@pytest.mark.parametrize("long", ["é" * 51, "€" * 51, '"' * 51, "a\\" * 26, "\u0001" * 51])
def test_value_lengths_count_characters_whatever_the_bytes(alice, long):
    # The check first reads the body's bytes for a string that could be too long: multi-byte
    # characters, escaped quotes and escapes of any kind must not hide one.
    collection = alice.collection(schema=SCHEMA)
    # Around it, no run of 25 bytes (half the limit) without a quote.
    entries = [{"Name": f"name {i}", "Code": "x" * 20} for i in range(3)] + [{"Name": "z", "Code": long}]
    assert_refused(alice.http.post(path(collection["items"]), json=entries), 400, "[3].Code must be at most 50 characters")
    assert count(alice, collection) == 0
    # ... and a long run without quotes that is no string (a number written with 62 digits) is no mistake
    body = orjson.dumps(entries[:3] + [{"Name": "z", "Code": long[:50]}])[:-1] + b', {"Name": 0.' + b"1" * 60 + b"}]"
    created = alice.ok(alice.http.post(path(collection["items"]), content=body, headers={"content-type": "application/json"}))
    assert created[3]["fields"]["Code"] == long[:50]
    assert created[4]["fields"]["Name"] == float("0." + "1" * 60)


def test_serve_options_set_the_limits(tmp_path):
    """`pellucid serve --max-items/--max-name-length/--max-value-length` reach the handlers."""
    from tests.dataservice.conftest import make_user

    database = Database(database_kind(), tmp_path)
    served = start_subprocess(database.url, ["--max-items", "2", "--max-name-length", "4", "--max-value-length", "4"])
    try:
        user = make_user(served, scopes=["data-service.admin"])
        assert_refused(user.http.post("/dataSets", json={"name": "fives"}), 400, "at most 4 characters")
        collection = user.collection(user.data_source("src"), "c", SCHEMA[:1])
        assert_refused(user.http.post(path(collection["items"]), json=[{}, {}, {}]), 413, "At most 2 items")
        assert_refused(user.http.post(path(collection["items"]), json=[{"Name": "12345"}]), 400, "at most 4 characters")
        assert count(user, collection) == 0
    finally:
        served.stop()
        database.drop()


def test_value_lengths_beside_other_mistakes(alice):
    """Past the length check, entries that are not objects and nested values keep their own 400s."""
    collection = alice.collection(schema=SCHEMA)
    not_object = alice.http.post(path(collection["items"]), json=[{"Name": "a" * 40}, 5])
    assert_refused(not_object, 400, "[1] must be a JSON object")
    nested = alice.http.post(path(collection["items"]), json=[{"Name": {"deep": "v" * 60}}])
    assert_refused(nested, 400, "[0].Name must be a string, number, boolean or null")
    assert count(alice, collection) == 0
