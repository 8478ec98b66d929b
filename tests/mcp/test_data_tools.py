"""The Data Service tools: CSV to collection, items with filters, upserts; bad input writes nothing."""

from __future__ import annotations

import pytest

from .conftest import Assistant, error_text, make_assistant

pytestmark = pytest.mark.wire

PEOPLE = "ID,Name,Age,Team,Active\nE1,Ann Lee,34,Sales,true\nE2,Bob Ray,17,Ops,false\nE3,Cy Moe,51,Sales,true\n"


def create(assistant: Assistant, csv: str = PEOPLE, name: str = "People"):
    return assistant.call("create_data_source_from_csv", name=name, csv=csv)


def test_a_csv_becomes_a_typed_keyed_collection(assistant: Assistant):
    created = create(assistant).structured_content
    assert created["fields"] == ["ID", "Name", "Age", "Team", "Active"]
    assert created["primary_key"] == ["ID"] and created["items"] == 3

    async def scenario(client, lucid):
        listed = await client.call_tool("list_data_sources", {})
        schema = await lucid.data.schema.list(created["collection_id"])
        items = await client.call_tool("get_collection_items", {"collection_id": created["collection_id"]})
        return listed, schema, items

    listed, schema, items = assistant.run(scenario)
    sources = {s["id"]: s for s in listed.structured_content["data_sources"]}
    assert sources[created["data_source_id"]]["collections"] == [{"id": created["collection_id"], "name": "People"}]
    assert {f.name: f.field_type for f in schema} == {
        "ID": "STRING", "Name": "STRING", "Age": "NUMBER", "Team": "STRING", "Active": "BOOLEAN"}
    body = items.structured_content
    assert body["total"] == 3 and body["primary_key"] == ["ID"]
    assert body["items"][0]["fields"] == {"ID": "E1", "Name": "Ann Lee", "Age": 34, "Team": "Sales", "Active": True}


def test_items_are_filtered_in_the_filter_language_and_limited(assistant: Assistant):
    collection = create(assistant).structured_content["collection_id"]
    adults = assistant.call("get_collection_items", collection_id=collection,
                            filter='Age > 21 AND Team IN ("Sales")').structured_content
    assert [i["fields"]["ID"] for i in adults["items"]] == ["E1", "E3"] and adults["total"] == 2
    first = assistant.call("get_collection_items", collection_id=collection, limit=1).structured_content
    assert len(first["items"]) == 1 and first["total"] == 3
    bad = error_text(assistant.call("get_collection_items", collection_id=collection, filter="Age >"))
    assert "The Lucid API refused the request" in bad


def test_malformed_csv_creates_nothing(assistant: Assistant):
    async def count(_, lucid):
        return await lucid.data.data_sources.count()

    before = assistant.run(count)
    for csv, problem in (("", "empty"), ("A,A\n1,2\n", "names a column twice"), ("A,B\n1,2,3\n", "Row 2 has 3 cells"),
                         ("A,\n1,2\n", "must name every column")):
        assert problem in error_text(create(assistant, csv))
    assert assistant.run(count) == before


def test_upsert_updates_by_key_and_creates_the_rest(assistant: Assistant):
    collection = create(assistant).structured_content["collection_id"]
    result = assistant.call("upsert_items", collection_id=collection, items=[
        {"ID": "E2", "Age": 18}, {"ID": "E4", "Name": "Di Fox", "Age": 29, "Team": "Ops"}]).structured_content
    assert result == {"collection_id": collection, "created": 1, "updated": 1}
    items = assistant.call("get_collection_items", collection_id=collection).structured_content["items"]
    by_key = {i["fields"]["ID"]: i["fields"] for i in items}
    assert by_key["E2"]["Age"] == 18 and by_key["E2"]["Name"] == "Bob Ray"
    assert by_key["E4"]["Name"] == "Di Fox" and len(by_key) == 4


@pytest.mark.parametrize("items, problem", [
    ([{"ID": "E9", "Salary": 1}], "unknown fields ['Salary']"),
    ([{"Name": "No key"}], "lacks the primary key ['ID']"),
    ([{"ID": "E9"}, {"ID": "E9"}], "same primary key"),
])
def test_a_bad_upsert_writes_nothing(assistant: Assistant, items, problem):
    collection = create(assistant).structured_content["collection_id"]
    text = error_text(assistant.call("upsert_items", collection_id=collection, items=items))
    assert problem in text and "Nothing was written" in text
    assert assistant.call("get_collection_items", collection_id=collection).structured_content["total"] == 3


def test_another_users_collection_is_refused(server, assistant: Assistant):
    collection = create(make_assistant(server)).structured_content["collection_id"]
    text = error_text(assistant.call("get_collection_items", collection_id=collection))
    assert f"Collection {collection} was not found" in text and "Ann" not in text
