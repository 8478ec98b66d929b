"""draw.io / diagrams.net files: `<mxfile>` with a page per `<diagram>` (plain, or compressed:
base64 -> raw DEFLATE -> URL-encoded XML), or a bare `<mxGraphModel>`.

Cells map onto the model: vertices -> shapes (type from the style), edges -> lines (terminals
-> connected endpoints, waypoints -> joints or elbow points, labels and `edgeLabel` children
-> line texts), `group` vertices -> groups, the root's children -> layers (shown when there are
two or more). Child geometry is relative to the parent vertex; it is made absolute here.
"""

from __future__ import annotations

import base64
import binascii
import math
import urllib.parse
import zlib
from dataclasses import dataclass, field
from typing import Callable
from xml.etree.ElementTree import Element

from ...settings import ImportLimits
from ..classes import class_name
from ..model import (
    LETTER,
    Action,
    BoundingBox,
    Content,
    DataPair,
    Endpoint,
    Fill,
    Group,
    Layer,
    Line,
    LineText,
    Page,
    PageSettings,
    Shape,
    Stroke,
    Style,
    TextArea,
)
from ..text import from_plain
from . import images
from .common import Ids, Imported, InvalidFile, check_items, color
from .xml import local
from .xml import parse as parse_xml

ELBOW_STYLES = {"orthogonalEdgeStyle", "elbowEdgeStyle", "entityRelationEdgeStyle", "isometricEdgeStyle"}
WRAPPER_SKIP = {"id", "label", "placeholders", "tooltip", "link"}
FLOWCHART = "mxgraph.flowchart."
# Named styles and shape= values -> Standard Import types (first match wins).
SHAPE_TYPES = {
    "text": "text", "ellipse": "circle", FLOWCHART + "on-page_reference": "connector", "rhombus": "decision",
    FLOWCHART + "decision": "decision", FLOWCHART + "terminator": "terminator", "process": "process",
    FLOWCHART + "predefined_process": "predefinedProcess", "cylinder": "database", "cylinder3": "database",
    "datastore": "database", FLOWCHART + "database": "database", "document": "document",
    FLOWCHART + "document": "document", FLOWCHART + "multi-document": "multipleDocuments",
    "parallelogram": "data", FLOWCHART + "data": "data", "hexagon": "hexagon", FLOWCHART + "preparation": "preparation",
    "triangle": "isoscelesTriangle", "cloud": "cloud", "note": "stickyNote", "manualInput": "manualInput",
    "delay": "delay", "display": "display", "dataStorage": "storedData", "internalStorage": "internalStorage",
    "tape": "paperTape", "offPageConnector": "offPageLink", FLOWCHART + "annotation_1": "note",
    FLOWCHART + "annotation_2": "note", "swimlane": "rectangleContainer", "image": "image",
}
ARROWS = {
    "classic": "arrow", "block": "arrow", "classicThin": "arrow", "blockThin": "arrow", "open": "openArrow",
    "openThin": "openArrow", "oval": "closedCircle", "diamond": "composition", "diamondThin": "composition",
    "box": "closedSquare", "ERmany": "many", "ERone": "one", "ERmandOne": "exactlyOne", "ERzeroToOne": "zeroOrOne",
    "ERzeroToMany": "zeroOrMore", "ERoneToMany": "oneOrMore", "async": "async1", "openAsync": "async1",
    "none": "none", "": "none",
}
HOLLOW = {"arrow": "hollowArrow", "closedCircle": "openCircle", "composition": "aggregation", "closedSquare": "openSquare"}


def parse(data: bytes, limits: ImportLimits, product: str) -> Imported:
    """A draw.io file (a bare model or an `mxfile` of diagrams) as document pages."""
    root = parse_xml(data, "The draw.io file")
    tag = local(root.tag)
    if tag == "mxGraphModel":
        diagrams = [(None, "Page-1", root)]
    elif tag == "mxfile":
        diagrams = [(d.get("id"), d.get("name") or f"Page-{n}", _model(d, n, limits))
                    for n, d in enumerate((d for d in root if local(d.tag) == "diagram"), 1)]
        if not diagrams:
            raise InvalidFile("The draw.io file has no <diagram> (page)")
    else:
        raise InvalidFile(f"The file is not a draw.io diagram: its root element is <{tag}>, not <mxfile> or <mxGraphModel>")
    result = Imported(Content())
    page_ids, item_ids = Ids(), Ids()
    for index, (diagram_id, name, model) in enumerate(diagrams):
        page = _Page(result, item_ids, index, limits).build(model)
        page.id, page.title = page_ids(index, diagram_id or f"page-{index + 1}"), name
        result.content.pages.append(page)
        check_items(result.content, limits)
    return result


