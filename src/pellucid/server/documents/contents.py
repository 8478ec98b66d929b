"""The Document Content resource of seed 002 ("Document Contents") from the model. I/O-free.

Exactly the documented fields, quirks included: linked data's `collection_id` in snake case,
text areas as `{"label", "text"}` with plain text (formatting removed, formulas evaluated, see
`linked.py`), line endpoints as `{"style", "connectedTo"}`. No positions, sizes or formatting:
the resource carries none. Arrays are always present.

A version is shown once, when it is stored (`Shown`): its pages as JSON with no linked rows,
and the few items whose links bring rows when it is read. A read splices that JSON into the
resource, and re-renders only the linked items whose rows exist, so contents of thousands of
items cost a read of their bytes rather than a rebuild of the model.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

import orjson

from .linked import Rows, custom_data, evaluated
from .model import (
    Collection,
    Content,
    DataPair,
    Endpoint,
    Item,
    Line,
    LineText,
    LinkRef,
    Page,
    Shape,
    TextArea,
)
from .text import evaluate_formulas, lookup_in, plain

FORMAT = 1  # of what `Shown.stored` writes; a version stored with another is shown again from its model

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


def _pairs(pairs: list[DataPair]) -> list[dict[str, str]]:
    return [{"key": pair.key, "value": pair.value} for pair in pairs] if pairs else []


def _linked(links: list[LinkRef], rows: Rows) -> list[dict[str, Any]]:
    out = []
    for link in links:
        row = rows.get((link.collection, link.key))
        if row is not None:  # a link whose row is gone shows nothing
            out.append({"collection_id": link.collection, "data": _pairs(row), "primaryKeyValue": link.key})
    return out


def _endpoint(endpoint: Endpoint) -> dict[str, Any]:
    style = ENDPOINT_STYLES.get(endpoint.style, endpoint.style)
    return {"style": style, "connectedTo": endpoint.target if endpoint.kind != "position" else None}


def _shape_text_areas(areas: list[TextArea]) -> list[dict[str, str]]:
    """One per non-empty text, under its own label ("Text", "Lane 1", "Cell 0,1")."""
    return [{"label": area.label, "text": text} for area in areas if (text := plain(area.html))] if areas else []


def _line_text_areas(texts: list[LineText]) -> list[dict[str, str]]:
    """One per non-empty label along the line: "Text", "Text 2", ..."""
    if not texts:
        return []
    shown = [text for text in (plain(t.html) for t in texts) if text]
    return [{"label": "Text" if n == 1 else f"Text {n}", "text": text} for n, text in enumerate(shown, 1)]


def page_json(page: Page, index: int) -> dict[str, Any]:
    """The page as shown with no linked rows (`_with_rows` shows them)."""
    shapes = [{"id": shape.id, "class": shape.class_name, "textAreas": _shape_text_areas(shape.text_areas),
               "customData": _pairs(custom_data(shape, page)), "linkedData": []} for shape in page.shapes]
    lines = [{"id": line.id, "endpoint1": _endpoint(line.endpoint1), "endpoint2": _endpoint(line.endpoint2),
              "textAreas": _line_text_areas(line.texts), "customData": _pairs(line.custom_data), "linkedData": []}
             for line in page.lines]
    groups = [{"id": group.id, "members": list(group.members), "customData": _pairs(group.custom_data),
               "linkedData": []} for group in page.groups]
    layers = [{"id": layer.id, "name": layer.name, "members": list(layer.members),
               "customData": _pairs(layer.custom_data), "linkedData": []} for layer in page.layers]
    return {"id": page.id, "title": page.title, "index": index,
            "items": {"shapes": shapes, "lines": lines, "groups": groups, "layers": layers},
            # The page's pairs, global ones too (the spec's TV2): `global` only copies them onto shapes.
            "customData": _pairs(page.custom_data + page.global_data), "linkedData": []}


def collections_json(collections: list[Collection]) -> list[dict[str, Any]]:
    """Data collections as a document's contents lists them: id, name, primary key."""
    return [{"id": c.id, "name": c.name, "primaryKey": list(c.primary_key)} for c in collections]


