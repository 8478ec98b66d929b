"""One slow request must not stall the server (issue 11, point 1), against a real `pellucid serve`.

A request stuck in the database (here: waiting for a write lock the test holds, which is what a
writer queued behind a long bulk write does) must leave the server answering everyone else:
/healthz, GET one item and other reads complete while it waits, and it completes once the lock
is free. Runs on SQLite and on PostgreSQL (PELLUCID_TEST_DATABASE).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

import httpx
import pytest
import sqlalchemy as sa

from tests.dataservice.conftest import ACCEPT_V1, make_user, path
from tests.support.harness import Database, Server, database_kind, start_subprocess

pytestmark = pytest.mark.subprocess

ROUNDS = 20  # cheap requests sent while the writer waits
PATIENCE = 120  # seconds any one request may take: a bound on the test, not a performance goal


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    database = Database(database_kind(), tmp_path_factory.mktemp("stall"))
    server = start_subprocess(database.url)
    yield server
    server.stop()
    database.drop()


@contextmanager
def holding_write_lock(server: Server, collection_id: int) -> Iterator[None]:
    """Hold what a write to the collection needs: SQLite's one write lock, or on PostgreSQL the
    collection's row (item writes update its counters first)."""
    with server.store.write() as conn:
        if server.store.is_sqlite:
            conn.exec_driver_sql("UPDATE collections SET item_count = item_count WHERE id = ?", (collection_id,))
        else:
            conn.execute(sa.text("SELECT id FROM collections WHERE id = :id FOR UPDATE"), {"id": collection_id})
        yield


def test_reads_are_answered_while_a_write_waits_for_the_database(server):
    user = make_user(server)
    collection = user.collection(schema=[{"name": "Name", "fieldType": "STRING", "order": 1}])
    items = path(collection["uri"]) + "/items"
    first = user.add_items(collection, [{"Name": "first"}])[0]
    collection_id = int(collection["uri"].rsplit("/", 1)[1])
    answers: list[httpx.Response] = []
    headers = {"Authorization": f"Bearer {user.token}", "Accept": ACCEPT_V1}

    with httpx.Client(base_url=server.base_url, headers=headers, timeout=PATIENCE) as writer_client, \
            httpx.Client(base_url=server.base_url, headers=headers, timeout=PATIENCE) as reader:
        writer = threading.Thread(target=lambda: answers.append(
            writer_client.post(items, json=[{"Name": f"late {n}"} for n in range(100)])))
        with holding_write_lock(server, collection_id):
            writer.start()
            for _ in range(ROUNDS):
                assert reader.get("/healthz").status_code == 200
                got = reader.get(path(first["uri"]))
                assert got.status_code == 200 and got.json()["fields"]["Name"] == "first"
                listed = reader.get(items)
                assert listed.status_code == 200 and listed.json()["total"] == 1
            assert writer.is_alive() and not answers  # every read answered before the write could run
        writer.join(PATIENCE)

    assert answers and answers[0].status_code == 200, answers and answers[0].text
    assert len(answers[0].json()) == 100
    assert user.ok(user.http.get(items))["total"] == 101
