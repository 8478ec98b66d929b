"""pellucid's MCP server: AI assistants search, read, make and export Lucid diagrams, and work
with the Data Service, against a local pellucid or Lucid's cloud.

Tools reach Lucid only through `pellucid.sdk` (never the server's internals). Needs the `mcp`
extra (`pip install 'pellucid[mcp]'`); `pellucid.mcp.cli` imports without it, to say so.
"""

from typing import Any

__all__ = ["STANDARD_IMPORT_URI", "build_server"]


def __getattr__(name: str) -> Any:  # PEP 562: import the SDK-backed server only when used
    if name in __all__:
        from . import server

        return getattr(server, name)
    raise AttributeError(name)
