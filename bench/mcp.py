"""The MCP server: how long an assistant waits for `pellucid mcp serve` to answer on stdio, and
what `fetch` of a 2,000-shape document costs.

Start-up: spawn, initialize, list the tools (what an assistant does first), against a floor of
spawning the same interpreter to import nothing, and the cost of importing the `mcp` SDK alone.
Fetch: the tool's own work on a 2,000-shape contents (the SDK's model to text), against a floor
of parsing the same contents JSON; and end to end, an imported 2,000-shape document fetched
through the in-memory MCP client, against the SDK's contents call alone.

    ./dev bench mcp
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time

from pellucid.mcp.text import render
from pellucid.sdk.models import Document
from pellucid.sdk.models.contents import DocumentContent

ROUNDS = 5
SHAPES = 2000


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def startup_seconds() -> float:
    from mcp import Client, StdioServerParameters

    params = StdioServerParameters(command=sys.executable, args=["-m", "pellucid.cli", "mcp", "serve"],
                                   env={**os.environ, "LUCID_ACCESS_TOKEN": "oauth2-bench",
                                        "LUCID_BASE_URL": "http://127.0.0.1:9"})

    async def once() -> float:
        started = time.perf_counter()
        async with Client(params) as client:
            await client.list_tools()
            return time.perf_counter() - started

    return asyncio.run(once())


def spawn_seconds(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def contents(shapes: int) -> dict:
    """A Lucidchart contents body with `shapes` shapes (text, linked rows) and a line between each pair."""
    items = [{"id": f"s{i}", "class": "ProcessBlock", "textAreas": [{"label": "Text", "text": f"Step {i}"}],
              "customData": [], "linkedData": [{"collection_id": "c1", "primaryKeyValue": f"E{i}",
                                                "data": [{"key": "Name", "value": f"Person {i}"},
                                                         {"key": "Role", "value": "Engineer"}]}]}
             for i in range(shapes)]
    lines = [{"id": f"l{i}", "endpoint1": {"style": "None", "connectedTo": f"s{i}"},
              "endpoint2": {"style": "Arrow", "connectedTo": f"s{i + 1}"}, "textAreas": [], "customData": [],
              "linkedData": []} for i in range(shapes - 1)]
    return {"id": "d", "title": "Big", "product": "lucidchart",
            "pages": [{"id": "p1", "title": "Page 1", "index": 0, "customData": [], "linkedData": [],
                       "items": {"shapes": items, "lines": lines, "groups": [], "layers": []}}],
            "data": {"collections": [{"id": "c1", "name": "People", "primaryKey": ["ID"]}]}}


def fetch_rows() -> list[tuple[str, float]]:
    import orjson

    body = orjson.dumps(contents(SHAPES))
    document = Document.from_json({"documentId": "d", "title": "Big", "product": "lucidchart", "pageCount": 1})
    parse, tool = [], []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        raw = orjson.loads(body)
        parse.append(time.perf_counter() - started)
        started = time.perf_counter()
        model = DocumentContent.from_json(orjson.loads(body))
        text, _ = render(document, model, 1)
        tool.append(time.perf_counter() - started)
    assert raw and len(text) > SHAPES * 20
    return [("floor: parse the contents JSON", _median_ms(parse)),
            (f"fetch page 1 of {SHAPES} shapes: model + text", _median_ms(tool))]


def fetch_end_to_end_rows() -> list[tuple[str, float]]:
    """`fetch` of an imported 2,000-shape document through the in-memory MCP client and the SDK
    (an in-process server on SQLite), against the SDK's contents call alone."""
    import tempfile

    import httpx
    from mcp import Client

    from pellucid.mcp import build_server
    from pellucid.mcp.lucidfile import archive
    from pellucid.sdk import AsyncLucid
    from pellucid.server import admin
    from pellucid.server.app import build_app
    from pellucid.server.settings import RateLimits, Settings

    folder = tempfile.mkdtemp()
    app = build_app(Settings(database_url=f"sqlite:///{folder}/bench.db", public_url="http://bench",
                             access_log=False, rate_limits=RateLimits(enabled=False)))
    account = admin.create_account(app.ctx.store, "Bench", "enterprise")
    user = admin.create_user(app.ctx.store, account_id=account["id"], email="bench@example.com",
                             first_name="B", last_name="Ench")
    client_id = admin.create_client(app.ctx.store, "bench", ["http://127.0.0.1/cb"])["client_id"]
    token = admin.issue_token(app.ctx.store, client_id=client_id, user_id=user["userId"],
                              scope_list=["lucidchart.document.content"])["access_token"]
    per_row = 50
    shapes = [{"id": f"s{i}", "type": "process", "text": f"Step {i}",
               "boundingBox": {"x": (i % per_row) * 200, "y": (i // per_row) * 120, "w": 160, "h": 80}}
              for i in range(SHAPES)]
    lines = [{"id": f"l{i}", "lineType": "straight",
              "endpoint1": {"type": "shapeEndpoint", "shapeId": f"s{i}", "style": "none"},
              "endpoint2": {"type": "shapeEndpoint", "shapeId": f"s{i + 1}", "style": "arrow"}}
             for i in range(SHAPES - 1)]
    big = archive({"version": 1, "pages": [{"id": "p1", "title": "Big", "shapes": shapes, "lines": lines}]})

    async def measure() -> tuple[list[float], list[float]]:
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench")
        lucid = AsyncLucid(token, base_url="http://bench", http_client=http)
        document = await lucid.documents.import_file(("big.lucid", big), type="lucid", product="lucidchart")
        contents, fetches = [], []
        async with Client(build_server(lambda: lucid)) as client:
            for _ in range(ROUNDS):
                started = time.perf_counter()
                await lucid.documents.contents(document.document_id)
                contents.append(time.perf_counter() - started)
                started = time.perf_counter()
                result = await client.call_tool("fetch", {"id": document.document_id, "page": 1})
                fetches.append(time.perf_counter() - started)
                assert not result.is_error and "s1999" in result.structured_content["text"]
        return contents, fetches

    contents, fetches = asyncio.run(measure())
    return [("floor: SDK contents of 2,000 shapes (in-process)", _median_ms(contents)),
            ("fetch tool, page of 2,000 shapes, end to end", _median_ms(fetches))]


def main() -> None:
    rows = [("floor: spawn python, import nothing", _median_ms([spawn_seconds("pass") for _ in range(ROUNDS)])),
            ("import the mcp SDK's server", _median_ms([spawn_seconds("import mcp.server") for _ in range(ROUNDS)])),
            ("stdio: spawn, initialize, list tools", _median_ms([startup_seconds() for _ in range(ROUNDS)]))]
    groups = [rows, fetch_rows(), fetch_end_to_end_rows()]
    print(f"\nMCP server (median of {ROUNDS}; shared machine, under contention)")
    print(f"{'measure':52} {'ms':>10} {'x floor':>8}")
    for group in groups:  # each group's first row is its floor
        for name, ms in group:
            print(f"{name:52} {ms:10.1f} {ms / group[0][1]:8.1f}")


if __name__ == "__main__":  # pragma: no cover
    main()
