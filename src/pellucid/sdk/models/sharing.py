"""Collaborators and share links (seed 002, "Collaboration" and "Sharing")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .base import Model


@dataclass
class DocumentCollaborator(Model):
    """The "Document User Collaborator" resource."""

    document_id: str | None = None
    user_id: int | None = None
    role: str | None = None
    created: datetime | None = None


@dataclass
class FolderCollaborator(Model):
    """The "Folder User Collaborator" resource."""

    folder_id: int | None = None
    user_id: int | None = None
    role: str | None = None
    created: datetime | None = None


@dataclass
class FolderGroupCollaborator(Model):
    """The "Folder Group Collaborator" resource."""

    folder_id: int | None = None
    group_id: int | None = None
    role: str | None = None
    created: datetime | None = None


@dataclass
class LinkSecurity(Model):
    """The "Document Link Security" of a share link (configurable on enterprise accounts)."""

    restrict_to_account: bool | None = None
    expires: datetime | None = None
    passcode: str | None = None
    allow_anonymous: bool | None = None


@dataclass
class ShareLink(Model):
    """The "Document Share Link" resource."""

    share_link_id: str | None = None
    document_id: str | None = None
    role: str | None = None
    link_security: LinkSecurity | None = None
    created: datetime | None = None
    created_by: int | None = None
    last_modified: datetime | None = None
    accept_url: str | None = None
