"""From a request's view of a collection to SQL over its item table: fields, filters, keys."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Sequence

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from ..http.errors import bad_request
from ..store import fields, items
from ..store.items import FieldSpec
from ..store.values import text_key
from .filters import FieldColumns, FilterSyntaxError, Node, field_names, matches, parse, to_sql


@dataclass(frozen=True)
class Schema:
    """A collection's fields as item storage and rendering need them."""

    collection_id: int
    specs: list[FieldSpec]
    rows: list[Row]

    @property
    def by_name(self) -> dict[str, FieldSpec]:
        """The collection's fields by name."""
        return {spec.name: spec for spec in self.specs}

    @cached_property
    def layout(self) -> list[tuple[str, str]]:
        """(field name, key of its value in stored item data) per field, in schema order: what
        items render by, built once per cached schema rather than for every item read."""
        return [(spec.name, str(spec.id)) for spec in self.specs]

    @cached_property
    def has_defaults(self) -> bool:
        """Whether any field has a default (new items then take it where they name no value)."""
        return any(spec.default is not None for spec in self.specs)

    @property
    def table(self) -> sa.Table:
        """The collection's item table, with a text and a number column per field."""
        return items.table_for(self.collection_id, self.specs)

    def columns(self, spec: FieldSpec) -> FieldColumns:
        """A field's text and number columns in the item table."""
        table = self.table
        return FieldColumns(text=table.c[items.text_column(spec.id)], number=table.c[items.number_column(spec.id)])


_SCHEMAS: OrderedDict[tuple, tuple[tuple[int, int], Schema]] = OrderedDict()
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


def last_schema(engine: sa.Engine, collection_id: int) -> Schema | None:
    """The schema this process last loaded for the collection, unchecked: a guess that lets bulk
    work start before its transaction, which then compares it with `load_schema`'s answer."""
    cached = _SCHEMAS.get((engine, collection_id))
    return None if cached is None else cached[1]


def parse_filter(text: str) -> Node:
    """The parsed item filter; a syntax error is a 400 carrying its position."""
    try:
        return parse(text)
    except FilterSyntaxError as exc:
        raise bad_request(f"Invalid filter: {exc}", {"filter": text, "position": exc.position}) from None


def filter_clause(schema: Schema, node: Node, dialect: str) -> sa.ColumnElement[bool]:
    """The filter as a SQL condition over the collection's stored field columns."""
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
    """One key's `fieldValues`: exactly one scalar per key field, else 400."""
    entry = entry if isinstance(entry, dict) else {}
    values = entry.get("fieldValues")
    if not isinstance(values, list) or len(values) != expected:
        raise bad_request(f"{what}.fieldValues must be an array of {expected} value(s), one per key field")
    for value in values:
        if value is not None and not isinstance(value, (str, int, float, bool)):
            raise bad_request(f"{what}.fieldValues must hold strings")
    return values


