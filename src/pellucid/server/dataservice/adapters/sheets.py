"""Write `Sheet`s into collections: the collection, its items and its metadata collections.

One function creates a tab's collection, one overwrites an existing collection in place (its id
stays; items and adapter metadata collections are replaced). Both run inside the caller's
transaction, so an import is all or nothing.
"""

from __future__ import annotations

from typing import Any, Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from ...gcpause import gc_paused
from ...store import collections, datasources, fields, items, properties
from ...store import tables as t
from ...store.db import now_ms
from .. import guards
from . import columns
from .model import ADAPTER_KINDS, CELL_KINDS, SHEET_ORDER, Sheet

STRING = "STRING"
ROW = "row"


def _schema(names: list[str]) -> list[dict[str, Any]]:
    return [{"name": name, "fieldType": STRING, "order": order} for order, name in enumerate(names, 1)]


def _properties(sheet: Sheet) -> dict[str, Any]:
    if not sheet.spreadsheet:
        return {}
    return {"DefaultColor": sheet.default_color, "DefaultTextColor": sheet.default_text_color}


def create(conn: Connection, data_source_id: int, sheet: Sheet) -> Row:
    """A new collection named after the tab, with items and metadata collections."""
    row = collections.create(
        conn, data_source_id=data_source_id, name=sheet.title,
        schema=_schema(columns.labels(sheet.width)), props=_properties(sheet),
    )
    _fill(conn, row, sheet)
    return row


def overwrite(conn: Connection, row: Row, sheet: Sheet, *, exact_schema: bool) -> None:
    """Replace the collection's items and adapter metadata with the sheet's.

    Missing column fields are added; with `exact_schema` (Excel, Google Sheets: "as though the
    data source had been created") fields that are not columns of the sheet are removed too.
    """
    labels = columns.labels(sheet.width)
    wanted = set(labels)
    present = {field.name: field for field in fields.list_for(conn, row.id)}
    for order, name in enumerate(labels, 1):
        if name not in present:
            fields.create(conn, row.id, name=name, field_type=STRING, order=order)
    if exact_schema:
        for name, field in present.items():
            if name not in wanted:
                fields.delete(conn, field)
    items.delete_all(conn, row.id)
    for child in collections.children(conn, row.id):
        if child.metadata_type in ADAPTER_KINDS:
            collections.delete(conn, child.id)
    properties.upsert(conn, t.collection_properties, row.id, _properties(sheet))
    _fill(conn, row, sheet)
    conn.execute(sa.update(t.collections).where(t.collections.c.id == row.id).values(last_sync=now_ms()))
    collections.touch(conn, row.id)
    datasources.touch(conn, row.data_source_id)


def _fill(conn: Connection, row: Row, sheet: Sheet) -> None:
    with gc_paused():
        _fill_items(conn, row, sheet)


def _fill_items(conn: Connection, row: Row, sheet: Sheet) -> None:
    specs = fields.specs(fields.list_for(conn, row.id))
    keys = {spec.name: str(spec.id) for spec in specs}
    column_keys = [keys[name] for name in columns.labels(sheet.width)]
    datas = [
        {key: value for key, value in zip(column_keys, cells) if value is not None and value != ""}
        for cells in sheet.rows
    ]
    seqs = items.insert(conn, row.id, datas)
    if sheet.spreadsheet:
        names = [spec.name for spec in specs]
        for kind in CELL_KINDS:
            _metadata(conn, row, kind, [ROW, *names], {"InheritsSchemaChanges": "true"},
                      _cell_entries(sheet.cells.get(kind, {}), [columns.label(i) for i in range(sheet.width)]))
    order = _metadata(conn, row, SHEET_ORDER, ["id", ROW], {}, [])
    keys = {spec.name: str(spec.id) for spec in fields.specs(fields.list_for(conn, order.id))}
    items.insert_row_order(conn, order.id, keys["id"], keys[ROW], seqs[0] if seqs else 1, len(seqs))


def _cell_entries(by_row: dict[int, dict[int, str]], labels: list[str]) -> list[dict[str, str]]:
    entries = []
    for number in sorted(by_row):
        entry = {ROW: str(number)}
        for column, value in sorted(by_row[number].items()):
            entry[labels[column]] = value
        entries.append(entry)
    return entries


def _metadata(conn: Connection, parent: Row, kind: str, names: list[str], props: dict[str, Any],
              entries: list[dict[str, str]]) -> Row:
    child = collections.create(
        conn, data_source_id=parent.data_source_id, name=kind, schema=_schema(names), props=props,
        parent_id=parent.id, metadata_type=kind,
    )
    specs = fields.specs(fields.list_for(conn, child.id))
    keys = {spec.name: str(spec.id) for spec in specs}
    items.insert(conn, child.id, [{keys[name]: value for name, value in entry.items()} for entry in entries])
    return child


def sync(conn: Connection, data_source_id: int, tabs: list[Sheet], *, keep: Callable[[Row], bool] = lambda row: False) -> None:
    """Make the source's collections match the tabs by name: overwrite matches in place (ids stay),
    create the new ones, delete the other collections unless `keep` says otherwise."""
    existing = collections.of_source(conn, data_source_id)
    by_name: dict[str, Row] = {}
    for row in existing:
        by_name.setdefault(row.name, row)
    matched: set[int] = set()
    for sheet in tabs:
        row = by_name.get(sheet.title)
        if row is None:
            create(conn, data_source_id, sheet)
        else:
            overwrite(conn, guards.unlocked(row), sheet, exact_schema=True)
            matched.add(row.id)
    for row in existing:
        if row.id not in matched and not keep(row):
            collections.delete(conn, row.id)
    datasources.touch(conn, data_source_id)
