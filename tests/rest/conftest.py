"""Helpers for REST API tests: actors (account, user, token) and documents/folders made through the API."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx
import pytest
import sqlalchemy as sa

from pellucid.server import admin
from pellucid.server.store import credentials
from pellucid.server.store import tables as t
from tests.support.harness import Caller, Server

ALL_DOCS = ["lucidchart.document.content", "lucidspark.document.content", "lucidscale.document.content"]


class PatientCaller(Caller):
    """Waits out a 429 the way a well-behaved client does, so that tests which make more than
    15 requests a second for one user are not about rate limits (test_rate_limits.py is)."""

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        for _ in range(3):
            response = super().request(method, url, **kwargs)
            if response.status_code != 429:
                return response
            time.sleep(float(response.headers["retry-after"]))
        return response


@dataclass
class Actor:
    """A user (or an account, for account tokens) with one token and a caller that sends it."""

    server: Server
    account_id: int
    user_id: int | None
    token: dict
    client_id: str

    @property
    def api(self) -> Caller:
        return PatientCaller(self.server.client, self.token["access_token"], {"Lucid-Api-Version": "1"})

    def another_token(self, scopes: list[str], **kw) -> Caller:
        """A caller for the same user or account with other scopes (same client unless given)."""
        token = self.server.token(user_id=self.user_id, account_id=None if self.user_id else self.account_id,
                                  scopes=scopes, client_id=kw.pop("client_id", self.client_id), **kw)
        return PatientCaller(self.server.client, token["access_token"], {"Lucid-Api-Version": "1"})

    def new_document(self, title: str = "Doc", **body) -> dict:
        response = self.api.post("/documents", json={"title": title, **body})
        assert response.status_code == 201, response.text
        return response.json()

    def new_folder(self, name: str = "Folder", **body) -> dict:
        response = self.api.post("/folders", json={"name": name, **body})
        assert response.status_code == 201, response.text
        return response.json()


class Actors:
    def __init__(self, server: Server) -> None:
        self.server = server

    def user(self, scopes: list[str] | None = None, *, account_id: int | None = None, license: str = "enterprise",
             client_id: str | None = None, **kw) -> Actor:
        if account_id is None:
            account_id = self.server.account(license=license)["id"]
        user = self.server.user(account_id, **kw)
        client_id = client_id or self.server.oauth_client()["client_id"]
        token = self.server.token(user_id=user["userId"], scopes=scopes or [*ALL_DOCS, "folder"], client_id=client_id)
        return Actor(self.server, account_id, user["userId"], token, client_id)

    def account(self, scopes: list[str], *, account_id: int | None = None, license: str = "enterprise") -> Actor:
        if account_id is None:
            account_id = self.server.account(license=license)["id"]
        client_id = self.server.oauth_client()["client_id"]
        token = self.server.token(account_id=account_id, scopes=scopes, client_id=client_id)
        return Actor(self.server, account_id, None, token, client_id)

    def group(self, account_id: int, *members: int) -> int:
        group = admin.create_group(self.server.store, account_id=account_id, name="Group")
        for member in members:
            admin.add_group_member(self.server.store, group_id=group["id"], user_id=member)
        return group["id"]

    def revoke(self, access_token: str) -> None:
        """Revoke the token's grant, as `/oauth2/token/revoke` would."""
        tokens = sa.select(t.oauth_tokens.c.grant_id).where(
            t.oauth_tokens.c.token_hash == credentials.digest(access_token))
        with self.server.store.write() as conn:
            conn.execute(sa.update(t.oauth_grants).where(t.oauth_grants.c.id.in_(tokens)).values(revoked=1))


@pytest.fixture
def actors(server) -> Actors:
    return Actors(server)
