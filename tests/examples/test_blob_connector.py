"""examples/blob_connector end to end: Azurite (npm azurite, a real Azure Storage server) holds the
sample CSVs, a `pellucid serve` subprocess plays Lucid, the example runs under uvicorn (and
`pellucid connector run`). Import is triggered through the server; what it pushed is read back
through the Data Service API."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from azure.storage.blob import BlobServiceClient

from examples.blob_connector.seed_blobs import SAMPLE_DATA, seed
from pellucid.server.connectors import packages
from tests.connectors.conftest import World
from tests.support.harness import Database, database_kind, free_port, start_subprocess

pytestmark = pytest.mark.subprocess

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "blob_connector"
AZURITE = EXAMPLE / "node" / "node_modules" / ".bin" / "azurite-blob"
# Azurite's documented development account; the key is public.
ACCOUNT = ("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
           "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;")
CONTAINER = "simulation-results"
COOLING = {"container": CONTAINER, "prefix": "cooling/"}
CONNECTOR = "simulations"


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code < 500
    except httpx.HTTPError:
        return False


@contextmanager
def running(command: list[str], log: Path, ready: Callable[[], bool], env: dict[str, str] | None = None,
            timeout: float = 30) -> Iterator[None]:
    """Run ``command`` from the repo root until the block ends; its output goes to ``log``."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})},
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while not ready():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{' '.join(command[:3])} did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def register(world: World, callback_base_url: str, data_actions: dict[str, str]) -> World:
    """The example's manifest under a new package id, its connector at ``callback_base_url``."""
    manifest = json.loads((EXAMPLE / "manifest.json").read_text())
    manifest["id"] = str(uuid.uuid4())
    manifest["dataConnectors"][0].update(callbackBaseUrl=callback_base_url, dataActions=data_actions)
    packages.register_manifest(world.server.store, manifest)
    return World(world.server, world.http, manifest["id"], {}, callback_base_url)


@dataclass
class Stack:
    world: World  # the package whose connector is the uvicorn-served FastAPI app
    connection_string: str
    connector_env: dict[str, str]
    tmp: Path


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[Stack]:
    if shutil.which("node") is None or not AZURITE.exists():
        pytest.fail("the blob connector test needs node and `npm ci` in examples/blob_connector/node")
    tmp = tmp_path_factory.mktemp("blob")
    blob_port, connector_port = free_port(), free_port()
    blob_url = f"http://127.0.0.1:{blob_port}/devstoreaccount1"
    connection_string = f"{ACCOUNT}BlobEndpoint={blob_url};"
    (tmp / "azurite").mkdir()
    with ExitStack() as stack:
        stack.enter_context(running(
            [str(AZURITE), "--blobHost", "127.0.0.1", "--blobPort", str(blob_port), "--location",
             str(tmp / "azurite"), "--silent", "--skipApiVersionCheck", "--disableTelemetry"],
            tmp / "azurite.log", lambda: answers(f"{blob_url}?comp=list")))
        seed(connection_string, CONTAINER)

        database = Database(database_kind(), tmp)
        stack.callback(database.drop)
        server = start_subprocess(database.url, ["--rate-limits", "off", "--connector-action-timeout", "20"])
        stack.callback(server.stop)

        env = {"AZURE_STORAGE_CONNECTION_STRING": connection_string, "PELLUCID_URL": server.base_url + "/"}
        base = f"http://127.0.0.1:{connector_port}"
        stack.enter_context(running(
            [sys.executable, "-m", "uvicorn", "examples.blob_connector.app:app", "--host", "127.0.0.1",
             "--port", str(connector_port), "--log-level", "warning"],
            tmp / "uvicorn.log", lambda: answers(f"{base}/healthz"), env))
        http = stack.enter_context(httpx.Client(base_url=server.base_url, timeout=60))
        world = register(World(server, http, "", {}, ""), f"{base}/lucid/", {"Import": "import"})
        yield Stack(world, connection_string, env, tmp)


