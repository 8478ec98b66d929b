"""The legacy OAuth 1.0a provider of the Data Service (seed 001; seed 002 "Legacy APIs").

oauthlib does the protocol and the signatures; this package gives it the store
(`validator`), adapts requests to it (`signed`), and serves the token endpoints (`endpoints`),
the user authorization page (`authorize`) and the check of signed Data Service requests
(`resource`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import authorize, endpoints

if TYPE_CHECKING:  # pragma: no cover
    from ..app import AppContext

ROUTE_TABLES = [endpoints.routes, authorize.routes]


def install(ctx: AppContext) -> None:
    """Serve the OAuth 1.0 token endpoints and authorization page (signed Data Service requests
    are admitted by the Data Service's own policy)."""
    ctx.router.include(*ROUTE_TABLES)
