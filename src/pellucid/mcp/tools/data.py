"""The Data Service: data sources, collections and their items (what Lucid's own MCP lacks)."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import Field

from pellucid import csvdata

from ..context import ClientSource
from ..errors import api_errors
from ..models import (
    CollectionRef,
    CreatedDataSource,
    DataSourceOut,
    DataSources,
    Item,
    Items,
    Upserted,
)
from .documents import READ_ONLY

MAX_SOURCES = 100
MAX_UPSERT = 1000
CHUNK = csvdata.CHUNK
CollectionId = Annotated[int, Field(ge=1, description="A collection id, as list_data_sources shows")]
FILTER_HELP = (
    "The Data Service filter language: `field op constant` with = != > >= < <= IN CONTAINS, joined by "
    "AND, OR, NOT and parentheses. Strings are quoted, numbers not; field names with spaces are quoted "
    "too; string comparisons ignore case. Examples: `Age > 21`, `Team IN (\"Sales\", \"Ops\")`, "
    "`\"Full Name\" = 'Ann Lee' AND NOT Active = \"false\"`."
)


async def schema_of(client, collection_id: int) -> tuple[list[str], list[str]]:
    """The collection's field names (primary key first) and its primary key."""
    with api_errors(f"Collection {collection_id}"):
        fields = await client.data.schema.list(collection_id)
    ordered = sorted(fields, key=lambda f: (not f.is_primary, f.order if isinstance(f.order, int) else 0))
    return [f.name for f in ordered if f.name], [f.name for f in ordered if f.is_primary and f.name]


def register(server: MCPServer, lucid: ClientSource) -> None:
    """Add the data tools (sources, collections, items) to the MCP server."""
    @server.tool(annotations=READ_ONLY)
    async def list_data_sources() -> DataSources:
        """The data sources the user can read, with their collections (at most 100 sources)."""
        client = lucid()
        sources: dict[str, DataSourceOut] = {}
        with api_errors():
            async for source in client.data.data_sources.list():
                if len(sources) == MAX_SOURCES:
                    break
                sources[source.uri or ""] = DataSourceOut(id=source.id or 0, name=source.name or "",
                                                          adapter_type=source.adapter_type, collections=[])
            async for collection in client.data.collections.list():
                owner = sources.get(collection.data_source or "")
                if owner is not None and collection.parent is None:  # metadata collections aside
                    owner.collections.append(CollectionRef(id=collection.id or 0, name=collection.name or ""))
        return DataSources(data_sources=list(sources.values()))

    @server.tool(annotations=READ_ONLY, description=(
        "Items (rows) of a collection, in creation order; `filter` selects items. " + FILTER_HELP))
    async def get_collection_items(
        collection_id: CollectionId,
        filter: Annotated[str | None, Field(max_length=2000, description="A filter, e.g. Age > 21")] = None,
        limit: Annotated[int, Field(ge=1, le=1000)] = 50,
    ) -> Items:
        client = lucid()
        fields, primary = await schema_of(client, collection_id)
        listed: list[Item] = []
        with api_errors(f"Collection {collection_id}"):
            total = await client.data.items.count(collection_id, filter=filter)
            async for item in client.data.items.list(collection_id, filter=filter, page_size=min(limit, 1000)):
                listed.append(Item(id=item.id, fields=item.fields or {}))
                if len(listed) == limit:
                    break
        return Items(collection_id=collection_id, fields=fields, primary_key=primary, items=listed, total=total)

    @server.tool(annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=False))
    async def create_data_source_from_csv(
        name: Annotated[str, Field(min_length=1, max_length=255, description="The data source's name")],
        csv: Annotated[str, Field(description="CSV text; row 1 names the fields")],
    ) -> CreatedDataSource:
        """A new data source with one collection holding the CSV's rows. Row 1 names the fields;
        numeric and true/false columns become NUMBER and BOOLEAN fields; the first column is the
        primary key when its values are unique. Nothing is created if the CSV is malformed."""
        try:
            table = csvdata.read(csv)
        except csvdata.CsvError as exc:
            raise ToolError(f"{exc} Nothing was created.") from None
        with api_errors():
            source, collection = await csvdata.create_data_source(lucid(), name, table)
        return CreatedDataSource(data_source_id=source.id or 0, collection_id=collection.id or 0,
                                 fields=[n for n, _ in table.fields], primary_key=table.primary_key,
                                 items=len(table.items))

    @server.tool(annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=True))
    async def upsert_items(
        collection_id: CollectionId,
        items: Annotated[list[dict[str, Any]], Field(min_length=1, max_length=MAX_UPSERT,
                                                     description="Items as {field name: value}")],
    ) -> Upserted:
        """Create or update items, matched on the collection's primary key: an item whose key is
        there is updated (the fields given), the others are created. Every item must give the
        key fields; unknown field names are refused, and then nothing is written."""
        client = lucid()
        fields, primary = await schema_of(client, collection_id)
        if not primary:
            raise ToolError(f"Collection {collection_id} has no primary key, so items cannot be matched; "
                            "add them through a new data source (create_data_source_from_csv) instead.")
        known = set(fields)
        keys: list[tuple] = []
        for number, item in enumerate(items, start=1):
            unknown = sorted(set(item) - known)
            if unknown:
                raise ToolError(f"Item {number} names unknown fields {unknown}; the fields are {fields}. "
                                "Nothing was written.")
            if any(item.get(name) in (None, "") for name in primary):
                raise ToolError(f"Item {number} lacks the primary key {primary}. Nothing was written.")
            keys.append(tuple(item[name] for name in primary))
        if len(set(keys)) != len(keys):
            raise ToolError("Two items have the same primary key. Nothing was written.")
        existing: set[tuple] = set()
        with api_errors(f"Collection {collection_id}"):
            for start in range(0, len(keys), CHUNK):
                async for found in client.data.items.find_by_key(collection_id, [list(k) for k in keys[start:start + CHUNK]]):
                    existing.add(_key((found.fields or {}).get(name) for name in primary))
        updates = [(list(key), {k: v for k, v in item.items() if k not in primary})
                   for key, item in zip(keys, items) if _key(key) in existing]
        creates = [item for key, item in zip(keys, items) if _key(key) not in existing]
        with api_errors(f"Collection {collection_id}"):
            if updates:
                await client.data.items.update_by_key(collection_id, updates)
            for start in range(0, len(creates), CHUNK):
                await client.data.items.create(collection_id, creates[start:start + CHUNK])
        return Upserted(collection_id=collection_id, created=len(creates), updated=len(updates))


def _key(values) -> tuple[str, ...]:
    """Keys compare as text: 3 and "3" are one key, as the Data Service's key lookups have it."""
    return tuple("" if v is None else str(int(v) if isinstance(v, float) and v.is_integer() else v) for v in values)
