"""A tiny stand-in for Lucid on 127.0.0.1 (key endpoint, dataSource/update, data-sync), plus
helpers to serve an ASGI app on a free port. For connector tests only."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pellucid.protocol.signature import generate_private_key, public_key_pem
from pellucid.testing.server import free_port, serve_in_thread

__all__ = ["free_port", "serving", "running_stub", "wait_for_port", "json_body", "LucidStub"]


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class LucidStub:
    """Records every request; ``script`` maps path prefixes to queued (status, headers, body)."""

    private_key: Any = field(default_factory=lambda: generate_private_key())
    received: list[Received] = field(default_factory=list)
    script: dict[str, list[tuple[int, dict[str, str], bytes]]] = field(default_factory=dict)
    key_available: bool = True
    base: str = ""

    def reply(self, method: str, path: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        if path == "/.well-known/pem/TPCP":
            if not self.key_available:
                return 503, {}, b""
            return 200, {"Content-Type": "text/plain"}, public_key_pem(self.private_key).encode()
        for prefix, queue in self.script.items():
            if path.startswith(prefix) and queue:
                return queue.pop(0)
        json_ = {"Content-Type": "application/json"}
        if path.startswith("/data/dataSource/update") or path.startswith(
            "/v1/data/dataSource/update"
        ):
            return 200, json_, b"{}"
        if path.startswith("/webhookAuthorization"):
            return 200, json_, b'"shared-secret"'
        if path.startswith("/customWebhookData"):
            return 200, json_, b'{"cursor":1}'
        if path.startswith("/dataSource/metadata"):
            return (200, json_, b'[{"key":"k","value":1}]') if method == "GET" else (204, {}, b"")
        return 404, json_, b'{"error":"no such stub route"}'

    def updates(self) -> list[Received]:
        return [r for r in self.received if "dataSource/update" in r.path]


@contextmanager
def running_stub(stub: LucidStub | None = None) -> Iterator[LucidStub]:
    stub = stub or LucidStub()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            if self.path != "/.well-known/pem/TPCP":
                stub.received.append(
                    Received(
                        self.command,
                        self.path,
                        {k.lower(): v for k, v in self.headers.items()},
                        body,
                    )
                )
            status, headers, payload = stub.reply(self.command, self.path, body)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PATCH = _handle

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stub.base = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()


def serving(app: Callable, port: int | None = None) -> AbstractContextManager[str]:
    """Serve an ASGI app with uvicorn in a thread; yields its base URL."""
    return serve_in_thread(app, port=port, lifespan="off")


def wait_for_port(port: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.02)
    raise TimeoutError(f"nothing listening on {port}")


def json_body(r: Received) -> Any:
    return json.loads(r.body)
