"""Model -> SVG: one page of a document as one self-contained `<svg>`, the picture both image
export (`export.py`) rasterises and the embed viewer shows.

Paint order, bottom to top: items in no layer, then the visible layers by layer index (ties:
their order); among siblings, z index, then shapes before lines before groups, then their order
in the document; a group's members are painted in its slot. Shapes are drawn in their box and
rotated about its centre; texts are real `<text>` (selectable), laid out with the shipped font.

The SVG is safe to inline in a page: every value a document supplies is escaped or parsed (colours),
it holds no script and references nothing outside itself (images are `data:` URIs of stored
blobs; external image URLs are never fetched and show as grey placeholders).
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from typing import Callable, Iterator

from PIL import Image

from . import lines as line_geometry
from . import svg
from .lines import Resolver, Route
from .model import Content, Fill, Group, Layer, Line, Page, Shape, Stroke
from .shapes import SHAPE_FILL, Geometry, TextSlot
from .text import Run
from .textlayout import lay_out, text_box_svg

Region = tuple[float, float, float, float]
BlobLookup = Callable[[str], "tuple[str, bytes] | None"]

MARGIN = 20.0  # around the content of an infinite canvas
PLACEHOLDER = "#d9d9d9"  # an image that cannot be shown: external, missing or unreadable
LINE_TEXT_WIDTH = 100_000.0  # line labels do not wrap
_IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
_NO_STROKE = ' stroke="none"'
_ASPECT = {"fit": "xMidYMid meet", "fill": "xMidYMid slice", "stretch": "none"}


# ---------------------------------------------------------------------------- paint order


@dataclass(slots=True)
class _Open:
    item: Group | Layer


@dataclass(slots=True)
class _Close:
    item: Group | Layer


def paint_order(page: Page) -> Iterator[Shape | Line | _Open | _Close]:
    """Visible shapes and lines bottom to top, with the groups and layers they sit in opened
    and closed around them."""
    rank: dict[str, tuple[int, int, Shape | Line | Group]] = {}
    for kind, items in enumerate((page.shapes, page.lines, page.groups)):
        for index, item in enumerate(items):
            rank.setdefault(item.id, (kind, index, item))
    group_of: dict[str, str] = {}
    for group in page.groups:
        for member in group.members:
            if member != group.id:
                group_of.setdefault(member, group.id)
    layer_of: dict[str, str] = {}
    for layer in page.layers:
        for member in layer.members:
            if member not in group_of:
                layer_of.setdefault(member, layer.id)

    def ordered(ids) -> list:
        found = [rank[i] for i in dict.fromkeys(ids) if i in rank]
        return [item for _, _, item in sorted(found, key=lambda r: (r[2].z, r[0], r[1]))]

    painted: set[str] = set()

    def walk(items) -> Iterator:
        for item in items:
            if item.id in painted:
                continue
            painted.add(item.id)
            if isinstance(item, Group):
                yield _Open(item)
                yield from walk(ordered(item.members))
                yield _Close(item)
            else:
                yield item

    yield from walk(ordered(i for i in rank if i not in group_of and i not in layer_of))
    layers = sorted(enumerate(page.layers), key=lambda pair: (pair[1].z, pair[0]))
    for _, layer in layers:
        if not layer.visible:
            continue
        yield _Open(layer)
        yield from walk(ordered(m for m in layer.members if layer_of.get(m) == layer.id))
        yield _Close(layer)


# ---------------------------------------------------------------------------- regions


def _shape_corners(shape: Shape) -> list[tuple[float, float]]:
    b = shape.bbox
    corners = [(b.x, b.y), (b.x + b.w, b.y), (b.x + b.w, b.y + b.h), (b.x, b.y + b.h)]
    return [line_geometry.rotate(p, b.centre, b.rotation) for p in corners]


def _line_extent(line: Line, route: Route) -> list[tuple[float, float, float]]:
    """(x, y, reach) around which the line paints: its path with half its stroke, its heads."""
    half = max(line.stroke.width, 0.0) / 2
    out = [(x, y, half) for x, y in route.points]
    for endpoint, (x, y) in ((line.endpoint1, route.points[0]), (line.endpoint2, route.points[-1])):
        if line_geometry.has_head(endpoint.style):
            out.append((x, y, line_geometry.head_size(line.stroke.width) / 2))
    return out


def content_box(page: Page) -> Region:
    """The tight box (x, y, w, h) of everything visible on the page: shapes' (rotated) boxes,
    lines' paths with half their stroke and their arrowheads. (0, 0, 0, 0) for an empty page."""
    resolver = Resolver(page)
    xs: list[float] = []
    ys: list[float] = []
    for item in paint_order(page):
        if isinstance(item, Shape):
            for x, y in _shape_corners(item):
                xs.append(x)
                ys.append(y)
        elif isinstance(item, Line):
            route = resolver.route(item)
            if route is not None:
                for x, y, reach in _line_extent(item, route):
                    xs.extend((x - reach, x + reach))
                    ys.extend((y - reach, y + reach))
    if not xs:
        return (0.0, 0.0, 0.0, 0.0)
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def default_region(page: Page) -> Region:
    """What an export shows without a crop: a fixed page whole; an infinite canvas its content
    with a margin; an empty infinite canvas one pixel."""
    if not page.settings.infinite:
        return 0.0, 0.0, page.settings.width, page.settings.height
    x, y, w, h = content_box(page)
    if w <= 0 and h <= 0:
        return 0.0, 0.0, 1.0, 1.0
    return x - MARGIN, y - MARGIN, w + 2 * MARGIN, h + 2 * MARGIN


