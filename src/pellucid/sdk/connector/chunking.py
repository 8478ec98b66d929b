"""Split an update whose body would exceed a size limit into several update requests.

Semantics are kept by splitting only what is additive:

* Each request repeats the data source settings (name, upstream config, foreign keys,
  creation permission).
* Collections go in separate requests once the whole does not fit.
* An inexhaustive items patch is cut into consecutive slices of its entries (items, then
  deletions, then errors, then per-item constraints); the schema and collection properties
  travel with the first slice only, so the collection is created by the first request.
* An exhaustive patch ("the collection becomes exactly these items") cannot be split
  without deleting items that a later part would bring back, so it is never split: it is
  sent whole in its own request even if that exceeds the limit (logged as a warning).
  To stream a very large full import, send inexhaustive patches plus the deletions.

Requests are sent in order and each is applied on its own: if a later one fails, earlier
ones stay applied (the official SDK sends a single request and has no such case).
"""

from __future__ import annotations

import logging
import math
from dataclasses import replace

from pellucid.protocol.jsjson import dumps
from pellucid.protocol.update import (
    UNSET,
    CollectionPatch,
    DataSourceRequest,
    ItemsPatchInexhaustive,
)

__all__ = ["DEFAULT_MAX_BODY_BYTES", "encode_update", "plan_update_bodies"]

log = logging.getLogger("pellucid.connector")

DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024


def encode_update(request: DataSourceRequest) -> bytes:
    """The body ``DataSourceClient.update`` sends, byte for byte the official SDK's."""
    return dumps(request.to_json())


def plan_update_bodies(
    request: DataSourceRequest, max_body_bytes: int | None = DEFAULT_MAX_BODY_BYTES
) -> list[bytes]:
    """One body when it fits (or no limit), else bodies each within the limit where possible."""
    body = encode_update(request)
    if max_body_bytes is None or len(body) <= max_body_bytes:
        return [body]
    return _split(request, body, max_body_bytes)


def _split(request: DataSourceRequest, body: bytes, limit: int) -> list[bytes]:
    parts = _parts(request, math.ceil(len(body) / (limit * 0.9)))
    if parts is None:
        log.warning(
            "update body of %d bytes exceeds the %d byte limit and cannot be split",
            len(body),
            limit,
        )
        return [body]
    out: list[bytes] = []
    for part in parts:
        b = encode_update(part)
        out.extend([b] if len(b) <= limit else _split(part, b, limit))
    return out


def _parts(request: DataSourceRequest, pieces: int) -> list[DataSourceRequest] | None:
    if len(request.collections) > 1:
        return [replace(request, collections={cid: cp}) for cid, cp in request.collections.items()]
    [(cid, cp)] = request.collections.items()
    if not isinstance(cp.patch, ItemsPatchInexhaustive):
        return None
    entries = _entries(cp.patch)
    if len(entries) < 2:
        return None
    size = math.ceil(len(entries) / max(2, pieces))
    slices = [entries[i : i + size] for i in range(0, len(entries), size)]
    first = replace(cp, patch=_patch_of(slices[0]))
    rest = [CollectionPatch(patch=_patch_of(s), query_error=UNSET) for s in slices[1:]]
    return [replace(request, collections={cid: c}) for c in [first, *rest]]


def _entries(p: ItemsPatchInexhaustive) -> list[tuple]:
    return (
        [("items", k, v) for k, v in p.items.items()]
        + [("deleted", k, None) for k in p.items_deleted or ()]
        + [("errors", k, v) for k, v in (p.errors or {}).items()]
        + [("constraints", k, v) for k, v in (p.field_constraints_per_item or {}).items()]
    )


def _patch_of(entries: list[tuple]) -> ItemsPatchInexhaustive:
    kinds: dict[str, dict] = {"items": {}, "deleted": {}, "errors": {}, "constraints": {}}
    for kind, key, value in entries:
        kinds[kind][key] = value
    return ItemsPatchInexhaustive(
        items=kinds["items"],
        items_deleted=list(kinds["deleted"]),
        errors=kinds["errors"] or None,
        field_constraints_per_item=kinds["constraints"] or None,
    )
