"""The tools' typed outputs (their JSON Schemas are the tools' `outputSchema`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class DocumentRef(BaseModel):
    id: str
    title: str
    url: str = Field(description="Where a person opens the document")


class SearchResults(BaseModel):
    results: list[DocumentRef]


class FetchedDocument(BaseModel):
    id: str
    title: str
    url: str
    text: str = Field(description="Pages, shapes with their text, lines and what they connect, linked data")
    metadata: dict[str, Any]


class ShareLinkOut(BaseModel):
    share_link_id: str
    document_id: str
    role: str
    accept_url: str = Field(description="Give this URL to the people the document is shared with")


class CollaboratorOut(BaseModel):
    document_id: str
    user_id: int
    email: str
    role: str


class FolderEntry(BaseModel):
    id: str
    type: str = Field(description="folder, team or document")
    name: str
    product: str | None = None
    shortcut: bool = False


class FolderListing(BaseModel):
    folder_id: str
    entries: list[FolderEntry]
    truncated: bool = Field(description="True when the folder holds more than were listed")


class FolderOut(BaseModel):
    id: int
    name: str
    parent: int | None


class Trashed(BaseModel):
    id: str
    trashed: bool = True


class CollectionRef(BaseModel):
    id: int
    name: str


class DataSourceOut(BaseModel):
    id: int
    name: str
    adapter_type: str | None
    collections: list[CollectionRef]


class DataSources(BaseModel):
    data_sources: list[DataSourceOut]


class Item(BaseModel):
    id: int | None
    fields: dict[str, Any]


class Items(BaseModel):
    collection_id: int
    fields: list[str] = Field(description="The collection's field names, primary key first")
    primary_key: list[str]
    items: list[Item]
    total: int = Field(description="How many items match (the filter), beyond those listed")


class CreatedDataSource(BaseModel):
    data_source_id: int
    collection_id: int
    fields: list[str]
    primary_key: list[str]
    items: int


class Upserted(BaseModel):
    collection_id: int
    created: int
    updated: int
