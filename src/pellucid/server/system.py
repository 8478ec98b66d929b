"""Operational endpoints: readiness and the OpenAPI document."""

from __future__ import annotations

from .auth.policies import PUBLIC
from .http.request import Request
from .http.routing import RouteTable
from . import openapi

routes = RouteTable(PUBLIC, tags=("Server",))


@routes.get("/healthz", summary="Readiness: 200 once the database is migrated and reachable")
def healthz(request: Request) -> dict:
    with request.ctx.store.read() as conn:
        conn.exec_driver_sql("SELECT 1")
    return {"status": "ok"}


@routes.get("/openapi.json", summary="OpenAPI 3.1 description of every endpoint this server implements")
def openapi_document(request: Request) -> dict:
    return openapi.document(request.ctx.router.routes, request.ctx.base_url)
