"""The connectors page: each registered connector, the documents it is used on that the user
can read, and each action's last outcome and failures; a document's page is what the status
endpoint answers, behind its access check."""

from __future__ import annotations

import uuid

import pytest

from pellucid.server.connectors import packages
from tests.support.lucid_stub import serving

from .people import person


async def connector_app(scope, receive, send):
    """A data connector that answers every action 200, except `Fail`, which it fails (500)."""
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    failing = b'"Fail"' in body
    await send({"type": "http.response.start", "status": 500 if failing else 200,
                "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b'{"error": "upstream down"}' if failing else b"{}"})


@pytest.fixture(scope="module")
def connector_url():
    with serving(connector_app) as url:
        yield url


def _trigger(who, package_id: str, document_id: str, action: str):
    return who.api.post(f"/extensions/{package_id}/dataConnectors/sheets/actions", json={
        "documentId": document_id, "action": {"name": action}, "asynchronous": False, "userCredential": "token"})


@pytest.mark.wire
def test_actions_last_status_and_failures_for_the_documents_a_user_reads(server, connector_url):
    package_id = str(uuid.uuid4())
    packages.register_short(server.store, "Sheets Sync", [f"sheets={connector_url}/"], package_id=package_id)
    ann, bob = person(server), person(server)
    document = ann.api.post("/documents", json={"title": "Budget"}).json()["documentId"]
    assert _trigger(ann, package_id, document, "Import").json()["status"] == 200
    assert _trigger(ann, package_id, document, "Fail").json()["status"] == 500

    page = ann.page("/console/connectors")
    assert page.status_code == 200
    text = page.text
    assert "Sheets Sync / sheets" in text
    detail = f"/console/connectors/{package_id}/sheets?documentId={document}"
    assert f'href="{detail}">Budget</a>' in text
    assert "<code>Import</code>" in text and '<span class="ok">200</span>' in text
    assert "<code>Fail</code>" in text and '<span class="failed">Failed (500)</span>' in text
    assert "upstream down" in text

    bob_page = bob.page("/console/connectors").text
    assert "Sheets Sync / sheets" in bob_page and "Budget" not in bob_page
    assert "Not used on any document you can read" in bob_page

    report = ann.page(f"/console/connectors/{package_id}/sheets", documentId=document)
    assert report.status_code == 200 and "<code>Fail</code>" in report.text and "upstream down" in report.text
    refused = bob.page(f"/console/connectors/{package_id}/sheets", documentId=document)
    api = bob.api.get(f"/extensions/{package_id}/dataConnectors/sheets/status", params={"documentId": document})
    assert refused.status_code == api.status_code == 403
    assert "upstream down" not in refused.text
