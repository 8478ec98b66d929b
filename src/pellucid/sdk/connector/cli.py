"""``pellucid connector run module:connector``: serve one connector locally with uvicorn."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Optional

import typer

from pellucid.sdk.connector.connector import DataConnector
from pellucid.sdk.connector.urls import LucidUrls

connector_app = typer.Typer(
    help="Data connectors: serve one written with pellucid's SDK, or push a CSV into a document as one does.",
    no_args_is_help=True,
)


LucidUrlOption = typer.Option(
    None,
    "--lucid-url",
    envvar="PELLUCID_LUCID_URL",
    metavar="URL",
    help="Base URL of a local server (e.g. pellucid's) for the public key, updates and "
    "data-sync calls. "
    "Default: the connector's own URLs (Lucid's).",
)


def load_connector(spec: str) -> DataConnector:
    """Import ``module:attribute`` (the current directory is importable), return the connector."""
    module_name, _, attr = spec.partition(":")
    if not module_name or not attr:
        raise typer.BadParameter("expected MODULE:ATTRIBUTE, e.g. myapp.connector:connector")
    sys.path.insert(0, os.getcwd())
    obj = importlib.import_module(module_name)
    for part in attr.split("."):
        obj = getattr(obj, part)
    if callable(obj) and not isinstance(obj, DataConnector):
        obj = obj()
    if not isinstance(obj, DataConnector):
        raise typer.BadParameter(f"{spec} is not a DataConnector")
    return obj


@connector_app.command("run")
def run(
    spec: str = typer.Argument(
        ..., metavar="MODULE:ATTRIBUTE", hidden=True  # described in the docstring: typer would print <str>
    ),
    port: int = typer.Option(3001, metavar="PORT", help="TCP port (the SDK's debug server uses 3001)."),
    host: str = typer.Option("127.0.0.1", metavar="HOST", help="Interface to listen on."),
    lucid_url: Optional[str] = LucidUrlOption,
    data_sync_url: Optional[str] = typer.Option(
        None, "--data-sync-url", metavar="URL", help="Data-sync base URL (default: --lucid-url)."
    ),
) -> None:
    """Serve one connector: MODULE:ATTRIBUTE names a DataConnector (or a factory returning one).

    Register it with callbackBaseUrl http://HOST:PORT/?kind=action&name= and dataActions
    {"Import": "Import", ...}.
    """
    import uvicorn

    connector = load_connector(spec)
    if lucid_url:
        connector.client.urls = LucidUrls.single_origin(lucid_url, data_sync_url)
    typer.echo(
        f"serving {spec} ({', '.join(connector.actions) or 'no actions'}) on http://{host}:{port}/ "
        f"-> Lucid at {connector.client.urls.main}",
        err=True,
    )
    uvicorn.run(connector.asgi_app(), host=host, port=port, log_level="info", lifespan="on")
