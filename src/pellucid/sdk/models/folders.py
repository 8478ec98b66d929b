"""Folders and folder contents (seed 002, "Folders")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .base import Model


@dataclass
class Folder(Model):
    """The "Folder" resource; `type` is "folder" or "team"."""

    id: int | None = None
    type: str | None = None
    name: str | None = None
    parent: int | None = None
    created: datetime | None = None
    trashed: datetime | None = None


@dataclass
class FolderContent(Model):
    """One entry of a folder: a folder (`id` a number) or a document (`id` a UUID, `product` set)."""

    id: int | str | None = None
    type: str | None = None
    name: str | None = None
    shortcut: bool | None = None
    product: str | None = None
