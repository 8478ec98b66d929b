"""The Lucid Data Service API (seed 001, and the Data section of seed 002).

One module per resource (`datasets`, `datasources`, `grants`, `collections`, `schema`, `items`,
`items_by_key`, `adapters/`); `install(ctx)` serves them. The I/O-free rules live in
`pagination`, `links`, `fieldspecs` and `filters/`; how values compare is `store/values.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import (
    adapters,
    bootstrap,
    collections,
    datasets,
    datasources,
    filter_builds,
    grants,
    items,
    items_by_key,
    schema,
)
from .openapi_schemas import SCHEMAS

if TYPE_CHECKING:  # pragma: no cover
    from ..app import AppContext

# In the order they are documented.
ROUTE_TABLES = [
    bootstrap.routes, datasets.routes, grants.routes, datasources.routes, collections.routes,
    schema.routes, items.routes, items_by_key.routes, *adapters.ROUTE_TABLES,
]


def install(ctx: AppContext) -> None:
    """Serve the Data Service and document its schemas."""
    ctx.router.include(*ROUTE_TABLES)
    ctx.openapi_schemas.update(SCHEMAS)
    filter_builds.install(ctx)
