"""`create_linked_diagram`: a new document whose shapes are linked to a collection's items, laid
out as a table, cards or an org chart; what Lucid's own MCP server cannot make."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import Field

from pellucid.protocol import standard_import

from .. import layouts, lucidfile
from ..context import ClientSource
from ..errors import api_errors
from ..models import DocumentRef
from .data import CollectionId, schema_of
from .documents import ref

MAX_ITEMS = 500
FieldName = Annotated[str, Field(min_length=1, max_length=255)]


def register(server: MCPServer, lucid: ClientSource) -> None:
    """Add the tool that builds diagrams linked to a data collection."""
    @server.tool(annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=False))
    async def create_linked_diagram(
        collection_id: CollectionId,
        kind: Literal["table", "cards", "org_chart"],
        title: Annotated[str, Field(min_length=1, max_length=255)],
        label_field: Annotated[FieldName | None, Field(description="Field shown as each shape's title "
                                                                   "(default: the first field after the key)")] = None,
        fields: Annotated[list[FieldName] | None, Field(description="Fields to show (default: all)")] = None,
        parent_field: Annotated[FieldName | None, Field(description="org_chart: the field holding each item's "
                                                                    "manager key")] = None,
        role_field: Annotated[FieldName | None, Field(description="org_chart: a second line on each card")] = None,
        parent: Annotated[int | None, Field(ge=1, description="Folder to create it in")] = None,
    ) -> DocumentRef:
        """Create a Lucidchart document whose shapes are linked to the items of a collection (at
        most 500): a table (a row of cells per item), cards (one per item), or an org chart (a
        tree from `parent_field`). Shapes show the linked values; the document gets its own
        linked copy of the items."""
        client = lucid()
        names, primary = await schema_of(client, collection_id)
        key = primary[0] if len(primary) == 1 else None
        chosen = fields or names
        wanted = [f for f in (*chosen, label_field, parent_field, role_field) if f]
        unknown = sorted({f for f in wanted if f not in names})
        if unknown:
            raise ToolError(f"Unknown fields {unknown}; collection {collection_id} has {names}. Nothing was created.")
        if kind == "org_chart" and not parent_field:
            raise ToolError(f"An org chart needs parent_field (the field holding each item's manager key); "
                            f"the fields are {names}. Nothing was created.")
        items = []
        with api_errors(f"Collection {collection_id}"):
            async for item in client.data.items.list(collection_id):
                items.append({**(item.fields or {}), "ItemId": item.id})
                if len(items) > MAX_ITEMS:
                    raise ToolError(f"Collection {collection_id} has more than {MAX_ITEMS} items; "
                                    "filter it into a smaller collection first. Nothing was created.")
        if not items:
            raise ToolError(f"Collection {collection_id} has no items. Nothing was created.")
        if key is None:  # no single-field key: the item ids are the keys of the linked copy
            key = "ItemId"
        shown = [f for f in chosen if f != key]
        extra = [f for f in (parent_field, role_field) if f and f not in shown]
        rows = layouts.rows_of(items, key, shown + extra)
        if len({row[0] for row in rows.rows}) != len(rows.rows) or any(not row[0] for row in rows.rows):
            raise ToolError(f"The key {key!r} of collection {collection_id} is empty or repeated in some items, so "
                            "shapes cannot be linked to one item each. Nothing was created.")
        label = label_field or (shown[0] if shown else key)
        document = layouts.document(kind, title, rows, label, parent_field, role_field)
        table = standard_import.DataTable(tuple(rows.columns), frozenset(row[0] for row in rows.rows))
        problems = standard_import.validate(document, data={layouts.DATA_FILE: table})
        if problems:  # a layout bug, never the user's: say so plainly
            raise ToolError("The generated diagram did not validate: " + "; ".join(f"{p.path}: {p.message}"
                                                                                for p in problems[:5]))
        archive = lucidfile.archive(document, {layouts.DATA_FILE: rows.csv()})
        with api_errors():
            created = await client.documents.import_file(("linked.lucid", archive), type="lucid", title=title,
                                                         product="lucidchart", parent=parent)
        return ref(created)
