"""Data items: /collections/{id}/items."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from itertools import chain
from operator import length_hint
from typing import Any, NamedTuple

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..auth import access
from ..auth.policies import DATA_SERVICE
from ..events import ItemWrites
from ..http import validation
from ..http.errors import bad_request, not_found
from ..http.request import Request
from ..http.responses import Response, json_response
from ..http.routing import OpenApi, RouteTable
from ..store import collections, items
from ..store import tables as t
from ..store.db import retrying
from ..store.fast import Query
from . import guards, item_queries, links, resources
from .guards import EDIT
from .item_queries import Schema
from .listing import count_header, paginated, requested_range
from .pagination import Range

routes = RouteTable(DATA_SERVICE, tags=("Data items",))

FILTER_QUERY = {"filter": ("string", "A Data Item filter, e.g. age > 16 (URL-encoded)")}
ITEM_ARRAY = {"type": "array", "items": {"$ref": "#/components/schemas/DataItem"}}


def render(request: Request, schema: Schema, found: list[tuple[int, dict[str, Any]]]) -> list[dict]:
    """Items as the API shows them, values keyed by the collection's field names."""
    return resources.items(guards.links(request), schema.collection_id, found, schema.layout)



def patched(data: dict[str, Any], changes: Any, schema: Schema, what: str, max_length: int) -> dict[str, Any]:
    """`data` with a patch applied: null deletes a value, unknown field names are ignored; a
    string value is at most `max_length` characters."""
    if not isinstance(changes, dict):
        raise bad_request(f"{what} must be a JSON object of field names to values")
    result = dict(data)
    by_name = schema.by_name
    for name, value in changes.items():
        spec = by_name.get(name)
        if spec is None:
            continue
        if validation.scalar(value, f"{what}.{name}", max_length=max_length) is None:
            result.pop(str(spec.id), None)
        else:
            result[str(spec.id)] = value
    return result


def apply_patches(conn: Connection, request: Request, schema: Schema, patches: list[tuple[int, Any, str]]) -> list[tuple[int, dict]]:
    """Patch existing items [(id, fields patch, label for errors)]; the patched items in order."""
    limits = request.ctx.settings.requests
    validation.at_most(len(patches), limits.max_items)
    current = items.get_data(conn, schema.collection_id, [seq for seq, _, _ in patches])
    changed: dict[int, dict[str, Any]] = {}
    for seq, patch, what in patches:
        if seq not in current:
            raise not_found(f"Item {seq} not found in collection {schema.collection_id}")
        changed[seq] = current[seq] = patched(current[seq], patch, schema, what, limits.max_value_length)
    items.rewrite(conn, schema.collection_id, schema.specs, list(changed.items()))
    if changed:
        collections.touch(conn, schema.collection_id)
        request.ctx.events.item_writes.send(conn, request.principal, ItemWrites(
            schema.collection_id, changed=[(seq, patch) for seq, patch, _ in patches]))
    return [(seq, current[seq]) for seq, _, _ in patches]


def _check_value_lengths(body: bytes, entries: list[Any], max_length: int) -> None:
    """A 400 for a string value longer than `max_length` characters among new items' values."""
    if not _may_hold_long_strings(body, max_length):
        return
    try:  # iterated in C (the check runs on every bulk create): length_hint of a number is 0
        longest = max(map(length_hint, chain.from_iterable(map(dict.values, entries))), default=0)
    except TypeError:
        return  # an entry that is not an object, which new_item_data refuses
    if longest > max_length:  # a string, or a nested value new_item_data refuses
        for position, entry in enumerate(entries):
            for name, value in entry.items():
                if value.__class__ is str:
                    validation.text_length(value, f"[{position}].{name}", max_length)


