"""Where lines run: endpoints resolved against shapes and other lines, routes per line type
(straight, elbow, curved), and the arrowheads at their ends. I/O-free.

Endpoints: on a shape at a relative position (rotated with the shape), or where the line meets
the shape's outline when no position is given (an elbow line leaves by the middle of the side
facing the other end instead); at a fraction of another line's length (that line resolved
first; a cycle of lines on lines falls back to the middle of the other line's fixed ends); at an
absolute position.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import shapes as shape_geometry
from .model import Endpoint, Line, Page, Shape
from .svg import num

Point = tuple[float, float]

STUB = 20.0  # how far an elbow route runs straight out of a shape before turning
CURVE_SAMPLES = 24


@dataclass(slots=True)
class Route:
    """A resolved line: `points` along it (a curve sampled), and a curve's Bézier points."""

    points: list[Point]
    curve: tuple[Point, Point, Point, Point] | None = None

    def d(self, pull_start: float = 0.0, pull_end: float = 0.0) -> str:
        """SVG path data, its ends pulled back by these distances (px) for hollow arrowheads."""
        if self.curve is not None:
            p1, c1, c2, p2 = self.curve
            if pull_start:
                p1, c1 = _pull_pair(p1, c1, pull_start)
            if pull_end:
                p2, c2 = _pull_pair(p2, c2, pull_end)
            return (f"M{num(p1[0])},{num(p1[1])} C{num(c1[0])},{num(c1[1])} {num(c2[0])},{num(c2[1])} "
                    f"{num(p2[0])},{num(p2[1])}")
        points = list(self.points)
        if pull_start:
            points[0] = _pull(points[0], points[1], pull_start)
        if pull_end:
            points[-1] = _pull(points[-1], points[-2], pull_end)
        return "M" + " L".join(f"{num(x)},{num(y)}" for x, y in points)


def _pull(end: Point, toward: Point, distance: float) -> Point:
    span = math.dist(end, toward)
    if span < 1e-9:
        return end
    k = min(distance, span * 0.9) / span
    return end[0] + (toward[0] - end[0]) * k, end[1] + (toward[1] - end[1]) * k


def _pull_pair(end: Point, control: Point, distance: float) -> tuple[Point, Point]:
    """A curve's end moved back along its tangent, its control point moved with it."""
    moved = _pull(end, control, distance)
    return moved, (control[0] + moved[0] - end[0], control[1] + moved[1] - end[1])


def rotate(point: Point, centre: Point, degrees: float) -> Point:
    """`point` turned clockwise (y down) about `centre`, as SVG's rotate() does."""
    if not degrees:
        return point
    a = math.radians(degrees)
    cos, sin = math.cos(a), math.sin(a)
    dx, dy = point[0] - centre[0], point[1] - centre[1]
    return centre[0] + dx * cos - dy * sin, centre[1] + dx * sin + dy * cos


def _unit(dx: float, dy: float) -> Point:
    length = math.hypot(dx, dy)
    return (dx / length, dy / length) if length > 1e-9 else (1.0, 0.0)


def _axis(direction: Point) -> Point:
    """The axis direction nearest to `direction`."""
    dx, dy = direction
    if abs(dx) >= abs(dy):
        return (1.0 if dx >= 0 else -1.0, 0.0)
    return (0.0, 1.0 if dy >= 0 else -1.0)


def length_of(points: list[Point]) -> float:
    """The length of a polyline."""
    return sum(math.dist(a, b) for a, b in zip(points, points[1:]))


def point_along(points: list[Point], fraction: float) -> tuple[Point, Point]:
    """The point at `fraction` (0..1) of the polyline's length, and the direction there."""
    fraction = min(max(fraction, 0.0), 1.0)
    if len(points) < 2:
        return (points[0] if points else (0.0, 0.0)), (1.0, 0.0)
    target = length_of(points) * fraction
    for a, b in zip(points, points[1:]):
        step = math.dist(a, b)
        if step > 0 and target <= step:
            k = target / step
            return (a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k), _unit(b[0] - a[0], b[1] - a[1])
        target -= step
    a, b = points[-2], points[-1]
    return b, _unit(b[0] - a[0], b[1] - a[1])


