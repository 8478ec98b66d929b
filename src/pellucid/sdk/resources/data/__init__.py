"""`client.data`: the Data Service API (data.lucid.app)."""

from __future__ import annotations

from typing import Any

from ..._call import Call
from ..._resource import Mode, Resource, endpoint
from ...models.data import RateLimits
from ._common import data_model
from .adapters import Adapters
from .collections import Collections, FieldParam
from .data_sets import DataSetGrants, DataSets
from .data_sources import DataSources, SourceGrants
from .items import Items
from .schema import Schema

__all__ = ["DataService", "FieldParam"]


class DataService(Resource[Mode]):
    """Data sets, data sources, grants, collections, schemas, items and adapters."""

    def __init__(self, core: Any) -> None:
        super().__init__(core)
        self.data_sets: DataSets[Mode] = DataSets(core)
        self.data_set_grants: DataSetGrants[Mode] = DataSetGrants(core)
        self.data_sources: DataSources[Mode] = DataSources(core)
        self.source_grants: SourceGrants[Mode] = SourceGrants(core)
        self.collections: Collections[Mode] = Collections(core)
        self.schema: Schema[Mode] = Schema(core)
        self.items: Items[Mode] = Items(core)
        self.adapters: Adapters[Mode] = Adapters(core)

    @endpoint
    def rate_limits(self) -> Call[RateLimits]:
        """The caller's Data Service limits (calls per minute, refresh intervals, file size in MB)."""
        return data_model("GET", "/rateLimits", RateLimits)
