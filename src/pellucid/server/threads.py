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
import os
import threading
import time
import weakref
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from queue import SimpleQueue
from typing import Any, Callable

from .http.errors import ApiError

PARENT_CHECK_SECONDS = 1.0  # how often the parsing process looks whether the server is still there


class Pool:
    """`size` threads taking calls from one queue, each result handed back to the loop of the
    future that waits for it. What `loop.run_in_executor` does, for a fraction of its work per
    call: no concurrent.futures Future (a Condition each), no semaphore and locks in Python
    around every hand-off (issue 11, point 8: they cost a cheap request a fifth of its
    instructions). The threads start with the first call and stop with `shutdown`, or once the
    pool is no longer referenced."""

    def __init__(self, size: int, name: str) -> None:
        self.size = size
        self.name = name
        self._calls: SimpleQueue = SimpleQueue()
        self._starting = threading.Lock()  # the loops of several threads may make the first call at once
        self._started = False
        self._closed = False

    def __call__(self, fn: Callable[..., Any], *args: Any) -> asyncio.Future:
        """A future of the running loop that `fn(*args)`, run on one of the threads, completes."""
        if self._closed:
            raise RuntimeError(f"the {self.name} threads are shut down")
        if not self._started:
            self._start()
        future = asyncio.get_running_loop().create_future()
        self._calls.put((future, fn, args))
        return future

    def _start(self) -> None:
        with self._starting:
            if self._started:
                return
            for n in range(self.size):
                threading.Thread(target=_serve, args=(self._calls,), name=f"{self.name}_{n}", daemon=True).start()
            weakref.finalize(self, _stop, self._calls, self.size)
            self._started = True

    def shutdown(self) -> None:
        """Calls already queued still run; no new ones are taken."""
        if not self._closed:
            self._closed = True
            if self._started:
                _stop(self._calls, self.size)


def _stop(calls: SimpleQueue, threads: int) -> None:
    for _ in range(threads):
        calls.put(None)


def _serve(calls: SimpleQueue) -> None:
    """A pool thread: run calls until told to stop (None)."""
    while (call := calls.get()) is not None:
        future, fn, args = call
        if future.cancelled():  # its request is gone: do not start the work
            continue
        try:
            outcome = _succeed, fn(*args)
        except BaseException as error:  # noqa: BLE001 - raised where the future is awaited
            outcome = _fail, error
        try:
            future.get_loop().call_soon_threadsafe(*outcome, future)
        except RuntimeError:  # its loop has closed meanwhile: no one waits for it
            pass
        del call, future, fn, args, outcome  # the request's objects are not kept while the thread waits


def _succeed(result: Any, future: asyncio.Future) -> None:
    if not future.cancelled():
        future.set_result(result)


def _fail(error: BaseException, future: asyncio.Future) -> None:
    if not future.cancelled():
        future.set_exception(error)


class Threads:
    """The two pools, of `size` threads each."""

    def __init__(self, size: int) -> None:
        self.readers = Pool(size, "pellucid-read")
        self.others = Pool(size, "pellucid-work")
        self._parser: ProcessPoolExecutor | None = None  # started by the first parse that needs it

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` in a worker thread (the pool that writes may use)."""
        return await self.others(fn, *args)

    async def run_request(self, reads_only: bool, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` for a request: on a reader thread when its method only reads."""
        return await (self.readers if reads_only else self.others)(fn, *args)

    async def parse_apart(self, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` in a process of its own, for a parse that is slow and leaves its heap in
        reference cycles (openpyxl's): in a thread, it would hold the interpreter lock for
        seconds and end with one long collector pass. `fn` must be importable, its arguments and
        result picklable; an ApiError it raises is raised here."""
        if self._parser is None:
            self._parser = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                               initializer=_exit_with, initargs=(os.getpid(),))
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
        self.readers.shutdown()
        self.others.shutdown()
        if self._parser is not None:
            self._parser.shutdown(wait=False, cancel_futures=True)


def _exit_with(server: int) -> None:
    """In the parsing process: end once the server process has, however it ended. It holds both
    ends of its call queue's pipe, so the server's death alone never wakes it (a kill -9, or a
    shutdown that exits before the pool's sentinel is sent, left it behind for good)."""

    def watch() -> None:
        while os.getppid() == server:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="pellucid-parse-watch", daemon=True).start()


def _reporting(fn: Callable[..., Any], *args: Any) -> tuple[str, Any]:
    """In the parsing process: the result, or the ApiError's parts (it does not pickle)."""
    try:
        return "ok", fn(*args)
    except ApiError as error:
        return "error", (error.status, error.code, error.message, error.details, dict(error.headers))
