"""The test harness itself: what a `pellucid serve` subprocess prints is kept, never blocks it,
and is there for a failed test's report."""

from __future__ import annotations

import pytest

from tests.support.harness import server_log_sizes, server_output_since, start_subprocess

pytestmark = pytest.mark.subprocess

REQUESTS = 300  # one access-log line each, ~400 bytes: about twice a pipe's 64 KB buffer


def test_a_chatty_server_keeps_answering_and_its_last_lines_are_kept_for_a_failure_report(tmp_path):
    before = server_log_sizes()
    server = start_subprocess(f"sqlite:///{tmp_path / 'chatty.db'}", ["--access-log", "on"])
    try:
        for number in range(REQUESTS):
            assert server.client.get(f"/chatty/{number:04d}/{'x' * 300}").status_code == 404
    finally:
        server.stop()
    # Other servers of this test process (a fixture's, one stopping) may print meanwhile too.
    name = server.log.name
    tail = server_output_since(before)[name]
    lines = tail.splitlines()
    assert len(lines) == 200
    assert "path=/chatty/0000/" not in tail
    assert f"path=/chatty/{REQUESTS - 1:04d}/" in tail
    assert name not in server_output_since(server_log_sizes())  # it printed nothing since


def test_a_server_that_does_not_start_says_why(tmp_path):
    with pytest.raises(RuntimeError, match="did not become ready") as raised:
        start_subprocess("nonsense://database")
    assert "Can't load plugin: sqlalchemy.dialects:nonsense" in str(raised.value)
