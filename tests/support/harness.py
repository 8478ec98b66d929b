"""Run the server for black-box tests: in-process (ASGI) or as a `pellucid serve` subprocess,
on SQLite or PostgreSQL. Tests talk HTTP either way; set-up goes through the admin service.

    PELLUCID_TEST_TARGET=inprocess|subprocess   (default inprocess)
    PELLUCID_TEST_DATABASE=sqlite|postgresql    (default sqlite)
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import httpx

from pellucid.server import admin
from pellucid.server.store.db import Store

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
_counter = itertools.count(1)
# Every `pellucid serve` started here writes its output to a file of its own in this directory
# (read when it does not start, shown with a failed test's report); it goes when the tests end.
_logs_directory = tempfile.TemporaryDirectory(prefix="pellucid-serve-")
_server_logs: list[Path] = []


def target() -> str:
    return os.environ.get("PELLUCID_TEST_TARGET", "inprocess")


def database_kind() -> str:
    return os.environ.get("PELLUCID_TEST_DATABASE", "sqlite")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Database:
    """A fresh, empty database for one test session, removed afterwards."""

    def __init__(self, kind: str, tmp: Path) -> None:
        self.kind = kind
        if kind == "sqlite":
            self.url = f"sqlite:///{tmp / 'pellucid-test.db'}"
            self._pg_name = None
        elif kind == "postgresql":
            import psycopg

            self._pg_name = f"pellucid_test_{uuid.uuid4().hex[:12]}"
            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self._pg_name}"')
            self.url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{self._pg_name}"
        else:
            raise ValueError(f"unknown PELLUCID_TEST_DATABASE {kind!r}")

    def drop(self) -> None:
        if self._pg_name:
            import psycopg

            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self._pg_name}" WITH (FORCE)')


@dataclass
class Server:
    """A running server and the store behind it (for set-up only)."""

    base_url: str
    store: Store
    database_url: str
    client: httpx.Client
    stop: callable = field(repr=False, default=lambda: None)
    kill: callable = field(repr=False, default=None)  # SIGKILL (subprocess servers only)
    process: subprocess.Popen | None = field(repr=False, default=None)  # subprocess servers only
    log: Path | None = None  # what a subprocess server prints

    # ------------------------------------------------------------------ set-up helpers

    def account(self, name: str | None = None, license: str = "enterprise") -> dict:
        return admin.create_account(self.store, name or f"Account {next(_counter)}", license)

    def user(self, account_id: int | None = None, *, roles: list[str] | None = None,
             password: str | None = None, email: str | None = None) -> dict:
        if account_id is None:
            account_id = self.account()["id"]
        n = next(_counter)
        return admin.create_user(
            self.store, account_id=account_id, email=email or f"user{n}-{uuid.uuid4().hex[:6]}@example.com",
            first_name="Test", last_name=f"User{n}", password=password, roles=roles,
        )

    def oauth_client(self, redirect_uris: list[str] | None = None) -> dict:
        return admin.create_client(self.store, f"client {next(_counter)}", redirect_uris or ["http://127.0.0.1/cb"])

    def consumer(self, callback_uris: list[str] | None = None, rsa_public_key: str | None = None) -> dict:
        """A registered OAuth 1.0 consumer: {"consumer_key", "consumer_secret", "callback_uris"}."""
        return admin.create_consumer(self.store, name=f"consumer {next(_counter)}",
                                     callback_uris=callback_uris or ["http://127.0.0.1/cb"],
                                     rsa_public_key=rsa_public_key)

    def oauth1_token(self, consumer: dict, user_id: int) -> dict:
        """OAuth 1.0 token credentials of `user_id`: {"oauth_token", "oauth_token_secret"}."""
        return admin.issue_oauth1_token(self.store, consumer_key=consumer["consumer_key"], user_id=user_id)

    def token(self, *, user_id: int | None = None, account_id: int | None = None,
              scopes: list[str], client_id: str | None = None, expires_in: int | None = None) -> dict:
        client_id = client_id or self.oauth_client()["client_id"]
        return admin.issue_token(
            self.store, client_id=client_id, scope_list=scopes, user_id=user_id,
            account_id=account_id, expires_in=expires_in,
        )

    def caller(self, token: str | None, *, auth: httpx.Auth | None = None, **headers: str) -> "Caller":
        return Caller(self.client, token, headers, auth)


class Caller:
    """An HTTP client bound to one credential (a bearer token, or an `httpx.Auth` that signs
    each request, e.g. OAuth 1.0) and default headers."""

    def __init__(self, client: httpx.Client, token: str | None, headers: dict[str, str],
                 auth: httpx.Auth | None = None) -> None:
        self.client = client
        self.token = token
        self.auth = auth
        self.headers = {key.replace("_", "-"): value for key, value in headers.items()}

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        headers = dict(self.headers)
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        headers.update(kwargs.pop("headers", {}) or {})
        if self.auth is not None:
            kwargs["auth"] = self.auth
        return self.client.request(method, url, headers=headers, **kwargs)

    def get(self, url: str, **kw) -> httpx.Response:
        return self.request("GET", url, **kw)

    def head(self, url: str, **kw) -> httpx.Response:
        return self.request("HEAD", url, **kw)

    def post(self, url: str, **kw) -> httpx.Response:
        return self.request("POST", url, **kw)

    def put(self, url: str, **kw) -> httpx.Response:
        return self.request("PUT", url, **kw)

    def patch(self, url: str, **kw) -> httpx.Response:
        return self.request("PATCH", url, **kw)

    def delete(self, url: str, **kw) -> httpx.Response:
        return self.request("DELETE", url, **kw)


def start_inprocess(database_url: str, **settings_overrides) -> Server:
    from pellucid.server.app import build_app
    from pellucid.server.inprocess import PortalTransport
    from pellucid.server.settings import Settings

    base_url = "http://testserver"
    settings = Settings(database_url=database_url, public_url=base_url, access_log=False, **settings_overrides)
    app = build_app(settings)
    client = httpx.Client(transport=PortalTransport(app), base_url=base_url)
    return Server(base_url, app.ctx.store, database_url, client, stop=client.close)


def start_subprocess(database_url: str, extra_args: list[str] | None = None, env: dict | None = None) -> Server:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "pellucid.cli", "serve", "--port", str(port),
               "--database", database_url, "--access-log", "off", *(extra_args or [])]
    # A session of its own: stopping it can end its worker processes too (`--workers N`).
    log = Path(_logs_directory.name) / f"serve-{len(_server_logs) + 1}-port-{port}.log"
    _server_logs.append(log)
    with log.open("wb") as output:  # a file never fills up and blocks the server, as a pipe would
        process = subprocess.Popen(command, env={**os.environ, **(env or {})}, start_new_session=True,
                                   stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60  # generous: a loaded CI machine starts slowly
    while True:
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            _kill_group(process)
            raise RuntimeError(f"pellucid serve did not become ready:\n{log.read_text(errors='replace')}")
        time.sleep(0.1)
    client = httpx.Client(base_url=base_url, timeout=30)
    store = Store(database_url)

    def stop() -> None:
        client.close()
        store.dispose()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _kill_group(process)

    def kill() -> None:
        client.close()
        _kill_group(process)

    return Server(base_url, store, database_url, client, stop=stop, kill=kill, process=process, log=log)


def server_log_sizes() -> dict[Path, int]:
    """How much each subprocess server started so far has printed: a mark for `server_output_since`."""
    return {log: log.stat().st_size for log in _server_logs}


def server_output_since(sizes: dict[Path, int], lines: int = 200) -> dict[str, str]:
    """The last `lines` lines each subprocess server printed since `sizes` was taken (from its start
    for a server started since), by log file name; servers that printed nothing since are left out."""
    printed = {}
    for log in _server_logs:
        with log.open("rb") as output:
            output.seek(sizes.get(log, 0))
            text = output.read().decode(errors="replace")
        if text:
            printed[log.name] = "".join(text.splitlines(keepends=True)[-lines:])
    return printed


def _kill_group(process: subprocess.Popen) -> None:
    """SIGKILL a server started in a session of its own, with any workers it started."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # all gone already
    process.wait()


def start(database_url: str) -> Server:
    return start_subprocess(database_url) if target() == "subprocess" else start_inprocess(database_url)


def running_server(tmp: Path, *, subprocess: bool = False) -> Iterator[Server]:
    """A server on a fresh database for a test session or module, torn down afterwards;
    `subprocess=True` always runs a real `pellucid serve` (browser and end-to-end tests)."""
    database = Database(database_kind(), tmp)
    server = start_subprocess(database.url) if subprocess else start(database.url)
    try:
        yield server
    finally:
        server.stop()
        server.store.dispose()
        database.drop()
