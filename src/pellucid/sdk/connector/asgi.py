"""Serve a ``DataConnector`` over HTTP: a plain ASGI app, mountable in FastAPI/Starlette.

Routing follows the SDK's debug server where it is defined and is wider where it is not:
any path under the app accepts POSTed actions, so both the local-development convention
(``callbackBaseUrl`` ``.../?kind=action&name=`` + name) and plain per-action URLs
(``https://svc/lucid/`` + ``import``) work. ``kind`` absent, empty or ``action`` -> action;
``kind=route&name=X`` -> route X. Deliberate differences from the debug server (which
leaves such requests hanging or answers express's HTML 404): another ``kind`` -> 404
``{"error":"Bad request"}``, a method other than POST -> 405. Responses are JSON
(``application/json; charset=utf-8``) with an empty body when the handler returned None;
a failure outside any handler (body not JSON) -> 500, empty body. A public key that cannot be
fetched -> 500 ``{"error": "the connector could not verify the request: ..."}`` naming the URL
tried (the debug server sends no body), so the caller's log says what went wrong.
CORS headers are added for Lucid's origins, as the debug server does.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from pellucid.protocol.jsjson import stringify
from pellucid.sdk.connector.connector import DataConnector, RouteRequest, RouteResponse
from pellucid.sdk.connector.errors import PublicKeyUnavailable

__all__ = ["ConnectorApp", "HttpReply", "handle_http"]

log = logging.getLogger("pellucid.connector")
_JSON = "application/json; charset=utf-8"
_LUCID_ORIGIN = re.compile(r".lucid(dev|staging|preprod|gov|govpreprod|).app$|.luciddev.cloud$")


@dataclass
class HttpReply:
    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)


def _cors(headers: dict[str, str]) -> list[tuple[str, str]]:
    origin = headers.get("origin")
    if origin and _LUCID_ORIGIN.search(origin):
        return [
            ("access-control-allow-origin", origin),
            ("vary", "Origin"),
            ("access-control-allow-methods", "GET, OPTIONS"),
            ("access-control-allow-headers", "*"),
        ]
    return []


def _kind(query: str) -> tuple[str | None, dict[str, str]]:
    pairs = parse_qsl(query, keep_blank_values=True)
    values: dict[str, list[str]] = {}
    for k, v in pairs:
        values.setdefault(k, []).append(v)
    single = {k: v[0] for k, v in values.items() if len(v) == 1}
    kind = values.get("kind")
    return (None if kind is None else single.get("kind", "\0")), single


def _route_body(response: RouteResponse) -> tuple[bytes, str | None]:
    body = response.body
    if body is None:
        return b"", None
    if isinstance(body, bytes):
        return body, "application/octet-stream"
    if isinstance(body, str):
        return body.encode(), "text/html; charset=utf-8"
    return stringify(body).encode(), _JSON


async def handle_http(
    connector: DataConnector,
    method: str,
    path: str,
    query: str,
    headers: dict[str, str],
    body: bytes,
) -> HttpReply:
    """One HTTP request to the connector -> the reply (headers: lower-case names)."""
    cors = _cors(headers)
    if method != "POST":
        return HttpReply(405, b"", [("allow", "POST"), *cors])
    kind, params = _kind(query)
    try:
        if kind in (None, "", "action"):
            url = f"{path}?{query}" if query else path
            result = await connector.run_action(url, headers, body)
            return HttpReply(
                result.status, result.json_text().encode(), [("content-type", _JSON), *cors]
            )
        if kind == "route" and "name" in params:
            request = RouteRequest(body.decode("utf-8", "replace"), params, headers)
            response = await connector.run_route(params["name"], request)
            if response is None:
                raise LookupError(f"no route {params['name']!r}")
            data, ctype = _route_body(response)
            extra = [
                (k.lower(), v) for k, v in (response.headers or {}).items() if isinstance(v, str)
            ]
            ctype_headers = (
                [("content-type", ctype)]
                if ctype and not any(k == "content-type" for k, _ in extra)
                else []
            )
            return HttpReply(response.status, data, [*ctype_headers, *extra, *cors])
    except PublicKeyUnavailable as exc:
        log.error("cannot verify action requests: %s. Point the connector at the server that signs "
                  "them: DataConnectorClient(LucidUrls.single_origin(URL)), or `pellucid connector run "
                  "--lucid-url URL`", exc)
        error = {"error": f"the connector could not verify the request: {exc}"}
        return HttpReply(500, stringify(error).encode(), [("content-type", _JSON), *cors])
    except Exception:  # noqa: BLE001 - the debug server's catch-all: 500, no body
        log.exception("Error serving connector: %s?%s", path, query)
        return HttpReply(500, b"", cors)
    return HttpReply(404, b'{"error":"Bad request"}', [("content-type", _JSON), *cors])


class ConnectorApp:
    """ASGI application serving one connector (``uvicorn module:app`` or ``app.mount(...)``)."""

    def __init__(
        self, connector: DataConnector, *, max_body_bytes: int = 100 * 1024 * 1024
    ) -> None:
        self.connector = connector
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Serve lifespan events and action requests (413 past the body limit); others are ignored."""
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = bytearray()
        while True:
            message = await receive()
            body.extend(message.get("body", b""))
            if len(body) > self.max_body_bytes:
                await _send(send, HttpReply(413))
                return
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        reply = await handle_http(
            self.connector,
            scope["method"],
            scope["path"],
            scope["query_string"].decode("latin-1"),
            headers,
            bytes(body),
        )
        await _send(send, reply)

    async def _lifespan(self, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.connector.client.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _send(send: Any, reply: HttpReply) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers]
    headers.append((b"content-length", str(len(reply.body)).encode()))
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": reply.body})
