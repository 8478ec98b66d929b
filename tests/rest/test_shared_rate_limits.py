"""Two `pellucid serve` processes with --redis-url share one principal's rate limit."""

from __future__ import annotations

import pytest

from pellucid.server import admin
from tests.support.harness import start_subprocess

pytestmark = [pytest.mark.subprocess, pytest.mark.sqlite_only]

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def two_servers(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    servers = [start_subprocess(url, ["--redis-url", REDIS]) for _ in range(2)]
    yield servers
    for server in servers:
        server.stop()


def test_two_processes_share_a_principals_limit_through_redis(two_servers):
    first, second = two_servers
    account = admin.create_account(first.store, "Shared")["id"]
    user = first.user(account)
    token = first.token(user_id=user["userId"], scopes=["user.profile"])["access_token"]
    other = first.token(user_id=first.user(account)["userId"], scopes=["user.profile"])["access_token"]
    callers = [server.caller(token, lucid_api_version="1") for server in two_servers]
    statuses = [callers[i % 2].get("/users/me/profile").status_code for i in range(20)]
    assert statuses.count(200) <= 15 and 429 in statuses
    assert second.caller(other, lucid_api_version="1").get("/users/me/profile").status_code == 200
