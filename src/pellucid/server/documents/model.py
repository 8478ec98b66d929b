"""The one document model: pages and their items, as every importer writes it and every output
(contents, the SVG renderer, image export, the viewer) reads it. I/O-free.

Geometry is in canvas pixels (1/96 in, `UNITS_PER_INCH`), y growing downwards. Text is kept as
the HTML subset of Standard Import (`text.py` turns it into runs or plain text), with formulas
such as `{{=@'Name'}}` unevaluated: they are evaluated against linked data when read.

A stored document version is `Content.to_json()`; images are blobs stored once by sha256 and
referenced from fills (`Fill.image`). The classes keep their attributes in a `__dict__` (no
`slots`): orjson serialises such dataclasses from the dict directly, five times faster than
slotted ones, and an import of thousands of items spends its time there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import orjson

UNITS_PER_INCH = 96  # canvas px per inch (Lucid calls custom page sizes "pixels")

# Page sizes in inches, portrait (Standard Import's PageSettings.size.type).
PAGE_SIZES_INCHES: dict[str, tuple[float, float]] = {
    "letter": (8.5, 11), "legal": (8.5, 14), "executive": (7.25, 10.5), "a3": (11.69, 16.54),
    "a4": (8.27, 11.69), "a5": (5.83, 8.27), "tabloid": (11, 17), "folio": (8.5, 13), "statement": (5.5, 8.5),
}
LETTER = (816.0, 1056.0)

ItemKind = Literal["shape", "line", "group", "layer"]
LineType = Literal["straight", "elbow", "curved"]
StrokeStyle = Literal["solid", "dashed", "dotted"]


@dataclass
class BoundingBox:
    x: float
    y: float
    w: float
    h: float
    rotation: float = 0.0  # clockwise degrees about the box centre

    @property
    def centre(self) -> tuple[float, float]:
        """The box's centre point."""
        return self.x + self.w / 2, self.y + self.h / 2


@dataclass
class Fill:
    """A solid colour, an image (blob sha256 or external URL), or nothing (`kind="none"`)."""

    kind: Literal["color", "image", "none"] = "color"
    color: str = "#ffffff"  # #rrggbb or #rrggbbaa
    image: str | None = None  # "blob:<sha256>" or an external URL (never fetched)
    image_scale: Literal["fit", "fill", "stretch", "original", "tile"] = "stretch"


@dataclass
class Stroke:
    color: str = "#000000"  # "none" draws no outline
    width: float = 1.0
    style: StrokeStyle = "solid"


@dataclass
class Style:
    fill: Fill = field(default_factory=Fill)
    stroke: Stroke = field(default_factory=Stroke)
    rounding: float = 0.0  # Standard Import's rounding: twice the corner radius
    opacity: int = 100  # 0..100
    text_color: str | None = None  # default colour of text runs that set none


@dataclass
class DataPair:
    key: str
    value: str


@dataclass
class LinkRef:
    """A link from an item to one row of a collection of the document, by its key."""

    collection: str  # Collection.id
    key: str


@dataclass
class Action:
    """A click action: gotoPage / gotoDocument / url / hideLayer / showLayer / toggleLayer."""

    type: str
    page_id: str | None = None
    document_id: str | None = None
    url: str | None = None
    layers: list[str] = field(default_factory=list)
    new_window: bool = False


@dataclass
class TextArea:
    """A text of a shape: its contents label ("Text", "Lane 1", "Cell 0,1") and its HTML."""

    label: str
    html: str
    valign: Literal["top", "middle", "bottom"] = "middle"


@dataclass
class LineText:
    """A label along a line at `position` (0..1 of its length), above, on or below it."""

    html: str
    position: float = 0.5
    side: Literal["top", "middle", "bottom"] = "middle"


@dataclass
class Endpoint:
    """Where a line ends: on a shape (at `rel`, or where the line meets its outline when None),
    at fraction `t` along another line, or at an absolute `point`."""

    kind: Literal["shape", "line", "position"]
    style: str = "none"  # Standard Import endpoint style name: none, arrow, hollowArrow, ...
    target: str | None = None  # shape or line id for kind shape/line
    rel: tuple[float, float] | None = None
    t: float | None = None
    point: tuple[float, float] | None = None


@dataclass(kw_only=True)
class Item:
    """What every item of a page has."""

    id: str
    z: int = 0  # zIndex (layers: layerIndex)
    custom_data: list[DataPair] = field(default_factory=list)
    linked: list[LinkRef] = field(default_factory=list)
    note: str | None = None


@dataclass(kw_only=True)
class Shape(Item):
    type: str  # Standard Import shape type ("process", "rectangle", ...)
    class_name: str  # the contents `class` ("ProcessBlock")
    bbox: BoundingBox
    style: Style = field(default_factory=Style)
    text_areas: list[TextArea] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # type-specific properties (vertices, lanes, cells, points)


@dataclass(kw_only=True)
class Line(Item):
    line_type: LineType = "straight"
    endpoint1: Endpoint
    endpoint2: Endpoint
    stroke: Stroke = field(default_factory=Stroke)
    texts: list[LineText] = field(default_factory=list)
    joints: list[tuple[float, float]] = field(default_factory=list)  # straight: intermediate points
    elbow_points: list[tuple[float, float]] = field(default_factory=list)  # elbow: control points


