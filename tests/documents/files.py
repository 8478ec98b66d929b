"""Import files built in the tests: Standard Import archives, draw.io, Visio, Gliffy, board PDFs."""

from __future__ import annotations

import io
import json
import zipfile

import httpx

SI = "x-application/vnd.lucid.standardImport"
DRAWIO = "x-application/vnd.lucid.drawio"
VISIO = "x-application/vnd.lucid.visio"
GLIFFY = "x-application/vnd.lucid.gliffy"
BOARD = "x-application/vnd.lucid.board"


def lucid(document: dict | bytes | None, files: dict[str, bytes | str] | None = None) -> bytes:
    """A `.lucid` archive: `document.json` (unless None) and other entries by archive name."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if document is not None:
            raw = document if isinstance(document, bytes) else json.dumps(document).encode()
            archive.writestr("document.json", raw)
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def import_file(api, data: bytes, type: str | None = None, *, filename: str = "file", content_type: str | None = None,
                **fields: str) -> httpx.Response:
    """POST /documents as multipart: the file part (with its own content type, if given) and fields."""
    form = {k: str(v) for k, v in fields.items()}
    if type is not None:
        form["type"] = type
    part = (filename, data, content_type) if content_type else (filename, data)
    return api.post("/documents", files={"file": part}, data=form)


def png(width: int = 4, height: int = 3, colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()
