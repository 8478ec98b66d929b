"""`client.data`: every Data Service namespace against the real server, typed models included."""

from __future__ import annotations

from datetime import datetime

import pytest

from pellucid.sdk import AsyncLucid, Lucid, NotFoundError, PermissionDeniedError
from pellucid.sdk.filters import field
from pellucid.sdk.models import (
    Collection,
    DataItem,
    DataSet,
    DataSetGrant,
    DataSource,
    FieldDefinition,
    Outcome,
    RateLimits,
    SourceGrant,
)

from .conftest import Env, run

pytestmark = pytest.mark.wire

SCHEMA = [
    {"name": "Name", "fieldType": "STRING", "isPrimary": True, "order": 1},
    {"name": "City", "fieldType": "STRING", "order": 2},
    {"name": "Age", "fieldType": "NUMBER", "order": 3, "default": "1"},
]
PEOPLE = [
    {"Name": "Ann", "City": "Oslo", "Age": "34"},
    {"Name": "Bob", "City": "Rome", "Age": "17"},
    {"Name": "Cy", "City": "Oslo,Rome", "Age": "52"},
]


def test_data_sets_crud_properties_and_count(data: Lucid):
    before = data.data.data_sets.count()
    created = data.data.data_sets.create("Sales", properties={"Color": "green"})
    assert isinstance(created, DataSet) and created.name == "Sales" and isinstance(created.created, datetime)
    assert created.id is not None and created.uri.endswith(f"/dataSets/{created.id}")
    assert data.data.data_sets.count() == before + 1
    assert data.data.data_sets.get(created.id) == created
    assert data.data.data_sets.get(created.uri).name == "Sales"  # a link works as well as an id
    assert data.data.data_sets.update(created, name="Renamed").name == "Renamed"

    assert data.data.data_sets.properties(created) == {"Color": "green"}
    assert data.data.data_sets.update_properties(created, {"Font": "Mono"}) == {"Font": "Mono"}
    assert data.data.data_sets.delete_properties(created, ["Color", "Font"]) == Outcome("Deleted 2 property(s)", 2)
    assert data.data.data_sets.properties(created) == {}

    assert data.data.data_sets.delete(created) is None
    with pytest.raises(NotFoundError):
        data.data.data_sets.get(created)


def test_grants_of_data_sets_and_sources(env: Env, data: Lucid):
    other = env.user_token(["data-service.admin"])
    data_set = data.data.data_sets.create("Shared")
    (own,) = data.data.data_set_grants.list(data_set)
    assert isinstance(own, DataSetGrant) and own.role == "edit" and own.permission_type == "user"
    grant = data.data.data_set_grants.create(data_set, permission_type="user", identifier=other["user"]["userId"],
                                             role="view")
    assert grant.data_set == data_set.uri and grant.identifier == str(other["user"]["userId"])
    assert data.data.data_set_grants.get(grant.id) == grant
    assert env.lucid(other["access_token"]).data.data_sets.get(data_set).name == "Shared"
    data.data.data_set_grants.delete(grant)
    with pytest.raises(PermissionDeniedError):
        env.lucid(other["access_token"]).data.data_sets.get(data_set)

    source = data.data.data_sources.create("Src")
    (own_source,) = data.data.source_grants.list(source)
    assert isinstance(own_source, SourceGrant) and own_source.data_source == source.uri
    account_grant = data.data.source_grants.create(source, permission_type="account",
                                                   identifier=other["user"]["accountId"], role="edit")
    assert data.data.source_grants.get(account_grant).role == "edit"
    assert len(data.data.source_grants.list(source.uri)) == 2
    data.data.source_grants.delete(account_grant.uri)
    assert len(data.data.source_grants.list(source)) == 1


def test_data_sources_in_and_out_of_data_sets(data: Lucid):
    data_set = data.data.data_sets.create("Holder")
    source = data.data.data_sources.create("People", adapter_type="DATA_API", data_set=data_set)
    assert isinstance(source, DataSource) and source.adapter_type == "DATA_API" and source.data_set == data_set.uri
    assert source.link_parameters == {}  # shown to the creator only
    assert [s.uri for s in data.data.data_sources.list(data_set=data_set)] == [source.uri]
    assert data.data.data_sources.count(data_set=data_set.id) == 1
    moved = data.data.data_sources.update(source, name="Staff", link_parameters={"sheet": "1"}, data_set=None)
    assert (moved.name, moved.data_set, moved.link_parameters) == ("Staff", None, {"sheet": "1"})
    assert data.data.data_sources.count(data_set=data_set) == 0
    data.data.data_sources.delete(source)
    with pytest.raises(NotFoundError):
        data.data.data_sources.get(source)


