"""Our Python connector (pellucid.sdk.connector) against a real `pellucid serve`: Import lands
and reads back through the Data Service API and Get Document Contents; Patch, Poll,
HardRefresh and ManageWebhook round-trip; the refresh lock answers 423."""

from __future__ import annotations

import threading
import time

import pytest

from .conftest import wait_for

pytestmark = pytest.mark.subprocess


def test_import_lands_and_reads_back_through_the_data_service(world):
    actor = world.actor()
    document = actor.document()
    response = actor.trigger(document, "Import", {"runs": ["r1"]})
    assert response.status_code == 200, response.text
    assert response.json() == {"status": 200, "body": {"imported": 3, "metadata": [1]}}

    envelope = world.seen["Import"][-1]
    assert envelope["packageVersion"] == "2.0.0" and envelope["dataConnectorName"] == "sample"
    assert envelope["userCredential"] == "oauth-for-sample" and envelope["documentId"] == document
    assert envelope["updateFilterType"] == "AllUpdates" and envelope["documentCollections"] == {}
    assert envelope["action"] == {"name": "Import", "data": {"runs": ["r1"]}} and envelope["userId"] == actor.user_id

    collection_id = actor.collection(document)
    collection = actor.get(f"/collections/{collection_id}").json()
    assert collection["name"] == "People" and collection["syncStarted"] is None
    schema = {f["name"]: f for f in actor.get(f"/collections/{collection_id}/schema").json()}
    assert {n: (f["fieldType"], f["isPrimary"], f["label"]) for n, f in schema.items()} == {
        "id": ("STRING", True, None), "name": ("STRING", False, "Full name"),
        "age": ("NUMBER", False, None), "born": ("ANY", False, None)}
    listed = actor.items(collection_id).json()
    assert listed["total"] == 3
    assert [i["fields"] for i in listed["items"]][0] == {"id": "p1", "name": "Ann", "age": 31, "born": {"ms": 0}}
    assert actor.items(collection_id, filter="age > 40").json()["items"][0]["fields"]["name"] == "Bob"
    props = actor.get(f"/collections/{collection_id}/properties").json()
    assert props == {"Name": "People", "Represents": ["Items"]}

    contents = actor.get(f"/documents/{document}/contents").json()
    assert contents["data"]["collections"] == [{"id": str(collection_id), "name": "People", "primaryKey": ["id"]}]
    assert contents["pages"][0]["index"] == 0 and contents["product"] == "lucidchart"


def test_a_second_import_updates_the_same_collection(world):
    actor = world.actor()
    document = actor.document()
    for _ in range(2):
        assert actor.trigger(document, "Import").json()["status"] == 200
    collections = actor.status(document)["collections"]
    assert len(collections) == 1
    assert actor.items(int(collections[0]["collection"].rsplit("/", 1)[1])).json()["total"] == 3


def test_edits_through_the_data_service_are_sent_as_patch_and_the_reply_applied(world):
    actor = world.actor()
    document = actor.document()
    actor.trigger(document, "Import")
    collection_id = actor.collection(document)
    items = {i["fields"]["id"]: i for i in actor.items(collection_id).json()["items"]}
    before = len(world.seen["Patch"])

    response = actor.patch(items["p1"]["uri"], json={"fields": {"name": "annie"}})
    assert response.status_code == 200 and response.json()["fields"]["name"] == "annie"  # applied at once
    wait_for(lambda: len(world.seen["Patch"]) > before, what="the Patch action")
    sent = world.seen["Patch"][before]
    assert sent["changed"] == {'"p1"': {"name": "annie"}} and sent["token"]
    wait_for(lambda: actor.get(items["p1"]["uri"]).json()["fields"]["name"] == "ANNIE", what="the reply's change")

    actor.patch(items["p2"]["uri"], json={"fields": {"name": "bad"}})
    errors = wait_for(lambda: actor.status(document)["collections"][0]["items"].get('"p2"'), what="the item error")
    assert errors["errors"] == {"name": {"message": "names cannot be bad", "type": "default"}}

    created = actor.post(f"/collections/{collection_id}/items", json=[{"id": "p9", "name": "Nia", "age": "7"}])
    assert created.status_code == 200, created.text
    wait_for(lambda: any(p["added"] for p in world.seen["Patch"][before:]), what="itemsAdded")
    added = next(p["added"] for p in world.seen["Patch"][before:] if p["added"])
    assert added == {'"p9"': {"id": "p9", "name": "Nia", "age": 7}}
    duplicate = actor.post(f"/collections/{collection_id}/items", json=[{"id": "p9", "name": "Again"}])
    assert duplicate.status_code == 400

    actor.world.http.delete(items["p3"]["uri"], headers=actor.headers)
    wait_for(lambda: any(p["deleted"] == ['"p3"'] for p in world.seen["Patch"][before:]), what="itemsDeleted")
    wait_for(lambda: not actor.status(document)["patches"], what="the outbox to drain")


