"""Issue 11's load benchmark (point 7): capacity, then an open-loop load at 0.8x of it.

For the embedded default (one `pellucid serve`, SQLite, pinned to one core) and for
deploy/cluster.sh (3 processes on PostgreSQL + Redis behind HAProxy, on the machine's cores):

1. capacity: wrk, closed loop, 32 connections, 10 s, on the request mix of `openloop.py`
   (9 GETs of one item to 1 PATCH, with a real token; rate limits on, set out of reach);
2. an open-loop load at 0.8x that capacity for BENCH_LOAD_SECONDS (default 60): requests leave
   on schedule whatever the server does, latencies from the scheduled time. The goal: every
   request answered 2xx at the offered rate; p50 and p99 are reported.

The load generators run on the other core; on the shared 2-core machine the figures are
measured under contention (the cluster shares both cores with PostgreSQL, Redis, HAProxy).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

from .support import (
    LOAD_CPU,
    ROOT,
    Row,
    data_service_user,
    database,
    free_port,
    pellucid_server,
    pinned,
    table,
    wait_ready,
    wrk,
)

SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
CAPACITY_SECONDS = 10
ITEMS = 1000
SHARE = 0.8
OUT_OF_REACH = ["--rate-limits", "on", "--data-service-rate", "1000000000"]


def populate(base: str, headers: dict[str, str]) -> str:
    """A collection of ITEMS items with fields A and B; its items path."""
    with httpx.Client(base_url=base, headers=headers, timeout=120) as http:
        source = http.post("/dataSources", json={"name": "load"}).json()
        schema = [{"name": "A", "fieldType": "STRING"}, {"name": "B", "fieldType": "STRING"}]
        collection = http.post("/collections", json={"dataSource": source["uri"], "name": "load", "schema": schema,
                                                     "properties": {}}).json()
        items_path = "/collections/" + collection["uri"].rsplit("/", 1)[1] + "/items"
        http.post(items_path, json=[{"A": f"item {n}", "B": "0"} for n in range(ITEMS)]).raise_for_status()
    return items_path


def mix_script(items_path: str, directory: Path) -> str:
    """The same mix as openloop.py, for wrk."""
    path = directory / "mix.lua"
    path.write_text(
        f'local prefix = "{items_path}/"\nlocal n = -1\n'
        "request = function()\n  n = n + 1\n"
        f"  local item = prefix .. ((n * 7919) % {ITEMS} + 1)\n"
        "  if n % 10 == 9 then\n"
        "    local headers = {}  -- a table of its own replaces wrk.headers (the -H options)\n"
        "    for name, value in pairs(wrk.headers) do headers[name] = value end\n"
        '    headers["Content-Type"] = "application/json"\n'
        '    return wrk.format("PATCH", item, headers, '
        "'{\"fields\": {\"B\": \"' .. n .. '\"}}')\n"
        "  end\n"
        '  return wrk.format("GET", item)\nend\n'
    )
    return str(path)


def open_loop(base: str, items_path: str, headers: dict[str, str], rate: float) -> dict:
    header_args = [f"{name}: {value}" for name, value in headers.items()]
    command = pinned(LOAD_CPU, [sys.executable, "-m", "bench.openloop", base, items_path, str(ITEMS), str(rate),
                                str(SECONDS), *header_args])
    output = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return json.loads(output)


def measure(name: str, base: str, headers: dict[str, str], tmp: Path) -> tuple[list[Row], str]:
    items_path = populate(base, headers)
    capacity = wrk(base + items_path + "/1", headers, seconds=CAPACITY_SECONDS, script=mix_script(items_path, tmp))
    result = open_loop(base, items_path, headers, SHARE * capacity)
    rows = [
        Row(f"{name}: open-loop load, answered", result["completed_rps"], "req/s", "closed-loop capacity",
            capacity, result["completed_rps"] / capacity, f">= {SHARE - 0.02:.2f}"),
        Row(f"{name}: errors of {result['requests']:,} requests", result["errors"], "", "requests",
            result["requests"], result["errors"] / max(1, result["requests"]), "<= 0"),
    ]
    note = (f"{name}: {SECONDS:.0f} s at {result['offered_rps']:,.0f} req/s offered "
            f"(0.8 x {capacity:,.0f}): p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, "
            f"max {result['max_ms']:.1f} ms, {result['connections']} connections"
            + (f", errors {result['error_kinds']}" if result["errors"] else ""))
    return rows, note


@contextmanager
def cluster(url: str, tmp: Path) -> Iterator[str]:
    port, *backends = (free_port() for _ in range(4))
    env = {**os.environ, "PELLUCID": str(Path(sys.executable).with_name("pellucid"))}
    script = subprocess.Popen(
        ["bash", str(ROOT / "deploy" / "cluster.sh"), "--database", url, "--redis-url", "redis://127.0.0.1:6379/0",
         "--port", str(port), "--backend-ports", ",".join(map(str, backends)), "--run-dir", str(tmp / "cluster"), "--",
         "--access-log", "off", *OUT_OF_REACH],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for backend in backends:
            wait_ready(f"http://127.0.0.1:{backend}/healthz", script, timeout=120)
        deadline = time.monotonic() + 30
        while httpx.get(f"{base}/healthz", timeout=5).status_code != 200:  # HAProxy's checks see them up
            assert time.monotonic() < deadline, "HAProxy never took the processes in"
            time.sleep(0.2)
        time.sleep(3)  # every process in rotation (2 good checks each), not just the first
        yield base
    finally:
        script.send_signal(signal.SIGTERM)
        try:
            script.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(script.pid, signal.SIGKILL)  # the script, its processes and HAProxy
            script.wait()


def main() -> None:
    print(f"Load (issue 11, point 7): {SECONDS:.0f} s open loop at {SHARE} x capacity; GET one item 9:1 PATCH")
    rows, notes = [], []
    with tempfile.TemporaryDirectory(prefix="pellucid-load-") as tmp_name:
        tmp = Path(tmp_name)
        setups = [("sqlite", "embedded (1 process, SQLite)", lambda url: pellucid_server(url, OUT_OF_REACH)),
                  ("postgresql", "cluster (3 processes, PostgreSQL + Redis, HAProxy)", lambda url: cluster(url, tmp))]
        for kind, name, serve in setups:
            with database(kind, tmp) as url:
                store, headers = data_service_user(url)
                store.dispose()
                with serve(url) as base:
                    measured = measure(name, base, headers, tmp)
                rows += measured[0]
                notes.append(measured[1])
    table("Load: open loop at 0.8x measured capacity (under contention)", rows, notes)


if __name__ == "__main__":
    main()
