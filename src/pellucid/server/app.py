"""`build_app(settings)`: the single ASGI application serving every role of the server."""

from __future__ import annotations

import itertools
import logging
import os
import time
import traceback
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Iterable

import anyio
import orjson

from .auth.access import NO_DOCUMENTS, DocumentResolver
from .auth.ratelimit import RateLimiter
from .events import Events
from .http.errors import ApiError, internal_error, payload_too_large
from .http.request import Request
from .http.responses import JSON, Response, json_response
from .http.routing import Route, Router
from .settings import Settings
from .store.db import Store

log = logging.getLogger("pellucid")
access_log = logging.getLogger("pellucid.access")

ASGIApp = Callable[[dict, Callable, Callable], Awaitable[None]]


@dataclass
class AppContext:
    """What handlers reach through `request.ctx`, and what each area's `install(ctx)` adds to:
    routes, OpenAPI schemas, event listeners, start-up and shutdown hooks."""

    settings: Settings
    store: Store
    limiter: RateLimiter
    router: Router = field(default_factory=Router)
    events: Events = field(default_factory=Events)
    documents: DocumentResolver = NO_DOCUMENTS  # how Data Service document grants resolve
    openapi_schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Exact paths served by another ASGI app (the MCP endpoint), ahead of the routes.
    mounts: dict[str, "ASGIApp"] = field(default_factory=dict)
    # Canonical URIs of the protected resources whose tokens the OAuth server binds (RFC 8707).
    protected_resources: set[str] = field(default_factory=set)
    on_startup: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    on_shutdown: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        """Origin every absolute link is built on."""
        return self.settings.base_url

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run blocking database work: inline on SQLite (microseconds, in-process), in a thread otherwise."""
        if self.store.is_sqlite:
            return fn(*args)
        return await anyio.to_thread.run_sync(fn, *args)


Area = Callable[[AppContext], None]


def default_areas() -> tuple[Area, ...]:
    """Every area of the server, each installed by a function of its package."""
    from . import connectors, dataservice, mcp, oauth, rest, system

    return (system.install, dataservice.install, oauth.install, rest.install, connectors.install, mcp.install)


_REQUEST_PREFIX = os.urandom(3).hex().upper()  # tells processes apart
_request_numbers = itertools.count(1)


def new_request_id() -> str:
    """16 hex digits like Lucid's ("47CA40AE3BD1A335"): unique per process, cheap to make."""
    return f"{_REQUEST_PREFIX}{next(_request_numbers) & 0xFFFFFFFFFF:010X}"


class PellucidApp:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.router = ctx.router
        self.mounts = ctx.mounts
        self.max_body = ctx.settings.max_body_bytes
        self.log_requests = ctx.settings.access_log

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        kind = scope["type"]
        if kind == "http":
            mounted = self.mounts.get(scope["path"]) if self.mounts else None
            if mounted is not None:
                await mounted(scope, receive, send)
                return
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def startup(self) -> None:
        for hook in self.ctx.on_startup:
            await hook()

    async def shutdown(self) -> None:
        for hook in self.ctx.on_shutdown:
            await hook()

    async def _lifespan(self, receive: Callable, send: Callable) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self.startup()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: dict, receive: Callable, send: Callable) -> None:
        started = time.perf_counter()
        request_id = new_request_id()
        request: Request | None = None
        try:
            route, params, via_v1 = self.router.match(scope["method"], scope["path"])
            limit = self.max_body if route.body_limit is None else route.body_limit(self.ctx.settings)
            body = await self._read_body(scope, receive, limit)
            request = Request(scope, body, self.ctx, request_id)
            request.route = route
            request.via_v1 = via_v1
            response = await self._dispatch(request, route, params)
        except ApiError as error:
            response = _error_response(error, request_id)
        except Exception:  # noqa: BLE001 - the one place unexpected failures become a 500
            log.error("unhandled error request_id=%s\n%s", request_id, traceback.format_exc())
            response = _error_response(internal_error(), request_id)
        await _send(send, response, request_id, head=scope["method"] == "HEAD")
        if self.log_requests:
            principal = request.principal.rate_key if request and request.principal else "-"
            access_log.info(
                "method=%s path=%s status=%d ms=%.2f request_id=%s principal=%s",
                scope["method"], scope["path"], response.status,
                (time.perf_counter() - started) * 1000, request_id, principal,
            )

    async def _dispatch(self, request: Request, route: Route, params: dict) -> Response:
        if route.is_async:
            await self.ctx.run(route.api.admit, request, route)
            result = await route.handler(request, **params)
        else:
            result = await self.ctx.run(_admit_and_call, request, route, params)
        if isinstance(result, Response):
            return result
        return json_response(result)

    async def _read_body(self, scope: dict, receive: Callable, limit: int) -> bytes:
        if scope["method"] in ("GET", "HEAD"):
            return b""
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                raise payload_too_large(limit)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise payload_too_large(limit)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _admit_and_call(request: Request, route: Route, params: dict) -> Any:
    route.api.admit(request, route)
    return route.handler(request, **params)


def _error_response(error: ApiError, request_id: str) -> Response:
    return Response(error.status, orjson.dumps(error.body(request_id)), JSON, dict(error.headers))


async def _send(send: Callable, response: Response, request_id: str, head: bool) -> None:
    headers = [(b"x-request-id", request_id.encode())]
    if response.media_type:
        headers.append((b"content-type", response.media_type.encode()))
    headers.append((b"content-length", str(len(response.body)).encode()))
    for name, value in response.headers.items():
        headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else response.body})


def build_app(
    settings: Settings | None = None, *, migrate: bool = True, areas: Iterable[Area] | None = None,
) -> PellucidApp:
    """The ASGI app for these settings; the database is created and migrated first.

    `areas`: the `install(ctx)` functions of the areas to serve (all of them by default). Each
    adds its route tables, OpenAPI schemas, event listeners and hooks to the context.
    """
    from .rest.access import DOCUMENT_GRANTS

    settings = settings or Settings.from_env()
    store = Store(settings.database_url)
    if migrate:
        store.migrate()
    ctx = AppContext(
        settings=settings,
        store=store,
        limiter=RateLimiter(settings.rate_limits.enabled, settings.redis_url),
        # Document grants resolve through document access whether or not REST routes are served.
        documents=DOCUMENT_GRANTS,
    )
    ctx.on_shutdown.append(_dispose(store))
    for install in default_areas() if areas is None else areas:
        install(ctx)
    return PellucidApp(ctx)


def _dispose(store: Store) -> Callable[[], Awaitable[None]]:
    async def dispose() -> None:
        store.dispose()

    return dispose
