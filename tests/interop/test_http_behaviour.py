"""Our connector over real HTTP answers exactly like the official SDK's routeDebugServer.

Both serve the same connector (node/connector-harness.js and twin_connector.py), both use
a local stand-in for Lucid for the public key, updates and data-sync calls, and both get
the same signed requests; status, content type and body must match, and so must what each
sent to Lucid.
"""

from __future__ import annotations

import copy
import subprocess
from typing import Any

import httpx
import pytest

from pellucid.protocol.signature import sign
from pellucid.sdk.connector import DataConnectorClient, LucidUrls
from tests.interop.oracle import NODE_DIR, require_node
from tests.interop.twin_connector import make_connector
from tests.support.lucid_stub import LucidStub, free_port, running_stub, serving, wait_for_port

ENVELOPE = {
    "action": {"name": "X", "data": None},
    "packageId": "pkg-1",
    "packageVersion": "1.0.0",
    "dataConnectorName": "harness-connector",
    "installationId": "inst-1",
    "userCredential": "oauth-access-token",
    "documentUpdateToken": "doc-update-token",
    "documentCollections": {"items": ['"a"']},
    "updateFilterType": "AllUpdates",
    "userId": 101,
    "accountId": 202,
    "documentId": "doc-uuid",
    "collectionProperties": {},
}
ITEM_PATCH = {
    "itemsAdded": {},
    "itemsChanged": {'"a"': {"score": 5}},
    "itemsDeleted": ['"b"'],
    "itemOrderChanged": None,
    "syncSourceId": "src-1",
    "syncCollectionId": "items",
    "adapterType": "EXTENSION_API",
    "syncSchema": None,
}
BATCH = {
    "packageVersion": "1.0.0",
    "userCredential": "oauth-access-token",
    "documentUpdateToken": "patch-token",
    "patches": [{"id": "p-1", "patch": ITEM_PATCH}],
}
UNSET = object()


def envelope(name: str, data: Any, **changes: Any) -> dict:
    e = copy.deepcopy(ENVELOPE)
    e["action"] = {"name": name, "data": data}
    for k, v in changes.items():
        if v is UNSET:
            e.pop(k, None)
        else:
            e[k] = v
    return e


def _import_json(e: dict) -> str:
    import json

    return json.dumps(e, separators=(",", ":"), ensure_ascii=False)


