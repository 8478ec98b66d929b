"""The Lucid REST API (seed 002, before its "Legacy APIs" section); `install(ctx)` serves it.

Document access (`access`) also decides the Data Service's document grants: `build_app` puts
`access.DOCUMENT_GRANTS` on the app context whether or not the REST routes are served.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .accounts import routes as accounts
from .collaborators import routes as collaborators
from .contents import routes as contents
from .documents import routes as documents
from .embeds import routes as embeds
from .folders import routes as folders
from .links import routes as links
from .schemas import SCHEMAS
from .share_links import routes as share_links
from .transfer import routes as transfer
from .users import routes as users

if TYPE_CHECKING:  # pragma: no cover
    from ..app import AppContext

ROUTE_TABLES = [accounts, users, documents, contents, folders, collaborators, share_links, embeds, transfer, links]


def install(ctx: AppContext) -> None:
    """Serve the REST API and document its schemas."""
    ctx.router.include(*ROUTE_TABLES)
    ctx.openapi_schemas.update(SCHEMAS)
