"""The uploaded file of an adapter request: one multipart part, within the file size limit."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import UploadFile

from ...http.errors import ApiError, bad_request
from ...http.request import Request

FIELD_LIMIT = 64 * 1024  # non-file parts carry nothing we read


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def too_large(limit: int, size: int | None = None) -> ApiError:
    """413 with the limit (and the size, when known) in the error details."""
    details = {"limit": limit} if size is None else {"limit": limit, "size": size}
    return ApiError(413, "badRequest", f"The file is larger than the file size limit of {limit:,} bytes", details)


async def file_of(request: Request) -> Upload:
    """The part named `file` (else the only file part); 400 without one, 413 above the limit."""
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise bad_request("Send the file as multipart/form-data, in a part named `file` "
                          f"(got Content-Type {content_type or 'none'!r})")
    limit = request.ctx.settings.file_size_limit_bytes
    form = await request.multipart(FIELD_LIMIT)
    try:
        part = form.get("file")
        if not isinstance(part, UploadFile):
            files = [value for value in form.values() if isinstance(value, UploadFile)]
            part = files[0] if len(files) == 1 else None
        if part is None:
            raise bad_request("No file was attached: send it in a multipart/form-data part named `file` "
                              "(with a filename)")
        data = await part.read(limit + 1)
        if len(data) > limit:
            raise too_large(limit)
        return Upload(part.filename or "file", data)
    finally:
        await form.close()
