"""Documents built directly in the model, for the renderer and export tests, and reading pixels
back from the images they make."""

from __future__ import annotations

import io

from PIL import Image

from pellucid.server.documents.classes import class_name
from pellucid.server.documents.model import (
    BoundingBox, Content, Endpoint, Fill, Group, Layer, Line, LineText, Page, PageSettings, Shape, Stroke, Style,
    TextArea,
)


def shape(id: str, type: str, x: float, y: float, w: float, h: float, text: str = "", *, fill: str = "#ffffff",
          rotation: float = 0.0, **kw) -> Shape:
    style = kw.pop("style", None) or Style(fill=Fill(color=fill))
    return Shape(id=id, type=type, class_name=class_name(type), bbox=BoundingBox(x, y, w, h, rotation), style=style,
                 text_areas=[TextArea("Text", text)] if text else [], **kw)


def line(id: str, end1: Endpoint, end2: Endpoint, line_type: str = "straight", **kw) -> Line:
    return Line(id=id, line_type=line_type, endpoint1=end1, endpoint2=end2, **kw)


def on_shape(shape_id: str, rel: tuple[float, float] | None = None, style: str = "none") -> Endpoint:
    return Endpoint("shape", style, shape_id, rel)


def at(x: float, y: float, style: str = "none") -> Endpoint:
    return Endpoint("position", style, point=(x, y))


def tv6() -> Content:
    """The model of spec TV6: two letter pages; "One" has a group of two rectangles in the
    background layer and a text on a second layer; "Two" is empty."""
    one = Page(
        id="d1", title="One",
        shapes=[shape("r1", "rectangle", 100, 100, 80, 60, "A"), shape("r2", "rectangle", 220, 100, 80, 60, "B"),
                shape("n1", "text", 100, 200, 60, 20, "note")],
        groups=[Group(id="grp", members=["r1", "r2"])],
        layers=[Layer(id="1", name="Background", members=["grp"]), Layer(id="L2", name="Notes", members=["n1"])],
    )
    return Content(pages=[one, Page(id="d2", title="Two")])


def tv1() -> Content:
    """The model of spec TV1: a process, a decision and an elbow line with a label."""
    page = Page(
        id="p1", title="Flow",
        shapes=[shape("s1", "process", 100, 100, 160, 80, "<b>Start</b> here"),
                shape("s2", "decision", 400, 90, 120, 100, "OK?")],
        lines=[line("l1", on_shape("s1", (1, 0.5)), on_shape("s2", (0, 0.5), "arrow"), "elbow",
                    texts=[LineText("go", 0.5, "middle")])],
    )
    return Content(pages=[page])


def single(*shapes: Shape, lines: list[Line] = (), settings: PageSettings | None = None, **kw) -> tuple[Content, Page]:
    page = Page(id="p", title="P", shapes=list(shapes), lines=list(lines), settings=settings or PageSettings(), **kw)
    return Content(pages=[page]), page


def stroke(color: str = "#000000", width: float = 1.0, style: str = "solid") -> Stroke:
    return Stroke(color, width, style)


class Picture:
    """An exported image read back, addressed in page pixels."""

    def __init__(self, data: bytes, dpi: float = 96, origin: tuple[float, float] = (0, 0)) -> None:
        self.image = Image.open(io.BytesIO(data))
        self.image.load()
        self.rgb = self.image.convert("RGB")
        self.scale = dpi / 96
        self.origin = origin

    def _xy(self, x: float, y: float) -> tuple[int, int]:
        return int((x - self.origin[0]) * self.scale), int((y - self.origin[1]) * self.scale)

    def at(self, x: float, y: float) -> tuple[int, int, int]:
        return self.rgb.getpixel(self._xy(x, y))

    def dark_pixels(self, x: float, y: float, w: float, h: float, below: int = 100) -> int:
        """How many pixels in the page box are dark (every channel below `below`)."""
        left, top = self._xy(x, y)
        right, bottom = self._xy(x + w, y + h)
        crop = self.rgb.crop((left, top, right, bottom))
        return sum(1 for r, g, b in pixels(crop) if r < below and g < below and b < below)


def pixels(image: Image.Image) -> list[tuple[int, int, int]]:
    """The RGB pixels of an image, row by row."""
    data = image.convert("RGB").tobytes()
    return list(zip(data[0::3], data[1::3], data[2::3]))


def close(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 6) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected))


def hex_rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