# ---------------------------------------------------------------------------- painting


class _Painter:
    def __init__(self, page: Page, blobs: BlobLookup | None) -> None:
        self.page = page
        self.blobs = blobs
        self.resolver = Resolver(page)
        self.defs: list[str] = []
        self.prefix = "p" + hashlib.sha1(page.id.encode()).hexdigest()[:8] + "-"
        self.markers: dict[tuple[str, str, float], str] = {}
        self.images: dict[str, tuple[str, int, int] | None] = {}
        self.background = svg.color(page.settings.fill) or ("#ffffff", 1.0)

    def new_id(self, kind: str) -> str:
        return f"{self.prefix}{kind}{len(self.defs)}"

    def paint(self) -> str:
        out: list[str] = []
        for item in paint_order(self.page):
            if isinstance(item, Shape):
                out.append(self.shape(item))
            elif isinstance(item, Line):
                out.append(self.line(item))
            elif isinstance(item, _Open):
                kind = "layer" if isinstance(item.item, Layer) else "group"
                out.append(f'<g data-{kind}="{svg.attr(item.item.id)}">')
            else:
                out.append("</g>")
        return "".join(out)

    # -- shapes

    def shape(self, shape: Shape) -> str:
        geometry = self.resolver.geometry(shape)
        box = shape.bbox
        style = shape.style
        head = f'<g data-id="{svg.attr(shape.id)}"'
        if box.rotation % 360:
            cx, cy = box.centre
            head += f' transform="rotate({svg.num(box.rotation)} {svg.num(cx)} {svg.num(cy)})"'
        if style.opacity < 100:
            head += f' opacity="{max(style.opacity, 0) / 100:.2f}"'
        stroke = _stroke_attrs(style.stroke)
        caps = ' stroke-linecap="round" stroke-linejoin="round"' if shape.type == "freehandDrawing" else ""
        out = [head, ">"]
        image_done = False
        for part in geometry.parts:
            if part.fill == SHAPE_FILL and style.fill.kind == "image" and not image_done:
                image_done = True
                out.append(self.image_fill(part.d, style.fill, (box.x, box.y, box.w, box.h)))
                fill = ' fill="none"'
            elif part.fill == SHAPE_FILL:
                fill = svg.paint("fill", style.fill.color) if style.fill.kind == "color" else ' fill="none"'
            else:
                fill = svg.paint("fill", part.fill)
            out.append(f'<path d="{part.d}"{fill}{stroke if part.stroke else _NO_STROKE}{caps}/>')
        out.append(self.shape_texts(shape, geometry))
        out.append("</g>")
        return "".join(out)

    def shape_texts(self, shape: Shape, geometry: Geometry) -> str:
        areas = {area.label: area for area in shape.text_areas}
        claimed = {slot.label for slot in geometry.slots}
        spare = [area for area in shape.text_areas if area.label not in claimed]
        base = Run("", color=shape.style.text_color)
        out = []
        for slot in geometry.slots:
            area = areas.get(slot.label) or (spare.pop(0) if slot.label == "Text" and spare else None)
            html = area.html if area else slot.default
            if html:
                out.append(_slot_text(slot, html, area.valign if area else "middle", shape.style.text_color, base))
        return "".join(out)

    def image(self, ref: str | None) -> tuple[str, int, int] | None:
        """A stored image blob as a data: URI and its natural size; None unless one can be shown."""
        if not ref or not ref.startswith("blob:") or self.blobs is None:
            return None
        if ref not in self.images:
            self.images[ref] = _data_uri(self.blobs(ref[len("blob:"):]))
        return self.images[ref]

    def image_fill(self, d: str, fill: Fill, box: Region) -> str:
        found = self.image(fill.image)
        if found is None:
            return f'<path d="{d}" fill="{PLACEHOLDER}"/>'
        uri, natural_w, natural_h = found
        x, y, w, h = box
        if fill.image_scale == "tile":
            pattern = self.new_id("t")
            self.defs.append(f'<pattern id="{pattern}" patternUnits="userSpaceOnUse" x="{svg.num(x)}" '
                             f'y="{svg.num(y)}" width="{natural_w}" height="{natural_h}"><image width="{natural_w}" '
                             f'height="{natural_h}" href="{uri}"/></pattern>')
            return f'<path d="{d}" fill="url(#{pattern})"/>'
        clip = self.new_id("c")
        self.defs.append(f'<clipPath id="{clip}"><path d="{d}"/></clipPath>')
        if fill.image_scale == "original":
            w, h, aspect = natural_w, natural_h, "none"
        else:
            aspect = _ASPECT.get(fill.image_scale, "none")
        return (f'<image clip-path="url(#{clip})" x="{svg.num(x)}" y="{svg.num(y)}" width="{svg.num(w)}" '
                f'height="{svg.num(h)}" preserveAspectRatio="{aspect}" href="{uri}"/>')

    # -- lines

    def marker(self, style: str, stroke: Stroke) -> str:
        hex_color = (svg.color(stroke.color) or ("#000000", 1.0))[0]
        key = (style, hex_color, stroke.width)
        if key not in self.markers:
            marker_id = self.new_id("m")
            self.markers[key] = marker_id
            self.defs.append(line_geometry.marker(marker_id, style, hex_color, stroke.width))
        return self.markers[key]

    def line(self, line: Line) -> str:
        route = self.resolver.route(line)
        if route is None:
            return ""
        out = [f'<g data-id="{svg.attr(line.id)}">']
        stroke = line.stroke
        if svg.color(stroke.color) is not None and stroke.width > 0:
            heads = ""
            pulls = []
            for end, endpoint in (("start", line.endpoint1), ("end", line.endpoint2)):
                if line_geometry.has_head(endpoint.style):
                    heads += f' marker-{end}="url(#{self.marker(endpoint.style, stroke)})"'
                pulls.append(line_geometry.setback(endpoint.style, stroke.width))
            out.append(f'<path d="{route.d(*pulls)}" fill="none"{_stroke_attrs(stroke)} '
                       f'stroke-linejoin="round"{heads}/>')
        for label in line.texts:
            out.append(self.line_text(label.html, label.position, label.side, route))
        out.append("</g>")
        return "".join(out)

    def line_text(self, html: str, position: float, side: str, route: Route) -> str:
        layout = lay_out(html, LINE_TEXT_WIDTH)
        if layout is None:
            return ""
        (cx, cy), _ = line_geometry.point_along(route.points, position)
        size = max(line.size for line in layout.lines)
        if side == "top":
            cy -= size
        elif side == "bottom":
            cy += size
        left, top = cx - layout.width / 2, cy - layout.height / 2
        out = ""
        if side == "middle":  # the line passes behind its label
            out = (f'<rect x="{svg.num(left - 2)}" y="{svg.num(top)}" width="{svg.num(layout.width + 4)}" '
                   f'height="{svg.num(layout.height)}"{svg.paint("fill", self.background[0])}/>')
        return out + layout.svg(left, top, layout.width)


