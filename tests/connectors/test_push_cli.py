"""`pellucid connector push FILE`: a CSV written into a document's data source with a connector's
documentUpdateToken, in batches with a progress bar on stderr and one JSON object on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.subprocess

ROWS = 250


def push(world, token: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LUCID_DATA_UPDATE_TOKEN": token, "PELLUCID_LUCID_URL": world.server.base_url}
    return subprocess.run([sys.executable, "-m", "pellucid.cli", "connector", "push", *args],
                          capture_output=True, text=True, timeout=120, env=env)


def test_push_sends_batches_and_the_items_arrive(world, tmp_path):
    actor = world.actor()
    document = actor.document()
    token = world.token(actor, document)
    path = tmp_path / "runs.csv"
    path.write_text("Run,Score,Note\n" + "".join(f"r{n},{n / 2},{'' if n % 3 else 'third'}\n" for n in range(ROWS)))

    result = push(world, token, str(path), "--data-source", "Simulations", "--collection", "runs", "--batch", "100")
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert json.loads(line) == {"dataSource": "Simulations", "collection": "runs", "items": ROWS, "requests": 3}
    assert "pushing runs.csv" in result.stderr and f"{ROWS}/{ROWS}" in result.stderr

    collection = actor.collection(document, "runs")
    items = {i["fields"]["Run"]: i["fields"] for i in actor.items(collection, end=ROWS + 1).json()["items"]}
    assert len(items) == ROWS
    assert items["r3"] == {"Run": "r3", "Score": 1.5, "Note": "third"} and items["r1"]["Note"] is None

    again = push(world, token, str(path), "--data-source", "Simulations", "--collection", "runs",
                 "--primary-key", "Score")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["requests"] == 1


@pytest.mark.parametrize("args, message", [
    (["--primary-key", "Nope"], "--primary-key Nope is not a column of"),
    (["--primary-key", "Note"], "two rows have the same key (Note)"),
])
def test_bad_keys_are_refused_before_anything_is_sent(world, tmp_path, args, message):
    path = tmp_path / "runs.csv"
    path.write_text("Run,Note\nr1,x\nr2,x\n")
    result = push(world, "token-unused", str(path), "--data-source", "S", "--collection", "c", *args)
    assert result.returncode == 2 and result.stdout == "" and message in result.stderr


def test_a_refused_token_is_said_in_a_line(world, tmp_path):
    path = tmp_path / "runs.csv"
    path.write_text("Run\nr1\n")
    result = push(world, "not-a-token", str(path), "--data-source", "S", "--collection", "c")
    assert result.returncode == 1 and result.stdout == ""
    assert "error: updating data source: Lucid answered 401 unauthorized: The data-update-token is invalid" in result.stderr
    assert "nothing was applied" in result.stderr

    unset = push(world, "", str(path), "--data-source", "S", "--collection", "c")
    assert unset.returncode == 2 and "set LUCID_DATA_UPDATE_TOKEN" in unset.stderr
