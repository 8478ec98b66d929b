"""A connector that is down, slow, failing or answering garbage: bounded time, retries with
backoff on 5xx and connection errors only, the error relayed and recorded where the status
endpoint shows it, and no refresh lock left behind."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from pellucid.sdk.connector import DataConnector, DataConnectorClient, LucidUrls
from pellucid.server.connectors import packages
from pellucid.server.store.tables import connectors as tc
from tests.support.lucid_stub import running_stub, serving

from .conftest import wait_for

pytestmark = pytest.mark.subprocess


def last_action(actor, document, connector="sample") -> dict:
    return actor.status(document, connector)["actions"][0]


def test_a_connector_that_is_down_is_a_502_and_recorded(world):
    actor = world.actor()
    document = actor.document()
    response = actor.trigger(document, "Import", connector="down")
    assert response.status_code == 502
    assert response.json()["code"] == "connectorUnavailable" and response.json()["details"] == {"attempts": 2}
    logged = last_action(actor, document, "down")
    assert logged["attempts"] == 2 and logged["status"] is None and "unreachable" in logged["error"]
    assert actor.status(document, "down")["refreshing"] is False


def test_a_slow_connector_times_out(world):
    actor = world.actor()
    document = actor.document()
    started = time.monotonic()
    response = actor.trigger(document, "Slow")
    assert response.status_code == 502 and "ReadTimeout" in response.json()["message"]
    assert time.monotonic() - started < 10  # 2 attempts of 2 s and one backoff
    assert last_action(actor, document)["attempts"] == 2


def test_5xx_is_retried_and_then_relayed_4xx_is_not_retried(world):
    actor = world.actor()
    document = actor.document()
    before = len(world.seen["Fail"])
    failed = actor.trigger(document, "Fail")
    assert failed.json() == {"status": 500, "body": {"error": "error running Fail action"}}
    assert len(world.seen["Fail"]) - before == 2
    logged = last_action(actor, document)
    assert logged["status"] == 500 and logged["attempts"] == 2 and "500" in logged["error"]
    before = len(world.seen["Reject"])
    rejected = actor.trigger(document, "Reject")
    assert rejected.json() == {"status": 409, "body": {"error": "conflict upstream"}}
    assert len(world.seen["Reject"]) - before == 1


async def garbage_app(scope, receive, send):
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    body = b"<html>not a connector</html>"
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
    await send({"type": "http.response.body", "body": body})


def test_garbage_answers_are_relayed_as_text_and_bad_replies_recorded(world):
    actor = world.actor()
    document = actor.document()
    with serving(garbage_app) as url:
        packages.register_short(world.server.store, "garbage", [f"junk={url}/"], package_id=world.package_id + "-junk")
        packages.set_credential(world.server.store, user_id=actor.user_id, package_id=world.package_id + "-junk",
                                credential="c")
        response = actor.post(f"/extensions/{world.package_id}-junk/dataConnectors/junk/actions",
                              json={"documentId": document, "action": {"name": "Import"}})
        assert response.json() == {"status": 200, "body": "<html>not a connector</html>"}
        with world.server.store.write() as conn:  # as if an update had made a collection
            conn.execute(sa.update(tc.connector_bindings).where(tc.connector_bindings.c.document_id == document)
                         .values(webhook_pending=True))
        status = f"/extensions/{world.package_id}-junk/dataConnectors/junk/status"
        logged = wait_for(lambda: [a for a in actor.get(status, params={"documentId": document}).json()["actions"]
                                   if a["action"] == "ManageWebhook" and a["error"]], what="the bad reply")
    assert "reply not understood" in logged[0]["error"]
    assert actor.get(status, params={"documentId": document}).json()["webhook"] is None


def _register_elsewhere(world, actor, name: str, connector) -> str:
    """Serve `connector` and register it as its own package; the package id."""
    package_id = f"{world.package_id}-{name}"
    packages.register_short(world.server.store, name, [f"{name}={connector}/"], package_id=package_id)
    packages.set_credential(world.server.store, user_id=actor.user_id, package_id=package_id, credential="c")
    return package_id


def test_a_connector_without_the_key_says_which_url_it_tried_and_the_status_says_so(world):
    """The newcomer's first run: a connector left pointing at a key URL nothing answers."""
    actor = world.actor()
    document = actor.document()
    lost = DataConnector(DataConnectorClient(LucidUrls.single_origin("http://127.0.0.1:9/")))
    lost.define_action("Import", lambda action: {"imported": True})
    with serving(lost.asgi_app()) as url:
        package = _register_elsewhere(world, actor, "lost", url)
        response = actor.post(f"/extensions/{package}/dataConnectors/lost/actions",
                              json={"documentId": document, "action": {"name": "Import"}})
    assert response.json()["status"] == 500
    error = response.json()["body"]["error"]
    assert error.startswith("the connector could not verify the request: cannot fetch the public key from "
                            "http://127.0.0.1:9/.well-known/pem/TPCP: ConnectError")
    status = actor.get(f"/extensions/{package}/dataConnectors/lost/status", params={"documentId": document}).json()
    assert "the connector failed to verify the request" in status["actions"][0]["error"]


def test_a_connector_with_another_servers_key_is_a_rejection_the_status_explains(world):
    actor = world.actor()
    document = actor.document()
    with running_stub() as stub:    # another "Lucid", with its own key
        stranger = DataConnector(DataConnectorClient(LucidUrls.single_origin(stub.base + "/")))
        stranger.define_action("Import", lambda action: {"imported": True})
        with serving(stranger.asgi_app()) as url:
            package = _register_elsewhere(world, actor, "stranger", url)
            response = actor.post(f"/extensions/{package}/dataConnectors/stranger/actions",
                                  json={"documentId": document, "action": {"name": "Import"}})
    assert response.json() == {"status": 404, "body": {"error": "Bad request"}}
    status = actor.get(f"/extensions/{package}/dataConnectors/stranger/status", params={"documentId": document}).json()
    assert "GET /.well-known/pem/TPCP" in status["actions"][0]["error"]
