"""Data Service resources (seed 001 and seed 002's "Data" section).

The Data Service names everything by absolute links (`uri`); each model's `id` is the number at
the end of its link, which is what the path parameters of the endpoints take.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .base import Model

_TRAILING_ID = re.compile(r"/(\d+)/?$")


def link_id(link: str | None) -> int | None:
    """The id at the end of a Data Service link (`.../dataSets/2168` -> 2168)."""
    match = _TRAILING_ID.search(link or "")
    return int(match.group(1)) if match else None


class _Linked(Model):
    uri: str | None

    @property
    def id(self) -> int | None:
        """The number at the end of `uri`, which the endpoints take as path parameter."""
        return link_id(self.uri)


@dataclass
class DataSet(_Linked):
    """A data set: a named group of data sources."""

    uri: str | None = None
    name: str | None = None
    properties: str | None = None
    created: datetime | None = None
    modified: datetime | None = None
    creator_id: int | None = None
    data_set_grants: str | None = None
    data_sources: str | None = None


@dataclass
class DataSetGrant(_Linked):
    """Who may use a data set: `permission_type` user/account/document, `role` view/edit."""

    uri: str | None = None
    data_set: str | None = None
    permission_type: str | None = None
    identifier: str | None = None
    role: str | None = None


@dataclass
class SourceGrant(_Linked):
    """Who may use a data source: `permission_type` user/account/document, `role` view/edit."""

    uri: str | None = None
    data_source: str | None = None
    permission_type: str | None = None
    identifier: str | None = None
    role: str | None = None


@dataclass
class DataSource(_Linked):
    """A data source (think: a spreadsheet file) holding collections."""

    uri: str | None = None
    name: str | None = None
    product: str | None = None
    source_grants: str | None = None
    adapter_type: str | None = None
    collections: str | None = None
    items: str | None = None
    link_parameters: dict[str, Any] | None = None
    created: datetime | None = None
    last_modified: datetime | None = None
    deleted: datetime | None = None
    pending: bool | None = None
    data_set: str | None = None


@dataclass
class Collection(_Linked):
    """A collection (think: a sheet), or a metadata collection when `parent` is set."""

    uri: str | None = None
    data_source: str | None = None
    name: str | None = None
    last_sync: datetime | None = None
    version_timestamp: datetime | None = None
    created: datetime | None = None
    last_modified: datetime | None = None
    items: str | None = None
    schema: str | None = None
    properties: str | None = None
    metadata: str | None = None
    metadata_type: str | None = None
    parent: str | None = None
    sync_started: datetime | None = None
    deleted: datetime | None = None


@dataclass
class FieldDefinition(_Linked):
    """One field of a collection's schema. Modify one and pass it back to `schema.update`."""

    uri: str | None = None
    name: str | None = None
    field_type: str | None = None
    collection: str | None = None
    is_primary: bool | None = None
    order: int | str | None = None
    default: Any = None
    label: str | None = None


@dataclass
class DataItem(_Linked):
    """A data item (think: a row): `fields` maps schema field names to values."""

    uri: str | None = None
    collection: str | None = None
    fields: dict[str, Any] | None = None

    def __getitem__(self, name: str) -> Any:
        return (self.fields or {})[name]


@dataclass
class RateLimits(Model):
    """`GET /rateLimits`: refresh intervals (seconds), calls per minute, file size limit (MB)."""

    user_hard_refresh_interval: int | None = None
    user_soft_refresh_interval: int | None = None
    user_api_call_rate: int | None = None
    account_api_call_rate: int | None = None
    file_size_limit: int | None = None
    adapter_types: list[str] | None = None


@dataclass(frozen=True)
class Outcome:
    """What a Data Service write answered: its message (e.g. "Updated 1 item(s)") and the count in it."""

    message: str | None
    count: int | None
