from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests.support.harness import Caller, Server
from tests.support.oauth1 import signer

ACCEPT_V1 = "application/json;v=1"

# How the Data Service users of a test authenticate: an OAuth 2.0 token with data-service.admin,
# or OAuth 1.0 token credentials signing every request (seed 001's way). Tests that take `alice`
# or `bob` run with both; `make_user` follows the credential of the running test.
CREDENTIALS = ("oauth2", "oauth1")
_credential: ContextVar[str] = ContextVar("credential", default="oauth2")


@dataclass
class DataUser:
    """A user with Data Service credentials and helpers for building fixtures through the API."""

    server: Server
    id: int
    account_id: int
    token: str | None  # the OAuth 2.0 bearer token; None for OAuth 1.0 users
    http: Caller
    auth: httpx.Auth | None = field(default=None, repr=False)  # the OAuth 1.0 signer

    def caller(self, **headers: str) -> Caller:
        """A client with this user's credentials and other default headers."""
        return self.server.caller(self.token, auth=self.auth, **headers)

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
    """A new user with the running test's kind of credentials (`scopes` asks for an OAuth 2.0 token)."""
    user = server.user(account_id)
    if scopes is None and _credential.get() == "oauth1":
        auth = signer(server, user["userId"])
        return DataUser(server, user["userId"], user["accountId"], None,
                        server.caller(None, auth=auth, accept=ACCEPT_V1), auth)
    token = server.token(user_id=user["userId"], scopes=scopes or ["data-service.admin"])["access_token"]
    return DataUser(server, user["userId"], user["accountId"], token, server.caller(token, accept=ACCEPT_V1))


@pytest.fixture(params=CREDENTIALS)
def credential(request) -> str:
    """The credential every Data Service user of the test has (see CREDENTIALS)."""
    reset = _credential.set(request.param)
    yield request.param
    _credential.reset(reset)


@pytest.fixture
def alice(server, credential) -> DataUser:
    return make_user(server)


@pytest.fixture
def bob(server, credential) -> DataUser:
    """Another user on another account."""
    return make_user(server)


SCHEMA = [
    {"name": "Name", "fieldType": "STRING", "order": 1},
    {"name": "Employee ID", "fieldType": "NUMBER", "default": "1", "order": 2},
]
