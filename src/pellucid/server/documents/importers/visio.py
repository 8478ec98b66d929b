"""Visio: `.vsdx` (an OPC ZIP of XML parts) and `.vdx` (one XML file, Visio 2003), read directly
with zipfile + defusedxml. Both become the same list of `_Shape`s per page, mapped once.

The mapping: inches -> px (x 96), origin bottom-left -> top-left; a cell a shape lacks is its
master's; 1-D shapes (with BeginX) -> lines, `Type="Group"` -> groups (children in the group's
frame), others -> shapes (type from the master's name); `<Connects>` glue line ends to shapes.
Item ids are per page in Visio, so they become `p{page}s{ID}`.
"""

from __future__ import annotations

import math
import posixpath
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from ...settings import ImportLimits
from ..classes import class_name
from ..model import (
    UNITS_PER_INCH,
    BoundingBox,
    Content,
    Endpoint,
    Fill,
    Group,
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
from .archive import Archive, open_zip
from .common import Imported, InvalidFile, check_items, color
from .xml import local
from .xml import parse as parse_xml

PX = UNITS_PER_INCH
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MASTER_TYPES = {
    "process": "process", "decision": "decision", "start/end": "terminator", "terminator": "terminator",
    "document": "document", "data": "data", "database": "database", "predefined process": "predefinedProcess",
    "manual input": "manualInput", "preparation": "preparation", "off-page reference": "offPageLink",
    "rectangle": "rectangle", "square": "rectangle", "circle": "circle", "ellipse": "circle", "diamond": "diamond",
    "triangle": "isoscelesTriangle", "hexagon": "hexagon", "pentagon": "pentagon", "octagon": "octagon",
}
CONNECTOR = "dynamic connector"
_SUFFIX = re.compile(r"\.\d+$")  # Visio names copies of a master "Process.12"


@dataclass
class _Shape:
    id: str
    type: str  # Shape, Group, Foreign, Guide
    master: str | None
    master_shape: str | None
    cells: dict[str, str]
    text: str | None
    geometry: bool  # has a Geometry section
    children: list["_Shape"] = field(default_factory=list)
    connections: dict[int, tuple[float, float]] = field(default_factory=dict)  # row -> (X, Y) in inches


@dataclass
class _Master:
    name: str
    shapes: dict[str, _Shape]  # by id
    first: _Shape | None


@dataclass
class _Page:
    name: str
    width: float  # inches
    height: float
    shapes: list[_Shape]
    connects: list[dict[str, str]]


def parse(data: bytes, limits: ImportLimits, product: str) -> Imported:
    """A Visio .vsdx or .vdx drawing as document pages; background pages are left out."""
    if data[:4] == b"PK\x03\x04":
        masters, pages = _Vsdx(open_zip(data, limits, "Visio file (.vsdx)")).read()
    elif data.lstrip()[:1] == b"<":
        masters, pages = _read_vdx(parse_xml(data, "The Visio file (.vdx)"))
    else:
        raise InvalidFile("The file is neither a .vsdx (a ZIP archive) nor a .vdx (XML) Visio drawing")
    if not pages:
        raise InvalidFile("The Visio file has no foreground page")
    content = Content(pages=[_Mapper(masters, page, number).page() for number, page in enumerate(pages, 1)])
    check_items(content, limits)
    return Imported(content)


# ---------------------------------------------------------------------------- .vsdx


def _number(value: str | None, where: str) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidFile(f"{where}: {value!r} is not a number") from None
    if not math.isfinite(number):
        raise InvalidFile(f"{where}: {value!r} is not a number")
    return number


class _Vsdx:
    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    def xml(self, name: str) -> Element:
        if name not in self.archive.entries:
            raise InvalidFile(f"The .vsdx has no part {name!r}")
        return parse_xml(self.archive.read(name), f"Part {name!r}")

    def rels(self, part: str) -> dict[str, str]:
        """Relationship id -> target part name, from the part's _rels file."""
        folder, base = posixpath.split(part)
        name = f"{folder}/_rels/{base}.rels"
        if name not in self.archive.entries:
            return {}
        return {rel.get("Id"): posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
                for rel in self.xml(name) if rel.get("Id")}

    def read(self) -> tuple[dict[str, _Master], list[_Page]]:
        masters: dict[str, _Master] = {}
        masters_part = "visio/masters/masters.xml"
        if masters_part in self.archive.entries:
            targets = self.rels(masters_part)
            for master in self.xml(masters_part):
                if local(master.tag) != "Master":
                    continue
                rel = next((child.get(REL) for child in master if local(child.tag) == "Rel"), None)
                shapes = _vsdx_shapes(self.xml(targets[rel]), targets[rel]) if rel in targets else []
                masters[master.get("ID", "")] = _master(master.get("NameU") or master.get("Name") or "", shapes)
        pages_part = "visio/pages/pages.xml"
        targets = self.rels(pages_part)
        pages = []
        for page in self.xml(pages_part):
            if local(page.tag) != "Page" or page.get("Background") == "1":
                continue
            sheet = {cell.get("N"): cell.get("V") for sheet in page if local(sheet.tag) == "PageSheet"
                     for cell in sheet if local(cell.tag) == "Cell"}
            rel = next((child.get(REL) for child in page if local(child.tag) == "Rel"), None)
            if rel not in targets:
                raise InvalidFile(f"Page {page.get('Name') or page.get('NameU')!r} has no contents part")
            name = page.get("Name") or page.get("NameU") or f"Page-{len(pages) + 1}"
            contents = self.xml(targets[rel])
            pages.append(_Page(
                name, _number(sheet.get("PageWidth", "8.5"), f"Page {name!r} PageWidth"),
                _number(sheet.get("PageHeight", "11"), f"Page {name!r} PageHeight"),
                _vsdx_shapes(contents, targets[rel]),
                [dict(c.attrib) for part in contents if local(part.tag) == "Connects" for c in part],
            ))
        return masters, pages


def _master(name: str, shapes: list[_Shape]) -> _Master:
    flat: dict[str, _Shape] = {}
    pending = list(shapes)
    while pending:
        shape = pending.pop()
        flat[shape.id] = shape
        pending.extend(shape.children)
    return _Master(_SUFFIX.sub("", name).strip().lower(), flat, shapes[0] if shapes else None)


def _vsdx_shapes(root: Element, part: str) -> list[_Shape]:
    holder = next((child for child in root if local(child.tag) == "Shapes"), None)
    return [_vsdx_shape(shape, part) for shape in holder if local(shape.tag) == "Shape"] if holder is not None else []


def _vsdx_shape(element: Element, part: str) -> _Shape:
    cells: dict[str, str] = {}
    text = None
    geometry = False
    children: list[_Shape] = []
    connections: dict[int, tuple[float, float]] = {}
    for child in element:
        tag = local(child.tag)
        if tag == "Cell" and child.get("N") and child.get("V") is not None:
            cells[child.get("N")] = child.get("V")
        elif tag == "Text":
            text = "".join(child.itertext())
        elif tag == "Section" and child.get("N") == "Geometry":
            geometry = True
        elif tag == "Section" and child.get("N") == "Connection":
            for index, row in enumerate(r for r in child if local(r.tag) == "Row"):
                values = {c.get("N"): c.get("V") for c in row if local(c.tag) == "Cell"}
                if "X" in values and "Y" in values:
                    where = f"Part {part!r}, shape {element.get('ID')}, connection {index}"
                    connections[int(row.get("IX", index))] = (_number(values["X"], where), _number(values["Y"], where))
        elif tag == "Shapes":
            children = [_vsdx_shape(s, part) for s in child if local(s.tag) == "Shape"]
    return _Shape(element.get("ID", ""), element.get("Type", "Shape"), element.get("Master"),
                  element.get("MasterShape"), cells, text, geometry, children, connections)


# ---------------------------------------------------------------------------- .vdx

_VDX_GROUPS = ("XForm", "XForm1D", "Fill", "Line", "Misc")


def _read_vdx(root: Element) -> tuple[dict[str, _Master], list[_Page]]:
    if local(root.tag) != "VisioDocument":
        raise InvalidFile(f"The file is not a Visio XML drawing: its root element is <{local(root.tag)}>")
    colors = {}
    masters: dict[str, _Master] = {}
    pages: list[_Page] = []
    for section in root:
        tag = local(section.tag)
        if tag == "Colors":
            colors = {entry.get("IX"): entry.get("RGB") for entry in section}
        elif tag == "Masters":
            for master in section:
                shapes = [_vdx_shape(s, colors) for part in master if local(part.tag) == "Shapes"
                          for s in part if local(s.tag) == "Shape"]
                masters[master.get("ID", "")] = _master(master.get("NameU") or master.get("Name") or "", shapes)
        elif tag == "Pages":
            for page in section:
                if page.get("Background") == "1":
                    continue
                props = {local(cell.tag): cell.text for sheet in page if local(sheet.tag) == "PageSheet"
                         for group in sheet if local(group.tag) == "PageProps" for cell in group}
                name = page.get("Name") or page.get("NameU") or f"Page-{len(pages) + 1}"
                shapes = [_vdx_shape(s, colors) for part in page if local(part.tag) == "Shapes"
                          for s in part if local(s.tag) == "Shape"]
                connects = [dict(c.attrib) for part in page if local(part.tag) == "Connects" for c in part]
                pages.append(_Page(name, _number(props.get("PageWidth") or "8.5", f"Page {name!r} PageWidth"),
                                   _number(props.get("PageHeight") or "11", f"Page {name!r} PageHeight"),
                                   shapes, connects))
    return masters, pages


def _vdx_shape(element: Element, colors: dict[str, str]) -> _Shape:
    cells: dict[str, str] = {}
    text = None
    geometry = False
    children: list[_Shape] = []
    connections: dict[int, tuple[float, float]] = {}
    for child in element:
        tag = local(child.tag)
        if tag in _VDX_GROUPS:
            for cell in child:
                if cell.text is not None:
                    value = cell.text.strip()
                    if local(cell.tag) in ("FillForegnd", "LineColor") and value in colors:
                        value = colors[value]  # a colour index into <Colors>
                    cells[local(cell.tag)] = value
        elif tag == "Text":
            text = "".join(child.itertext())
        elif tag == "Geom":
            geometry = True
        elif tag == "Connection":
            values = {local(cell.tag): cell.text for cell in child}
            index = int(child.get("IX", len(connections)))
            where = f"Shape {element.get('ID')}, connection {index}"
            connections[index] = (_number(values.get("X"), where), _number(values.get("Y"), where))
        elif tag == "Shapes":
            children = [_vdx_shape(s, colors) for s in child if local(s.tag) == "Shape"]
    return _Shape(element.get("ID", ""), element.get("Type", "Shape"), element.get("Master"),
                  element.get("MasterShape"), cells, text, geometry, children, connections)


# ---------------------------------------------------------------------------- mapping


class _Mapper:
    def __init__(self, masters: dict[str, _Master], page: _Page, number: int) -> None:
        self.masters = masters
        self.source = page
        self.number = number
        self.ids: dict[str, str] = {}  # Visio shape id -> item id
        self.kinds: dict[str, str] = {}  # item id -> shape | line | group
        self.page_model = Page(id=f"p{number}", title=page.name, settings=PageSettings(
            width=page.width * PX, height=page.height * PX))
        self.sheets: dict[str, _Shape] = {}  # Visio id -> shape, for connection points

    def item_id(self, shape: _Shape) -> str:
        return self.ids.setdefault(shape.id, f"p{self.number}s{shape.id}")

    def master_of(self, shape: _Shape) -> tuple[_Master | None, _Shape | None]:
        master = self.masters.get(shape.master or "")
        if master is None:
            return None, None
        return master, master.shapes.get(shape.master_shape or "") or master.first

    def cell(self, shape: _Shape, name: str) -> str | None:
        if name in shape.cells:
            return shape.cells[name]
        _, inherited = self.master_of(shape)
        return inherited.cells.get(name) if inherited is not None else None

    def num(self, shape: _Shape, name: str, default: float | None = None) -> float:
        value = self.cell(shape, name)
        if value is None or value == "" or value.startswith("THEMEVAL"):
            if default is None:
                raise InvalidFile(f"Page {self.source.name!r}, shape {shape.id}: cell {name} is missing")
            return default
        return _number(value, f"Page {self.source.name!r}, shape {shape.id}, cell {name}")

    def page(self) -> Page:
        for shape in self.source.shapes:
            self.place(shape, (0.0, 0.0), None)
        self.connect()
        return self.page_model

    def place(self, shape: _Shape, origin: tuple[float, float], group: Group | None) -> None:
        """Map a shape whose pin is relative to `origin` (inches, y up); children of groups recurse."""
        master, inherited = self.master_of(shape)
        if shape.type == "Guide":
            return
        item_id = self.item_id(shape)
        if group is not None:
            group.members.append(item_id)
        if self.cell(shape, "BeginX") is not None and shape.type != "Group":
            self.line(shape, origin, master)
            return
        width, height = self.num(shape, "Width", 0), self.num(shape, "Height", 0)
        pin_x = origin[0] + self.num(shape, "PinX", 0)
        pin_y = origin[1] + self.num(shape, "PinY", 0)
        loc_x, loc_y = self.num(shape, "LocPinX", width / 2), self.num(shape, "LocPinY", height / 2)
        if shape.type == "Group":
            new_group = Group(id=item_id)
            self.kinds[item_id] = "group"
            self.page_model.groups.append(new_group)
            for child in shape.children:
                self.place(child, (pin_x - loc_x, pin_y - loc_y), new_group)
            return
        box = BoundingBox((pin_x - loc_x) * PX, (self.source.height - pin_y + loc_y - height) * PX, width * PX,
                          height * PX, (-math.degrees(self.num(shape, "Angle", 0))) % 360)
        text = shape.text if shape.text is not None else (inherited.text if inherited is not None else None)
        has_geometry = shape.geometry or (inherited is not None and inherited.geometry)
        kind = MASTER_TYPES.get(master.name, "rectangle") if master is not None else (
            "rectangle" if has_geometry or not text else "text")
        self.kinds[item_id] = "shape"
        self.sheets[shape.id] = shape
        model = Shape(id=item_id, type=kind, class_name=class_name(kind), bbox=box, style=self.style(shape, kind))
        if text and text.strip():
            model.text_areas.append(TextArea("Text", from_plain(text.strip())))
        self.page_model.shapes.append(model)

    def style(self, shape: _Shape, kind: str) -> Style:
        fill = Fill(kind="none") if kind == "text" or self.cell(shape, "FillPattern") == "0" else Fill(
            color=color(self.cell(shape, "FillForegnd"), "#ffffff"))
        return Style(fill=fill, stroke=self.stroke(shape, "none" if kind == "text" else "#000000"),
                     rounding=2 * self.num(shape, "Rounding", 0) * PX)

    def stroke(self, shape: _Shape, default: str) -> Stroke:
        pattern = self.cell(shape, "LinePattern")
        style = {"0": None, "1": "solid", "2": "dashed", "3": "dotted", None: "solid"}.get(pattern, "dashed")
        if style is None:
            return Stroke("none")
        line_color = self.cell(shape, "LineColor")
        return Stroke(color(line_color, default) if line_color and not line_color.startswith("THEMEVAL") else default,
                      self.num(shape, "LineWeight", 1 / PX) * PX, style)

    def line(self, shape: _Shape, origin: tuple[float, float], master: _Master | None) -> None:
        item_id = self.item_id(shape)
        self.kinds[item_id] = "line"

        def at(x_cell: str, y_cell: str) -> tuple[float, float]:
            return ((origin[0] + self.num(shape, x_cell)) * PX, (self.source.height - origin[1] - self.num(shape, y_cell)) * PX)

        connector = master is not None and master.name == CONNECTOR
        kind = "straight"
        if connector:
            kind = "curved" if self.cell(shape, "ConLineRouteExt") == "2" else "elbow"
        arrow = lambda name: "none" if self.num(shape, name, 0) == 0 else "arrow"  # noqa: E731
        model = Line(id=item_id, line_type=kind, stroke=self.stroke(shape, "#000000"),
                     endpoint1=Endpoint("position", arrow("BeginArrow"), point=at("BeginX", "BeginY")),
                     endpoint2=Endpoint("position", arrow("EndArrow"), point=at("EndX", "EndY")))
        text = shape.text
        if text and text.strip():
            model.texts.append(LineText(from_plain(text.strip())))
        self.page_model.lines.append(model)

    def connect(self) -> None:
        lines = {line.id: line for line in self.page_model.lines}
        for connect in self.source.connects:
            line = lines.get(self.ids.get(connect.get("FromSheet", ""), ""))
            target = self.ids.get(connect.get("ToSheet", ""))
            end = {"BeginX": "endpoint1", "EndX": "endpoint2"}.get(connect.get("FromCell", ""))
            if line is None or target is None or end is None or self.kinds.get(target) != "shape":
                continue
            endpoint: Endpoint = getattr(line, end)
            endpoint.kind, endpoint.target, endpoint.point = "shape", target, None
            endpoint.rel = self.connection_point(connect.get("ToSheet", ""), connect.get("ToCell", ""))

    def connection_point(self, sheet: str, cell: str) -> tuple[float, float] | None:
        match = re.fullmatch(r"Connections\.X(\d{1,9})", cell, re.ASCII)
        if match is None or sheet not in self.sheets:
            return None
        shape = self.sheets[sheet]
        _, inherited = self.master_of(shape)
        source = shape if shape.connections or inherited is None else inherited  # its points, in its own size
        point = source.connections.get(int(match.group(1)) - 1)
        width, height = self.num(source, "Width", 0), self.num(source, "Height", 0)
        if point is None or not width or not height:
            return None
        return (point[0] / width, 1 - point[1] / height)