@dataclass(frozen=True)
class Match:
    """Which items a filter or key lookup selects: `where` over the filter columns, and `accepts`,
    the same rule in Python over the values of the fields `keys` (by field id, in that order), for
    the items whose filter columns the background build has not reached yet. Together they are
    exact at every moment.

    The unbuilt items are grouped by their values of `keys` in the database, so `accepts` runs
    once per distinct value array, and Python sees the items themselves only for a page."""

    where: sa.ColumnElement[bool]
    keys: tuple[str, ...]
    accepts: Callable[[list[Any]], bool]

    def _parts(self, conn: Connection, collection: Row, schema: Schema) -> tuple[sa.ColumnElement[bool], int, Callable]:
        """The condition for the built items, how many unbuilt ones match, and the unbuilt ones
        that match in id order (a function of how many are wanted: (id, values) each)."""
        built = collection.filterable_through
        if built >= collection.next_seq - 1:
            return self.where, 0, lambda stop=None: []
        count, accepted = 0, set()
        for values, items_with_them in items.unbuilt_values(conn, collection.id, built, self.keys):
            if self.accepts(orjson.loads(values)):  # an array's JSON tells 1, 1.0, "1" and true apart
                count += items_with_them
                accepted.add(values)

        def matching(stop: int | None = None) -> list[tuple[int, dict[str, Any]]]:
            found: list[tuple[int, dict[str, Any]]] = []
            if accepted and stop != 0:
                for seq, values, data in items.unbuilt(conn, collection.id, built, self.keys):
                    if values in accepted:
                        found.append((seq, orjson.loads(data)))
                        if len(found) == stop:
                            break
            return found

        return sa.and_(schema.table.c.seq <= built, self.where), count, matching

    def count(self, conn: Connection, collection: Row, schema: Schema) -> int:
        """How many items match: SQL where the filter build has reached, Python past it."""
        where, unbuilt, _ = self._parts(conn, collection, schema)
        return items.count_where(conn, schema.table, where) + unbuilt

    def page(self, conn: Connection, collection: Row, schema: Schema, offset: int, limit: int) -> tuple[int, list]:
        """How many items match, and the `limit` of them from `offset` on, in id order."""
        where, unbuilt, matching = self._parts(conn, collection, schema)
        built = items.count_where(conn, schema.table, where)
        found = items.page_where(conn, schema.table, where, offset, limit) if offset < built else []
        start = max(0, offset - built)
        wanted = min(limit - len(found), unbuilt - start)
        return built + unbuilt, found + (matching(start + wanted)[start:] if wanted > 0 else [])

    def all(self, conn: Connection, collection: Row, schema: Schema) -> list[tuple[int, dict[str, Any]]]:
        """Every matching item, in id order: (id, values by field id)."""
        where, _, matching = self._parts(conn, collection, schema)
        return items.all_where(conn, schema.table, where) + matching()


def filter_match(schema: Schema, node: Node, dialect: str) -> Match:
    """Items matching a filter: in SQL over built filter columns, in Python past the build."""
    used = referenced_fields(schema, node)
    names = [spec.name for spec in used]
    return Match(filter_clause(schema, node, dialect), tuple(str(spec.id) for spec in used),
                 lambda values: matches(node, dict(zip(names, values))))


def key_of(keys: Sequence[FieldSpec]) -> Callable[[dict[str, Any]], tuple]:
    """An item's key (values by field id -> its key fields' text forms), as key lookups compare it."""
    ids = [str(spec.id) for spec in keys]
    return lambda data: tuple(text_key(data.get(key)) for key in ids)


def target_key(values: list[Any]) -> tuple:
    """Key values compared as text, the way stored item values are."""
    return tuple(text_key(value) for value in values)


def key_match(schema: Schema, keys: Sequence[FieldSpec], targets: list[list[Any]]) -> Match:
    """Items whose key fields equal one of `targets`, compared as text."""
    wanted = {target_key(values) for values in targets}
    return Match(key_clause(schema, keys, targets), tuple(str(spec.id) for spec in keys),
                 lambda values: target_key(values) in wanted)


def _unindexed(collection: Row, schema: Schema, used: Sequence[FieldSpec]) -> list[int]:
    """Fields a filter or key lookup touches that a big collection has no index on yet."""
    if collection.item_count < items.INDEX_MIN_ITEMS:
        return []
    indexed = {row.id for row in schema.rows if row.indexed}
    return sorted({spec.id for spec in used} - indexed)


def referenced_fields(schema: Schema, node: Node) -> list[FieldSpec]:
    """The schema fields a filter names; unknown names are left to the filter to reject."""
    by_name = schema.by_name
    return [by_name[name] for name in field_names(node) if name in by_name]


def want_indexes(request, collection: Row, schema: Schema, used: Sequence[FieldSpec]) -> None:
    """Ask the background build to index the fields a lookup on a big collection uses (a scan
    answers meanwhile)."""
    missing = _unindexed(collection, schema, used)
    if missing:
        request.ctx.filter_builds.want_indexes(collection.id, missing)
