"""What every importer shares: its result, its error, ids, colours and the limits it obeys. I/O-free."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ...settings import ImportLimits
from ..model import Content

ID_PATTERN = re.compile(r"[A-Za-z0-9\-_.~]{1,36}")
_HEX = re.compile(r"#?([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")


class InvalidFile(Exception):
    """The file cannot be imported; `message` says where it broke, `errors` lists problems by path."""

    def __init__(self, message: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors


@dataclass
class ImportedTable:
    """A table of data the import brings (Standard Import's CSVs): rows become Data Service items."""

    collection_id: str  # the collection's id in the document
    name: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Imported:
    content: Content
    blobs: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # sha256 -> (media type, bytes)
    tables: list[ImportedTable] = field(default_factory=list)

    def add_blob(self, data: bytes, media_type: str) -> str:
        """Keep an image once; the reference a fill holds (`blob:<sha256>`)."""
        digest = hashlib.sha256(data).hexdigest()
        self.blobs.setdefault(digest, (media_type, data))
        return f"blob:{digest}"


class Ids:
    """Item ids as Standard Import allows them: a source id is kept when it is a valid ID not
    used yet on the page set, else one is derived from it (`i` + 11 base32 characters, then
    `-2`, `-3`, ... on a clash)."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.mapped: dict[tuple[int, str], str] = {}

    def __call__(self, page_index: int, source_id: Any) -> str:
        """Our id for a source item: its own when valid and unused, else a stable hash."""
        key = (page_index, str(source_id))
        known = self.mapped.get(key)
        if known is not None:
            return known
        candidate = key[1]
        if not ID_PATTERN.fullmatch(candidate) or candidate in self.used:
            digest = hashlib.sha1(f"{page_index}:{candidate}".encode()).digest()
            candidate = "i" + base64.b32encode(digest).decode().lower()[:11]
        base, n = candidate, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base[:36 - len(str(n)) - 1]}-{n}"
        self.used.add(candidate)
        self.mapped[key] = candidate
        return candidate


def color(value: Any, default: str) -> str:
    """`#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` (or without the #) as lower-case `#rrggbb[aa]`."""
    if not isinstance(value, str):
        return default
    return _hex_color(value) or default


@lru_cache(maxsize=1024)  # a document repeats its few colours on every item
def _hex_color(value: str) -> str | None:
    match = _HEX.fullmatch(value.strip())
    if match is None:
        return None
    digits = match.group(1).lower()
    if len(digits) <= 4:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits


def check_count(what: str, count: int, limit: int) -> None:
    """Refuse a file with more than `limit` of `what`, naming both numbers."""
    if count > limit:
        raise InvalidFile(f"The file has {count:,} {what}; at most {limit:,} are allowed")


def check_items(content: Content, limits: ImportLimits) -> None:
    """Pages and items within the limits."""
    check_count("pages", len(content.pages), limits.max_pages)
    total = sum(len(p.shapes) + len(p.lines) + len(p.groups) + len(p.layers) for p in content.pages)
    check_count("items (shapes, lines, groups and layers)", total, limits.max_items)
