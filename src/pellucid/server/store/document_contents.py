"""Document content, per version, and the image blobs it references.

A document's content versions are immutable rows: `Content.to_json()`, and, when the caller
gives it, the version as contents show it (`documents.contents.Shown`'s pages and the rest of
it, made once by the writer), the large parts deflated. `save`
adds the next one and moves the document's `version`, `page_count` and last-modified fields in
the caller's transaction. A document with no stored content (a blank new one, or one made
before content existed) reads as its blank pages, with the page ids it always had.

Blobs (images of fills) are stored once by the sha256 of their bytes, whatever document holds them.
"""

from __future__ import annotations

import base64
import hashlib
import zlib

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from ..documents.model import Content, Page, PageSettings
from . import tables as t
from .db import now_ms


def blank_page_id(document_id: str, index: int) -> str:
    """A stable 12-character page id, shaped like Lucid's ("YGcM5DNywbTK")."""
    digest = hashlib.sha256(f"{document_id}/page/{index}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()[:12]


def blank(document_id: str, product: str, page_count: int = 1) -> Content:
    """The content of a document that has none stored: `page_count` empty pages."""
    return Content(pages=[
        Page(id=blank_page_id(document_id, index), title=f"Page {index + 1}", settings=page_settings(product))
        for index in range(page_count)
    ])


def page_settings(product: str) -> PageSettings:
    """A new page's settings: Lucidspark boards are infinite and grey (Standard Import's defaults)."""
    return PageSettings(fill="#f2f3f5", infinite=True) if product == "lucidspark" else PageSettings()


def _document(conn: Connection, document_id: str) -> sa.Row:
    d = t.documents.c
    row = conn.execute(sa.select(d.product, d.page_count, d.version).where(d.id == document_id)).first()
    if row is None:
        raise LookupError(f"Document {document_id} does not exist")
    return row


def load(conn: Connection, document_id: str, version: int | None = None) -> Content:
    """The content of the document's latest version, or of the version in force at `version`."""
    c = t.document_contents.c
    query = sa.select(c.content).where(c.document_id == document_id)
    if version is not None:
        query = query.where(c.version <= version)
    raw = conn.execute(query.order_by(c.version.desc()).limit(1)).scalar()
    if raw is not None:
        return Content.from_json(_unpacked(bytes(raw)))
    document = _document(conn, document_id)
    return blank(document_id, document.product, document.page_count)


def load_shown(conn: Connection, document_id: str) -> tuple[bytes, bytes] | None:
    """The latest version as Get Document Contents shows it, `(pages, the rest)`, as its writer
    stored it; None when it was stored without (the caller renders it from its model)."""
    c = t.document_contents.c
    row = conn.execute(sa.select(c.shown_pages, c.shown_links).where(c.document_id == document_id)
                       .order_by(c.version.desc()).limit(1)).first()
    if row is None or row.shown_pages is None:
        return None
    return zlib.decompress(row.shown_pages), bytes(row.shown_links)


def stored_version(conn: Connection, document_id: str) -> int | None:
    """The newest stored content version, None while the document has none."""
    c = t.document_contents.c
    return conn.execute(sa.select(sa.func.max(c.version)).where(c.document_id == document_id)).scalar()


def insert(conn: Connection, document_id: str, version: int, content: Content, user_id: int,
           shown: tuple[bytes, bytes] | None = None) -> None:
    """Store one content version as it is, and as contents show it when `shown` is given
    (`documents.contents.Shown`'s pages and `stored()`); the document row is the caller's."""
    conn.execute(sa.insert(t.document_contents).values(
        document_id=document_id, version=version, content=_packed(content.to_json()),
        shown_pages=_packed(shown[0]) if shown else None, shown_links=shown[1] if shown else None,
        user_id=user_id, created=now_ms(),
    ))


def _packed(data: bytes) -> bytes:
    """JSON as stored: deflated, a thirtieth of its size for a large document. zlib at level 1
    costs about what writing the plain bytes to SQLite does, and less than PostgreSQL's own
    compression and write of them (5,000 shapes: 17 ms stored deflated, 45 ms plain)."""
    return zlib.compress(data, 1)


def _unpacked(stored: bytes) -> bytes:
    """Versions stored before they were deflated are plain JSON objects (`{`; zlib starts with 0x78)."""
    return stored if stored[:1] == b"{" else zlib.decompress(stored)


def save(conn: Connection, document_id: str, content: Content, user_id: int) -> int:
    """Store `content` as the document's next version and return that version. The blank pages
    a document showed before its first save are stored first, so every version reads as it was."""
    d = t.documents.c
    if stored_version(conn, document_id) is None:
        document = _document(conn, document_id)
        insert(conn, document_id, document.version, blank(document_id, document.product, document.page_count),
               user_id)
    version = conn.execute(
        sa.update(t.documents).where(d.id == document_id)
        .values(version=d.version + 1, page_count=len(content.pages), last_modified=now_ms(),
                last_modified_user_id=user_id)
        .returning(d.version)
    ).scalar()
    if version is None:
        raise LookupError(f"Document {document_id} does not exist")
    insert(conn, document_id, version, content, user_id)
    return version


def put_blob(conn: Connection, data: bytes, media_type: str) -> str:
    """Store the bytes once (a second put of the same bytes is a no-op); their sha256 hex."""
    digest = hashlib.sha256(data).hexdigest()
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(t.document_blobs).values(
        sha256=digest, media_type=media_type, size=len(data), data=data, created=now_ms(),
    ).on_conflict_do_nothing(index_elements=["sha256"]))
    return digest


def get_blob(conn: Connection, sha256: str) -> tuple[str, bytes] | None:
    """(media type, bytes) of a stored blob, None if there is none."""
    b = t.document_blobs.c
    row = conn.execute(sa.select(b.media_type, b.data).where(b.sha256 == sha256.lower())).first()
    return None if row is None else (row.media_type, bytes(row.data))
