"""`build_app(settings)`: the single ASGI application serving every role of the server."""

from __future__ import annotations

import itertools
import logging
import os
import secrets
import time
import traceback
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Iterable, Sequence

import orjson
from starlette.middleware import Middleware

from .auth.access import NO_DOCUMENTS, DocumentResolver
from .auth.policies import bearer_token, oauth1_signed
from .auth.ratelimit import RateLimiter
from .events import Events
from .gcpause import gc_paused
from .http.errors import ApiError, internal_error, payload_too_large
from .http.request import Request
from .http.responses import JSON, Response, ResponseRaised, empty, json_response
from .http.routing import Route, Router
from .settings import Settings
from .store import server_state
from .store.db import Store
from .threads import Threads

ASGI = Callable[[dict, Callable, Callable], Awaitable[None]]
LARGE_JSON = 1024 * 1024  # a JSON body this large runs with the garbage collector paused (gcpause.py)

if TYPE_CHECKING:  # pragma: no cover
    from .dataservice.filter_builds import FilterBuilds
    from .metrics import Metrics

log = logging.getLogger("pellucid")
access_log = logging.getLogger("pellucid.access")


@dataclass
class AppContext:
    """What handlers reach through `request.ctx`, and what each area's `install(ctx)` adds to:
    routes, OpenAPI schemas, event listeners, start-up and shutdown hooks."""

    settings: Settings
    store: Store
    limiter: RateLimiter
    threads: Threads
    router: Router = field(default_factory=Router)
    events: Events = field(default_factory=Events)
    documents: DocumentResolver = NO_DOCUMENTS  # how Data Service document grants resolve
    openapi_schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    metrics: "Metrics | None" = None  # metrics.py: set when a scrape token is configured
    filter_builds: "FilterBuilds | None" = None  # set by the Data Service area
    # Exact paths served by another ASGI app (the MCP endpoint), ahead of the routes.
    mounts: dict[str, ASGI] = field(default_factory=dict)
    # Canonical URIs of the protected resources whose tokens the OAuth server binds (RFC 8707).
    protected_resources: set[str] = field(default_factory=set)
    on_startup: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    on_shutdown: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        """Origin every absolute link is built on."""
        return self.settings.base_url

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run blocking work (database, parsing) in a worker thread, never on the event loop:
        one slow request must not hold up the others."""
        return await self.threads.run(fn, *args)


Area = Callable[[AppContext], None]


def default_areas() -> tuple[Area, ...]:
    """Every area of the server, each installed by a function of its package."""
    from . import connectors, dataservice, embeds, mcp, metrics, oauth, oauth1, rest, system, web
    from .web import console

    return (system.install, metrics.install, dataservice.install, oauth.install, oauth1.install, rest.install,
            connectors.install, mcp.install, web.install, embeds.install, console.install)


_REQUEST_PREFIX = os.urandom(3).hex().upper()  # tells processes apart
_request_numbers = itertools.count(1)


def new_request_id() -> str:
    """16 hex digits like Lucid's ("47CA40AE3BD1A335"): unique per process, cheap to make."""
    return f"{_REQUEST_PREFIX}{next(_request_numbers) & 0xFFFFFFFFFF:010X}"


class PellucidApp:
    """The ASGI application: `middleware` (outermost first) wraps the server's own handling."""

    def __init__(self, ctx: AppContext, middleware: Sequence[Middleware] = ()) -> None:
        self.ctx = ctx
        self.router = ctx.router
        self.mounts = ctx.mounts
        self.max_body = ctx.settings.max_body_bytes
        self.log_requests = ctx.settings.access_log
        self._asgi: ASGI = self._handle
        for cls, args, kwargs in reversed(middleware):
            self._asgi = cls(self._asgi, *args, **kwargs)

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        """The ASGI entry point."""
        await self._asgi(scope, receive, send)

    async def _handle(self, scope: dict, receive: Callable, send: Callable) -> None:
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
        """Run the areas' start-up hooks (the connector scheduler, ...)."""
        for hook in self.ctx.on_startup:
            await hook()

    async def shutdown(self) -> None:
        """Run the shutdown hooks (stop background work, close the store)."""
        for hook in self.ctx.on_shutdown:
            await hook()

    async def _lifespan(self, receive: Callable, send: Callable) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.startup()
                except BaseException:
                    await send({"type": "lifespan.startup.failed", "message": traceback.format_exc()})
                    raise
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                try:
                    await self.shutdown()
                except BaseException:
                    await send({"type": "lifespan.shutdown.failed", "message": traceback.format_exc()})
                    raise
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: dict, receive: Callable, send: Callable) -> None:
        started = time.perf_counter()
        request_id = new_request_id()
        request: Request | None = None
        route: Route | None = None
        try:
            path = route_path(scope)
            route, params = self.router.match(scope["method"], path)
            limit = self.max_body if route.body_limit is None else route.body_limit(self.ctx.settings)
            try:
                body = await self._read_body(scope, receive, limit)
            except ClientDisconnected:
                return  # gone before its body was complete: nothing to do, no one to answer
            request = Request(scope, path, body, self.ctx, request_id)
            if route.page is not None and wants_page(request):
                route = route.page
            request.route = route
            response = await self._dispatch(request, route, params)
        except ApiError as error:
            response = _error_response(error, request_id)
        except ResponseRaised as raised:
            response = raised.response
        except Exception:  # noqa: BLE001 - the one place unexpected failures become a 500
            log.error("unhandled error request_id=%s\n%s", request_id, traceback.format_exc())
            response = _error_response(internal_error(), request_id)
        await _send(send, response, request_id, head=scope["method"] == "HEAD")
        if self.ctx.metrics is not None:
            self.ctx.metrics.request(route, scope["method"], response.status, time.perf_counter() - started)
        if self.log_requests:
            principal = request.principal.rate_key if request and request.principal else "-"
            access_log.info(
                "method=%s path=%s status=%d ms=%.2f request_id=%s principal=%s",
                scope["method"], scope["path"], response.status,
                (time.perf_counter() - started) * 1000, request_id, principal,
            )

    async def _dispatch(self, request: Request, route: Route, params: dict) -> Response:
        if len(request.body) < LARGE_JSON or not request.headers.get("content-type", "").startswith("application/json"):
            return await self._call(request, route, params)
        # JSON decodes to values without reference cycles: the collector would only rescan them.
        with gc_paused():
            return await self._call(request, route, params)

    async def _call(self, request: Request, route: Route, params: dict) -> Response:
        if route.is_async:
            await self.ctx.run(route.api.admit, request, route)
            return _response(route, await route.handler(request, **params))
        # The whole request in one hop, its JSON encoding included (a large answer takes a while);
        # requests that only read get threads of their own, never queued behind writers.
        reads_only = request.method in ("GET", "HEAD")
        return await self.ctx.threads.run_request(reads_only, _admit_and_call, request, route, params)

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
            if message["type"] == "http.disconnect":
                raise ClientDisconnected
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise payload_too_large(limit)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def route_path(scope: dict) -> str:
    """The request's path within the app: without the `root_path` it is mounted under (as
    Starlette reads it; servers put the root path in front of `path`)."""
    path, root = scope["path"], scope.get("root_path", "")
    if not root or not path.startswith(root):
        return path
    if len(path) == len(root):
        return "/"
    return path[len(root):] if path[len(root)] == "/" else path


