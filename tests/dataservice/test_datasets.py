"""Data sets and data set grants (seed 001 "Data Set Endpoints", "Data Set Grant Endpoints")."""

from __future__ import annotations

import pytest

from .conftest import make_user, path

pytestmark = pytest.mark.wire


def test_bootstrap_links_are_absolute(alice):
    body = alice.ok(alice.http.get("/"))
    base = alice.server.base_url
    assert body["dataSets"] == f"{base}/dataSets"
    assert body["dataSources"] == f"{base}/dataSources"
    assert body["collections"] == f"{base}/collections"
    assert body["sourceGrants"] == f"{base}/sourceGrants"
    assert body["dataSetGrants"] == f"{base}/dataSetGrants"
    assert isinstance(body["adapters"], dict)


def test_rate_limits_report_every_field_of_both_docs(alice):
    """Seed 002's example fields, and seed 001's accountApiCallRate and adapterTypes."""
    assert alice.ok(alice.http.get("/rateLimits")) == {
        "userHardRefreshInterval": 30, "userSoftRefreshInterval": 30, "userApiCallRate": 750,
        "accountApiCallRate": 0, "fileSizeLimit": 3, "adapterTypes": ["CSV", "EXCEL", "GOOGLE_SHEETS"],
    }


def test_create_get_rename_delete_data_set(alice):
    created = alice.data_set("Quarterly", {"Color": "green"})
    base = alice.server.base_url
    set_id = created["uri"].rsplit("/", 1)[1]
    assert created["uri"] == f"{base}/dataSets/{set_id}"
    assert created["name"] == "Quarterly"
    assert created["creatorId"] == alice.id
    assert created["properties"] == f"{base}/dataSets/{set_id}/properties"
    assert created["dataSetGrants"] == f"{base}/dataSetGrants?dataSet=" + created["uri"].replace(":", "%3A").replace("/", "%2F")
    assert created["dataSources"].startswith(f"{base}/dataSources?dataSet=")
    assert created["created"].endswith("Z") and created["modified"].endswith("Z")
    assert alice.ok(alice.http.get(path(created["uri"]))) == created

    renamed = alice.ok(alice.http.patch(path(created["uri"]), json={"name": "Yearly"}))
    assert renamed["name"] == "Yearly"

    response = alice.http.delete(path(created["uri"]))
    assert response.status_code == 200
    assert response.json() == f"Data set {set_id} deleted"
    assert alice.http.get(path(created["uri"])).status_code == 404


def test_create_data_set_makes_an_edit_grant_for_the_creator(alice):
    created = alice.data_set()
    grants = alice.ok(alice.http.get("/dataSetGrants", params={"dataSet": created["uri"]}))
    assert len(grants) == 1
    assert grants[0]["permissionType"] == "user"
    assert grants[0]["identifier"] == str(alice.id)
    assert grants[0]["role"] == "edit"
    assert grants[0]["dataSet"] == created["uri"]


def test_data_set_properties(alice):
    created = alice.data_set(properties={"property1": "a", "property2": "b"})
    props = path(created["properties"])
    assert alice.ok(alice.http.get(props)) == {"property1": "a", "property2": "b"}
    assert alice.ok(alice.http.patch(props, json={"property2": "bb", "property3": "c"})) == {"property2": "bb", "property3": "c"}
    assert alice.ok(alice.http.get(props)) == {"property1": "a", "property2": "bb", "property3": "c"}
    response = alice.http.delete(props, params={"properties": "property1,property2"})
    assert response.status_code == 200
    assert alice.ok(alice.http.get(props)) == {"property3": "c"}


def test_deleting_a_data_set_keeps_its_sources(alice):
    data_set = alice.data_set()
    source = alice.data_source("in set", dataSet=data_set["uri"])
    assert source["dataSet"] == data_set["uri"]
    alice.ok(alice.http.delete(path(data_set["uri"])))
    kept = alice.ok(alice.http.get(path(source["uri"])))
    assert kept["dataSet"] is None


def test_head_and_pagination_follow_the_documented_example(server):
    carol = make_user(server)
    for n in range(125):
        carol.data_set(f"set {n}")
    head = carol.http.head("/dataSets")
    assert head.status_code == 200
    assert head.headers["Lucid-DataSets-Total"] == "125"
    assert head.content == b""

    page = carol.ok(carol.http.get("/dataSets", params={"start": 90, "end": 100}))
    base = server.base_url
    assert page["total"] == 125
    assert [d["name"] for d in page["dataSets"]] == [f"set {n}" for n in range(89, 99)]
    assert page["prev"] == f"{base}/dataSets?start=80&end=90"
    assert page["next"] == f"{base}/dataSets?start=100&end=110"

    first = carol.ok(carol.http.get("/dataSets", params={"start": 1, "end": 11}))
    assert first["prev"] is None
    assert first["next"] == f"{base}/dataSets?start=11&end=21"
    last = carol.ok(carol.http.get("/dataSets", params={"start": 120, "end": 130}))
    assert [d["name"] for d in last["dataSets"]] == [f"set {n}" for n in range(119, 125)]
    assert last["next"] is None

    everything = carol.ok(carol.http.get("/dataSets"))
    assert len(everything["dataSets"]) == 125 and everything["next"] is None


