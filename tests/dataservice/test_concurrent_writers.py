"""Concurrent writers on PostgreSQL (issue 11 point 4): six clients through two server processes
create, patch and delete items of one collection while filters build its derived columns and
indexes and new fields are added. Not one 5xx, and the final counts are exact.

Always on a real PostgreSQL on 127.0.0.1 (`./dev test` starts one), whatever the suite's
database: the deadlocks this guards against do not exist on SQLite, whose writers are serial.
"""

from __future__ import annotations

import threading
from collections import Counter

import httpx
import pytest

from tests.support.harness import Database, start_subprocess

from .conftest import ACCEPT_V1, make_user, path

pytestmark = pytest.mark.subprocess

WRITERS = 6
ROUNDS = 12
BATCH = 40
PRELOADED = 2_500  # past the size at which filtered fields get an index


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    database = Database("postgresql", tmp_path_factory.mktemp("concurrent"))
    server = start_subprocess(database.url, ["--workers", "2", "--rate-limits", "off"])
    yield server
    server.stop()
    database.drop()


class Writer(threading.Thread):
    """One client: each round creates a batch, patches one of its items, deletes another and
    filters; writer 0 also adds a field and filters on it, so indexes are built mid-traffic."""

    def __init__(self, number: int, base_url: str, token: str, collection: dict) -> None:
        super().__init__()
        self.number = number
        self.http = httpx.Client(base_url=base_url, timeout=120,
                                 headers={"Authorization": f"Bearer {token}", "Accept": ACCEPT_V1})
        self.items = path(collection["items"])
        self.schema = path(collection["uri"]) + "/schema"
        self.statuses: Counter = Counter()
        self.errors: list[str] = []
        self.alive: dict[str, int] = {}  # item uri -> its B value
        self.created = self.deleted = 0

    def call(self, method: str, url: str, **kwargs) -> httpx.Response:
        response = self.http.request(method, url, **kwargs)
        self.statuses[response.status_code] += 1
        if response.status_code >= 400:
            self.errors.append(f"{method} {url} -> {response.status_code} {response.text[:200]}")
        return response

    def run(self) -> None:
        try:
            for round_ in range(ROUNDS):
                self.one_round(round_)
        finally:
            self.http.close()

    def one_round(self, round_: int) -> None:
        batch = [{"A": f"w{self.number}-{round_}", "B": round_, "K": f"k{n % 7}"} for n in range(BATCH)]
        created = self.call("POST", self.items, json=batch)
        if created.status_code != 200:
            return
        uris = [item["uri"] for item in created.json()]
        self.created += len(uris)
        self.alive.update(dict.fromkeys(uris, round_))
        patched = self.call("PATCH", path(uris[0]), json={"fields": {"B": 1000 + round_}})
        if patched.status_code == 200:
            self.alive[uris[0]] = 1000 + round_
        if self.call("DELETE", path(uris[-1])).status_code == 200:
            self.deleted += 1
            del self.alive[uris[-1]]
        self.call("GET", self.items, params={"filter": f'K = "k{round_ % 7}" and B >= 0', "end": 2})
        if self.number == 0 and round_ % 3 == 0:
            field = f"F{round_}"
            self.call("PATCH", self.schema, json=[{"name": field, "fieldType": "STRING"}])
            self.call("GET", self.items, params={"filter": f'{field} = "x" or A = "w0-{round_}"', "end": 2})


def test_concurrent_writers_get_no_server_errors_and_exact_counts(served):
    user = make_user(served, scopes=["data-service.admin"])
    schema = [{"name": "A", "fieldType": "STRING"}, {"name": "B", "fieldType": "NUMBER"}, {"name": "K", "fieldType": "STRING"}]
    collection = user.collection(schema=schema)
    user.add_items(collection, [{"A": "pre", "B": -1, "K": "pre"} for _ in range(PRELOADED)])
    writers = [Writer(n, served.base_url, user.token, collection) for n in range(WRITERS)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()

    statuses = sum((writer.statuses for writer in writers), Counter())
    assert not [error for writer in writers for error in writer.errors], statuses
    assert statuses[200] == sum(writer.statuses.total() for writer in writers)

    items = path(collection["items"])
    total = PRELOADED + sum(writer.created - writer.deleted for writer in writers)
    assert int(user.http.head(items).headers["Lucid-Items-Total"]) == total
    assert int(user.http.head(items, params={"filter": 'A = "pre"'}).headers["Lucid-Items-Total"]) == PRELOADED
    for writer in writers:
        listed = user.ok(user.http.get(items, params={"filter": f'A >= "w{writer.number}-" and A < "w{writer.number}."'}))
        assert listed["total"] == len(writer.alive)
        assert {item["uri"]: item["fields"]["B"] for item in listed["items"]} == writer.alive
