"""Edits to connector-written items through the Data Service API become Patch actions.

Like Lucid's editor, the edit is applied at once and the Patch follows: the listener queues
it in `connector_patches` in the same transaction as the edit (so it is sent exactly when the
edit commits, and survives a restart), and the scheduler sends it and applies the reply.
Items made through the Data Service get their item key from their primary key values.
"""

from __future__ import annotations

from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from pellucid.protocol import FormattedPrimaryKey

from ..auth.principal import Principal
from ..events import ItemWrites
from ..http.errors import bad_request, forbidden
from ..store import fields
from ..store import keyed_items as keyed
from ..store.db import now_ms
from ..store.tables import connectors as tc
from . import bindings


def _by_name(data: dict[str, Any], names: dict[str, str], types: dict[str, str]) -> dict[str, Any]:
    """Stored values (by field id) as the connector names them; Data Service strings of NUMBER
    and BOOLEAN fields become numbers and booleans again, so keys match the connector's."""
    return {name: _typed(data[key], types[name]) for key, name in names.items() if key in data}


def _typed(value: Any, field_type: str) -> Any:
    if isinstance(value, str) and field_type == "NUMBER":
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    if isinstance(value, str) and field_type == "BOOLEAN" and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def on_item_writes(conn: Connection, principal: Principal, writes: ItemWrites) -> None:
    """Item writes in a connector's collection as a pending patch; refuses disallowed adds."""
    cc = tc.connector_collections.c
    row = conn.execute(sa.select(cc.binding_id, cc.connector_collection_id, cc.schema)
                       .where(cc.collection_id == writes.collection_id)).first()
    if row is None:
        return
    binding = bindings.get(conn, row.binding_id)
    cid = writes.collection_id
    rows = fields.list_for(conn, cid)
    names = {str(f.id): f.name for f in rows}
    types = {f.name: f.field_type for f in rows}
    patch: dict[str, Any] = {"itemsAdded": {}, "itemsChanged": {}, "itemsDeleted": []}
    if writes.added:
        if binding.creation_permission == "None":
            raise forbidden("The data connector allows no new items in this collection (creationPermission None)")
        primary = FormattedPrimaryKey(*orjson.loads(row.schema)["primaryKey"])
        added = [(seq, _by_name(data, names, types)) for seq, data in writes.added]
        keyed_rows = [(seq, primary.for_item(values)) for seq, values in added]
        taken = keyed.seqs_of(conn, cid, [key for _, key in keyed_rows])
        if taken or len({key for _, key in keyed_rows}) != len(keyed_rows):
            raise bad_request(f"An item with primary key {next(iter(taken), keyed_rows[0][1])} already exists")
        keyed.set_keys(conn, cid, keyed_rows)
        patch["itemsAdded"] = {key: values for (_, key), (_, values) in zip(keyed_rows, added)}
    if writes.changed:
        item_keys = keyed.keys_of(conn, cid, [seq for seq, _ in writes.changed])
        for seq, changes in writes.changed:
            if seq in item_keys and isinstance(changes, dict):
                entry = patch["itemsChanged"].setdefault(item_keys[seq], {})
                entry.update({name: value for name, value in changes.items() if name in types})
    if writes.deleted:
        patch["itemsDeleted"] = list(keyed.keys_of(conn, cid, writes.deleted).values())
    if patch["itemsAdded"] or patch["itemsChanged"] or patch["itemsDeleted"]:
        now = now_ms()
        conn.execute(sa.insert(tc.connector_patches).values(
            binding_id=binding.id, collection_id=cid, user_id=principal.user_id,
            patch=bindings.dumps(patch), state="pending", next_attempt=now, created=now,
        ))
