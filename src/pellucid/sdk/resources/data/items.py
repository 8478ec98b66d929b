"""`client.data.items`: data items of a collection, by link, by filter and by key."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..._call import Call, models, nothing
from ..._resource import Mode, Resource, endpoint, paged
from ..._types import present
from ...filters import Filter
from ...models.data import DataItem, Outcome
from ...pagination import PageData
from ._common import (
    CollectionRef,
    ItemRef,
    count,
    data_call,
    data_list,
    data_model,
    names,
    outcome,
    ref_id,
    ref_link,
)

FilterArg = str | Filter | None
KeyValues = Sequence[Any]


def _filter(value: FilterArg) -> str | None:
    return str(value) if value is not None else None


def _key_body(key_fields: Sequence[str] | None, **rest: Any) -> dict[str, Any]:
    return present({**rest, "keySchemaFields": list(key_fields) if key_fields is not None else None})


class Items(Resource[Mode]):
    @endpoint
    def count(self, collection: CollectionRef, *, filter: FilterArg = None) -> Call[int]:
        """How many items the collection holds (that match `filter`)."""
        return count(_path(collection), "Lucid-Items-Total", {"filter": _filter(filter)})

    @paged
    def list(self, collection: CollectionRef, *, filter: FilterArg = None, start: int | None = None,
             end: int | None = None, page_size: int | None = None) -> Call[PageData[DataItem]]:
        """Items in creation order (those matching `filter`: a string or `filters.field(...)`),
        auto-paging over `next` links; `start`/`end` count matching items only. 423 while syncing."""
        return data_list(_path(collection), "items", DataItem, start, end, page_size,
                         params={"filter": _filter(filter)})

    @endpoint
    def get(self, collection: CollectionRef, item: ItemRef) -> Call[DataItem]:
        """One item (readable even while the collection syncs)."""
        return data_model("GET", f"{_path(collection)}/{ref_id(item, 'item')}", DataItem)

    @endpoint
    def create(self, collection: CollectionRef, items: Iterable[Mapping[str, Any]]) -> Call[builtins.list[DataItem]]:
        """Create items from field-name -> value mappings; unknown names are ignored, missing ones
        take the schema default."""
        return data_call("POST", _path(collection), models(DataItem), json=[dict(item) for item in items])

    @endpoint
    def update(self, collection: CollectionRef, item: ItemRef, fields: Mapping[str, Any]) -> Call[DataItem]:
        """Set some of an item's values; None deletes a value."""
        return data_model("PATCH", f"{_path(collection)}/{ref_id(item, 'item')}", DataItem,
                          json={"uri": self._link(collection, item), "fields": dict(fields)}, idempotent=True)

    @endpoint
    def update_many(self, collection: CollectionRef,
                    updates: Mapping[int | str, Mapping[str, Any]] | Iterable[DataItem]) -> Call[builtins.list[DataItem]]:
        """Update several items at once: `{item id or link: {field: value}}`, or modified `DataItem`s."""
        pairs = updates.items() if isinstance(updates, Mapping) else ((item, item.fields or {}) for item in updates)
        body = [{"uri": self._link(collection, item), "fields": dict(fields)} for item, fields in pairs]
        return data_call("PATCH", _path(collection), models(DataItem), json=body, idempotent=True)

    @endpoint
    def delete(self, collection: CollectionRef, item: ItemRef) -> Call[None]:
        """Delete one item."""
        return data_call("DELETE", f"{_path(collection)}/{ref_id(item, 'item')}", nothing)

    @endpoint
    def delete_many(self, collection: CollectionRef, items: Iterable[ItemRef]) -> Call[Outcome]:
        """Delete several items of the collection; `count` says how many were deleted."""
        links = [self._link(collection, item) for item in items]
        return data_call("DELETE", _path(collection), outcome, params={"items": names(links)})

    @paged
    def find_by_key(self, collection: CollectionRef, values: Iterable[KeyValues], *,
                    key_fields: Sequence[str] | None = None, start: int | None = None, end: int | None = None,
                    page_size: int | None = None) -> Call[PageData[DataItem]]:
        """Items whose key fields (`key_fields`, else the primary key) equal one of `values`,
        each a sequence in key order. Auto-paging."""
        body = _key_body(key_fields, targetValues=[{"fieldValues": list(v)} for v in values])
        return data_list(_by_key(collection), "items", DataItem, start, end, page_size, method="POST", json=body,
                         idempotent=True)

    @endpoint
    def update_by_key(self, collection: CollectionRef, patches: Iterable[tuple[KeyValues, Mapping[str, Any]]], *,
                      key_fields: Sequence[str] | None = None) -> Call[Outcome]:
        """Patch every item matching each key: `[(key values, {field: value or None}), ...]`."""
        body = _key_body(key_fields, patches=[{"fieldValues": list(v), "patch": dict(p)} for v, p in patches])
        return data_call("PATCH", _by_key(collection), outcome, json=body, idempotent=True)

    @endpoint
    def delete_by_key(self, collection: CollectionRef, values: Iterable[KeyValues], *,
                      key_fields: Sequence[str] | None = None) -> Call[Outcome]:
        """Delete the items whose key fields equal one of `values`."""
        body = _key_body(key_fields, targetValues=[{"fieldValues": list(v)} for v in values])
        return data_call("DELETE", _by_key(collection), outcome, json=body)

    def _link(self, collection: CollectionRef, item: ItemRef) -> str:
        return ref_link(self._urls.data, item, f"collections/{ref_id(collection, 'collection')}/items", "item")


def _path(collection: CollectionRef) -> str:
    return f"/collections/{ref_id(collection, 'collection')}/items"


def _by_key(collection: CollectionRef) -> str:
    return f"/collections/{ref_id(collection, 'collection')}/itemsByKey"
