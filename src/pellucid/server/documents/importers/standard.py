"""Standard Import (`.lucid`): a ZIP with `document.json` at its root, CSVs under `data/` and
images under `images/` (files are named by their bare file name, at any depth of their folder).

The document is checked by `pellucid.protocol.standard_import` (every problem with its path),
then mapped onto the model one to one; `dataBackedShapes` become real shapes and lines
(`orgchart.py`), CSVs become tables for the Data Service (header row = columns, first column =
primary key, the file name without extension = collection name).
"""

from __future__ import annotations

import csv
import io
import posixpath
from typing import Any, TypeVar

import orjson

from pellucid.protocol import standard_import as si

from ...settings import ImportLimits
from ..classes import class_name
from ..model import (
    PAGE_SIZES_INCHES,
    UNITS_PER_INCH,
    Action,
    BoundingBox,
    Collection,
    Content,
    DataPair,
    Endpoint,
    Fill,
    Group,
    Item,
    Layer,
    Line,
    LineText,
    LinkRef,
    Page,
    PageSettings,
    Shape,
    Stroke,
    Style,
    TextArea,
)
from . import images, orgchart
from .archive import Archive, open_zip
from .common import Imported, ImportedTable, InvalidFile, color

DOCUMENT = "document.json"
DATA_EXTENSIONS = (".csv", ".txt")
IMAGE_EXTENSIONS = (".jpeg", ".jpg", ".png", ".gif", ".bmp", ".tiff", ".tif")
# Shape properties kept as they are for the renderer (their meaning is the type's).
TYPE_PROPERTIES = frozenset({
    "indent", "vertices", "shape", "orientation", "magnetize", "title", "vertical", "titleBar", "lanes",
    "rowCount", "colCount", "cells", "userSpecifiedRows", "userSpecifiedCols", "points", "offset", "sideWidth",
    "rightFacing", "braceWidth",
})
SPARK_FILL = "#f2f3f5"
AnyItem = TypeVar("AnyItem", bound=Item)


def parse(data: bytes, limits: ImportLimits, product: str) -> Imported:
    """A Standard Import archive; its document JSON must sit at the archive's root."""
    archive = open_zip(data, limits, "Standard Import file (.lucid)")
    if DOCUMENT not in archive.entries:
        nested = [name for name in archive.entries if posixpath.basename(name) == DOCUMENT]
        where = f" (found {nested[0]!r}, which is not at the root)" if nested else ""
        raise InvalidFile(f"The archive has no {DOCUMENT} at its root{where}")
    raw = archive.read(DOCUMENT, limits.max_document_json_bytes, DOCUMENT)
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InvalidFile(f"{DOCUMENT} is not valid UTF-8 JSON: {exc}") from None
    tables = _tables(archive, limits)
    image_files = _files(archive, "images", IMAGE_EXTENSIONS)
    problems = si.validate(
        document, images=image_files, limits=si.Limits(max_pages=limits.max_pages, max_items=limits.max_items),
        data={name: si.DataTable(tuple(t.columns), frozenset(row[0] for row in t.rows if row)) for name, t in tables.items()},
    )
    if problems:
        first = problems[0]
        raise InvalidFile(f"{DOCUMENT} does not conform to the Standard Import schema: {first.path} {first.message}",
                          [problem.to_json() for problem in problems])
    return _Mapper(document, product, archive, image_files, tables, limits).imported()


def _files(archive: Archive, folder: str, extensions: tuple[str, ...]) -> dict[str, str]:
    """Bare file name -> archive name of the folder's files; one name twice is ambiguous."""
    found: dict[str, str] = {}
    for name in archive.under(folder):
        base = posixpath.basename(name)
        if not base.lower().endswith(extensions):
            continue
        if base in found:
            raise InvalidFile(f"{folder}/ holds two files named {base!r} ({found[base]!r} and {name!r}); "
                              "files are referenced by name, so names must be unique")
        found[base] = name
    return found


def _tables(archive: Archive, limits: ImportLimits) -> dict[str, ImportedTable]:
    files = _files(archive, "data", DATA_EXTENSIONS)
    total = sum(archive.entries[name].file_size for name in files.values())
    if total > limits.max_data_bytes:
        raise InvalidFile(f"data/ holds {total:,} bytes; at most {limits.max_data_bytes:,} are allowed")
    return {base: _csv(base, archive.read(name), name) for base, name in files.items()}


