"""Every tool through the official SDK's in-memory client, against the test server."""

from __future__ import annotations

import asyncio

import pytest

from pellucid.mcp.scopes import TOOL_SCOPES
from pellucid.mcp.server import STANDARD_IMPORT_URI, standard_import_reference

from .conftest import Assistant, error_text, make_assistant

pytestmark = pytest.mark.wire


def test_tools_are_listed_with_annotations_and_typed_outputs(assistant: Assistant):
    async def scenario(client, _):
        return (await client.list_tools()).tools

    tools = {tool.name: tool for tool in assistant.run(scenario)}
    assert set(tools) <= set(TOOL_SCOPES)  # every tool has its scopes declared for the HTTP endpoint
    assert {"search", "fetch", "export_image", "import_diagram", "validate_standard_import",
            "create_linked_diagram", "create_share_link", "share_with_user", "list_folder", "create_folder",
            "trash_document", "list_data_sources", "get_collection_items", "create_data_source_from_csv",
            "upsert_items"} <= set(tools)
    for tool in tools.values():  # export_image answers with image content instead
        assert (tool.output_schema is not None) == (tool.name != "export_image"), tool.name
    assert tools["trash_document"].annotations.destructive_hint is True
    assert tools["search"].annotations.read_only_hint is True
    assert tools["get_collection_items"].annotations.read_only_hint is True
    assert tools["create_folder"].annotations.read_only_hint is False
    assert "filter language" in tools["get_collection_items"].description


def test_the_standard_import_reference_is_a_resource(assistant: Assistant):
    async def scenario(client, _):
        listed = (await client.list_resources()).resources
        read = await client.read_resource(STANDARD_IMPORT_URI)
        return listed, read

    listed, read = assistant.run(scenario)
    assert [str(r.uri) for r in listed] == [STANDARD_IMPORT_URI]
    text = read.contents[0].text
    assert text == standard_import_reference()
    for term in ("document.json", "boundingBox", "shapeEndpoint", "linkedData", "collections"):
        assert term in text


def test_search_finds_the_users_documents_only(server, assistant: Assistant):
    async def scenario(client, lucid):
        mine = await lucid.documents.create(title="Quarterly capacity plan", product="lucidchart")
        found = await client.call_tool("search", {"query": "capacity"})
        return mine, found

    stranger = make_assistant(server)
    stranger.run(lambda _, lucid: lucid.documents.create(title="Secret capacity forecast", product="lucidchart"))
    mine, found = assistant.run(scenario)
    results = found.structured_content["results"]
    assert [r["id"] for r in results] == [mine.document_id]
    assert results[0]["title"] == "Quarterly capacity plan"
    assert results[0]["url"].startswith("http")


def test_a_bad_argument_names_the_allowed_values(assistant: Assistant):
    text = error_text(assistant.call("search", query="x", product="visio"))
    assert "lucidchart" in text and "lucidspark" in text


def test_fetch_reads_a_document_and_refuses_a_page_beyond_it(assistant: Assistant):
    async def scenario(client, lucid):
        document = await lucid.documents.create(title="Onboarding flow", product="lucidchart")
        return document, await client.call_tool("fetch", {"id": document.document_id}), \
            await client.call_tool("fetch", {"id": document.document_id, "page": 2})

    document, fetched, beyond = assistant.run(scenario)
    body = fetched.structured_content
    assert body["id"] == document.document_id and body["title"] == "Onboarding flow"
    assert body["text"].startswith("# Onboarding flow")
    assert "## Page 1" in body["text"]
    assert body["metadata"]["pageCount"] == 1 and body["metadata"]["pages"][0]["page"] == 1
    assert "page must be 1 to 1" in error_text(beyond)


def test_a_document_the_user_cannot_read_is_an_error_without_its_content(server, assistant: Assistant):
    owner = make_assistant(server)
    document = owner.run(lambda _, lucid: lucid.documents.create(title="Board salaries", product="lucidchart"))
    for tool, arguments in (("fetch", {}), ("create_share_link", {"role": "view"}), ("trash_document", {})):
        text = error_text(assistant.call(tool, id=document.document_id, **arguments))
        assert "not found, or the signed-in user may not access it" in text
        assert "salaries" not in text
    assert owner.run(lambda _, lucid: lucid.documents.get(document.document_id)).trashed is None


def test_share_link_and_share_with_a_user_of_the_account(server, assistant: Assistant):
    colleague = server.user(assistant.user["accountId"])

    async def scenario(client, lucid):
        document = await lucid.documents.create(title="Shared", product="lucidchart")
        link = await client.call_tool("create_share_link", {"id": document.document_id, "role": "comment"})
        shared = await client.call_tool("share_with_user", {"id": document.document_id,
                                                            "email": colleague["email"], "role": "edit"})
        outsider = await client.call_tool("share_with_user", {"id": document.document_id,
                                                              "email": "nobody@elsewhere.example", "role": "edit"})
        owner_role = await client.call_tool("create_share_link", {"id": document.document_id, "role": "owner"})
        grant = await lucid.documents.collaborators.get(document.document_id, colleague["userId"])
        return link, shared, outsider, owner_role, grant

    link, shared, outsider, owner_role, grant = assistant.run(scenario)
    assert link.structured_content["role"] == "comment" and link.structured_content["accept_url"].startswith("http")
    assert shared.structured_content["user_id"] == colleague["userId"] and grant.role == "edit"
    assert "create_share_link" in error_text(outsider)
    assert "'view', 'comment', 'edit' or 'editandshare'" in error_text(owner_role)


def test_folders_and_the_trash(assistant: Assistant):
    async def scenario(client, lucid):
        outer = await client.call_tool("create_folder", {"name": "Plans"})
        inner = await client.call_tool("create_folder", {"name": "2026", "parent": outer.structured_content["id"]})
        document = await lucid.documents.create(title="Roadmap", product="lucidchart",
                                                parent=outer.structured_content["id"])
        listing = await client.call_tool("list_folder", {"folder_id": outer.structured_content["id"]})
        root = await client.call_tool("list_folder", {"folder_id": "root"})
        trashed = await client.call_tool("trash_document", {"id": document.document_id})
        return inner, document, listing, root, trashed, await lucid.documents.get(document.document_id)

    inner, document, listing, root, trashed, after = assistant.run(scenario)
    entries = {e["name"]: e for e in listing.structured_content["entries"]}
    assert entries["2026"]["type"] == "folder" and entries["Roadmap"]["id"] == document.document_id
    assert "Plans" in {e["name"] for e in root.structured_content["entries"]}
    assert inner.structured_content["parent"] is not None
    assert trashed.structured_content == {"id": document.document_id, "trashed": True}
    assert after.trashed is not None


def test_a_rate_limited_call_says_when_to_retry(assistant: Assistant):
    async def scenario(client, _):
        return await asyncio.gather(*(client.call_tool("list_folder", {"folder_id": "root"}) for _ in range(40)))

    results = assistant.run(scenario, max_retries=0)
    refused = [r for r in results if r.is_error]
    assert refused, "15 requests per second per user: some of 40 at once are refused"
    assert all("Rate limited by the Lucid API: retry after" in error_text(r) for r in refused)
    assert any(not r.is_error for r in results)
