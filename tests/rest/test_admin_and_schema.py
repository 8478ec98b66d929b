"""The operator commands the REST API relies on, and migration 0201 matching the REST tables."""

import json

import sqlalchemy as sa
from typer.testing import CliRunner

from pellucid.cli import app
from pellucid.server.store.tables import rest as tables_rest


def _run(*args: str) -> dict:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_group_and_account_commands(tmp_path):
    db = ["--database", f"sqlite:///{tmp_path / 'cli.db'}"]
    account = _run("admin", "create-account", "--name", "Acme", "--license", "team", *db)
    group = _run("admin", "create-group", "--account", str(account["id"]), "--name", "Designers", *db)
    assert group == {"id": group["id"], "name": "Designers", "accountId": account["id"]}
    user = _run("admin", "create-user", "--account", str(account["id"]), "--email", "d@acme.test",
                "--first-name", "D", "--last-name", "E", *db)
    assert _run("admin", "add-group-member", "--group", str(group["id"]), "--user", str(user["userId"]), *db) == {
        "groupId": group["id"], "userId": user["userId"]}
    team = _run("admin", "create-team-folder", "--account", str(account["id"]), "--name", "Team",
                "--user", str(user["userId"]), *db)
    assert team["type"] == "team"
    policy = _run("admin", "set-sharing-policy", "--account", str(account["id"]), "--max-link-expiry-days", "7", *db)
    assert policy == {"accountId": account["id"], "maxLinkExpiryDays": 7, "restrictLinksToAccount": False}
    refused = CliRunner().invoke(app, ["admin", "create-account", "--name", "X", "--license", "gold", *db])
    assert refused.exit_code == 2


def test_migrations_create_the_rest_tables_as_declared(server):
    inspector = sa.inspect(server.store.engine)
    for table in tables_rest.metadata.sorted_tables:
        if table.name not in {t.name for t in tables_rest.__dict__.values() if isinstance(t, sa.Table)}:
            continue
        columns = {column["name"] for column in inspector.get_columns(table.name)}
        assert columns == set(table.columns.keys()), table.name
