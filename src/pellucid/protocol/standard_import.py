"""Lucid's Standard Import (`.lucid`): the validation of its `document.json`, I/O-free, so an SDK,
an MCP server or a CI step can check a file without a server.

`validate(document)` returns every problem as a `Problem(path, message)`, where `path` reads like
`pages[0].shapes[3].id`: structure and types, IDs (1-36 of `[A-Za-z0-9-_.~]`, one namespace
for shapes, lines, groups and layers, another for pages), references (endpoints, groups and
layers name items of their own page; actions name known pages and layers), enum values, ranges
and limits. With the container's file listing (`images`, `data`) it also checks image refs,
`dataSource` files and linked keys. Unknown properties are ignored, as Lucid does.
Numbers may be written as numeric strings (`"x": "100"`, as one of Lucid's examples does).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DataTable", "Limits", "Problem", "SHAPE_TYPES", "as_number", "key_text", "validate"]

FORMAT_VERSION = 1
ID_PATTERN = re.compile(r"[A-Za-z0-9\-_.~]{1,36}")
COLOR_PATTERN = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
UUID_PATTERN = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

CONTAINER_TYPES = frozenset({
    "rectangleContainer", "roundedRectangleContainer", "circleContainer", "diamondContainer", "pillContainer",
    "braceContainer", "bracketContainer", "swimLanes", "sparkContainer", "sparkFrame",
})
SHAPE_TYPES = frozenset({
    # standard
    "rectangle", "text", "image", "stickyNote", "hotspot",
    # shape library
    "circle", "cloud", "diamond", "doubleArrow", "hexagon", "isoscelesTriangle", "octagon", "pentagon",
    "rightTriangle", "cross", "flexiblePolygon", "polyStar", "singleArrow",
    # flowchart
    "process", "decision", "terminator", "data", "database", "document", "multipleDocuments",
    "predefinedProcess", "storedData", "internalStorage", "manualInput", "manualOperation", "preparation",
    "display", "delay", "merge", "connector", "note", "offPageLink", "paperTape", "directAccessStorage", "or",
    "summingJunction", "braceNote",
    # table, Lucidspark
    "table", "freehandDrawing", "sparkCalloutSquare",
}) | CONTAINER_TYPES
LINE_TYPES = frozenset({"straight", "elbow", "curved"})
ENDPOINT_TYPES = frozenset({"shapeEndpoint", "lineEndpoint", "positionEndpoint"})
ENDPOINT_STYLES = frozenset({
    "none", "arrow", "hollowArrow", "openArrow", "aggregation", "composition", "generalization", "async1",
    "async2", "zeroOrMore", "oneOrMore", "many", "exactlyOne", "zeroOrOne", "one", "closedCircle", "openCircle",
    "closedSquare", "openSquare", "nesting", "bpmnConditional", "bpmnDefault",
})
STROKE_STYLES = frozenset({"solid", "dashed", "dotted"})
IMAGE_SCALES = frozenset({"fit", "fill", "stretch", "original", "tile"})
TEXT_SIDES = frozenset({"top", "middle", "bottom"})
PAGE_SIZES = frozenset({"letter", "legal", "executive", "a3", "a4", "a5", "tabloid", "folio", "statement", "custom"})
PAGE_FORMATS = frozenset({"portrait", "landscape"})
ARROW_ORIENTATIONS = frozenset({"right", "left", "up", "down"})
LAYER_ACTIONS = frozenset({"hideLayer", "showLayer", "toggleLayer"})
ACTION_TYPES = frozenset({"gotoDocument", "gotoPage", "url"}) | LAYER_ACTIONS
DATA_BACKED_TYPES = frozenset({"orgChart"})
MAX_PAGE_SIDE = 20_000


@dataclass(frozen=True, slots=True)
class Problem:
    path: str  # e.g. "pages[0].shapes[1].id"
    message: str

    def to_json(self) -> dict[str, str]:
        """The problem as tools report it: where, and what is wrong."""
        return {"path": self.path, "message": self.message}


@dataclass(frozen=True, slots=True)
class Limits:
    max_pages: int = 500
    max_items: int = 100_000  # shapes, lines, groups and layers of the whole document
    max_problems: int = 100  # validation stops after this many


@dataclass(frozen=True, slots=True)
class DataTable:
    """A CSV of the container's `data/` folder: its columns and its keys (first column's values)."""

    columns: tuple[str, ...]
    keys: frozenset[str] = field(default_factory=frozenset)


def as_number(value: Any) -> float | None:
    """A JSON number, or a numeric string ("100"); None for anything else (booleans included)."""
    kind = value.__class__
    if kind is int or kind is float:
        return value
    if kind is str:
        try:
            number = float(value)
        except ValueError:
            return None
        return number if number == number and abs(number) != float("inf") else None
    return None


def _plain_numbers(parent: dict, first: str, second: str, low: float | None = None, high: float | None = None) -> bool:
    """Both keys hold JSON numbers within the range: nothing to report, nothing to look at closely."""
    a, b = parent.get(first), parent.get(second)
    if not (a.__class__ in _NUMBER_CLASSES and b.__class__ in _NUMBER_CLASSES):
        return False
    return (low is None or (a >= low and b >= low)) and (high is None or (a <= high and b <= high))


_NUMBER_CLASSES = (int, float)  # exactly: a bool is an int too, and is refused


class _Stop(Exception):
    """Enough problems were found."""


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


class _Checker:
    def __init__(self, images: Collection[str] | None, data: Mapping[str, DataTable] | None, limits: Limits) -> None:
        self.images = images
        self.data = data
        self.limits = limits
        self.problems: list[Problem] = []
        self.item_ids: dict[str, str] = {}  # id -> path, one namespace for the whole document
        self.page_ids: set[str] = set()
        self.layer_ids: set[str] = set()
        self.collections: dict[str, DataTable | None] = {}  # declared collection id -> its table, if known
        self.actions: list[tuple[str, dict]] = []  # checked once every page and layer is known
        self.items = 0

    # ------------------------------------------------------------------ primitives
    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))
        if len(self.problems) >= self.limits.max_problems:
            raise _Stop

    def obj(self, value: Any, path: str) -> dict | None:
        if value.__class__ is dict:
            return value
        self.add(path, f"must be an object, not {_kind(value)}")
        return None

    def array(self, parent: dict, key: str, path: str, required: bool = False) -> list:
        value = parent.get(key)
        if value is None:
            if required:
                self.add(f"{path}.{key}", "is required")
            return []
        if value.__class__ is not list:
            self.add(f"{path}.{key}", f"must be an array, not {_kind(value)}")
            return []
        return value

    def string(self, parent: dict, key: str, path: str, required: bool = False) -> str | None:
        value = parent.get(key)
        if value is None:
            if required:
                self.add(f"{path}.{key}", "is required")
            return None
        if value.__class__ is not str:
            self.add(f"{path}.{key}", f"must be a string, not {_kind(value)}")
            return None
        return value

    def boolean(self, parent: dict, key: str, path: str, required: bool = False) -> None:
        value = parent.get(key)
        if value is None:
            if required:
                self.add(f"{path}.{key}", "is required")
        elif value.__class__ is not bool:
            self.add(f"{path}.{key}", f"must be true or false, not {_kind(value)}")

    def number(self, parent: dict, key: str, path: str, required: bool = False, low: float | None = None,
               high: float | None = None, integer: bool = False) -> float | None:
        value = parent.get(key)
        if value is None:
            if required:
                self.add(f"{path}.{key}", "is required")
            return None
        number = value if value.__class__ is int or value.__class__ is float else as_number(value)
        if number is None:
            self.add(f"{path}.{key}", f"must be a number, not {_kind(value)}")
            return None
        if integer and number != int(number):
            self.add(f"{path}.{key}", f"must be a whole number, not {value!r}")
        elif (low is not None and number < low) or (high is not None and number > high):
            self.add(f"{path}.{key}", f"must be between {_show(low)} and {_show(high)}, not {value!r}")
        return number

    def enum(self, parent: dict, key: str, path: str, allowed: frozenset[str], required: bool = False) -> str | None:
        value = self.string(parent, key, path, required)
        if value is not None and value not in allowed:
            self.add(f"{path}.{key}", f"{value!r} is not one of: {', '.join(sorted(allowed))}")
            return None
        return value

    def color(self, parent: dict, key: str, path: str, required: bool = False) -> None:
        value = self.string(parent, key, path, required)
        if value is not None and not COLOR_PATTERN.fullmatch(value):
            self.add(f"{path}.{key}", f"{value!r} is not a colour (#RGB, #RGBA, #RRGGBB or #RRGGBBAA)")

    def ident(self, parent: dict, key: str, path: str) -> str | None:
        value = parent.get(key)
        if value is None:
            self.add(f"{path}.{key}", "is required")
            return None
        if value.__class__ is not str or not ID_PATTERN.fullmatch(value):
            self.add(f"{path}.{key}", f"{value!r} is not an ID: 1 to 36 of A-Z a-z 0-9 - _ . ~")
            return None
        return value

    def item_id(self, parent: dict, path: str) -> str | None:
        value = self.ident(parent, "id", path)
        if value is not None:
            first = self.item_ids.get(value)
            if first is not None:
                self.add(f"{path}.id", f"{value!r} is already the id of {first} (item ids are unique in a document)")
                return None
            self.item_ids[value] = path
            self.items += 1
        return value

    def position(self, value: Any, path: str, relative: bool) -> None:
        if value.__class__ is dict and _plain_numbers(value, "x", "y", 0 if relative else None, 1 if relative else None):
            return  # the common case, checked at a glance
        point = self.obj(value, path)
        if point is not None:
            for axis in ("x", "y"):
                self.number(point, axis, path, required=True, low=0 if relative else None, high=1 if relative else None)

    # ------------------------------------------------------------------ document
    def document(self, document: Any) -> None:
        root = self.obj(document, "document")
        if root is None:
            return
        version = root.get("version")
        if version is None:
            self.add("version", "is required (Standard Import version 1)")
        elif as_number(version) != FORMAT_VERSION or isinstance(version, bool):
            self.add("version", f"must be {FORMAT_VERSION}, not {version!r}")
        for index, raw in enumerate(self.array(root, "collections", "document")):
            self.collection(raw, f"collections[{index}]")
        pages = root.get("pages")
        if pages is None:
            self.add("pages", "is required: an array of at least one page")
            return
        if pages.__class__ is not list:
            self.add("pages", f"must be an array of pages, not {_kind(pages)}")
            return
        if not pages:
            self.add("pages", "must hold at least one page")
            return
        if len(pages) > self.limits.max_pages:
            self.add("pages", f"has {len(pages)} pages; at most {self.limits.max_pages} are allowed")
            return
        for index, raw in enumerate(pages):
            self.page(raw, f"pages[{index}]")
        if self.items > self.limits.max_items:
            self.add("pages", f"hold {self.items} items; at most {self.limits.max_items} are allowed")
        for path, action in self.actions:
            self.action_targets(action, path)

    def collection(self, raw: Any, path: str) -> None:
        entry = self.obj(raw, path)
        if entry is None:
            return
        collection_id = self.ident(entry, "id", path)
        source = self.string(entry, "dataSource", path, required=True)
        if collection_id is None:
            return
        if collection_id in self.collections:
            self.add(f"{path}.id", f"collection {collection_id!r} is declared twice")
            return
        table = None
        if source is not None and self.data is not None:
            table = self.data.get(source)
            if table is None:
                self.add(f"{path}.dataSource", f"no file {source!r} under data/")
        self.collections[collection_id] = table

    # ------------------------------------------------------------------ pages
    def page(self, raw: Any, path: str) -> None:
        page = self.obj(raw, path)
        if page is None:
            return
        page_id = self.ident(page, "id", path)
        if page_id is not None:
            if page_id in self.page_ids:
                self.add(f"{path}.id", f"page id {page_id!r} is used by an earlier page")
            self.page_ids.add(page_id)
        self.string(page, "title", path, required=True)
        if page.get("settings") is not None:
            self.settings(page["settings"], f"{path}.settings")
        for index, raw_pair in enumerate(self.array(page, "customData", path)):
            pair = self.data_pair(raw_pair, f"{path}.customData[{index}]")
            if pair is not None:
                self.boolean(pair, "global", f"{path}.customData[{index}]")
        kinds: dict[str, str] = {}  # id -> shape | line | group | layer, for this page's references
        shapes = self.array(page, "shapes", path)
        lines = self.array(page, "lines", path)
        groups = self.array(page, "groups", path)
        layers = self.array(page, "layers", path)
        for index, shape in enumerate(shapes):
            self.shape(shape, f"{path}.shapes[{index}]", kinds)
        for index, line in enumerate(lines):
            self.line(line, f"{path}.lines[{index}]", kinds)
        for index, group in enumerate(groups):
            item = self.obj(group, f"{path}.groups[{index}]")
            if item is not None and (group_id := self.item_id(item, f"{path}.groups[{index}]")) is not None:
                kinds[group_id] = "group"
        for index, layer in enumerate(layers):
            item = self.obj(layer, f"{path}.layers[{index}]")
            if item is not None and (layer_id := self.item_id(item, f"{path}.layers[{index}]")) is not None:
                kinds[layer_id] = "layer"
                self.layer_ids.add(layer_id)
        for index, line in enumerate(lines):
            if line.__class__ is dict:
                self.endpoint_targets(line, f"{path}.lines[{index}]", kinds)
        self.groups(groups, f"{path}.groups", kinds)
        self.layers(layers, f"{path}.layers", kinds)
        for index, raw_backed in enumerate(self.array(page, "dataBackedShapes", path)):
            self.data_backed(raw_backed, f"{path}.dataBackedShapes[{index}]")

    def settings(self, raw: Any, path: str) -> None:
        settings = self.obj(raw, path)
        if settings is None:
            return
        self.color(settings, "fillColor", path)
        self.boolean(settings, "infiniteCanvas", path)
        self.boolean(settings, "autoTiling", path)
        if settings.get("size") is None:
            return
        size = self.obj(settings["size"], f"{path}.size")
        if size is None:
            return
        kind = self.enum(size, "type", f"{path}.size", PAGE_SIZES, required=True)
        self.enum(size, "format", f"{path}.size", PAGE_FORMATS)
        if kind == "custom":
            self.number(size, "w", f"{path}.size", required=True, low=1, high=MAX_PAGE_SIDE)
            self.number(size, "h", f"{path}.size", required=True, low=1, high=MAX_PAGE_SIDE)

    # ------------------------------------------------------------------ item parts
    def data_pair(self, raw: Any, path: str) -> dict | None:
        pair = self.obj(raw, path)
        if pair is not None:
            self.string(pair, "key", path, required=True)
            self.string(pair, "value", path, required=True)
        return pair

    def item_data(self, item: dict, path: str) -> None:
        """customData, linkedData, note, zIndex: what every item may have."""
        if "customData" in item:
            for index, pair in enumerate(self.array(item, "customData", path)):
                self.data_pair(pair, f"{path}.customData[{index}]")
        if "linkedData" in item:
            for index, raw in enumerate(self.array(item, "linkedData", path)):
                self.link(raw, f"{path}.linkedData[{index}]")
        if "note" in item:
            self.string(item, "note", path)
        if "zIndex" in item:
            self.number(item, "zIndex", path, integer=True)

    def link(self, raw: Any, path: str) -> None:
        link = self.obj(raw, path)
        if link is None:
            return
        collection_id = self.string(link, "collectionId", path, required=True)
        key = link.get("key")
        if key is None:
            self.add(f"{path}.key", "is required")
        elif isinstance(key, bool) or not isinstance(key, (str, int, float)):
            self.add(f"{path}.key", f"must be a string or a number, not {_kind(key)}")
            key = None
        if collection_id is None:
            return
        if collection_id not in self.collections:
            self.add(f"{path}.collectionId", f"collection {collection_id!r} is not declared in collections")
            return
        table = self.collections[collection_id]
        if table is not None and key is not None and key_text(key) not in table.keys:
            self.add(f"{path}.key", f"no row of collection {collection_id!r} has the key {key_text(key)!r}")

    def style(self, raw: Any, path: str) -> None:
        style = self.obj(raw, path)
        if style is None:
            return
        if style.get("fill") is not None:
            self.fill(style["fill"], f"{path}.fill")
        if style.get("stroke") is not None:
            self.stroke(style["stroke"], f"{path}.stroke")
        self.number(style, "rounding", path, low=0)
        self.color(style, "textColor", path)

    def fill(self, raw: Any, path: str) -> None:
        fill = self.obj(raw, path)
        if fill is None:
            return
        kind = self.enum(fill, "type", path, frozenset({"color", "image"}), required=True)
        if kind == "color":
            self.color(fill, "color", path, required=True)
        elif kind == "image":
            self.enum(fill, "imageScale", path, IMAGE_SCALES)
            self.image_ref(fill, path)

    def image_ref(self, image: dict, path: str) -> None:
        ref = self.string(image, "ref", path)
        url = self.string(image, "url", path)
        if ref is None and url is None:
            self.add(path, "needs a ref (a file under images/) or a url")
        elif ref is not None and self.images is not None and ref not in self.images:
            self.add(f"{path}.ref", f"no file {ref!r} under images/")

    def stroke(self, raw: Any, path: str) -> None:
        stroke = self.obj(raw, path)
        if stroke is not None:
            self.color(stroke, "color", path)
            self.number(stroke, "width", path, low=0)
            self.enum(stroke, "style", path, STROKE_STYLES)

    def actions_of(self, item: dict, path: str) -> None:
        for index, raw in enumerate(self.array(item, "actions", path)):
            action_path = f"{path}.actions[{index}]"
            action = self.obj(raw, action_path)
            if action is None:
                continue
            kind = self.enum(action, "type", action_path, ACTION_TYPES, required=True)
            self.boolean(action, "newWindow", action_path)
            if kind == "gotoDocument":
                document_id = self.string(action, "documentId", action_path, required=True)
                if document_id is not None and not UUID_PATTERN.fullmatch(document_id):
                    self.add(f"{action_path}.documentId", f"{document_id!r} is not a document id (a UUID)")
                self.string(action, "pageId", action_path, required=True)
            elif kind == "gotoPage":
                if self.string(action, "pageId", action_path, required=True) is not None:
                    self.actions.append((action_path, action))
            elif kind == "url":
                self.string(action, "url", action_path, required=True)
            elif kind in LAYER_ACTIONS:
                layers = self.array(action, "layers", action_path, required=True)
                if all(layer.__class__ is str for layer in layers):
                    self.actions.append((action_path, action))
                else:
                    self.add(f"{action_path}.layers", "must be an array of layer ids")

    def action_targets(self, action: dict, path: str) -> None:
        if action["type"] == "gotoPage":
            if action["pageId"] not in self.page_ids:
                self.add(f"{path}.pageId", f"no page has the id {action['pageId']!r}")
            return
        for index, layer in enumerate(action["layers"]):
            if layer not in self.layer_ids:
                self.add(f"{path}.layers[{index}]", f"no layer has the id {layer!r}")

    # ------------------------------------------------------------------ shapes
    def shape(self, raw: Any, path: str, kinds: dict[str, str]) -> None:
        shape = self.obj(raw, path)
        if shape is None:
            return
        shape_id = self.item_id(shape, path)
        if shape_id is not None:
            kinds[shape_id] = "shape"
        kind = shape.get("type")
        if kind is None:
            self.add(f"{path}.type", "is required")
        elif kind.__class__ is not str or kind not in SHAPE_TYPES:
            self.add(f"{path}.type", f"{kind!r} is not a Standard Import shape type")
            kind = None
        if kind == "freehandDrawing":
            self.freehand(shape, path)
        else:
            box = shape.get("boundingBox")
            if box is None:
                self.add(f"{path}.boundingBox", "is required")
            else:
                self.bounding_box(box, f"{path}.boundingBox", kind in CONTAINER_TYPES)
        if "style" in shape:
            self.style(shape["style"], f"{path}.style")
        if "stroke" in shape:
            self.stroke(shape["stroke"], f"{path}.stroke")
        if "text" in shape:
            self.string(shape, "text", path)
        if "opacity" in shape:
            self.number(shape, "opacity", path, low=0, high=100)
        if "actions" in shape:
            self.actions_of(shape, path)
        self.item_data(shape, path)
        check = _SHAPE_PROPERTIES.get(kind)  # type: ignore[arg-type]
        if check is not None:
            check(self, shape, path)

    def bounding_box(self, raw: Any, path: str, container: bool) -> None:
        if raw.__class__ is dict and "rotation" not in raw and _plain_numbers(raw, "x", "y") \
                and _plain_numbers(raw, "w", "h", low=0):
            return  # the common case, checked at a glance
        box = self.obj(raw, path)
        if box is None:
            return
        for key in ("x", "y"):
            self.number(box, key, path, required=True)
        for key in ("w", "h"):
            self.number(box, key, path, required=True, low=0)
        if "rotation" in box:
            rotation = self.number(box, "rotation", path, low=0, high=360)
            if container and rotation:
                self.add(f"{path}.rotation", "containers cannot be rotated")

    def freehand(self, shape: dict, path: str) -> None:
        style = shape.get("style")
        if style is None:
            self.add(f"{path}.style", "is required for a freehandDrawing: {width, color}")
        elif (checked := self.obj(style, f"{path}.style")) is not None:
            self.number(checked, "width", f"{path}.style", required=True, low=0, high=100)
            self.color(checked, "color", f"{path}.style", required=True)
        for index, point in enumerate(self.array(shape, "points", path, required=True)):
            self.position(point, f"{path}.points[{index}]", relative=False)
        if shape.get("offset") is not None:
            self.position(shape["offset"], f"{path}.offset", relative=False)

    def cross(self, shape: dict, path: str) -> None:
        if shape.get("indent") is not None and (indent := self.obj(shape["indent"], f"{path}.indent")) is not None:
            for axis in ("x", "y"):
                self.number(indent, axis, f"{path}.indent", low=0, high=0.5)

    def flexible_polygon(self, shape: dict, path: str) -> None:
        vertices = self.array(shape, "vertices", path, required=True)
        if "vertices" in shape and not 3 <= len(vertices) <= 100:
            self.add(f"{path}.vertices", f"needs 3 to 100 vertices, not {len(vertices)}")
        for index, vertex in enumerate(vertices):
            self.position(vertex, f"{path}.vertices[{index}]", relative=True)

    def poly_star(self, shape: dict, path: str) -> None:
        if shape.get("shape") is None:
            self.add(f"{path}.shape", "is required for a polyStar: {numPoints, innerRadius}")
        elif (star := self.obj(shape["shape"], f"{path}.shape")) is not None:
            self.number(star, "numPoints", f"{path}.shape", required=True, low=3, high=25, integer=True)
            self.number(star, "innerRadius", f"{path}.shape", required=True, low=0, high=1)

    def single_arrow(self, shape: dict, path: str) -> None:
        self.enum(shape, "orientation", path, ARROW_ORIENTATIONS)

    def container(self, shape: dict, path: str) -> None:
        self.boolean(shape, "magnetize", path)
        self.string(shape, "title", path)

    def swim_lanes(self, shape: dict, path: str) -> None:
        self.boolean(shape, "vertical", path, required=True)
        self.boolean(shape, "magnetize", path)
        if shape.get("titleBar") is None:
            self.add(f"{path}.titleBar", "is required for swimLanes: {height, verticalText}")
        elif (bar := self.obj(shape["titleBar"], f"{path}.titleBar")) is not None:
            self.number(bar, "height", f"{path}.titleBar", required=True, low=0)
            self.boolean(bar, "verticalText", f"{path}.titleBar", required=True)
        lanes = self.array(shape, "lanes", path, required=True)
        if "lanes" in shape and not lanes:
            self.add(f"{path}.lanes", "needs at least one lane")
        total = 0.0
        for index, raw in enumerate(lanes):
            lane_path = f"{path}.lanes[{index}]"
            if (lane := self.obj(raw, lane_path)) is None:
                continue
            self.string(lane, "title", lane_path, required=True)
            total += self.number(lane, "width", lane_path, required=True, low=0) or 0
            self.color(lane, "headerFill", lane_path)
            self.color(lane, "laneFill", lane_path)
        box = shape.get("boundingBox")
        if lanes and box.__class__ is dict:
            side = as_number(box.get("h" if shape.get("vertical") is True else "w"))
            if side is not None and abs(total - side) > 0.5:
                self.add(f"{path}.lanes", f"lane widths sum to {_show(total)}, not the shape's "
                                          f"{'height' if shape.get('vertical') is True else 'width'} {_show(side)}")

    def table(self, shape: dict, path: str) -> None:
        rows = self.number(shape, "rowCount", path, low=1, high=1000, integer=True)
        columns = self.number(shape, "colCount", path, low=1, high=1000, integer=True)
        for index, raw in enumerate(self.array(shape, "cells", path)):
            cell_path = f"{path}.cells[{index}]"
            if (cell := self.obj(raw, cell_path)) is None:
                continue
            self.number(cell, "xPosition", cell_path, required=True, low=0,
                        high=columns - 1 if columns else None, integer=True)
            self.number(cell, "yPosition", cell_path, required=True, low=0, high=rows - 1 if rows else None,
                        integer=True)
            self.string(cell, "text", cell_path)
            if cell.get("style") is not None:
                self.style(cell["style"], f"{cell_path}.style")
            self.number(cell, "mergeCellsRight", cell_path, low=0, integer=True)
            self.number(cell, "mergeCellsDown", cell_path, low=0, integer=True)
        for key in ("userSpecifiedRows", "userSpecifiedCols"):
            for index, raw in enumerate(self.array(shape, key, path)):
                if (size := self.obj(raw, f"{path}.{key}[{index}]")) is not None:
                    self.number(size, "index", f"{path}.{key}[{index}]", required=True, low=0, integer=True)
                    self.number(size, "size", f"{path}.{key}[{index}]", required=True, low=0)

    def image(self, shape: dict, path: str) -> None:
        if shape.get("image") is not None and (image := self.obj(shape["image"], f"{path}.image")) is not None:
            self.image_ref(image, f"{path}.image")

    def predefined_process(self, shape: dict, path: str) -> None:
        self.number(shape, "sideWidth", path, low=0, high=0.33)

    def brace_note(self, shape: dict, path: str) -> None:
        self.boolean(shape, "rightFacing", path)
        self.number(shape, "braceWidth", path, low=0)

    # ------------------------------------------------------------------ lines
    def line(self, raw: Any, path: str, kinds: dict[str, str]) -> None:
        line = self.obj(raw, path)
        if line is None:
            return
        line_id = self.item_id(line, path)
        if line_id is not None:
            kinds[line_id] = "line"
        self.enum(line, "lineType", path, LINE_TYPES, required=True)
        for key in ("endpoint1", "endpoint2"):
            if line.get(key) is None:
                self.add(f"{path}.{key}", "is required")
            else:
                self.endpoint(line[key], f"{path}.{key}")
        if "stroke" in line:
            self.stroke(line["stroke"], f"{path}.stroke")
        if "text" in line:
            for index, raw_text in enumerate(self.array(line, "text", path)):
                text_path = f"{path}.text[{index}]"
                if (text := self.obj(raw_text, text_path)) is not None:
                    self.string(text, "text", text_path, required=True)
                    self.number(text, "position", text_path, low=0, high=1)
                    self.enum(text, "side", text_path, TEXT_SIDES)
        for key in ("joints", "elbowControlPoints"):
            if key in line:
                for index, point in enumerate(self.array(line, key, path)):
                    self.position(point, f"{path}.{key}[{index}]", relative=False)
        self.item_data(line, path)

    def endpoint(self, raw: Any, path: str) -> None:
        endpoint = self.obj(raw, path)
        if endpoint is None:
            return
        kind = self.enum(endpoint, "type", path, ENDPOINT_TYPES, required=True)
        self.enum(endpoint, "style", path, ENDPOINT_STYLES)
        if kind == "shapeEndpoint":
            self.string(endpoint, "shapeId", path, required=True)
            if endpoint.get("position") is not None:
                self.position(endpoint["position"], f"{path}.position", relative=True)
        elif kind == "lineEndpoint":
            self.string(endpoint, "lineId", path, required=True)
            self.number(endpoint, "position", path, required=True, low=0, high=1)
        elif kind == "positionEndpoint":
            if endpoint.get("position") is None:
                self.add(f"{path}.position", "is required")
            else:
                self.position(endpoint["position"], f"{path}.position", relative=False)

    def endpoint_targets(self, line: dict, path: str, kinds: dict[str, str]) -> None:
        for key in ("endpoint1", "endpoint2"):
            endpoint = line.get(key)
            if endpoint.__class__ is not dict:
                continue
            kind = endpoint.get("type")
            if kind == "shapeEndpoint" and endpoint.get("shapeId").__class__ is str:
                if kinds.get(endpoint["shapeId"]) != "shape":
                    self.add(f"{path}.{key}.shapeId", f"no shape on this page has the id {endpoint['shapeId']!r}")
            elif kind == "lineEndpoint" and endpoint.get("lineId").__class__ is str:
                if endpoint["lineId"] == line.get("id"):
                    self.add(f"{path}.{key}.lineId", "a line cannot end on itself")
                elif kinds.get(endpoint["lineId"]) != "line":
                    self.add(f"{path}.{key}.lineId", f"no line on this page has the id {endpoint['lineId']!r}")

    # ------------------------------------------------------------------ groups, layers
    def members(self, container: dict, path: str, kinds: dict[str, str], owner: dict[str, str], what: str) -> list[str]:
        """The valid members of a group or layer; each item belongs to one group (one layer) at most."""
        found = []
        for index, member in enumerate(self.array(container, "items", path, required=True)):
            member_path = f"{path}.items[{index}]"
            kind = kinds.get(member) if member.__class__ is str else None
            if kind is None:
                self.add(member_path, f"no shape, line or group on this page has the id {member!r}")
            elif kind == "layer":
                self.add(member_path, f"{member!r} is a layer; a {what} holds shapes, lines and groups")
            elif member in owner:
                self.add(member_path, f"{member!r} is already in {what} {owner[member]!r}")
            else:
                owner[member] = container.get("id")
                found.append(member)
        return found

    def groups(self, groups: list, path: str, kinds: dict[str, str]) -> None:
        owner: dict[str, str] = {}
        children: dict[str, list[str]] = {}
        for index, raw in enumerate(groups):
            if raw.__class__ is not dict:
                continue
            group_path = f"{path}[{index}]"
            members = self.members(raw, group_path, kinds, owner, "group")
            if raw.get("id").__class__ is str:
                children[raw["id"]] = [m for m in members if kinds.get(m) == "group"]
            self.item_data(raw, group_path)
        for index, raw in enumerate(groups):
            if raw.__class__ is dict and raw.get("id") in children and _in_cycle(raw["id"], children):
                self.add(f"{path}[{index}].items", f"group {raw['id']!r} contains itself")

    def layers(self, layers: list, path: str, kinds: dict[str, str]) -> None:
        owner: dict[str, str] = {}
        for index, raw in enumerate(layers):
            if raw.__class__ is not dict:
                continue
            layer_path = f"{path}[{index}]"
            self.string(raw, "title", layer_path, required=True)
            self.number(raw, "layerIndex", layer_path, integer=True)
            self.members(raw, layer_path, kinds, owner, "layer")
            self.item_data(raw, layer_path)

    # ------------------------------------------------------------------ data-backed shapes
    def data_backed(self, raw: Any, path: str) -> None:
        backed = self.obj(raw, path)
        if backed is None:
            return
        self.enum(backed, "type", path, DATA_BACKED_TYPES, required=True)
        if backed.get("position") is None:
            self.add(f"{path}.position", "is required")
        else:
            self.position(backed["position"], f"{path}.position", relative=False)
        collection_id = self.string(backed, "collectionId", path, required=True)
        names = {key: self.string(backed, key, path, required=key in ("idField", "foreignKeyField", "nameField"))
                 for key in ("idField", "foreignKeyField", "nameField", "roleField", "imageUrlField")}
        extras = self.array(backed, "extraFields", path)
        for index, extra in enumerate(extras):
            if extra.__class__ is not str:
                self.add(f"{path}.extraFields[{index}]", f"must be a column name, not {_kind(extra)}")
        if collection_id is None:
            return
        if collection_id not in self.collections:
            self.add(f"{path}.collectionId", f"collection {collection_id!r} is not declared in collections")
            return
        table = self.collections[collection_id]
        if table is None:
            return
        for key, name in [*names.items(), *((f"extraFields[{i}]", e) for i, e in enumerate(extras))]:
            if name.__class__ is str and name not in table.columns:
                self.add(f"{path}.{key}", f"collection {collection_id!r} has no column {name!r}")


_SHAPE_PROPERTIES = {
    "cross": _Checker.cross, "flexiblePolygon": _Checker.flexible_polygon, "polyStar": _Checker.poly_star,
    "singleArrow": _Checker.single_arrow, "swimLanes": _Checker.swim_lanes, "table": _Checker.table,
    "image": _Checker.image, "predefinedProcess": _Checker.predefined_process, "braceNote": _Checker.brace_note,
    **{kind: _Checker.container for kind in CONTAINER_TYPES - {"swimLanes"}},
}


def _in_cycle(start: str, children: dict[str, list[str]]) -> bool:
    seen: set[str] = set()
    pending = list(children.get(start, ()))
    while pending:
        current = pending.pop()
        if current == start:
            return True
        if current not in seen:
            seen.add(current)
            pending.extend(children.get(current, ()))
    return False


def _show(number: float | None) -> str:
    if number is None:
        return "any"
    return str(int(number)) if number == int(number) else str(number)


def key_text(key: Any) -> str:
    """A linked key as text: Lucid's examples write keys as strings and as numbers (`1` is "1")."""
    if isinstance(key, float) and key == int(key):
        return str(int(key))
    return str(key)


def validate(document: Any, *, images: Collection[str] | None = None, data: Mapping[str, DataTable] | None = None,
             limits: Limits = Limits()) -> list[Problem]:
    """Every problem of a parsed `document.json`, in document order (at most `limits.max_problems`).

    `images`: the file names under `images/`; `data`: the CSVs under `data/` by file name. When
    given, image refs, `dataSource` files, linked keys and data-backed shape columns are checked too.
    """
    checker = _Checker(images, data, limits)
    try:
        checker.document(document)
    except _Stop:
        pass
    return checker.problems
