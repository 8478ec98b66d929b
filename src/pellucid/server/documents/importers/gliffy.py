"""Gliffy (`.gliffy`, `.gon`): JSON with one page of `stage.objects`. Children are positioned
relative to their parent; a `Text` child is its parent's label, not an item; lines take their
ends from constraints (glued to a shape) or their control path. Legacy Gliffy XML (`.gxml`,
before 2012) is refused with a 400 that says so.
"""

from __future__ import annotations

import math
from typing import Any

import orjson

from ...settings import ImportLimits
from ..classes import class_name
from ..model import (
    BoundingBox,
    Content,
    Endpoint,
    Fill,
    Group,
    Layer,
    Line,
    LineText,
    Page,
    Shape,
    Stroke,
    Style,
    TextArea,
)
from .common import Ids, Imported, InvalidFile, check_items, color

BASIC = "com.gliffy.shape.basic.basic_v1.default."
FLOWCHART = "com.gliffy.shape.flowchart.flowchart_v1.default."
TYPES = {
    BASIC + "rectangle": "rectangle", BASIC + "round_rectangle": "rectangle", BASIC + "ellipse": "circle",
    BASIC + "circle": "circle", BASIC + "text": "text", BASIC + "image": "image",
    FLOWCHART + "process": "process", FLOWCHART + "decision": "decision", FLOWCHART + "start_end": "terminator",
    FLOWCHART + "terminator": "terminator", FLOWCHART + "document": "document", FLOWCHART + "input_output": "data",
    FLOWCHART + "predefined_process": "predefinedProcess", FLOWCHART + "database": "database",
    FLOWCHART + "display": "display", FLOWCHART + "preparation": "preparation", FLOWCHART + "manual_input": "manualInput",
}
LINE, GROUP = BASIC + "line", BASIC + "group"


def parse(data: bytes, limits: ImportLimits, product: str) -> Imported:
    """A Gliffy JSON diagram as a document; the legacy XML form is refused."""
    if data.lstrip()[:1] == b"<":
        raise InvalidFile("Legacy Gliffy XML (.gxml, from before 2012) is not supported; export the diagram "
                          "from Gliffy again to get a .gliffy (JSON) file")
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise InvalidFile(f"The Gliffy file is not valid JSON: {exc}") from None
    if not isinstance(document, dict) or not isinstance(document.get("stage"), dict):
        raise InvalidFile("The file is not a Gliffy diagram: it has no stage object")
    objects = document["stage"].get("objects")
    if not isinstance(objects, list):
        raise InvalidFile("The Gliffy file's stage has no objects array")
    title = (document.get("metadata") or {}).get("title")
    page = Page(id="p1", title=title if isinstance(title, str) and title.strip() else "Page 1")
    mapper = _Mapper(page)
    mapper.objects(objects, (0.0, 0.0), None, "stage.objects")
    layers = document["stage"].get("layers")
    if isinstance(layers, list) and len(layers) >= 2:
        _layers(page, layers, objects, mapper.ids)
    content = Content(pages=[page])
    check_items(content, limits)
    return Imported(content)


def _number(value: Any, where: str, default: float | None = 0.0) -> float:
    if value is None and default is not None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidFile(f"{where} must be a number, not {value!r}")
    return float(value)


def _order(raw: dict) -> float:
    order = raw.get("order")
    return float(order) if isinstance(order, (int, float)) and not isinstance(order, bool) else 0.0