def _stroke_attrs(stroke: Stroke) -> str:
    paint = svg.paint("stroke", stroke.color)
    if paint == _NO_STROKE or stroke.width <= 0:
        return _NO_STROKE
    w = stroke.width
    dash = {"dashed": f"{svg.num(4 * w)},{svg.num(3 * w)}", "dotted": f"{svg.num(w)},{svg.num(2 * w)}"}
    out = f'{paint} stroke-width="{svg.num(w)}"'
    return out + (f' stroke-dasharray="{dash[stroke.style]}"' if stroke.style in dash else "")


def _slot_text(slot: TextSlot, html: str, valign: str, color: str | None, base: Run) -> str:
    if not slot.vertical:
        return text_box_svg(html, slot.box, valign, color, base)
    x, y, w, h = slot.box
    cx, cy = x + w / 2, y + h / 2
    inner = text_box_svg(html, (cx - h / 2, cy - w / 2, h, w), valign, color, base)
    return f'<g transform="rotate(-90 {svg.num(cx)} {svg.num(cy)})">{inner}</g>' if inner else ""


def _data_uri(found: tuple[str, bytes] | None) -> tuple[str, int, int] | None:
    """PNG, JPEG and GIF as they are; other formats Pillow reads converted to PNG."""
    if found is None:
        return None
    _, data = found
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            media_type = _IMAGE_FORMATS.get(image.format or "")
            if media_type is None:
                buffer = io.BytesIO()
                image.save(buffer, "PNG")
                data, media_type = buffer.getvalue(), "image/png"
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return f"data:{media_type};base64,{base64.b64encode(data).decode()}", width, height


def page_svg(content: Content, page: Page, *, region: Region | None = None, blobs: BlobLookup | None = None,
             size: tuple[int, int] | None = None) -> str:
    """A page of `content` as SVG. `region` (x, y, w, h in page px) is what it shows (default:
    `default_region`, as an export without a crop); `blobs` resolves `blob:<sha256>` image fills
    to (media type, bytes); `size` sets the width and height in pixels (default: the region's,
    one pixel per unit), the region stretched to fill it."""
    x, y, w, h = region or default_region(page)
    painter = _Painter(page, blobs)
    body = painter.paint()
    width, height = size or (w, h)
    background = svg.paint("fill", page.settings.fill, "#ffffff")
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{svg.num(width)}" '
            f'height="{svg.num(height)}" viewBox="{svg.num(x)} {svg.num(y)} {svg.num(w)} {svg.num(h)}" '
            f'preserveAspectRatio="none">')
    defs = f"<defs>{''.join(painter.defs)}</defs>" if painter.defs else ""
    ground = f'<rect x="{svg.num(x)}" y="{svg.num(y)}" width="{svg.num(w)}" height="{svg.num(h)}"{background}/>'
    return f"{head}{defs}{ground}{body}</svg>"
