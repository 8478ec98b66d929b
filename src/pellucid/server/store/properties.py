"""String-keyed JSON property bags of data sets and collections."""

from __future__ import annotations

from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import tables as t

_OWNER = {t.data_set_properties: "data_set_id", t.collection_properties: "collection_id"}


def get_all(conn: Connection, table: sa.Table, owner_id: int) -> dict[str, Any]:
    """Every property of the owner, by name."""
    owner = table.c[_OWNER[table]]
    rows = conn.execute(sa.select(table.c.name, table.c.value).where(owner == owner_id).order_by(table.c.name))
    return {name: orjson.loads(value) for name, value in rows}


def get_one(conn: Connection, table: sa.Table, owner_id: int, name: str) -> Any:
    """One property's value, None when it is not set."""
    owner = table.c[_OWNER[table]]
    value = conn.execute(sa.select(table.c.value).where(owner == owner_id, table.c.name == name)).scalar()
    return None if value is None else orjson.loads(value)


def upsert(conn: Connection, table: sa.Table, owner_id: int, values: dict[str, Any]) -> None:
    """Set these properties, keeping the others."""
    if not values:
        return
    owner_column = _OWNER[table]
    owner = table.c[owner_column]
    conn.execute(sa.delete(table).where(owner == owner_id, table.c.name.in_(list(values))))
    conn.execute(
        sa.insert(table),
        [{owner_column: owner_id, "name": name, "value": orjson.dumps(value).decode()} for name, value in values.items()],
    )


def delete(conn: Connection, table: sa.Table, owner_id: int, names: list[str]) -> int:
    """Remove these properties; how many there were."""
    owner = table.c[_OWNER[table]]
    return conn.execute(sa.delete(table).where(owner == owner_id, table.c.name.in_(names))).rowcount
