"""Data items (seed 001 "Data Item Endpoints")."""

from __future__ import annotations

import pytest

from pellucid.server.store import collections as store_collections
from pellucid.server.store.db import now_ms

from .conftest import make_user, path

pytestmark = pytest.mark.wire

AB = [{"name": "ColA", "fieldType": "STRING", "order": 1}, {"name": "ColB", "fieldType": "STRING", "order": 2}]


def test_create_items_ignores_unknown_fields(alice):
    collection = alice.collection(schema=AB)
    created = alice.add_items(collection, [
        {"ColA": "a value", "ColB": "b value"},
        {"ColA": "aa value", "ColB": "bb value", "ColC": "cc value"},
    ])
    cid = collection["uri"].rsplit("/", 1)[1]
    base = alice.server.base_url
    assert created == [
        {"uri": f"{base}/collections/{cid}/items/1", "collection": collection["uri"],
         "fields": {"ColA": "a value", "ColB": "b value"}},
        {"uri": f"{base}/collections/{cid}/items/2", "collection": collection["uri"],
         "fields": {"ColA": "aa value", "ColB": "bb value"}},
    ]


def test_missing_values_take_the_schema_default_or_null(alice):
    collection = alice.collection(schema=[
        {"name": "A", "fieldType": "STRING"}, {"name": "B", "fieldType": "NUMBER", "default": "1"}])
    (item,) = alice.add_items(collection, [{}])
    assert item["fields"] == {"A": None, "B": "1"}
    (explicit,) = alice.add_items(collection, [{"B": "5", "A": None}])
    assert explicit["fields"] == {"A": None, "B": "5"}


def test_created_items_answer_as_they_are_read_back(alice):
    """A create answers each item as GET lists it: every schema field, in schema order, whatever
    the entry named (in order or not, with nulls, defaults or fields outside the schema)."""
    collection = alice.collection(schema=[
        {"name": "A", "fieldType": "STRING"}, {"name": "B", "fieldType": "NUMBER", "default": "1"},
        {"name": "C", "fieldType": "BOOLEAN"}])
    created = alice.add_items(collection, [
        {"A": "x", "B": 2, "C": True}, {"A": None, "B": 2.5, "C": None}, {"C": False, "B": "3", "A": "y"},
        {"A": "z"}, {"A": "w", "B": 4, "C": True, "D": "outside"}, {"A": "v", "B": None, "C": False}, {}])
    assert created == alice.ok(alice.http.get(path(collection["items"])))["items"]
    assert all(list(item["fields"]) == ["A", "B", "C"] for item in created)
    assert [item["fields"]["B"] for item in created] == [2, 2.5, "3", "1", 4, "1", "1"]
    plain = alice.collection(schema=AB)  # no defaults: an entry in schema order goes back as sent
    sent = [{"ColA": "a", "ColB": None}, {"ColA": 1, "ColB": "b"}, {"ColB": "c", "ColA": None}]
    assert [item["fields"] for item in alice.add_items(plain, sent)] == [
        {"ColA": "a", "ColB": None}, {"ColA": 1, "ColB": "b"}, {"ColA": None, "ColB": "c"}]
    assert [item["fields"] for item in alice.ok(alice.http.get(path(plain["items"])))["items"]] == [
        {"ColA": "a", "ColB": None}, {"ColA": 1, "ColB": "b"}, {"ColA": None, "ColB": "c"}]


def test_get_list_head(alice):
    collection = alice.collection(schema=AB)
    created = alice.add_items(collection, [{"ColA": str(n)} for n in range(25)])
    assert alice.ok(alice.http.get(path(created[3]["uri"]))) == created[3]
    head = alice.http.head(path(collection["items"]))
    assert head.status_code == 200 and head.headers["Lucid-Items-Total"] == "25"
    listed = alice.http.get(path(collection["items"]), params={"start": 3, "end": 5})
    page = alice.ok(listed)
    assert [i["fields"]["ColA"] for i in page["items"]] == ["2", "3"]
    assert page["total"] == 25 and listed.headers["Lucid-Items-Total"] == "25"  # seed 001: also in the header
    assert page["prev"] == f"{collection['items']}?start=1&end=3"
    assert page["next"] == f"{collection['items']}?start=5&end=7"
    everything = alice.ok(alice.http.get(path(collection["items"])))
    assert everything["items"] == created and everything["next"] is None and everything["prev"] is None


