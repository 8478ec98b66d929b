"""Worker threads for blocking work, so the event loop only moves bytes.

Handlers are plain functions that talk to the database; run on the event loop, one heavy request
(a bulk write, an import, the first filter of a big collection) would stall every other request
for its whole duration. They run here instead, in two bounded pools: requests that only read
(GET, HEAD) and everything else. SQLite admits one writer at a time, so writers queue for its
lock inside their threads; with a pool of their own, queued writers never take the threads that
reads need, and reads run beside the writer (WAL). `sqlite3` and psycopg release the GIL while
the database works.
"""

from __future__ import annotations

import asyncio
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

# How long a thread holding the GIL may keep it while another waits (CPython's default is 5 ms).
# A cheap request crosses threads a handful of times; each crossing may wait this long while a
# heavy request computes in another thread, so 1 ms keeps it within a few milliseconds.
GIL_SWITCH_INTERVAL = 0.001


class Threads:
    """The two pools, of `size` threads each."""

    def __init__(self, size: int) -> None:
        self.readers = ThreadPoolExecutor(size, thread_name_prefix="pellucid-read")
        self.others = ThreadPoolExecutor(size, thread_name_prefix="pellucid-work")
        sys.setswitchinterval(GIL_SWITCH_INTERVAL)

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` in a worker thread (the pool that writes may use)."""
        return await asyncio.get_running_loop().run_in_executor(self.others, fn, *args)

    async def run_request(self, reads_only: bool, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` for a request: on a reader thread when its method only reads."""
        pool = self.readers if reads_only else self.others
        return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)

    def shutdown(self) -> None:
        """Let running work finish; take no more."""
        self.readers.shutdown(wait=False)
        self.others.shutdown(wait=False)
