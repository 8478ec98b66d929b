"""Standard Import documents whose shapes are linked to the items of a collection: a table, a
grid of cards, or an org chart. I/O-free.

The items travel in the `.lucid` file as a CSV under `data/` (first column: the key), so the
import gives the document its own linked copy in the Data Service. Shape text is
`{{=@'Field'}}` formulas, which show the linked row's values.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any, Literal

from pellucid.protocol.standard_import import key_text

Kind = Literal["table", "cards", "org_chart"]
COLLECTION = "items"
DATA_FILE = "items.csv"
CELL_W, CELL_H, CARD_W, CARD_H, GAP, MARGIN = 160, 36, 220, 110, 30, 40
HEADER_FILL, CARD_FILL = "#DCE6F2", "#FFFFFF"


@dataclass(frozen=True)
class Rows:
    """A collection's items as CSV rows: `columns[0]` is the key column."""

    columns: list[str]
    rows: list[list[str]]

    def csv(self) -> list[list[str]]:
        """The header row followed by the item rows."""
        return [self.columns, *self.rows]


def rows_of(items: list[dict[str, Any]], key: str, fields: list[str]) -> Rows:
    """Key first, then `fields`; values as text (numbers like 3.0 as "3")."""
    columns = [key, *[f for f in fields if f != key]]
    text = [["" if item.get(c) is None else key_text(item[c]) for c in columns] for item in items]
    return Rows(columns, text)


def formula(field: str) -> str:
    """A Lucid formula showing the item's `field`, quoted whichever way the name allows."""
    quote = '"' if "'" in field else "'"
    return html.escape(f"{{{{=@{quote}{field}{quote}}}}}", quote=False)


def _box(x: float, y: float, w: float, h: float) -> dict[str, float]:
    return {"x": x, "y": y, "w": w, "h": h}


def _linked(key: str) -> list[dict[str, str]]:
    return [{"collectionId": COLLECTION, "key": key}]


def table(rows: Rows) -> list[dict[str, Any]]:
    """A header row, then one row of cells per item, each cell linked to its item."""
    shapes = [{"id": f"h{c}", "type": "rectangle", "boundingBox": _box(MARGIN + c * CELL_W, MARGIN, CELL_W, CELL_H),
               "text": f"<b>{html.escape(name)}</b>", "style": {"fill": {"type": "color", "color": HEADER_FILL}}}
              for c, name in enumerate(rows.columns)]
    for r, row in enumerate(rows.rows):
        y = MARGIN + (r + 1) * CELL_H
        shapes += [{"id": f"r{r}c{c}", "type": "rectangle", "boundingBox": _box(MARGIN + c * CELL_W, y, CELL_W, CELL_H),
                    "text": formula(name), "linkedData": _linked(row[0])} for c, name in enumerate(rows.columns)]
    return shapes


def cards(rows: Rows, label: str) -> list[dict[str, Any]]:
    """One card per item in a near-square grid: the label in bold, the other fields below."""
    per_row = max(1, math.ceil(math.sqrt(len(rows.rows))))
    others = [c for c in rows.columns if c != label][:5]
    text = f"<b>{formula(label)}</b>" + "".join(f"<br>{html.escape(c)}: {formula(c)}" for c in others)
    return [{"id": f"card{i}", "type": "rectangle", "text": text, "linkedData": _linked(row[0]),
             "boundingBox": _box(MARGIN + (i % per_row) * (CARD_W + GAP), MARGIN + (i // per_row) * (CARD_H + GAP),
                                 CARD_W, CARD_H),
             "style": {"fill": {"type": "color", "color": CARD_FILL}, "rounding": 12}}
            for i, row in enumerate(rows.rows)]


def org_chart(rows: Rows, label: str, parent: str, role: str | None) -> dict[str, Any]:
    """Lucid's data-backed org chart: the import lays out one card per item as a tree."""
    chart = {"type": "orgChart", "position": {"x": MARGIN, "y": MARGIN}, "collectionId": COLLECTION,
             "idField": rows.columns[0], "foreignKeyField": parent, "nameField": label}
    if role:
        chart["roleField"] = role
    return chart


def document(kind: Kind, title: str, rows: Rows, label: str, parent: str | None, role: str | None) -> dict[str, Any]:
    """A one-page Standard Import document that lays out the rows as `kind`."""
    page: dict[str, Any] = {"id": "p1", "title": title[:100] or "Page 1"}
    if kind == "table":
        page["shapes"] = table(rows)
    elif kind == "cards":
        page["shapes"] = cards(rows, label)
    else:
        page["dataBackedShapes"] = [org_chart(rows, label, parent or "", role)]
    return {"version": 1, "pages": [page], "collections": [{"id": COLLECTION, "dataSource": DATA_FILE}]}