def test_ranges_skip_deleted_items(alice):
    collection = alice.collection(schema=AB)
    created = alice.add_items(collection, [{"ColA": str(n)} for n in range(3000)])
    doomed = ",".join(path(item["uri"]) for item in created[:1500:3])
    assert alice.ok(alice.http.delete(path(collection["items"]), params={"items": doomed})) == "Deleted 500 item(s)"
    survivors = [item for n, item in enumerate(created) if not (n < 1500 and n % 3 == 0)]
    page = alice.ok(alice.http.get(path(collection["items"]), params={"start": 1900, "end": 1910}))
    assert page["total"] == 2500
    assert page["items"] == survivors[1899:1909]
    page = alice.ok(alice.http.get(path(collection["items"]), params={"start": 2495}))
    assert page["items"] == survivors[2494:]


def test_patch_one_item_null_deletes_unknown_ignored(alice):
    collection = alice.collection(schema=AB)
    (item,) = alice.add_items(collection, [{"ColA": "a", "ColB": "b"}])
    updated = alice.ok(alice.http.patch(path(item["uri"]), json={
        "uri": item["uri"], "collection": item["collection"],
        "fields": {"ColA": "new a value", "ColB": None, "ColC": "new c value"}}))
    assert updated == {"uri": item["uri"], "collection": collection["uri"], "fields": {"ColA": "new a value", "ColB": None}}
    assert alice.ok(alice.http.get(path(item["uri"]))) == updated


def test_patch_many_items(alice):
    collection = alice.collection(schema=AB)
    first, second, untouched = alice.add_items(collection, [{"ColA": "a"}, {"ColA": "aa"}, {"ColA": "x"}])
    result = alice.ok(alice.http.patch(path(collection["items"]), json=[
        {"uri": first["uri"], "collection": collection["uri"], "fields": {"ColA": "new a value", "ColB": None}},
        {"uri": second["uri"], "collection": collection["uri"],
         "fields": {"ColA": "new aa value", "ColB": "new bb value", "ColC": "should not show up"}},
    ]))
    assert [r["fields"] for r in result] == [
        {"ColA": "new a value", "ColB": None}, {"ColA": "new aa value", "ColB": "new bb value"}]
    assert alice.ok(alice.http.get(path(untouched["uri"])))["fields"] == {"ColA": "x", "ColB": None}


def test_patch_many_is_all_or_nothing(alice):
    collection = alice.collection(schema=AB)
    (item,) = alice.add_items(collection, [{"ColA": "a"}])
    response = alice.http.patch(path(collection["items"]), json=[
        {"uri": item["uri"], "fields": {"ColA": "changed"}},
        {"uri": path(collection["items"]) + "/999999", "fields": {"ColA": "ghost"}},
    ])
    assert response.status_code == 404
    assert alice.ok(alice.http.get(path(item["uri"])))["fields"]["ColA"] == "a"


def test_delete_items_and_item(alice):
    collection = alice.collection(schema=AB)
    a, b, c = alice.add_items(collection, [{"ColA": "1"}, {"ColA": "2"}, {"ColA": "3"}])
    response = alice.http.delete(path(a["uri"]))
    assert response.status_code == 200 and response.json() == "Deleted 1 item(s)"
    assert alice.http.get(path(a["uri"])).status_code == 404
    assert alice.http.delete(path(a["uri"])).status_code == 404
    relative = "/" + b["uri"].split("/", 3)[3]
    assert alice.ok(alice.http.delete(path(collection["items"]), params={"items": f"{relative},{c['uri']}"})) == "Deleted 2 item(s)"
    assert alice.http.head(path(collection["items"])).headers["Lucid-Items-Total"] == "0"


