"""The app composes like any ASGI app: it can be mounted under a prefix (`root_path`), wrapped in
ASGI middleware, and tells the server when its start-up fails."""

from __future__ import annotations

from pathlib import Path

import anyio
import httpx
import pytest
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware

from pellucid.server import admin
from pellucid.server.app import build_app
from pellucid.server.settings import Settings

pytestmark = pytest.mark.sqlite_only  # builds its own in-process apps


def _settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", access_log=False)


def _get(app, url: str, *, root_path: str = "", **headers: str) -> httpx.Response:
    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, root_path=root_path)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.get(url, headers=headers)

    return anyio.run(call)


class StampMiddleware:
    """Adds a header to every HTTP response: proof the request went through it."""

    def __init__(self, app, value: str) -> None:
        self.app = app
        self.value = value

    async def __call__(self, scope, receive, send) -> None:
        async def stamped(message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message["headers"], (b"x-stamp", self.value.encode())]
            await send(message)

        await self.app(scope, receive, stamped if scope["type"] == "http" else send)


def test_mounted_under_a_prefix_it_routes_the_path_below_it(tmp_path):
    app = build_app(_settings(tmp_path))
    store = app.ctx.store
    account = admin.create_account(store, "Mounted")["id"]
    user = admin.create_user(store, account_id=account, email="m@example.com", first_name="M", last_name="U")
    client = admin.create_client(store, "c", ["http://127.0.0.1/cb"])["client_id"]
    token = admin.issue_token(store, client_id=client, user_id=user["userId"], scope_list=["user.profile"])

    assert _get(app, "/lucid/healthz", root_path="/lucid").json() == {"status": "ok"}
    profile = _get(app, "/lucid/v1/users/me/profile", root_path="/lucid",
                   Authorization=f"Bearer {token['access_token']}")
    assert profile.status_code == 200 and profile.json()["email"] == "m@example.com"
    assert _get(app, "/lucid/healthz").status_code == 404  # without the root path, /lucid is just a path
    assert _get(app, "/lucidity/healthz", root_path="/lucid").status_code == 404  # a prefix of a segment is not a mount
    store.dispose()


def test_the_v1_prefix_serves_only_the_apis_that_declare_it(tmp_path):
    app = build_app(_settings(tmp_path))
    assert _get(app, "/v1/healthz").status_code == 404
    assert _get(app, "/v1/dataSets").status_code == 404  # the Data Service has no /v1
    assert _get(app, "/v1/users/me/profile").status_code == 401  # REST: reached, then asks for a token
    app.ctx.store.dispose()


def test_middleware_wraps_every_request(tmp_path):
    app = build_app(_settings(tmp_path), middleware=[
        Middleware(StampMiddleware, value="outer"), Middleware(GZipMiddleware, minimum_size=10),
    ])
    response = _get(app, "/openapi.json", **{"Accept-Encoding": "gzip"})
    assert response.headers["x-stamp"] == "outer"
    assert response.headers["content-encoding"] == "gzip"
    assert response.json()["openapi"].startswith("3.1")  # httpx undid the gzip
    app.ctx.store.dispose()


def test_a_failing_startup_is_reported_to_the_server(tmp_path):
    app = build_app(_settings(tmp_path))

    async def broken() -> None:
        raise RuntimeError("the signing key cannot be read")

    app.ctx.on_startup.insert(0, broken)
    sent: list[dict] = []

    async def lifespan() -> None:
        async def receive() -> dict:
            return {"type": "lifespan.startup"}

        async def send(message: dict) -> None:
            sent.append(message)

        await app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)

    with pytest.raises(RuntimeError, match="signing key"):
        anyio.run(lifespan)
    assert [message["type"] for message in sent] == ["lifespan.startup.failed"]
    assert "the signing key cannot be read" in sent[0]["message"]
    app.ctx.store.dispose()


def test_route_metadata_is_typed_so_a_typo_fails_when_the_route_is_declared():
    from pellucid.server.auth.policies import PUBLIC
    from pellucid.server.http.routing import OpenApi, RouteTable

    routes = RouteTable(PUBLIC)
    with pytest.raises(TypeError):
        OpenApi(respone="Folder")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        routes.post("/things", statsu=201)(lambda request: {})  # not silently a 200


def _things(ctx) -> None:
    """An area of three routes whose paths share their first segments."""
    from pellucid.server.auth.policies import PUBLIC
    from pellucid.server.http.routing import RouteTable

    routes = RouteTable(PUBLIC)

    @routes.get("/things/{name}/colour")
    def colour(request, name: str) -> dict:
        return {"via": "parameter", "name": name}

    @routes.get("/things/special/size")
    def size(request) -> dict:
        return {"via": "literal"}

    @routes.get("/things/{name}/broken")
    def broken(request, name: str) -> dict:
        raise RuntimeError("a bug in a handler")

    ctx.router.include(routes)


def test_a_literal_segment_is_preferred_and_a_parameter_still_matches_where_the_literal_path_ends(tmp_path):
    app = build_app(_settings(tmp_path), areas=[_things])
    assert _get(app, "/things/special/size").json() == {"via": "literal"}
    assert _get(app, "/things/special/colour").json() == {"via": "parameter", "name": "special"}
    assert _get(app, "/things/plain/colour").json() == {"via": "parameter", "name": "plain"}
    assert _get(app, "/things/plain/size").status_code == 404
    app.ctx.store.dispose()


def test_a_handler_that_fails_answers_500_and_its_worker_thread_serves_the_next_requests(tmp_path):
    app = build_app(_settings(tmp_path), areas=[_things])
    size = app.ctx.settings.threads
    for _ in range(size + 1):  # more failures than the pool has threads
        failed = _get(app, "/things/x/broken")
        assert failed.status_code == 500
        assert failed.json()["requestId"] == failed.headers["x-request-id"]
    assert _get(app, "/things/x/colour").json() == {"via": "parameter", "name": "x"}
    app.ctx.store.dispose()
