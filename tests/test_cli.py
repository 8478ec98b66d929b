"""The operator contract of `pellucid admin ...` and `pellucid serve`, run as real processes."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.harness import start_subprocess

pytestmark = pytest.mark.sqlite_only
ROOT = Path(__file__).resolve().parent.parent


def pellucid(*args: str, database: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pellucid.cli", *args, "--database", database],
                          capture_output=True, text=True, timeout=60)


def one_json_object(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0])


def test_admin_commands_print_exactly_one_json_object(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    account = one_json_object(pellucid("admin", "create-account", "--name", "Acme", database=db))
    assert account == {"id": account["id"], "name": "Acme"}

    user = one_json_object(pellucid(
        "admin", "create-user", "--account", str(account["id"]), "--email", "ann@acme.test",
        "--first-name", "Ann", "--last-name", "Lee", "--role", "team-admin", "--role", "billing-admin", database=db))
    assert user == {"accountId": account["id"], "email": "ann@acme.test", "name": "Ann Lee", "userId": user["userId"],
                    "username": "ann@acme.test", "roles": ["team-admin", "billing-admin"]}

    client = one_json_object(pellucid(
        "admin", "create-client", "--name", "app", "--redirect-uri", "http://127.0.0.1:9/cb",
        "--redirect-uri", "https://example.test/cb", database=db))
    assert set(client) == {"client_id", "client_secret", "redirect_uris"}
    assert client["redirect_uris"] == ["http://127.0.0.1:9/cb", "https://example.test/cb"]

    token = one_json_object(pellucid(
        "admin", "issue-token", "--client", client["client_id"], "--user", str(user["userId"]),
        "--scope", "data-service.admin", "--scope", "offline_access", database=db))
    assert token["access_token"].startswith("oauth2-") and token["refresh_token"].startswith("oauth2-")
    assert token["user_id"] == user["userId"] and token["client_id"] == client["client_id"]
    assert token["expires_in"] == 3600 and token["token_type"] == "bearer"
    assert token["scopes"] == ["data-service.admin", "offline_access"]

    account_token = one_json_object(pellucid(
        "admin", "issue-token", "--client", client["client_id"], "--account", str(account["id"]),
        "--scope", "account.info", database=db))
    assert "refresh_token" not in account_token and account_token["account_id"] == account["id"]


@pytest.mark.parametrize("args, message", [
    (["admin", "issue-token", "--client", "nope", "--user", "1", "--scope", "user.profile"], "no client"),
    (["admin", "create-user", "--account", "999", "--email", "a@b.c", "--first-name", "A", "--last-name", "B"], "no account"),
    (["admin", "create-account", "--name", "x", "--license", "gold"], "license"),
])
def test_admin_errors_say_what_to_do(tmp_path, args, message):
    result = pellucid(*args, database=f"sqlite:///{tmp_path / 'cli.db'}")
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_issue_token_rejects_scopes_of_the_wrong_token_type(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    account = one_json_object(pellucid("admin", "create-account", "--name", "A", database=db))
    client = one_json_object(pellucid("admin", "create-client", "--name", "c", "--redirect-uri", "http://x.test/cb", database=db))
    result = pellucid("admin", "issue-token", "--client", client["client_id"], "--account", str(account["id"]),
                      "--scope", "data-service.admin", database=db)
    assert result.returncode == 2 and "not valid for account tokens" in result.stderr


def test_oauth1_consumer_and_token_commands(tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    account = one_json_object(pellucid("admin", "create-account", "--name", "A", database=db))
    user = one_json_object(pellucid("admin", "create-user", "--account", str(account["id"]), "--email", "u@a.test",
                                    "--first-name", "U", "--last-name", "V", database=db))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    pem = tmp_path / "consumer.pem"
    pem.write_bytes(key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    consumer = one_json_object(pellucid(
        "admin", "create-consumer", "--name", "Legacy", "--callback-uri", "https://app.test/cb",
        "--callback-uri", "http://127.0.0.1:9/cb", "--rsa-public-key", str(pem), database=db))
    assert list(consumer) == ["consumer_key", "consumer_secret", "callback_uris"]
    assert consumer["callback_uris"] == ["https://app.test/cb", "http://127.0.0.1:9/cb"]
    token = one_json_object(pellucid("admin", "issue-oauth1-token", "--consumer", consumer["consumer_key"],
                                     "--user", str(user["userId"]), database=db))
    assert list(token) == ["oauth_token", "oauth_token_secret"]
    revoked = pellucid("admin", "revoke-oauth1-token", "--token", token["oauth_token"], database=db)
    assert one_json_object(revoked) == {"revoked": True}
    again = pellucid("admin", "revoke-oauth1-token", "--token", token["oauth_token"], database=db)
    assert again.returncode == 2 and "no such OAuth 1.0 access token" in again.stderr


@pytest.mark.parametrize("args, message", [
    (["admin", "create-consumer", "--name", "x", "--callback-uri", "oob"], "absolute http(s) URL"),
    (["admin", "create-consumer", "--name", "x", "--callback-uri", "http://a.test/cb", "--rsa-public-key", "/nonexistent"],
     "cannot read --rsa-public-key"),
    (["admin", "issue-oauth1-token", "--consumer", "nope", "--user", "1"], "no consumer"),
])
def test_oauth1_command_errors(tmp_path, args, message):
    result = pellucid(*args, database=f"sqlite:///{tmp_path / 'cli.db'}")
    assert result.returncode == 2 and result.stdout == "" and message in result.stderr


def test_serve_creates_and_migrates_the_database_and_reports_ready(tmp_path):
    db = f"sqlite:///{tmp_path / 'fresh' / 'serve.db'}"
    server = start_subprocess(db, extra_args=["--public-url", "https://data.example.test"])
    try:
        assert server.client.get("/healthz").json() == {"status": "ok"}
        assert (tmp_path / "fresh" / "serve.db").exists()
        document = server.client.get("/openapi.json").json()
        assert document["servers"] == [{"url": "https://data.example.test"}]
    finally:
        server.stop()



@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_stops_cleanly(tmp_path, stop):
    """Ctrl+C or SIGTERM ends the server with nothing alarming in its output (the filter
    builder's queue used to be reported as "leaked semaphore objects")."""
    server = start_subprocess(f"sqlite:///{tmp_path / 'serve.db'}")
    try:
        server.process.send_signal(stop)
        assert server.process.wait(timeout=60) in (0, -stop)  # uvicorn raises the signal again once it has stopped
    finally:
        server.kill()
    printed = server.log.read_text()
    assert "Application shutdown complete" in printed
    assert "leaked" not in printed and "Traceback" not in printed, printed


def test_help_is_helpful():
    result = subprocess.run([sys.executable, "-m", "pellucid.cli", "serve", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for option in ("--host", "--port", "--database", "--public-url", "--redis-url", "--rate-limits", "--max-body-bytes"):
        assert option in result.stdout


def _help(*command: str) -> str:
    from typer.testing import CliRunner

    from pellucid.cli import app

    result = CliRunner().invoke(app, [*command, "--help"], prog_name="pellucid")
    assert result.exit_code == 0, result.output
    return result.output


def _subcommands(help_text: str) -> list[str]:
    section = help_text.split("\nCommands:\n", 1)[1] if "\nCommands:\n" in help_text else ""
    return [line.split()[0] for line in section.splitlines() if line.startswith("  ") and not line.startswith("   ")]


def test_every_help_page_is_free_of_type_placeholders():
    pages, queue = {}, [()]
    while queue:
        command = queue.pop()
        pages[command] = _help(*command)
        queue.extend((*command, sub) for sub in _subcommands(pages[command]))
    assert {("admin", "issue-token"), ("connector", "run"), ("serve",)} <= set(pages)
    for command, text in pages.items():
        assert not re.search(r"<(bool|str|int|float|list\[\w+\])>", text), (command, text)
    assert "--port PORT" in pages[("serve",)] and "PELLUCID_PORT" in pages[("serve",)]
    assert "--scope SCOPE" in pages[("admin", "issue-token")]


def test_dev_without_arguments_prints_its_usage_only():
    result = subprocess.run(["./dev"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    assert result.stdout.startswith("One entry point")
    assert "./dev serve" in result.stdout and "./dev pellucid" in result.stdout
    assert "set -euo" not in result.stdout and "#" not in result.stdout
    unknown = subprocess.run(["./dev", "srve"], capture_output=True, text=True, cwd=ROOT)
    assert unknown.returncode == 2 and "unknown command: srve" in unknown.stderr