def test_foreign_item_links_are_rejected(alice):
    collection = alice.collection(schema=AB)
    other = alice.collection(schema=AB)
    (mine,) = alice.add_items(collection, [{"ColA": "1"}])
    (theirs,) = alice.add_items(other, [{"ColA": "2"}])
    response = alice.http.delete(path(collection["items"]), params={"items": f"{mine['uri']},{theirs['uri']}"})
    assert response.status_code == 400
    assert alice.ok(alice.http.get(path(mine["uri"])))
    assert alice.ok(alice.http.get(path(theirs["uri"])))
    assert alice.http.patch(path(collection["items"]), json=[{"uri": theirs["uri"], "fields": {"ColA": "x"}}]).status_code == 400
    assert alice.http.delete(path(collection["items"]), params={"items": "/dataSets/1"}).status_code == 400


@pytest.mark.parametrize("body", [{"ColA": "x"}, [["ColA"]], [{"ColA": {"nested": 1}}], [{"ColA": [1]}], "text"])
def test_create_items_wrong_types_create_nothing(alice, body):
    collection = alice.collection(schema=AB)
    alice.add_items(collection, [{"ColA": "kept"}])
    payload = body if isinstance(body, (list, str)) else body
    if isinstance(body, list) and body and isinstance(body[0], dict):
        payload = [{"ColA": "valid"}, *body]
    response = alice.http.post(path(collection["items"]), json=payload)
    assert response.status_code == 400
    assert alice.http.head(path(collection["items"])).headers["Lucid-Items-Total"] == "1"


def test_typed_scalar_values_round_trip(alice):
    collection = alice.collection(schema=AB)
    (item,) = alice.add_items(collection, [{"ColA": 5, "ColB": True}])
    assert item["fields"] == {"ColA": 5, "ColB": True}


def test_locked_while_syncing(alice):
    collection = alice.collection(schema=AB)
    (item,) = alice.add_items(collection, [{"ColA": "1"}])
    collection_id = int(collection["uri"].rsplit("/", 1)[1])
    with alice.server.store.write() as conn:  # set-up: a refresh in progress (adapters and connectors do this)
        store_collections.set_sync_started(conn, collection_id, now_ms())
    try:
        shown = alice.ok(alice.http.get(path(collection["uri"])))
        assert shown["syncStarted"] is not None
        response = alice.http.get(path(collection["items"]))
        assert response.status_code == 423
        assert alice.http.post(path(collection["items"]), json=[{"ColA": "2"}]).status_code == 423
        assert alice.http.patch(path(item["uri"]), json={"fields": {"ColA": "x"}}).status_code == 423
    finally:
        with alice.server.store.write() as conn:
            store_collections.set_sync_started(conn, collection_id, None)
    assert alice.ok(alice.http.get(path(collection["items"])))["total"] == 1


def test_view_grant_reads_but_cannot_write_items(server, alice):
    viewer = make_user(server)
    source = alice.data_source()
    collection = alice.collection(source, schema=AB)
    (item,) = alice.add_items(collection, [{"ColA": "1"}])
    alice.ok(alice.http.post("/sourceGrants", json={
        "dataSource": source["uri"], "permissionType": "user", "identifier": str(viewer.id), "role": "view"}))
    assert viewer.ok(viewer.http.get(path(item["uri"])))["fields"]["ColA"] == "1"
    assert viewer.http.post(path(collection["items"]), json=[{"ColA": "2"}]).status_code == 403
    assert viewer.http.patch(path(item["uri"]), json={"fields": {"ColA": "x"}}).status_code == 403
    assert viewer.http.delete(path(item["uri"])).status_code == 403
    assert viewer.http.delete(path(collection["schema"]) + "/1").status_code in (403, 404)


