"""Reading documents: `search` and `fetch` (the pair ChatGPT's connectors and deep research call)."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server import MCPServer
from mcp.server.mcpserver import Image
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import Field

from pellucid.sdk.models import Document

from .. import text
from ..context import ClientSource
from ..errors import api_errors
from ..models import DocumentRef, FetchedDocument, SearchResults

SEARCH_LIMIT = 20
READ_ONLY = ToolAnnotations(readOnlyHint=True, idempotentHint=True, openWorldHint=False)

Product = Literal["lucidchart", "lucidspark", "lucidscale"]
DocumentId = Annotated[str, Field(description="A document id (UUID), as search returns")]


def url_of(document: Document) -> str:
    """The document's edit URL, else its view URL; empty when it has neither."""
    return document.edit_url or document.view_url or ""


def ref(document: Document) -> DocumentRef:
    """A document as search results show it: id, title and link."""
    return DocumentRef(id=document.document_id or "", title=document.title or "", url=url_of(document))


def register(server: MCPServer, lucid: ClientSource) -> None:
    """Add the document tools (search, fetch, export_image) to the MCP server."""
    @server.tool(annotations=READ_ONLY)
    async def search(
        query: Annotated[str, Field(description="Words to look for in titles and text", max_length=500)],
        product: Product | None = None,
    ) -> SearchResults:
        """Find documents the user can read, best matches first (at most 20). Use `fetch` with a
        result's id to read one."""
        found: list[DocumentRef] = []
        with api_errors():
            async for document in lucid().documents.search(keywords=query, product=[product] if product else None):
                found.append(ref(document))
                if len(found) == SEARCH_LIMIT:
                    break
        return SearchResults(results=found)

    @server.tool(annotations=READ_ONLY)
    async def fetch(
        id: DocumentId,
        page: Annotated[int | None, Field(ge=1, description="1-based page number; leave out for the outline")] = None,
    ) -> FetchedDocument:
        """Read a document as text: its pages, shapes with their text, lines and what they connect,
        and the data linked to shapes. Without `page`, the whole document when it is small, else
        an outline of its pages (call again with `page` for one page in full)."""
        client = lucid()
        with api_errors(f"Document {id}"):
            document = await client.documents.get(id)
            contents = await client.documents.contents(id) if document.product == "lucidchart" else None
        if page is not None and page > max(1, document.page_count or 0):
            raise ToolError(f"Document {id} has {document.page_count} page(s): page must be 1 to {document.page_count}.")
        rendered, metadata = text.render(document, contents, page)
        return FetchedDocument(id=document.document_id or id, title=document.title or "", url=url_of(document),
                               text=rendered, metadata=metadata)

    @server.tool(annotations=READ_ONLY)
    async def export_image(
        id: DocumentId,
        format: Literal["png", "jpeg"] = "png",
        dpi: Annotated[int | None, Field(ge=20, le=600, description="Resolution (default 160)")] = None,
        page: Annotated[int | None, Field(ge=1, description="1-based page number (default the first)")] = None,
    ) -> Image:
        """A page of a document as an image, to look at a diagram rather than read it."""
        with api_errors(f"Document {id}"):
            data = await lucid().documents.export(id, format=format, dpi=dpi, page=page)
        return Image(data=data, format=format)
