from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from pellucid.server.store import document_contents
from tests.documents.models import tv6
from tests.oauth.flow import PASSWORD
from tests.rest.conftest import ALL_DOCS, PatientCaller
from tests.support.harness import Server

from .people import signed_in


@dataclass
class Person:
    """A user with a password, a REST token of their own and a browser signed in as them."""

    server: Server
    user: dict
    api: PatientCaller
    browser: httpx.Client

    @property
    def user_id(self) -> int:
        return self.user["userId"]

    def document(self, title: str = "Viewer test", **body) -> dict:
        """A new document of theirs holding spec TV6's two pages ("One": A, B and note; "Two": empty)."""
        created = self.api.post("/documents", json={"title": title, **body})
        assert created.status_code == 201, created.text
        with self.server.store.write() as conn:
            document_contents.save(conn, created.json()["documentId"], tv6(), self.user_id)
        return created.json()


def person(server: Server, account_id: int | None = None) -> Person:
    account_id = account_id or server.account(license="enterprise")["id"]
    user = server.user(account_id, password=PASSWORD)
    token = server.token(user_id=user["userId"], scopes=[*ALL_DOCS, "folder"])["access_token"]
    return Person(server, user, PatientCaller(server.client, token, {"Lucid-Api-Version": "1"}), signed_in(server, user))


@pytest.fixture
def owner(server) -> Person:
    return person(server)
