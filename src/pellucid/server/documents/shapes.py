"""The geometry of every shape type in its bounding box, before rotation: the paths to paint,
the outline lines attach to, and where each of its texts goes. I/O-free.

Most types are polygons in unit coordinates (0..1 across the box); curved ones are paths.
Type-specific properties are read from `Shape.extra` under their Standard Import names
(`vertices`, `shape.numPoints`, `orientation`, `indent`, `lanes`, `titleBar`, `vertical`,
`rowCount`, `colCount`, `cells`, `userSpecifiedRows`, `sideWidth`, `points`, `offset`, ...).
Unknown types draw as rectangles.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

from .model import Shape
from .text import from_plain
from .svg import num, pts

Box = tuple[float, float, float, float]
Point = tuple[float, float]

SHAPE_FILL = "shape"  # a part painted with the shape's own fill
HEADER = 30.0  # default swimlane title bar and lane header size, px
TABLE_LINE = "#000000"


@dataclass(slots=True)
class Part:
    """One path of a shape: filled (with the shape's fill, a colour, or nothing) and stroked."""

    d: str
    fill: str | None = SHAPE_FILL
    stroke: bool = True


@dataclass(slots=True)
class TextSlot:
    """Where the text area `label` goes; `default` is shown when the shape has no such area."""

    label: str
    box: Box
    vertical: bool = False  # written bottom to top (a swimlane header on the left)
    default: str = ""


@dataclass(slots=True)
class Geometry:
    parts: list[Part]
    outline: list[Point]  # a polygon, for where a line without a fixed position meets the shape
    slots: list[TextSlot] = field(default_factory=list)


# ---------------------------------------------------------------------------- helpers


def _map(box: Box, unit: list[Point]) -> list[Point]:
    x, y, w, h = box
    return [(x + u * w, y + v * h) for u, v in unit]


def _closed(points: list[Point]) -> str:
    return "M" + pts(points).replace(" ", " L") + " Z"


def _open(points: list[Point]) -> str:
    return "M" + pts(points).replace(" ", " L")


def _inset(box: Box, left: float, top: float, right: float, bottom: float) -> Box:
    x, y, w, h = box
    return x + left * w, y + top * h, w * (1 - left - right), h * (1 - top - bottom)


def _rect_outline(box: Box) -> list[Point]:
    return _map(box, [(0, 0), (1, 0), (1, 1), (0, 1)])


def _rounded_rect(box: Box, radius: float) -> str:
    x, y, w, h = box
    r = max(0.0, min(radius, w / 2, h / 2))
    if r <= 0:
        return _closed(_rect_outline(box))
    arc = f"A{num(r)},{num(r)} 0 0 1 "
    return (f"M{num(x + r)},{num(y)} H{num(x + w - r)} {arc}{num(x + w)},{num(y + r)} V{num(y + h - r)} "
            f"{arc}{num(x + w - r)},{num(y + h)} H{num(x + r)} {arc}{num(x)},{num(y + h - r)} V{num(y + r)} "
            f"{arc}{num(x + r)},{num(y)} Z")


def _ellipse(box: Box) -> tuple[str, list[Point]]:
    x, y, w, h = box
    cx, cy, rx, ry = x + w / 2, y + h / 2, w / 2, h / 2
    d = (f"M{num(x)},{num(cy)} A{num(rx)},{num(ry)} 0 1 1 {num(x + w)},{num(cy)} "
         f"A{num(rx)},{num(ry)} 0 1 1 {num(x)},{num(cy)} Z")
    outline = [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in (i * math.pi / 24 for i in range(48))]
    return d, outline


def _polygon(unit: list[Point], text: tuple[float, float, float, float] = (0, 0, 0, 0)) -> Callable:
    def build(shape: Shape, box: Box) -> Geometry:
        points = _map(box, unit)
        return Geometry([Part(_closed(points))], points, [TextSlot("Text", _inset(box, *text))])

    return build


def _point(value: Any, default: Point = (0.0, 0.0)) -> Point:
    """{x, y} or [x, y] (Standard Import writes objects; numbers may be strings)."""
    try:
        if isinstance(value, dict):
            return float(value["x"]), float(value["y"])
        return float(value[0]), float(value[1])
    except (KeyError, IndexError, TypeError, ValueError):
        return default


def _number(value: Any, default: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


# ---------------------------------------------------------------------------- basic shapes


def _rectangle(shape: Shape, box: Box) -> Geometry:
    return Geometry([Part(_rounded_rect(box, shape.style.rounding / 2))], _rect_outline(box),
                    [TextSlot("Text", box)])


def _invisible(shape: Shape, box: Box) -> Geometry:
    """Text blocks and hotspots: no outline or fill, text only."""
    return Geometry([], _rect_outline(box), [TextSlot("Text", box)])


def _ellipse_shape(text_inset: float = 0.146) -> Callable:  # 0.146: the inscribed square of a circle
    def build(shape: Shape, box: Box) -> Geometry:
        d, outline = _ellipse(box)
        return Geometry([Part(d)], outline, [TextSlot("Text", _inset(box, *(text_inset,) * 4))])

    return build


def _crossed_circle(diagonal: bool) -> Callable:
    """`or` (a plus inside a circle) and `summingJunction` (an X)."""
    k = math.sqrt(0.5)
    ends = [(-k, -k), (k, k), (k, -k), (-k, k)] if diagonal else [(0, -1), (0, 1), (-1, 0), (1, 0)]

    def build(shape: Shape, box: Box) -> Geometry:
        d, outline = _ellipse(box)
        x, y, w, h = box
        a, b, c, e = [(x + w / 2 * (1 + u), y + h / 2 * (1 + v)) for u, v in ends]
        return Geometry([Part(d), Part(f"{_open([a, b])} {_open([c, e])}", fill=None)], outline, [])

    return build


def _terminator(shape: Shape, box: Box) -> Geometry:
    x, y, w, h = box
    r = min(w, h) / 2
    return Geometry([Part(_rounded_rect(box, r))], _rect_outline(box),
                    [TextSlot("Text", (x + r / 2, y, w - r, h))])


def _rounded_container(shape: Shape, box: Box) -> Geometry:
    radius = shape.style.rounding / 2 if shape.style.rounding else 10.0
    return Geometry([Part(_rounded_rect(box, radius))], _rect_outline(box), [TextSlot("Text", box)])


def _cylinder(horizontal: bool) -> Callable:
    """A database (upright, its top cap 15 % of its height) or direct access storage (on its
    side, the cap on the right): one drawing, turned a quarter for the second."""

    def build(shape: Shape, box: Box) -> Geometry:
        x, y, w, h = box
        across, along = (h, w) if horizontal else (w, h)
        cap = 0.075 * along

        def at(a: float, l: float) -> str:  # across, along (from the visible cap) -> "x,y"
            return f"{num(x + w - l)},{num(y + a)}" if horizontal else f"{num(x + a)},{num(y + l)}"

        radii = f"{num(cap)},{num(across / 2)}" if horizontal else f"{num(across / 2)},{num(cap)}"
        body = (f"M{at(0, cap)} A{radii} 0 0 1 {at(across, cap)} L{at(across, along - cap)} "
                f"A{radii} 0 0 1 {at(0, along - cap)} Z")
        rim = f"M{at(0, cap)} A{radii} 0 0 0 {at(across, cap)}"
        text = (x + cap, y, w - 3 * cap, h) if horizontal else (x, y + 2 * cap, w, h - 3 * cap)
        return Geometry([Part(body), Part(rim, fill=None)], _rect_outline(box), [TextSlot("Text", text)])

    return build


def _document_path(box: Box) -> str:
    """A page whose bottom edge is a wave (15 % of the height)."""
    x, y, w, h = box
    base = y + 0.85 * h
    return (f"M{num(x)},{num(y)} H{num(x + w)} V{num(base)} "
            f"Q{num(x + 0.75 * w)},{num(y + 0.7 * h)} {num(x + 0.5 * w)},{num(base)} "
            f"T{num(x)},{num(base)} Z")


def _document(shape: Shape, box: Box) -> Geometry:
    return Geometry([Part(_document_path(box))], _rect_outline(box), [TextSlot("Text", _inset(box, 0, 0, 0, 0.15))])


def _multiple_documents(shape: Shape, box: Box) -> Geometry:
    """Three pages stacked, the front one bottom left."""
    x, y, w, h = box
    dx, dy = 0.05 * w, 0.05 * h
    pages = [(x + 2 * dx - i * dx, y + i * dy, w - 2 * dx, h - 2 * dy) for i in range(3)]
    return Geometry([Part(_document_path(page)) for page in pages], _rect_outline(box),
                    [TextSlot("Text", _inset(pages[2], 0, 0, 0, 0.15))])


def _paper_tape(shape: Shape, box: Box) -> Geometry:
    x, y, w, h = box
    top, bottom = y + 0.1 * h, y + 0.9 * h
    d = (f"M{num(x)},{num(top)} Q{num(x + 0.25 * w)},{num(y - 0.05 * h)} {num(x + 0.5 * w)},{num(top)} "
         f"T{num(x + w)},{num(top)} V{num(bottom)} "
         f"Q{num(x + 0.75 * w)},{num(y + 1.05 * h)} {num(x + 0.5 * w)},{num(bottom)} T{num(x)},{num(bottom)} Z")
    return Geometry([Part(d)], _rect_outline(box), [TextSlot("Text", _inset(box, 0, 0.15, 0, 0.15))])


def _stored_data(shape: Shape, box: Box) -> Geometry:
    x, y, w, h = box
    rx, ry = 0.1 * w, h / 2
    d = (f"M{num(x + rx)},{num(y)} H{num(x + w)} A{num(rx)},{num(ry)} 0 0 0 {num(x + w)},{num(y + h)} "
         f"H{num(x + rx)} A{num(rx)},{num(ry)} 0 0 1 {num(x + rx)},{num(y)} Z")
    return Geometry([Part(d)], _rect_outline(box), [TextSlot("Text", _inset(box, 0.1, 0, 0.1, 0))])


def _display(shape: Shape, box: Box) -> Geometry:
    x, y, w, h = box
    d = (f"M{num(x)},{num(y + h / 2)} L{num(x + 0.15 * w)},{num(y)} H{num(x + 0.85 * w)} "
         f"A{num(0.15 * w)},{num(h / 2)} 0 0 1 {num(x + 0.85 * w)},{num(y + h)} H{num(x + 0.15 * w)} Z")
    return Geometry([Part(d)], _map(box, [(0, 0.5), (0.15, 0), (1, 0), (1, 1), (0.15, 1)]),
                    [TextSlot("Text", _inset(box, 0.15, 0, 0.1, 0))])


def _delay(shape: Shape, box: Box) -> Geometry:
    x, y, w, h = box
    rx = min(w / 2, h / 2)
    d = (f"M{num(x)},{num(y)} H{num(x + w - rx)} A{num(rx)},{num(h / 2)} 0 0 1 {num(x + w - rx)},{num(y + h)} "
         f"H{num(x)} Z")
    return Geometry([Part(d)], _rect_outline(box), [TextSlot("Text", _inset(box, 0, 0, 0.15, 0))])


def _inner_lines(rule: Callable[[Shape, Box], str], text: tuple[float, float, float, float]) -> Callable:
    """A rectangle with extra inner lines (predefined process, internal storage)."""

    def build(shape: Shape, box: Box) -> Geometry:
        return Geometry([Part(_closed(_rect_outline(box))), Part(rule(shape, box), fill=None)],
                        _rect_outline(box), [TextSlot("Text", _inset(box, *text))])

    return build


def _predefined_lines(shape: Shape, box: Box) -> str:
    x, y, w, h = box
    side = min(max(_number(shape.extra.get("sideWidth"), 0.1), 0.0), 0.33) * w
    return f"M{num(x + side)},{num(y)} V{num(y + h)} M{num(x + w - side)},{num(y)} V{num(y + h)}"


def _storage_lines(shape: Shape, box: Box) -> str:
    x, y, w, h = box
    return f"M{num(x + 0.1 * w)},{num(y)} V{num(y + h)} M{num(x)},{num(y + 0.1 * h)} H{num(x + w)}"


def _cloud(shape: Shape, box: Box) -> Geometry:
    """Eight bumps around an ellipse."""
    x, y, w, h = box
    cx, cy = x + w / 2, y + h / 2
    bumps = 8
    corners = [(cx + 0.42 * w * math.cos(a), cy + 0.38 * h * math.sin(a))
               for a in (2 * math.pi * (i + 0.5) / bumps for i in range(bumps))]
    d = f"M{num(corners[0][0])},{num(corners[0][1])}"
    for index in range(bumps):
        ax, ay = corners[index]
        bx, by = corners[(index + 1) % bumps]
        r = math.hypot(bx - ax, by - ay) * 0.6
        d += f" A{num(r)},{num(r)} 0 0 1 {num(bx)},{num(by)}"
    _, outline = _ellipse(box)
    return Geometry([Part(d + " Z")], outline, [TextSlot("Text", _inset(box, 0.15, 0.2, 0.15, 0.2))])


def _bracket(brace: bool) -> Callable:
    """A `{` or `[` along the left side, text beside it (braceContainer, bracketContainer, note)."""

    def build(shape: Shape, box: Box) -> Geometry:
        return Geometry([Part(_bracket_path(box, 0.0, min(box[2] * 0.1, 20.0), brace), fill=None)],
                        _rect_outline(box), [TextSlot("Text", _inset(box, 0.1, 0, 0, 0))])

    return build


def _bracket_path(box: Box, left: float, width: float, brace: bool, facing_left: bool = False) -> str:
    x, y, w, h = box
    sign = -1 if facing_left else 1
    x0 = x + left if not facing_left else x + w - left
    tip, back = x0, x0 + sign * width
    if not brace:
        return f"M{num(back)},{num(y)} H{num(tip)} V{num(y + h)} H{num(back)}"
    mid, half = x0 + sign * width / 2, y + h / 2
    q = min(width / 2, h / 4)
    return (f"M{num(back)},{num(y)} Q{num(mid)},{num(y)} {num(mid)},{num(y + q)} V{num(half - q)} "
            f"Q{num(mid)},{num(half)} {num(tip)},{num(half)} Q{num(mid)},{num(half)} {num(mid)},{num(half + q)} "
            f"V{num(y + h - q)} Q{num(mid)},{num(y + h)} {num(back)},{num(y + h)}")


def _brace_note(shape: Shape, box: Box) -> Geometry:
    """A brace beside a note; `rightFacing` puts the brace on the right."""
    x, y, w, h = box
    brace_width = _number(shape.extra.get("braceWidth"), 0.1)
    brace_width = brace_width * w if brace_width <= 1 else min(brace_width, w)
    facing = bool(shape.extra.get("rightFacing"))
    text = _inset(box, 0, 0, brace_width / w, 0) if facing else _inset(box, brace_width / w, 0, 0, 0)
    return Geometry([Part(_bracket_path(box, 0.0, brace_width, True, facing_left=facing), fill=None)],
                    _rect_outline(box), [TextSlot("Text", text)])


# ---------------------------------------------------------------------------- shapes with properties


def _flexible_polygon(shape: Shape, box: Box) -> Geometry:
    unit = [_point(v) for v in shape.extra.get("vertices") or []]
    if len(unit) < 3:
        return _rectangle(shape, box)
    return _polygon(unit)(shape, box)


def _poly_star(shape: Shape, box: Box) -> Geometry:
    props = shape.extra.get("shape") or {}
    count = int(min(max(_number(props.get("numPoints"), 5), 3), 25))
    inner = min(max(_number(props.get("innerRadius"), 0.5), 0.0), 1.0)
    unit = []
    for index in range(2 * count):
        angle = -math.pi / 2 + index * math.pi / count
        radius = 0.5 if index % 2 == 0 else 0.5 * inner
        unit.append((0.5 + radius * math.cos(angle), 0.5 + radius * math.sin(angle)))
    return _polygon(unit, (0.25, 0.25, 0.25, 0.25))(shape, box)


_ARROW_RIGHT = [(0, 0.25), (0.6, 0.25), (0.6, 0), (1, 0.5), (0.6, 1), (0.6, 0.75), (0, 0.75)]
_ORIENT: dict[str, Callable[[float, float], Point]] = {
    "right": lambda u, v: (u, v), "left": lambda u, v: (1 - u, v),
    "down": lambda u, v: (v, u), "up": lambda u, v: (v, 1 - u),
}


def _single_arrow(shape: Shape, box: Box) -> Geometry:
    turn = _ORIENT.get(str(shape.extra.get("orientation", "right")), _ORIENT["right"])
    return _polygon([turn(u, v) for u, v in _ARROW_RIGHT])(shape, box)


def _cross(shape: Shape, box: Box) -> Geometry:
    ix, iy = _point(shape.extra.get("indent"), (0.25, 0.25))
    ix, iy = min(max(ix, 0.0), 0.5), min(max(iy, 0.0), 0.5)
    unit = [(ix, 0), (1 - ix, 0), (1 - ix, iy), (1, iy), (1, 1 - iy), (1 - ix, 1 - iy), (1 - ix, 1), (ix, 1),
            (ix, 1 - iy), (0, 1 - iy), (0, iy), (ix, iy)]
    return _polygon(unit)(shape, box)


def _freehand(shape: Shape, box: Box) -> Geometry:
    """A freehand stroke: its points, relative to `offset` (painted with the shape's stroke)."""
    ox, oy = _point(shape.extra.get("offset"))
    points = [(ox + px, oy + py) for px, py in (_point(p) for p in shape.extra.get("points") or [])]
    if not points:
        return Geometry([], _rect_outline(box))
    if len(points) == 1:
        points = points * 2
    return Geometry([Part(_open(points), fill=None)], _rect_outline(box))


def _callout(shape: Shape, box: Box) -> Geometry:
    unit = [(0, 0), (1, 0), (1, 0.8), (0.35, 0.8), (0.15, 1), (0.2, 0.8), (0, 0.8)]
    return _polygon(unit, (0, 0, 0, 0.2))(shape, box)


def _frame(shape: Shape, box: Box) -> Geometry:
    """A Lucidspark frame: a rectangle, its title above its top left corner."""
    x, y, w, h = box
    title = str(shape.extra.get("title") or "")
    slots = [TextSlot("Text", box)]
    if title:
        slots.append(TextSlot("Title", (x - 4, y - 24, w + 8, 24), default=f'<p style="text-align:left">'
                              f"{from_plain(title)}</p>"))
    return Geometry([Part(_closed(_rect_outline(box)))], _rect_outline(box), slots)


# ---------------------------------------------------------------------------- swimlanes and tables


def _sizes(total: float, wanted: list[float | None]) -> list[float]:
    """Split `total` among parts: given sizes kept and the rest shared, or all given sizes scaled
    to fill `total` when nothing is left to share."""
    given = sum(s for s in wanted if s is not None)
    free = sum(1 for s in wanted if s is None)
    if free and given < total:
        return [(total - given) / free if s is None else s for s in wanted]
    scale = total / given if given else 0.0
    return [(s or 0.0) * scale for s in wanted]


def _swimlanes(shape: Shape, box: Box) -> Geometry:
    """A title bar, then lanes side by side, each with a header; `vertical` stacks the lanes
    top to bottom with the title bar and headers on the left, their text written upwards."""
    x, y, w, h = box
    extra = shape.extra
    vertical = bool(extra.get("vertical"))
    title_bar = extra.get("titleBar") or {}
    bar = min(max(_number(title_bar.get("height"), HEADER), 0.0), (w if vertical else h) / 2)
    vertical_text = bool(title_bar.get("verticalText", True))
    lanes = [lane if isinstance(lane, dict) else {} for lane in extra.get("lanes") or []] or [{}]
    along = h if vertical else w
    sizes = _sizes(along, [_number(lane.get("width"), 0.0) or None for lane in lanes])
    parts = [Part(_closed(_rect_outline(box)))]
    slots: list[TextSlot] = []
    if vertical:
        title_box = (x, y, bar, h)
    else:
        title_box = (x, y, w, bar)
    parts.append(Part(_closed(_rect_outline(title_box))))
    slots.append(TextSlot("Text", title_box, vertical=vertical and vertical_text))
    offset = 0.0
    header = bar
    for index, (lane, size) in enumerate(zip(lanes, sizes)):
        if vertical:
            lane_box = (x + bar, y + offset, w - bar, size)
            head_box = (x + bar, y + offset, header, size)
        else:
            lane_box = (x + offset, y + bar, size, h - bar)
            head_box = (x + offset, y + bar, size, header)
        offset += size
        parts.append(Part(_closed(_rect_outline(lane_box)), fill=_paint_of(lane.get("laneFill"))))
        parts.append(Part(_closed(_rect_outline(head_box)), fill=_paint_of(lane.get("headerFill"))))
        slots.append(TextSlot(f"Lane {index + 1}", head_box, vertical=vertical and vertical_text,
                              default=from_plain(str(lane.get("title") or ""))))
    return Geometry(parts, _rect_outline(box), slots)


def _paint_of(fill: Any) -> str | None:
    """A lane or cell fill: a colour string, or a Standard Import fill object {type, color}."""
    if isinstance(fill, dict):
        fill = fill.get("color") if fill.get("type", "color") == "color" else None
    return fill if isinstance(fill, str) and fill else SHAPE_FILL


def _table(shape: Shape, box: Box) -> Geometry:
    """Rows and columns (sizes from userSpecifiedRows/Cols, the rest shared), cells with their
    own fill, merged cells spanning right and down; each cell's text is its "Cell r,c" area."""
    x, y, w, h = box
    extra = shape.extra
    rows = int(min(max(_number(extra.get("rowCount"), 1), 1), 500))
    cols = int(min(max(_number(extra.get("colCount"), 1), 1), 500))

    def wanted(key: str, count: int) -> list[float | None]:
        sizes: list[float | None] = [None] * count
        for spec in extra.get(key) or []:
            if isinstance(spec, dict):
                index = int(_number(spec.get("index"), -1))
                if 0 <= index < count:
                    sizes[index] = max(_number(spec.get("size"), 0.0), 0.0)
        return sizes

    col_x = [x]
    for size in _sizes(w, wanted("userSpecifiedCols", cols)):
        col_x.append(col_x[-1] + size)
    row_y = [y]
    for size in _sizes(h, wanted("userSpecifiedRows", rows)):
        row_y.append(row_y[-1] + size)
    cells: dict[tuple[int, int], dict] = {}
    for cell in extra.get("cells") or []:
        if isinstance(cell, dict):
            key = (int(_number(cell.get("yPosition"), -1)), int(_number(cell.get("xPosition"), -1)))
            if 0 <= key[0] < rows and 0 <= key[1] < cols:
                cells[key] = cell
    covered: set[tuple[int, int]] = set()
    parts = [Part(_closed(_rect_outline(box)))]
    slots = []
    for r in range(rows):
        for c in range(cols):
            if (r, c) in covered:
                continue
            cell = cells.get((r, c), {})
            right = int(min(max(_number(cell.get("mergeCellsRight"), 0), 0), cols - 1 - c))
            down = int(min(max(_number(cell.get("mergeCellsDown"), 0), 0), rows - 1 - r))
            covered.update((rr, cc) for rr in range(r, r + down + 1) for cc in range(c, c + right + 1))
            cell_box = (col_x[c], row_y[r], col_x[c + right + 1] - col_x[c], row_y[r + down + 1] - row_y[r])
            style = cell.get("style") if isinstance(cell.get("style"), dict) else {}
            fill = _paint_of(style.get("fill")) if style.get("fill") is not None else None
            parts.append(Part(_closed(_rect_outline(cell_box)), fill=None if fill == SHAPE_FILL else fill))
            slots.append(TextSlot(f"Cell {r},{c}", cell_box, default=str(cell.get("text") or "")))
    return Geometry(parts, _rect_outline(box), slots)


# ---------------------------------------------------------------------------- the registry

_DIAMOND = _polygon([(0.5, 0), (1, 0.5), (0.5, 1), (0, 0.5)], (0.2, 0.2, 0.2, 0.2))
_HEXAGON = _polygon([(0.25, 0), (0.75, 0), (1, 0.5), (0.75, 1), (0.25, 1), (0, 0.5)], (0.15, 0, 0.15, 0))
_CIRCLE = _ellipse_shape()

BUILDERS: dict[str, Callable[[Shape, Box], Geometry]] = {
    # Standard
    "rectangle": _rectangle, "text": _invisible, "hotspot": _invisible, "image": _rectangle,
    "stickyNote": _rectangle,
    # Shape library
    "circle": _CIRCLE, "cloud": _cloud, "diamond": _DIAMOND, "hexagon": _HEXAGON,
    "doubleArrow": _polygon([(0, 0.5), (0.25, 0), (0.25, 0.25), (0.75, 0.25), (0.75, 0), (1, 0.5), (0.75, 1),
                             (0.75, 0.75), (0.25, 0.75), (0.25, 1)], (0.2, 0.25, 0.2, 0.25)),
    "isoscelesTriangle": _polygon([(0.5, 0), (1, 1), (0, 1)], (0.25, 0.4, 0.25, 0)),
    "rightTriangle": _polygon([(0, 0), (1, 1), (0, 1)], (0, 0.4, 0.4, 0)),
    "octagon": _polygon([(0.29, 0), (0.71, 0), (1, 0.29), (1, 0.71), (0.71, 1), (0.29, 1), (0, 0.71), (0, 0.29)]),
    "pentagon": _polygon([(0.5, 0), (1, 0.38), (0.81, 1), (0.19, 1), (0, 0.38)], (0.15, 0.2, 0.15, 0)),
    "cross": _cross, "flexiblePolygon": _flexible_polygon, "polyStar": _poly_star, "singleArrow": _single_arrow,
    # Containers
    "rectangleContainer": _rectangle, "roundedRectangleContainer": _rounded_container,
    "circleContainer": _CIRCLE, "diamondContainer": _DIAMOND, "pillContainer": _terminator,
    "braceContainer": _bracket(brace=True), "bracketContainer": _bracket(brace=False), "swimLanes": _swimlanes,
    # Flowchart
    "process": _rectangle, "decision": _DIAMOND, "terminator": _terminator,
    "data": _polygon([(0.2, 0), (1, 0), (0.8, 1), (0, 1)], (0.15, 0, 0.15, 0)),
    "database": _cylinder(horizontal=False), "document": _document, "multipleDocuments": _multiple_documents,
    "predefinedProcess": _inner_lines(_predefined_lines, (0.1, 0, 0.1, 0)), "storedData": _stored_data,
    "internalStorage": _inner_lines(_storage_lines, (0.1, 0.1, 0, 0)),
    "manualInput": _polygon([(0, 0.25), (1, 0), (1, 1), (0, 1)], (0, 0.2, 0, 0)),
    "manualOperation": _polygon([(0, 0), (1, 0), (0.8, 1), (0.2, 1)], (0.15, 0, 0.15, 0)),
    "preparation": _polygon([(0.15, 0), (0.85, 0), (1, 0.5), (0.85, 1), (0.15, 1), (0, 0.5)], (0.12, 0, 0.12, 0)),
    "display": _display, "delay": _delay, "merge": _polygon([(0, 0), (1, 0), (0.5, 1)], (0.25, 0, 0.25, 0.4)),
    "connector": _CIRCLE, "note": _bracket(brace=False),
    "offPageLink": _polygon([(0, 0), (1, 0), (1, 0.6), (0.5, 1), (0, 0.6)], (0, 0, 0, 0.3)),
    "paperTape": _paper_tape, "directAccessStorage": _cylinder(horizontal=True),
    "or": _crossed_circle(diagonal=False), "summingJunction": _crossed_circle(diagonal=True),
    "braceNote": _brace_note,
    # Table
    "table": _table,
    # Lucidspark
    "freehandDrawing": _freehand, "sparkCalloutSquare": _callout, "sparkContainer": _rounded_container,
    "sparkFrame": _frame,
}


def geometry(shape: Shape) -> Geometry:
    """The shape's geometry in its (unrotated) bounding box; unknown types are rectangles."""
    box = (shape.bbox.x, shape.bbox.y, shape.bbox.w, shape.bbox.h)
    return BUILDERS.get(shape.type, _rectangle)(shape, box)