def _model(diagram: Element, number: int, limits: ImportLimits) -> Element:
    """The diagram's `<mxGraphModel>`, inflated from its text when compressed."""
    for child in diagram:
        if local(child.tag) == "mxGraphModel":
            return child
    text = (diagram.text or "").strip()
    where = f"Diagram {number} ({diagram.get('name') or diagram.get('id') or 'unnamed'})"
    if not text:
        raise InvalidFile(f"{where} is empty: it has neither an <mxGraphModel> nor compressed text")
    try:
        packed = base64.b64decode(text, validate=True)
        inflater = zlib.decompressobj(-15)
        raw = inflater.decompress(packed, limits.max_uncompressed_bytes)
        if inflater.unconsumed_tail:
            raise InvalidFile(f"{where} inflates to more than {limits.max_uncompressed_bytes:,} bytes; that is the limit")
        if not inflater.eof:
            raise zlib.error("the compressed data is truncated")
        xml = raw.decode("utf-8")
    except (binascii.Error, ValueError, zlib.error, UnicodeDecodeError) as exc:
        raise InvalidFile(f"{where} holds compressed text that cannot be decoded (base64, then raw DEFLATE): {exc}") from None
    if xml.startswith("%3C"):
        xml = urllib.parse.unquote(xml)
    model = parse_xml(xml.encode(), f"{where} (decompressed)")
    if local(model.tag) != "mxGraphModel":
        raise InvalidFile(f"{where} decompresses to <{local(model.tag)}>, not <mxGraphModel>")
    return model


def _style(text: str | None) -> tuple[dict[str, str], list[str]]:
    """`rounded=1;whiteSpace=wrap;ellipse;` -> ({"rounded": "1", ...}, ["ellipse"])."""
    pairs: dict[str, str] = {}
    names: list[str] = []
    for part in (text or "").split(";"):
        key, eq, value = part.partition("=")
        if eq:
            pairs[key.strip()] = value.strip()
        elif key.strip():
            names.append(key.strip())
    return pairs, names


def _float(value: str | None, default: float = 0.0, where: str | Callable[[], str] = "") -> float:
    """The number an attribute holds; `where` names it in the error (a function making the name
    when that costs: thousands of cells are read)."""
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if number != number or number in (math.inf, -math.inf):
        raise InvalidFile(f"{where() if callable(where) else where}: {value!r} is not a number")
    return number


@dataclass
class _Cell:
    id: str
    parent: str | None
    element: Element  # the mxCell
    label: str
    style: dict[str, str]
    names: list[str]
    data: list[DataPair] = field(default_factory=list)
    link: str | None = None
    # Read once from `element`: each is asked for several times per cell.
    vertex: bool = field(init=False)
    edge: bool = field(init=False)
    geometry: Element | None = field(init=False)  # its <mxGeometry>

    def __post_init__(self) -> None:
        self.vertex = self.element.get("vertex") == "1"
        self.edge = self.element.get("edge") == "1"
        self.geometry = next((child for child in self.element if local(child.tag) == "mxGeometry"), None)

    def named(self, name: str) -> bool:
        return name in self.names or self.style.get("shape") == name


def _cells(model: Element, where: str) -> list[_Cell]:
    root = next((child for child in model if local(child.tag) == "root"), None)
    if root is None:
        raise InvalidFile(f"{where}: <mxGraphModel> has no <root>")
    cells = []
    for element in root:
        tag = local(element.tag)
        if tag == "mxCell":
            cell, wrapper = element, None
        elif tag in ("UserObject", "object"):
            cell = next((child for child in element if local(child.tag) == "mxCell"), None)
            wrapper = element
            if cell is None:
                raise InvalidFile(f"{where}: <{tag} id={element.get('id')!r}> wraps no <mxCell>")
        else:
            continue
        source = wrapper if wrapper is not None else cell
        cell_id = source.get("id")
        if not cell_id:
            raise InvalidFile(f"{where}: an <mxCell> has no id")
        style, names = _style(cell.get("style"))
        item = _Cell(cell_id, cell.get("parent"), cell, source.get("label" if wrapper is not None else "value") or "",
                     style, names)
        if wrapper is not None:
            item.data = [DataPair(k, v) for k, v in wrapper.attrib.items() if k not in WRAPPER_SKIP]
            item.link = wrapper.get("link")
        cells.append(item)
    return cells


