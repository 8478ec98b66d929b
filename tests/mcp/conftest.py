"""The MCP server driven by the official SDK's in-memory client, its tools reaching the test
server through the SDK (in-process, or over the network for a subprocess server)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest

pytest.importorskip("mcp")

from mcp import Client  # noqa: E402

from pellucid.mcp import build_server  # noqa: E402
from pellucid.sdk import AsyncLucid  # noqa: E402
from tests.sdk.conftest import async_http  # noqa: E402
from tests.support.harness import Server, running_server  # noqa: E402

T = TypeVar("T")
EVERY_SCOPE = ["lucidchart.document.content", "lucidspark.document.content", "folder", "data-service.admin",
               "lucidchart.document.content.share.link", "lucidchart.document.content.share.collaborator",
               "account.user:readonly"]


@dataclass
class Assistant:
    """A user of the test server and an MCP client whose tools act as that user."""

    server: Server
    user: dict
    token: str

    def lucid(self, **options: Any) -> AsyncLucid:
        return AsyncLucid(self.token, base_url=self.server.base_url, http_client=async_http(self.server), **options)

    def run(self, scenario: Callable[[Client, AsyncLucid], Awaitable[T]], **options: Any) -> T:
        """Run `scenario(mcp_client, sdk_client)` in a fresh event loop."""

        async def main() -> T:
            lucid = self.lucid(**options)
            async with Client(build_server(lambda: lucid), raise_exceptions=True) as client:
                return await scenario(client, lucid)

        return asyncio.run(main())

    def call(self, tool: str, **arguments: Any):
        """One tool call: its CallToolResult."""
        return self.run(lambda client, _: client.call_tool(tool, arguments))


def make_assistant(server: Server, scopes: list[str] = EVERY_SCOPE, account_id: int | None = None) -> Assistant:
    user = server.user(account_id)
    token = server.token(user_id=user["userId"], scopes=scopes)["access_token"]
    return Assistant(server, user, token)


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[Server]:
    """A `pellucid serve` subprocess (which mounts /mcp), for the end-to-end tests."""
    yield from running_server(tmp_path_factory.mktemp("mcp-live"), subprocess=True)


@pytest.fixture
def assistant(server: Server) -> Assistant:
    return make_assistant(server)


def error_text(result) -> str:
    assert result.is_error, result
    return result.content[0].text