def test_collections_metadata_and_properties(data: Lucid):
    source = data.data.data_sources.create("Workbook")
    sheet = data.data.collections.create(source, "Sheet1", schema=SCHEMA, properties={"fontSize": "12"})
    assert isinstance(sheet, Collection) and sheet.data_source == source.uri and sheet.parent is None
    assert isinstance(sheet.version_timestamp, datetime)
    assert [c.uri for c in data.data.collections.list(data_source=source)] == [sheet.uri]
    assert data.data.collections.count(data_source=source) == 1
    assert data.data.collections.get(sheet.uri).name == "Sheet1"

    colors = data.data.collections.create_metadata(sheet, "FillColor", schema=[{"name": "row", "fieldType": "STRING"}])
    assert colors.parent == sheet.uri and colors.metadata_type == "FillColor" and colors.name == "FillColor"
    assert [m.uri for m in data.data.collections.metadata(sheet)] == [colors.uri]

    assert data.data.collections.properties(sheet) == {"fontSize": "12"}
    data.data.collections.update_properties(sheet, {"Name": "People"})
    assert data.data.collections.delete_properties(sheet, ["fontSize"]).count == 1
    assert data.data.collections.properties(sheet) == {"Name": "People"}

    other = data.data.data_sources.create("Other")
    moved = data.data.collections.update(sheet, name="Moved", data_source=other)
    assert (moved.name, moved.data_source) == ("Moved", other.uri)
    data.data.collections.delete(sheet)
    with pytest.raises(NotFoundError):
        data.data.collections.get(sheet)


def test_schema_fields(data: Lucid):
    collection = data.data.collections.create(data.data.data_sources.create("S"), "C", schema=SCHEMA)
    fields = data.data.schema.list(collection)
    assert [f.name for f in fields] == ["Name", "City", "Age"] and all(isinstance(f, FieldDefinition) for f in fields)
    name, city, age = fields
    assert name.is_primary and age.default == "1"
    assert data.data.schema.get(collection, city.id) == city

    # Modify what list() returned and send it back; an entry without uri adds a field.
    city.label = "Town"
    changed = data.data.schema.update(collection, [city, {"name": "Email", "fieldType": "STRING"}])
    assert [(f.name, f.label) for f in changed] == [("City", "Town"), ("Email", None)]
    renamed = data.data.schema.update_field(collection, age, name="Years", default="2")
    assert (renamed.name, renamed.default, renamed.field_type) == ("Years", "2", "NUMBER")

    email = changed[1]
    assert data.data.schema.delete(collection, email) is None
    assert data.data.schema.delete_many(collection, [city.uri, renamed.id]) == Outcome("Deleted 2 field(s)", 2)
    assert [f.name for f in data.data.schema.list(collection)] == ["Name"]


def test_items_crud_filters_and_counts(data: Lucid):
    collection = data.data.collections.create(data.data.data_sources.create("S"), "People", schema=SCHEMA)
    created = data.data.items.create(collection, [*PEOPLE, {"Name": "Dee", "Unknown": "ignored"}])
    assert all(isinstance(i, DataItem) for i in created)
    assert created[3].fields == {"Name": "Dee", "City": None, "Age": "1"}  # default applied, unknown ignored
    ann = created[0]
    assert ann["City"] == "Oslo" and data.data.items.get(collection, ann.id) == ann
    assert data.data.items.count(collection) == 4

    adults = field("Age") >= 18
    assert [i["Name"] for i in data.data.items.list(collection, filter=adults)] == ["Ann", "Cy"]
    assert data.data.items.count(collection, filter=adults & field("City").contains("Rome")) == 1
    assert [i["Name"] for i in data.data.items.list(collection, filter='NOT "Name" IN ("Ann", "Bob")')] == ["Cy", "Dee"]

    updated = data.data.items.update(collection, ann, {"City": "Bergen", "Age": None})
    assert updated.fields == {"Name": "Ann", "City": "Bergen", "Age": None}
    bob, cy = created[1], created[2]
    cy.fields["City"] = "Paris"
    many = data.data.items.update_many(collection, {bob.id: {"Age": "18"}})
    assert many[0]["Age"] == "18"
    assert data.data.items.update_many(collection, [cy])[0]["City"] == "Paris"

    assert data.data.items.delete(collection, created[3]) is None
    assert data.data.items.delete_many(collection, [ann.uri, bob.id]) == Outcome("Deleted 2 item(s)", 2)
    assert [i["Name"] for i in data.data.items.list(collection)] == ["Cy"]


