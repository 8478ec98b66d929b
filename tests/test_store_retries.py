"""A transaction that loses a deadlock on PostgreSQL runs again, whichever way its statement
went to the driver: through SQLAlchemy or raw (`fast.execute_raw`, the hot paths' way; its
errors are the driver's own, not SQLAlchemy's wrappers).

Always on a real PostgreSQL on 127.0.0.1 (`./dev test` starts one): SQLite's writers never
deadlock.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from pellucid.server.store.db import Store, retrying
from pellucid.server.store.fast import execute_raw
from tests.support.harness import Database


@pytest.fixture
def store(tmp_path):
    database = Database("postgresql", tmp_path)
    store = Store(database.url)
    with store.write() as conn:
        conn.execute(sa.text("CREATE TABLE counters (id int PRIMARY KEY, hits int NOT NULL)"))
        conn.execute(sa.text("INSERT INTO counters VALUES (1, 0), (2, 0)"))
    yield store
    store.dispose()
    database.drop()


@pytest.mark.parametrize("raw", [True, False], ids=["raw driver", "sqlalchemy"])
def test_a_transaction_that_loses_a_deadlock_runs_again(store, raw):
    both_hold_one = threading.Barrier(2, timeout=30)
    attempts = {1: 0, 2: 0}

    def bump(conn, row: int) -> None:
        if raw:
            execute_raw(conn, "UPDATE counters SET hits = hits + 1 WHERE id = %s", (row,))
        else:
            conn.execute(sa.text("UPDATE counters SET hits = hits + 1 WHERE id = :id"), {"id": row})

    @retrying
    def bump_both(first: int, second: int) -> None:
        attempts[first] += 1
        with store.write() as conn:
            bump(conn, first)
            if attempts[first] == 1:  # the first attempts lock the rows in opposite orders
                both_hold_one.wait()
            bump(conn, second)

    failures: list[BaseException] = []

    def run(first: int, second: int) -> None:
        try:
            bump_both(first, second)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=run, args=order) for order in ((1, 2), (2, 1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert failures == []
    assert sorted(attempts.values()) == [1, 2]  # PostgreSQL aborted one; it ran again
    with store.read() as conn:
        assert conn.execute(sa.text("SELECT id, hits FROM counters ORDER BY id")).all() == [(1, 2), (2, 2)]