@pytest.mark.parametrize("query", [{"start": 0}, {"start": "x"}, {"end": "1.5"}, {"start": 5, "end": 5}, {"start": 5, "end": 2}])
def test_bad_ranges_are_400(alice, query):
    response = alice.http.get("/dataSets", params=query)
    assert response.status_code == 400
    assert response.json()["code"] == "badRequest"


def test_grants_share_a_data_set_with_roles(alice, bob):
    data_set = alice.data_set("shared")
    assert bob.http.get(path(data_set["uri"])).status_code == 403

    grant = alice.ok(alice.http.post("/dataSetGrants", json={
        "dataSet": data_set["uri"], "permissionType": "user", "identifier": str(bob.id), "role": "view"}))
    assert grant["role"] == "view" and grant["permissionType"] == "user"
    assert alice.ok(alice.http.get(path(grant["uri"]))) == grant

    assert bob.ok(bob.http.get(path(data_set["uri"])))["name"] == "shared"
    assert data_set["uri"] in [d["uri"] for d in bob.ok(bob.http.get("/dataSets"))["dataSets"]]
    denied = bob.http.patch(path(data_set["uri"]), json={"name": "mine"})
    assert denied.status_code == 403 and denied.json()["code"] == "accessForbidden"
    assert bob.http.post("/dataSetGrants", json={
        "dataSet": data_set["uri"], "permissionType": "user", "identifier": str(bob.id), "role": "edit"}).status_code == 403

    response = alice.http.delete(path(grant["uri"]))
    assert response.json() == f"Data set grant {grant['uri'].rsplit('/', 1)[1]} deleted"
    assert bob.http.get(path(data_set["uri"])).status_code == 403


def test_account_grants_admit_every_user_of_the_account(server, alice):
    colleague = make_user(server, alice.account_id)
    data_set = alice.data_set()
    assert colleague.http.get(path(data_set["uri"])).status_code == 403
    alice.ok(alice.http.post("/dataSetGrants", json={
        "dataSet": data_set["uri"], "permissionType": "account", "identifier": str(alice.account_id), "role": "edit"}))
    assert colleague.ok(colleague.http.patch(path(data_set["uri"]), json={"name": "renamed"}))["name"] == "renamed"


def test_the_last_data_set_grant_cannot_be_deleted(alice):
    data_set = alice.data_set()
    (only,) = alice.ok(alice.http.get("/dataSetGrants", params={"dataSet": data_set["uri"]}))
    response = alice.http.delete(path(only["uri"]))
    assert response.status_code == 400
    assert "last grant" in response.json()["message"]
    assert alice.ok(alice.http.get("/dataSetGrants", params={"dataSet": data_set["uri"]})) == [only]


def test_document_grants_admit_nobody_without_documents(alice, bob):
    data_set = alice.data_set()
    alice.ok(alice.http.post("/dataSetGrants", json={
        "dataSet": data_set["uri"], "permissionType": "document", "identifier": "110808fd-4553-4316-bccf-4f25ff59a532",
        "role": "edit"}))
    assert bob.http.get(path(data_set["uri"])).status_code == 403


@pytest.mark.parametrize("body, fragment", [
    ({"permissionType": "user", "identifier": "1", "role": "view"}, "dataSet"),
    ({"dataSet": "/dataSources/1", "permissionType": "user", "identifier": "1", "role": "view"}, "not a data set link"),
    ({"dataSet": "SET", "permissionType": "group", "identifier": "1", "role": "view"}, "permissionType"),
    ({"dataSet": "SET", "permissionType": "user", "identifier": "1", "role": "owner"}, "role"),
    ({"dataSet": "SET", "permissionType": "user", "identifier": "bob", "role": "view"}, "identifier"),
    ({"dataSet": "SET", "permissionType": "user", "identifier": 5, "role": "view"}, "identifier"),
])
def test_grant_validation(alice, body, fragment):
    data_set = alice.data_set()
    if body.get("dataSet") == "SET":
        body = {**body, "dataSet": data_set["uri"]}
    response = alice.http.post("/dataSetGrants", json=body)
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_grant_list_needs_the_data_set_parameter(alice):
    response = alice.http.get("/dataSetGrants")
    assert response.status_code == 400
    assert "dataSet" in response.json()["message"]


def test_unknown_data_set_is_404(alice):
    assert alice.http.get("/dataSets/999999999").status_code == 404
    assert alice.http.get("/dataSetGrants/999999999").status_code == 404
