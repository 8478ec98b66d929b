"""`pellucid mcp serve` on stdio, end to end: spawned as an assistant would, initialize, list, call."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest
from mcp import Client, StdioServerParameters

from .conftest import EVERY_SCOPE, make_assistant

pytestmark = pytest.mark.subprocess


def command(env: dict[str, str]) -> StdioServerParameters:
    return StdioServerParameters(command=sys.executable, args=["-m", "pellucid.cli", "mcp", "serve"],
                                 env={**os.environ, **env})


def test_stdio_server_initializes_lists_and_calls_tools(live):
    user = make_assistant(live, EVERY_SCOPE)
    params = command({"LUCID_ACCESS_TOKEN": user.token, "LUCID_BASE_URL": live.base_url})

    async def scenario():
        async with Client(params) as client:
            tools = {tool.name for tool in (await client.list_tools()).tools}
            created = await client.call_tool("create_data_source_from_csv", {"name": "Stdio", "csv": "K,V\na,1\n"})
            items = await client.call_tool("get_collection_items",
                                           {"collection_id": created.structured_content["collection_id"]})
            return client.server_info, tools, items

    server_info, tools, items = asyncio.run(scenario())
    assert server_info.name == "pellucid"
    assert {"search", "fetch", "upsert_items"} <= tools
    assert items.structured_content["items"][0]["fields"] == {"K": "a", "V": 1}


def test_without_a_token_it_says_what_to_set_and_writes_nothing_on_stdout():
    env = {k: v for k, v in os.environ.items() if k != "LUCID_ACCESS_TOKEN"}
    done = subprocess.run([sys.executable, "-m", "pellucid.cli", "mcp", "serve"], env=env, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and done.stdout == ""
    assert "LUCID_ACCESS_TOKEN" in done.stderr


def test_http_transport_refuses_a_public_interface():
    done = subprocess.run([sys.executable, "-m", "pellucid.cli", "mcp", "serve", "--transport", "http",
                           "--host", "0.0.0.0"], env={**os.environ, "LUCID_ACCESS_TOKEN": "oauth2-x"},
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and "loopback" in done.stderr
