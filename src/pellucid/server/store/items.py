"""Items: each collection keeps its items in a table of its own, `items_<collection id>`.

A row holds the item's values as JSON keyed by field id (`data`, the truth; renaming a field
touches no item) and, per field, two derived columns the filter language compares on:
`t<field id>` (the case-folded string form) and `n<field id>` (the number it coerces to, or
NULL). Filters therefore run in SQL on plain columns, and an index on one field is an index on
one column. Item ids (`seq`) are per collection and grow in creation order; `item_blocks`
counts live items per block of 1024 ids so the n-th item is found without an OFFSET scan.

Locks (PostgreSQL): every write over a collection's items takes its collection's row first
(`lock_collection`, as `insert` does by reserving ids), then item rows in id order, then the
table for DDL; one order, so two writers of one collection wait for each other but never
deadlock. Indexes are built outside any request transaction (`create_indexes_concurrently`).

Bulk inserts (item creation, imports, connector syncs) write `data` only: computing the derived
columns costs more than the insert itself. `collections.filterable_through` records how far
they are computed; a background build (dataservice/filter_builds.py) computes the rest soon
after, chunk by chunk (`compute_filter_columns`, `store_filter_columns`), and until it has,
filters and key lookups read the values they test of the items past it (`unbuilt_values`,
`unbuilt`) and test them in Python. Updates of single items write every column at once.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

import orjson
import psycopg
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from . import tables as t
from .fast import execute_raw, executemany_raw, placeholder
from .values import number_key, text_key

BLOCK_BITS = 10
INDEX_MIN_ITEMS = 2_000  # below this a scan is as fast as an index

# Column types of the derived columns. PostgreSQL must order text by code point, as Python and
# SQLite do, and an index serves range filters only when the column itself is collated "C".
TEXT_KEY_TYPE = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
NUMBER_KEY_TYPE: sa.Double[float] = sa.Double()


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """What item storage needs to know of a schema field."""

    id: int
    name: str
    default: Any = None  # decoded JSON; None when the field has no default


def table_name(collection_id: int) -> str:
    """The name of a collection's item table."""
    return f"items_{collection_id}"


# What the driver raises for a statement over an item table that does not exist (the collection
# does not, or was just deleted): sqlite3's OperationalError is broader, which is safe for
# callers that then take the transactional path, where a real failure raises again.
MISSING_TABLE = (sqlite3.OperationalError, psycopg.errors.UndefinedTable)


def text_column(field_id: int) -> str:
    """The name of a field's case-folded text column."""
    return f"t{field_id}"


def number_column(field_id: int) -> str:
    """The name of a field's numeric column."""
    return f"n{field_id}"


@lru_cache(maxsize=512)
def item_table(collection_id: int, field_ids: tuple[int, ...]) -> sa.Table:
    """The SQLAlchemy view of a collection's item table for the given fields."""
    columns = [sa.Column("seq", t.ID, primary_key=True, autoincrement=False), sa.Column("data", sa.Text, nullable=False)]
    for field_id in field_ids:
        columns.append(sa.Column(text_column(field_id), TEXT_KEY_TYPE))
        columns.append(sa.Column(number_column(field_id), NUMBER_KEY_TYPE))
    return sa.Table(table_name(collection_id), sa.MetaData(), *columns)


def table_for(collection_id: int, fields: Sequence[FieldSpec]) -> sa.Table:
    """The item table of a collection with these fields."""
    return item_table(collection_id, tuple(f.id for f in fields))


# ------------------------------------------------------------------------------- DDL


def create_table(conn: Connection, collection_id: int, field_ids: Sequence[int] = ()) -> None:
    """Create a collection's item table."""
    item_table(collection_id, tuple(field_ids)).create(conn)


def drop_table(conn: Connection, collection_id: int) -> None:
    """Drop a collection's item table."""
    conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{table_name(collection_id)}"')


def lock_collection(conn: Connection, collection_id: int) -> None:
    """Take the collection's row lock before any item row or the item table (PostgreSQL; SQLite's
    writers are serial anyway): the lock every item write and `_reserve` take first, held until
    the transaction ends."""
    if conn.dialect.name != "sqlite":
        execute_raw(conn, f"SELECT id FROM collections WHERE id = {placeholder(conn)} FOR NO KEY UPDATE", (collection_id,))


