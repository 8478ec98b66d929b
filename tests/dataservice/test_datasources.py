"""Data sources and source grants (seed 001 "Data Source Endpoints", "Source Grant Endpoints")."""

from __future__ import annotations

import pytest

from .conftest import SCHEMA, make_user, path

pytestmark = pytest.mark.wire


def test_create_and_get_data_source(alice):
    source = alice.data_source("Org chart", adapterType="DATA_API")
    base = alice.server.base_url
    source_id = source["uri"].rsplit("/", 1)[1]
    assert source == {
        "uri": f"{base}/dataSources/{source_id}",
        "name": "Org chart",
        "product": "chart",
        "sourceGrants": f"{base}/sourceGrants?dataSource={base}/dataSources/{source_id}",
        "adapterType": "DATA_API",
        "collections": f"{base}/collections?dataSource={base}/dataSources/{source_id}",
        "linkParameters": {},
        "created": source["created"],
        "lastModified": source["lastModified"],
        "deleted": None,
        "pending": False,
        "dataSet": None,
    }
    assert alice.ok(alice.http.get(path(source["uri"]))) == source
    assert alice.data_source("plain")["adapterType"] == "UNKNOWN"


def test_update_data_source_accepts_name_and_Name(alice):
    source = alice.data_source("before")
    assert alice.ok(alice.http.patch(path(source["uri"]), json={"name": "after"}))["name"] == "after"
    updated = alice.ok(alice.http.patch(path(source["uri"]), json={
        "Name": "capital", "adapterType": "CSV", "linkParameters": {"sheet": "A"}, "pending": True}))
    assert updated["name"] == "capital"
    assert updated["adapterType"] == "CSV"
    assert updated["linkParameters"] == {"sheet": "A"}
    assert updated["pending"] is True


def test_link_parameters_are_the_creators_only(alice, bob):
    source = alice.data_source()
    alice.ok(alice.http.patch(path(source["uri"]), json={"linkParameters": {"k": "v"}}))
    alice.ok(alice.http.post("/sourceGrants", json={
        "dataSource": source["uri"], "permissionType": "user", "identifier": str(bob.id), "role": "edit"}))
    seen = bob.ok(bob.http.get(path(source["uri"])))
    assert "linkParameters" not in seen
    denied = bob.http.patch(path(source["uri"]), json={"linkParameters": {"k": "stolen"}})
    assert denied.status_code == 403
    assert alice.ok(alice.http.get(path(source["uri"])))["linkParameters"] == {"k": "v"}


def test_pending_sources_are_hidden_from_list_and_count(server):
    carol = make_user(server)
    visible = carol.data_source("visible")
    pending = carol.data_source("pending", pending=True)
    listed = carol.ok(carol.http.get("/dataSources"))
    assert [s["uri"] for s in listed["dataSources"]] == [visible["uri"]]
    assert listed["total"] == 1
    assert carol.http.head("/dataSources").headers["Lucid-DataSources-Total"] == "1"
    assert carol.ok(carol.http.get(path(pending["uri"])))["pending"] is True


def test_list_sources_of_a_data_set(server):
    carol = make_user(server)
    data_set = carol.data_set()
    inside = carol.data_source("inside", dataSet=data_set["uri"])
    carol.data_source("outside")
    listed = carol.ok(carol.http.get("/dataSources", params={"dataSet": data_set["uri"], "start": 1, "end": 2}))
    assert [s["uri"] for s in listed["dataSources"]] == [inside["uri"]]
    assert listed["total"] == 1
    head = carol.http.head("/dataSources", params={"dataSet": data_set["uri"]})
    assert head.headers["Lucid-DataSources-Total"] == "1"


def test_a_source_in_a_data_set_is_reachable_through_the_sets_grants(alice, bob):
    data_set = alice.data_set()
    source = alice.data_source("in set", dataSet=data_set["uri"])
    assert bob.http.get(path(source["uri"])).status_code == 403
    alice.ok(alice.http.post("/dataSetGrants", json={
        "dataSet": data_set["uri"], "permissionType": "user", "identifier": str(bob.id), "role": "view"}))
    assert bob.ok(bob.http.get(path(source["uri"])))["name"] == "in set"
    assert bob.http.delete(path(source["uri"])).status_code == 403


def test_moving_a_source_into_a_set_needs_edit_on_the_set(alice, bob):
    data_set = alice.data_set()
    source = bob.data_source()
    assert bob.http.patch(path(source["uri"]), json={"dataSet": data_set["uri"]}).status_code == 403
    assert bob.http.post("/dataSources", json={"name": "x", "dataSet": data_set["uri"]}).status_code == 403


def test_delete_data_source_cascades(alice):
    source = alice.data_source()
    collection = alice.collection(source, schema=SCHEMA)
    alice.add_items(collection, [{"Name": "a"}])
    response = alice.http.delete(path(source["uri"]))
    assert response.status_code == 200
    assert response.json() == f"Data source {source['uri'].rsplit('/', 1)[1]} deleted"
    assert alice.http.get(path(source["uri"])).status_code == 404
    assert alice.http.get(path(collection["uri"])).status_code == 404
    assert alice.http.get(path(collection["uri"]) + "/items").status_code == 404


def test_source_grants_crud_and_last_grant(alice, bob):
    source = alice.data_source()
    (own,) = alice.ok(alice.http.get("/sourceGrants", params={"dataSource": source["uri"]}))
    assert own["dataSource"] == source["uri"] and own["role"] == "edit" and own["identifier"] == str(alice.id)
    last = alice.http.delete(path(own["uri"]))
    assert last.status_code == 400

    grant = alice.ok(alice.http.post("/sourceGrants", json={
        "dataSource": source["uri"], "permissionType": "account", "identifier": str(bob.account_id), "role": "view"}))
    assert alice.ok(alice.http.get(path(grant["uri"]))) == grant
    assert bob.ok(bob.http.get(path(source["uri"])))["uri"] == source["uri"]
    assert bob.http.get(path(grant["uri"])).status_code == 200
    grant_id = grant["uri"].rsplit("/", 1)[1]
    response = alice.http.delete(path(grant["uri"]))
    assert response.status_code == 200
    assert response.json() == f"Source grant {grant_id} deleted"
    assert bob.http.get(path(source["uri"])).status_code == 403
    assert alice.http.get(path(grant["uri"])).status_code == 404


def test_adapter_type_is_validated(alice):
    response = alice.http.post("/dataSources", json={"name": "x", "adapterType": "not valid"})
    assert response.status_code == 400
    assert "adapterType" in response.json()["message"]
