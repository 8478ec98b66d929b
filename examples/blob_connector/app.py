"""Simulation results from Azure Blob Storage into Lucid collections, as a FastAPI service.

The editor extension runs the asynchronous Import action with the blobs to read::

    performDataAction({dataConnectorName: 'simulations', actionName: 'Import',
                       actionData: {container: 'simulation-results', prefix: 'cooling/'}})

Import downloads every ``*.csv`` under the prefix, turns them into the Runs and Metrics
collections (transform.py) and pushes both with one ``client.update``: if any file is
unusable nothing is pushed. Run it with either of::

    uvicorn examples.blob_connector.app:app --port 8000    # actions at /lucid/import
    pellucid connector run examples.blob_connector.app:connector --port 3001

Environment: AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL (storage.py), and
PELLUCID_URL to talk to a local pellucid server instead of Lucid.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from fastapi import FastAPI

from pellucid.sdk.connector import (
    DataConnector,
    DataConnectorAsynchronousAction,
    DataConnectorClient,
    DataConnectorRunError,
    LucidUrls,
)

from .storage import BlobStorage, CsvBlob, read_csvs
from .transform import CsvFormatError, parse_run, to_collections

DATA_SOURCE_NAME = "Simulation results"
MAX_WARNINGS = 20  # skipped rows listed in the reply; all of them are logged

log = logging.getLogger(__name__)
storage = BlobStorage.from_env()
lucid_url = os.environ.get("PELLUCID_URL")
connector = DataConnector(
    DataConnectorClient(LucidUrls.single_origin(lucid_url) if lucid_url else LucidUrls())
)


@connector.asynchronous_action("Import")
async def import_runs(action: DataConnectorAsynchronousAction) -> dict[str, Any]:
    container, prefix = _source(action.data)
    blobs = await _download(container, prefix)
    try:
        runs = [parse_run(blob.name, blob.data, blob.last_modified) for blob in blobs]
    except CsvFormatError as error:
        raise DataConnectorRunError.with_message(422, str(error)) from None
    warnings = [warning for run in runs for warning in run.skipped]
    for warning in warnings:
        log.warning("skipped %s", warning)

    collections = to_collections(container, runs)
    await action.client.update(data_source_name=DATA_SOURCE_NAME, collections=collections)
    return {
        "runs": len(runs),
        "metrics": len(collections["metrics"].patch.items),
        "skippedRows": len(warnings),
        "warnings": warnings[:MAX_WARNINGS],
    }


def _source(data: Any) -> tuple[str, str]:
    """``{"container": str, "prefix"?: str}``; the data comes from the editor, so check it."""
    if isinstance(data, dict):
        container, prefix = data.get("container"), data.get("prefix", "")
        if isinstance(container, str) and container and isinstance(prefix, str):
            return container, prefix
    raise DataConnectorRunError.with_message(
        400, 'Import expects {"container": "...", "prefix": "..."}')


async def _download(container: str, prefix: str) -> list[CsvBlob]:
    async with storage.container(container) as client:
        if not await client.exists():
            raise DataConnectorRunError.with_message(404, f"no container {container!r}")
        blobs = await read_csvs(client, prefix)
    if not blobs:
        raise DataConnectorRunError.with_message(404, f"no CSV files under {container}/{prefix}")
    return blobs


app = FastAPI(title="Simulation results connector")
app.mount("/lucid", connector.asgi_app())


@app.get("/healthz")
async def healthz() -> dict[str, bool]:
    return {"ok": True}
