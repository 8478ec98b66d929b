"""Linked data: the Data Service rows a document's items link to, read whenever the document is
read (so edits to the data show in contents and renders), and text formulas evaluated with them.

A link (`LinkRef`) names a collection of the document and a key; the document's `Collection`
says which Data Service collection holds the rows, and a row matches when its primary key (the
fields marked primary, else the first field) formats to the key.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable

from sqlalchemy.engine import Connection

from pellucid.protocol.jsjson import js_number, stringify
from pellucid.protocol.keys import format_key

from ..store import fields, items
from .model import Collection, Content, DataPair, Item, Line, LinkRef, Page, Shape
from .text import evaluate_formulas, lookup_in

Rows = dict[tuple[str, str], list[DataPair]]  # (collection id of the document, key) -> the row's cells
ALL_ROWS = 10**9  # a document's collections are read whole (Standard Import caps its CSVs at 1 MB)


def cell_text(value: Any) -> str:
    """A cell as contents shows it: text as is, numbers as JavaScript prints them, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return js_number(value)
    return stringify(value)


def _items(page: Page) -> Iterable[Item]:
    yield from page.shapes
    yield from page.lines
    yield from page.groups
    yield from page.layers


def linked_rows(conn: Connection, collections: Iterable[Collection], links: Iterable[LinkRef]) -> Rows:
    """The row of every link that resolves to a row of the Data Service through `collections`
    (a content's)."""
    wanted: dict[str, set[str]] = {}
    for link in links:
        wanted.setdefault(link.collection, set()).add(link.key)
    rows: Rows = {}
    for collection in collections:
        keys = wanted.get(collection.id)
        if keys and collection.data_collection_id is not None:
            for key, row in _rows_by_key(conn, collection.data_collection_id, keys):
                rows[(collection.id, key)] = row
    return rows


def _rows_by_key(conn: Connection, data_collection_id: int, keys: set[str]) -> Iterable[tuple[str, list[DataPair]]]:
    schema = sorted(fields.list_for(conn, data_collection_id), key=lambda f: (f.ordinal, f.id))
    if not schema:  # the collection was deleted from the Data Service
        return
    primary = [f for f in schema if f.is_primary] or schema[:1]
    primary_ids = [str(f.id) for f in primary]
    columns = [(f.name, str(f.id)) for f in schema]
    for _seq, data in items.page_from(conn, data_collection_id, 1, ALL_ROWS):
        values = [data.get(field_id) for field_id in primary_ids]
        key = cell_text(values[0]) if len(values) == 1 else format_key(values)
        if key in keys:
            keys.discard(key)  # the first row with a key wins
            yield key, [DataPair(name, cell_text(data.get(field_id))) for name, field_id in columns]


def custom_data(item: Item, page: Page) -> list[DataPair]:
    """An item's pairs; shapes also inherit the page's `global` pairs whose key they lack."""
    if not page.global_data or not isinstance(item, Shape):
        return item.custom_data
    own = {pair.key for pair in item.custom_data}
    return item.custom_data + [pair for pair in page.global_data if pair.key not in own]


def evaluated(content: Content, rows: Rows) -> Content:
    """The content with each text's `{{=@'Field'}}` formulas replaced by the item's first linked
    row's value, else its custom data's; unchanged items are shared, not copied."""
    pages = []
    for page in content.pages:
        shapes = [_evaluated_shape(shape, page, rows) for shape in page.shapes]
        lines = [_evaluated_line(line, page, rows) for line in page.lines]
        pages.append(replace(page, shapes=shapes, lines=lines))
    return replace(content, pages=pages)


def _lookup(item: Item, page: Page, rows: Rows):
    first = rows.get((item.linked[0].collection, item.linked[0].key), []) if item.linked else []
    return lookup_in({pair.key: pair.value for pair in first},
                     {pair.key: pair.value for pair in custom_data(item, page)})


def _evaluated_shape(shape: Shape, page: Page, rows: Rows) -> Shape:
    if not any("{{" in area.html for area in shape.text_areas):
        return shape
    lookup = _lookup(shape, page, rows)
    return replace(shape, text_areas=[replace(area, html=evaluate_formulas(area.html, lookup))
                                      for area in shape.text_areas])


def _evaluated_line(line: Line, page: Page, rows: Rows) -> Line:
    if not any("{{" in text.html for text in line.texts):
        return line
    lookup = _lookup(line, page, rows)
    return replace(line, texts=[replace(text, html=evaluate_formulas(text.html, lookup)) for text in line.texts])


def with_linked_values(conn: Connection, content: Content) -> Content:
    """The content as a reader sees it: formulas in text evaluated against the linked rows."""
    links = (link for page in content.pages for item in _items(page) for link in item.linked)
    return evaluated(content, linked_rows(conn, content.collections, links))
