"""The Data Service's JSON objects, built from store rows."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Sequence

from sqlalchemy.engine import Row

from .links import Links


def timestamp(millis: int | None) -> str | None:
    """RFC 3339 in UTC at second precision, as the docs print DateTimes."""
    if millis is None:
        return None
    return datetime.fromtimestamp(millis / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def data_set(links: Links, row: Row) -> dict[str, Any]:
    """A data set as the API shows it, with links to its grants and data sources."""
    return {
        "uri": links.data_set(row.id),
        "name": row.name,
        "properties": links.data_set_properties(row.id),
        "created": timestamp(row.created),
        "modified": timestamp(row.modified),
        "creatorId": row.creator_id,
        "dataSetGrants": links.data_set_grants_of(row.id),
        "dataSources": links.data_sources_of(row.id),
    }


def data_source(links: Links, row: Row, viewer_id: int | None, link_parameters: dict[str, Any]) -> dict[str, Any]:
    """A data source as the API shows it; link parameters only for its creator (seed rule)."""
    body: dict[str, Any] = {
        "uri": links.data_source(row.id),
        "name": row.name,
        "product": "chart",
        "sourceGrants": links.source_grants_of(row.id),
        "adapterType": row.adapter_type,
        "collections": links.collections_of(row.id),
    }
    # "If the creator of the data source is the user making the request, the link parameters
    # will be returned with the data source."
    if viewer_id == row.creator_id:
        body["linkParameters"] = link_parameters
    body.update({
        "created": timestamp(row.created),
        "lastModified": timestamp(row.last_modified),
        "deleted": None,
        "pending": bool(row.pending),
        "dataSet": links.data_set(row.data_set_id) if row.data_set_id is not None else None,
    })
    return body


def _grant(uri: str, owner_key: str, owner_uri: str, row: Row) -> dict[str, Any]:
    return {
        "uri": uri,
        owner_key: owner_uri,
        "permissionType": row.permission_type,
        "identifier": row.identifier,
        "role": row.role,
    }


def data_set_grant(links: Links, row: Row) -> dict[str, Any]:
    """A data set grant as the API shows it."""
    return _grant(links.data_set_grant(row.id), "dataSet", links.data_set(row.data_set_id), row)


def source_grant(links: Links, row: Row) -> dict[str, Any]:
    """A source grant as the API shows it."""
    return _grant(links.source_grant(row.id), "dataSource", links.data_source(row.data_source_id), row)


def collection(links: Links, row: Row) -> dict[str, Any]:
    """A collection as the API shows it; `deleted` is always null (deletion is immediate)."""
    return {
        "uri": links.collection(row.id),
        "dataSource": links.data_source(row.data_source_id),
        "name": row.name,
        "lastSync": timestamp(row.last_sync),
        "versionTimestamp": timestamp(row.version_timestamp),
        "parent": links.collection(row.parent_id) if row.parent_id is not None else None,
        "metadataType": row.metadata_type,
        "created": timestamp(row.created),
        "deleted": None,
        "lastModified": timestamp(row.last_modified),
        "items": links.items(row.id),
        "schema": links.schema(row.id),
        "properties": links.properties(row.id),
        "metadata": links.metadata(row.id),
        "syncStarted": timestamp(row.sync_started),
    }


def field(links: Links, row: Row, default: Any) -> dict[str, Any]:
    """A schema field as the API shows it, with its decoded default."""
    return {
        "uri": links.field(row.collection_id, row.id),
        "name": row.name,
        "fieldType": row.field_type,
        "collection": links.collection(row.collection_id),
        "isPrimary": bool(row.is_primary),
        "order": row.ordinal,
        "default": default,
        "label": row.label,
    }


def items(links: Links, collection_id: int, found: list[tuple[int, dict[str, Any]]],
          layout: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Data Item objects: every field of `layout` (`item_queries.Schema.layout`), in schema
    order, with its value or null."""
    prefix = links.items(collection_id) + "/"
    collection = links.collection(collection_id)
    return [
        {"uri": prefix + str(seq), "collection": collection, "fields": {name: data.get(key) for name, key in layout}}
        for seq, data in found
    ]


def new_items(links: Links, collection_id: int, seqs: Sequence[int], entries: Sequence[dict[str, Any]],
              datas: Sequence[dict[str, Any]], layout: list[tuple[str, str]], has_defaults: bool) -> list[dict[str, Any]]:
    """`items` of just-created items, from the request's entries and their stored values. Where
    no field has a default, an entry that names every field of `layout` in order already is its
    item's fields (a null in it is the null `items` shows for a value not stored): it goes back as
    it came, which spares bulk creates building every item again."""
    # With a default, a null in an entry stands for the default: no entry is its item's fields.
    as_sent = None if has_defaults else [name for name, _ in layout]
    prefix = links.items(collection_id) + "/"
    collection = links.collection(collection_id)
    return [
        {"uri": prefix + str(seq), "collection": collection,
         "fields": entry if list(entry) == as_sent else {name: data.get(key) for name, key in layout}}
        for seq, entry, data in zip(seqs, entries, datas)
    ]