# (case, action name, envelope or raw body, options)
CASES: list[tuple[str, str, Any, dict]] = [
    ("async with token", "Import", envelope("Import", {"ids": ["a", "b"]}), {}),
    ("sync", "Describe", envelope("Describe", 42, documentUpdateToken=None, userId=None), {}),
    ("async without token", "Import", envelope("Import", {}, documentUpdateToken=None), {}),
    (
        "batched patch",
        "Patch",
        envelope(
            "Patch",
            [BATCH, BATCH],
            packageVersion=None,
            userCredential=None,
            documentUpdateToken=None,
        ),
        {},
    ),
    (
        "unbatched patch",
        "UnbatchedPatch",
        envelope("UnbatchedPatch", BATCH, documentUpdateToken=None),
        {},
    ),
    (
        "manage webhook",
        "ManageWebhook",
        envelope(
            "ManageWebhook",
            {
                "webhookToken": "wh-token",
                "webhooks": [{"documentCollections": {"items": ['"b"']}, "webhookData": {"id": 7}}],
            },
            documentUpdateToken=None,
        ),
        {},
    ),
    ("DataConnectorRunError", "Fail", envelope("Fail", None), {}),
    ("plain exception", "Crash", envelope("Crash", None), {}),
    ("unknown action", "Nope", envelope("Nope", None), {}),
    ("bad signature", "Describe", envelope("Describe", 1), {"bad_sig": True}),
    ("no signature headers", "Describe", envelope("Describe", 1), {"unsigned": True}),
    ("missing updateFilterType", "Describe", envelope("Describe", 1, updateFilterType=UNSET), {}),
    ("null userCredential", "Describe", envelope("Describe", 1, userCredential=None), {}),
    ("no query string", "Describe", envelope("Describe", 1), {"query": ""}),
    (
        "empty token is synchronous",
        "Describe",
        envelope("Describe", "x", documentUpdateToken=""),
        {},
    ),
    (
        "unknown members ignored",
        "Describe",
        envelope("Describe", [1], syncDataSourceIdNonce="n", extra={"a": 1}),
        {},
    ),
    ("null useOutboundProxy", "Describe", envelope("Describe", 1, useOutboundProxy=None), {}),
    ("string userId", "Describe", envelope("Describe", 1, userId="101"), {}),
    ("empty packageVersion", "Describe", envelope("Describe", 1, packageVersion=""), {}),
    (
        "bad collectionProperties",
        "Describe",
        envelope("Describe", 1, collectionProperties={"c": {"x": {"y": 1}}}),
        {},
    ),
    (
        "good collectionProperties",
        "Describe",
        envelope(
            "Describe",
            1,
            collectionProperties={
                "c": {
                    "QueryCollectionError": None,
                    "QueryCollectionLastExecutionTimestamp": 1,
                    "d": {"ms": 1},
                }
            },
        ),
        {},
    ),
    (
        "patch batch without token",
        "Patch",
        envelope("Patch", [{**BATCH, "documentUpdateToken": None}]),
        {},
    ),
    (
        "patch with bad item patch",
        "Patch",
        envelope("Patch", [{**BATCH, "patches": [{"id": "p", "patch": {}}]}]),
        {},
    ),
    ("patch with no batches", "Patch", envelope("Patch", []), {}),
    (
        "null in itemOrderChanged",
        "Patch",
        envelope(
            "Patch",
            [
                {
                    **BATCH,
                    "patches": [{"id": "p", "patch": {**ITEM_PATCH, "itemOrderChanged": [None]}}],
                }
            ],
        ),
        {},
    ),
    ("webhook data invalid", "ManageWebhook", envelope("ManageWebhook", {"webhooks": []}), {}),
    ("body is not JSON", "Describe", "{not json", {}),
    (
        "percent-encoded query signed decoded",
        "My Void",
        envelope("Describe", 1),
        {"query": "kind=action&name=My%20Void", "signed_query": "kind=action&name=My Void"},
    ),
    (
        "second question mark",
        "Describe",
        envelope("Describe", 1),
        {"query": "kind=action&name=Describe?x=1", "signed_query": "kind=action&name=Describe"},
    ),
    ("non-ASCII body", "Describe", envelope("Describe", {"t": "é ✓ 😀 \u2028"}), {}),
    ("unknown route", "", b"", {"route": "kind=route&name=nope"}),
    ("route", "", b"raw-bytes", {"route": "kind=route&name=hook&x=1"}),
]


def _request(base: str, stub: LucidStub, name: str, body: Any, opts: dict) -> httpx.Response:
    if "route" in opts:
        return httpx.post(f"{base}/?{opts['route']}", content=body, timeout=10)
    query = opts.get("query", f"kind=action&name={name}")
    text = body if isinstance(body, str) else _import_json(body)
    headers = {"Content-Type": "application/json", "Authorization": "Bearer oauth-access-token"}
    if not opts.get("unsigned"):
        nonce = "0123abcd"
        signed = text + " " if opts.get("bad_sig") else text
        headers["X-Lucid-RSA-Nonce"] = nonce
        headers["X-Lucid-Signature"] = sign(
            stub.private_key, signed, nonce, opts.get("signed_query", query)
        )
    return httpx.post(f"{base}/?{query}", content=text.encode(), headers=headers, timeout=10)


def _observe(base: str, stub: LucidStub) -> list[dict]:
    out = []
    for case, name, body, opts in CASES:
        before = len(stub.received)
        r = _request(base, stub, name, body, opts)
        sent = [
            (
                x.method,
                x.path,
                {
                    k: x.headers.get(k)
                    for k in (
                        "content-type",
                        "data-update-token",
                        "lucid-api-version",
                        "webhook-validation-secret",
                    )
                },
                x.body,
            )
            for x in stub.received[before:]
        ]
        out.append(
            {
                "case": case,
                "status": r.status_code,
                "type": r.headers.get("content-type"),
                "body": r.text,
                "x-route": r.headers.get("x-route"),
                "sent": sent,
            }
        )
    return out


