"""`pellucid admin seed FILE`: one JSON object on stdout, progress on stderr, everything made
reachable through the API as its owner, and a bad file refused before anything is written."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support.harness import start_inprocess

pytestmark = pytest.mark.sqlite_only

SEED = {
    "accounts": [{"name": "Acme", "users": [{
        "email": "ann@acme.test", "first_name": "Ann", "last_name": "Lee", "roles": ["team-admin"],
        "folders": [{"name": "Plans"}],
        "documents": [{"title": "Roadmap", "folder": "Plans"}, {"title": "Board", "product": "lucidspark"}],
        "data_sources": [{"name": "People", "collections": [{
            "name": "Staff", "schema": [{"name": "Name", "fieldType": "STRING", "isPrimary": True}],
            "items": [{"Name": "Ann"}, {"Name": "Bob"}]}]}],
    }]}],
    "clients": [{"name": "app", "redirect_uris": ["http://127.0.0.1:9000/cb"]}],
    "tokens": [{"client": "app", "user": "ann@acme.test", "scopes": ["user.profile", "folder", "data-service.admin",
                                                                   "lucidchart.document.content"]},
               {"client": "app", "account": "Acme", "scopes": ["account.info"]}],
}


def seed(tmp_path, spec, name="seed.json"):
    path = tmp_path / name
    path.write_text(spec if isinstance(spec, str) else json.dumps(spec))
    return subprocess.run([sys.executable, "-m", "pellucid.cli", "admin", "seed", str(path),
                           "--database", f"sqlite:///{tmp_path / 'seed.db'}"], capture_output=True, text=True, timeout=120)


def test_seed_makes_everything_and_prints_one_json_object(tmp_path):
    result = seed(tmp_path, SEED)
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    made = json.loads(line)
    assert "9/9" in result.stderr and "seeding" in result.stderr          # the progress bar, on stderr
    assert [a["name"] for a in made["accounts"]] == ["Acme"] and made["users"][0]["roles"] == ["team-admin"]
    assert [(d["title"], d["product"]) for d in made["documents"]] == [("Roadmap", "lucidchart"), ("Board", "lucidspark")]
    assert made["documents"][0]["folderId"] == made["folders"][0]["id"]
    assert made["collections"] == [{"id": made["collections"][0]["id"], "name": "Staff",
                                    "dataSource": made["dataSources"][0]["id"], "items": 2}]
    user_token, account_token = (t["access_token"] for t in made["tokens"])

    server = start_inprocess(f"sqlite:///{tmp_path / 'seed.db'}")
    try:
        ann = server.caller(user_token, Lucid_Api_Version="1")
        assert ann.get("/users/me/profile").json()["fullName"] == "Ann Lee"
        document = ann.get(f"/documents/{made['documents'][0]['id']}").json()
        assert document["title"] == "Roadmap" and document["parent"] == made["folders"][0]["id"]
        items = server.caller(user_token, Accept="application/json;v=1").get(
            f"/collections/{made['collections'][0]['id']}/items").json()
        assert sorted(item["fields"]["Name"] for item in items["items"]) == ["Ann", "Bob"]
        assert server.caller(account_token, Lucid_Api_Version="1").get("/accounts/me").status_code == 200
        # the owner's working token the seed used is revoked; only the listed tokens exist
        assert len(made["tokens"]) == 2
    finally:
        server.stop()


def test_seed_reads_yaml(tmp_path):
    result = seed(tmp_path, "accounts:\n  - name: Solo\n    users:\n      - {email: s@x.test, first_name: S, last_name: O}\n",
                  name="seed.yaml")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["users"][0]["email"] == "s@x.test"


@pytest.mark.parametrize("change, message", [
    (lambda s: s["accounts"][0]["users"][0].update(nickname="x"), "accounts[0].users[0]: unknown key(s) nickname"),
    (lambda s: s["tokens"][0].update(user="nobody@acme.test"), "tokens[0]: no user 'nobody@acme.test'"),
    (lambda s: s["accounts"][0]["users"][0]["documents"][0].update(file="plan.vsdx"),
     "accounts[0].users[0].documents[0].file: importing a file into a seeded document is not supported yet"),
    (lambda s: s["accounts"][0]["users"][0]["documents"][0].update(folder="Nope"), "no folder 'Nope'"),
    (lambda s: s["tokens"][1].update(scopes=[]), "tokens[1]: scopes must list at least one scope"),
])
def test_a_bad_seed_file_is_refused_before_anything_is_written(tmp_path, change, message):
    spec = json.loads(json.dumps(SEED))
    change(spec)
    result = seed(tmp_path, spec)
    assert result.returncode == 2 and result.stdout == ""
    assert message in result.stderr
    server = start_inprocess(f"sqlite:///{tmp_path / 'seed.db'}")
    try:
        with server.store.read() as conn:
            from pellucid.server.store import accounts
            assert accounts.get_account(conn, 1) is None
    finally:
        server.stop()


def test_a_failure_part_way_names_the_entry(tmp_path):
    spec = json.loads(json.dumps(SEED))
    spec["accounts"][0]["users"][0]["data_sources"][0]["collections"][0]["schema"][0]["fieldType"] = "PLAID"
    result = seed(tmp_path, spec)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines()[-1].startswith("error: accounts[0].users[0].data_sources[0]: ")


def test_many_items_show_their_own_progress_bar(tmp_path):
    spec = {"accounts": [{"name": "Big", "users": [{
        "email": "big@x.test", "first_name": "B", "last_name": "G",
        "data_sources": [{"name": "Rows", "collections": [{
            "name": "Numbers", "schema": [{"name": "N", "fieldType": "NUMBER", "isPrimary": True}],
            "items": [{"N": n} for n in range(1201)]}]}]}]}]}
    result = seed(tmp_path, spec)
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    [collection] = json.loads(line)["collections"]
    assert collection["items"] == 1201
    assert "3/3" in result.stderr and "1201/1201" in result.stderr   # entries, then items sent in batches
    server = start_inprocess(f"sqlite:///{tmp_path / 'seed.db'}")
    try:
        user = json.loads(line)["users"][0]["userId"]
        token = server.token(user_id=user, scopes=["data-service.admin"])["access_token"]
        count = server.caller(token, Accept="application/json;v=1").head(f"/collections/{collection['id']}/items")
        assert count.headers["Lucid-Items-Total"] == "1201"
    finally:
        server.stop()
