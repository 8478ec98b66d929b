"""An open-loop HTTP/1.1 load generator: requests leave on a fixed schedule whatever the server
does, and each latency runs from the request's scheduled time (a stalled server shows up in the
figures instead of slowing the load down, unlike a closed loop such as wrk).

    python -m bench.openloop URL ITEMS_PATH ITEMS RATE SECONDS [HEADER ...]   -> one JSON object

The mix: 9 of 10 requests GET one item, 1 PATCHes one (items 1..ITEMS of ITEMS_PATH).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
from collections import Counter
from urllib.parse import urlsplit

MAX_CONNECTIONS = 512
WARM_CONNECTIONS = 32
IDLE_SECONDS = 4.0  # a connection idle longer is dropped: servers close theirs after 5 s
DRAIN_SECONDS = 30  # how long stragglers may take after the last request left


def mix(items_path: str, items: int, n: int) -> tuple[str, str, bytes]:
    """The n-th request of the mix: (method, path, body)."""
    item = f"{items_path}/{(n * 7919) % items + 1}"
    if n % 10 == 9:
        return "PATCH", item, json.dumps({"fields": {"B": str(n)}}).encode()
    return "GET", item, b""


class Load:
    def __init__(self, url: str, items_path: str, items: int, headers: list[str]) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.items_path, self.items = items_path, items
        self.headers = "".join(f"{header}\r\n" for header in [f"Host: {parts.netloc}", *headers])
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]] = []  # and when it went idle
        self.opened = 0
        self.latencies: list[float] = []
        self.errors: Counter[str] = Counter()

    def request(self, n: int) -> bytes:
        method, path, body = mix(self.items_path, self.items, n)
        extra = f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n" if body else ""
        return f"{method} {path} HTTP/1.1\r\n{self.headers}{extra}\r\n".encode() + body

    async def one(self, n: int, scheduled: float) -> None:
        loop = asyncio.get_running_loop()
        while self.idle and self.idle[0][2] < loop.time() - IDLE_SECONDS:  # the oldest first
            self.idle.pop(0)[1].close()
            self.opened -= 1
        if self.idle:
            reader, writer, _ = self.idle.pop()
        elif self.opened < MAX_CONNECTIONS:
            self.opened += 1
            try:
                reader, writer = await asyncio.open_connection(self.host, self.port)
            except OSError as exc:
                self.opened -= 1
                self.errors[type(exc).__name__] += 1
                return
        else:
            self.errors["no free connection"] += 1
            return
        try:
            writer.write(self.request(n))
            status, keep = await _response(reader)
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            self.errors[type(exc).__name__] += 1
            self.opened -= 1
            writer.close()
            return
        self.latencies.append(loop.time() - scheduled)
        if not 200 <= status < 300:
            self.errors[f"HTTP {status}"] += 1
        if keep:
            self.idle.append((reader, writer, loop.time()))
        else:
            self.opened -= 1
            writer.close()

    async def run(self, rate: float, seconds: float) -> dict:
        loop = asyncio.get_running_loop()
        for _ in range(WARM_CONNECTIONS):  # as many as wrk's, opened before the clock starts
            self.idle.append((*await asyncio.open_connection(self.host, self.port), loop.time()))
            self.opened += 1
        total = int(rate * seconds)
        start = loop.time() + 0.2
        tasks = set()
        for n in range(total):
            scheduled = start + n / rate
            delay = scheduled - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.create_task(self.one(n, scheduled))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        sent_for = loop.time() - start
        if tasks:
            done, pending = await asyncio.wait(tasks, timeout=DRAIN_SECONDS)
            for task in pending:
                task.cancel()
            self.errors["unanswered"] += len(pending)
        elapsed = loop.time() - start
        ordered = sorted(self.latencies)
        quantile = (lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000) if ordered else (lambda q: 0.0)
        return {
            "offered_rps": rate, "requests": total, "completed": len(ordered), "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors), "sent_rps": total / sent_for if sent_for else 0.0,
            "completed_rps": len(ordered) / elapsed if elapsed else 0.0,
            "p50_ms": statistics.median(ordered) * 1000 if ordered else 0.0,
            "p99_ms": quantile(0.99), "max_ms": quantile(1.0), "connections": self.opened,
        }


async def _response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; its status and whether the connection stays open."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length, keep = 0, True
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and value.strip().lower() == "close":
            keep = False
    if length:
        await reader.readexactly(length)
    return status, keep


def main(argv: list[str]) -> None:
    url, items_path, items, rate, seconds, *headers = argv
    try:
        from uvloop import run  # uvicorn[standard] brings it: less of the load generator's CPU
    except ImportError:  # pragma: no cover
        from asyncio import run
    result = run(Load(url, items_path, int(items), headers).run(float(rate), float(seconds)))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
