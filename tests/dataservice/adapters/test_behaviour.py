"""Adapter-created collections behave like any other through the Data Service API."""

from __future__ import annotations

import pytest

from tests.dataservice.conftest import path

from .conftest import collections_of, fields_of, metadata_of, schema_names, upload
from .test_excel import post as post_excel
from .workbooks import budget

CITIES = b"city,population\nOslo,709000\nLund,94000\nBergen,286000\n"


@pytest.mark.wire
def test_filters_and_by_key_on_a_csv_collection(alice):
    source = alice.ok(upload(alice, "/adapter/csv", CITIES))
    (collection,) = collections_of(alice, source)
    found = alice.ok(alice.http.get(path(collection["items"]), params={"filter": "B > 100000"}))
    assert [entry["fields"]["A"] for entry in found["items"]] == ["Oslo", "Bergen"] and found["total"] == 2
    found = alice.ok(alice.http.post(path(collection["uri"]) + "/itemsByKey", json={
        "keySchemaFields": ["A"], "targetValues": [{"fieldValues": ["Lund"]}]}))
    assert [entry["fields"]["B"] for entry in found["items"]] == ["94000"]
    patched = alice.ok(alice.http.patch(path(collection["uri"]) + "/itemsByKey", json={
        "keySchemaFields": ["A"], "patches": [{"fieldValues": ["Lund"], "patch": {"B": "95000"}}]}))
    assert patched is not None
    assert fields_of(alice, collection)[2] == {"A": "Lund", "B": "95000"}


@pytest.mark.wire
def test_schema_changes_reach_the_cell_metadata_but_not_sheet_order(alice):
    tab = collections_of(alice, alice.ok(post_excel(alice, budget())))[0]
    schema = alice.ok(alice.http.get(path(tab["schema"])))
    renamed = {**schema[0], "name": "Item"}
    alice.ok(alice.http.patch(path(tab["schema"]), json=[renamed, {"name": "E", "fieldType": "STRING"}]))
    metadata = metadata_of(alice, tab)
    for kind in ("FillColor", "TextColor", "Format", "Formula", "Comment"):
        assert schema_names(alice, metadata[kind]) == ["row", "Item", "B", "C", "D", "E"], kind
    assert schema_names(alice, metadata["SheetOrder"]) == ["id", "row"]
    assert fields_of(alice, metadata["FillColor"])[0]["Item"] == "dd7e6bff"


def test_items_of_an_adapter_collection_can_be_edited_and_the_overwrite_replaces_them(alice):
    source = alice.ok(upload(alice, "/adapter/csv", CITIES))
    (collection,) = collections_of(alice, source)
    alice.ok(alice.http.post(path(collection["items"]), json=[{"A": "Turku", "B": "200000"}]))
    assert len(fields_of(alice, collection)) == 5
    alice.ok(upload(alice, "/adapter/csv", b"a\n", "v2.csv", "PUT", params={"dataSource": source["uri"]}))
    assert fields_of(alice, collection) == [{"A": "a", "B": None}]
    assert alice.http.head(path(collection["items"])).headers["Lucid-Items-Total"] == "1"


def test_deleting_an_adapter_source_removes_everything(alice):
    source = alice.ok(post_excel(alice, budget()))
    tabs = collections_of(alice, source)
    metadata = [entry for tab in tabs for entry in metadata_of(alice, tab).values()]
    alice.ok(alice.http.delete(path(source["uri"])))
    for entry in [*tabs, *metadata]:
        assert alice.http.get(path(entry["uri"])).status_code == 404
