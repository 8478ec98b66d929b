"""Sharing a document: a share link anyone can accept, or a user of the account by email."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import Field

from ..context import ClientSource
from ..errors import api_errors
from ..models import CollaboratorOut, ShareLinkOut
from .documents import DocumentId

Role = Annotated[Literal["view", "comment", "edit", "editandshare"],
                 Field(description="view < comment < edit < editandshare (edit and share further)")]
Email = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254, description="An email address")]


def register(server: MCPServer, lucid: ClientSource) -> None:
    """Add the sharing tools (share links, collaborators) to the MCP server."""
    @server.tool(annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=False))
    async def create_share_link(id: DocumentId, role: Role) -> ShareLinkOut:
        """Create a share link granting `role` on a document; whoever opens its accept URL gets
        that role."""
        with api_errors(f"Document {id}"):
            link = await lucid().share_links.create(id, role=role)
        return ShareLinkOut(share_link_id=link.share_link_id or "", document_id=link.document_id or id,
                            role=link.role or role, accept_url=link.accept_url or "")

    @server.tool(annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=True))
    async def share_with_user(id: DocumentId, email: Email, role: Role) -> CollaboratorOut:
        """Give a user of the same Lucid account `role` on a document (or change their role).
        Lucid's API finds users by email on the caller's account only: share with anyone else
        through `create_share_link`."""
        client = lucid()
        with api_errors():
            found = await client.users.search_by_email([email])
        if not found or found[0].id is None:
            raise ToolError(f"No user with email {email} on your Lucid account. Lucid's API shares by email only "
                            "within the account: use create_share_link to share with anyone else.")
        with api_errors(f"Document {id}"):
            grant = await client.documents.collaborators.put(id, found[0].id, role)
        return CollaboratorOut(document_id=grant.document_id or id, user_id=found[0].id, email=email,
                               role=grant.role or role)
