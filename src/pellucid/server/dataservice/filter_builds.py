"""The background build of filter columns and indexes, so that no request pays for them.

Bulk writes store item values only (store/items.py). Every process runs this loop: it finds the
collections whose filter columns lag behind their items and computes them, `CHUNK` items per
write transaction, each moving `filterable_through` with the columns it computed: a kill -9
loses at most the chunk in progress, and SQLite's write lock is free between chunks. Filters and
key lookups never wait for it (item_queries.Match tests the items past `filterable_through` in
Python). Once a collection is built, it indexes the fields that lookups on it asked for.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import TYPE_CHECKING

from ..store import fields, items

if TYPE_CHECKING:  # pragma: no cover
    from ..app import AppContext
    from ..store.db import Store

log = logging.getLogger("pellucid.filter_builds")

CHUNK = 5_000  # items per write transaction: tens of milliseconds of work
IDLE_TICK = 0.2  # seconds between looks for work when there was none


class FilterBuilds:
    def __init__(self, ctx: "AppContext") -> None:
        self.ctx = ctx
        self._wanted: dict[int, set[int]] = {}  # collection -> fields lookups want indexed
        self._lock = threading.Lock()
        self._task: asyncio.Task | None = None

    def want_indexes(self, collection_id: int, field_ids: list[int]) -> None:
        """Index these fields of the collection once its filter columns are built (any thread)."""
        with self._lock:
            self._wanted.setdefault(collection_id, set()).update(field_ids)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="pellucid-filter-builds")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _loop(self) -> None:
        while True:
            try:
                worked = await self.ctx.run(self.step)
            except Exception:  # noqa: BLE001 - the loop must outlive one failed chunk; it is retried
                log.exception("filter column build failed")
                worked = False
            await asyncio.sleep(0 if worked else IDLE_TICK)

    def step(self) -> bool:
        """Build one chunk, or the indexes of one built collection; whether there was work."""
        store = self.ctx.store
        with store.read() as conn:
            behind = items.behind(conn)
        if behind:
            _build_chunk(store, behind[0])
            return True
        with self._lock:
            if not self._wanted:
                return False
            collection_id, field_ids = self._wanted.popitem()
        _index(store, collection_id, field_ids)
        return True


def _build_chunk(store: "Store", collection_id: int) -> None:
    with store.write() as conn:
        specs = fields.specs(fields.list_for(conn, collection_id))
        items.build_filter_columns(conn, collection_id, specs, CHUNK)


def _index(store: "Store", collection_id: int, field_ids: set[int]) -> None:
    with store.write() as conn:
        missing = [row.id for row in fields.list_for(conn, collection_id) if row.id in field_ids and not row.indexed]
        if missing:
            items.ensure_indexes(conn, collection_id, missing)
            fields.mark_indexed(conn, collection_id, missing)


def install(ctx: "AppContext") -> None:
    """Run the build with the app."""
    builds = ctx.filter_builds = FilterBuilds(ctx)
    ctx.on_startup.append(builds.start)
    ctx.on_shutdown.insert(0, builds.stop)