def test_items_by_key(data: Lucid):
    collection = data.data.collections.create(data.data.data_sources.create("S"), "People", schema=SCHEMA)
    data.data.items.create(collection, PEOPLE)
    found = data.data.items.find_by_key(collection, [["ann"], ["Cy"]])
    assert [i["Name"] for i in found] == ["Ann", "Cy"]
    by_city = data.data.items.find_by_key(collection, [["Oslo"]], key_fields=["City"])
    assert [i["Name"] for i in by_city] == ["Ann"]
    assert data.data.items.update_by_key(collection, [(["Bob"], {"City": "Milan"})]) == Outcome("Updated 1 item(s)", 1)
    assert data.data.items.get(collection, 2)["City"] == "Milan"
    assert data.data.items.delete_by_key(collection, [["Rome"], ["Milan"]], key_fields=["City"]).count == 1
    assert data.data.items.count(collection) == 2


def test_auto_paging_follows_next_links_and_resumes(data: Lucid):
    collection = data.data.collections.create(data.data.data_sources.create("S"), "Rows", schema=SCHEMA[:1])
    data.data.items.create(collection, [{"Name": f"n{i}"} for i in range(7)])
    page = data.data.items.list(collection, page_size=3)
    assert (len(page.items), page.total, page.next_start) == (3, 7, 4)
    assert [p.items[0]["Name"] for p in page.iter_pages()] == ["n0", "n3", "n6"]
    assert [i["Name"] for i in page] == [f"n{i}" for i in range(7)]
    resumed = data.data.items.list(collection, start=page.next_start, page_size=3)
    assert [i["Name"] for i in resumed.items] == ["n3", "n4", "n5"] and resumed.prev_url is not None

    # Filters stay in the next links.
    odd = data.data.items.list(collection, filter=field("Name").in_(["n1", "n3", "n5"]), page_size=2)
    assert [i["Name"] for i in odd] == ["n1", "n3", "n5"]
    assert [i["Name"] for i in data.data.items.find_by_key(collection, [["n2"], ["n4"]], page_size=1)] == ["n2", "n4"]


def test_data_set_pages_span_many_sets(env: Env):
    client = env.data_client()
    names = [f"set {i}" for i in range(5)]
    for name in names:
        client.data.data_sets.create(name)
    first = client.data.data_sets.list(page_size=2)
    assert first.total == 5 and first.has_next_page()
    assert [d.name for d in first] == names
    assert len(list(first.iter_pages())) == 3


def test_rate_limits(data: Lucid):
    limits = data.data.rate_limits()
    assert isinstance(limits, RateLimits) and limits.user_api_call_rate == 750 and limits.file_size_limit == 3


def test_async_client_runs_the_same_namespaces(env: Env):
    token = env.user_token(["data-service.admin"])["access_token"]

    async def scenario() -> None:
        async with env.async_lucid(token) as client:
            assert isinstance(client, AsyncLucid)
            source = await client.data.data_sources.create("Async")
            collection = await client.data.collections.create(source, "C", schema=SCHEMA)
            await client.data.items.create(collection, [{"Name": f"a{i}"} for i in range(5)])
            first = await client.data.items.list(collection, page_size=2)
            assert [i["Name"] for i in first.items] == ["a0", "a1"] and first.next_start == 3
            assert [i["Name"] async for i in client.data.items.list(collection, page_size=2)] == [
                f"a{i}" for i in range(5)]
            pages = [len(p.items) async for p in client.data.items.list(collection, page_size=2).iter_pages()]
            assert pages == [2, 2, 1]
            assert await client.data.items.count(collection, filter=field("Name") > "a2") == 2
            with pytest.raises(NotFoundError):
                await client.data.collections.get(10**9)

    run(scenario())