def _segment_hits(a: Point, b: Point, polygon: list[Point]) -> list[float]:
    """Parameters t (0..1 along a -> b) where the segment crosses the polygon's edges."""
    hits = []
    rx, ry = b[0] - a[0], b[1] - a[1]
    for p, q in zip(polygon, polygon[1:] + polygon[:1]):
        sx, sy = q[0] - p[0], q[1] - p[1]
        denominator = rx * sy - ry * sx
        if abs(denominator) < 1e-12:
            continue
        t = ((p[0] - a[0]) * sy - (p[1] - a[1]) * sx) / denominator
        u = ((p[0] - a[0]) * ry - (p[1] - a[1]) * rx) / denominator
        if 0 <= t <= 1 and 0 <= u <= 1:
            hits.append(t)
    return hits


@dataclass(slots=True)
class _End:
    point: Point
    normal: Point | None  # the direction the line leaves in (out of a shape's side), if known


class Resolver:
    """Resolves the lines of one page, each once; shape geometries are computed once and shared
    with the renderer."""

    def __init__(self, page: Page) -> None:
        self.shapes: dict[str, Shape] = {s.id: s for s in page.shapes}
        self.lines: dict[str, Line] = {line.id: line for line in page.lines}
        self._geometry: dict[str, shape_geometry.Geometry] = {}
        self._routes: dict[str, Route | None] = {}
        self._resolving: set[str] = set()

    def geometry(self, shape: Shape) -> shape_geometry.Geometry:
        """The shape's outline, computed once per shape."""
        if shape.id not in self._geometry:
            self._geometry[shape.id] = shape_geometry.geometry(shape)
        return self._geometry[shape.id]

    # -- endpoints

    def _rough(self, endpoint: Endpoint) -> Point | None:
        """A first guess of where an endpoint is, without resolving other lines."""
        if endpoint.kind == "shape" and endpoint.target in self.shapes:
            shape = self.shapes[endpoint.target]
            box = shape.bbox
            if endpoint.rel is None:
                return box.centre
            return rotate((box.x + endpoint.rel[0] * box.w, box.y + endpoint.rel[1] * box.h), box.centre, box.rotation)
        if endpoint.kind == "line" and endpoint.target in self.lines:
            line = self.lines[endpoint.target]
            if endpoint.target in self._resolving:
                guesses = [p for p in (self._rough_fixed(line.endpoint1), self._rough_fixed(line.endpoint2)) if p]
                if not guesses:
                    return endpoint.point
                return sum(p[0] for p in guesses) / len(guesses), sum(p[1] for p in guesses) / len(guesses)
            route = self.route(line)
            if route is None:
                return endpoint.point
            return point_along(route.points, endpoint.t if endpoint.t is not None else 0.5)[0]
        return endpoint.point

    def _rough_fixed(self, endpoint: Endpoint) -> Point | None:
        return None if endpoint.kind == "line" else self._rough(endpoint)

    def _shape_end(self, shape: Shape, endpoint: Endpoint, toward: Point, elbow: bool) -> _End:
        box = shape.bbox
        centre = box.centre
        if endpoint.rel is not None:
            rx, ry = endpoint.rel
            point = rotate((box.x + rx * box.w, box.y + ry * box.h), centre, box.rotation)
            # the side nearest the position gives the direction the line leaves in
            sides = {(-1.0, 0.0): rx, (1.0, 0.0): 1 - rx, (0.0, -1.0): ry, (0.0, 1.0): 1 - ry}
            normal = min(sides, key=sides.get)
            return _End(point, rotate(normal, (0.0, 0.0), box.rotation))
        if elbow:
            local = rotate(toward, centre, -box.rotation)
            dx, dy = local[0] - centre[0], local[1] - centre[1]
            if abs(dx) * box.h >= abs(dy) * box.w:
                normal, rel = ((1.0, 0.0), (1.0, 0.5)) if dx >= 0 else ((-1.0, 0.0), (0.0, 0.5))
            else:
                normal, rel = ((0.0, 1.0), (0.5, 1.0)) if dy >= 0 else ((0.0, -1.0), (0.5, 0.0))
            point = rotate((box.x + rel[0] * box.w, box.y + rel[1] * box.h), centre, box.rotation)
            return _End(point, rotate(normal, (0.0, 0.0), box.rotation))
        outline = [rotate(p, centre, box.rotation) for p in self.geometry(shape).outline]
        hits = _segment_hits(centre, toward, outline) if outline else []
        if not hits:
            return _End(centre, None)
        t = max(hits)
        return _End((centre[0] + (toward[0] - centre[0]) * t, centre[1] + (toward[1] - centre[1]) * t), None)

    def _end(self, endpoint: Endpoint, toward: Point, elbow: bool) -> _End | None:
        if endpoint.kind == "shape":
            shape = self.shapes.get(endpoint.target or "")
            if shape is not None:
                return self._shape_end(shape, endpoint, toward, elbow)
        point = self._rough(endpoint)
        return None if point is None else _End(point, None)

    # -- routes

    def route(self, line: Line) -> Route | None:
        """The line's route, or None when an end cannot be placed (a missing target)."""
        if line.id in self._routes:
            return self._routes[line.id]
        self._resolving.add(line.id)
        try:
            route = self._route(line)
        finally:
            self._resolving.discard(line.id)
        self._routes[line.id] = route
        return route

    def _route(self, line: Line) -> Route | None:
        guess1, guess2 = self._rough(line.endpoint1), self._rough(line.endpoint2)
        if guess1 is None or guess2 is None:
            return None
        elbow = line.line_type == "elbow"
        inner = line.elbow_points if elbow else line.joints if line.line_type == "straight" else []
        end1 = self._end(line.endpoint1, inner[0] if inner else guess2, elbow)
        end2 = self._end(line.endpoint2, inner[-1] if inner else guess1, elbow)
        if end1 is None or end2 is None:
            return None
        if line.line_type == "curved":
            return _curved(end1, end2)
        if elbow:
            points = _orthogonal([end1.point, *inner, end2.point]) if inner else _elbow(end1, end2)
        else:
            points = [end1.point, *inner, end2.point]
        return Route(points)


