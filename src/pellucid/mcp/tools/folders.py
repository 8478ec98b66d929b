"""Folders and the trash."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server import MCPServer
from mcp.types import ToolAnnotations
from pydantic import Field

from ..context import ClientSource
from ..errors import api_errors
from ..models import FolderEntry, FolderListing, FolderOut, Trashed
from .documents import READ_ONLY, DocumentId

LIST_LIMIT = 200
FolderId = Annotated[int, Field(ge=1, description="A folder id, as list_folder shows")]


def register(server: MCPServer, lucid: ClientSource) -> None:
    """Add the folder tools (list, create, trash a document) to the MCP server."""
    @server.tool(annotations=READ_ONLY)
    async def list_folder(
        folder_id: Annotated[int | Literal["root"], Field(description='A folder id, or "root" for My Documents')],
    ) -> FolderListing:
        """What a folder holds: folders, documents and shortcuts (at most 200)."""
        entries: list[FolderEntry] = []
        truncated = False
        with api_errors(f"Folder {folder_id}"):
            async for entry in lucid().folders.contents(folder_id):
                if len(entries) == LIST_LIMIT:
                    truncated = True
                    break
                entries.append(FolderEntry(id=str(entry.id), type=entry.type or "", name=entry.name or "",
                                           product=entry.product, shortcut=bool(entry.shortcut)))
        return FolderListing(folder_id=str(folder_id), entries=entries, truncated=truncated)

    @server.tool(annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=False))
    async def create_folder(
        name: Annotated[str, Field(min_length=1, max_length=255)],
        parent: Annotated[FolderId | None, Field(description="The folder to create it in; leave out for My Documents")] = None,
    ) -> FolderOut:
        """Create a folder."""
        with api_errors(f"Folder {parent}" if parent is not None else None):
            folder = await lucid().folders.create(name, parent=parent)
        return FolderOut(id=folder.id or 0, name=folder.name or name, parent=folder.parent)

    @server.tool(annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=True, idempotentHint=True))
    async def trash_document(id: DocumentId) -> Trashed:
        """Move a document to the trash (its owner can restore it from there in Lucid)."""
        with api_errors(f"Document {id}"):
            await lucid().documents.trash(id)
        return Trashed(id=id)
