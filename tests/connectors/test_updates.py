"""`POST /data/dataSource/update` applied whole or not at all, and the parts of the body that
are not items: exhaustive patches with rekeying and field renames, deletions, errors,
per-item constraints, properties, creationPermission, upstreamConfig and foreign keys."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.subprocess

SCHEMA = {"fields": [{"name": "id", "type": 1, "constraints": []}, {"name": "v", "type": [3, 6], "constraints": []},
                     {"name": "when", "type": [5, 6], "constraints": []}], "primaryKey": ["id"]}


def body(items=None, schema=SCHEMA, cid="c", **extra) -> dict:
    patch = {"items": items or {}, "itemsDeleted": []}
    collection = {"schema": schema, "itemsPatch": patch} if schema else {"itemsPatch": patch}
    return {"updateData": {cid: collection}, "name": "Src", **extra}


def setup(world):
    actor = world.actor()
    document = actor.document()
    token = world.token(actor, document)
    first = world.push(token, body({"1": {"id": 1, "v": "a"}, "2": {"id": 2, "v": "b"}}))
    assert first.status_code == 200, first.text
    return actor, document, token, int(first.json()["collections"]["c"].rsplit("/", 1)[1])


def values(actor, collection_id) -> dict:
    return {i["fields"]["id"]: i["fields"] for i in actor.items(collection_id).json()["items"]}


@pytest.mark.parametrize("bad", [
    pytest.param(lambda ok: {**ok, "updateData": {**ok["updateData"], "new": {"itemsPatch": {"items": {}}}}},
                 id="second collection new without schema"),
    pytest.param(lambda ok: {**ok, "updateData": {**ok["updateData"], "z": {
        "schema": {"fields": [{"name": "k", "type": 99}], "primaryKey": ["k"]}, "itemsPatch": {"items": {}}}}},
                 id="unknown field type"),
    pytest.param(lambda ok: {**ok, "updateData": {**ok["updateData"], "z": {"itemsPatch": {"items": {'"k"': 5}}}}},
                 id="item that is not an object"),
    pytest.param(lambda ok: {**ok, "creationPermission": "Everything"}, id="unknown creationPermission"),
    pytest.param(lambda ok: [ok], id="not an object"),
])
def test_a_body_that_fails_half_way_applies_nothing(world, bad):
    actor, document, token, collection_id = setup(world)
    good = body({"1": {"id": 1, "v": "changed"}, "3": {"id": 3, "v": "new"}})
    response = world.push(token, bad(good))
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "badRequest" and response.json()["requestId"]
    assert values(actor, collection_id) == {1: {"id": 1, "v": "a", "when": None}, 2: {"id": 2, "v": "b", "when": None}}
    assert [c["id"] for c in actor.status(document)["collections"]] == ["c"]


def test_malformed_json_is_400(world):
    _, _, token, _ = setup(world)
    response = world.http.post("/data/dataSource/update", content=b"{not json",
                               headers={"data-update-token": token, "Content-Type": "application/json"})
    assert response.status_code == 400


def test_bodies_of_8_mib_are_accepted(world):
    actor, _, token, collection_id = setup(world)
    big = {str(n): {"id": n, "v": "x" * 200} for n in range(40_000)}
    payload = body(big, schema=None)
    import orjson

    assert len(orjson.dumps(payload)) > 8 * 1024 * 1024
    assert world.push(token, payload).status_code == 200
    assert actor.items(collection_id, start=1, end=2).json()["total"] == 40_000


def test_sparse_changes_deletions_and_nulls(world):
    actor, _, token, collection_id = setup(world)
    changed = world.push(token, {"name": "Src", "updateData": {"c": {"itemsPatch": {
        "items": {"1": {"v": None, "when": {"isoDate": "2024-05-01T10:00:00Z"}}}, "itemsDeleted": ["2", "404"]}}}})
    assert changed.status_code == 200, changed.text
    assert values(actor, collection_id) == {1: {"id": 1, "v": None, "when": {"isoDate": "2024-05-01T10:00:00Z"}}}


def test_exhaustive_patch_with_rekeying_and_renamed_fields(world):
    actor, document, token, collection_id = setup(world)
    item_uri = {i["fields"]["id"]: i["uri"] for i in actor.items(collection_id).json()["items"]}
    schema = {**SCHEMA, "fields": [SCHEMA["fields"][0], {"name": "value", "type": 3, "constraints": []}]}
    response = world.push(token, {"name": "Renamed source", "updateData": {"c": {"schema": schema, "itemsPatch": {
        "exhaustiveItems": {"10": {"id": 10, "value": "ten"}, "3": {"id": 3, "value": "three"}},
        "rekeyingMap": {"1": "10", "2": None}, "fieldNamesChanged": {"v": "value"}}}}})
    assert response.status_code == 200, response.text
    assert values(actor, collection_id) == {3: {"id": 3, "value": "three", "when": None},
                                            10: {"id": 10, "value": "ten", "when": None}}
    assert actor.get(item_uri[1]).json()["fields"]["id"] == 10  # rekeyed: same item, new key
    names = [f["name"] for f in actor.get(f"/collections/{collection_id}/schema").json()]
    assert names == ["id", "value", "when"]
    source_id = response.json()["dataSource"].rsplit("/", 1)[1]
    assert actor.get(f"/dataSources/{source_id}").json()["name"] == "Renamed source"


def test_errors_constraints_properties_and_source_settings(world):
    actor, document, token, collection_id = setup(world)
    response = world.push(token, {
        "name": "Src", "creationPermission": "None",
        "upstreamConfig": {"SourceType": 5, "UpdateType": 3, "PatchType": 3,
                           "SourceConfig": {"UpdateFilterType": "CurrentItemUpdates"}},
        "sourceForeignKeys": [{"Id": "fk", "SourceFields": ["id"], "OutwardLabel": "o", "InwardLabel": "i"}],
        "updateData": {"c": {"itemsPatch": {
            "items": {}, "itemsDeleted": [],
            "errors": {"1": {"dict": {"bad": True}},
                       "__CollectionUpstreamSchemaStatus__": {"dict": {"status": "ok", "onDocumentKey": None,
                                                                       "upstreamKey": None}}},
            "fieldConstraintsPerItem": {"2": {"v": [{"type": "locked", "reason": "upstream"}]}}},
            "properties": {"IsHiddenFromDataPanel": True, "QueryCollectionError": None, "Name": "Things"}}}})
    assert response.status_code == 200, response.text
    status = actor.status(document)
    assert status["creationPermission"] == "None" and status["updateFilterType"] == "CurrentItemUpdates"
    assert status["upstreamConfig"]["PatchType"] == 3 and status["sourceForeignKeys"][0]["Id"] == "fk"
    state = status["collections"][0]["items"]
    assert state["1"]["errors"] == {"dict": {"bad": True}}
    assert state["2"]["constraints"] == {"v": [{"type": "locked", "reason": "upstream"}]}
    assert "__CollectionUpstreamSchemaStatus__" in state
    props = actor.get(f"/collections/{collection_id}/properties").json()
    assert props == {"IsHiddenFromDataPanel": True, "QueryCollectionError": None, "Name": "Things"}
    assert actor.get(f"/collections/{collection_id}").json()["name"] == "Things"
    refused = actor.post(f"/collections/{collection_id}/items", json=[{"id": 5}])
    assert refused.status_code == 403  # creationPermission None: no new items in Lucid
    # CurrentItemUpdates: the envelope then lists every item key
    actor.trigger(document, "Capture")
    assert world.seen["Capture"][-1]["documentCollections"] == {"c": ["1", "2"]}
    cleared = world.push(token, {"name": "Src", "updateData": {"c": {"itemsPatch": {"items": {}, "errors": {"1": None}}}}})
    assert cleared.status_code == 200
    assert actor.status(document)["collections"][0]["items"]["1"]["errors"] is None