def _simplify(points: list[Point]) -> list[Point]:
    """Drop repeated points and middle points of straight runs."""
    out: list[Point] = []
    for point in points:
        if out and math.dist(out[-1], point) < 1e-6:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if abs((bx - ax) * (point[1] - by) - (by - ay) * (point[0] - bx)) < 1e-6:
                out[-1] = point
                continue
        out.append(point)
    return out if len(out) >= 2 else [points[0], points[-1]]


def _orthogonal(points: list[Point]) -> list[Point]:
    """Through the given points with right angles only (a corner added where two are not aligned)."""
    out = [points[0]]
    for point in points[1:]:
        last = out[-1]
        if abs(last[0] - point[0]) > 1e-6 and abs(last[1] - point[1]) > 1e-6:
            out.append((point[0], last[1]))
        out.append(point)
    return _simplify(out)


def _elbow(end1: _End, end2: _End) -> list[Point]:
    """A right-angled route: H-V-H or V-H-V between ends facing each other, an L where one end
    can turn into the other, and out-and-around through short stubs otherwise."""
    (x1, y1), (x2, y2) = end1.point, end2.point
    d1 = _axis(end1.normal or (x2 - x1, y2 - y1))
    d2 = _axis(end2.normal or (x1 - x2, y1 - y2))
    ahead1 = (x2 - x1) * d1[0] + (y2 - y1) * d1[1] >= 0  # the other end is in front of end 1
    ahead2 = (x1 - x2) * d2[0] + (y1 - y2) * d2[1] >= 0
    horizontal1, horizontal2 = d1[1] == 0, d2[1] == 0
    if ahead1 and ahead2:
        if horizontal1 and horizontal2:
            mid = (x1 + x2) / 2
            return _simplify([end1.point, (mid, y1), (mid, y2), end2.point])
        if not horizontal1 and not horizontal2:
            mid = (y1 + y2) / 2
            return _simplify([end1.point, (x1, mid), (x2, mid), end2.point])
        corner = (x2, y1) if horizontal1 else (x1, y2)
        return _simplify([end1.point, corner, end2.point])
    s1 = (x1 + d1[0] * STUB, y1 + d1[1] * STUB)
    s2 = (x2 + d2[0] * STUB, y2 + d2[1] * STUB)
    corner = (s1[0], s2[1]) if horizontal1 else (s2[0], s1[1])
    return _simplify(_orthogonal([end1.point, s1, corner, s2, end2.point]))


def _curved(end1: _End, end2: _End) -> Route:
    """A cubic Bézier whose control points lie a third of the distance out along each end's normal."""
    p1, p2 = end1.point, end2.point
    reach = math.dist(p1, p2) / 3
    n1 = end1.normal or _unit(p2[0] - p1[0], p2[1] - p1[1])
    n2 = end2.normal or _unit(p1[0] - p2[0], p1[1] - p2[1])
    c1 = (p1[0] + n1[0] * reach, p1[1] + n1[1] * reach)
    c2 = (p2[0] + n2[0] * reach, p2[1] + n2[1] * reach)
    samples = []
    for index in range(CURVE_SAMPLES + 1):
        t = index / CURVE_SAMPLES
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3
        samples.append((a * p1[0] + b * c1[0] + c * c2[0] + d * p2[0], a * p1[1] + b * c1[1] + c * c2[1] + d * p2[1]))
    return Route(samples, (p1, c1, c2, p2))


