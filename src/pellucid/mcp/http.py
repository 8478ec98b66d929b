"""Streamable HTTP for the MCP server, and, with `ResourceAuth`, the MCP authorization spec:
the endpoint is an OAuth 2.0 protected resource (RFC 9728 metadata, 401 with
`WWW-Authenticate: Bearer resource_metadata=...`, tokens bound to this resource, 403
`insufficient_scope` for a tool beyond the token's scopes), built from the SDK's auth parts.

Stateless and JSON responses: any server process answers any request, as pellucid scales.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mcp.server import MCPServer
from mcp.server.auth.middleware.auth_context import AuthContextMiddleware
from mcp.server.auth.middleware.bearer_auth import BearerAuthBackend, RequireAuthMiddleware
from mcp.server.auth.provider import TokenVerifier
from mcp.server.auth.routes import build_resource_metadata_url, create_protected_resource_routes
from mcp.server.transport_security import TransportSecuritySettings
from pydantic import AnyHttpUrl
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from . import scopes

MAX_BODY_BYTES = 16 * 1024 * 1024  # an import's content travels in a tool call
LOOPBACK_HOSTS = ["127.0.0.1:*", "localhost:*", "[::1]:*"]


@dataclass(frozen=True)
class ResourceAuth:
    """How the endpoint checks tokens: `verifier` says who a bearer is, with the token's
    `resource`; only tokens issued for `resource` are accepted; `satisfies` applies the
    authorization server's scope hierarchy."""

    verifier: TokenVerifier
    issuer: str
    resource: str
    satisfies: scopes.Satisfies = scopes.exact


def transport_security(origins: Iterable[str]) -> TransportSecuritySettings:
    """DNS rebinding protection: the Host and Origin of a request must be one of ours."""
    hosts, allowed_origins = list(LOOPBACK_HOSTS), [f"http://{h}" for h in LOOPBACK_HOSTS]
    for origin in origins:
        scheme, _, netloc = origin.partition("://")
        hosts.append(netloc)
        allowed_origins.append(f"{scheme}://{netloc}")
    return TransportSecuritySettings(enable_dns_rebinding_protection=True, allowed_hosts=hosts,
                                     allowed_origins=allowed_origins)


def http_app(server: MCPServer, *, path: str = "/mcp", auth: ResourceAuth | None = None,
             origins: Iterable[str] = ()) -> Starlette:
    """The ASGI app serving `server` at `path`; its lifespan runs the SDK's session manager."""
    inner = server.streamable_http_app(
        streamable_http_path=path, stateless_http=True, json_response=True,
        max_request_body_size=MAX_BODY_BYTES, transport_security=transport_security(origins),
    )
    if auth is None:
        return inner
    resource = AnyHttpUrl(auth.resource)
    metadata_url = build_resource_metadata_url(resource)
    guarded = RequireAuthMiddleware(ToolScopes(inner, auth.satisfies, str(metadata_url)), [], metadata_url)
    routes = [
        Route(path, endpoint=guarded),
        # The issuer as a string: the metadata model keeps it as given ("http://host", no slash
        # added), as RFC 8414's exact comparison with the authorization server's `issuer` needs.
        *create_protected_resource_routes(resource, [auth.issuer], scopes.SCOPES_SUPPORTED,  # type: ignore[list-item]
                                          resource_name="pellucid MCP server"),
    ]
    middleware = [
        Middleware(AuthenticationMiddleware, backend=BearerAuthBackend(auth.verifier, resource_server_url=resource)),
        Middleware(AuthContextMiddleware),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lambda app: server.session_manager.run())


class ToolScopes:
    """Answers 403 `insufficient_scope` (naming the scopes to ask for) before a `tools/call`
    whose tool needs scopes the token lacks, so a client can step up (MCP authorization,
    "Scope Challenge Handling"). Other messages pass untouched."""

    def __init__(self, app: ASGIApp, satisfies: scopes.Satisfies, metadata_url: str) -> None:
        self.app, self.satisfies, self.metadata_url = app, satisfies, metadata_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read a POST body (up to the limit), refuse missing scopes, then replay it downstream."""
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_BODY_BYTES:
                await _answer(send, 413, {"error": "payload_too_large",
                                          "error_description": f"The body is larger than {MAX_BODY_BYTES} bytes"})
                return
        held = scope["user"].scopes
        needed = sorted({s for tool in _called_tools(body) for s in scopes.missing(tool, held, self.satisfies)})
        if needed:
            await self._refuse(send, needed)
            return
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send, needed: list[str]) -> None:
        wanted = " ".join(needed)
        description = f"This tool needs the scope(s): {wanted}"
        header = (f'Bearer error="insufficient_scope", scope="{wanted}", '
                  f'resource_metadata="{self.metadata_url}", error_description="{description}"')
        await _answer(send, 403, {"error": "insufficient_scope", "error_description": description},
                      [(b"www-authenticate", header.encode())])


async def _answer(send: Send, status: int, body: dict, headers: list[tuple[bytes, bytes]] = ()) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()), *headers]})
    await send({"type": "http.response.body", "body": payload})


def _called_tools(body: bytes) -> list[str]:
    """Names of the tools a JSON-RPC message (or batch) calls; [] when it calls none or is not
    JSON (the SDK then answers the parse error)."""
    try:
        parsed = json.loads(body)
    except ValueError:
        return []
    messages = parsed if isinstance(parsed, list) else [parsed]
    return [m["params"]["name"] for m in messages
            if isinstance(m, dict) and m.get("method") == "tools/call" and isinstance(m.get("params"), dict)
            and isinstance(m["params"].get("name"), str)]
