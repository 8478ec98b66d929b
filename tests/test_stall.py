"""One slow request must not stall the server (issue 11, point 1), against a real `pellucid serve`.

A request stuck in the database (here: waiting for a write lock the test holds, which is what a
writer queued behind a long bulk write does) must leave the server answering everyone else:
/healthz, GET one item and other reads complete while it waits, and it completes once the lock
is free. Runs on SQLite and on PostgreSQL (PELLUCID_TEST_DATABASE).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import pytest
import sqlalchemy as sa

from tests.dataservice.adapters.workbooks import budget
from tests.dataservice.conftest import ACCEPT_V1, make_user, path
from tests.support.harness import Database, Server, database_kind, start_subprocess

pytestmark = pytest.mark.subprocess

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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


def _pids_with_parent(parent: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                found.add(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_the_server_s_helper_processes_end_when_it_is_killed(tmp_path):
    """Excel workbooks are parsed in a process of the server's (threads.py) and filter columns are
    built in another (filter_builds.py): a kill -9 of the server must not leave them behind."""
    database = Database("sqlite", tmp_path)
    server = start_subprocess(database.url)
    try:
        user = make_user(server)
        workbook = budget()
        answer = user.http.post("/adapter/excel", files={"file": ("budget.xlsx", workbook, XLSX)})
        assert answer.status_code == 200, answer.text
        helpers = _pids_with_parent(server.process.pid)
        assert len(helpers) >= 2  # the parser and the builder (and multiprocessing's resource tracker)
        os.kill(server.process.pid, signal.SIGKILL)
        for _ in range(PATIENCE * 10):
            if not any(Path(f"/proc/{helper}").exists() for helper in helpers):
                break
            time.sleep(0.1)
        left = [helper for helper in helpers if Path(f"/proc/{helper}").exists()]
        assert not left, [Path(f"/proc/{helper}/cmdline").read_bytes() for helper in left]
    finally:
        server.kill()
        database.drop()
