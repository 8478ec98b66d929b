"""From a request's view of a collection to SQL over its item table: fields, filters, keys."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from ..http.errors import bad_request
from ..store import fields, items
from ..store.items import FieldSpec
from ..store.values import text_key
from .filters import FieldColumns, FilterSyntaxError, Node, field_names, parse, to_sql


@dataclass(frozen=True)
class Schema:
    """A collection's fields as item storage and rendering need them."""

    collection_id: int
    specs: list[FieldSpec]
    rows: list[Row]

    @property
    def by_name(self) -> dict[str, FieldSpec]:
        return {spec.name: spec for spec in self.specs}

    @property
    def table(self) -> sa.Table:
        return items.table_for(self.collection_id, self.specs)

    def columns(self, spec: FieldSpec) -> FieldColumns:
        table = self.table
        return FieldColumns(text=table.c[items.text_column(spec.id)], number=table.c[items.number_column(spec.id)])


_SCHEMAS: OrderedDict[tuple, tuple[int, Schema]] = OrderedDict()
_SCHEMA_CACHE_SIZE = 1024


def load_schema(conn: Connection, collection: Row) -> Schema:
    """The collection's schema, cached per process under its creation time and `schema_version`
    (which every change of a field moves, see store/fields.py): nearly every item request needs it."""
    schema = cached_schema(conn.engine, collection)
    if schema is not None:
        return schema
    rows = fields.list_for(conn, collection.id)
    schema = Schema(collection.id, fields.specs(rows), rows)
    _SCHEMAS[(conn.engine, collection.id)] = (_version(collection), schema)
    if len(_SCHEMAS) > _SCHEMA_CACHE_SIZE:
        _SCHEMAS.popitem(last=False)
    return schema


def _version(collection: Row) -> tuple[int, int]:
    # SQLite reuses the id of the newest collection once it is deleted: its creation time tells
    # the new one apart, whose schema_version starts again at 0.
    return collection.created, collection.schema_version


def cached_schema(engine: sa.Engine, collection: Row) -> Schema | None:
    """The collection's schema if this process has it under the row's `created` and `schema_version`."""
    key = (engine, collection.id)  # one process may serve several databases (tests do)
    cached = _SCHEMAS.get(key)
    if cached is None or cached[0] != _version(collection):
        return None
    _SCHEMAS.move_to_end(key)
    return cached[1]


def parse_filter(text: str) -> Node:
    try:
        return parse(text)
    except FilterSyntaxError as exc:
        raise bad_request(f"Invalid filter: {exc}", {"filter": text, "position": exc.position}) from None


def filter_clause(schema: Schema, node: Node, dialect: str) -> sa.ColumnElement[bool]:
    by_name = schema.by_name

    def resolve(name: str) -> FieldColumns | None:
        spec = by_name.get(name)
        return None if spec is None else schema.columns(spec)

    return to_sql(node, resolve, dialect)


def key_fields(schema: Schema, key_schema_fields: Any) -> list[FieldSpec]:
    """The fields a by-key request matches on: `keySchemaFields`, else the primary key by order."""
    by_name = schema.by_name
    if key_schema_fields is None:
        primary = sorted((row for row in schema.rows if row.is_primary), key=lambda row: (row.ordinal, row.id))
        if not primary:
            raise bad_request("keySchemaFields is required: the collection's schema has no primary key fields")
        return [by_name[row.name] for row in primary]
    if not isinstance(key_schema_fields, list) or not key_schema_fields or not all(isinstance(n, str) for n in key_schema_fields):
        raise bad_request("keySchemaFields must be a non-empty array of field names")
    unknown = [name for name in key_schema_fields if name not in by_name]
    if unknown:
        raise bad_request(f"keySchemaFields names fields that are not in the schema: {', '.join(repr(u) for u in unknown)}")
    return [by_name[name] for name in key_schema_fields]


MAX_KEYS = 1_000  # target values per by-key request


def key_clause(schema: Schema, keys: Sequence[FieldSpec], targets: list[list[Any]]) -> sa.ColumnElement[bool]:
    """Items whose key fields equal one of the target value lists (compared like filter strings)."""
    if len(targets) > MAX_KEYS:
        raise bad_request(f"At most {MAX_KEYS} targets per request; got {len(targets)}")
    alternatives = []
    for values in targets:
        alternatives.append(sa.and_(*[
            schema.columns(spec).text == text_key(value) if value is not None else schema.columns(spec).text.is_(None)
            for spec, value in zip(keys, values)
        ]))
    return sa.or_(*alternatives) if alternatives else sa.false()


def field_values(entry: Any, expected: int, what: str) -> list[Any]:
    entry = entry if isinstance(entry, dict) else {}
    values = entry.get("fieldValues")
    if not isinstance(values, list) or len(values) != expected:
        raise bad_request(f"{what}.fieldValues must be an array of {expected} value(s), one per key field")
    for value in values:
        if value is not None and not isinstance(value, (str, int, float, bool)):
            raise bad_request(f"{what}.fieldValues must hold strings")
    return values


def _unindexed(collection: Row, schema: Schema, used: Sequence[FieldSpec]) -> list[int]:
    """Fields a filter or key lookup touches that a big collection has no index on yet."""
    if collection.item_count < items.INDEX_MIN_ITEMS:
        return []
    indexed = {row.id for row in schema.rows if row.indexed}
    return sorted({spec.id for spec in used} - indexed)


def needs_preparing(collection: Row, schema: Schema, used: Sequence[FieldSpec]) -> bool:
    return collection.filterable_through < collection.next_seq - 1 or bool(_unindexed(collection, schema, used))


def prepare(conn: Connection, collection: Row, schema: Schema, used: Sequence[FieldSpec]) -> None:
    """Make the collection answer filters and key lookups over `used` (a write transaction):
    compute the filter columns bulk writes left out, and index big collections' fields, once."""
    items.ensure_filter_columns(conn, collection.id, schema.specs)
    missing = _unindexed(collection, schema, used)
    if missing:
        items.ensure_indexes(conn, collection.id, missing)
        fields.mark_indexed(conn, collection.id, missing)


def referenced_fields(schema: Schema, node: Node) -> list[FieldSpec]:
    by_name = schema.by_name
    return [by_name[name] for name in field_names(node) if name in by_name]


def ready_for_lookups(request, collection_id: int, used: Callable[[Schema], Sequence[FieldSpec]]) -> None:
    """Before a read that filters or looks up keys: prepare the collection if it needs it, in a
    short write transaction of its own (reads never write)."""
    from . import guards

    with request.ctx.store.read() as conn:
        collection = guards.collection(conn, request, collection_id)
        schema = load_schema(conn, collection)
        if not needs_preparing(collection, schema, used(schema)):
            return
    with request.ctx.store.write() as conn:
        collection = guards.collection(conn, request, collection_id)
        schema = load_schema(conn, collection)
        prepare(conn, collection, schema, used(schema))
