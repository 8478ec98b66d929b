"""`build_server(lucid)`: the MCP server, its tools and its resource, on the official SDK."""

from __future__ import annotations

from importlib.resources import files

from mcp.server import MCPServer

from pellucid import __version__

from .context import ClientSource
from .tools import authoring, data, documents, folders, linked, sharing

STANDARD_IMPORT_URI = "pellucid://standard-import"

INSTRUCTIONS = """\
Lucid documents (Lucidchart diagrams, Lucidspark boards) and the Lucid Data Service, through
pellucid. Find documents with `search`, read them with `fetch` (an outline first, then pages).
Data: `list_data_sources`, `get_collection_items` (with the filter language),
`create_data_source_from_csv`, `upsert_items`. Before writing a Standard Import document, read
the resource pellucid://standard-import."""


def standard_import_reference() -> str:
    """The Standard Import reference shipped with the package, served as an MCP resource."""
    return files("pellucid.mcp").joinpath("standard_import.md").read_text(encoding="utf-8")


def build_server(lucid: ClientSource) -> MCPServer:
    """The MCP server whose tools reach Lucid (or pellucid) through `lucid()`, the SDK client of
    the current caller."""
    server = MCPServer("pellucid", title="pellucid: Lucid documents and data", instructions=INSTRUCTIONS,
                       version=__version__, log_level="WARNING")
    for area in (documents, authoring, sharing, folders, data, linked):
        area.register(server, lucid)

    @server.resource(STANDARD_IMPORT_URI, name="standard-import", title="Lucid Standard Import reference",
                     mime_type="text/markdown")
    def standard_import() -> str:
        """The Standard Import format (document.json): pages, shapes, lines, groups, layers, data.
        Read it before writing a diagram for import_diagram."""
        return standard_import_reference()

    return server