def add_field(conn: Connection, collection_id: int, field_id: int) -> None:
    """Add a new field's derived columns to the item table."""
    lock_collection(conn, collection_id)
    name = table_name(collection_id)
    for column, kind in ((text_column(field_id), TEXT_KEY_TYPE), (number_column(field_id), NUMBER_KEY_TYPE)):
        ddl = kind.compile(dialect=conn.dialect)
        conn.exec_driver_sql(f'ALTER TABLE "{name}" ADD COLUMN {column} {ddl}')


def drop_field(conn: Connection, collection_id: int, field_id: int) -> None:
    """Remove a field's columns, indexes and every stored value of it."""
    lock_collection(conn, collection_id)
    name = table_name(collection_id)
    for column in (text_column(field_id), number_column(field_id)):
        conn.exec_driver_sql(f'DROP INDEX IF EXISTS "ix_{name}_{column}"')
        conn.exec_driver_sql(f'ALTER TABLE "{name}" DROP COLUMN {column}')
    key = str(field_id)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            f"UPDATE \"{name}\" SET data = json_remove(data, '$.\"{key}\"') "
            f"WHERE json_type(data, '$.\"{key}\"') IS NOT NULL"
        )
    else:
        conn.exec_driver_sql(
            f"UPDATE \"{name}\" SET data = (data::jsonb - '{key}')::text WHERE data::jsonb ? '{key}'"
        )


def _indexes(collection_id: int, field_ids: Iterable[int]) -> Iterable[tuple[str, str, str]]:
    name = table_name(collection_id)
    for field_id in field_ids:
        for column in (text_column(field_id), number_column(field_id)):
            yield name, f"ix_{name}_{column}", column


def ensure_indexes(conn: Connection, collection_id: int, field_ids: Iterable[int]) -> None:
    """Index the derived columns of fields that filters or key lookups use (SQLite, in the
    transaction; PostgreSQL builds them with `create_indexes_concurrently`)."""
    for name, index, column in _indexes(collection_id, field_ids):
        conn.exec_driver_sql(f'CREATE INDEX IF NOT EXISTS "{index}" ON "{name}" ({column})')


