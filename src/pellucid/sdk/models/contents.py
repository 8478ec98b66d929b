"""The "Document Content" resource and its parts (Get Document Contents)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from .base import Model


@dataclass
class DataPair(Model):
    key: str | None = None
    value: str | None = None


@dataclass
class LinkedData(Model):
    json_keys: ClassVar[Mapping[str, str]] = {"collection_id": "collection_id"}

    collection_id: str | None = None
    data: list[DataPair] | None = None
    primary_key_value: str | None = None


@dataclass
class TextArea(Model):
    """A text area: the examples send `label`/`text` (the table says `key`/`value`)."""

    label: str | None = None
    text: str | None = None


@dataclass
class Endpoint(Model):
    style: str | None = None
    connected_to: str | None = None


@dataclass
class Shape(Model):
    json_keys: ClassVar[Mapping[str, str]] = {"class_": "class"}

    id: str | None = None
    class_: str | None = None
    text_areas: list[TextArea] | None = None
    custom_data: list[DataPair] | None = None
    linked_data: list[LinkedData] | None = None


@dataclass
class Line(Model):
    id: str | None = None
    endpoint1: Endpoint | None = None
    endpoint2: Endpoint | None = None
    text_areas: list[TextArea] | None = None
    custom_data: list[DataPair] | None = None
    linked_data: list[LinkedData] | None = None


@dataclass
class Group(Model):
    id: str | None = None
    members: list[str] | None = None
    custom_data: list[DataPair] | None = None
    linked_data: list[LinkedData] | None = None


@dataclass
class Layer(Model):
    id: str | None = None
    name: str | None = None
    members: list[str] | None = None
    custom_data: list[DataPair] | None = None
    linked_data: list[LinkedData] | None = None


@dataclass
class PageItems(Model):
    shapes: list[Shape] | None = None
    lines: list[Line] | None = None
    groups: list[Group] | None = None
    layers: list[Layer] | None = None


@dataclass
class Page(Model):
    id: str | None = None
    title: str | None = None
    index: int | None = None
    items: PageItems | None = None
    custom_data: list[DataPair] | None = None
    linked_data: list[LinkedData] | None = None


@dataclass
class ContentCollection(Model):
    id: str | None = None
    name: str | None = None
    primary_key: list[str] | None = None


@dataclass
class ContentData(Model):
    collections: list[ContentCollection] | None = None


@dataclass
class DocumentContent(Model):
    """The contents of a Lucidchart document: pages, their items, and the data on it."""

    id: str | None = None
    title: str | None = None
    product: str | None = None
    pages: list[Page] | None = None
    data: ContentData | None = None
