"""Issue 11, point 8, counted in instructions: GET one item with a real token, per request, against
the floors of `./dev bench dataservice` (a bare Starlette route, a bare ASGI callable).

Each server runs under valgrind's callgrind with counting off; after a warm-up, counting is on
for a fixed number of requests from 8 kept-alive connections, so what is counted is the
server's whole work per request (event loop, protocol, app, worker threads), not start-up.
Instruction counts repeat within about a percent on a machine shared with other work, where
requests per second and CPU time do not. Needs valgrind (apt-get install valgrind).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable

import httpx

from .support import (
    ROOT,
    SERVER_CPU,
    Row,
    data_service_user,
    free_port,
    new_collection,
    pellucid_command,
    pellucid_server,
    pinned,
    table,
    uvicorn_command,
    wait_ready,
)

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
WARM_UP = 2000
CONNECTIONS = 8
FLOOR_PATH = "/collections/1/items/5"


def item_path(url: str, headers: dict[str, str]) -> str:
    """A collection of 200 items x 10 fields; the path of one of them."""
    with pellucid_server(url) as base:
        http = httpx.Client(base_url=base, headers=headers, timeout=60)
        items = new_collection(http, "bench", "ABCDEFGHIJ") + "/items"
        http.post(items, json=[{name: f"{name}{i}" for name in "ABCDEFGHIJ"} for i in range(200)]).raise_for_status()
        return f"{items}/100"


async def _load(port: int, request: bytes, count: int) -> None:
    """`count` requests over kept-alive connections; fails on anything but 200."""
    left = count

    async def connection() -> None:
        nonlocal left
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while left > 0:
            left -= 1
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200 "):
                raise RuntimeError(head.decode("latin-1"))
            length = re.search(rb"(?i)content-length: (\d+)", head)
            await (reader.readexactly(int(length.group(1))) if length else reader.readuntil(b"0\r\n\r\n"))
        writer.close()

    await asyncio.gather(*(connection() for _ in range(CONNECTIONS)))


def instructions_per_request(command: Callable[[int], list[str]], ready_path: str, path: str,
                             headers: dict[str, str]) -> float:
    """`command(port)` (a server on that port) under callgrind: instructions per request to `path`."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="pellucid-callgrind-") as tmp:
        out = Path(tmp) / "callgrind.out"
        server = subprocess.Popen(
            pinned(SERVER_CPU, ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
                                *command(port)]),
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_ready(f"http://127.0.0.1:{port}{ready_path}", server, timeout=600)
            request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                       + "".join(f"{name}: {value}\r\n" for name, value in headers.items()) + "\r\n").encode()
            asyncio.run(_load(port, request, WARM_UP))
            _control(server.pid, "-i", "on")
            asyncio.run(_load(port, request, REQUESTS))
            _control(server.pid, "-i", "off")
            _control(server.pid, "-d")  # written to callgrind.out.1
        finally:
            server.terminate()
            server.wait(60)
        counted = (Path(tmp) / "callgrind.out.1").read_text()
        return int(re.search(r"^totals: (\d+)", counted, re.M).group(1)) / REQUESTS  # "summary:" is 0 in a dump


def _control(pid: int, *args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(pid)], check=True, capture_output=True)


def main() -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed: apt-get install valgrind")
    print(f"GET one item, instructions per request under callgrind ({REQUESTS:,} requests, {CONNECTIONS} connections)")
    with tempfile.TemporaryDirectory(prefix="pellucid-bench-") as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        store, headers = data_service_user(url)
        store.dispose()
        path = item_path(url, headers)
        pellucid = instructions_per_request(lambda port: pellucid_command(port, url), "/healthz", path, headers)
    starlette = instructions_per_request(lambda port: uvicorn_command(port, "bench.bare_starlette:app"),
                                         FLOOR_PATH, FLOOR_PATH, {})
    bare = instructions_per_request(lambda port: uvicorn_command(port, "bench.bare_app:app"), "/", FLOOR_PATH, {})
    table("GET one item, instructions (issue 11, point 8)", [
        Row("GET one item, token + access (floor / it)", pellucid, "instr", "bare Starlette route", starlette,
            starlette / pellucid, "report"),
        Row("same, against a bare ASGI callable", pellucid, "instr", "bare ASGI route", bare, bare / pellucid, "report"),
    ])


if __name__ == "__main__":
    main()