def create_indexes_concurrently(autocommit: Connection, collection_id: int, field_ids: Iterable[int]) -> bool:
    """PostgreSQL: `ensure_indexes` without blocking the collection's writers, on a connection
    outside any transaction (CREATE INDEX CONCURRENTLY must be). False when a build failed (a
    deadlock with a schema change, the collection deleted meanwhile): its invalid index is
    dropped and a later lookup builds it again. Filters are exact with or without the index."""
    for name, index, column in _indexes(collection_id, field_ids):
        try:
            autocommit.exec_driver_sql(f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{index}" ON "{name}" ({column})')
        except sa.exc.DBAPIError:
            try:
                autocommit.exec_driver_sql(f'DROP INDEX CONCURRENTLY IF EXISTS "{index}"')
            except sa.exc.DBAPIError:
                pass  # dropped with its table, or left for the next build to replace
            return False
    return True


# ----------------------------------------------------------------------------- rows


class InvalidValue(ValueError):
    """An entry or value that cannot be stored: not an object, or a value that is not a scalar."""

    def __init__(self, position: int, name: str | None) -> None:
        super().__init__(position, name)
        self.position = position
        self.name = name


_SCALARS = (str, int, float, bool)


def new_item_data(entries: Sequence[Any], fields: Sequence[FieldSpec], flat: bool = False) -> list[dict[str, Any]]:
    """Stored values of new items from API entries (field name -> value): known fields only,
    nulls dropped, schema defaults filled in. Raises InvalidValue for a bad entry or value.

    `flat` promises that no value is an object or an array (the caller saw no nested brackets
    in the request body), which lets the common case skip the per-value type checks.
    """
    keys = {field.name: str(field.id) for field in fields}
    defaults = [(str(field.id), field.default) for field in fields if field.default is not None]
    datas = _flat_item_data(entries, keys) if flat else None
    if datas is None:
        datas = [_item_data(position, entry, keys) for position, entry in enumerate(entries)]
    for key, default in defaults:
        for data in datas:
            if key not in data:
                data[key] = default
    return datas


def _flat_item_data(entries: Sequence[Any], keys: dict[str, str]) -> list[dict[str, Any]] | None:
    try:
        return [{keys[name]: value for name, value in entry.items() if value is not None} for entry in entries]
    except (KeyError, AttributeError):  # an unknown field name, or an entry that is not an object
        return None


def _item_data(position: int, entry: Any, keys: dict[str, str]) -> dict[str, Any]:
    if entry.__class__ is not dict:
        raise InvalidValue(position, None)
    data: dict[str, Any] = {}
    for name, value in entry.items():
        key = keys.get(name)
        if key is None or value is None:
            continue
        if value.__class__ not in _SCALARS:
            raise InvalidValue(position, name)
        data[key] = value
    return data


def filter_values(data: dict[str, Any], keys: Sequence[str]) -> list[Any]:
    """Each field's text and number forms, in field order.

    It runs for every value a filter reaches: kept flat on purpose, with the common types
    inlined (each branch gives what `text_key` and `number_key` give).
    """
    row: list[Any] = []
    append = row.append
    for key in keys:
        value = data.get(key)
        if value is None:
            append(None)
            append(None)
            continue
        kind = value.__class__
        if kind is str:
            append(value.lower())
            append(number_key(value))
        elif kind is int:
            append(str(value))
            append(float(value))
        elif kind is bool:
            append("true" if value else "false")
            append(None)
        elif kind is float:
            if value.is_integer() and -1e21 < value < 1e21:
                append(str(int(value)))
            else:
                text = repr(value)  # JS and Python agree unless there is an exponent, inf or nan
                append(text if "e" not in text and "n" not in text else text_key(value))
            append(None if value != value else value)
        elif kind is dict or kind is list:
            append(orjson.dumps(value).decode().lower())
            append(None)
        else:
            append(text_key(value))
            append(number_key(value))
    return row


def _reserve(conn: Connection, collection_id: int, count: int) -> int:
    """The first of `count` new item ids."""
    c = t.collections.c
    next_seq = conn.execute(
        sa.update(t.collections).where(c.id == collection_id)
        .values(next_seq=c.next_seq + count, item_count=c.item_count + count)
        .returning(c.next_seq)
    ).scalar_one()
    return next_seq - count


def _run_blocks(first: int, count: int) -> Counter:
    """How many of the ids first .. first + count - 1 fall in each block (without visiting them)."""
    deltas: Counter = Counter()
    seq, end = first, first + count
    while seq < end:
        block = seq >> BLOCK_BITS
        block_end = min(end, (block + 1) << BLOCK_BITS)
        deltas[block] += block_end - seq
        seq = block_end
    return deltas


def _adjust_blocks(conn: Connection, collection_id: int, deltas: Counter) -> None:
    if not deltas:
        return
    rows = [{"collection_id": collection_id, "block": block, "count": delta} for block, delta in deltas.items()]
    insert = (sqlite.insert if conn.dialect.name == "sqlite" else postgresql.insert)(t.item_blocks)
    conn.execute(
        insert.on_conflict_do_update(
            index_elements=["collection_id", "block"],
            set_={"count": t.item_blocks.c.count + insert.excluded.count},
        ),
        rows,
    )


def insert(conn: Connection, collection_id: int, datas: list[dict[str, Any]],
           item_keys: Sequence[str] | None = None, texts: Sequence[str] | None = None) -> list[int]:
    """Store new items (values keyed by field id), filter columns left for later; their ids.
    `item_keys` fills the `item_key` column of tables that have one (connector collections);
    `texts`, the values' JSON (`data_texts`) when the caller made it before its transaction."""
    if not datas:
        return []
    first = _reserve(conn, collection_id, len(datas))
    seqs = list(range(first, first + len(datas)))
    p = placeholder(conn)
    rows = [[seq, text] for seq, text in zip(seqs, texts or data_texts(datas))]
    columns = "seq, data"
    if item_keys is not None:
        columns += ", item_key"
        for row, item_key in zip(rows, item_keys):
            row.append(item_key)
    marks = ", ".join([p] * (3 if item_keys is not None else 2))
    executemany_raw(conn, f'INSERT INTO "{table_name(collection_id)}" ({columns}) VALUES ({marks})', rows)
    _adjust_blocks(conn, collection_id, _run_blocks(first, len(seqs)))
    return seqs


def data_texts(datas: Sequence[dict[str, Any]]) -> list[str]:
    """The stored JSON of new items' values."""
    dumps = orjson.dumps
    return [dumps(data).decode() for data in datas]


def insert_row_order(conn: Connection, collection_id: int, id_key: str, row_key: str, first_id: int, count: int) -> None:
    """Items {id_key: "<first_id + n - 1>", row_key: "<n>"} for n in 1..count, built by the
    database itself: a sheet's row-order metadata has an item per row, as many as the sheet."""
    if count <= 0:
        return
    first = _reserve(conn, collection_id, count)
    p = placeholder(conn)
    name = table_name(collection_id)
    if conn.dialect.name == "sqlite":
        sql = (f'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {p}) '
               f'INSERT INTO "{name}" (seq, data) '
               f"SELECT {p} + i - 1, json_object({p}, CAST({p} + i - 1 AS TEXT), {p}, CAST(i AS TEXT)) FROM n")
    else:
        sql = (f'INSERT INTO "{name}" (seq, data) '
               f"SELECT {p} + i - 1, json_build_object({p}::text, ({p} + i - 1)::text, {p}::text, i::text)::text "
               f"FROM generate_series(1, {p}) AS i")
    arguments = (count, first, id_key, first_id, row_key) if conn.dialect.name == "sqlite" else (first, id_key, first_id, row_key, count)
    execute_raw(conn, sql, arguments)
    _adjust_blocks(conn, collection_id, _run_blocks(first, count))


def behind(conn: Connection) -> list[int]:
    """Collections with items whose filter columns are not computed yet (written in bulk)."""
    c = t.collections.c
    return conn.execute(sa.select(c.id).where(c.filterable_through < c.next_seq - 1).order_by(c.id)).scalars().all()


@dataclass(frozen=True, slots=True)
class ColumnChunk:
    """Filter columns computed for a run of items past `filterable_through`, not yet stored."""

    collection_id: int
    through: int  # the chunk covers the items after filterable_through up to this id
    schema_version: int  # of the fields it was computed for
    fields: tuple[FieldSpec, ...]
    rows: list[tuple]  # (text, number) per field, then the values' JSON and the id


def compute_filter_columns(conn: Connection, collection_id: int, fields: Sequence[FieldSpec], limit: int) -> ColumnChunk | None:
    """The filter columns of up to `limit` items past `filterable_through` (a read: the heavy
    part, done outside any write transaction); None when the collection is built through."""
    c = t.collections.c
    state = conn.execute(sa.select(c.filterable_through, c.next_seq, c.schema_version).where(c.id == collection_id)).first()
    if state is None or state.filterable_through >= state.next_seq - 1:
        return None
    p = placeholder(conn)
    rows = execute_raw(conn, f'SELECT seq, data FROM "{table_name(collection_id)}" WHERE seq > {p} ORDER BY seq LIMIT {p}',
                       (state.filterable_through, limit)).fetchall()
    keys = [str(field.id) for field in fields]
    through = rows[-1][0] if len(rows) == limit else state.next_seq - 1
    return ColumnChunk(collection_id, through, state.schema_version, tuple(fields),
                       [(*filter_values(orjson.loads(data), keys), data, seq) for seq, data in rows] if fields else [])


def store_filter_columns(conn: Connection, chunk: ColumnChunk) -> None:
    """Store a computed chunk and move `filterable_through` past it (a short write transaction).
    An item rewritten since it was read keeps the columns its rewrite stored (`data = ?`); a
    chunk computed for fields that have changed since is dropped (it is computed again)."""
    c = t.collections.c
    lock_collection(conn, chunk.collection_id)
    if conn.execute(sa.select(c.schema_version).where(c.id == chunk.collection_id)).scalar() != chunk.schema_version:
        return
    p = placeholder(conn)
    if chunk.rows:
        assignments = ", ".join(f"{text_column(f.id)} = {p}, {number_column(f.id)} = {p}" for f in chunk.fields)
        executemany_raw(conn, f'UPDATE "{table_name(chunk.collection_id)}" SET {assignments} '
                              f"WHERE data = {p} AND seq = {p}", chunk.rows)
    conn.execute(sa.update(t.collections).where(c.id == chunk.collection_id, c.filterable_through < chunk.through)
                 .values(filterable_through=chunk.through))


def _values_array(conn: Connection, keys: Sequence[str]) -> str:
    """SQL for a JSON array of an item's values of the fields `keys`, null where missing. JSON,
    so that a number keeps the text it was stored as (1, 1.0, "1" and true stay apart)."""
    if conn.dialect.name == "sqlite":
        paths = [f"""'$."{key}"'""" for key in keys]  # keys are field ids: digits
        if len(paths) > 1:  # with several paths json_extract answers a JSON array
            return f"json_extract(data, {', '.join(paths)})"
        return f"json_array({', '.join(f'data -> {path}' for path in paths)})"
    return f"""json_build_array({', '.join(f"data::json -> '{key}'" for key in keys)})::text"""  # json keeps the text


def unbuilt(conn: Connection, collection_id: int, built_through: int, keys: Sequence[str]) -> Iterable[tuple[int, str, str]]:
    """The items past `built_through` (without filter columns), in id order: (id, the JSON array
    of their values of the fields `keys`, their stored values' JSON)."""
    return execute_raw(conn, f'SELECT seq, {_values_array(conn, keys)}, data FROM "{table_name(collection_id)}" '
                       f"WHERE seq > {placeholder(conn)} ORDER BY seq", (built_through,))


def unbuilt_values(conn: Connection, collection_id: int, built_through: int, keys: Sequence[str]) -> Iterable[tuple[str, int]]:
    """The distinct JSON arrays of values of the fields `keys` among the items past
    `built_through`, and how many items have each: the database does the per-item work, so a
    lookup's rule runs once per distinct array."""
    return execute_raw(conn, f'SELECT v, count(*) FROM (SELECT {_values_array(conn, keys)} AS v '
                       f'FROM "{table_name(collection_id)}" WHERE seq > {placeholder(conn)}) AS unbuilt GROUP BY v',
                       (built_through,))


def rewrite(conn: Connection, collection_id: int, fields: Sequence[FieldSpec], changed: list[tuple[int, dict[str, Any]]]) -> None:
    """Replace the stored values of existing items: [(seq, data keyed by field id)]."""
    if not changed:
        return
    lock_collection(conn, collection_id)
    p = placeholder(conn)
    assignments = ["data = " + p]
    for field in fields:
        assignments += [f"{text_column(field.id)} = {p}", f"{number_column(field.id)} = {p}"]
    sql = f'UPDATE "{table_name(collection_id)}" SET {", ".join(assignments)} WHERE seq = {p}'
    keys = [str(field.id) for field in fields]
    executemany_raw(conn, sql, [(orjson.dumps(data).decode(), *filter_values(data, keys), seq) for seq, data in changed])


def get_one(conn: Connection, collection_id: int, seq: int) -> dict[str, Any] | None:
    """Stored values of one item, or None."""
    row = execute_raw(
        conn, f'SELECT data FROM "{table_name(collection_id)}" WHERE seq = {placeholder(conn)}', (seq,)
    ).fetchone()
    return None if row is None else orjson.loads(row[0])


def get_data(conn: Connection, collection_id: int, seqs: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Stored values of the given items that exist, by id, locked until the transaction ends:
    callers patch and rewrite them, and on PostgreSQL two patches of one item (say, of two of
    its fields) must not both start from the same old values. Locked in id order, so that two
    patches of overlapping items cannot deadlock (SQLite's writers are serial anyway)."""
    if not seqs:
        return {}
    lock_collection(conn, collection_id)
    table = item_table(collection_id, ())
    result: dict[int, dict[str, Any]] = {}
    seqs = sorted(set(seqs))
    for chunk_start in range(0, len(seqs), 500):
        chunk = seqs[chunk_start:chunk_start + 500]
        query = sa.select(table.c.seq, table.c.data).where(table.c.seq.in_(chunk)).order_by(table.c.seq)
        for seq, data in conn.execute(query.with_for_update()):
            result[seq] = orjson.loads(data)
    return result


def delete(conn: Connection, collection_id: int, seqs: Sequence[int]) -> int:
    """Delete the given items; how many existed."""
    lock_collection(conn, collection_id)
    table = item_table(collection_id, ())
    deleted: list[int] = []
    for chunk_start in range(0, len(seqs), 500):
        chunk = list(seqs[chunk_start:chunk_start + 500])
        deleted += conn.execute(sa.delete(table).where(table.c.seq.in_(chunk)).returning(table.c.seq)).scalars().all()
    _forget(conn, collection_id, deleted)
    return len(deleted)


def delete_all(conn: Connection, collection_id: int) -> int:
    """Delete every item of the collection; how many there were."""
    lock_collection(conn, collection_id)
    table = item_table(collection_id, ())
    count = conn.execute(sa.delete(table)).rowcount
    conn.execute(sa.delete(t.item_blocks).where(t.item_blocks.c.collection_id == collection_id))
    conn.execute(sa.update(t.collections).where(t.collections.c.id == collection_id).values(item_count=0))
    return count


def _forget(conn: Connection, collection_id: int, seqs: list[int]) -> None:
    if not seqs:
        return
    _adjust_blocks(conn, collection_id, Counter({block: -n for block, n in Counter(s >> BLOCK_BITS for s in seqs).items()}))
    c = t.collections.c
    conn.execute(sa.update(t.collections).where(c.id == collection_id).values(item_count=c.item_count - len(seqs)))


# --------------------------------------------------------------------------- reading


def seq_at(conn: Connection, collection_id: int, position: int, dense: bool) -> int | None:
    """The id of the `position`-th live item (1-based) in creation order, without scanning those before it."""
    if dense:  # no item was ever deleted: position n is id n
        return position
    b = t.item_blocks.c
    before = 0
    blocks = conn.execute(
        sa.select(b.block, b.count).where(b.collection_id == collection_id, b.count > 0).order_by(b.block)
    )
    for block, count in blocks:
        if before + count >= position:
            table = item_table(collection_id, ())
            return conn.execute(
                sa.select(table.c.seq).where(table.c.seq >= block << BLOCK_BITS)
                .order_by(table.c.seq).offset(position - before - 1).limit(1)
            ).scalar()
        before += count
    return None


def page_from(conn: Connection, collection_id: int, first_seq: int, limit: int) -> list[tuple[int, dict[str, Any]]]:
    """Up to `limit` items from item id `first_seq` on: (id, values by field id)."""
    table = item_table(collection_id, ())
    rows = conn.execute(
        sa.select(table.c.seq, table.c.data).where(table.c.seq >= first_seq).order_by(table.c.seq).limit(limit)
    )
    return [(seq, orjson.loads(data)) for seq, data in rows]


def page_where(conn: Connection, table: sa.Table, where: sa.ColumnElement[bool], offset: int, limit: int) -> list[tuple[int, dict[str, Any]]]:
    """One page of the items matching `where`, in id order."""
    rows = conn.execute(
        sa.select(table.c.seq, table.c.data).where(where).order_by(table.c.seq).offset(offset).limit(limit)
    )
    return [(seq, orjson.loads(data)) for seq, data in rows]


def count_where(conn: Connection, table: sa.Table, where: sa.ColumnElement[bool]) -> int:
    """How many items match `where`."""
    return conn.execute(sa.select(sa.func.count()).select_from(table).where(where)).scalar_one()


def all_where(conn: Connection, table: sa.Table, where: sa.ColumnElement[bool]) -> list[tuple[int, dict[str, Any]]]:
    """Every item matching `where`, in id order."""
    rows = conn.execute(sa.select(table.c.seq, table.c.data).where(where).order_by(table.c.seq))
    return [(seq, orjson.loads(data)) for seq, data in rows]
