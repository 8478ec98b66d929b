"""The MCP endpoint of `pellucid serve`: `/mcp`, an OAuth 2.0 protected resource of this server.

The MCP package (`pellucid.mcp`) serves the protocol and calls only the SDK; this module gives it
what only the server has: the check of the tokens presented at /mcp (issued for this resource,
RFC 8707), and, per caller, an SDK client for the REST and Data Service APIs. That client holds
a token of the caller's own grant issued for the APIs (never the token /mcp received, which the
APIs refuse), and reaches this very app in-process.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import time
from typing import TYPE_CHECKING, Any, Callable

import anyio.to_thread
import httpx

from .auth import scopes, tokens
from .auth.principal import Principal
from .oauth.resource import canonical

if TYPE_CHECKING:  # pragma: no cover
    from .app import AppContext

access_log = logging.getLogger("pellucid.access")

PATH = "/mcp"
EXTRA_MISSING = "the MCP endpoint needs the mcp extra: pip install 'pellucid[mcp]' (or run with --mcp off)"
_CACHE_LIMIT = 10_000


class Delegation:
    """Per MCP access token, an SDK client for the APIs on the same grant, living no longer than it."""

    def __init__(self, ctx: AppContext) -> None:
        from .app import PellucidApp

        self.ctx = ctx
        self.resource = canonical(ctx.base_url + PATH)
        # The app over this same context, called in-process (its routes and mounts are the ctx's).
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=PellucidApp(ctx)), base_url=ctx.base_url)
        self._clients: dict[str, tuple[Any, int]] = {}  # MCP token -> (AsyncLucid, expires ms)

    async def verify_token(self, token: str):
        """The SDK's TokenVerifier: who the bearer is, if the token is live and for /mcp."""
        from mcp.server.auth.provider import AccessToken

        principal: Principal | None = await self.ctx.run(tokens.authenticate, self.ctx.store, token, self.resource)
        if principal is None:
            return None
        if token not in self._clients:
            await self._delegate(token, principal)
        subject = f"user:{principal.user_id}" if principal.user_id is not None else f"account:{principal.account_id}"
        return AccessToken(token=token, client_id=str(principal.client_id), scopes=sorted(principal.scopes),
                           expires_at=principal.expires // 1000, resource=self.resource, subject=subject)

    async def _delegate(self, token: str, principal: Principal) -> None:
        from pellucid.sdk import AsyncLucid

        api_token = await self.ctx.run(_issue, self.ctx.store, principal)
        if len(self._clients) >= _CACHE_LIMIT:
            now = int(time.time() * 1000)
            self._clients = {k: v for k, v in self._clients.items() if v[1] > now}
        client = AsyncLucid(api_token, base_url=self.ctx.base_url, http_client=self.http, max_retry_after=5)
        self._clients[token] = (client, principal.expires)

    def client(self):
        """The ClientSource of the tools: the SDK client of the authenticated caller."""
        from mcp.server.auth.middleware.auth_context import get_access_token

        access = get_access_token()
        if access is None or access.token not in self._clients:  # never: /mcp requires a verified token
            raise RuntimeError("no authenticated caller")
        return self._clients[access.token][0]


def _issue(store, principal: Principal) -> str:
    with store.write() as conn:
        return tokens.issue_delegated(conn, principal.grant_id, principal.expires)


def available() -> bool:
    """Whether the optional MCP extra is installed."""
    from pellucid.mcp.cli import mcp_installed

    return mcp_installed()


def install(ctx: AppContext) -> None:
    """Mount /mcp (and its protected resource metadata), per `Settings.mcp`."""
    if ctx.settings.mcp == "off" or (ctx.settings.mcp == "auto" and not available()):
        return
    if not available():
        raise RuntimeError(EXTRA_MISSING)
    endpoint = Endpoint(ctx)
    ctx.protected_resources.add(endpoint.delegation.resource)
    ctx.mounts[PATH] = endpoint
    ctx.mounts["/.well-known/oauth-protected-resource" + PATH] = endpoint
    ctx.on_shutdown.append(endpoint.stop)


class Endpoint:
    """The mounted ASGI app, built on its first request: importing the `mcp` SDK takes a second
    or more, which a server that may never see an MCP client should not spend at start-up."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.delegation = Delegation(ctx)
        self.app: Callable | None = None
        self.lifetime: _Lifetime | None = None
        self.building = asyncio.Lock()

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        """Build the MCP app on the first request (once, under a lock), then delegate."""
        if self.app is None:
            async with self.building:
                if self.app is None:
                    await self._build()
        await self.app(scope, receive, send)

    async def _build(self) -> None:
        await anyio.to_thread.run_sync(importlib.import_module, "pellucid.mcp.http")  # off the event loop
        from pellucid.mcp.http import ResourceAuth, http_app
        from pellucid.mcp.server import build_server

        ctx = self.ctx
        server = build_server(self.delegation.client)
        auth = ResourceAuth(verifier=self.delegation, issuer=ctx.base_url, resource=ctx.base_url + PATH,
                            satisfies=scopes.satisfies)
        app = http_app(server, path=PATH, auth=auth, origins=[ctx.base_url])
        self.lifetime = _Lifetime(server.session_manager)
        await self.lifetime.start()
        self.app = _logged(app) if ctx.settings.access_log else app

    async def stop(self) -> None:
        """Stop the MCP app if it was built, and close the delegation client."""
        if self.lifetime is not None:
            await self.lifetime.stop()
        await self.delegation.http.aclose()


class _Lifetime:
    """Runs the SDK session manager in a task of its own: its task group must be entered and
    left by one task, while an app's start-up and shutdown hooks may run in different ones."""

    def __init__(self, manager: Any) -> None:
        self.manager = manager
        self.task: asyncio.Task | None = None
        self.stopping = asyncio.Event()

    async def start(self) -> None:
        ready = asyncio.Event()

        async def run() -> None:
            async with self.manager.run():
                ready.set()
                await self.stopping.wait()

        self.stopping = asyncio.Event()
        self.task = asyncio.create_task(run(), name="pellucid-mcp")
        await asyncio.wait([self.task, asyncio.create_task(ready.wait())], return_when=asyncio.FIRST_COMPLETED)
        if self.task.done():
            self.task.result()  # raise what stopped it

    async def stop(self) -> None:
        if self.task is not None:
            self.stopping.set()
            await self.task
            self.task = None


def _logged(endpoint: Callable) -> Callable:
    """The access log line of the app's own routes, for the mounted endpoint's requests."""

    async def logged(scope: dict, receive: Callable, send: Callable) -> None:
        started, status = time.perf_counter(), [0]

        async def sending(message: dict) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        await endpoint(scope, receive, sending)
        access_log.info("method=%s path=%s status=%d ms=%.2f", scope["method"], scope["path"], status[0],
                        (time.perf_counter() - started) * 1000)

    return logged
