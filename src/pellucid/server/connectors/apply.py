"""Apply what a connector sends (a `dataSource/update` body, or the changes of a Patch reply)
to the Data Service, inside the caller's transaction: any refusal rolls everything back.

Collections are found by the connector's collection id within the binding. A connector's
field types map to Data Service field types through `pellucid.protocol.data_service_field_type`;
its whole schema is kept beside the collection. Items are keyed by their formatted primary key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from pellucid.protocol import DataSourceRequest, data_service_field_type
from pellucid.protocol.schema import SchemaDefinition
from pellucid.protocol.update import ItemsPatch, ItemsPatchExhaustive

from ..store import collections, datasources, fields, items, properties
from ..store import keyed_items as keyed
from ..store import tables as t
from ..store.tables import connectors as tc
from ..store.db import now_ms
from . import bindings

ADAPTER_TYPE = "EXTENSION_API"


class Refused(Exception):
    """The update cannot be applied: `status` 400 (malformed) or 403 (not allowed by the token)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Applied:
    data_source_id: int
    collections: dict[str, int] = field(default_factory=dict)  # connector id -> collection id
    created: list[str] = field(default_factory=list)  # connector ids of new collections


def update(conn: Connection, binding: Row, may_create: bool, request: DataSourceRequest,
           allowed: set[str] | None = None) -> Applied:
    """Apply a whole update body. `allowed`: the only connector collection ids this token may
    write (webhook tokens), None for any."""
    if binding.data_source_id is None:
        if not may_create:
            raise Refused(403, "This token cannot create the document's data source; an Import or HardRefresh token can")
        source = datasources.create(conn, name=request.data_source_name, creator_id=binding.user_id,
                                    adapter_type=ADAPTER_TYPE, grant=("document", binding.document_id))
        source_id = source.id
    else:
        source_id = binding.data_source_id
        datasources.update(conn, source_id, {"name": request.data_source_name})
    state: dict[str, Any] = {
        "data_source_id": source_id,
        "upstream_config": bindings.dumps(request.upstream_config_json()),
        "source_foreign_keys": bindings.dumps([fk.to_json() for fk in request.source_foreign_keys or ()]),
        "update_filter_type": request.update_filter_type or "AllUpdates",
    }
    if request.creation_permission is not None:
        state["creation_permission"] = str(request.creation_permission)
    bindings.update(conn, binding.id, **state)
    applied = Applied(source_id)
    for connector_id, patch in request.collections.items():
        if allowed is not None and connector_id not in allowed:
            raise Refused(403, f"This webhook token does not cover collection {connector_id!r}")
        applied.collections[connector_id], created = collection(
            conn, binding, source_id, connector_id, patch.patch, patch.schema, patch.properties_json(), may_create)
        if created:
            applied.created.append(connector_id)
    if applied.created:
        bindings.update(conn, binding.id, webhook_pending=True)
    return applied


def collection(conn: Connection, binding: Row, source_id: int, connector_id: str, patch: ItemsPatch,
               schema: SchemaDefinition | None, props: Mapping[str, Any] | None, may_create: bool) -> tuple[int, bool]:
    """Apply one collection patch; (collection id, whether it was created)."""
    cc = tc.connector_collections
    row = conn.execute(sa.select(cc).where(cc.c.binding_id == binding.id,
                                           cc.c.connector_collection_id == connector_id)).first()
    created = row is None
    if created:
        if not may_create:
            raise Refused(403, f"This token cannot create collection {connector_id!r}; only existing collections can be updated")
        if schema is None:
            raise Refused(400, f"Collection {connector_id!r} is new: its patch needs a schema")
        collection_id = _create(conn, binding, source_id, connector_id, schema)
    else:
        collection_id = row.collection_id
    if isinstance(patch, ItemsPatchExhaustive) and patch.field_names_changed:
        _rename_fields(conn, collection_id, patch.field_names_changed)
    if schema is not None:
        _merge_schema(conn, collection_id, schema)
        if not created:
            conn.execute(sa.update(cc).where(cc.c.collection_id == collection_id)
                         .values(schema=orjson.dumps(schema.to_json()).decode()))
    _apply_items(conn, collection_id, patch)
    if props:
        properties.upsert(conn, t.collection_properties, collection_id, dict(props))
        if isinstance(props.get("Name"), str):
            conn.execute(sa.update(t.collections).where(t.collections.c.id == collection_id).values(name=props["Name"]))
    collections.touch(conn, collection_id)
    return collection_id, created


