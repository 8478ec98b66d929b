"""Shared machinery: servers pinned to one core, load from another, timings and tables."""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import httpx

from pellucid.server.store.db import Store

ROOT = Path(__file__).resolve().parent.parent
SERVER_CPU = "0"
LOAD_CPU = "1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pinned(cpu: str, command: list[str]) -> list[str]:
    """Run on one core when taskset exists, so server and load generator do not fight."""
    return ["taskset", "-c", cpu, *command] if shutil.which("taskset") and (os.cpu_count() or 1) > 1 else command


def wait_ready(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stdout.read() if process.stdout else ''}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} not ready")


@contextmanager
def process(command: list[str], ready_url: str, env: dict | None = None) -> Iterator[subprocess.Popen]:
    proc = subprocess.Popen(command, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    try:
        wait_ready(ready_url, proc)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


# Origin -> pid of the one server process answering there, for `wrk_with_cpu`.
_SERVERS: dict[str, int] = {}


@contextmanager
def served(command: list[str], base: str, ready_path: str) -> Iterator[str]:
    with process(command, base + ready_path) as proc:
        _SERVERS[base] = proc.pid  # taskset execs the server: the pid is the server's own
        try:
            yield base
        finally:
            del _SERVERS[base]


def pellucid_command(port: int, database_url: str, extra: list[str] | None = None) -> list[str]:
    """`pellucid serve` as the benchmarks run it: no rate limits, no access log."""
    return [sys.executable, "-m", "pellucid.cli", "serve", "--port", str(port),
            "--database", database_url, "--rate-limits", "off", "--access-log", "off", *(extra or [])]


def uvicorn_command(port: int, app: str) -> list[str]:
    """A floor app (bare_app.py's raw ASGI callable, or bare_starlette.py's route) under uvicorn."""
    return [sys.executable, "-m", "uvicorn", app, "--port", str(port), "--log-level", "warning", "--no-access-log"]


@contextmanager
def pellucid_server(database_url: str, extra: list[str] | None = None, pin: bool = True) -> Iterator[str]:
    """`pellucid serve` on one core (`pin=False`: on every core, as an operator runs it)."""
    port = free_port()
    command = pellucid_command(port, database_url, extra)
    command = pinned(SERVER_CPU, command) if pin else command
    with served(command, f"http://127.0.0.1:{port}", "/healthz") as base:
        yield base


@contextmanager
def bare_server(app: str = "bench.bare_app:app", ready_path: str = "/") -> Iterator[str]:
    """A floor app under uvicorn (`uvicorn_command`), on one core."""
    port = free_port()
    command = pinned(SERVER_CPU, uvicorn_command(port, app))
    with served(command, f"http://127.0.0.1:{port}", ready_path) as base:
        yield base


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, capture_output=True)
        path = shutil.which("wrk")
    if path is None:
        raise RuntimeError("wrk is needed for load benchmarks: apt-get install wrk")
    return path


def wrk(url: str, headers: dict[str, str] | None = None, seconds: int = 5, connections: int = 32,
        script: str | None = None) -> float:
    """Requests per second from wrk on the other core; fails loudly on non-2xx answers."""
    return wrk_with_cpu(url, headers, seconds, connections, script)[0]


def wrk_with_cpu(url: str, headers: dict[str, str] | None = None, seconds: int = 5, connections: int = 32,
                 script: str | None = None) -> tuple[float, float]:
    """`wrk`, and the CPU time (user + system, µs) the server process spent per request: on a
    machine shared with other work, throughput follows the share of a core the server gets, its
    CPU per request does not (0 where /proc is not there)."""
    command = [ensure_wrk(), "-t1", f"-c{connections}", f"-d{seconds}s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    pid = _SERVERS.get(re.match(r"https?://[^/]+", url).group(0))
    started = _cpu_seconds(pid)
    output = subprocess.run(pinned(LOAD_CPU, [*command, url]), capture_output=True, text=True, check=True).stdout
    spent = _cpu_seconds(pid) - started
    if "Non-2xx" in output:
        raise RuntimeError(f"errors under load:\n{output}")
    answered = int(re.search(r"(\d+) requests in", output).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), spent / max(answered, 1) * 1e6


def _cpu_seconds(pid: int | None) -> float:
    stat = Path(f"/proc/{pid}/stat")
    if pid is None or not stat.exists():
        return 0.0
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@contextmanager
def database(kind: str, tmp: Path) -> Iterator[str]:
    """A fresh SQLite file or PostgreSQL database for one benchmark, dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp / 'bench.db'}"
        return
    import uuid

    import psycopg

    name = f"pellucid_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def p50_ms(action: Callable[[], object], runs: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


@dataclass
class Row:
    name: str
    value: float
    unit: str
    floor_name: str
    floor: float
    ratio: float
    target: str

    @property
    def verdict(self) -> str:
        if self.target == "report":  # figures to report, without a target
            return ""
        op, number = self.target.split()
        ok = self.ratio >= float(number) if op == ">=" else self.ratio <= float(number)
        return "ok" if ok else "MISSED"


def table(title: str, rows: list[Row], notes: list[str] | None = None) -> None:
    print(f"\n## {title}\n")
    print("| benchmark | measured | floor (same run) | ratio | target | |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r.name} | {r.value:,.2f} {r.unit} | {r.floor_name}: {r.floor:,.2f} {r.unit} "
              f"| {r.ratio:.3f} | {r.target} | {r.verdict} |")
    for note in notes or []:
        print(f"\n{note}")
    sys.stdout.flush()


def bench_user(url: str, scopes: list[str], password: str | None = None) -> tuple[Store, dict, str]:
    """A migrated database with one user (bench@example.com, who signs in with `password` when
    given), and a day-long access token of theirs with `scopes`."""
    from pellucid.server import admin

    store = Store(url)
    store.migrate()
    account = admin.create_account(store, "bench")
    user = admin.create_user(store, account_id=account["id"], email="bench@example.com",
                             first_name="Bench", last_name="Mark", password=password)
    client = admin.create_client(store, "bench", ["http://127.0.0.1/cb"])
    token = admin.issue_token(store, client_id=client["client_id"], user_id=user["userId"],
                              scope_list=scopes, expires_in=24 * 3600)["access_token"]
    return store, user, token


def new_collection(http: httpx.Client, name: str, fields: Iterable[str]) -> str:
    """A data source and its collection of STRING fields, made through the API: the collection's path."""
    source = http.post("/dataSources", json={"name": name}).raise_for_status().json()
    schema = [{"name": field, "fieldType": "STRING", "order": n + 1} for n, field in enumerate(fields)]
    made = http.post("/collections", json={"dataSource": source["uri"], "name": name, "schema": schema})
    return "/collections/" + made.raise_for_status().json()["uri"].rsplit("/", 1)[1]


def data_service_user(url: str) -> tuple[Store, dict[str, str]]:
    """A migrated database with one user, and the headers of a day-long data-service.admin token."""
    store, _, token = bench_user(url, ["data-service.admin"])
    return store, {"Authorization": f"Bearer {token}", "Accept": "application/json;v=1"}
