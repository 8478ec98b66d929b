"""The MCP server: how long an assistant waits for `pellucid mcp serve` to answer on stdio, and
what `fetch` of a 2,000-shape document costs.

Start-up: spawn, initialize, list the tools (what an assistant does first), against a floor of
spawning the same interpreter to import nothing, and the cost of importing the `mcp` SDK alone.
Fetch: the tool's own work on a 2,000-shape contents (the SDK's model to text), against a floor
of parsing the same contents JSON; the HTTP calls to the server are those of the contents
endpoint, benchmarked with the REST suite.

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


def main() -> None:
    rows = [("floor: spawn python, import nothing", _median_ms([spawn_seconds("pass") for _ in range(ROUNDS)])),
            ("import the mcp SDK's server", _median_ms([spawn_seconds("import mcp.server") for _ in range(ROUNDS)])),
            ("stdio: spawn, initialize, list tools", _median_ms([startup_seconds() for _ in range(ROUNDS)]))]
    rows += fetch_rows()
    floor_start, floor_fetch = rows[0][1], rows[3][1]
    print(f"\nMCP server (median of {ROUNDS}; shared machine, under contention)")
    print(f"{'measure':48} {'ms':>10} {'x floor':>8}")
    for name, ms in rows:
        floor = floor_start if "fetch" not in name and "contents" not in name else floor_fetch
        print(f"{name:48} {ms:10.1f} {ms / floor:8.1f}")


if __name__ == "__main__":  # pragma: no cover
    main()