def _create(conn: Connection, binding: Row, source_id: int, connector_id: str, schema: SchemaDefinition) -> int:
    row = collections.create(conn, data_source_id=source_id, name=connector_id, schema=[], props={})
    keyed.add_key_column(conn, row.id)
    if binding.refresh_deadline is not None:  # made during an Import/HardRefresh: locked like the rest
        collections.set_sync_started(conn, row.id, now_ms())
    conn.execute(sa.insert(tc.connector_collections).values(
        collection_id=row.id, binding_id=binding.id, connector_collection_id=connector_id,
        schema=orjson.dumps(schema.to_json()).decode(),
    ))
    return row.id


def _merge_schema(conn: Connection, collection_id: int, schema: SchemaDefinition) -> None:
    """Add new fields, retype and relabel known ones; fields the schema omits are kept (the
    SDK only allows schemas to grow)."""
    existing = {row.name: row for row in fields.list_for(conn, collection_id)}
    order = max((row.ordinal for row in existing.values()), default=0) + 1
    primary = set(schema.primary_key)
    labels = schema.field_labels or {}
    for definition in schema.fields:
        wanted = {"fieldType": data_service_field_type(definition.type), "isPrimary": definition.name in primary,
                  "label": labels.get(definition.name)}
        row = existing.get(definition.name)
        if row is None:
            fields.create(conn, collection_id, name=definition.name, field_type=wanted["fieldType"], order=order,
                          is_primary=wanted["isPrimary"], label=wanted["label"])
            order += 1
        elif (row.field_type, bool(row.is_primary), row.label) != tuple(wanted.values()):
            fields.update(conn, row, wanted)


def _rename_fields(conn: Connection, collection_id: int, renames: Mapping[str, str | None]) -> None:
    """fieldNamesChanged: old -> new renames a field (values kept), old -> null drops it."""
    for old, new in renames.items():
        row = fields.by_name(conn, collection_id, old)
        if row is None:
            continue
        if new is None or fields.by_name(conn, collection_id, new) is not None:
            fields.delete(conn, row)
        else:
            fields.update(conn, row, {"name": new})


# ------------------------------------------------------------------------------ items


def _apply_items(conn: Connection, collection_id: int, patch: ItemsPatch) -> None:
    specs = fields.specs(fields.list_for(conn, collection_id))
    ids = {spec.name: str(spec.id) for spec in specs}
    if isinstance(patch, ItemsPatchExhaustive):
        present = keyed.all_keys(conn, collection_id)
        for old, new in (patch.rekeying_map or {}).items():
            _rekey(conn, collection_id, present, old, new)
        doomed = [seq for key, seq in present.items() if key not in patch.items]
        _delete(conn, collection_id, doomed, [key for key in present if key not in patch.items])
        _upsert(conn, collection_id, specs, ids, patch.items, present, sparse=False)
    else:
        empty = collections.get(conn, collection_id).item_count == 0
        present = {} if empty else keyed.seqs_of(conn, collection_id, list(patch.items))
        _upsert(conn, collection_id, specs, ids, patch.items, present, sparse=True)
        deleted = list(patch.items_deleted or ())
        if deleted:
            _delete(conn, collection_id, list(keyed.seqs_of(conn, collection_id, deleted).values()), deleted)
    item_state(conn, collection_id, patch.errors, patch.field_constraints_per_item)


def _values(entry: Mapping[str, Any], ids: dict[str, str], key: str) -> dict[str, Any]:
    """Values by field id; fields outside the schema are ignored, nulls left out."""
    if entry.__class__ is not dict and not isinstance(entry, Mapping):
        raise Refused(400, f"Item {key!r} must be an object of field names to values")
    return {field_id: value for field_id, value in zip(ids.values(), map(entry.get, ids)) if value is not None}


