"""/mcp over Streamable HTTP, end to end with the official SDK's OAuth client: 401, protected
resource metadata, authorization server metadata, dynamic registration, PKCE and the consent page
(driven in Debian's chromium by Playwright), then tool calls with the token bound to /mcp."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest
from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import (
    AuthorizationCodeResult,
    OAuthClientInformationFull,
    OAuthClientMetadata,
    OAuthToken,
)

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.harness import free_port

pytestmark = pytest.mark.subprocess

PASSWORD = "assistant password 42"


class MemoryStorage:
    """The SDK's TokenStorage, kept in memory."""

    def __init__(self) -> None:
        self.tokens: OAuthToken | None = None
        self.client: OAuthClientInformationFull | None = None

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens = tokens

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client = client_info


class Person:
    """Signs in and approves on the consent page, in a real browser; records what it saw."""

    def __init__(self, context, email: str, redirect_base: str) -> None:
        self.context, self.email, self.redirect_base = context, email, redirect_base
        self.authorization_urls: list[str] = []
        self.consent_texts: list[str] = []

    async def open(self, url: str) -> None:  # the SDK's redirect_handler
        self.authorization_urls.append(url)

    async def approve(self) -> AuthorizationCodeResult:  # the SDK's callback_handler
        arrived: asyncio.Future[str] = asyncio.get_running_loop().create_future()

        async def callback(route) -> None:
            if not arrived.done():
                arrived.set_result(route.request.url)
            await route.fulfill(status=200, content_type="text/html", body="<h1>Signed in</h1>")

        await self.context.route(f"{self.redirect_base}/**", callback)
        page = await self.context.new_page()
        await page.goto(self.authorization_urls[-1])
        if await page.get_by_label("Email or username").count():
            await page.get_by_label("Email or username").fill(self.email)
            await page.get_by_label("Password").fill(PASSWORD)
            await page.get_by_role("button", name="Sign in").click()
        grant = page.get_by_role("button", name="Grant access")
        await grant.wait_for()
        self.consent_texts.append(await page.locator("main").inner_text())
        await grant.click()
        query = parse_qs(urlsplit(await asyncio.wait_for(arrived, 30)).query)
        await page.close()
        return AuthorizationCodeResult(code=query["code"][0], state=query["state"][0], iss=query.get("iss", [None])[0])


def test_an_assistant_signs_in_through_discovery_registration_pkce_and_consent(live):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (`./dev test` installs it)")
    from playwright.async_api import async_playwright

    user = live.user(password=PASSWORD)
    redirect_base = f"http://127.0.0.1:{free_port()}"
    storage = MemoryStorage()

    async def scenario():
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = await browser.new_context()
            context.set_default_timeout(20_000)
            person = Person(context, user["email"], redirect_base)
            provider = OAuthClientProvider(
                server_url=f"{live.base_url}/mcp",
                client_metadata=OAuthClientMetadata(
                    client_name="Test assistant", redirect_uris=[f"{redirect_base}/callback"],
                    grant_types=["authorization_code", "refresh_token"], token_endpoint_auth_method="none"),
                storage=storage, redirect_handler=person.open, callback_handler=person.approve)
            async with httpx2.AsyncClient(auth=provider, timeout=60) as http:
                async with Client(streamable_http_client(f"{live.base_url}/mcp", http_client=http)) as client:
                    tools = {tool.name for tool in (await client.list_tools()).tools}
                    folder = await client.call_tool("create_folder", {"name": "Made by an assistant"})
                    listing = await client.call_tool("list_folder", {"folder_id": "root"})
            await browser.close()
            return person, tools, folder, listing

    person, tools, folder, listing = asyncio.run(scenario())
    assert {"search", "fetch", "create_folder", "list_folder", "upsert_items"} <= tools
    assert folder.is_error is False
    assert "Made by an assistant" in {e["name"] for e in listing.structured_content["entries"]}
    # One sign-in: registration (public, native), PKCE S256, the resource named, consent shown once.
    assert len(person.authorization_urls) == 1
    query = parse_qs(urlsplit(person.authorization_urls[0]).query)
    assert query["code_challenge_method"] == ["S256"] and query["resource"] == [f"{live.base_url}/mcp"]
    assert storage.client.token_endpoint_auth_method == "none" and storage.client.client_secret is None
    assert "Test assistant" in person.consent_texts[0] and "registered itself" in person.consent_texts[0]
    assert "data-service.admin" in person.consent_texts[0]  # the scopes of the protected resource metadata
    # The token works at /mcp only.
    api = httpx2.get(f"{live.base_url}/folders/root/contents",
                     headers={"Authorization": f"Bearer {storage.tokens.access_token}", "Lucid-Api-Version": "1"})
    assert api.status_code == 401


def test_the_mcp_inspector_cli_lists_the_tools(live, tmp_path):
    """The MCP Inspector's CLI (npm) against the stdio server, as people debug servers."""
    import json
    import shutil
    import subprocess
    import sys

    inspector = Path(__file__).parent / "node" / "node_modules" / ".bin" / "mcp-inspector"
    if not inspector.exists() or shutil.which("node") is None:
        pytest.skip("the MCP Inspector is not installed (`./dev test` installs tests/mcp/node)")
    user = live.user()
    token = live.token(user_id=user["userId"], scopes=["lucidchart.document.content"])["access_token"]
    done = subprocess.run(
        [str(inspector), "--cli", "-e", f"LUCID_ACCESS_TOKEN={token}", "-e", f"LUCID_BASE_URL={live.base_url}",
         "--method", "tools/list", "--", sys.executable, "-m", "pellucid.cli", "mcp", "serve"],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
        env={**os.environ, "MCP_CATALOG_PATH": str(tmp_path / "catalog.json")})
    assert done.returncode == 0, done.stderr
    names = {tool["name"] for tool in json.loads(done.stdout)["tools"]}
    assert {"search", "fetch", "list_data_sources"} <= names
