from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.harness import Caller, Server

ACCEPT_V1 = "application/json;v=1"


@dataclass
class DataUser:
    """A user with a data-service.admin token and helpers for building fixtures through the API."""

    server: Server
    id: int
    account_id: int
    token: str
    http: Caller

    def ok(self, response) -> Any:
        assert response.status_code == 200, (response.status_code, response.text)
        return response.json() if response.content else None

    def data_set(self, name: str = "Set", properties: dict | None = None) -> dict:
        return self.ok(self.http.post("/dataSets", json={"name": name, "properties": properties or {}}))

    def data_source(self, name: str = "Source", **extra: Any) -> dict:
        return self.ok(self.http.post("/dataSources", json={"name": name, **extra}))

    def collection(self, source: dict | None = None, name: str = "Coll", schema: list | None = None,
                   properties: dict | None = None) -> dict:
        source = source or self.data_source()
        body = {"dataSource": source["uri"], "name": name, "schema": schema if schema is not None else [],
                "properties": properties or {}}
        return self.ok(self.http.post("/collections", json=body))

    def add_items(self, collection: dict, items: list[dict]) -> list[dict]:
        return self.ok(self.http.post(path(collection["uri"]) + "/items", json=items))


def path(uri: str) -> str:
    """The path of an absolute link (tests address the server by path)."""
    return "/" + uri.split("://", 1)[1].split("/", 1)[1] if "://" in uri else uri


def make_user(server: Server, account_id: int | None = None, scopes: list[str] | None = None) -> DataUser:
    user = server.user(account_id)
    token = server.token(user_id=user["userId"], scopes=scopes or ["data-service.admin"])["access_token"]
    return DataUser(server, user["userId"], user["accountId"], token, server.caller(token, accept=ACCEPT_V1))


@pytest.fixture
def alice(server) -> DataUser:
    return make_user(server)


@pytest.fixture
def bob(server) -> DataUser:
    """Another user on another account."""
    return make_user(server)


SCHEMA = [
    {"name": "Name", "fieldType": "STRING", "order": 1},
    {"name": "Employee ID", "fieldType": "NUMBER", "default": "1", "order": 2},
]
