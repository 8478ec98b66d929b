"""Export Document (seed 002): `GET /documents/{id}` answered with an image when the first
`Accept` range is an image type. `image/png` or `image/jpeg`, optionally `;dpi=N` (default 160);
`page` (1-based) or `pageId`, and `crop` (`x,y,width,height` in page pixels, or `content`).
Other image types answer 406 `invalidExportType`; the response's `Content-Type` echoes the type
and the effective dpi (`image/png; dpi=160`). User tokens only; 75 exports per 5 s per account.
"""

from __future__ import annotations

import math
import re
from functools import partial
from urllib.parse import parse_qsl

import anyio

from ..documents import export
from ..documents.linked import with_linked_values
from ..documents.model import Content, Page
from ..http.errors import ApiError, bad_request, forbidden, not_found
from ..http.request import Request
from ..http.responses import Response
from ..store import document_contents
from . import access
from .limits import EXPORT

QUERY_DOC = {
    "page": ("integer", "Export: 1-based index of the page (default the first)"),
    "pageId": ("string", "Export: id of the page (not with page)"),
    "crop": ("string", "Export: `x,y,width,height` in page pixels, or `content`"),
}
MEDIA_DOC = {media: {"type": "string", "format": "binary"} for media in export.MEDIA_TYPES}
MAX_CROP = 1_000_000  # page px: no coordinate or size of a crop beyond this
_DPI = re.compile(r"dpi\s*=\s*(\S*)", re.IGNORECASE)
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def requested(request: Request) -> bool:
    """Whether the request asks for an export: its first Accept range is an image (or a PDF)."""
    return _media_range(request.headers.get("accept", ""))[0] in ("image", "application/pdf")


def _media_range(accept: str) -> tuple[str, str, list[str]]:
    """(type family or full type, the media type, its parameters) of the first Accept range."""
    first = accept.split(",")[0]
    media, *parameters = first.split(";")
    media = media.strip().lower()
    return ("image" if media.startswith("image/") else media), media, parameters


def accepted_format(accept: str) -> tuple[str, int]:
    """(media type, dpi) from the Accept header; 406 for an image type we do not make, 400 for a
    malformed dpi. `image/*` means any image: PNG. Parameters other than dpi are ignored."""
    _, media, parameters = _media_range(accept)
    if media == "image/*":
        media = export.PNG
    if media not in export.MEDIA_TYPES:
        raise ApiError(406, "invalidExportType", "The requested export type is not supported",
                       {"requested": media, "supported": list(export.MEDIA_TYPES)})
    dpi = export.DEFAULT_DPI
    for parameter in parameters:
        match = _DPI.fullmatch(parameter.strip())
        if match:
            value = match.group(1)
            if not value.isdigit() or not export.MIN_DPI <= int(value) <= export.MAX_DPI:
                raise bad_request(f"dpi must be a whole number from {export.MIN_DPI} to {export.MAX_DPI}; got {value!r}")
            dpi = int(value)
    return media, dpi


def _single(query: list[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in query if key == name]
    if len(values) > 1:
        raise bad_request(f"Only a single {name} is allowed")
    if values and not values[0].strip():
        raise bad_request(f"{name} must not be empty")
    return values[0].strip() if values else None


def parse_crop(value: str | None) -> export.Crop:
    """`content`, or four numbers `x,y,width,height` (spaces allowed; width and height > 0)."""
    if value is None:
        return None
    if value.lower() == "content":
        return "content"
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 4 or not all(_NUMBER.fullmatch(part) for part in parts):
        raise bad_request(f"crop must be `content` or four numbers x,y,width,height; got {value!r}")
    x, y, w, h = (float(part) for part in parts)
    if w <= 0 or h <= 0:
        raise bad_request("crop width and height must be greater than 0")
    if max(abs(x), abs(y), w, h) > MAX_CROP or not all(map(math.isfinite, (x, y, w, h))):
        raise bad_request(f"crop values must be within ±{MAX_CROP} pixels")
    return x, y, w, h


def _page_selector(query: list[tuple[str, str]]) -> tuple[int | None, str | None]:
    index, page_id = _single(query, "page"), _single(query, "pageId")
    if index is not None and page_id is not None:
        raise bad_request("Only a single page or pageId can be provided")
    if index is not None and (not index.isdigit() or int(index) < 1):
        raise bad_request(f"page must be a 1-based page number; got {index!r}")
    return (int(index) if index is not None else None), page_id


def _load(request: Request, document_id: str, index: int | None, page_id: str | None,
          ) -> tuple[Content, Page, dict[str, tuple[str, bytes]]]:
    """The content (formulas showing their linked rows' values), the page asked for and its image
    blobs, read in one transaction."""
    with request.ctx.store.read() as conn:
        access.document_access(conn, request.principal, document_id, request.route.scopes)
        content = with_linked_values(conn, document_contents.load(conn, document_id))
        page = export.find_page(content, index=index, page_id=page_id)
        if page is None:
            raise not_found(f"The document has no page {page_id!r}" if page_id is not None
                            else f"The document has no page {index} (it has {len(content.pages)})")
        blobs = {sha: found for sha in export.blob_refs(page) if (found := document_contents.get_blob(conn, sha))}
    return content, page, blobs


async def export_document(request: Request, document_id: str) -> Response:
    """The page as PNG or JPEG; the work of rasterising runs off the event loop."""
    principal = request.principal
    if principal.token_type != "user":
        raise forbidden("Only user tokens can export documents")
    await request.ctx.run(request.ctx.limiter.check, f"account:{principal.account_id}", EXPORT.count, EXPORT.seconds,
                          EXPORT.name)
    media_type, dpi = accepted_format(request.headers.get("accept", ""))
    query = parse_qsl(request.query_string, keep_blank_values=True)
    index, page_id = _page_selector(query)
    crop = parse_crop(_single(query, "crop"))
    content, page, blobs = await request.ctx.run(_load, request, document_id, index, page_id)
    render = partial(export.export_image, content, page, media_type=media_type, dpi=dpi, crop=crop, blobs=blobs.get)
    try:
        image = await anyio.to_thread.run_sync(render)
    except export.RegionTooLarge as error:
        raise bad_request(str(error)) from None
    return Response(200, image.data, f"{image.media_type}; dpi={image.dpi}")
