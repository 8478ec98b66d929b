"""`client.data.collections`: collections, metadata collections and collection properties."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypedDict

from ..._call import Call, models, nothing
from ..._resource import Mode, Resource, endpoint, paged
from ..._types import NOT_GIVEN, NotGiven, given, present
from ...models.data import Collection, FieldDefinition, Outcome
from ...pagination import PageData
from .._common import dump
from . import _shared
from ._common import (
    CollectionRef,
    DataSourceRef,
    count,
    data_call,
    data_list,
    data_model,
    ref_id,
    ref_link,
)


class FieldParam(TypedDict, total=False):
    """A field definition in a request (the wire's camelCase). Without `uri` it adds a field."""

    uri: str
    name: str
    fieldType: str
    isPrimary: bool
    order: int
    default: Any
    label: str | None


def schema_body(fields: Iterable[FieldDefinition | FieldParam]) -> list[Any]:
    """Field definitions as the API's `schema` array."""
    return [dump(entry) for entry in fields]


class Collections(Resource[Mode]):
    """Collections: think of a sheet, with a schema (header row) and items (rows)."""

    @endpoint
    def count(self, *, data_source: DataSourceRef | None = None) -> Call[int]:
        """How many collections the user can access (`Lucid-Collections-Total`)."""
        return count("/collections", "Lucid-Collections-Total", {"dataSource": self._source_link(data_source)})

    @paged
    def list(self, *, data_source: DataSourceRef | None = None, start: int | None = None, end: int | None = None,
             page_size: int | None = None) -> Call[PageData[Collection]]:
        """The user's collections (of one data source, if given), auto-paging."""
        return data_list("/collections", "collections", Collection, start, end, page_size,
                         params={"dataSource": self._source_link(data_source)})

    @endpoint
    def get(self, collection: CollectionRef) -> Call[Collection]:
        """A collection (or metadata collection); `sync_started` is set while it refreshes."""
        return data_model("GET", f"/collections/{ref_id(collection, 'collection')}", Collection)

    @endpoint
    def create(self, data_source: DataSourceRef, name: str, *,
               schema: Sequence[FieldDefinition | FieldParam] = (),
               properties: Mapping[str, Any] | None = None) -> Call[Collection]:
        """Create a collection in a data source, with its schema (field definitions)."""
        body = {"dataSource": self._source_link(data_source), "name": name, "schema": schema_body(schema),
                "properties": dict(properties or {})}
        return data_model("POST", "/collections", Collection, json=body)

    @endpoint
    def update(self, collection: CollectionRef, *, name: str | NotGiven = NOT_GIVEN,
               data_source: DataSourceRef | NotGiven = NOT_GIVEN) -> Call[Collection]:
        """Rename a collection and/or move it to another data source (not metadata collections)."""
        link = NOT_GIVEN if data_source is NOT_GIVEN else self._source_link(data_source)
        return data_model("PATCH", f"/collections/{ref_id(collection, 'collection')}", Collection,
                          json=given(name=name, dataSource=link), idempotent=True)

    @endpoint
    def delete(self, collection: CollectionRef) -> Call[None]:
        """Delete a collection with its metadata collections, schema and items."""
        return data_call("DELETE", f"/collections/{ref_id(collection, 'collection')}", nothing)

    @endpoint
    def metadata(self, collection: CollectionRef) -> Call[builtins.list[Collection]]:
        """The metadata collections of a collection (FillColor, Format, ...)."""
        return data_call("GET", f"/collections/{ref_id(collection, 'collection')}/metadata", models(Collection))

    @endpoint
    def create_metadata(self, collection: CollectionRef, metadata_type: str, *, name: str | None = None,
                        schema: Sequence[FieldDefinition | FieldParam] = (),
                        properties: Mapping[str, Any] | None = None) -> Call[Collection]:
        """Add a metadata collection of `metadata_type` to a collection."""
        body = present({"metadataType": metadata_type, "name": name, "schema": schema_body(schema),
                        "properties": dict(properties or {})})
        return data_model("POST", f"/collections/{ref_id(collection, 'collection')}/metadata", Collection, json=body)

    @endpoint
    def properties(self, collection: CollectionRef) -> Call[dict[str, Any]]:
        """The collection's properties (a map of names to JSON values)."""
        return _shared.get_properties(f"/collections/{ref_id(collection, 'collection')}/properties")

    @endpoint
    def update_properties(self, collection: CollectionRef, properties: Mapping[str, Any]) -> Call[dict[str, Any]]:
        """Add or replace collection properties; answers with the ones changed."""
        return _shared.update_properties(f"/collections/{ref_id(collection, 'collection')}/properties", properties)

    @endpoint
    def delete_properties(self, collection: CollectionRef, names: Iterable[str]) -> Call[Outcome]:
        """Delete the named properties; `count` says how many went."""
        return _shared.delete_properties(f"/collections/{ref_id(collection, 'collection')}/properties", names)

    def _source_link(self, data_source: DataSourceRef | None) -> str | None:
        return None if data_source is None else ref_link(self._urls.data, data_source, "dataSources", "data source")
