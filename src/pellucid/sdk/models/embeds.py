"""Document embeds (seed 002, "Embedding Utils")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .base import Model


@dataclass
class Embed(Model):
    """The "Embed" resource; `embed_version` is "latest-version" or "snapshot-version"."""

    embed_id: str | None = None
    document_id: str | None = None
    embed_version: str | None = None
    created: datetime | None = None
    modified: datetime | None = None


@dataclass
class EmbedDocument(Model):
    """The "Embed Document" resource (a snapshot embed reports the snapshot's title and pages)."""

    embed_id: str | None = None
    document_id: str | None = None
    page_count: int | None = None
    title: str | None = None