# ---------------------------------------------------------------------------- arrowheads

# Each head is drawn in a 30 x 20 box whose point (30, 10) sits on the line's end, the line
# arriving from the left: paths filled with the line's colour ("line"), white, or nothing.
# `back` is how far (in box units) the line stops short of its end, so that it does not show
# through a hollow head.
_CIRCLE_AT_24 = "M18,10 A6,6 0 1 1 30,10 A6,6 0 1 1 18,10 Z"
_SMALL_CIRCLE = "A4,4 0 1 1 {r},10 A4,4 0 1 1 {l},10 Z"
_CROWS_FOOT = "M30,3 L16,10 L30,17"
_HEADS: dict[str, tuple[tuple[tuple[str, str], ...], float]] = {
    "arrow": ((("M10,3 L30,10 L10,17 Z", "line"),), 20),
    "hollowArrow": ((("M10,3 L30,10 L10,17 Z", "white"),), 20),
    "generalization": ((("M8,2 L30,10 L8,18 Z", "white"),), 22),
    "openArrow": ((("M10,3 L30,10 L10,17", "none"),), 0),
    "aggregation": ((("M6,10 L18,4 L30,10 L18,16 Z", "white"),), 24),
    "composition": ((("M6,10 L18,4 L30,10 L18,16 Z", "line"),), 24),
    "bpmnConditional": ((("M10,10 L20,5 L30,10 L20,15 Z", "white"),), 20),
    "async1": ((("M10,3 L30,10", "none"),), 0),
    "async2": ((("M10,17 L30,10", "none"),), 0),
    "closedCircle": (((_CIRCLE_AT_24, "line"),), 12),
    "openCircle": (((_CIRCLE_AT_24, "white"),), 12),
    "closedSquare": ((("M18,4 H30 V16 H18 Z", "line"),), 12),
    "openSquare": ((("M18,4 H30 V16 H18 Z", "white"),), 12),
    "nesting": (((_CIRCLE_AT_24, "white"), ("M18,10 H30 M24,4 V16", "none")), 12),
    "bpmnDefault": ((("M16,4 L22,16", "none"),), 0),
    "one": ((("M22,3 V17", "none"),), 0),
    "exactlyOne": ((("M22,3 V17 M17,3 V17", "none"),), 0),
    "many": (((_CROWS_FOOT, "none"),), 0),
    "oneOrMore": (((_CROWS_FOOT + " M12,3 V17", "none"),), 0),
    "zeroOrMore": (((_CROWS_FOOT, "none"), ("M4,10 " + _SMALL_CIRCLE.format(l=4, r=12), "white")), 0),
    "zeroOrOne": ((("M22,3 V17", "none"), ("M8,10 " + _SMALL_CIRCLE.format(l=8, r=16), "white")), 0),
}


def head_size(width: float) -> float:
    """The height of an arrowhead, px, for a line `width` px wide."""
    return 6.0 + 4.0 * max(width, 1.0)


def has_head(style: str) -> bool:
    """Whether an endpoint style draws an arrowhead."""
    return style in _HEADS


def setback(style: str, width: float) -> float:
    """How far, px, the line stops short of an end carrying this head."""
    head = _HEADS.get(style)
    return head[1] * head_size(width) / 20 if head else 0.0


def marker(marker_id: str, style: str, color: str, width: float) -> str:
    """The `<marker>` of one head style for lines of this colour ("#rrggbb") and width."""
    paths, back = _HEADS[style]
    size = head_size(width)
    fills = {"line": color, "white": "#ffffff", "none": "none"}
    body = "".join(f'<path d="{d}" fill="{fills[fill]}"/>' for d, fill in paths)
    return (f'<marker id="{marker_id}" markerUnits="userSpaceOnUse" viewBox="0 0 30 20" '
            f'markerWidth="{num(size * 1.5)}" markerHeight="{num(size)}" refX="{num(30 - back)}" refY="10" '
            f'orient="auto-start-reverse"><g stroke="{color}" stroke-width="{num(width * 20 / size)}">'
            f"{body}</g></marker>")
