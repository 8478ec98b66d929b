"""`.lucid` files (a ZIP with `document.json` at its root and CSVs under `data/`), and the content
an assistant sends for an import: file text, or base64 of a binary file. I/O-free."""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
import zipfile
from typing import Any

MAX_CONTENT_BYTES = 10 * 1024 * 1024


class ContentError(ValueError):
    """The content cannot be the file it claims to be; the message says why."""


def archive(document: dict[str, Any], data: dict[str, list[list[str]]] | None = None) -> bytes:
    """A `.lucid` file: `document.json` and, per file name, a CSV of rows under `data/`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("document.json", json.dumps(document, ensure_ascii=False))
        for name, rows in (data or {}).items():
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerows(rows)
            zipped.writestr(f"data/{name}", text.getvalue())
    return buffer.getvalue()


def file_bytes(content: str) -> bytes:
    """The file an import's `content` stands for: XML or JSON text as is, anything else base64."""
    stripped = content.lstrip()
    if stripped.startswith(("<", "{", "[")):
        data = content.encode("utf-8")
    else:
        try:
            data = base64.b64decode("".join(content.split()), validate=True)
        except (binascii.Error, ValueError):
            raise ContentError("content must be the file's text (XML or JSON) or the base64 of a binary file") from None
    if len(data) > MAX_CONTENT_BYTES:
        raise ContentError(f"the file is larger than {MAX_CONTENT_BYTES} bytes")
    return data


def is_zip(data: bytes) -> bool:
    """Whether the bytes are a ZIP archive (a .lucid file) rather than bare JSON."""
    return data.startswith(b"PK\x03\x04")
