"""Data items by key (seed 001 "Get/Update/Delete Data Items By Key")."""

from __future__ import annotations

import pytest

from .conftest import path

pytestmark = pytest.mark.wire

PEOPLE = [
    {"name": "first name", "fieldType": "STRING", "order": 2, "isPrimary": True},
    {"name": "last name", "fieldType": "STRING", "order": 1, "isPrimary": True},
    {"name": "city", "fieldType": "STRING", "order": 3},
]


@pytest.fixture
def people(alice):
    collection = alice.collection(schema=PEOPLE)
    alice.add_items(collection, [
        {"first name": "Joey", "last name": "Ontario", "city": "Provo"},
        {"first name": "Sheela", "last name": "Indigo", "city": "Lehi"},
        {"first name": "Alex", "last name": "Rowland", "city": "Orem"},
        {"first name": "Joey", "last name": "Other", "city": "Provo"},
    ])
    return collection


def by_key(collection):
    return path(collection["uri"]) + "/itemsByKey"


def test_find_by_key_schema_fields(alice, people):
    found = alice.ok(alice.http.post(by_key(people), json={
        "keySchemaFields": ["first name", "last name"],
        "targetValues": [{"fieldValues": ["Joey", "Ontario"]}, {"fieldValues": ["Sheela", "Indigo"]}]}))
    assert [i["fields"]["city"] for i in found["items"]] == ["Provo", "Lehi"]
    assert found["total"] == 2 and found["prev"] is None and found["next"] is None


def test_find_by_primary_key_orders_by_order(alice, people):
    # Without keySchemaFields the primary keys sorted by `order` apply: last name (1), first name (2).
    found = alice.ok(alice.http.post(by_key(people), json={"targetValues": [{"fieldValues": ["Rowland", "Alex"]}]}))
    assert [i["fields"]["city"] for i in found["items"]] == ["Orem"]


def test_find_is_paginated(alice, people):
    found = alice.ok(alice.http.post(by_key(people) + "?start=2&end=3", json={
        "keySchemaFields": ["city"], "targetValues": [{"fieldValues": ["Provo"]}]}))
    assert found["total"] == 2
    assert [i["fields"]["last name"] for i in found["items"]] == ["Other"]
    assert found["prev"] == f"{people['uri']}/itemsByKey?start=1&end=2"
    assert found["next"] is None


def test_patch_by_key(alice, people):
    response = alice.http.patch(by_key(people), json={
        "keySchemaFields": ["first name", "last name"],
        "patches": [{"fieldValues": ["Alex", "Rowland"], "patch": {"first name": "Jordan", "last name": "Haron", "x": 1}}]})
    assert response.status_code == 200 and response.json() == "Updated 1 item(s)"
    found = alice.ok(alice.http.post(by_key(people), json={
        "keySchemaFields": ["first name", "last name"], "targetValues": [{"fieldValues": ["Jordan", "Haron"]}]}))
    assert [i["fields"]["city"] for i in found["items"]] == ["Orem"]
    multi = alice.http.patch(by_key(people), json={
        "keySchemaFields": ["first name"], "patches": [{"fieldValues": ["Joey"], "patch": {"city": None}}]})
    assert multi.json() == "Updated 2 item(s)"


def test_delete_by_key(alice, people):
    response = alice.http.request("DELETE", by_key(people), json={
        "keySchemaFields": ["first name", "last name"],
        "targetValues": [{"fieldValues": ["Joey", "Ontario"]}, {"fieldValues": ["Alex", "Rowland"]}]})
    assert response.status_code == 200 and response.json() == "Deleted 2 item(s)"
    assert alice.http.head(path(people["items"])).headers["Lucid-Items-Total"] == "2"
    none = alice.http.request("DELETE", by_key(people), json={"targetValues": [{"fieldValues": ["Nobody", "Here"]}]})
    assert none.json() == "Deleted 0 item(s)"


@pytest.mark.parametrize("body, fragment", [
    ({"keySchemaFields": ["nope"], "targetValues": [{"fieldValues": ["x"]}]}, "not in the schema"),
    ({"keySchemaFields": ["city"], "targetValues": [{"fieldValues": ["x", "y"]}]}, "fieldValues"),
    ({"keySchemaFields": "city", "targetValues": []}, "keySchemaFields"),
    ({"keySchemaFields": ["city"]}, "targetValues"),
])
def test_by_key_validation(alice, people, body, fragment):
    response = alice.http.post(by_key(people), json=body)
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_without_primary_key_key_fields_are_required(alice):
    collection = alice.collection(schema=[{"name": "a", "fieldType": "STRING"}])
    response = alice.http.post(by_key(collection), json={"targetValues": [{"fieldValues": ["x"]}]})
    assert response.status_code == 400
    assert "primary key" in response.json()["message"]
