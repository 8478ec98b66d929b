"""CSV text read into a collection's schema and items, and a data source made from it: what the
MCP tool `create_data_source_from_csv` and `pellucid data import-csv` share.

Row 1 names the fields. A column whose every value is a number becomes a NUMBER field (its
values numbers), `true`/`false` columns BOOLEAN, everything else STRING; empty cells are left
out of the item. The first column is the primary key when its values are present and unique.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pellucid.sdk import AsyncLucid, LucidError
from pellucid.sdk.models.data import Collection, DataSource

MAX_BYTES = 1024 * 1024  # Standard Import's data/ limit, and plenty for a chat
MAX_ROWS = 10_000
MAX_COLUMNS = 100
CHUNK = 500  # items per request: a bounded body, and a progress step


class CsvError(ValueError):
    """The CSV cannot become a collection; the message says where and why."""


@dataclass(frozen=True)
class Table:
    fields: list[tuple[str, str]]  # (name, fieldType)
    primary_key: list[str]
    items: list[dict[str, Any]]

    def schema(self) -> list[dict[str, Any]]:
        """The fields as a collection `schema` body; the primary key fields are marked."""
        return [{"name": name, "fieldType": kind, "isPrimary": name in self.primary_key} for name, kind in self.fields]


def _number(text: str) -> float | int | None:
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() and "." not in text and "e" not in text.lower() else value


def _kind(values: list[str]) -> str:
    present = [v for v in values if v != ""]
    if present and all(_number(v) is not None for v in present):
        return "NUMBER"
    if present and all(v.lower() in ("true", "false") for v in present):
        return "BOOLEAN"
    return "STRING"


def _value(text: str, kind: str) -> Any:
    if kind == "NUMBER":
        return _number(text)
    if kind == "BOOLEAN":
        return text.lower() == "true"
    return text


def read(text: str, *, max_bytes: int | None = MAX_BYTES, max_rows: int | None = MAX_ROWS) -> Table:
    """The table of a CSV; None lifts a limit (a file on the user's disk is not a chat message)."""
    if max_bytes is not None and len(text.encode()) > max_bytes:
        raise CsvError(f"The CSV is larger than {max_bytes} bytes.")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise CsvError("The CSV is empty: row 1 must name the fields.")
    header = [name.strip() for name in rows[0]]
    if len(header) > MAX_COLUMNS:
        raise CsvError(f"The CSV has {len(header)} columns; at most {MAX_COLUMNS}.")
    if any(not name for name in header):
        raise CsvError(f"Row 1 must name every column; column {header.index('') + 1} has no name.")
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise CsvError(f"Row 1 names a column twice: {', '.join(duplicates)}.")
    body = rows[1:]
    if max_rows is not None and len(body) > max_rows:
        raise CsvError(f"The CSV has {len(body)} rows; at most {max_rows}.")
    for number, row in enumerate(body, start=2):
        if len(row) > len(header):
            raise CsvError(f"Row {number} has {len(row)} cells but row 1 names {len(header)} fields.")
    columns = [[row[i].strip() if i < len(row) else "" for row in body] for i in range(len(header))]
    kinds = [_kind(column) for column in columns]
    first = columns[0]
    unique = all(first) and len(set(first)) == len(first)
    items = [
        {name: _value(columns[i][r], kinds[i]) for i, name in enumerate(header) if columns[i][r] != ""}
        for r in range(len(body))
    ]
    return Table(list(zip(header, kinds)), [header[0]] if unique and body else [], items)


async def create_data_source(client: AsyncLucid, name: str, table: Table,
                             on_items: Callable[[int], None] = lambda count: None) -> tuple[DataSource, Collection]:
    """A data source named `name` with one collection of the table's items, sent CHUNK at a time
    (`on_items(count)` after each). Each request is its own write, so a failure part-way deletes
    the data source again before the error goes on."""
    source = await client.data.data_sources.create(name, adapter_type="DATA_API")
    try:
        collection = await client.data.collections.create(source, name, schema=table.schema())
        for start in range(0, len(table.items), CHUNK):
            chunk = table.items[start:start + CHUNK]
            await client.data.items.create(collection, chunk)
            on_items(len(chunk))
    except LucidError:
        await client.data.data_sources.delete(source)
        raise
    return source, collection