def test_poll_runs_on_its_interval_with_a_token_that_cannot_create(world):
    actor = world.actor()
    document = actor.document()
    assert actor.trigger(document, "Import", connector="poller").json()["status"] == 200
    first = len(world.seen["Poll"])
    wait_for(lambda: len(world.seen["Poll"]) >= first + 2, what="two polls")
    collection_id = actor.collection(document, connector="poller")
    p1 = wait_for(lambda: [i for i in actor.items(collection_id).json()["items"] if i["fields"]["id"] == "p1"
                           and i["fields"]["age"] > 31], what="the polled value")
    assert p1
    refused = world.push(world.seen["Poll"][-1], {"name": "x", "updateData": {"new": {
        "schema": {"fields": [{"name": "k", "type": 3}], "primaryKey": ["k"]}, "itemsPatch": {"items": {}}}}})
    assert refused.status_code == 403, refused.text
    assert actor.status(document, "poller")["lastPoll"] is not None


def test_opening_a_document_after_a_while_sends_hard_refresh(world):
    actor = world.actor()
    document = actor.document()
    actor.trigger(document, "Import")
    before = len(world.seen["HardRefresh"])
    actor.get(f"/documents/{document}")  # too soon: refreshed by the Import just now
    wait_for(lambda: actor.status(document)["lastRefresh"], what="lastRefresh")
    time.sleep(2.2)
    assert len(world.seen["HardRefresh"]) == before
    assert actor.get(f"/documents/{document}/contents").status_code == 200
    envelope = wait_for(lambda: world.seen["HardRefresh"][before:], what="HardRefresh")[0]
    assert envelope["documentId"] == document and envelope["documentUpdateToken"]
    assert envelope["documentCollections"] == {"people": []}
    collection_id = actor.collection(document)
    wait_for(lambda: actor.items(collection_id).status_code == 200 and actor.items(collection_id).json()["total"] == 2,
             what="the exhaustive refresh")


def test_new_collections_get_manage_webhook_and_its_reply_is_kept(world):
    actor = world.actor()
    document = actor.document()
    before = len(world.seen["ManageWebhook"])
    actor.trigger(document, "Import")
    wait_for(lambda: world.seen["ManageWebhook"][before:], what="ManageWebhook")
    status = wait_for(lambda: (s := actor.status(document))["webhook"] and s, what="the kept webhook")
    assert status["webhook"]["documentCollections"] == {"people": []}
    assert status["webhook"]["webhookData"]["hook"] == "h-1" and len(status["webhook"]["webhookData"]["secret"]) == 64
    token = world.seen["ManageWebhook"][-1]["token"]
    data = world.http.get("/dataSync/customWebhookData", headers={"data-update-token": token})
    assert data.json() == {"cursor": 7}
    update = world.push(token, {"name": "People source", "updateData": {"people": {"itemsPatch": {"items": {'"p1"': {"age": 99}}}}}})
    assert update.status_code == 200 and update.content == b""
    outside = world.push(token, {"name": "People source", "updateData": {"other": {"itemsPatch": {"items": {}}}}})
    assert outside.status_code == 403


def test_items_are_locked_while_an_import_is_in_flight(world):
    actor = world.actor()
    document = actor.document()
    actor.trigger(document, "Import")
    collection_id = actor.collection(document)
    world.seen["gate"].clear()
    waiting = len(world.seen["waiting"])
    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(r=actor.trigger(document, "Import", {"wait": True})))
    thread.start()
    try:
        wait_for(lambda: len(world.seen["waiting"]) > waiting, what="the import to push and wait")
        assert actor.items(collection_id).status_code == 423
        assert actor.get(f"/collections/{collection_id}").json()["syncStarted"] is not None
        assert actor.status(document)["refreshing"] is True
    finally:
        world.seen["gate"].set()
        thread.join(30)
    assert result["r"].json() == {"status": 200, "body": {"done": True}}
    assert actor.items(collection_id).status_code == 200
