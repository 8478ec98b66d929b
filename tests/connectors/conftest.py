"""A real `pellucid serve` subprocess and our Python connector (uvicorn, in a thread), both on
127.0.0.1, with short connector knobs so Poll, HardRefresh and failures show up quickly."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable

import httpx
import pytest

from pellucid.server import admin
from pellucid.server.connectors import packages
from tests.support.harness import Database, Server, database_kind, start_subprocess
from tests.support.lucid_stub import serving
from tests.support.metrics import TOKEN as METRICS_TOKEN

from .sample import make_connector

SCOPES = ["lucidchart.document.content", "folder", "data-service.admin"]
KNOBS = ["--connector-poll-interval", "1", "--connector-refresh-age", "2", "--connector-action-timeout", "2",
         "--connector-action-retries", "1", "--rate-limits", "off", "--metrics-token", METRICS_TOKEN]
SAMPLE_ACTIONS = ["Import", "Capture", "HardRefresh", "Patch", "ManageWebhook", "Slow", "Fail", "Reject"]


@dataclass
class Actor:
    world: "World"
    user_id: int
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Lucid-Api-Version": "1"}

    def get(self, path: str, **kw) -> httpx.Response:
        return self.world.http.get(path, headers=self.headers, **kw)

    def post(self, path: str, **kw) -> httpx.Response:
        return self.world.http.post(path, headers=self.headers, **kw)

    def patch(self, path: str, **kw) -> httpx.Response:
        return self.world.http.patch(path, headers=self.headers, **kw)

    def put(self, path: str, **kw) -> httpx.Response:
        return self.world.http.put(path, headers=self.headers, **kw)

    def document(self, title: str = "Doc") -> str:
        response = self.post("/documents", json={"title": title})
        assert response.status_code == 201, response.text
        return response.json()["documentId"]

    def trigger(self, document_id: str, action: str, data: Any = None, *, connector: str = "sample",
                package: str | None = None, **body: Any) -> httpx.Response:
        package = package or self.world.package_id
        return self.post(f"/extensions/{package}/dataConnectors/{connector}/actions",
                         json={"documentId": document_id, "action": {"name": action, "data": data}, **body})

    def status(self, document_id: str, connector: str = "sample") -> dict:
        response = self.get(f"/extensions/{self.world.package_id}/dataConnectors/{connector}/status",
                            params={"documentId": document_id})
        assert response.status_code == 200, response.text
        return response.json()

    def collection(self, document_id: str, connector_collection: str = "people", connector: str = "sample") -> int:
        found = [c for c in self.status(document_id, connector)["collections"] if c["id"] == connector_collection]
        assert found, f"no collection {connector_collection}"
        return int(found[0]["collection"].rsplit("/", 1)[1])

    def items(self, collection_id: int, **params: Any) -> httpx.Response:
        return self.get(f"/collections/{collection_id}/items", params=params)


@dataclass
class World:
    server: Server
    http: httpx.Client
    package_id: str
    seen: dict
    connector_url: str

    def actor(self, credential: str | None = "oauth-for-sample", account_id: int | None = None) -> Actor:
        store = self.server.store
        account_id = account_id or admin.create_account(store, f"A {uuid.uuid4().hex[:6]}")["id"]
        user = admin.create_user(store, account_id=account_id, email=f"u-{uuid.uuid4().hex[:8]}@example.com",
                                 first_name="Test", last_name="User")
        client = admin.create_client(store, "tests", ["http://127.0.0.1/cb"])
        token = admin.issue_token(store, client_id=client["client_id"], user_id=user["userId"], scope_list=SCOPES)
        if credential:
            packages.set_credential(store, user_id=user["userId"], package_id=self.package_id, credential=credential)
        return Actor(self, user["userId"], token["access_token"])

    def token(self, actor: Actor, document_id: str) -> str:
        """A documentUpdateToken, as the sample connector received it."""
        response = actor.trigger(document_id, "Capture")
        assert response.status_code == 200, response.text
        return response.json()["body"]["token"]

    def push(self, token: str, body: Any, path: str = "/data/dataSource/update") -> httpx.Response:
        headers = {"data-update-token": token, "Lucid-Api-Version": "1"}
        return self.http.post(path, json=body, headers=headers)


def wait_for(check: Callable[[], Any], timeout: float = 15, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="session")
def world(tmp_path_factory) -> World:
    database = Database(database_kind(), tmp_path_factory.mktemp("connectors"))
    server = start_subprocess(database.url, KNOBS)
    connector, seen = make_connector(server.base_url)
    package_id = str(uuid.uuid4())
    try:
        with serving(connector.asgi_app()) as url:
            actions = {name: "" for name in SAMPLE_ACTIONS}
            packages.register_manifest(server.store, {
                "id": package_id, "version": "2.0.0",
                "dataConnectors": [
                    {"name": "sample", "oauthProviderName": "upstream", "callbackBaseUrl": url + "/", "dataActions": actions},
                    {"name": "poller", "oauthProviderName": "upstream", "callbackBaseUrl": url + "/",
                     "dataActions": {"Import": "", "Poll": ""}},
                    {"name": "down", "oauthProviderName": "upstream", "callbackBaseUrl": "http://127.0.0.1:9/",
                     "dataActions": {"Import": ""}},
                ],
            })
            with httpx.Client(base_url=server.base_url, timeout=60) as http:
                yield World(server, http, package_id, seen, url)
    finally:
        server.stop()
        database.drop()
