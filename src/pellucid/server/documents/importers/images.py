"""Images an import carries: recognised by their bytes (not their names), size-checked, typed."""

from __future__ import annotations

import io
import warnings

from PIL import Image

from ...settings import ImportLimits
from .common import InvalidFile

FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "BMP": "image/bmp", "TIFF": "image/tiff"}


def media_type(data: bytes, where: str, limits: ImportLimits) -> str:
    """The image's media type; an `InvalidFile` unless it is a PNG, JPEG, GIF, BMP or TIFF within
    the pixel limit. Only the header is read: nothing is decoded here."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind, (width, height) = image.format, image.size
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InvalidFile(f"{where} is not a readable image: {exc}") from None
    if kind not in FORMATS:
        raise InvalidFile(f"{where} is a {kind} image; PNG, JPEG, GIF, BMP and TIFF are supported")
    if width * height > limits.max_image_pixels:
        raise InvalidFile(f"{where} is {width} x {height} pixels; at most {limits.max_image_pixels:,} pixels "
                          "are allowed")
    return FORMATS[kind]
