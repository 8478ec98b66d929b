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