def test_import_pushes_typed_runs_and_metrics_that_read_back(stack):
    actor = stack.world.actor()
    document = actor.document("Cooling study")
    response = actor.trigger(document, "Import", COOLING, connector=CONNECTOR)
    assert response.status_code == 200, response.text
    assert response.json() == {"status": 200, "body": {
        "runs": 2, "metrics": 7, "skippedRows": 1,
        "warnings": ["cooling/high-load.csv line 12: value 'n/a' is not a number"]}}

    runs = actor.collection(document, "runs", CONNECTOR)
    metrics = actor.collection(document, "metrics", CONNECTOR)
    schema = {f["name"]: (f["fieldType"], f["isPrimary"], f["label"])
              for f in actor.get(f"/collections/{runs}/schema").json()}
    assert schema == {
        "run": ("STRING", True, None), "container": ("STRING", False, None),
        "uploaded": ("ANY", False, None),  # a DATE; the Data Service has no date type
        "steps": ("NUMBER", False, None), "duration_s": ("NUMBER", False, "Duration (s)"),
        "entities": ("NUMBER", False, None), "skipped_rows": ("NUMBER", False, "Skipped rows")}
    schema = {f["name"]: (f["fieldType"], f["isPrimary"])
              for f in actor.get(f"/collections/{metrics}/schema").json()}
    assert schema == {"run": ("STRING", True), "entity": ("STRING", True), "metric": ("STRING", True),
                      **{name: ("NUMBER", False) for name in ("samples", "min", "max", "mean", "final")}}

    items = {i["fields"]["run"]: i["fields"] for i in actor.items(runs).json()["items"]}
    assert set(items) == {"cooling/baseline", "cooling/high-load"}
    with BlobServiceClient.from_connection_string(stack.connection_string) as service:
        blob = service.get_blob_client(CONTAINER, "cooling/high-load.csv").get_blob_properties()
    assert items["cooling/high-load"].pop("uploaded") == {"ms": int(blob.last_modified.timestamp() * 1000)}
    assert items["cooling/high-load"] == {"run": "cooling/high-load", "container": CONTAINER, "steps": 4,
                                          "duration_s": 1.5, "entities": 3, "skipped_rows": 1}

    listed = actor.items(metrics).json()
    assert listed["total"] == 7
    [temperature] = [i["fields"] for i in listed["items"]
                     if (i["fields"]["run"], i["fields"]["metric"]) == ("cooling/high-load", "temperature_c")]
    assert temperature == {"run": "cooling/high-load", "entity": "reactor", "metric": "temperature_c", "samples": 3,
                           "min": 21.5, "max": 96.3, "mean": pytest.approx((21.5 + 71.4 + 96.3) / 3), "final": 96.3}
    hot = actor.items(metrics, filter="max > 300").json()["items"]
    assert [(i["fields"]["entity"], i["fields"]["metric"]) for i in hot] == [("reactor", "pressure_kpa")]
    assert actor.get(f"/collections/{runs}/properties").json() == {"Name": "Simulation runs", "Represents": ["Items"]}

    contents = actor.get(f"/documents/{document}/contents").json()["data"]["collections"]
    assert sorted((c["name"], tuple(c["primaryKey"])) for c in contents) == [
        ("Simulation metrics", ("run", "entity", "metric")), ("Simulation runs", ("run",))]

    again = actor.trigger(document, "Import", COOLING, connector=CONNECTOR)
    assert again.json()["body"]["runs"] == 2
    assert actor.items(runs).json()["total"] == 2 and actor.items(metrics).json()["total"] == 7


def test_a_bad_file_fails_the_import_and_nothing_of_it_is_applied(stack):
    broken = stack.tmp / "broken"
    (broken / "batch").mkdir(parents=True)
    shutil.copy(SAMPLE_DATA / "cooling" / "baseline.csv", broken / "batch" / "a-good.csv")
    (broken / "batch" / "b-truncated.csv").write_text("step,time_s,entity,metric\n0,0.0,pump-1,flow_lps\n")
    seed(stack.connection_string, CONTAINER, broken)
    actor = stack.world.actor()
    document = actor.document()
    assert actor.trigger(document, "Import", COOLING, connector=CONNECTOR).json()["status"] == 200

    response = actor.trigger(document, "Import", {"container": CONTAINER, "prefix": "batch/"}, connector=CONNECTOR)
    assert response.json() == {"status": 422, "body": {"error": "batch/b-truncated.csv: missing column(s) value"}}
    runs = actor.collection(document, "runs", CONNECTOR)
    assert {i["fields"]["run"] for i in actor.items(runs).json()["items"]} == {"cooling/baseline", "cooling/high-load"}


def test_a_missing_container_or_bad_data_is_reported_and_creates_nothing(stack):
    actor = stack.world.actor()
    document = actor.document()
    missing = actor.trigger(document, "Import", {"container": "no-such-container"}, connector=CONNECTOR)
    assert missing.json() == {"status": 404, "body": {"error": "no container 'no-such-container'"}}
    empty = actor.trigger(document, "Import", {"container": CONTAINER, "prefix": "nothing/"}, connector=CONNECTOR)
    assert empty.json() == {"status": 404, "body": {"error": f"no CSV files under {CONTAINER}/nothing/"}}
    malformed = actor.trigger(document, "Import", ["cooling/"], connector=CONNECTOR)
    assert malformed.json()["status"] == 400
    status = actor.status(document, CONNECTOR)
    assert status["dataSource"] is None and status["collections"] == []


def test_pellucid_connector_run_serves_the_same_connector(stack):
    port = free_port()
    with running([sys.executable, "-m", "pellucid.cli", "connector", "run", "examples.blob_connector.app:connector",
                  "--port", str(port)], stack.tmp / "connector-run.log",
                 lambda: answers(f"http://127.0.0.1:{port}/"), stack.connector_env):
        world = register(stack.world, f"http://127.0.0.1:{port}/?kind=action&name=", {"Import": "Import"})
        actor = world.actor()
        document = actor.document()
        response = actor.trigger(document, "Import", COOLING, connector=CONNECTOR)
        assert response.json()["body"]["runs"] == 2, response.text
        assert actor.items(actor.collection(document, "metrics", CONNECTOR)).json()["total"] == 7
