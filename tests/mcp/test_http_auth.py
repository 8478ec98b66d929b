"""/mcp on `pellucid serve` as an OAuth 2.0 protected resource: metadata, 401 with the
resource metadata URL, tokens bound to the resource, 403 insufficient_scope per tool."""

from __future__ import annotations

import pytest

from pellucid.server import admin

pytestmark = pytest.mark.wire

PROTOCOL = {"Accept": "application/json, text/event-stream", "MCP-Protocol-Version": "2025-06-18"}


def rpc(method: str, params: dict | None = None) -> dict:
    return {"jsonrpc": "2.0", "id": 1, "method": method, "params": params or {}}


def call(tool: str, **arguments) -> dict:
    return rpc("tools/call", {"name": tool, "arguments": arguments})


def token(server, scopes: list[str], resource: str | None) -> str:
    user = server.user()
    client = server.oauth_client()["client_id"]
    return admin.issue_token(server.store, client_id=client, scope_list=scopes, user_id=user["userId"],
                             resource=resource)["access_token"]


def post(server, body: dict, bearer: str | None = None):
    headers = dict(PROTOCOL)
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    return server.client.post("/mcp", json=body, headers=headers)


def test_protected_resource_metadata_points_at_this_authorization_server(server):
    meta = server.client.get("/.well-known/oauth-protected-resource/mcp").json()
    assert meta["resource"] == f"{server.base_url}/mcp"
    assert meta["authorization_servers"] == [server.base_url]  # exactly the issuer of RFC 8414 metadata
    assert server.client.get("/.well-known/oauth-authorization-server").json()["issuer"] == server.base_url
    assert "data-service.admin" in meta["scopes_supported"] and "offline_access" not in meta["scopes_supported"]


def test_no_token_is_401_with_the_resource_metadata_url(server):
    response = post(server, rpc("tools/list"))
    assert response.status_code == 401
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith("Bearer ")
    assert f'resource_metadata="{server.base_url}/.well-known/oauth-protected-resource/mcp"' in challenge


def test_tokens_for_another_audience_are_refused_both_ways(server):
    mcp_token = token(server, ["lucidchart.document.content"], f"{server.base_url}/mcp")
    api_token = token(server, ["lucidchart.document.content"], None)
    elsewhere = token(server, ["lucidchart.document.content"], "https://other.example/mcp")
    assert post(server, rpc("tools/list"), api_token).status_code == 401
    assert post(server, rpc("tools/list"), elsewhere).status_code == 401
    assert post(server, rpc("tools/list"), "oauth2-not-a-token").status_code == 401
    assert post(server, rpc("tools/list"), mcp_token).status_code == 200
    api = server.client.post("/documents/search", json={}, headers={"Authorization": f"Bearer {mcp_token}",
                                                                    "Lucid-Api-Version": "1"})
    assert api.status_code == 401  # the APIs refuse a token bound to /mcp


def test_a_tool_beyond_the_tokens_scopes_is_403_insufficient_scope(server):
    reader = token(server, ["lucidchart.document.content:readonly"], f"{server.base_url}/mcp")
    refused = post(server, call("create_data_source_from_csv", name="x", csv="A\n1\n"), reader)
    assert refused.status_code == 403
    challenge = refused.headers["www-authenticate"]
    assert 'error="insufficient_scope"' in challenge and 'scope="data-service.admin"' in challenge
    assert "resource_metadata=" in challenge
    both = post(server, call("share_with_user", id="x", email="a@b.example", role="view"), reader)
    assert 'scope="account.user:readonly lucidchart.document.content.share.collaborator"' in both.headers["www-authenticate"]
    allowed = post(server, call("search", query="nothing here"), reader)
    assert allowed.status_code == 200 and allowed.json()["result"]["structuredContent"] == {"results": []}


def test_scope_hierarchy_counts(server):
    """A writable scope grants its read-only twin: the endpoint accepts what the APIs accept."""
    writer = token(server, ["lucidchart.document.content"], f"{server.base_url}/mcp")
    assert post(server, call("search", query="q"), writer).status_code == 200


def test_tools_act_as_the_tokens_user_through_a_token_of_their_own_grant(server):
    mcp_token = token(server, ["lucidchart.document.content", "folder"], f"{server.base_url}/mcp")
    created = post(server, call("create_folder", name="From an assistant"), mcp_token).json()["result"]
    assert created["isError"] is False
    listing = post(server, call("list_folder", folder_id="root"), mcp_token).json()["result"]["structuredContent"]
    assert "From an assistant" in {e["name"] for e in listing["entries"]}


def test_a_body_beyond_the_limit_is_413_before_any_tool_runs(server):
    from pellucid.mcp.http import MAX_BODY_BYTES

    mcp_token = token(server, ["data-service.admin"], f"{server.base_url}/mcp")
    huge = call("create_data_source_from_csv", name="big", csv="A\n" + "x" * MAX_BODY_BYTES)
    response = post(server, huge, mcp_token)
    assert response.status_code == 413 and response.json()["error"] == "payload_too_large"
