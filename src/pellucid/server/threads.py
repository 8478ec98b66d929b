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
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from .http.errors import ApiError


class Threads:
    """The two pools, of `size` threads each."""

    def __init__(self, size: int) -> None:
        self.readers = ThreadPoolExecutor(size, thread_name_prefix="pellucid-read")
        self.others = ThreadPoolExecutor(size, thread_name_prefix="pellucid-work")
        self._parser: ProcessPoolExecutor | None = None  # started by the first parse that needs it

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` in a worker thread (the pool that writes may use)."""
        return await asyncio.get_running_loop().run_in_executor(self.others, fn, *args)

    async def run_request(self, reads_only: bool, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` for a request: on a reader thread when its method only reads."""
        pool = self.readers if reads_only else self.others
        return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)

    async def parse_apart(self, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` in a process of its own, for a parse that is slow and leaves its heap in
        reference cycles (openpyxl's): in a thread, it would hold the interpreter lock for
        seconds and end with one long collector pass. `fn` must be importable, its arguments and
        result picklable; an ApiError it raises is raised here."""
        if self._parser is None:
            self._parser = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        try:
            outcome, value = await asyncio.get_running_loop().run_in_executor(self._parser, _reporting, fn, *args)
        except BrokenProcessPool:  # the process died (say, out of memory): the next parse starts another
            self._parser = None
            raise
        if outcome == "error":
            raise ApiError(*value)
        return value

    def shutdown(self) -> None:
        """Let running work finish; take no more."""
        self.readers.shutdown(wait=False)
        self.others.shutdown(wait=False)
        if self._parser is not None:
            self._parser.shutdown(wait=False, cancel_futures=True)


def _reporting(fn: Callable[..., Any], *args: Any) -> tuple[str, Any]:
    """In the parsing process: the result, or the ApiError's parts (it does not pickle)."""
    try:
        return "ok", fn(*args)
    except ApiError as error:
        return "error", (error.status, error.code, error.message, error.details, dict(error.headers))
