"""Image export: a page's SVG (`render.py`) rasterised by resvg into PNG, or JPEG through Pillow,
at a dpi, of the whole page or a crop. Used by `GET /documents/{id}` (image Accept) and by the
embed viewer's raster ("simple") mode.

Sizes: `scale = dpi / 96`; each side is `round_half_up(side * scale)`, at least 1 px. An image
wider or taller than 16 384 px or larger than 64 Mpx is made at the highest dpi that fits, and
that effective dpi is what the image and the response report. Fonts are the package's own
(`fonts`); the machine's fonts are never loaded.
"""

from __future__ import annotations

import io
import math
import os
import struct
import threading
import zlib
from dataclasses import dataclass
from typing import Literal

import resvg_py
from PIL import Image

from . import fonts
from .model import UNITS_PER_INCH, Content, Page
from .render import BlobLookup, Region, content_box, default_region, page_svg

PNG, JPEG = "image/png", "image/jpeg"
MEDIA_TYPES = (JPEG, PNG)  # as seed 002's invalidExportType error lists them
DEFAULT_DPI = 160
MIN_DPI, MAX_DPI = 1, 2400
MAX_SIDE = 16_384
MAX_PIXELS = 64_000_000
JPEG_QUALITY = 90

Crop = Region | Literal["content"] | None

# One rasterisation per core at a time: a large image holds a few hundred MB while it is made.
_RASTERISING = threading.BoundedSemaphore(os.cpu_count() or 1)


class RegionTooLarge(ValueError):
    """Even at 1 dpi the region would exceed the image size limits."""


@dataclass(frozen=True, slots=True)
class ExportedImage:
    data: bytes
    media_type: str
    dpi: int  # the effective dpi (lower than asked when the size limits required it)
    width: int
    height: int


def find_page(content: Content, *, index: int | None = None, page_id: str | None = None) -> Page | None:
    """The page at 1-based `index`, or with `page_id`; the first page when neither is given."""
    if page_id is not None:
        return next((p for p in content.pages if p.id == page_id), None)
    position = 1 if index is None else index
    return content.pages[position - 1] if 1 <= position <= len(content.pages) else None


def blob_refs(page: Page) -> set[str]:
    """The digests of the stored images the page's image fills show (`blob:<sha256>`)."""
    return {shape.style.fill.image[len("blob:"):] for shape in page.shapes
            if shape.style.fill.kind == "image" and (shape.style.fill.image or "").startswith("blob:")}


def region_for(page: Page, crop: Crop) -> Region:
    """What the image shows: the crop rectangle, the content's tight box, or the default region."""
    if crop == "content":
        x, y, w, h = content_box(page)
        return (0.0, 0.0, 1.0, 1.0) if w <= 0 and h <= 0 else (x, y, max(w, 1.0), max(h, 1.0))
    if crop is not None:
        return crop
    return default_region(page)


def _pixels(length: float, dpi: int) -> int:
    return max(1, math.floor(length * dpi / UNITS_PER_INCH + 0.5 + 1e-9))


def pixel_size(region: Region, dpi: int) -> tuple[int, int, int]:
    """(effective dpi, width, height) of the image of `region` at `dpi`, within the limits."""
    _, _, w, h = region
    while True:
        width, height = _pixels(w, dpi), _pixels(h, dpi)
        if width <= MAX_SIDE and height <= MAX_SIDE and width * height <= MAX_PIXELS:
            return dpi, width, height
        if dpi <= MIN_DPI:
            raise RegionTooLarge(f"The region ({w:g} x {h:g} px) is too large to export, even at 1 dpi")
        fits = min(MAX_SIDE * UNITS_PER_INCH / w, MAX_SIDE * UNITS_PER_INCH / h,
                   math.sqrt(MAX_PIXELS / (w * h)) * UNITS_PER_INCH)
        dpi = max(MIN_DPI, min(dpi - 1, math.floor(fits)))


def rasterise(svg: str, background: str | None = None) -> bytes:
    """PNG bytes of an SVG at its own width and height, drawn with the package's fonts only."""
    with _RASTERISING:
        return resvg_py.svg_to_bytes(
            svg_string=svg, background=background, skip_system_fonts=True, font_files=list(fonts.FONT_FILES),
            font_family=fonts.FAMILY, sans_serif_family=fonts.FAMILY,
        )


def _with_dpi(png: bytes, dpi: int) -> bytes:
    """The PNG with a pHYs chunk (pixels per metre) right after its header chunk."""
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    header_end = 8 + 8 + 13 + 4  # signature, IHDR length and type, its 13 bytes, its CRC
    return png[:header_end] + chunk + png[header_end:]


def export_image(content: Content, page: Page, *, media_type: str = PNG, dpi: int = DEFAULT_DPI,
                 crop: Crop = None, blobs: BlobLookup | None = None) -> ExportedImage:
    """The page as a PNG or JPEG image. Raises RegionTooLarge when no dpi can fit the region."""
    if media_type not in MEDIA_TYPES:
        raise ValueError(f"unsupported export type {media_type!r}")
    region = region_for(page, crop)
    dpi, width, height = pixel_size(region, dpi)
    svg = page_svg(content, page, region=region, blobs=blobs, size=(width, height))
    if media_type == PNG:
        return ExportedImage(_with_dpi(rasterise(svg), dpi), PNG, dpi, width, height)
    with Image.open(io.BytesIO(rasterise(svg, background="#ffffff"))) as image:
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, dpi=(dpi, dpi))
    return ExportedImage(out.getvalue(), JPEG, dpi, width, height)