@pytest.mark.parametrize("entries", [
    [{"ColA": "{not json}", "ColB": "[1, 2]"}],
    [{"ColA": "a"}, "{"],
    [{"ColA": "a", "ColC": "unknown"}, {"ColB": None}],
])
def test_brackets_in_values_and_odd_entries(alice, entries):
    collection = alice.collection(schema=AB)
    response = alice.http.post(path(collection["items"]), json=entries)
    if all(isinstance(entry, dict) for entry in entries):
        stored = response.json()
        assert response.status_code == 200
        assert [item["fields"] for item in stored] == [
            {"ColA": entry.get("ColA"), "ColB": entry.get("ColB")} for entry in entries]
    else:
        assert response.status_code == 400 and "[1]" in response.json()["message"]
        assert alice.http.head(path(collection["items"])).headers["Lucid-Items-Total"] == "0"


def test_a_million_empty_items_are_refused(alice):
    """Issue 11's case: 3 MB of `{}` created a million items and a 150 MB answer; now a 413 under
    the default --max-items, counted before the body is parsed, and nothing written."""
    collection = alice.collection(schema=AB)
    body = b"[" + b",".join([b"{}"] * 1_000_000) + b"]"
    refused = alice.http.post(path(collection["items"]), content=body, headers={"Content-Type": "application/json"})
    assert refused.status_code == 413, refused.text
    assert refused.json()["message"] == "At most 10000 items per request (the server's --max-items); this request has more"
    assert alice.http.head(path(collection["items"])).headers["Lucid-Items-Total"] == "0"
    assert len(alice.add_items(collection, [{}] * 10_000)) == 10_000


def test_a_collection_that_takes_a_deleted_ones_id_has_its_own_fields(alice):
    """SQLite gives a deleted collection's id, and its fields' ids, to the next collection."""
    source = alice.data_source()
    old = alice.collection(source, schema=[{"name": "a", "fieldType": "STRING"}, {"name": "b", "fieldType": "STRING", "default": "1"}])
    alice.add_items(old, [{"a": "x"}])
    alice.ok(alice.http.delete(path(old["uri"])))
    new = alice.collection(source, schema=[{"name": "k", "fieldType": "STRING"}, {"name": "v", "fieldType": "STRING"}])
    created = alice.add_items(new, [{"k": "key", "v": "value"}])
    assert created[0]["fields"] == {"k": "key", "v": "value"}
    assert alice.ok(alice.http.get(path(created[0]["uri"])))["fields"] == {"k": "key", "v": "value"}


def test_get_one_item_answers_for_the_collection_as_it_is_now(server, alice):
    """GET one item is read by one statement once the process knows the schema: it still sees
    renamed fields, lost grants, deleted items and deleted collections at once."""
    viewer = make_user(server)
    source = alice.data_source()
    collection = alice.collection(source, schema=AB)
    first, second = alice.add_items(collection, [{"ColA": "1"}, {"ColA": "2"}])
    alice.ok(alice.http.post("/sourceGrants", json={
        "dataSource": source["uri"], "permissionType": "user", "identifier": str(viewer.id), "role": "view"}))
    assert viewer.ok(viewer.http.get(path(first["uri"]))) == first
    field = alice.ok(alice.http.get(path(collection["schema"])))[0]
    alice.ok(alice.http.patch(path(field["uri"]), json={"name": "Renamed"}))
    assert viewer.ok(viewer.http.get(path(first["uri"])))["fields"] == {"Renamed": "1", "ColB": None}
    grants = alice.ok(alice.http.get("/sourceGrants", params={"dataSource": source["uri"]}))
    (grant,) = [grant for grant in grants if grant["identifier"] == str(viewer.id)]
    assert alice.http.delete(path(grant["uri"])).status_code in (200, 204)
    assert viewer.http.get(path(first["uri"])).status_code == 403
    assert alice.http.delete(path(first["uri"])).status_code in (200, 204)
    assert alice.http.get(path(first["uri"])).status_code == 404
    assert alice.ok(alice.http.get(path(second["uri"])))["fields"]["Renamed"] == "2"
    assert alice.http.delete(path(collection["uri"])).status_code == 200
    assert alice.http.get(path(second["uri"])).status_code == 404
