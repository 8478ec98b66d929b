"""Making documents: `import_diagram` (Standard Import, draw.io, Visio, Gliffy) and
`validate_standard_import`, which an assistant runs before it imports what it wrote."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import BaseModel, Field

from pellucid.protocol import standard_import

from .. import lucidfile
from ..context import ClientSource
from ..errors import api_errors
from ..models import DocumentRef
from .documents import READ_ONLY, ref

Format = Literal["standard", "drawio", "visio", "gliffy"]
# The import type of each format, and the file name the server sees (its extension decides nothing
# once the type is given, but keeps the default title sensible).
_TYPES = {"standard": ("lucid", "diagram.lucid"), "drawio": ("drawio", "diagram.drawio"),
          "visio": ("visio", "diagram.vsdx"), "gliffy": ("gliffy", "diagram.gliffy")}


class ProblemOut(BaseModel):
    path: str = Field(description='Where, e.g. "pages[0].shapes[3].id"')
    message: str


class Validation(BaseModel):
    valid: bool
    problems: list[ProblemOut]


def problems_of(document: Any) -> list[ProblemOut]:
    """Every Standard Import problem in a document given as an object or JSON text."""
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError as exc:
            return [ProblemOut(path="", message=f"not JSON: {exc}")]
    return [ProblemOut(path=p.path, message=p.message) for p in standard_import.validate(document)]


def _listing(problems: list[ProblemOut]) -> str:
    return "\n".join(f"- {p.path or '(document)'}: {p.message}" for p in problems)


def register(server: MCPServer, lucid: ClientSource) -> None:
    """Add the document-authoring tools to the MCP server."""
    @server.tool(annotations=READ_ONLY)
    async def validate_standard_import(
        document: Annotated[dict[str, Any] | str, Field(description="The document.json, as an object or as text")],
    ) -> Validation:
        """Check a Standard Import document.json (see the resource pellucid://standard-import)
        without importing it: every problem, each with where it is."""
        problems = problems_of(document)
        return Validation(valid=not problems, problems=problems)

    @server.tool(annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=False))
    async def import_diagram(
        title: Annotated[str, Field(min_length=1, max_length=255)],
        format: Format,
        content: Annotated[str, Field(description="The document.json (standard), the XML (drawio, .vdx) or "
                                                  "JSON (gliffy) text; or base64 of a binary file (.lucid, .vsdx)")],
        product: Literal["lucidchart", "lucidspark"] | None = None,
        parent: Annotated[int | None, Field(ge=1, description="Folder to create it in")] = None,
    ) -> DocumentRef:
        """Create a document from a diagram file. For `standard`, write the document.json by the
        reference pellucid://standard-import; it is checked first and nothing is created when it
        has problems (each is listed with where it is)."""
        try:
            data = lucidfile.file_bytes(content)
        except lucidfile.ContentError as exc:
            raise ToolError(f"{exc}. Nothing was created.") from None
        kind, filename = _TYPES[format]
        if format == "standard":
            if not lucidfile.is_zip(data):
                problems = problems_of(data.decode("utf-8", errors="replace"))
                if problems:
                    raise ToolError("The document.json has problems; nothing was created:\n" + _listing(problems))
                data = lucidfile.archive(json.loads(data))
            product = product or "lucidchart"
        elif format == "visio" and data.lstrip().startswith(b"<"):
            filename = "diagram.vdx"
        with api_errors():
            document = await lucid().documents.import_file((filename, data), type=kind, title=title,
                                                           product=product, parent=parent)
        return ref(document)
