"""`pellucid data import-csv / import-excel / items`: one JSON result on stdout, progress on
stderr, the data there over HTTP afterwards, and errors said in a line with a non-zero status."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from tests.support.harness import Database, database_kind, start_subprocess

from .conftest import User, make_user, one_json_object

ROWS = 1234  # three batches of items: the progress bar counts real requests


@pytest.fixture(scope="module")
def owner(live) -> User:
    return make_user(live)


@pytest.fixture(scope="module")
def people(owner: User, tmp_path_factory) -> tuple[dict, str]:
    """people.csv imported by a `pellucid data import-csv` process: (its JSON result, its stderr)."""
    path = tmp_path_factory.mktemp("csv") / "people.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Id", "Name", "Age", "Active"])
        writer.writerows([n, f"Person {n}", 20 + n % 50, "true" if n % 2 else "false"] for n in range(1, ROWS + 1))
    result = owner.run("data", "import-csv", str(path), "--name", "People")
    assert result.returncode == 0, result.stderr
    return one_json_object(result.stdout), result.stderr


def test_import_csv_prints_the_ids_and_shows_progress_on_stderr(owner: User, people):
    made, stderr = people
    assert made == {"dataSourceId": made["dataSourceId"], "collectionId": made["collectionId"], "name": "People",
                    "fields": ["Id", "Name", "Age", "Active"], "primaryKey": ["Id"], "items": ROWS}
    assert "importing people.csv" in stderr and f"{ROWS}/{ROWS}" in stderr
    data = owner.data()
    assert data.get(f"/dataSources/{made['dataSourceId']}").json()["name"] == "People"
    schema = {f["name"]: (f["fieldType"], f["isPrimary"]) for f in
              data.get(f"/collections/{made['collectionId']}/schema").json()}
    assert schema == {"Id": ("NUMBER", True), "Name": ("STRING", False), "Age": ("NUMBER", False),
                      "Active": ("BOOLEAN", False)}
    count = data.head(f"/collections/{made['collectionId']}/items")
    assert count.headers["Lucid-Items-Total"] == str(ROWS)


def test_items_prints_json_lines_filtered_and_limited(owner: User, people):
    collection = str(people[0]["collectionId"])
    result = owner.invoke("data", "items", collection, "--filter", "Age = 69", "--limit", "3")
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["fields"]["Name"] for row in rows] == ["Person 49", "Person 99", "Person 149"]
    assert rows[0]["fields"] == {"Id": 49, "Name": "Person 49", "Age": 69, "Active": True}

    everything = owner.invoke("data", "items", collection)
    assert len(everything.stdout.splitlines()) == ROWS  # every page followed


def test_items_as_a_table(owner: User, people):
    result = owner.invoke("data", "items", str(people[0]["collectionId"]), "--limit", "2", "--table")
    assert result.exit_code == 0, result.stderr
    header, first = (line for line in result.stdout.splitlines() if "Name" in line or "Person 1 " in line)
    assert [cell.strip() for cell in header.strip("┃ ").split("┃")] == ["id", "Id", "Name", "Age", "Active"]
    assert "true" in first and "Person 1" in first


def test_import_excel_makes_a_collection_per_sheet(user: User, tmp_path: Path):
    book = openpyxl.Workbook()
    book.active.title = "Staff"
    book.active.append(["Name", "Age"])
    book.active.append(["Ann", 30])
    book.create_sheet("Teams").append(["Team"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    result = user.invoke("data", "import-excel", str(path), "--name", "Workbook")
    assert result.exit_code == 0, result.stderr
    made = one_json_object(result.stdout)
    assert made["name"] == "Workbook" and [c["name"] for c in made["collections"]] == ["Staff", "Teams"]
    assert "uploading book.xlsx" in result.stderr
    assert user.data().get(f"/dataSources/{made['dataSourceId']}").json()["name"] == "Workbook"
    staff = user.data().get(f"/collections/{made['collections'][0]['id']}/items").json()["items"]
    assert [(item["fields"]["A"], item["fields"]["B"]) for item in staff] == [("Name", "Age"), ("Ann", 30)]


def test_the_token_and_origin_come_from_options_too(owner: User, people):
    result = owner.invoke("data", "items", str(people[0]["collectionId"]), "--limit", "1", "--token", owner.token,
                          "--base-url", owner.server.base_url, env={"LUCID_ACCESS_TOKEN": None, "LUCID_BASE_URL": None})
    assert result.exit_code == 0, result.stderr
    assert one_json_object(result.stdout)["fields"]["Name"] == "Person 1"


def test_another_users_collection_is_refused_in_one_line(user: User, people):
    result = user.invoke("data", "items", str(people[0]["collectionId"]))
    assert result.exit_code == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("error: the Lucid API answered [403 accessForbidden] You do not have access")


def test_without_a_token_one_line_says_to_set_it(user: User):
    result = user.invoke("data", "items", "1", env={"LUCID_ACCESS_TOKEN": None})
    assert result.exit_code == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("error: set LUCID_ACCESS_TOKEN to a user OAuth 2.0 access token")


@pytest.mark.parametrize("content, message", [
    (b"Name,Age\nAnn,30,extra\n", "Row 2 has 3 cells but row 1 names 2 fields. Nothing was sent."),
    (b"", "The CSV is empty"),
    (b"Name\n\xff\xfe\n", "is not UTF-8 text"),
])
def test_a_bad_csv_is_refused_before_anything_is_sent(user: User, tmp_path: Path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = user.invoke("data", "import-csv", str(path), "--name", "Bad")
    assert result.exit_code == 2 and result.stdout == "" and message in result.stderr
    assert user.data().get("/dataSources").json()["dataSources"] == []


def test_a_missing_file_is_a_usage_error(user: User, tmp_path: Path):
    result = user.invoke("data", "import-csv", str(tmp_path / "nope.csv"), "--name", "X")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_refusals_from_the_server_are_readable(live, tmp_path: Path, people):
    collection = str(people[0]["collectionId"])
    reader = make_user(live, scopes=["lucidchart.document.content"])  # no Data Service scope
    path = tmp_path / "ok.csv"
    path.write_text("Name\nAnn\n")
    refused = reader.invoke("data", "import-csv", str(path), "--name", "Nope")
    assert refused.exit_code == 1 and refused.stdout == ""
    assert refused.stderr.splitlines()[-1].startswith("error: the Lucid API answered [403 accessForbidden] "
                                                      "The access token lacks the data-service.admin scope")

    owner = make_user(live)
    bad_filter = owner.invoke("data", "items", collection, "--filter", "Age >>> 3")
    assert bad_filter.exit_code == 1 and "[400 badRequest] Invalid filter" in bad_filter.stderr

    revoked = owner.invoke("data", "items", collection, env={"LUCID_ACCESS_TOKEN": "oauth2-not-a-token"})
    assert revoked.exit_code == 1
    assert "refused the access token (401" in revoked.stderr and "set a fresh LUCID_ACCESS_TOKEN" in revoked.stderr


def test_a_batch_refused_part_way_deletes_the_data_source_again(tmp_path: Path):
    """The third batch is over the server's body limit: the two before it are undone."""
    database = Database(database_kind(), tmp_path)
    server = start_subprocess(database.url, extra_args=["--max-body-bytes", "65536"])
    try:
        user = make_user(server)
        path = tmp_path / "big.csv"
        rows = [f"{n},short\n" for n in range(1, 1201)]
        rows[1100] = f"1101,{'x' * 70_000}\n"
        path.write_text("Id,Text\n" + "".join(rows))
        result = user.run("data", "import-csv", str(path), "--name", "Big")
        assert result.returncode == 1 and result.stdout == ""
        assert "1000/1200" in result.stderr                               # two batches went in
        assert result.stderr.splitlines()[-1].startswith("error: the Lucid API answered [413")
        assert user.data().get("/dataSources").json()["dataSources"] == []
        assert user.data().get("/collections").json()["collections"] == []
    finally:
        server.stop()
        database.drop()