def _csv(base: str, raw: bytes, entry: str) -> ImportedTable:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidFile(f"{entry} is not UTF-8 text (byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = [row for row in reader if row]
    except csv.Error as exc:
        raise InvalidFile(f"{entry} cannot be read as CSV: {exc} (line {reader.line_num})") from None
    if not rows:
        raise InvalidFile(f"{entry} is empty: a header row naming the columns is required")
    header = [name.strip() for name in rows[0]]
    for index, name in enumerate(header):
        if not name:
            raise InvalidFile(f"{entry}: column {index + 1} of the header row has no name")
        if name in header[:index]:
            raise InvalidFile(f"{entry}: the header row names column {name!r} twice")
    width = len(header)
    body = [(row + [""] * (width - len(row)))[:width] for row in rows[1:]]
    return ImportedTable(collection_id="", name=posixpath.splitext(base)[0], columns=header, rows=body)


def _number(value: Any, default: float = 0.0) -> float:
    if value.__class__ is int or value.__class__ is float:  # the common case, first
        return value
    number = si.as_number(value)
    return default if number is None else float(number)


def _pairs(raw: list | None) -> list[DataPair]:
    return [DataPair(pair["key"], pair["value"]) for pair in raw] if raw else []


def _links(raw: list | None) -> list[LinkRef]:
    return [LinkRef(link["collectionId"], si.key_text(link["key"])) for link in raw] if raw else []


def _stroke(raw: dict | None) -> Stroke:
    if not raw:
        return Stroke()
    width = raw.get("width")
    return Stroke(color(raw.get("color"), "#000000"), 1.0 if width is None else _number(width),
                  raw.get("style") or "solid")


def _item(item: AnyItem, raw: dict) -> AnyItem:
    """`item` with what every item may have, where the file gives it (else the defaults stay:
    cheaper than passing them all, for thousands of items)."""
    z = raw.get("zIndex")
    if z is not None:
        item.z = int(_number(z))
    if raw.get("customData"):
        item.custom_data = _pairs(raw["customData"])
    if raw.get("linkedData"):
        item.linked = _links(raw["linkedData"])
    item.note = raw.get("note")
    return item


def _point(raw: dict) -> tuple[float, float]:
    return (_number(raw["x"]), _number(raw["y"]))


def _points(raw: list | None) -> list[tuple[float, float]]:
    return [_point(point) for point in raw] if raw else []


class _Mapper:
    """Validated `document.json` -> the model."""

    def __init__(self, document: dict, product: str, archive: Archive, image_files: dict[str, str],
                 tables: dict[str, ImportedTable], limits: ImportLimits) -> None:
        self.document = document
        self.spark = product == "lucidspark"
        self.archive = archive
        self.image_files = image_files
        self.limits = limits
        self.result = Imported(Content())
        self.image_refs: dict[str, str] = {}  # file name -> blob reference
        self.image_bytes = 0
        self.tables = tables

    def imported(self) -> Imported:
        content = self.result.content
        for raw in self.document.get("collections") or ():
            table = self.tables[raw["dataSource"]]
            content.collections.append(Collection(id=raw["id"], name=table.name, primary_key=table.columns[:1]))
            self.result.tables.append(ImportedTable(raw["id"], table.name, table.columns, table.rows))
        rows = {table.collection_id: table for table in self.result.tables}
        for index, raw in enumerate(self.document["pages"]):
            page = self.page(raw)
            for backed_index, backed in enumerate(raw.get("dataBackedShapes") or ()):
                orgchart.expand(page, backed, rows[backed["collectionId"]], f"{index}.{backed_index}")
            content.pages.append(page)
        return self.result

    def page(self, raw: dict) -> Page:
        settings = raw.get("settings") or {}
        size = settings.get("size") or {}
        if size.get("type") == "custom":
            width, height = _number(size["w"]), _number(size["h"])
        else:
            inches = PAGE_SIZES_INCHES[size.get("type", "letter")]
            width, height = inches[0] * UNITS_PER_INCH, inches[1] * UNITS_PER_INCH
            if size.get("format") == "landscape":
                width, height = height, width
        page = Page(id=raw["id"], title=raw["title"], settings=PageSettings(
            fill=color(settings.get("fillColor"), SPARK_FILL if self.spark else "#ffffff"),
            infinite=settings.get("infiniteCanvas", self.spark), auto_tiling=settings.get("autoTiling", True),
            width=width, height=height,
        ))
        for pair in raw.get("customData") or ():
            (page.global_data if pair.get("global") else page.custom_data).append(DataPair(pair["key"], pair["value"]))
        page.shapes = [self.shape(shape) for shape in raw.get("shapes") or ()]
        page.lines = [self.line(line) for line in raw.get("lines") or ()]
        page.groups = [_item(Group(id=group["id"], members=list(group["items"])), group)
                       for group in raw.get("groups") or ()]
        page.layers = [_layer(layer) for layer in raw.get("layers") or ()]
        return page

    # ------------------------------------------------------------------ shapes
    def shape(self, raw: dict) -> Shape:
        kind = raw["type"]
        style = raw.get("style") or {}
        shape = _item(Shape(
            id=raw["id"], type=kind, class_name=class_name(kind), bbox=self.box(raw),
            style=Style(fill=self.fill(style.get("fill"), raw.get("image")),
                        stroke=_stroke(style.get("stroke") or raw.get("stroke")),
                        rounding=_number(style.get("rounding")), opacity=int(_number(raw.get("opacity"), 100)),
                        text_color=color(style["textColor"], "#000000") if style.get("textColor") else None),
            actions=[_action(action) for action in raw["actions"]] if raw.get("actions") else [],
            extra={} if TYPE_PROPERTIES.isdisjoint(raw) else {key: raw[key] for key in raw if key in TYPE_PROPERTIES},
        ), raw)
        if isinstance(raw.get("text"), str):
            shape.text_areas.append(TextArea("Text", raw["text"]))
        if kind == "swimLanes":
            shape.text_areas += [TextArea(f"Lane {n}", lane.get("title", "")) for n, lane in enumerate(raw["lanes"], 1)]
        elif kind == "table":
            shape.text_areas += [TextArea(f"Cell {_int(cell['yPosition'])},{_int(cell['xPosition'])}", cell["text"])
                                 for cell in raw.get("cells") or () if isinstance(cell.get("text"), str)]
        elif kind == "freehandDrawing":
            shape.style.stroke = Stroke(color(style.get("color"), "#000000"), _number(style.get("width"), 1))
            shape.style.fill = Fill(kind="none")
        return shape

    def box(self, raw: dict) -> BoundingBox:
        box = raw.get("boundingBox")
        if box is not None:
            rotation = box.get("rotation")
            return BoundingBox(_number(box["x"]), _number(box["y"]), _number(box["w"]), _number(box["h"]),
                               0.0 if rotation is None else _number(rotation))
        offset = _point(raw["offset"]) if raw.get("offset") else (0.0, 0.0)  # a freehand drawing's points
        xs = [_number(p["x"]) + offset[0] for p in raw["points"]] or [offset[0]]
        ys = [_number(p["y"]) + offset[1] for p in raw["points"]] or [offset[1]]
        return BoundingBox(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    def fill(self, raw: dict | None, image: dict | None) -> Fill:
        if raw is None and image is not None:  # sample files: "image": {"type": "ref", "ref": "x.png"}
            raw = {"type": "image", **image}
        if raw is None:
            return Fill()
        if raw["type"] == "color":
            return Fill(color=color(raw["color"], "#ffffff"))
        scale = raw.get("imageScale") or "stretch"
        if raw.get("ref"):
            return Fill(kind="image", image=self.image(raw["ref"]), image_scale=scale)
        return Fill(kind="image", image=raw["url"], image_scale=scale)

    def image(self, ref: str) -> str:
        if ref not in self.image_refs:
            name = self.image_files[ref]
            data = self.archive.read(name)
            self.image_bytes += len(data)
            if self.image_bytes > self.limits.max_image_bytes:
                raise InvalidFile(f"The images hold more than {self.limits.max_image_bytes:,} bytes (at {name!r})")
            media_type = images.media_type(data, name, self.limits)
            self.image_refs[ref] = self.result.add_blob(data, media_type)
        return self.image_refs[ref]

    # ------------------------------------------------------------------ lines
    def line(self, raw: dict) -> Line:
        return _item(Line(
            id=raw["id"], line_type=raw["lineType"], endpoint1=_endpoint(raw["endpoint1"]),
            endpoint2=_endpoint(raw["endpoint2"]), stroke=_stroke(raw.get("stroke")),
            texts=[LineText(text["text"], _number(text.get("position"), 0.5), text.get("side") or "middle")
                   for text in raw["text"]] if raw.get("text") else [],
            joints=_points(raw.get("joints")), elbow_points=_points(raw.get("elbowControlPoints")),
        ), raw)


def _layer(raw: dict) -> Layer:
    layer = _item(Layer(id=raw["id"], name=raw["title"], members=list(raw["items"])), raw)
    layer.z = int(_number(raw.get("layerIndex")))  # a layer's z is its layerIndex
    return layer


def _int(value: Any) -> int:
    return int(_number(value))


def _endpoint(raw: dict) -> Endpoint:
    style = raw.get("style") or "none"
    kind = raw["type"]
    if kind == "shapeEndpoint":
        position = raw.get("position")
        return Endpoint("shape", style, target=raw["shapeId"], rel=_point(position) if position else None)
    if kind == "lineEndpoint":
        return Endpoint("line", style, target=raw["lineId"], t=_number(raw["position"]))
    return Endpoint("position", style, point=_point(raw["position"]))


def _action(raw: dict) -> Action:
    return Action(type=raw["type"], page_id=raw.get("pageId"), document_id=raw.get("documentId"),
                  url=raw.get("url"), layers=list(raw.get("layers") or ()), new_window=bool(raw.get("newWindow")))