@dataclass
class Shown:
    """A content version as the resource shows it without linked rows: `pages` (JSON), the
    content's collections, and for each item with links where it is in `pages`, its links,
    and its texts when they hold formulas (a linked row's values come first in them)."""

    pages: bytes
    collections: list[Collection] = field(default_factory=list)
    linked: list[dict[str, Any]] = field(default_factory=list)  # {"at": [page, kind, index], "links", "texts"?}

    def links(self) -> Iterable[LinkRef]:
        """Every (collection, key) the document's data-linked shapes refer to."""
        return (LinkRef(collection, key) for entry in self.linked for collection, key in entry["links"])

    def stored(self) -> bytes:
        """Everything but `pages`, for the version's row."""
        return orjson.dumps({"format": FORMAT, "collections": [asdict(c) for c in self.collections],
                             "linked": self.linked})

    @classmethod
    def from_stored(cls, pages: bytes, stored: bytes) -> Shown | None:
        """None when `stored` was written in another format."""
        raw = orjson.loads(stored)
        if raw.get("format") != FORMAT:
            return None
        return cls(pages, [Collection(**c) for c in raw["collections"]], raw["linked"])


def shown(content: Content) -> Shown:
    """The version as shown with no linked rows: formulas read custom data only."""
    pages = [page_json(page, index) for index, page in enumerate(evaluated(content, {}).pages)]
    linked = []
    for index, page in enumerate(content.pages):
        for kind, items in (("shapes", page.shapes), ("lines", page.lines), ("groups", page.groups),
                            ("layers", page.layers)):
            for position, item in enumerate(items):
                if item.linked:
                    linked.append(_linked_entry(item, [index, kind, position]))
    return Shown(orjson.dumps(pages), list(content.collections), linked)


def _linked_entry(item: Item, at: list) -> dict[str, Any]:
    entry: dict[str, Any] = {"at": at, "links": [[link.collection, link.key] for link in item.linked]}
    if isinstance(item, Shape):
        texts = [[area.label, area.html] for area in item.text_areas]
    else:
        texts = [[None, text.html] for text in item.texts] if isinstance(item, Line) else []
    if any("{{" in html for _, html in texts):
        entry["texts"] = texts
    return entry


def _with_rows(pages: list[dict[str, Any]], linked: list[dict[str, Any]], rows: Rows) -> None:
    """Show the linked items' rows in `pages` (JSON), their formulas evaluated with them."""
    for entry in linked:
        links = [LinkRef(collection, key) for collection, key in entry["links"]]
        shown_rows = _linked(links, rows)
        if not shown_rows:
            continue  # no row: shown as stored
        page, kind, position = entry["at"]
        item = pages[page]["items"][kind][position]
        item["linkedData"] = shown_rows
        if "texts" in entry:
            first = {pair.key: pair.value for pair in rows.get((links[0].collection, links[0].key), ())}
            lookup = lookup_in(first, {pair["key"]: pair["value"] for pair in item["customData"]})
            texts = [(label, evaluate_formulas(html, lookup)) for label, html in entry["texts"]]
            item["textAreas"] = (_line_text_areas([LineText(html) for _, html in texts]) if kind == "lines"
                                 else _shape_text_areas([TextArea(label, html) for label, html in texts]))


def resource(document_id: str, title: str, product: str, version: Shown, rows: Rows,
             other_collections: list[dict[str, Any]]) -> bytes:
    """The Document Content resource (JSON) of a shown version and the rows its links name;
    `other_collections` are collections on the document from elsewhere (data connectors)."""
    pages = version.pages
    if rows:
        shown_pages = orjson.loads(pages)
        _with_rows(shown_pages, version.linked, rows)
        pages = orjson.dumps(shown_pages)
    head = orjson.dumps({"id": document_id, "title": title, "product": product})
    data = orjson.dumps({"collections": collections_json(version.collections) + other_collections})
    return b"".join((head[:-1], b',"pages":', pages, b',"data":', data, b"}"))
