"""The server side of data connectors: extension packages, signed action requests, the
`dataSource/update` endpoint, the data-sync endpoints and the reserved actions' scheduler.

`install(ctx)` serves the endpoints, makes Data Service edits of connector items queue Patch
actions and document opens queue HardRefresh, and starts the scheduler that sends them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import edits, opening, scheduler
from .datasync import routes as datasync
from .secrets import routes as signing
from .trigger import routes as trigger
from .update import routes as update

if TYPE_CHECKING:  # pragma: no cover
    from ..app import AppContext

ROUTE_TABLES = [signing, trigger, update, datasync]


def install(ctx: AppContext) -> None:
    """Serve the connector endpoints, listen to item writes and document opens, run the scheduler."""
    ctx.router.include(*ROUTE_TABLES)
    ctx.events.item_writes.connect(edits.on_item_writes)
    ctx.events.document_opened.connect(opening.on_document_opened)
    scheduler.install(ctx)
