"""FastAPI/Starlette integration (needs starlette; ``router`` needs fastapi).

``app.mount("/lucid", connector.asgi_app())`` works in both frameworks; ``router`` is for
when the connector should be an ordinary route of a FastAPI app (dependencies, prefixes)::

    app.include_router(router(connector, path="/lucid/{action_path:path}"), prefix="")
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from pellucid.sdk.connector.asgi import handle_http
from pellucid.sdk.connector.connector import DataConnector

__all__ = ["endpoint", "router"]


def endpoint(connector: DataConnector) -> Any:
    """A Starlette/FastAPI endpoint ``async (request) -> Response`` running the connector."""

    async def connector_endpoint(request: Request) -> Response:
        reply = await handle_http(
            connector,
            request.method,
            request.url.path,
            request.scope["query_string"].decode("latin-1"),
            {k.lower(): v for k, v in request.headers.items()},
            await request.body(),
        )
        response = Response(reply.body, status_code=reply.status)
        for name, value in reply.headers:
            response.headers[name] = value
        return response

    return connector_endpoint


def router(connector: DataConnector, path: str = "/") -> Any:
    """A FastAPI ``APIRouter`` with one POST route at ``path`` (hidden from the OpenAPI schema)."""
    from fastapi import APIRouter

    r = APIRouter()
    r.add_api_route(path, endpoint(connector), methods=["POST"], include_in_schema=False)
    return r
