"""Data items by key: /collections/{id}/itemsByKey (find, patch, delete).

Keys are `keySchemaFields` (or the schema's primary key fields by `order`) and each target's
`fieldValues`, compared like filter strings: as text, case-insensitively.
"""

from __future__ import annotations

from typing import Any

from ..auth.policies import DATA_SERVICE
from ..events import ItemWrites
from ..http import validation
from ..http.request import Request
from ..http.routing import OpenApi, RouteTable
from ..store import collections, items
from ..store.db import retrying
from . import guards, item_queries
from .guards import EDIT
from .items import apply_patches, render
from .listing import paginated, requested_range

routes = RouteTable(DATA_SERVICE, tags=("Data items by key",))


def _matching(conn, schema, body: dict[str, Any]):
    """The WHERE clause of a Data Item By Key Find object: its keys and its targetValues."""
    keys = item_queries.key_fields(schema, body.get("keySchemaFields"))
    entries = validation.expect_array(body.get("targetValues"), "targetValues")
    targets = [item_queries.field_values(entry, len(keys), f"targetValues[{i}]") for i, entry in enumerate(entries)]
    return item_queries.key_clause(schema, keys, targets)


def _ready(request: Request, collection_id: int, body: dict[str, Any]) -> None:
    """Filter columns and indexes for the key fields, before a read (or ahead of a write, whose
    transaction then computes only what was written meanwhile: indexes come outside it)."""
    item_queries.ready_for_lookups(
        request, collection_id, lambda schema: item_queries.key_fields(schema, body.get("keySchemaFields")))


@routes.post("/collections/{collection_id:int}/itemsByKey", summary="Get data items by key",
             openapi=OpenApi(query={"start": "integer", "end": "integer"}, body="ItemsByKeyFind", response="DataItemList"))
@retrying
def find_items(request: Request, collection_id: int) -> dict:
    window = requested_range(request)
    body = validation.expect_object(request.json())
    _ready(request, collection_id, body)
    with request.ctx.store.read() as conn:
        collection = guards.unlocked(guards.collection(conn, request, collection_id))
        schema = item_queries.load_schema(conn, collection)
        where = _matching(conn, schema, body)
        total = items.count_where(conn, schema.table, where)
        found = items.page_where(conn, schema.table, where, window.offset, window.size) if window.start <= total else []
    url = f"{request.ctx.base_url}/collections/{collection_id}/itemsByKey"
    return paginated(request, "items", url, window, total, render(request, schema, found))


@routes.patch("/collections/{collection_id:int}/itemsByKey", summary="Update data items by key",
              openapi=OpenApi(body="ItemsByKeyPatch", response="Message"))
@retrying
def patch_items(request: Request, collection_id: int) -> str:
    """Applies each patch to every item matching its fieldValues; null deletes a value."""
    body = validation.expect_object(request.json())
    _ready(request, collection_id, body)
    with request.ctx.store.write() as conn:
        collection = guards.unlocked(guards.collection(conn, request, collection_id, EDIT))
        schema = item_queries.load_schema(conn, collection)
        keys = item_queries.key_fields(schema, body.get("keySchemaFields"))
        item_queries.prepare(conn, collection, schema, keys)
        entries = validation.expect_array(body.get("patches"), "patches")
        patches = []
        for position, entry in enumerate(entries):
            values = item_queries.field_values(entry, len(keys), f"patches[{position}]")
            where = item_queries.key_clause(schema, keys, [values])
            for seq in items.seqs_where(conn, schema.table, where):
                patches.append((seq, entry.get("patch"), f"patches[{position}].patch"))
        updated = apply_patches(conn, request, schema, patches)
    return f"Updated {len({seq for seq, _ in updated})} item(s)"


@routes.delete("/collections/{collection_id:int}/itemsByKey", summary="Delete data items by key",
               openapi=OpenApi(body="ItemsByKeyFind", response="Message"))
@retrying
def delete_items(request: Request, collection_id: int) -> str:
    body = validation.expect_object(request.json())
    _ready(request, collection_id, body)
    with request.ctx.store.write() as conn:
        collection = guards.unlocked(guards.collection(conn, request, collection_id, EDIT))
        schema = item_queries.load_schema(conn, collection)
        item_queries.prepare(conn, collection, schema, item_queries.key_fields(schema, body.get("keySchemaFields")))
        where = _matching(conn, schema, body)
        seqs = items.seqs_where(conn, schema.table, where)
        validation.at_most(len(seqs), request.ctx.settings.requests.max_items)
        request.ctx.events.item_writes.send(conn, request.principal, ItemWrites(collection_id, deleted=seqs))
        deleted = items.delete(conn, collection_id, seqs)
        if deleted:
            collections.touch(conn, collection_id)
    return f"Deleted {deleted} item(s)"
