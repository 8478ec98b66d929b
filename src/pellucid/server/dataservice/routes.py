"""Every route table of the Data Service, in the order they are documented."""

from . import adapters, bootstrap, collections, datasets, datasources, grants, items, items_by_key, schema
from .openapi_schemas import register as _register_schemas

ROUTE_TABLES = [
    bootstrap.routes, datasets.routes, grants.routes, datasources.routes, collections.routes,
    schema.routes, items.routes, items_by_key.routes, *adapters.ROUTE_TABLES,
]
bootstrap.ADAPTERS.update(adapters.ENDPOINTS)
bootstrap.ADAPTER_TYPES.extend(adapters.ADAPTER_TYPES)

_register_schemas()
