"""A FastAPI service whose data connector pushes CSV results into Lucid collections.

    uvicorn examples.fastapi_connector.app:app --port 8000          # the whole service
    pellucid connector run examples.fastapi_connector.app:connector --port 3001  # connector only

Manifest (``dataConnectors[]``): ``"callbackBaseUrl": "https://svc.example.com/lucid/"``,
``"dataActions": {"Import": "import", "Patch": "patch"}`` -- or, while developing,
``"callbackBaseUrl": "http://localhost:3001/?kind=action&name="`` with ``{"Import": "Import"}``.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from fastapi import FastAPI

from pellucid.protocol import (
    CollectionPatch,
    Field,
    FieldConstraint,
    ItemsPatchInexhaustive,
    ScalarFieldType,
    SemanticCollection,
    declare_schema,
    values,
)
from pellucid.sdk.connector import (
    DataConnector,
    DataConnectorAsynchronousAction,
    DataConnectorClient,
    DataConnectorPatchAction,
    DataConnectorRunError,
    LucidUrls,
)

RESULTS_DIR = Path(os.environ.get("RESULTS_DIR", "results"))

results = declare_schema(
    primary_key=["run", "step"],
    fields={
        "run": ScalarFieldType.STRING,
        "step": ScalarFieldType.NUMBER,
        "throughput": Field(
            [ScalarFieldType.NUMBER, ScalarFieldType.NULL],
            constraints=[FieldConstraint.min_value(0)],
        ),
        "finished": Field(
            ScalarFieldType.DATE, constraints=[FieldConstraint.locked("computed by the simulator")]
        ),
        "note": Field([ScalarFieldType.STRING, ScalarFieldType.NULL], mapping=["description"]),
    },
)

# Lucid's URLs by default; PELLUCID_URL points the connector at a local pellucid server.
local = os.environ.get("PELLUCID_URL")
connector = DataConnector(
    DataConnectorClient(LucidUrls.single_origin(local) if local else LucidUrls())
)


def read_rows(run: str) -> list[dict]:
    """One simulation run's CSV (columns step, throughput, finished_ms, note) as items."""
    path = RESULTS_DIR / f"{run}.csv"
    if not path.is_file():
        raise DataConnectorRunError.with_message(404, f"no results for run {run}")
    with path.open(newline="") as f:
        return [
            {
                "run": run,
                "step": int(row["step"]),
                "throughput": float(row["throughput"]) if row["throughput"] else None,
                "finished": values.date_value(int(row["finished_ms"])),
                "note": row["note"] or None,
            }
            for row in csv.DictReader(f)
        ]


@connector.asynchronous_action("Import")
async def import_results(action: DataConnectorAsynchronousAction) -> dict:
    """``performDataAction('Import', {runs: [...]})`` from the editor extension."""
    rows = [row for run in action.data["runs"] for row in read_rows(run)]
    await action.client.update(
        data_source_name="Simulation results",
        collections={
            "results": CollectionPatch(
                ItemsPatchInexhaustive(results.from_items(rows)),
                schema=results.schema,
                represents=[SemanticCollection.ITEMS],
                name="Results",
            ),
        },
    )
    return {"success": True, "items": len(rows)}


@connector.action("Patch")
async def apply_edits(action: DataConnectorPatchAction) -> list:
    """Edits made in Lucid: notes are editable, everything else is locked."""
    changes = []
    for patch in action.patches:
        change = patch.get_change()
        for key, fields in patch.items_changed.items():
            if set(fields) - {"note"}:
                change.set_field_error_or_default_to_tooltip(key, "only notes can be edited")
        changes.append(change)
    return changes


app = FastAPI(title="Simulation results")
app.mount("/lucid", connector.asgi_app())


@app.get("/healthz")
async def healthz() -> dict:
    return {"ok": True}
