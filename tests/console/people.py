"""The people of the console tests: a user with a password, signed in through `/login`, and an
API token of theirs to set things up and to compare the pages with the API."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from tests.oauth.flow import PASSWORD
from tests.support.harness import Caller, Server
from tests.web.people import signed_in

HTML = {"Accept": "text/html"}
DATA_SCOPES = ["data-service.admin", "lucidchart.document.content", "folder", "user.profile"]


@dataclass
class Person:
    user: dict
    browser: httpx.Client  # signed in
    api: Caller  # Data Service and REST with a token of this user

    @property
    def id(self) -> int:
        return self.user["userId"]

    def page(self, path: str, **params) -> httpx.Response:
        return self.browser.get(path, params=params, headers=HTML)


def person(server: Server, account_id: int | None = None, roles: list[str] | None = None) -> Person:
    user = server.user(account_id, roles=roles, password=PASSWORD)
    token = server.token(user_id=user["userId"], scopes=DATA_SCOPES)["access_token"]
    api = server.caller(token, Accept="application/json;v=1", **{"Lucid-Api-Version": "1"})
    return Person(user, signed_in(server, user), api)


def last_id(uri: str) -> int:
    return int(uri.rsplit("/", 1)[1])


def collection_with_items(who: Person, count: int, name: str = "People") -> tuple[int, int]:
    """(data source id, collection id) of a new collection with `count` items: name pN, age N."""
    source = who.api.post("/dataSources", json={"name": f"{name} source"}).json()
    created = who.api.post("/collections", json={"dataSource": source["uri"], "name": name, "schema": [
        {"name": "name", "fieldType": "STRING", "isPrimary": True}, {"name": "age", "fieldType": "NUMBER"}]})
    assert created.status_code == 200, created.text
    collection_id = last_id(created.json()["uri"])
    if count:
        added = who.api.post(f"/collections/{collection_id}/items",
                             json=[{"name": f"p{n}", "age": n} for n in range(1, count + 1)])
        assert added.status_code == 200, added.text
    return last_id(source["uri"]), collection_id
