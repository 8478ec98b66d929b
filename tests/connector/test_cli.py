"""``pellucid connector run`` serves a connector module against a local Lucid stand-in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx

from pellucid.protocol import ActionEnvelope, ActionRequestSigner
from tests.support.lucid_stub import free_port, running_stub, wait_for_port

ROOT = Path(__file__).resolve().parents[2]


def test_connector_run_serves_the_module() -> None:
    with running_stub() as stub:
        port = free_port()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pellucid.cli",
                "connector",
                "run",
                "tests.connector.sample_connector:connector",
                "--port",
                str(port),
                "--host",
                "127.0.0.1",
                "--lucid-url",
                stub.base,
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_for_port(port, timeout=20)
            url = f"http://127.0.0.1:{port}/?kind=action&name=Import"
            signed = ActionRequestSigner(stub.private_key).sign_request(
                url,
                ActionEnvelope(
                    "Import",
                    "pkg",
                    "conn",
                    package_version="1",
                    user_credential="u",
                    document_update_token="tok",
                ),
            )
            r = httpx.post(url, content=signed.body, headers=signed.headers, timeout=10)
            assert (r.status_code, r.json()) == (200, {"ok": True})
            [update] = stub.updates()
            assert json.loads(update.body)["updateData"]["rows"]["itemsPatch"]["items"] == {
                "1": {"id": 1, "label": "one"}
            }
        finally:
            proc.terminate()
            proc.wait(10)
