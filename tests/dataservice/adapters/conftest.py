"""Helpers for adapter tests: uploads, and reading a data source back through the Data Service API."""

from __future__ import annotations

from typing import Any

from tests.dataservice.conftest import DataUser, path


def upload(user: DataUser, url: str, content: bytes, filename: str = "people.csv", method: str = "POST",
           params: dict | None = None, content_type: str = "text/csv"):
    return user.http.request(method, url, params=params, files={"file": (filename, content, content_type)})


def collections_of(user: DataUser, source: dict) -> list[dict]:
    return user.ok(user.http.get(path(source["collections"])))["collections"]


def items_of(user: DataUser, collection: dict, **params: Any) -> list[dict]:
    body = user.ok(user.http.get(path(collection["items"]), params=params))
    return body["items"]


def fields_of(user: DataUser, collection: dict) -> list[dict]:
    return [entry["fields"] for entry in items_of(user, collection)]


def metadata_of(user: DataUser, collection: dict) -> dict[str, dict]:
    return {entry["metadataType"]: entry for entry in user.ok(user.http.get(path(collection["metadata"])))}


def schema_names(user: DataUser, collection: dict) -> list[str]:
    return [field["name"] for field in user.ok(user.http.get(path(collection["schema"])))]


def properties_of(user: DataUser, collection: dict) -> dict:
    return user.ok(user.http.get(path(collection["properties"])))


def item_id(entry: dict) -> str:
    return entry["uri"].rsplit("/", 1)[1]


# ------------------------------------------------------------- a server wired to fake Google

import pytest  # noqa: E402

from pellucid.server.settings import Google  # noqa: E402
from tests.support.harness import (  # noqa: E402
    Database,
    Server,
    database_kind,
    start_inprocess,
    start_subprocess,
    target,
)

from .fake_google import AUTH_PATH, TOKEN_PATH, FakeGoogle  # noqa: E402

SMALL_FILE_LIMIT = 50_000  # the second server also proves the file size limit is configurable


@pytest.fixture(scope="session")
def fake_google():
    google = FakeGoogle().start()
    yield google
    google.stop()


@pytest.fixture(scope="session")
def gserver(tmp_path_factory, fake_google) -> Server:
    """A pellucid server whose Google endpoints are the fake's, with a 50 kB file size limit."""
    database = Database(database_kind(), tmp_path_factory.mktemp("gserver"))
    google = Google(client_id=fake_google.client_id, client_secret=fake_google.client_secret,
                    auth_url=fake_google.url + AUTH_PATH, token_url=fake_google.url + TOKEN_PATH,
                    sheets_url=fake_google.url)
    if target() == "subprocess":
        server = start_subprocess(database.url, extra_args=[
            "--file-size-limit", str(SMALL_FILE_LIMIT), "--google-client-id", google.client_id,
            "--google-client-secret", google.client_secret, "--google-auth-url", google.auth_url,
            "--google-token-url", google.token_url, "--google-sheets-url", google.sheets_url])
    else:
        server = start_inprocess(database.url, google=google, file_size_limit_bytes=SMALL_FILE_LIMIT)
    try:
        yield server
    finally:
        server.stop()
        server.store.dispose()
        database.drop()
