"""Schema endpoints (seed 001 "Schema Endpoints")."""

from __future__ import annotations

import pytest

from .conftest import SCHEMA, path

pytestmark = pytest.mark.wire


def test_get_all_and_one_field_definition(alice):
    collection = alice.collection(schema=[
        {"name": "colA", "fieldType": "STRING", "order": 2, "default": "foo"},
        {"name": "colB", "fieldType": "NUMBER", "order": 1},
    ])
    fields = alice.ok(alice.http.get(path(collection["schema"])))
    cid = collection["uri"].rsplit("/", 1)[1]
    base = alice.server.base_url
    first_id = fields[0]["uri"].rsplit("/", 1)[1]
    assert fields[0] == {
        "uri": f"{base}/collections/{cid}/schema/{first_id}", "name": "colA", "fieldType": "STRING",
        "collection": collection["uri"], "isPrimary": False, "order": 2, "default": "foo", "label": None,
    }
    assert alice.ok(alice.http.get(path(fields[1]["uri"])))["name"] == "colB"


def test_patch_schema_updates_and_adds_returning_only_those(alice):
    collection = alice.collection(schema=SCHEMA)
    fields = alice.ok(alice.http.get(path(collection["schema"])))
    changed = dict(fields[0], name="Full Name", isPrimary=True)
    result = alice.ok(alice.http.patch(path(collection["schema"]), json=[changed, {"name": "Age", "fieldType": "NUMBER", "order": 3}]))
    assert [f["name"] for f in result] == ["Full Name", "Age"]
    assert result[0]["uri"] == fields[0]["uri"] and result[0]["isPrimary"] is True
    assert [f["name"] for f in alice.ok(alice.http.get(path(collection["schema"])))] == ["Full Name", "Employee ID", "Age"]


def test_patch_schema_rejects_duplicate_names_and_foreign_fields(alice):
    collection = alice.collection(schema=SCHEMA)
    other = alice.collection(schema=SCHEMA)
    duplicate = alice.http.patch(path(collection["schema"]), json=[{"name": "Name", "fieldType": "STRING"}])
    assert duplicate.status_code == 400
    foreign = alice.ok(alice.http.get(path(other["schema"])))[0]
    response = alice.http.patch(path(collection["schema"]), json=[dict(foreign, name="stolen")])
    assert response.status_code == 400
    assert alice.ok(alice.http.get(path(other["schema"])))[0]["name"] == "Name"


def test_patch_one_field(alice):
    collection = alice.collection(schema=SCHEMA)
    field = alice.ok(alice.http.get(path(collection["schema"])))[1]
    updated = alice.ok(alice.http.patch(path(field["uri"]), json={
        "name": "updated col name", "fieldType": "STRING", "isPrimary": False, "order": 2, "default": "foo"}))
    assert updated["name"] == "updated col name" and updated["default"] == "foo" and updated["fieldType"] == "STRING"


def test_renaming_a_field_keeps_item_values(alice):
    collection = alice.collection(schema=SCHEMA)
    item = alice.add_items(collection, [{"Name": "Ann"}])[0]
    field = alice.ok(alice.http.get(path(collection["schema"])))[0]
    alice.ok(alice.http.patch(path(field["uri"]), json={"name": "First"}))
    assert alice.ok(alice.http.get(path(item["uri"])))["fields"] == {"First": "Ann", "Employee ID": "1"}


def test_items_created_after_a_schema_change_follow_the_new_schema(alice):
    # Bulk creates prepare their values from the schema the server last saw before their
    # transaction; after a change that guess is stale and must not be what gets stored.
    collection = alice.collection(schema=SCHEMA)
    alice.add_items(collection, [{"Name": "Ann", "Employee ID": "1"}])
    name, employee = alice.ok(alice.http.get(path(collection["schema"])))
    alice.ok(alice.http.patch(path(name["uri"]), json={"name": "First"}))
    alice.ok(alice.http.delete(path(employee["uri"])))
    alice.ok(alice.http.patch(path(collection["schema"]), json=[
        {"name": "Name", "fieldType": "STRING"}, {"name": "Team", "fieldType": "STRING", "default": "blue"}]))
    created = alice.add_items(collection, [{"First": "Bo", "Name": "Bo B", "Employee ID": "2"}, {"Team": "red"}])
    assert [item["fields"] for item in created] == [
        {"First": "Bo", "Name": "Bo B", "Team": "blue"}, {"First": None, "Name": None, "Team": "red"}]
    assert [alice.ok(alice.http.get(path(item["uri"])))["fields"] for item in created] == [item["fields"] for item in created]


def test_deleting_fields_deletes_their_values(alice):
    collection = alice.collection(schema=SCHEMA)
    item = alice.add_items(collection, [{"Name": "Ann", "Employee ID": "7"}])[0]
    name, employee = alice.ok(alice.http.get(path(collection["schema"])))
    response = alice.http.delete(path(name["uri"]))
    assert response.status_code == 200 and response.json() == "Deleted 1 field(s)"
    assert alice.ok(alice.http.get(path(item["uri"])))["fields"] == {"Employee ID": "7"}
    alice.ok(alice.http.patch(path(collection["schema"]), json=[{"name": "Name", "fieldType": "STRING"}]))
    assert alice.ok(alice.http.get(path(item["uri"])))["fields"] == {"Employee ID": "7", "Name": None}

    relative = "/" + employee["uri"].split("/", 3)[3]
    response = alice.http.delete(path(collection["schema"]), params={"fields": relative})
    assert response.json() == "Deleted 1 field(s)"
    assert alice.ok(alice.http.get(path(item["uri"])))["fields"] == {"Name": None}


def test_delete_fields_of_another_collection_is_400(alice):
    collection = alice.collection(schema=SCHEMA)
    other = alice.collection(schema=SCHEMA)
    foreign = alice.ok(alice.http.get(path(other["schema"])))[0]
    response = alice.http.delete(path(collection["schema"]), params={"fields": foreign["uri"]})
    assert response.status_code == 400
    assert len(alice.ok(alice.http.get(path(other["schema"])))) == 2


def test_unknown_field_is_404(alice):
    collection = alice.collection(schema=SCHEMA)
    assert alice.http.get(path(collection["schema"]) + "/999999").status_code == 404