def _label(cell: _Cell) -> str:
    """The cell's label as the model's HTML, its font styles applied."""
    if not cell.label:
        return ""
    html = cell.label if cell.style.get("html") == "1" else from_plain(cell.label)
    bits = int(_float(cell.style.get("fontStyle"), 0, f"cell {cell.id!r} fontStyle"))
    for bit, tag in ((1, "b"), (2, "i"), (4, "u"), (8, "s")):
        if bits & bit:
            html = f"<{tag}>{html}</{tag}>"
    css = []
    if "fontSize" in cell.style:
        css.append(f"font-size:{_float(cell.style['fontSize'], 12, f'cell {cell.id!r} fontSize') * 0.75:g}pt")
    if cell.style.get("fontColor", "none") != "none":
        css.append(f"color:{color(cell.style['fontColor'], '#000000')}")
    if cell.style.get("align") in ("left", "center", "right"):
        css.append(f"text-align:{cell.style['align']}")
    if cell.style.get("fontFamily"):
        css.append(f"font-family:{cell.style['fontFamily']}")
    return f'<p style="{";".join(css)}">{html}</p>' if css else html


def _opacity(style: dict[str, str], key: str) -> float:
    if key not in style:
        return 1.0
    return max(0.0, min(100.0, _float(style[key], 100, key))) / 100


def _alpha(value: str, opacity: float) -> str:
    if opacity >= 1:
        return value
    return value[:7] + f"{round(opacity * 255):02x}"


