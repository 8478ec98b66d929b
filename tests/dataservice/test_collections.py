"""Collections, metadata collections, schema and properties (seed 001)."""

from __future__ import annotations

import time

import pytest

from .conftest import SCHEMA, make_user, path

pytestmark = pytest.mark.wire


def test_create_collection_as_documented(alice):
    source = alice.data_source()
    collection = alice.collection(source, "TPS Reports 2018", SCHEMA, {"backgroundColor": "green", "fontSize": "12"})
    base = alice.server.base_url
    cid = collection["uri"].rsplit("/", 1)[1]
    assert collection == {
        "uri": f"{base}/collections/{cid}",
        "dataSource": source["uri"],
        "name": "TPS Reports 2018",
        "lastSync": collection["lastSync"],
        "versionTimestamp": collection["versionTimestamp"],
        "parent": None,
        "metadataType": None,
        "created": collection["created"],
        "deleted": None,
        "lastModified": collection["lastModified"],
        "items": f"{base}/collections/{cid}/items",
        "schema": f"{base}/collections/{cid}/schema",
        "properties": f"{base}/collections/{cid}/properties",
        "metadata": f"{base}/collections/{cid}/metadata",
        "syncStarted": None,
    }
    schema = alice.ok(alice.http.get(path(collection["schema"])))
    assert [(f["name"], f["fieldType"], f["order"], f["default"], f["isPrimary"]) for f in schema] == [
        ("Name", "STRING", 1, None, False), ("Employee ID", "NUMBER", 2, "1", False)]
    assert alice.ok(alice.http.get(path(collection["properties"]))) == {"backgroundColor": "green", "fontSize": "12"}
    assert alice.ok(alice.http.get(path(collection["uri"]))) == collection


def test_collection_list_count_and_data_source_filter(server):
    carol = make_user(server)
    first = carol.data_source("one")
    second = carol.data_source("two")
    a = carol.collection(first, "a")
    b = carol.collection(second, "b")
    carol.ok(carol.http.post(path(a["uri"]) + "/metadata", json={"metadataType": "FillColor", "schema": []}))
    listed = carol.ok(carol.http.get("/collections"))
    assert [c["uri"] for c in listed["collections"]] == [a["uri"], b["uri"]]
    assert carol.http.head("/collections").headers["Lucid-Collections-Total"] == "2"
    only = carol.ok(carol.http.get(path(first["collections"])))
    assert [c["uri"] for c in only["collections"]] == [a["uri"]]
    assert carol.http.head("/collections", params={"dataSource": second["uri"]}).headers["Lucid-Collections-Total"] == "1"


def test_update_collection_name_and_data_source(alice):
    source, other = alice.data_source(), alice.data_source()
    collection = alice.collection(source)
    moved = alice.ok(alice.http.patch(path(collection["uri"]), json={"name": "renamed", "dataSource": other["uri"]}))
    assert moved["name"] == "renamed" and moved["dataSource"] == other["uri"]


def test_metadata_collections_cannot_be_updated(alice):
    parent = alice.collection()
    meta = alice.ok(alice.http.post(path(parent["metadata"]), json={"metadataType": "Comment", "schema": []}))
    response = alice.http.patch(path(meta["uri"]), json={"name": "x"})
    assert response.status_code == 400


def test_delete_collection_removes_metadata_and_items(alice):
    collection = alice.collection(schema=SCHEMA)
    alice.add_items(collection, [{"Name": "n"}])
    meta = alice.ok(alice.http.post(path(collection["metadata"]), json={"metadataType": "Comment", "schema": []}))
    response = alice.http.delete(path(collection["uri"]))
    assert response.status_code == 200
    assert response.json() == f"Collection {collection['uri'].rsplit('/', 1)[1]} deleted"
    assert alice.http.get(path(collection["uri"])).status_code == 404
    assert alice.http.get(path(meta["uri"])).status_code == 404


