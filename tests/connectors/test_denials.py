"""Who may do what: update tokens (missing, wrong, expired, another document's, Poll/Patch
tokens creating), the trigger (non-editors, unknown package or connector, no credential,
reserved actions), and that nothing leaks between documents."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from pellucid.server.store import credentials
from pellucid.server.store.tables import connectors as tc

pytestmark = pytest.mark.subprocess

NEW = {"name": "S", "updateData": {"c": {"schema": {"fields": [{"name": "k", "type": 3}], "primaryKey": ["k"]},
                                          "itemsPatch": {"items": {'"x"': {"k": "x"}}}}}}


def test_missing_wrong_and_expired_tokens_are_401(world):
    assert world.http.post("/data/dataSource/update", json=NEW).status_code == 401
    assert world.push("not-a-token", NEW).status_code == 401
    actor = world.actor()
    token = world.token(actor, actor.document())
    with world.server.store.write() as conn:
        conn.execute(sa.update(tc.update_tokens).where(tc.update_tokens.c.token_hash == credentials.digest(token))
                     .values(expires=1))
    expired = world.push(token, NEW)
    assert expired.status_code == 401 and expired.json()["code"] == "unauthorized"
    assert world.http.get("/dataSync/dataSource/metadata", headers={"data-update-token": token}).status_code == 401


def test_tokens_are_stored_hashed_and_reusable_until_they_expire(world):
    actor = world.actor()
    token = world.token(actor, actor.document())
    with world.server.store.read() as conn:
        hashes = conn.execute(sa.select(tc.update_tokens.c.token_hash)).scalars().all()
    assert credentials.digest(token) in hashes and token.encode() not in hashes
    assert world.push(token, NEW).status_code == 200
    assert world.push(token, {"name": "S", "updateData": {"c": {"itemsPatch": {"items": {'"y"': {"k": "y"}}}}}}).status_code == 200
    assert world.push(token, NEW, path="/v1/data/dataSource/update").json() == world.push(token, NEW).json()


def test_a_token_reaches_only_its_own_document(world):
    alice, bob = world.actor(), world.actor()
    doc_a, doc_b = alice.document(), bob.document()
    token_a, token_b = world.token(alice, doc_a), world.token(bob, doc_b)
    a = world.push(token_a, NEW).json()
    b = world.push(token_b, {**NEW, "updateData": {"c": {**NEW["updateData"]["c"],
                                                         "itemsPatch": {"items": {'"z"': {"k": "z"}}}}}}).json()
    assert a["dataSource"] != b["dataSource"] and a["collections"]["c"] != b["collections"]["c"]
    coll_a, coll_b = (int(r["collections"]["c"].rsplit("/", 1)[1]) for r in (a, b))
    assert [i["fields"]["k"] for i in alice.items(coll_a).json()["items"]] == ["x"]
    assert alice.items(coll_b).status_code == 403 and bob.items(coll_a).status_code == 403
    assert alice.get(f"/extensions/{world.package_id}/dataConnectors/sample/status",
                     params={"documentId": doc_b}).status_code == 403
    patch = [{"key": "k", "oldValue": None, "newValue": "a"}]
    assert world.http.patch("/dataSync/dataSource/metadata", json=patch,
                            headers={"data-update-token": token_a}).status_code == 204
    read_b = world.http.get("/dataSync/dataSource/metadata", params={"metadataKeys": "k"},
                            headers={"data-update-token": token_b})
    assert read_b.json() == []


def test_document_tokens_cannot_use_webhook_endpoints(world):
    actor = world.actor()
    token = world.token(actor, actor.document())
    response = world.http.get("/dataSync/customWebhookData", headers={"data-update-token": token})
    assert response.status_code == 403


def test_non_editors_cannot_trigger(world):
    owner, viewer = world.actor(), world.actor()
    document = owner.document()
    shared = owner.put(f"/documents/{document}/shares/users/{viewer.user_id}", json={"role": "view"})
    assert shared.status_code in (200, 201), shared.text
    assert viewer.trigger(document, "Import").status_code == 403
    assert viewer.status(document)["dataSource"] is None  # viewers may look
    stranger = world.actor()
    assert stranger.trigger(document, "Import").status_code == 403


def test_unknown_package_or_connector_is_404(world):
    actor = world.actor()
    document = actor.document()
    assert actor.trigger(document, "Import", package="00000000-0000-0000-0000-000000000000").status_code == 404
    assert actor.trigger(document, "Import", connector="nope").status_code == 404


def test_no_credential_is_400_unless_given(world):
    actor = world.actor(credential=None)
    document = actor.document()
    refused = actor.trigger(document, "Import")
    assert refused.status_code == 400 and "set-credential" in refused.json()["message"]
    given = actor.trigger(document, "Capture", userCredential="from-the-body")
    assert given.status_code == 200
    assert world.seen["Capture"][-1]["userCredential"] == "from-the-body"
    assert actor.trigger(document, "Capture", userCredential="").status_code == 400


def test_undeclared_and_reserved_actions_are_refused(world):
    actor = world.actor()
    document = actor.document()
    assert actor.trigger(document, "Poll").status_code == 400  # not among the sample's dataActions
    assert actor.trigger(document, "Patch", []).status_code == 400
    assert actor.trigger(document, "ManageWebhook", {}).status_code == 400


def test_synchronous_actions_get_no_token(world):
    actor = world.actor()
    document = actor.document()
    response = actor.trigger(document, "Capture", asynchronous=False)
    assert response.json() == {"status": 200, "body": {"token": None}}
    assert "documentUpdateToken" not in world.seen["Capture"][-1]
