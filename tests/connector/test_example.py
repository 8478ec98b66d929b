"""The documented FastAPI example works end to end (signed request in, update out)."""

from __future__ import annotations

import asyncio
import json

import httpx

from examples.fastapi_connector import app as example
from pellucid.protocol import ActionEnvelope, ActionRequestSigner
from pellucid.sdk.connector import DataConnectorClient, LucidUrls
from tests.support.lucid_stub import running_stub


def test_import_and_patch(tmp_path, monkeypatch) -> None:
    (tmp_path / "r1.csv").write_text(
        "step,throughput,finished_ms,note\n1,10.0,1700000000000,\n2,,1700000060000,slow\n"
    )
    monkeypatch.setattr(example, "RESULTS_DIR", tmp_path)
    with running_stub() as stub:
        monkeypatch.setattr(
            example.connector, "client", DataConnectorClient(LucidUrls.single_origin(stub.base))
        )
        signer = ActionRequestSigner(stub.private_key)

        async def post(name: str, data) -> httpx.Response:
            url = "http://svc/lucid/" + name.lower()
            signed = signer.sign_request(
                url,
                ActionEnvelope(
                    name,
                    "pkg",
                    "conn",
                    action_data=data,
                    package_version="1",
                    user_credential="u",
                    document_update_token="tok",
                ),
            )
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=example.app), base_url="http://svc"
            ) as c:
                return await c.post(url, content=signed.body, headers=signed.headers)

        ok = asyncio.run(post("Import", {"runs": ["r1"]}))
        assert (ok.status_code, ok.json()) == (200, {"success": True, "items": 2})
        body = json.loads(stub.updates()[0].body)
        assert body["updateData"]["results"]["itemsPatch"]["items"] == {
            '"r1",1': {
                "run": "r1",
                "step": 1,
                "throughput": 10,
                "finished": {"ms": 1700000000000},
                "note": None,
            },
            '"r1",2': {
                "run": "r1",
                "step": 2,
                "throughput": None,
                "finished": {"ms": 1700000060000},
                "note": "slow",
            },
        }
        assert b'"throughput":10,' in stub.updates()[0].body  # 10.0 written the JavaScript way
        missing = asyncio.run(post("Import", {"runs": ["nope"]}))
        assert (missing.status_code, missing.json()) == (404, {"error": "no results for run nope"})