@dataclass(kw_only=True)
class Group(Item):
    members: list[str] = field(default_factory=list)  # shape, line or group ids, no layers


@dataclass(kw_only=True)
class Layer(Item):
    name: str = ""
    members: list[str] = field(default_factory=list)
    visible: bool = True


@dataclass
class PageSettings:
    fill: str = "#ffffff"
    infinite: bool = False
    auto_tiling: bool = True
    width: float = LETTER[0]
    height: float = LETTER[1]


@dataclass(kw_only=True)
class Page:
    id: str
    title: str
    settings: PageSettings = field(default_factory=PageSettings)
    custom_data: list[DataPair] = field(default_factory=list)  # the page's own pairs
    global_data: list[DataPair] = field(default_factory=list)  # pairs every item of the page inherits
    shapes: list[Shape] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    layers: list[Layer] = field(default_factory=list)

    def item(self, item_id: str) -> Shape | Line | Group | Layer | None:
        """The shape, line, group or layer with this id on the page, or None."""
        for items in (self.shapes, self.lines, self.groups, self.layers):
            for candidate in items:
                if candidate.id == item_id:
                    return candidate
        return None


@dataclass(kw_only=True)
class Collection:
    """A collection of the document: its contents id and name, and where its rows live in the
    Data Service (`data_collection_id`), read when linked data is shown."""

    id: str
    name: str
    primary_key: list[str] = field(default_factory=list)
    data_collection_id: int | None = None


@dataclass(kw_only=True)
class Content:
    """One version of a document's content."""

    pages: list[Page] = field(default_factory=list)
    collections: list[Collection] = field(default_factory=list)

    def to_json(self) -> bytes:
        """The content as stored: the dataclasses as JSON."""
        return orjson.dumps(self, option=orjson.OPT_SERIALIZE_DATACLASS)

    @classmethod
    def from_json(cls, raw: bytes | str) -> Content:
        """Content from its stored JSON."""
        return content_from_dict(orjson.loads(raw))

    @classmethod
    def blank(cls, page_id: str, title: str = "Page 1", settings: PageSettings | None = None) -> Content:
        """A new blank document: one empty page."""
        return cls(pages=[Page(id=page_id, title=title, settings=settings or PageSettings())])


# ---------------------------------------------------------------------------- decoding


def _pairs(raw: list) -> list[DataPair]:
    return [DataPair(p["key"], p["value"]) for p in raw]


def _links(raw: list) -> list[LinkRef]:
    return [LinkRef(p["collection"], p["key"]) for p in raw]


def _item_fields(raw: dict) -> dict:
    return {"id": raw["id"], "z": raw["z"], "custom_data": _pairs(raw["custom_data"]),
            "linked": _links(raw["linked"]), "note": raw["note"]}


def _point(raw: list | None) -> tuple[float, float] | None:
    return None if raw is None else (raw[0], raw[1])


def _stroke(raw: dict) -> Stroke:
    return Stroke(raw["color"], raw["width"], raw["style"])


def _shape(raw: dict) -> Shape:
    style = raw["style"]
    return Shape(
        **_item_fields(raw), type=raw["type"], class_name=raw["class_name"], bbox=BoundingBox(**raw["bbox"]),
        style=Style(Fill(**style["fill"]), _stroke(style["stroke"]), style["rounding"], style["opacity"],
                    style["text_color"]),
        text_areas=[TextArea(**a) for a in raw["text_areas"]],
        actions=[Action(**a) for a in raw["actions"]], extra=raw["extra"],
    )


def _endpoint(raw: dict) -> Endpoint:
    return Endpoint(raw["kind"], raw["style"], raw["target"], _point(raw["rel"]), raw["t"], _point(raw["point"]))


def _line(raw: dict) -> Line:
    return Line(
        **_item_fields(raw), line_type=raw["line_type"], endpoint1=_endpoint(raw["endpoint1"]),
        endpoint2=_endpoint(raw["endpoint2"]), stroke=_stroke(raw["stroke"]),
        texts=[LineText(**t) for t in raw["texts"]], joints=[_point(p) for p in raw["joints"]],
        elbow_points=[_point(p) for p in raw["elbow_points"]],
    )


def _page(raw: dict) -> Page:
    return Page(
        id=raw["id"], title=raw["title"], settings=PageSettings(**raw["settings"]),
        custom_data=_pairs(raw["custom_data"]), global_data=_pairs(raw["global_data"]),
        shapes=[_shape(s) for s in raw["shapes"]], lines=[_line(s) for s in raw["lines"]],
        groups=[Group(**_item_fields(g), members=g["members"]) for g in raw["groups"]],
        layers=[Layer(**_item_fields(g), name=g["name"], members=g["members"], visible=g["visible"])
                for g in raw["layers"]],
    )


def content_from_dict(raw: dict) -> Content:
    """The inverse of `Content.to_json` (after `orjson.loads`)."""
    return Content(pages=[_page(p) for p in raw["pages"]],
                   collections=[Collection(**c) for c in raw["collections"]])