class ClientDisconnected(Exception):
    """The client closed the connection (or it timed out) before its request body was complete."""


def wants_page(request: Request) -> bool:
    """A person's browser asking for a page, not an API client: it accepts HTML and sends no
    bearer token or OAuth 1.0 signature."""
    return ("text/html" in request.headers.get("accept", "") and bearer_token(request) is None
            and not oauth1_signed(request))


def _admit_and_call(request: Request, route: Route, params: dict) -> Response:
    route.api.admit(request, route)
    return _response(route, route.handler(request, **params))


def _response(route: Route, result: Any) -> Response:
    if isinstance(result, Response):
        return result
    if route.status == 204:
        return empty(204)
    return json_response(result, route.status)


def _error_response(error: ApiError, request_id: str) -> Response:
    return Response(error.status, orjson.dumps(error.body(request_id)), JSON, dict(error.headers))


async def _send(send: Callable, response: Response, request_id: str, head: bool) -> None:
    headers = [(b"x-request-id", request_id.encode())]
    if response.media_type:
        headers.append((b"content-type", response.media_type.encode()))
    headers.append((b"content-length", str(len(response.body)).encode()))
    for name, value in response.headers.items():
        name = name.lower().encode("latin-1")
        for one in value if isinstance(value, list) else (value,):  # a list: the header repeated (Set-Cookie)
            headers.append((name, one.encode("latin-1")))
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else response.body})


def build_app(
    settings: Settings | None = None, *, migrate: bool = True, areas: Iterable[Area] | None = None,
    middleware: Sequence[Middleware] = (),
) -> PellucidApp:
    """The ASGI app for these settings; the database is created and migrated first.

    `areas`: the `install(ctx)` functions of the areas to serve (all of them by default). Each
    adds its route tables, OpenAPI schemas, event listeners and hooks to the context.
    `middleware`: ASGI middleware around the app, outermost first, as Starlette takes it:
    `Middleware(GZipMiddleware, minimum_size=1000)`.
    """
    from .rest.access import DOCUMENT_GRANTS

    settings = settings or Settings.from_env()
    store = Store(settings.database_url, max_connections=settings.database_connections)
    if migrate:
        store.migrate()
    threads = Threads(settings.threads)
    ctx = AppContext(
        settings=settings,
        store=store,
        limiter=_rate_limiter(settings, store),
        threads=threads,
        # Document grants resolve through document access whether or not REST routes are served.
        documents=DOCUMENT_GRANTS,
    )
    for install in default_areas() if areas is None else areas:
        install(ctx)
    ctx.on_shutdown.append(_dispose(store, threads))  # last: the areas' own hooks may still need both
    return PellucidApp(ctx, middleware)


def _rate_limiter(settings: Settings, store: Store) -> RateLimiter:
    if not settings.redis_url:
        return RateLimiter(settings.rate_limits.enabled)
    # Counters in Redis are keyed by this database's own id: the processes of one deployment
    # share them, another deployment (or a test run) on the same Redis never does.
    deployment = server_state.get_or_create(store, "deployment-id", lambda: secrets.token_hex(8))
    return RateLimiter(settings.rate_limits.enabled, settings.redis_url, f"pellucid:{deployment}")


def _dispose(store: Store, threads: Threads) -> Callable[[], Awaitable[None]]:
    async def dispose() -> None:
        threads.shutdown()
        store.dispose()

    return dispose
