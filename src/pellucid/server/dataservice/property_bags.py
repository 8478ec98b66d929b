"""Property endpoints shared by data sets and collections: get, patch, delete by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..http import validation
from ..http.request import Request
from ..store import properties
from .guards import EDIT


@dataclass(frozen=True)
class PropertyBag:
    table: sa.Table
    load: Callable[..., Any]  # guards.data_set / guards.collection
    touch: Callable[[Connection, int], None]  # records the change on the owner

    def get(self, request: Request, owner_id: int) -> dict[str, Any]:
        """All the owner's properties; viewing the owner is enough."""
        with request.ctx.store.read() as conn:
            self.load(conn, request, owner_id)
            return properties.get_all(conn, self.table, owner_id)

    def patch(self, request: Request, owner_id: int) -> dict[str, Any]:
        """Adds or replaces the given properties; answers with only those."""
        changes = validation.properties(validation.expect_object(request.json()), "The request body",
                                        max_name_length=request.ctx.settings.requests.max_name_length)
        with request.ctx.store.write() as conn:
            self.load(conn, request, owner_id, EDIT)
            properties.upsert(conn, self.table, owner_id, changes)
            self.touch(conn, owner_id)
        return changes

    def delete(self, request: Request, owner_id: int) -> str:
        """Delete the properties named in `?properties=`; needs edit access to the owner."""
        names = validation.name_list(request.query.get("properties"), "properties")
        with request.ctx.store.write() as conn:
            self.load(conn, request, owner_id, EDIT)
            deleted = properties.delete(conn, self.table, owner_id, names)
            self.touch(conn, owner_id)
        return f"Deleted {deleted} property(s)"