def _may_hold_long_strings(body: bytes, max_length: int) -> bool:
    """Whether a JSON string in `body` could be longer than `max_length` characters, read off
    the bytes in microseconds (walking a bulk create's values takes milliseconds). Without a
    backslash no string holds a quote, and a character takes a byte or more, so a longer string
    leaves a run of over `max_length` bytes without a quote: a run that covers one of the aligned
    blocks of half that size whole."""
    if len(body) <= max_length:
        return False
    if b"\\" in body:
        return True
    block = max(1, (max_length + 1) // 2)
    return any(body.find(b'"', start, start + block) == -1 for start in range(0, len(body) - block + 1, block))


@routes.head("/collections/{collection_id:int}/items", summary="Get all data items count",
             openapi=OpenApi(query=FILTER_QUERY, response_headers={"Lucid-Items-Total": "Number of items (matching the filter)"}))
@retrying
def count_items(request: Request, collection_id: int):
    """Without a filter the stored item count answers; 423 while the collection refreshes."""
    text = request.query.get("filter")
    node = item_queries.parse_filter(text) if text else None
    with request.ctx.store.read() as conn:
        collection = guards.unlocked(guards.collection(conn, request, collection_id))
        if node is None:
            return count_header("Lucid-Items-Total", collection.item_count)
        schema = item_queries.load_schema(conn, collection)
        item_queries.want_indexes(request, collection, schema, item_queries.referenced_fields(schema, node))
        match = item_queries.filter_match(schema, node, conn.dialect.name)
        return count_header("Lucid-Items-Total", match.count(conn, collection, schema))


@dataclass(frozen=True, slots=True)
class ItemPage:
    """One range of a collection's items (matching a filter, if any) and how many there are."""

    schema: Schema
    total: int
    found: list[tuple[int, dict[str, Any]]]


def read_page(request: Request, collection_id: int, window: Range, text: str | None) -> ItemPage:
    """The items in `window` for the caller (`request.principal`), filtered by `text`; the API's
    item listing and the console's items table both read through it. 423 while refreshing."""
    node = item_queries.parse_filter(text) if text else None
    with request.ctx.store.read() as conn:
        collection = guards.unlocked(guards.collection(conn, request, collection_id))
        schema = item_queries.load_schema(conn, collection)
        if node is None:
            total = collection.item_count
            found = []
            if window.start <= total:
                dense = collection.item_count == collection.next_seq - 1
                first = items.seq_at(conn, collection_id, window.start, dense)
                found = items.page_from(conn, collection_id, first, window.size) if first is not None else []
        else:
            item_queries.want_indexes(request, collection, schema, item_queries.referenced_fields(schema, node))
            match = item_queries.filter_match(schema, node, conn.dialect.name)
            total, found = match.page(conn, collection, schema, window.offset, window.size)
    return ItemPage(schema, total, found)


@routes.get("/collections/{collection_id:int}/items", summary="Get all data items (with an optional filter)",
            openapi=OpenApi(query={"start": "integer", "end": "integer", **FILTER_QUERY}, response="DataItemList",
                            response_headers={"Lucid-Items-Total": "Number of items (matching the filter)"}))
@retrying
def list_items(request: Request, collection_id: int) -> Response:
    """Ranges count filtered items only; 423 LOCKED while the collection is being refreshed."""
    window = requested_range(request)
    text = request.query.get("filter")
    page = read_page(request, collection_id, window, text)
    params = {"filter": text} if text else {}
    body = paginated(request, "items", guards.links(request).items(collection_id), window, page.total,
                     render(request, page.schema, page.found), params)
    # Seed 001: "The total number of items can also be found in the header".
    return json_response(body, headers={"Lucid-Items-Total": str(page.total)})


# The access check and the item in one statement, over `items.table_name(collection_id)`.
_TEMPLATE = "items_of_collection"
_table = sa.table(_TEMPLATE, sa.column("seq"), sa.column("data"))
_WITH_ITEM = Query(access.collection_select(
    t.collections.c.id, t.collections.c.created, t.collections.c.schema_version,
    sa.select(_table.c.data).where(_table.c.seq == sa.bindparam("seq")).scalar_subquery().label("item_data")))
_WITH_ITEMS: OrderedDict[int, Query] = OrderedDict()


def _with_item(collection_id: int) -> Query:
    query = _WITH_ITEMS.get(collection_id)
    if query is None:
        query = _WITH_ITEMS[collection_id] = _WITH_ITEM.renamed(_TEMPLATE, items.table_name(collection_id))
        if len(_WITH_ITEMS) > 1024:
            _WITH_ITEMS.popitem(last=False)
    return query


def _one_statement(request: Request, collection_id: int, item_id: int) -> dict | None:
    """The item of a readable collection whose schema this process has, read by one statement:
    one snapshot without a transaction (issue 11, point 8). None: the transactional path decides
    (403, 404, document grants, a schema to load)."""
    store = request.ctx.store
    try:
        row = store.first(_with_item(collection_id), id=collection_id, seq=item_id, **access.caller(request.principal))
    except items.MISSING_TABLE:
        return None
    if row is None or row.item_data is None or access.needs_documents(row) or access.granted_role(row) is None:
        return None
    schema = item_queries.cached_schema(store.engine, row)
    if schema is None:
        return None
    return render(request, schema, [(item_id, orjson.loads(row.item_data))])[0]


@routes.get("/collections/{collection_id:int}/items/{item_id:int}", summary="Get data item",
            openapi=OpenApi(response="DataItem"))
def get_item(request: Request, collection_id: int, item_id: int) -> dict:
    """One statement on the fast path; the slow path says whether the item or access is missing."""
    found = _one_statement(request, collection_id, item_id)
    if found is not None:
        return found
    with request.ctx.store.read() as conn:
        collection = guards.collection(conn, request, collection_id)
        data = items.get_one(conn, collection_id, item_id)
        if data is None:
            raise not_found(f"Item {item_id} not found in collection {collection_id}")
        schema = item_queries.load_schema(conn, collection)
    return render(request, schema, [(item_id, data)])[0]


@routes.post("/collections/{collection_id:int}/items", summary="Create data items",
             openapi=OpenApi(body={"type": "array", "items": {"type": "object", "additionalProperties": True}},
                             response=ITEM_ARRAY))
@retrying
def create_items(request: Request, collection_id: int) -> list[dict]:
    """Field names outside the schema are ignored; missing fields take the schema default."""
    limits = request.ctx.settings.requests
    entries = validation.object_array(request, limits.max_items)
    _check_value_lengths(request.body, entries, limits.max_value_length)
    # No bracket beyond the array's and one per entry: no value can be an object or array.
    flat = request.body.count(b"{") == len(entries) and request.body.count(b"[") == 1
    store = request.ctx.store
    early = _prepared(entries, item_queries.last_schema(store.engine, collection_id), flat)
    with store.write() as conn:
        collection = guards.unlocked(guards.collection(conn, request, collection_id, EDIT))
        schema = item_queries.load_schema(conn, collection)
        if early is not None and early.schema is schema:
            datas, texts = early.datas, early.texts
        else:
            datas, texts = _new_item_data(entries, schema, flat), None
        seqs = items.insert(conn, collection_id, datas, texts=texts)
        if seqs:
            collections.touch(conn, collection_id)
            request.ctx.events.item_writes.send(conn, request.principal, ItemWrites(collection_id, added=list(zip(seqs, datas))))
    return resources.new_items(guards.links(request), collection_id, seqs, entries, datas, schema.layout, schema.has_defaults)


class _Prepared(NamedTuple):
    """New items' stored values and their JSON, and the schema they were made from."""

    schema: Schema
    datas: list[dict[str, Any]]
    texts: list[str]


def _prepared(entries: list[Any], schema: Schema | None, flat: bool) -> _Prepared | None:
    """New items' stored values and JSON, made before the write transaction from the schema this
    process last saw, so that SQLite's one write lock is not held while they are made (the filter
    build needs it too); the transaction uses them only if that schema is still current. None
    when there is no such schema or an entry is invalid: the transaction then makes them after
    its access check, so a refusal never tells a caller without access about the schema."""
    if schema is None:
        return None
    try:
        datas = items.new_item_data(entries, schema.specs, flat)
    except items.InvalidValue:
        return None
    return _Prepared(schema, datas, items.data_texts(datas))


def _new_item_data(entries: list[Any], schema: Schema, flat: bool) -> list[dict[str, Any]]:
    """New items' stored values (`items.new_item_data`); a bad entry or value is a 400."""
    try:
        return items.new_item_data(entries, schema.specs, flat)
    except items.InvalidValue as bad:
        if bad.name is None:
            raise bad_request(f"[{bad.position}] must be a JSON object of field names to values") from None
        raise bad_request(f"[{bad.position}].{bad.name} must be a string, number, boolean or null") from None


@routes.patch("/collections/{collection_id:int}/items", summary="Update data items",
              openapi=OpenApi(body=ITEM_ARRAY, response=ITEM_ARRAY))
@retrying
def update_items(request: Request, collection_id: int) -> list[dict]:
    """Each entry names its item by `uri`; null deletes a value; answers with the updated items."""
    entries = validation.object_array(request, request.ctx.settings.requests.max_items)
    patches = []
    for position, entry in enumerate(entries):
        entry = validation.expect_object(entry, f"[{position}]")
        owner, seq = links.parse(entry.get("uri"), "item", f"[{position}].uri")
        if owner != collection_id:
            raise bad_request(f"[{position}].uri is an item of collection {owner}, not {collection_id}")
        patches.append((seq, entry.get("fields", {}), f"[{position}].fields"))
    with request.ctx.store.write() as conn:
        collection = guards.unlocked(guards.collection(conn, request, collection_id, EDIT))
        schema = item_queries.load_schema(conn, collection)
        updated = apply_patches(conn, request, schema, patches)
    return render(request, schema, updated)


@routes.patch("/collections/{collection_id:int}/items/{item_id:int}", summary="Update data item",
              openapi=OpenApi(body="DataItem", response="DataItem"))
@retrying
def update_item(request: Request, collection_id: int, item_id: int) -> dict:
    """Needs edit access and an unlocked collection; only the fields sent change."""
    body = validation.expect_object(request.json())
    with request.ctx.store.write() as conn:
        collection = guards.unlocked(guards.collection(conn, request, collection_id, EDIT))
        schema = item_queries.load_schema(conn, collection)
        updated = apply_patches(conn, request, schema, [(item_id, body.get("fields", {}), "fields")])
    return render(request, schema, updated)[0]


@routes.delete("/collections/{collection_id:int}/items", summary="Delete data items",
               openapi=OpenApi(query={"items": ("string", "Comma-separated item links, absolute or relative")},
                               response="Message"))
@retrying
def delete_items(request: Request, collection_id: int) -> str:
    """Every `items` link must belong to this collection; the count is checked against the limit."""
    targets = validation.name_list(request.query.get("items"), "items")
    validation.at_most(len(targets), request.ctx.settings.requests.max_items)
    seqs = []
    for link in targets:
        owner, seq = links.parse(link, "item", "items")
        if owner != collection_id:
            raise bad_request(f"{link!r} is an item of collection {owner}, not {collection_id}")
        seqs.append(seq)
    with request.ctx.store.write() as conn:
        guards.unlocked(guards.collection(conn, request, collection_id, EDIT))
        request.ctx.events.item_writes.send(conn, request.principal, ItemWrites(collection_id, deleted=sorted(set(seqs))))
        deleted = items.delete(conn, collection_id, sorted(set(seqs)))
        if deleted:
            collections.touch(conn, collection_id)
    return f"Deleted {deleted} item(s)"


@routes.delete("/collections/{collection_id:int}/items/{item_id:int}", summary="Delete data item",
               openapi=OpenApi(response="Message"))
@retrying
def delete_item(request: Request, collection_id: int, item_id: int) -> str:
    """404 when the item is not there; needs edit access and an unlocked collection."""
    with request.ctx.store.write() as conn:
        guards.unlocked(guards.collection(conn, request, collection_id, EDIT))
        request.ctx.events.item_writes.send(conn, request.principal, ItemWrites(collection_id, deleted=[item_id]))
        if items.delete(conn, collection_id, [item_id]) == 0:
            raise not_found(f"Item {item_id} not found in collection {collection_id}")
        collections.touch(conn, collection_id)
    return "Deleted 1 item(s)"
