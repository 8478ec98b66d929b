"""`pellucid mcp serve`: the MCP server on stdio (assistants start it) or Streamable HTTP."""

from __future__ import annotations

import importlib.util
from enum import Enum
from typing import Optional

import typer

from pellucid.commands.connection import BaseUrlOption, TokenOption, access_token

EXTRA_MISSING = "error: the MCP server needs the mcp extra: pip install 'pellucid[mcp]'"
LOOPBACK = ("127.0.0.1", "localhost", "::1")

mcp_app = typer.Typer(
    help="The MCP server: AI assistants (Claude, ChatGPT, IDE agents) search, read, make and export "
         "Lucid diagrams and work with Data Service data.",
    no_args_is_help=True,
)


class Transport(str, Enum):
    stdio = "stdio"
    http = "http"


def mcp_installed() -> bool:
    """Whether the `mcp` SDK is there, without importing it (that takes a second or more)."""
    return importlib.util.find_spec("mcp") is not None


@mcp_app.command("serve")
def serve(
    transport: Transport = typer.Option(Transport.stdio, metavar="stdio|http", help="stdio (an assistant starts this command) or "
                                        "http (Streamable HTTP at /mcp)."),
    base_url: Optional[str] = BaseUrlOption,
    token: Optional[str] = TokenOption,
    host: str = typer.Option("127.0.0.1", metavar="HOST", help="http: interface to listen on (loopback only: this endpoint "
                             "acts with one user's token; `pellucid serve` serves /mcp with OAuth)."),
    port: int = typer.Option(8765, metavar="PORT", help="http: TCP port."),
) -> None:
    """Serve the MCP tools with the user token in LUCID_ACCESS_TOKEN (or --token). On stdio nothing but the
    protocol is written to stdout (logs go to stderr)."""
    if not mcp_installed():
        typer.echo(EXTRA_MISSING, err=True)
        raise typer.Exit(2)
    token = access_token(token)
    if transport is Transport.http and host not in LOOPBACK:
        typer.echo("error: --host must be a loopback address: this endpoint has no sign-in of its own. "
                   "Use `pellucid serve`, whose /mcp is protected by OAuth, to serve others.", err=True)
        raise typer.Exit(2)

    from pellucid.sdk import AsyncLucid

    from .server import build_server

    # A short Retry-After is waited out; a longer one becomes a tool error saying when to retry.
    client = AsyncLucid(token, base_url=base_url, max_retry_after=5)
    server = build_server(lambda: client)
    if transport is Transport.stdio:
        server.run("stdio")
        return

    import uvicorn

    from .http import http_app

    uvicorn.run(http_app(server, origins=[f"http://{host}:{port}"]), host=host, port=port, log_level="warning")