@pytest.fixture(scope="module")
def observations() -> tuple[list[dict], list[dict]]:
    require_node()
    with running_stub() as stub:
        port = free_port()
        node = subprocess.Popen(
            ["node", "connector-harness.js", "--serve", str(port), stub.base],
            cwd=NODE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for_port(port)
            official = _observe(f"http://127.0.0.1:{port}", stub)
        finally:
            node.terminate()
            node.wait(5)
        client = DataConnectorClient(LucidUrls.single_origin(stub.base))
        with serving(make_connector(client).asgi_app()) as base:
            ours = _observe(base, stub)
    return official, ours


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c[0] for c in CASES])
def test_same_answer_as_the_official_connector(index: int, observations) -> None:
    official, ours = observations
    assert ours[index] == official[index]


def test_expected_statuses(observations) -> None:
    official, _ = observations
    statuses = {o["case"]: (o["status"], o["body"]) for o in official}
    assert statuses["async with token"] == (
        200,
        '{"success":true,"metadata":[{"key":"k","value":1}]}',
    )
    assert statuses["bad signature"] == (404, '{"error":"Bad request"}')
    assert statuses["patch with no batches"] == (500, "")
    assert statuses["plain exception"] == (500, '{"error":"error running Crash action"}')


def test_envelopes_built_with_the_protocol_models_are_accepted_by_the_official_sdk() -> None:
    from pellucid.protocol import (
        ActionEnvelope,
        ActionRequestSigner,
        ItemPatchData,
        ManageWebhookData,
        PatchBatch,
        PatchEntry,
        WebhookData,
        action_url,
    )

    require_node()
    common = dict(
        package_id="pkg-1",
        data_connector_name="harness-connector",
        installation_id="inst-1",
        document_collections={"items": ['"a"']},
        user_id=101,
        account_id=202,
        document_id="doc",
    )
    item_patch = ItemPatchData(
        "src-1", "items", items_changed={'"a"': {"score": 5}}, items_deleted=['"b"']
    )
    batch = PatchBatch("1.0.0", "oauth", "patch-token", [PatchEntry("p-1", item_patch)])
    envelopes = {
        "Import": ActionEnvelope(
            "Import",
            action_data={"x": 1},
            package_version="1.0.0",
            user_credential="oauth",
            document_update_token="doc-token",
            **common,
        ),
        "Describe": ActionEnvelope(
            "Describe",
            action_data=[1, "é"],
            package_version="1.0.0",
            user_credential="oauth",
            collection_properties={"items": {"Name": "x"}},
            **common,
        ),
        "Patch": ActionEnvelope("Patch", action_data=[batch], **common),
        "UnbatchedPatch": ActionEnvelope(
            "UnbatchedPatch",
            action_data=batch,
            package_version="1.0.0",
            user_credential="oauth",
            **common,
        ),
        "ManageWebhook": ActionEnvelope(
            "ManageWebhook",
            package_version="1.0.0",
            user_credential="oauth",
            **common,
            action_data=ManageWebhookData("wh", [WebhookData({"items": ['"b"']}, {"id": 7})]),
        ),
    }
    with running_stub() as stub:
        port = free_port()
        node = subprocess.Popen(
            ["node", "connector-harness.js", "--serve", str(port), stub.base],
            cwd=NODE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for_port(port)
            base = f"http://127.0.0.1:{port}/?kind=action&name="
            signer = ActionRequestSigner(stub.private_key)
            for name, envelope in envelopes.items():
                signed = signer.sign_request(action_url(base, {name: name}, name), envelope)
                r = httpx.post(signed.url, content=signed.body, headers=signed.headers, timeout=10)
                assert r.status_code == 200, (name, r.text)
        finally:
            node.terminate()
            node.wait(5)
