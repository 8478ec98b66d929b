"""`pellucid admin register-package` (manifest and short form), `set-credential`,
`connector-status`, and the signing key: stable across restarts, served as PEM."""

from __future__ import annotations

import json

import httpx
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from pellucid.cli import app
from pellucid.protocol.signature import load_public_key
from pellucid.server import admin
from pellucid.server.app import build_app
from pellucid.server.connectors import packages
from pellucid.server.settings import Settings
from pellucid.server.inprocess import PortalTransport
from pellucid.server.store.tables import connectors as tc

MANIFEST = {
    "id": "2b3c4d5e-0000-4000-8000-000000000001", "version": "1.4.0", "extensions": [],
    "dataConnectors": [{"name": "results", "oauthProviderName": "azure", "callbackBaseUrl": "https://svc.example.com/lucid/",
                        "dataActions": {"Import": "import", "Patch": "patch"}}],
}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_register_package_both_forms_and_set_credential(tmp_path):
    db = ["--database", f"sqlite:///{tmp_path / 'cli.db'}"]
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(MANIFEST))
    code, out = run("admin", "register-package", "--manifest", str(manifest), *db)
    assert code == 0, out
    assert json.loads(out) == {"packageId": MANIFEST["id"], "version": "1.4.0",
                               "dataConnectors": [{"name": "results", "url": "https://svc.example.com/lucid/"}]}
    code, out = run("admin", "register-package", "--name", "Local", "--version", "0.1.0", "--id", "pkg-local",
                    "--connector", "a=http://127.0.0.1:3001/?kind=action&name=", "--connector", "b=http://127.0.0.1:3002/x", *db)
    assert code == 0, out
    assert json.loads(out) == {"packageId": "pkg-local", "version": "0.1.0", "dataConnectors": [
        {"name": "a", "url": "http://127.0.0.1:3001/?kind=action&name="}, {"name": "b", "url": "http://127.0.0.1:3002/x"}]}
    code, out = run("admin", "register-package", "--name", "Gen", "--connector", "c=http://127.0.0.1:1/", *db)
    assert code == 0 and len(json.loads(out)["packageId"]) == 36

    account = json.loads(run("admin", "create-account", "--name", "A", *db)[1])
    user = json.loads(run("admin", "create-user", "--account", str(account["id"]), "--email", "c@x.test",
                          "--first-name", "C", "--last-name", "D", *db)[1])
    code, out = run("admin", "set-credential", "--user", str(user["userId"]), "--package", "pkg-local",
                    "--credential", "secret-oauth-token", *db)
    assert code == 0 and json.loads(out) == {"userId": user["userId"], "packageId": "pkg-local"}
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    with engine.connect() as conn:
        stored = conn.execute(sa.select(tc.connector_credentials.c.secret)).scalar_one()
    assert b"secret-oauth-token" not in bytes(stored)  # encrypted at rest

    code, out = run("admin", "connector-status", "--package", "pkg-local", "--connector", "a",
                    "--document", "00000000-0000-0000-0000-000000000000", *db)
    assert code == 0 and json.loads(out)["dataSource"] is None


def test_refused_registrations(tmp_path):
    db = ["--database", f"sqlite:///{tmp_path / 'cli.db'}"]
    bad = tmp_path / "bad.json"
    for manifest in ({"version": "1"}, {**MANIFEST, "dataConnectors": [{"name": "x"}]},
                     {**MANIFEST, "dataConnectors": [{**MANIFEST["dataConnectors"][0], "callbackBaseUrl": "ftp://x"}]}):
        bad.write_text(json.dumps(manifest))
        assert run("admin", "register-package", "--manifest", str(bad), *db)[0] == 2
    assert run("admin", "register-package", "--name", "N", "--connector", "no-url", *db)[0] == 2
    assert run("admin", "register-package", "--name", "N", *db)[0] == 2
    assert run("admin", "set-credential", "--user", "1", "--package", "missing", "--credential", "x", *db)[0] == 2


def test_signing_key_is_made_once_and_kept_across_restarts(tmp_path):
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    pems = []
    for _ in range(2):
        application = build_app(Settings(database_url=url, access_log=False))
        with httpx.Client(transport=PortalTransport(application), base_url="http://testserver") as client:
            response = client.get("/.well-known/pem/TPCP")
            assert response.status_code == 200
            pems.append(response.text)
        application.ctx.store.dispose()
    assert pems[0] == pems[1] and pems[0].startswith("-----BEGIN PUBLIC KEY-----")
    assert load_public_key(pems[0]).key_size == 2048


def test_admin_helpers_are_used_by_the_short_form(tmp_path):
    store = build_app(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", access_log=False)).ctx.store
    result = packages.register_short(store, "S", ["one=http://127.0.0.1:5/"], package_id="p")
    again = packages.register_short(store, "S", ["two=http://127.0.0.1:6/"], package_id="p", version="2")
    assert result["version"] == "1.0.0" and again["dataConnectors"] == [{"name": "two", "url": "http://127.0.0.1:6/"}]
    with store.read() as conn:
        assert packages.find(conn, "p", "one") is None
        two = packages.find(conn, "p", "two")
    assert two.package_version == "2" and two.url("Anything") == "http://127.0.0.1:6/"
    with pytest.raises(admin.AdminError, match="unique"):
        packages.register_short(store, "S", ["dup=http://a/", "dup=http://b/"])
    store.dispose()
