"""Operational endpoints: readiness and the OpenAPI document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import openapi
from .auth.policies import PUBLIC
from .http.request import Request
from .http.routing import RouteTable

if TYPE_CHECKING:  # pragma: no cover
    from .app import AppContext

routes = RouteTable(PUBLIC, tags=("Server",))


def install(ctx: AppContext) -> None:
    """Serve the readiness check and the OpenAPI document."""
    ctx.router.include(routes)


@routes.get("/healthz", summary="Readiness: 200 once the database is migrated and reachable")
def healthz(request: Request) -> dict:
    """Answers only once the database does, so a load balancer sees a real check."""
    with request.ctx.store.read() as conn:
        conn.exec_driver_sql("SELECT 1")
    return {"status": "ok"}


@routes.get("/openapi.json", summary="OpenAPI 3.1 description of every endpoint this server implements")
def openapi_document(request: Request) -> dict:
    """This server's OpenAPI document, generated from the routes it serves."""
    return openapi.document(request.ctx.router.routes, request.ctx.base_url, request.ctx.openapi_schemas)