def _upsert(conn: Connection, collection_id: int, specs: list, ids: dict[str, str],
            entries: Mapping[str, Mapping[str, Any]], present: dict[str, int], sparse: bool) -> None:
    """New keys become items; known keys are replaced (exhaustive) or merged (sparse: a null
    clears a value, absent fields are left alone)."""
    new_keys, new_datas, changed = [], [], []
    for key, entry in entries.items():
        seq = present.get(key)
        if seq is None:
            new_keys.append(key)
            new_datas.append(_values(entry, ids, key))
        else:
            changed.append((seq, key, entry))
    if changed:
        current = items.get_data(conn, collection_id, [seq for seq, _, _ in changed]) if sparse else {}
        rewritten = []
        for seq, key, entry in changed:
            if not isinstance(entry, Mapping):
                raise Refused(400, f"Item {key!r} must be an object of field names to values")
            data = dict(current.get(seq, {})) if sparse else {}
            for name, value in entry.items():
                field_key = ids.get(name)
                if field_key is None:
                    continue
                if value is None:
                    data.pop(field_key, None)
                else:
                    data[field_key] = value
            rewritten.append((seq, data))
        items.rewrite(conn, collection_id, specs, rewritten)
    if new_datas:
        items.insert(conn, collection_id, new_datas, item_keys=new_keys)


def _rekey(conn: Connection, collection_id: int, present: dict[str, int], old: str, new: str | None) -> None:
    seq = present.get(old)
    if seq is None:
        return
    if new is None or new in present:  # dropped, or the item under the new key wins
        _delete(conn, collection_id, [seq], [old])
        present.pop(old)
        return
    keyed.set_keys(conn, collection_id, [(seq, new)])
    conn.execute(sa.update(tc.connector_item_state).where(
        tc.connector_item_state.c.collection_id == collection_id, tc.connector_item_state.c.item_key == old,
    ).values(item_key=new))
    present[new] = present.pop(old)


def _delete(conn: Connection, collection_id: int, seqs: list[int], item_keys: list[str]) -> None:
    if seqs:
        items.delete(conn, collection_id, seqs)
    s = tc.connector_item_state.c
    for start in range(0, len(item_keys), keyed.CHUNK):
        conn.execute(sa.delete(tc.connector_item_state).where(
            s.collection_id == collection_id, s.item_key.in_(item_keys[start:start + keyed.CHUNK])))


def item_state(conn: Connection, collection_id: int, errors: Mapping[str, Any] | None,
               constraints: Mapping[str, Mapping[str, Any]] | None) -> None:
    """Errors replace an item's errors (null clears them); per-item constraints replace the
    earlier constraints of the fields they name."""
    touched = list(set(errors or ()) | set(constraints or ()))
    s = tc.connector_item_state
    for start in range(0, len(touched), keyed.CHUNK):
        chunk = touched[start:start + keyed.CHUNK]
        current = {row.item_key: row for row in conn.execute(
            sa.select(s).where(s.c.collection_id == collection_id, s.c.item_key.in_(chunk)))}
        rows = []
        for key in chunk:
            old = current.get(key)
            item_errors = bindings.loads(old.errors) if old is not None else None
            item_constraints = bindings.loads(old.constraints, {}) if old is not None else {}
            if errors is not None and key in errors:
                item_errors = errors[key]
            for name, values in ((constraints or {}).get(key) or {}).items():
                item_constraints[name] = [c.to_json() if hasattr(c, "to_json") else c for c in values]
            rows.append({"collection_id": collection_id, "item_key": key,
                         "errors": None if item_errors is None else bindings.dumps(item_errors),
                         "constraints": bindings.dumps(item_constraints) if item_constraints else None})
        conn.execute(sa.delete(s).where(s.c.collection_id == collection_id, s.c.item_key.in_(chunk)))
        conn.execute(sa.insert(s), rows)
