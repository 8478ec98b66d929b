"""SVG building blocks shared by the renderer's parts: safe text and attribute values, numbers,
and colours read from documents. Everything a document supplies passes through here, so that the
SVG stays well-formed and safe to inline in a page whatever the document holds."""

from __future__ import annotations

import re
from functools import lru_cache

from PIL import ImageColor

# XML 1.0 forbids these characters outright; a document may still hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def text(value: str) -> str:
    """Character data: escaped, characters XML cannot hold dropped."""
    value = _NOT_XML.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    """An attribute value for a double-quoted attribute."""
    return text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;").replace("\r", "&#13;")


def num(value: float) -> str:
    """A coordinate: two decimals at most, no trailing zeros ("12", "3.5", "-0.25")."""
    out = f"{value:.2f}"
    if out.endswith("00"):
        out = out[:-3]
    elif out.endswith("0"):
        out = out[:-1]
    return "0" if out == "-0" else out


def pts(points) -> str:
    """A point list for path data: "x,y x,y ..."."""
    return " ".join(f"{num(x)},{num(y)}" for x, y in points)


@lru_cache(maxsize=4096)
def color(value: str | None) -> tuple[str, float] | None:
    """A CSS colour of a document (#rgb, #rrggbbaa, rgb(), a name, ...) as ("#rrggbb", alpha
    0..1), or None for no paint: "none", "transparent", empty, or anything unreadable."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if value.lower() in ("none", "transparent") or len(value) > 64:
        return None
    try:
        rgba = ImageColor.getrgb(value)
    except ValueError:
        return None
    alpha = rgba[3] / 255 if len(rgba) == 4 else 1.0
    if alpha <= 0:
        return None
    return "#{:02x}{:02x}{:02x}".format(*rgba[:3]), alpha


def paint(kind: str, value: str | None, default: str | None = None) -> str:
    """` fill="#rrggbb"` (with ` fill-opacity` when translucent) for `kind` fill or stroke;
    ` fill="none"` when the colour is none or unreadable (then `default`, when given)."""
    parsed = color(value) or (color(default) if default else None)
    if parsed is None:
        return f' {kind}="none"'
    hex_value, alpha = parsed
    return f' {kind}="{hex_value}"' + (f' {kind}-opacity="{alpha:.3g}"' if alpha < 1 else "")
