"""Filters through GET /collections/{id}/items (seed 001/002 "Data Item Filters")."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from .conftest import path

pytestmark = pytest.mark.wire

PEOPLE = [{"name": n, "fieldType": "STRING"} for n in ("name", "age", "last_name", "as_adult", "full name", "tags")]
ROWS = [
    {"name": "James", "age": "30", "last_name": "Smith", "as_adult": "false", "full name": "James Smith", "tags": "a, b"},
    {"name": "peter", "age": "22", "last_name": "Jones", "as_adult": "false", "full name": "Peter Jones", "tags": "b,c"},
    {"name": "Mary", "age": "7", "last_name": "Wesson", "as_adult": "true", "full name": "John Smith", "tags": "1.0, 2"},
    {"name": "Paul", "age": "0.0", "last_name": "Brown", "as_adult": "TRUE", "tags": ""},
    {"name": "Thomas", "age": "a", "last_name": "Smith", "as_adult": "false"},
    {"name": "Susan", "age": "45", "last_name": "Wesson", "as_adult": "false"},
]


@pytest.fixture
def people(alice):
    collection = alice.collection(schema=PEOPLE)
    alice.add_items(collection, ROWS)
    return collection


def names(alice, collection, text, **params):
    page = alice.ok(alice.http.get(path(collection["items"]), params={"filter": text, **params}))
    return [item["fields"]["name"] for item in page["items"]], page


@pytest.mark.parametrize("text, expected", [
    ('name = "James"', ["James"]),
    ("age > 21", ["James", "peter", "Susan"]),
    ('"full name" = "John Smith"', ["Mary"]),
    ('name IN ("Peter", "Paul", "Mary")', ["peter", "Mary", "Paul"]),
    ('NOT name IN ("Thomas", "Susan")', ["James", "peter", "Mary", "Paul"]),
    ("age < 8 OR age > 40", ["Mary", "Paul", "Susan"]),
    ('name = "James" AND NOT last_name IN ("Smith", "Wesson")', []),
    ('age > 21 AND NOT last_name in ("Smith", "Wesson") OR as_adult = "true"', ["peter", "Mary", "Paul"]),
    ('age > 21 AND (NOT last_name in ("Smith", "Wesson") OR as_adult = "true")', ["peter"]),
    ("age = 0", ["Paul"]),
    ('age = "0"', []),
    ("age != 0", ["James", "peter", "Mary", "Susan"]),
    ("NOT age = 0", ["James", "peter", "Mary", "Thomas", "Susan"]),
    ('tags CONTAINS "b"', ["James", "peter"]),
    ("tags CONTAINS 1", ["Mary"]),
    ("missing = 1", []),
    ("NOT missing = 1", ["James", "peter", "Mary", "Paul", "Thomas", "Susan"]),
])
def test_documented_filters(alice, people, text, expected):
    assert names(alice, people, text)[0] == expected


def test_ranges_and_totals_count_filtered_items_only(alice, people):
    found, page = names(alice, people, 'as_adult = "false"', start=2, end=4)
    assert found == ["peter", "Thomas"]
    assert page["total"] == 4
    assert page["prev"] == f"{people['items']}?start=1&end=2&filter=as_adult+%3D+%22false%22"
    assert page["next"] == f"{people['items']}?start=4&end=6&filter=as_adult+%3D+%22false%22"
    head = alice.http.head(path(people["items"]), params={"filter": 'as_adult = "false"'})
    assert head.headers["Lucid-Items-Total"] == "4"
    listed = alice.http.get(path(people["items"]), params={"filter": 'as_adult = "false"', "start": 2, "end": 4})
    assert listed.headers["Lucid-Items-Total"] == "4"  # the filtered total, as in the body


@pytest.mark.parametrize("text, where", [
    ('name = "James', "Unterminated"), ("age >", "position"), ("age 21", "position"), ('name IN ("a"', "position"),
    ("age > 21 AND", "position"), ("x" * 5000, "4096"),
])
def test_bad_filters_say_where_they_broke(alice, people, text, where):
    response = alice.http.get(path(people["items"]), params={"filter": text})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "badRequest"
    assert where in body["message"]
    assert isinstance(body["details"]["position"], int)


def test_filters_see_patched_values(alice, people):
    (item,) = alice.ok(alice.http.get(path(people["items"]), params={"filter": 'name = "Thomas"'}))["items"]
    alice.ok(alice.http.patch(path(item["uri"]), json={"fields": {"age": "99"}}))
    assert names(alice, people, "age > 90")[0] == ["Thomas"]


@pytest.mark.sqlite_only
def test_large_collections_index_the_fields_filters_use(alice):
    collection = alice.collection(schema=[{"name": "k", "fieldType": "STRING"}, {"name": "v", "fieldType": "NUMBER"}])
    alice.add_items(collection, [{"k": f"key{n % 100}", "v": str(n)} for n in range(2500)])
    page = alice.ok(alice.http.get(path(collection["items"]), params={"filter": 'k = "key7" AND v >= 2000'}))
    assert [item["fields"]["v"] for item in page["items"]] == ["2007", "2107", "2207", "2307", "2407"]
    collection_id = int(collection["uri"].rsplit("/", 1)[1])

    def indexes() -> list[str]:
        with alice.server.store.read() as conn:  # physical design is not visible over HTTP
            if conn.dialect.name == "sqlite":
                query = f"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'items_{collection_id}'"
            else:  # built CONCURRENTLY: valid ones only
                query = ("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                         f"JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname = 'items_{collection_id}' "
                         "AND i.indisvalid AND NOT i.indisprimary")
            return conn.execute(sa.text(query)).scalars().all()

    deadline = time.monotonic() + 60  # the background build indexes them; a bound on the test only
    while len(indexes()) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(indexes()) == 4
    page = alice.ok(alice.http.get(path(collection["items"]), params={"filter": 'k = "key7" AND v >= 2000'}))
    assert [item["fields"]["v"] for item in page["items"]] == ["2007", "2107", "2207", "2307", "2407"]


def test_filters_see_items_written_after_an_earlier_filter(alice):
    collection = alice.collection(schema=[{"name": "n", "fieldType": "NUMBER"}, {"name": "s", "fieldType": "STRING"}])
    alice.add_items(collection, [{"n": str(i), "s": "old"} for i in range(5)])
    assert names_of(alice, collection, "n >= 3") == ["3", "4"]
    alice.add_items(collection, [{"n": str(i), "s": "new"} for i in range(5, 8)])
    first_new = alice.ok(alice.http.get(path(collection["items"]), params={"start": 6, "end": 7}))["items"][0]
    alice.ok(alice.http.patch(path(first_new["uri"]), json={"fields": {"s": "patched"}}))
    assert names_of(alice, collection, "n >= 3") == ["3", "4", "5", "6", "7"]
    assert names_of(alice, collection, 's = "new"') == ["6", "7"]
    found = alice.ok(alice.http.post(path(collection["uri"]) + "/itemsByKey", json={
        "keySchemaFields": ["s"], "targetValues": [{"fieldValues": ["PATCHED"]}]}))
    assert [item["fields"]["n"] for item in found["items"]] == ["5"]


def names_of(alice, collection, text):
    page = alice.ok(alice.http.get(path(collection["items"]), params={"filter": text}))
    return [item["fields"]["n"] for item in page["items"]]
