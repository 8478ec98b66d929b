"""Documents and what describes them (seed 002, "Documents" and "Unfurling")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .base import Model


@dataclass
class CustomAttribute(Model):
    """A custom attribute value; `value`'s type depends on `type` (enterprise accounts only)."""

    type: str | None = None
    name: str | None = None
    value: Any = None


@dataclass
class DocumentOwner(Model):
    """Who owns a document: `type` is "user" or "account" (only Get Document returns it)."""

    id: int | str | None = None
    type: str | None = None
    name: str | None = None


@dataclass
class Document(Model):
    """The "Document" resource."""

    document_id: str | None = None
    title: str | None = None
    edit_url: str | None = None
    view_url: str | None = None
    version: int | None = None
    page_count: int | None = None
    can_edit: bool | None = None
    created: datetime | None = None
    creator_id: int | None = None
    last_modified: datetime | None = None
    last_modified_user_id: int | None = None
    custom_attributes: list[CustomAttribute] | None = None
    custom_tags: list[str] | None = None
    product: str | None = None
    status: str | None = None
    trashed: datetime | None = None
    parent: int | None = None
    owner: DocumentOwner | None = None


@dataclass
class LinkDocument(Model):
    """The document a Lucid link points at."""

    document_id: str | None = None
    page: str | None = None
    product: str | None = None
    basic_embed: str | None = None


@dataclass
class LinkInvitation(Model):
    invitation_id: str | None = None


@dataclass
class LinkDescription(Model):
    """The "Link" resource of Describe Link: what a Lucid URL points at (existence unchecked)."""

    document: LinkDocument | None = None
    invitation: LinkInvitation | None = None
