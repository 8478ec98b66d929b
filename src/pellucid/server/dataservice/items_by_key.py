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


def _matching(request: Request, collection, schema, body: dict[str, Any]) -> item_queries.Match:
    """The items a Data Item By Key Find object selects: its keys and its targetValues."""
    keys = item_queries.key_fields(schema, body.get("keySchemaFields"))
    item_queries.want_indexes(request, collection, schema, keys)
    entries = validation.expect_array(body.get("targetValues"), "targetValues")
    targets = [item_queries.field_values(entry, len(keys), f"targetValues[{i}]") for i, entry in enumerate(entries)]
    return item_queries.key_match(schema, keys, targets)


@routes.post("/collections/{collection_id:int}/itemsByKey", summary="Get data items by key",
             openapi=OpenApi(query={"start": "integer", "end": "integer"}, body="ItemsByKeyFind", response="DataItemList"))
@retrying
def find_items(request: Request, collection_id: int) -> dict:
    """A page of the items whose key field values match one of the keys in the body."""
    window = requested_range(request)
    body = validation.expect_object(request.json())
    with request.ctx.store.read() as conn:
        collection = guards.unlocked(guards.collection(conn, request, collection_id))
        schema = item_queries.load_schema(conn, collection)
        total, found = _matching(request, collection, schema, body).page(conn, collection, schema, window.offset, window.size)
    url = f"{request.ctx.base_url}/collections/{collection_id}/itemsByKey"
    return paginated(request, "items", url, window, total, render(request, schema, found))


@routes.patch("/collections/{collection_id:int}/itemsByKey", summary="Update data items by key",
              openapi=OpenApi(body="ItemsByKeyPatch", response="Message"))
@retrying
def patch_items(request: Request, collection_id: int) -> str:
    """Applies each patch to every item matching its fieldValues; null deletes a value."""
    body = validation.expect_object(request.json())
    with request.ctx.store.write() as conn:
        collection = guards.unlocked(guards.collection(conn, request, collection_id, EDIT))
        schema = item_queries.load_schema(conn, collection)
        keys = item_queries.key_fields(schema, body.get("keySchemaFields"))
        item_queries.want_indexes(request, collection, schema, keys)
        entries = validation.expect_array(body.get("patches"), "patches")
        targets = [item_queries.field_values(entry, len(keys), f"patches[{n}]") for n, entry in enumerate(entries)]
        found: dict[int, dict[str, Any]] = {}
        for start in range(0, len(targets), item_queries.MAX_KEYS):
            found.update(item_queries.key_match(schema, keys, targets[start:start + item_queries.MAX_KEYS])
                         .all(conn, collection, schema))
        key = item_queries.key_of(keys)
        by_key: dict[tuple, list[int]] = {}
        for seq in sorted(found):
            by_key.setdefault(key(found[seq]), []).append(seq)
        patches = [(seq, entry.get("patch"), f"patches[{position}].patch")
                   for position, (entry, values) in enumerate(zip(entries, targets))
                   for seq in by_key.get(item_queries.target_key(values), [])]
        updated = apply_patches(conn, request, schema, patches)
    return f"Updated {len({seq for seq, _ in updated})} item(s)"


@routes.delete("/collections/{collection_id:int}/itemsByKey", summary="Delete data items by key",
               openapi=OpenApi(body="ItemsByKeyFind", response="Message"))
@retrying
def delete_items(request: Request, collection_id: int) -> str:
    """Deletes the items matching the body's keys; the match count is held to the item limit."""
    body = validation.expect_object(request.json())
    with request.ctx.store.write() as conn:
        collection = guards.unlocked(guards.collection(conn, request, collection_id, EDIT))
        schema = item_queries.load_schema(conn, collection)
        seqs = [seq for seq, _ in _matching(request, collection, schema, body).all(conn, collection, schema)]
        validation.at_most(len(seqs), request.ctx.settings.requests.max_items)
        request.ctx.events.item_writes.send(conn, request.principal, ItemWrites(collection_id, deleted=seqs))
        deleted = items.delete(conn, collection_id, seqs)
        if deleted:
            collections.touch(conn, collection_id)
    return f"Deleted {deleted} item(s)"