class _Page:
    def __init__(self, result: Imported, ids: Ids, index: int, limits: ImportLimits) -> None:
        self.result = result
        self.ids = ids
        self.index = index
        self.limits = limits
        self.where = f"Page {index + 1}"

    def build(self, model: Element) -> Page:
        cells = _cells(model, self.where)
        self.cells = {cell.id: cell for cell in cells}
        self.children: dict[str, list[_Cell]] = {}
        for cell in cells:
            self.children.setdefault(cell.parent or "", []).append(cell)
        width = _float(model.get("pageWidth"), LETTER[0], f"{self.where} pageWidth")
        height = _float(model.get("pageHeight"), LETTER[1], f"{self.where} pageHeight")
        page = Page(id="", title="", settings=PageSettings(width=width or LETTER[0], height=height or LETTER[1]))
        if model.get("background") and model.get("background") != "none":
            page.settings.fill = color(model.get("background"), "#ffffff")
        root_ids = {cell.id for cell in cells if not cell.parent or cell.parent not in self.cells}
        layers = [cell for cell in cells if cell.parent in root_ids and not cell.vertex and not cell.edge]
        layer_of = {layer.id for layer in layers}
        self.offsets: dict[str, tuple[float, float]] = {}
        groups: dict[str, Group] = {}
        lines: list[tuple[_Cell, Line]] = []
        for cell in cells:
            if cell.id in root_ids or cell.id in layer_of:
                continue
            parent = self.cells.get(cell.parent or "")
            if cell.vertex and parent is not None and parent.edge:
                continue  # an edge label: read with its edge
            if cell.vertex and cell.named("group"):
                groups[cell.id] = Group(id=self.ids(self.index, cell.id), custom_data=cell.data)
            elif cell.vertex:
                page.shapes.append(self.shape(cell))
            elif cell.edge:
                line = self.line(cell)
                page.lines.append(line)
                lines.append((cell, line))
        for cell, line in lines:
            self.connect(cell, line)
        for group_id, group in groups.items():
            group.members = self.members(group_id)
        page.groups = list(groups.values())
        if len(layers) >= 2:
            for number, layer in enumerate(layers, 1):
                members = self.members(layer.id)
                name = layer.label or ("Background" if number == 1 else f"Layer {number}")
                page.layers.append(Layer(id=self.ids(self.index, layer.id), name=name, members=members,
                                         visible=layer.element.get("visible") != "0", z=number - 1))
        return page

    def members(self, container_id: str) -> list[str]:
        """Ids of the direct children that are items (vertices and edges, not edge labels)."""
        return [self.ids(self.index, child.id) for child in self.children.get(container_id, ())
                if child.vertex or child.edge]

    def offset(self, cell_id: str | None) -> tuple[float, float]:
        """Absolute position of a cell's origin: the sum of its vertex ancestors' x/y."""
        cell = self.cells.get(cell_id or "")
        if cell is None or not cell.vertex:
            return (0.0, 0.0)
        if cell.id not in self.offsets:
            self.offsets[cell.id] = (0.0, 0.0)  # a parent cycle ends here
            geometry = cell.geometry
            own = (0.0, 0.0) if geometry is None or geometry.get("relative") == "1" else (
                _float(geometry.get("x"), 0, lambda: self._at(cell, "x")),
                _float(geometry.get("y"), 0, lambda: self._at(cell, "y")))
            base = self.offset(cell.parent)
            self.offsets[cell.id] = (base[0] + own[0], base[1] + own[1])
        return self.offsets[cell.id]

    def _at(self, cell: _Cell, attribute: str) -> str:
        return f"{self.where}, cell {cell.id!r}, geometry {attribute}"

    def box(self, cell: _Cell) -> BoundingBox:
        x, y = self.offset(cell.id)
        geometry = cell.geometry
        width = _float(geometry.get("width"), 0, lambda: self._at(cell, "width")) if geometry is not None else 0.0
        height = _float(geometry.get("height"), 0, lambda: self._at(cell, "height")) if geometry is not None else 0.0
        return BoundingBox(x, y, max(width, 0.0), max(height, 0.0),
                           _float(cell.style.get("rotation"), 0, lambda: self._at(cell, "rotation")) % 360)

    # ------------------------------------------------------------------ shapes
    def kind(self, cell: _Cell) -> str:
        for name in [cell.style.get("shape", ""), *cell.names]:
            if name in SHAPE_TYPES:
                kind = SHAPE_TYPES[name]
                if kind == "image" and not cell.style.get("image"):
                    continue
                return kind
        if cell.style.get("rounded") == "1" and _float(cell.style.get("arcSize"), 10, lambda: self._at(cell, "arcSize")) >= 40:
            return "terminator"
        if "image" in cell.style:
            return "image"
        return "rectangle"

    def shape(self, cell: _Cell) -> Shape:
        kind = self.kind(cell)
        box = self.box(cell)
        style = cell.style
        fill_color = style.get("fillColor", "#ffffff" if kind not in ("text", "image") else "none")
        if fill_color == "none" or kind == "text":
            fill = Fill(kind="none")
        else:
            fill = Fill(color=_alpha(color(fill_color, "#ffffff"), _opacity(style, "fillOpacity")))
        if kind == "image":
            fill = Fill(kind="image", image=self.image(cell, style["image"]), image_scale="fit")
        stroke = self.stroke(style, "none" if kind == "text" else "#000000")
        rounding = 0.0
        if style.get("rounded") == "1" and kind == "rectangle":
            rounding = 2 * _float(style.get("arcSize"), 10, lambda: self._at(cell, "arcSize")) / 100 * min(box.w, box.h)
        shape = Shape(
            id=self.ids(self.index, cell.id), type=kind, class_name=class_name(kind), bbox=box,
            style=Style(fill=fill, stroke=stroke, rounding=rounding, opacity=round(_opacity(style, "opacity") * 100),
                        text_color=color(style["fontColor"], "#000000") if style.get("fontColor", "none") != "none" else None),
            custom_data=cell.data, actions=[Action(type="url", url=cell.link)] if cell.link else [],
            extra={"drawioStyle": cell.element.get("style") or ""},
        )
        label = _label(cell)
        if label:
            valign = {"top": "top", "bottom": "bottom"}.get(style.get("verticalAlign", ""), "middle")
            shape.text_areas.append(TextArea("Text", label, valign))
        return shape

    def stroke(self, style: dict[str, str], default: str) -> Stroke:
        value = style.get("strokeColor", default)
        stroke_color = "none" if value == "none" else _alpha(color(value, "#000000"), _opacity(style, "strokeOpacity"))
        dashed = style.get("dashed") == "1"
        dotted = dashed and style.get("dashPattern", "").replace(" ", "") in ("1", "12", "13", "14")
        return Stroke(stroke_color, _float(style.get("strokeWidth"), 1, "strokeWidth"),
                      "dotted" if dotted else "dashed" if dashed else "solid")

    def image(self, cell: _Cell, url: str) -> str:
        """An embedded image (`data:image/png,<base64>`) becomes a blob; a URL stays one."""
        if not url.startswith("data:"):
            return url
        header, _, payload = url.partition(",")
        try:
            data = base64.b64decode(payload.replace(" ", "+"), validate=False)
        except (binascii.Error, ValueError) as exc:
            raise InvalidFile(f"{self.where}, cell {cell.id!r}: its embedded image is not base64: {exc}") from None
        if len(data) > self.limits.max_image_bytes:
            raise InvalidFile(f"{self.where}, cell {cell.id!r}: its image is larger than {self.limits.max_image_bytes:,} bytes")
        media_type = images.media_type(data, f"{self.where}, cell {cell.id!r}, image", self.limits)
        return self.result.add_blob(data, media_type)

    # ------------------------------------------------------------------ lines
    def points(self, cell: _Cell, geometry: Element | None) -> list[tuple[float, float]]:
        if geometry is None:
            return []
        base = self.offset(cell.parent)
        found = []
        for child in geometry:
            if local(child.tag) == "Array" and child.get("as") == "points":
                for point in child:
                    found.append((base[0] + _float(point.get("x"), 0, lambda: self._at(cell, "point x")),
                                  base[1] + _float(point.get("y"), 0, lambda: self._at(cell, "point y"))))
        return found

    def terminal_point(self, cell: _Cell, geometry: Element | None, which: str) -> tuple[float, float]:
        base = self.offset(cell.parent)
        if geometry is not None:
            for child in geometry:
                if local(child.tag) == "mxPoint" and child.get("as") == which:
                    return (base[0] + _float(child.get("x"), 0, lambda: self._at(cell, which)),
                            base[1] + _float(child.get("y"), 0, lambda: self._at(cell, which)))
        return base

    def line(self, cell: _Cell) -> Line:
        style = cell.style
        geometry = cell.geometry
        if style.get("edgeStyle") in ELBOW_STYLES:
            kind = "elbow"
        elif style.get("curved") == "1":
            kind = "curved"
        else:
            kind = "straight"
        points = self.points(cell, geometry)
        line = Line(
            id=self.ids(self.index, cell.id), line_type=kind,
            endpoint1=Endpoint("position", self.arrow(style, "start"), point=self.terminal_point(cell, geometry, "sourcePoint")),
            endpoint2=Endpoint("position", self.arrow(style, "end"), point=self.terminal_point(cell, geometry, "targetPoint")),
            stroke=self.stroke(style, "#000000"), custom_data=cell.data,
            joints=points if kind != "elbow" else [], elbow_points=points if kind == "elbow" else [],
        )
        label = _label(cell)
        if label:
            line.texts.append(LineText(label))
        for child in self.children.get(cell.id, ()):
            if child.vertex and (child_label := _label(child)):
                child_geometry = child.geometry
                x = _float(child_geometry.get("x"), 0, lambda: self._at(child, "x")) if child_geometry is not None else 0.0
                line.texts.append(LineText(child_label, min(1.0, max(0.0, (x + 1) / 2))))
        return line

    def arrow(self, style: dict[str, str], end: str) -> str:
        name = style.get(f"{end}Arrow", "classic" if end == "end" else "none")
        kind = ARROWS.get(name, "arrow")
        if style.get(f"{end}Fill") == "0":
            kind = HOLLOW.get(kind, kind)
        return kind

    def connect(self, cell: _Cell, line: Line) -> None:
        for attribute, endpoint, prefix in (("source", line.endpoint1, "exit"), ("target", line.endpoint2, "entry")):
            target = self.cells.get(cell.element.get(attribute) or "")
            if target is None or not (target.vertex or target.edge) or target.named("group"):
                continue
            if target.edge:
                endpoint.kind, endpoint.target, endpoint.t, endpoint.point = "line", self.ids(self.index, target.id), 0.5, None
                continue
            endpoint.kind, endpoint.target, endpoint.point = "shape", self.ids(self.index, target.id), None
            if f"{prefix}X" in cell.style and f"{prefix}Y" in cell.style:
                endpoint.rel = (_float(cell.style[f"{prefix}X"], 0.5, f"{prefix}X"),
                                _float(cell.style[f"{prefix}Y"], 0.5, f"{prefix}Y"))
