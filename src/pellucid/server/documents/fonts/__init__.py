"""The one font of rendered documents, shipped with the package so text measures and rasterises
the same on any machine: Liberation Sans 2.1.5 (SIL OFL 1.1, `OFL.txt`), metric-compatible with
Arial. Text is measured here with Pillow (HarfBuzz shaping through raqm, as resvg shapes it) and
rasterised by resvg from the same files, with the machine's fonts never loaded.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FAMILY = "Liberation Sans"
# What the SVG names: our font first; Arial (same metrics) for viewers that lack it.
CSS_FAMILY = "'Liberation Sans', Arial, Helvetica, sans-serif"

_DIR = Path(__file__).parent
_FILES = {
    (False, False): "LiberationSans-Regular.ttf",
    (True, False): "LiberationSans-Bold.ttf",
    (False, True): "LiberationSans-Italic.ttf",
    (True, True): "LiberationSans-BoldItalic.ttf",
}
FONT_FILES: tuple[str, ...] = tuple(str(_DIR / name) for name in _FILES.values())

_UNIT = 1000  # measure at 1000 px, scale linearly (advances are not hinted)


@lru_cache(maxsize=4)
def _font(bold: bool, italic: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_DIR / _FILES[bold, italic]), _UNIT)


@lru_cache(maxsize=65536)
def _advance(text: str, bold: bool, italic: bool) -> float:
    return _font(bold, italic).getlength(text) / _UNIT


def width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """The advance width of `text` in px at font size `size` px (kerning applied)."""
    return _advance(text, bold, italic) * size


@lru_cache(maxsize=1)
def _metrics() -> tuple[float, float]:
    ascent, descent = _font(False, False).getmetrics()
    return ascent / _UNIT, descent / _UNIT


def ascent(size: float) -> float:
    """Baseline below the top of a line box, in px."""
    return _metrics()[0] * size


def line_height(size: float) -> float:
    """The height of one line of text at `size` px (ascent + descent)."""
    up, down = _metrics()
    return (up + down) * size
