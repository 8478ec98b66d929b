"""The background build of filter columns and indexes, so that no request pays for them.

Bulk writes store item values only (store/items.py). A builder finds the collections whose
filter columns lag behind their items and computes them, `CHUNK` items at a time: computed in a
read, stored in a short write transaction that moves `filterable_through` with them. A kill -9
loses at most the chunk in progress, and SQLite's write lock is held only while a chunk is
stored. Filters and key lookups never wait
for it (item_queries.Match tests the items past `filterable_through` in Python). Once a
collection is built, it indexes the fields that lookups on it asked for.

`pellucid serve` runs the builder in a process of its own (`Settings.filter_build_process`): its
work then runs beside the server's on another core instead of taking turns with requests for
the server's interpreter lock, so a bulk load is built while it is written. Elsewhere (tests,
`admin seed`) it is a thread of the app's process. The process runs at a lower CPU priority
(`NICENESS`): where it shares a core with the server (a server pinned to one core, a busy
machine) requests come first, and the build takes the time they leave.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
import time
from typing import TYPE_CHECKING, Any, Callable

from ..store import fields, items
from ..store.db import Store

if TYPE_CHECKING:  # pragma: no cover
    from ..app import AppContext

log = logging.getLogger("pellucid.filter_builds")

CHUNK = 5_000  # items per write transaction: tens of milliseconds of work
IDLE_TICK = 0.2  # seconds between looks for work when there was none
NICENESS = 10  # added to the builder process's nice value: ~1/10 of a contended core's time


class FilterBuilds:
    """The app's handle on its builder."""

    def __init__(self, ctx: "AppContext") -> None:
        self.ctx = ctx
        self.own_process = ctx.settings.filter_build_process
        # (collection id, field ids) to index, from request threads to the builder
        self._wanted: Any = multiprocessing.get_context("spawn").Queue() if self.own_process else queue.Queue()
        self._stopping = threading.Event()
        self._worker: threading.Thread | multiprocessing.Process | None = None

    def want_indexes(self, collection_id: int, field_ids: list[int]) -> None:
        """Index these fields of the collection once its filter columns are built (any thread)."""
        self._wanted.put((collection_id, field_ids))

    async def start(self) -> None:
        """Start the builder in a spawned process when `own_process`, else in a thread."""
        if self.own_process:
            self._worker = multiprocessing.get_context("spawn").Process(
                target=_process_main, args=(self.ctx.store.url, self._wanted, os.getpid()),
                name="pellucid-filter-builds", daemon=True)
        else:
            self._worker = threading.Thread(
                target=run, args=(self.ctx.store, self._wanted, lambda: not self._stopping.is_set()),
                name="pellucid-filter-builds", daemon=True)
        self._worker.start()

    async def stop(self) -> None:
        """Stop the builder; a killed process's chunk in progress is rolled back."""
        if isinstance(self._worker, threading.Thread):
            self._stopping.set()
        elif self._worker is not None:
            self._worker.terminate()  # a chunk in progress is rolled back, as after a kill -9
            self._worker.join()
            # Release the queue's semaphores now (left for the interpreter's exit, they are reported
            # as "leaked semaphore objects"); a lookup that still asks for an index asks no one.
            self._wanted.close()
            self._wanted.cancel_join_thread()  # never wait on a pipe no one reads any more
            self._wanted = queue.Queue()


def _process_main(url: str, wanted: Any, parent: int) -> None:
    if hasattr(os, "nice"):  # POSIX
        os.nice(NICENESS)
    store = Store(url)
    try:
        run(store, wanted, lambda: os.getppid() == parent)  # ends when the server does
    finally:
        store.dispose()


def run(store: Store, wanted: Any, keep_going: Callable[[], bool]) -> None:
    """Build while `keep_going()`: chunk after chunk while there is work, else a look each tick."""
    asked: dict[int, set[int]] = {}
    while keep_going():
        while True:
            try:
                collection_id, field_ids = wanted.get_nowait()
            except queue.Empty:
                break
            asked.setdefault(collection_id, set()).update(field_ids)
        try:
            worked = _step(store, asked)
        except Exception:  # noqa: BLE001 - the builder must outlive one failed chunk; it is retried
            log.exception("filter column build failed")
            worked = False
        if not worked:
            time.sleep(IDLE_TICK)


def _step(store: Store, asked: dict[int, set[int]]) -> bool:
    """Build one chunk, or the indexes of one built collection; whether there was work."""
    with store.read() as conn:
        behind = items.behind(conn)
        chunk = items.compute_filter_columns(conn, behind[0], fields.specs(fields.list_for(conn, behind[0])),
                                             CHUNK) if behind else None
    if behind:
        if chunk is not None:
            with store.write() as conn:
                items.store_filter_columns(conn, chunk)
        return True
    if not asked:
        return False
    collection_id, field_ids = asked.popitem()
    with store.read() as conn:
        missing = [row.id for row in fields.list_for(conn, collection_id) if row.id in field_ids and not row.indexed]
    if missing and store.is_sqlite:
        with store.write() as conn:
            items.ensure_indexes(conn, collection_id, missing)
            fields.mark_indexed(conn, collection_id, missing)
    elif missing:  # PostgreSQL: without blocking the collection's writers, outside any transaction
        with store.autocommit() as conn:
            built = items.create_indexes_concurrently(conn, collection_id, missing)
        if built:  # a failed build is recorded nowhere, so a later lookup asks again
            with store.write() as conn:
                fields.mark_indexed(conn, collection_id, missing)
    return True


def install(ctx: "AppContext") -> None:
    """Run the builder with the app."""
    builds = ctx.filter_builds = FilterBuilds(ctx)
    ctx.on_startup.append(builds.start)
    ctx.on_shutdown.insert(0, builds.stop)
