"""Tables of document content: one row per content version, and image blobs stored once.

A content version is `documents.model.Content.to_json()`, with its contents as shown; versions are immutable (snapshot
embeds and exports of an older version read them). Blobs are content-addressed by sha256 and
shared by every document that holds the same image.
"""

from __future__ import annotations

import sqlalchemy as sa

from .base import ID, MILLIS, metadata

document_contents = sa.Table(
    "document_contents", metadata,
    sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("version", sa.BigInteger, primary_key=True),
    sa.Column("content", sa.LargeBinary, nullable=False),  # Content.to_json(), deflated (plain in older rows)
    # The version as Get Document Contents shows it (`documents.contents.Shown`): its pages' JSON
    # (deflated) and the rest; None in versions stored before they were kept.
    sa.Column("shown_pages", sa.LargeBinary, nullable=True),
    sa.Column("shown_links", sa.LargeBinary, nullable=True),
    sa.Column("user_id", ID, nullable=False),  # who saved it
    sa.Column("created", MILLIS, nullable=False),
)

document_blobs = sa.Table(
    "document_blobs", metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),  # lower-case hex digest of `data`
    sa.Column("media_type", sa.String(100), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("created", MILLIS, nullable=False),
)
