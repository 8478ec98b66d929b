"""`pellucid data ...` and `pellucid documents ...` against a `pellucid serve` subprocess: the
commands reach it over HTTP with a user's token, as they would reach Lucid's cloud."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from typer.testing import CliRunner, Result

from pellucid.cli import app
from tests.support.harness import Caller, Server, running_server

SCOPES = ["data-service.admin", "lucidchart.document.content", "lucidspark.document.content", "folder"]


@dataclass
class User:
    """A user of the live server, with a token, running the CLI as that user."""

    server: Server
    token: str

    def env(self) -> dict[str, str]:
        return {"LUCID_ACCESS_TOKEN": self.token, "LUCID_BASE_URL": self.server.base_url}

    def invoke(self, *args: str, env: dict[str, str | None] | None = None) -> Result:
        """The command run in process (Typer's runner keeps stdout and stderr apart)."""
        return CliRunner().invoke(app, list(args), env={**self.env(), **(env or {})}, prog_name="pellucid")

    def run(self, *args: str) -> subprocess.CompletedProcess:
        """The command run as a process of its own, stderr a pipe (not a terminal)."""
        return subprocess.run([sys.executable, "-m", "pellucid.cli", *args], capture_output=True, text=True,
                              timeout=120, env={**os.environ, **self.env()})

    def data(self) -> Caller:
        return self.server.caller(self.token, Accept="application/json;v=1")

    def rest(self) -> Caller:
        return self.server.caller(self.token, Lucid_Api_Version="1")


def one_json_object(stdout: str) -> dict:
    [line] = stdout.splitlines()
    return json.loads(line)


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[Server]:
    yield from running_server(tmp_path_factory.mktemp("commands"), subprocess=True)


def make_user(server: Server, scopes: list[str] = SCOPES) -> User:
    user = server.user()
    return User(server, server.token(user_id=user["userId"], scopes=scopes)["access_token"])


@pytest.fixture
def user(live: Server) -> User:
    return make_user(live)