def test_metadata_collection_has_parent_link_and_type(alice):
    parent = alice.collection(schema=SCHEMA)
    meta = alice.ok(alice.http.post(path(parent["metadata"]), json={
        "name": "Reports 2020", "metadataType": "TextColor",
        "schema": [{"name": "row", "fieldType": "STRING", "order": 1}], "properties": {"fontSize": "12"}}))
    assert meta["parent"] == parent["uri"]
    assert meta["metadataType"] == "TextColor"
    assert meta["name"] == "Reports 2020"
    assert meta["dataSource"] == parent["dataSource"]
    listed = alice.ok(alice.http.get(path(parent["metadata"])))
    assert [m["uri"] for m in listed] == [meta["uri"]]


def test_inherits_schema_changes_propagates_adds_and_renames_not_deletes(alice):
    parent = alice.collection(schema=[{"name": "A", "fieldType": "STRING", "order": 1}])
    inheriting = alice.ok(alice.http.post(path(parent["metadata"]), json={
        "metadataType": "FillColor", "schema": [{"name": "row", "fieldType": "STRING"}, {"name": "A", "fieldType": "STRING"}],
        "properties": {"InheritsSchemaChanges": "true"}}))
    independent = alice.ok(alice.http.post(path(parent["metadata"]), json={
        "metadataType": "SheetOrder", "schema": [{"name": "id", "fieldType": "STRING"}, {"name": "A", "fieldType": "STRING"}]}))

    def names(collection):
        return [f["name"] for f in alice.ok(alice.http.get(path(collection["schema"])))]

    alice.ok(alice.http.patch(path(parent["schema"]), json=[{"name": "B", "fieldType": "NUMBER"}]))
    assert names(inheriting) == ["row", "A", "B"]
    assert names(independent) == ["id", "A"]

    fields = alice.ok(alice.http.get(path(parent["schema"])))
    a_field = next(f for f in fields if f["name"] == "A")
    alice.ok(alice.http.patch(path(a_field["uri"]), json={"name": "A2"}))
    assert names(inheriting) == ["row", "A2", "B"]
    assert names(independent) == ["id", "A"]

    alice.ok(alice.http.delete(path(a_field["uri"])))
    assert names(parent) == ["B"]
    assert names(inheriting) == ["row", "A2", "B"]


def test_a_metadata_change_bumps_the_parents_version_timestamp(alice):
    parent = alice.collection()
    meta = alice.ok(alice.http.post(path(parent["metadata"]), json={
        "metadataType": "Comment", "schema": [{"name": "row", "fieldType": "STRING"}]}))
    before = alice.ok(alice.http.get(path(parent["uri"])))["versionTimestamp"]
    time.sleep(1.05)  # versionTimestamp has second precision, as the docs print DateTimes
    alice.add_items(meta, [{"row": "1"}])
    after = alice.ok(alice.http.get(path(parent["uri"])))["versionTimestamp"]
    assert after > before


def test_collection_properties(alice):
    collection = alice.collection(properties={"property1": "a", "property2": "b"})
    props = path(collection["properties"])
    assert alice.ok(alice.http.patch(props, json={"property2": "bb", "property3": "c"})) == {"property2": "bb", "property3": "c"}
    assert alice.ok(alice.http.get(props)) == {"property1": "a", "property2": "bb", "property3": "c"}
    assert alice.http.delete(props, params={"properties": "property1,property2"}).status_code == 200
    assert alice.ok(alice.http.get(props)) == {"property3": "c"}
    assert alice.http.delete(props).status_code == 400


@pytest.mark.parametrize("schema, fragment", [
    ([{"name": "A"}], "fieldType"),
    ([{"name": "A", "fieldType": "WIDGET"}], "fieldType"),
    ([{"fieldType": "STRING"}], "name"),
    ([{"name": "A", "fieldType": "STRING"}, {"name": "A", "fieldType": "NUMBER"}], "more than one field"),
    ({"name": "A"}, "array"),
    ([{"name": "A", "fieldType": "STRING", "order": "first"}], "order"),
])
def test_collection_schema_validation(alice, schema, fragment):
    source = alice.data_source()
    response = alice.http.post("/collections", json={"dataSource": source["uri"], "name": "c", "schema": schema})
    assert response.status_code == 400
    assert fragment in response.json()["message"]
    assert alice.ok(alice.http.get(path(source["collections"])))["total"] == 0
