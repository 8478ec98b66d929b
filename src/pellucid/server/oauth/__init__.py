"""The OAuth 2.0 authorization server of seed 002: consent pages, token endpoints, metadata;
and what MCP clients need on top: dynamic registration, metadata-document clients, resources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import authorize, metadata, registration, token

if TYPE_CHECKING:  # pragma: no cover
    from ..app import AppContext

ROUTE_TABLES = [authorize.routes, token.routes, registration.routes, metadata.routes]


def install(ctx: AppContext) -> None:
    """Serve the authorization server and document its token schemas."""
    ctx.router.include(*ROUTE_TABLES)
    ctx.openapi_schemas.update(token.SCHEMAS)