class _Mapper:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.ids = Ids()
        self.lines: list[tuple[Line, dict, str]] = []

    def objects(self, objects: list, origin: tuple[float, float], group: Group | None, where: str) -> None:
        for index, raw in enumerate(objects):
            path = f"{where}[{index}]"
            if not isinstance(raw, dict):
                raise InvalidFile(f"{path} must be an object")
            if "id" not in raw:
                raise InvalidFile(f"{path} has no id")
            graphic = raw.get("graphic") or {}
            if not isinstance(graphic, dict):
                raise InvalidFile(f"{path}.graphic must be an object")
            self.item(raw, graphic, origin, group, f"{path} (id {raw['id']})")
        self.resolve_lines()

    def item(self, raw: dict, graphic: dict, origin: tuple[float, float], group: Group | None, where: str) -> None:
        x = origin[0] + _number(raw.get("x"), f"{where}.x")
        y = origin[1] + _number(raw.get("y"), f"{where}.y")
        item_id = self.ids(0, raw["id"])
        children = raw.get("children") or []
        if not isinstance(children, list):
            raise InvalidFile(f"{where}.children must be an array")
        uid = raw.get("uid")
        if group is not None:
            group.members.append(item_id)
        if uid == GROUP:
            new_group = Group(id=item_id, z=int(_order(raw)))
            self.page.groups.append(new_group)
            for index, child in enumerate(children):
                if isinstance(child, dict) and "id" in child:
                    self.item(child, child.get("graphic") or {}, (x, y), new_group, f"{where}.children[{index}]")
            return
        label = self.label(children)
        if graphic.get("type") == "Line" or uid == LINE:
            self.line(raw, graphic.get("Line") or {}, (x, y), item_id, label, where)
            return
        box = BoundingBox(x, y, _number(raw.get("width"), f"{where}.width"), _number(raw.get("height"), f"{where}.height"),
                          _number(raw.get("rotation"), f"{where}.rotation") % 360)
        kind = TYPES.get(uid or "", "text" if graphic.get("type") == "Text" else "rectangle")
        shape_style = graphic.get("Shape") or {}
        shape = Shape(id=item_id, type=kind, class_name=class_name(kind), bbox=box, z=int(_order(raw)),
                      style=self.style(shape_style, kind, uid, box))
        text = graphic.get("Text", {}).get("html") if graphic.get("type") == "Text" else label
        if isinstance(text, str) and text.strip():
            shape.text_areas.append(TextArea("Text", text))
        self.page.shapes.append(shape)

    def label(self, children: list) -> str | None:
        for child in children:
            graphic = child.get("graphic") if isinstance(child, dict) else None
            if isinstance(graphic, dict) and graphic.get("type") == "Text":
                return (graphic.get("Text") or {}).get("html")
        return None

    def style(self, raw: dict, kind: str, uid: str | None, box: BoundingBox) -> Style:
        fill = Fill(kind="none") if kind == "text" else Fill(color=color(raw.get("fillColor"), "#ffffff"))
        stroke = Stroke("none") if kind == "text" else Stroke(
            color(raw.get("strokeColor"), "#333333"), _number(raw.get("strokeWidth"), "strokeWidth", 2),
            "dashed" if raw.get("dashStyle") else "solid")
        opacity = raw.get("opacity")
        rounding = 0.2 * min(box.w, box.h) if uid == BASIC + "round_rectangle" else 0.0
        return Style(fill=fill, stroke=stroke, rounding=rounding,
                     opacity=round(opacity * 100) if isinstance(opacity, (int, float)) and 0 <= opacity <= 1 else 100)

    def line(self, raw: dict, line: dict, origin: tuple[float, float], item_id: str, label: str | None, where: str) -> None:
        path = line.get("controlPath") or []
        try:
            points = [(origin[0] + _number(p[0], where), origin[1] + _number(p[1], where)) for p in path]
        except (TypeError, IndexError):
            raise InvalidFile(f"{where}.graphic.Line.controlPath must be an array of [x, y] points") from None
        first = points[0] if points else origin
        last = points[-1] if points else origin
        model = Line(
            id=item_id, line_type="elbow" if line.get("ortho") else "straight", z=int(_order(raw)),
            endpoint1=Endpoint("position", "none" if not line.get("startArrow") else "arrow", point=first),
            endpoint2=Endpoint("position", "none" if not line.get("endArrow") else "arrow", point=last),
            stroke=Stroke(color(line.get("strokeColor"), "#000000"), _number(line.get("strokeWidth"), where, 2),
                          "dashed" if line.get("dashStyle") else "solid"),
        )
        inner = points[1:-1]
        if line.get("ortho"):
            model.elbow_points = inner
        else:
            model.joints = inner
        if isinstance(label, str) and label.strip():
            model.texts.append(LineText(label))
        self.page.lines.append(model)
        self.lines.append((model, raw.get("constraints") or {}, where))

    def resolve_lines(self) -> None:
        shapes = {shape.id for shape in self.page.shapes}
        for line, constraints, where in self.lines:
            for key, inner, endpoint in (("startConstraint", "StartPositionConstraint", line.endpoint1),
                                         ("endConstraint", "EndPositionConstraint", line.endpoint2)):
                constraint = ((constraints.get(key) or {}).get(inner)) if isinstance(constraints, dict) else None
                if not isinstance(constraint, dict) or "nodeId" not in constraint:
                    continue
                target = self.ids.mapped.get((0, str(constraint["nodeId"])))
                if target in shapes:
                    endpoint.kind, endpoint.target, endpoint.point = "shape", target, None
                    endpoint.rel = (_number(constraint.get("px"), f"{where}.{key}.px", 0.5),
                                    _number(constraint.get("py"), f"{where}.{key}.py", 0.5))
        self.lines = []


def _layers(page: Page, layers: list, objects: list, ids: Ids) -> None:
    """Gliffy layers (`guid`, `order`, `name`, `visible`) become layers of the top-level objects."""
    members: dict[str, list[str]] = {}
    for raw in objects:
        if isinstance(raw, dict) and raw.get("layerId") is not None:
            item_id = ids.mapped.get((0, str(raw["id"])))
            if item_id is not None:
                members.setdefault(str(raw["layerId"]), []).append(item_id)
    ordered = sorted((layer for layer in layers if isinstance(layer, dict) and layer.get("guid") is not None),
                     key=_order)
    for layer in ordered:
        guid = str(layer["guid"])
        page.layers.append(Layer(id=f"layer-{guid}"[:36], name=str(layer.get("name") or guid), z=int(_order(layer)),
                                 members=members.get(guid, []), visible=layer.get("visible", True) is not False))
