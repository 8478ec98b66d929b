"""A connector written with the official npm lucid-extension-sdk (node/connector-harness.js,
served by the SDK's own routeDebugServer) against a real `pellucid serve`: it validates our
signatures with the key it fetches from /.well-known/pem/TPCP, its update lands and reads back
through the Data Service API, and Patch and ManageWebhook round-trip (the SDK calls our
webhookAuthorization, customWebhookData and metadata endpoints on the way)."""

from __future__ import annotations

import subprocess
import time
import uuid
from urllib.parse import urlsplit

import httpx
import pytest

from pellucid.protocol import ActionEnvelope, ActionRequestSigner
from pellucid.protocol.signature import generate_private_key
from pellucid.server import admin
from pellucid.server.connectors import packages
from tests.interop.oracle import NODE_DIR, require_node
from tests.support.harness import Database, database_kind, free_port, start_subprocess
from tests.support.lucid_stub import wait_for_port

pytestmark = pytest.mark.subprocess

ACTIONS = ["Import", "Describe", "Patch", "ManageWebhook"]


def wait_for(check, timeout: float = 15, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def official(tmp_path_factory):
    require_node()
    database = Database(database_kind(), tmp_path_factory.mktemp("official"))
    server = start_subprocess(database.url, ["--connector-poll-interval", "0", "--rate-limits", "off"])
    port = free_port()
    node = subprocess.Popen(["node", "connector-harness.js", "--serve", str(port), server.base_url + "/",
                             server.base_url + "/dataSync/"], cwd=NODE_DIR,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        package_id = str(uuid.uuid4())
        callback = f"http://127.0.0.1:{port}/?kind=action&name="
        packages.register_manifest(server.store, {"id": package_id, "version": "1.0.0", "dataConnectors": [
            {"name": "harness-connector", "oauthProviderName": "p", "callbackBaseUrl": callback,
             "dataActions": {name: name for name in ACTIONS}}]})
        store = server.store
        account = admin.create_account(store, "Official")
        user = admin.create_user(store, account_id=account["id"], email="official@example.com",
                                 first_name="O", last_name="S")
        client = admin.create_client(store, "official", ["http://127.0.0.1/cb"])
        token = admin.issue_token(store, client_id=client["client_id"], user_id=user["userId"],
                                  scope_list=["lucidchart.document.content", "folder", "data-service.admin"])
        packages.set_credential(store, user_id=user["userId"], package_id=package_id, credential="oauth-token")
        http = httpx.Client(base_url=server.base_url, timeout=60,
                            headers={"Authorization": f"Bearer {token['access_token']}", "Lucid-Api-Version": "1"})
        document = http.post("/documents", json={"title": "Official"}).json()["documentId"]
        imported = http.post(f"/extensions/{package_id}/dataConnectors/harness-connector/actions",
                             json={"documentId": document, "action": {"name": "Import", "data": {"ids": ["a", "b"]}}})
        yield {"http": http, "package": package_id, "document": document, "callback": callback, "import": imported}
        http.close()
    finally:
        node.terminate()
        node.wait(10)
        server.stop()
        database.drop()


def path(link: str) -> str:
    return urlsplit(link).path


def trigger(official, name, data=None, **body) -> httpx.Response:
    return official["http"].post(f"/extensions/{official['package']}/dataConnectors/harness-connector/actions",
                                 json={"documentId": official["document"], "action": {"name": name, "data": data}, **body})


def status(official) -> dict:
    return official["http"].get(f"/extensions/{official['package']}/dataConnectors/harness-connector/status",
                                params={"documentId": official["document"]}).json()


def test_the_official_sdk_accepts_our_signatures_and_its_update_lands(official):
    response = official["import"]  # every test of this module (on any xdist worker) starts from it
    assert response.status_code == 200, response.text
    assert response.json() == {"status": 200, "body": {"success": True, "metadata": []}}
    http = official["http"]
    collection = status(official)["collections"][0]
    assert collection["id"] == "items"
    items = http.get(path(collection["collection"]) + "/items").json()
    assert [i["fields"] for i in items["items"]] == [{"id": "a", "score": 1}, {"id": "b", "score": None}]
    schema = http.get(path(collection["collection"]) + "/schema").json()
    assert [(f["name"], f["fieldType"], f["isPrimary"]) for f in schema] == [("id", "STRING", True), ("score", "NUMBER", False)]
    contents = http.get(f"/documents/{official['document']}/contents").json()
    assert contents["data"]["collections"][0]["name"] == "items"


def test_the_official_sdk_rejects_a_signature_from_another_key(official):
    envelope = ActionEnvelope("Describe", official["package"], "harness-connector", action_data=1,
                              package_version="1.0.0", user_credential="x")
    forged = ActionRequestSigner(generate_private_key()).sign_request(official["callback"] + "Describe", envelope)
    response = httpx.post(forged.url, content=forged.body, headers=forged.headers)
    assert response.status_code == 404 and response.json() == {"error": "Bad request"}


def test_synchronous_actions_reach_the_official_sdk_without_a_token(official):
    body = trigger(official, "Describe", 42, asynchronous=False).json()
    assert body["status"] == 200 and body["body"]["kind"] == "DataConnectorSynchronousAction"
    context = body["body"]["context"]
    assert context["packageVersion"] == "1.0.0" and context["userCredential"] == "oauth-token"
    assert context["documentId"] == official["document"] and context["updateFilterType"] == "AllUpdates"


def test_manage_webhook_round_trips_through_our_data_sync_endpoints(official):
    webhook = wait_for(lambda: status(official)["webhook"], what="the ManageWebhook reply")
    assert webhook["documentCollections"] == {"items": ['"a"']}
    assert webhook["webhookData"]["custom"] == {} and webhook["webhookData"]["had"] == 0
    assert len(webhook["webhookData"]["secretSeen"]) == 64


def test_patch_round_trips_with_the_official_sdk(official):
    http = official["http"]
    link = path(status(official)["collections"][0]["collection"])
    b = next(i for i in http.get(link + "/items").json()["items"] if i["fields"]["id"] == "b")
    assert http.patch(b["uri"], json={"fields": {"score": 5}}).status_code == 200
    # the harness answers every patch by setting "a" to 2 and rejecting b's score
    wait_for(lambda: any(i["fields"] == {"id": "a", "score": 2} for i in http.get(link + "/items").json()["items"]),
             what="the Patch reply's change")
    errors = wait_for(lambda: status(official)["collections"][0]["items"].get('"b"'), what="the Patch error")
    assert errors["errors"] == {"score": {"message": "rejected upstream", "type": "default"}}
    assert [a["status"] for a in status(official)["actions"] if a["action"] == "Patch"] == [200]
