"""The Document Content resource of seed 002 ("Document Contents") from the model. I/O-free.

Exactly the documented fields, quirks included: linked data's `collection_id` in snake case,
text areas as `{"label", "text"}` with plain text (formatting removed, formulas evaluated by
the caller, see `linked.py`), line endpoints as `{"style", "connectedTo"}`. No positions, sizes
or formatting: the resource carries none. Arrays are always present.
"""

from __future__ import annotations

from typing import Any, Iterable

from .linked import Rows, custom_data
from .model import Content, DataPair, Endpoint, Item, LineText, LinkRef, Page, TextArea
from .text import plain

# Standard Import endpoint styles -> the names contents shows (Lucid's own, per jgraph's importer).
_ERD = "CFN ERD "
ENDPOINT_STYLES = {
    "none": "None", "arrow": "Arrow", "hollowArrow": "Hollow Arrow", "openArrow": "Open Arrow",
    "aggregation": "Aggregation", "composition": "Composition", "generalization": "Generalization",
    "async1": "Asynch1", "async2": "Asynch2",
    "zeroOrMore": _ERD + "Zero Or More Arrow", "oneOrMore": _ERD + "One Or More Arrow",
    "many": _ERD + "Many Arrow", "exactlyOne": _ERD + "Exactly One Arrow",
    "zeroOrOne": _ERD + "Zero Or One Arrow", "one": _ERD + "One Arrow",
    "closedCircle": "Closed Circle", "openCircle": "Open Circle", "closedSquare": "Closed Square",
    "openSquare": "Open Square", "nesting": "Nesting", "bpmnConditional": "BPMN Conditional",
    "bpmnDefault": "BPMN Default",
}


def _pairs(pairs: Iterable[DataPair]) -> list[dict[str, str]]:
    return [{"key": pair.key, "value": pair.value} for pair in pairs]


def _linked(links: list[LinkRef], rows: Rows) -> list[dict[str, Any]]:
    out = []
    for link in links:
        row = rows.get((link.collection, link.key))
        if row is not None:  # a link whose row is gone shows nothing
            out.append({"collection_id": link.collection, "data": _pairs(row), "primaryKeyValue": link.key})
    return out


def _data(item: Item, page: Page, rows: Rows) -> tuple[list, list]:
    return _pairs(custom_data(item, page)), _linked(item.linked, rows) if item.linked else []


def _endpoint(endpoint: Endpoint) -> dict[str, Any]:
    style = ENDPOINT_STYLES.get(endpoint.style, endpoint.style)
    return {"style": style, "connectedTo": endpoint.target if endpoint.kind != "position" else None}


def _shape_text_areas(areas: list[TextArea]) -> list[dict[str, str]]:
    """One per non-empty text, under its own label ("Text", "Lane 1", "Cell 0,1")."""
    return [{"label": area.label, "text": text} for area in areas if (text := plain(area.html))]


def _line_text_areas(texts: list[LineText]) -> list[dict[str, str]]:
    """One per non-empty label along the line: "Text", "Text 2", ..."""
    shown = [text for text in (plain(t.html) for t in texts) if text]
    return [{"label": "Text" if n == 1 else f"Text {n}", "text": text} for n, text in enumerate(shown, 1)]


def page_json(page: Page, index: int, rows: Rows) -> dict[str, Any]:
    shapes = []
    for shape in page.shapes:
        pairs, linked = _data(shape, page, rows)
        shapes.append({"id": shape.id, "class": shape.class_name,
                       "textAreas": _shape_text_areas(shape.text_areas),
                       "customData": pairs, "linkedData": linked})
    lines = []
    for line in page.lines:
        pairs, linked = _data(line, page, rows)
        lines.append({"id": line.id, "endpoint1": _endpoint(line.endpoint1), "endpoint2": _endpoint(line.endpoint2),
                      "textAreas": _line_text_areas(line.texts),
                      "customData": pairs, "linkedData": linked})
    groups = []
    for group in page.groups:
        pairs, linked = _data(group, page, rows)
        groups.append({"id": group.id, "members": list(group.members), "customData": pairs, "linkedData": linked})
    layers = []
    for layer in page.layers:
        pairs, linked = _data(layer, page, rows)
        layers.append({"id": layer.id, "name": layer.name, "members": list(layer.members),
                       "customData": pairs, "linkedData": linked})
    return {"id": page.id, "title": page.title, "index": index,
            "items": {"shapes": shapes, "lines": lines, "groups": groups, "layers": layers},
            # The page's pairs, global ones too (the spec's TV2): `global` only copies them onto shapes.
            "customData": _pairs(page.custom_data + page.global_data), "linkedData": []}


def collections_json(content: Content) -> list[dict[str, Any]]:
    return [{"id": c.id, "name": c.name, "primaryKey": list(c.primary_key)} for c in content.collections]


def resource(document_id: str, title: str, product: str, content: Content, rows: Rows,
             other_collections: list[dict[str, Any]]) -> dict[str, Any]:
    """The Document Content resource; `content` has its formulas evaluated already, and
    `other_collections` are collections on the document from elsewhere (data connectors)."""
    return {"id": document_id, "title": title, "product": product,
            "pages": [page_json(page, index, rows) for index, page in enumerate(content.pages)],
            "data": {"collections": collections_json(content) + other_collections}}
