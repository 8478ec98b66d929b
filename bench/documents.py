"""Issue 8's document benchmarks, through HTTP against a `pellucid serve` process (SQLite).

    POST /documents, a 5,000-shape .lucid      vs  json.loads of its document.json alone
    POST /documents, a 5,000-cell draw.io file  vs  the XML parse (defusedxml) of the same bytes
    GET /documents/{id}/contents, 5,000 shapes  vs  GET /documents/{id} (the Document resource)

Ratios against floors measured in the same run; the machine may be shared, so read them as such.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from typing import Callable

import httpx
import orjson
from defusedxml import ElementTree as SafeET

from pellucid.server import admin
from pellucid.server.dataservice.adapters.model import gc_paused
from pellucid.server.store.db import Store

from .support import Row, p50_ms, pellucid_server, table

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
SHAPES = 5_000
CELLS = 5_000
TYPES = ["process", "decision", "rectangle", "terminator", "database"]


def lucid_document() -> dict:
    """5,000 shapes in a grid with text, custom data and styles, and a line between neighbours."""
    shapes, lines = [], []
    for n in range(SHAPES):
        style = {"fill": {"type": "color", "color": "#e3f2fd"}, "stroke": {"color": "#1565c0", "width": 2}}
        shapes.append({"id": f"s{n}", "type": TYPES[n % 5], "text": f"<b>Step {n}</b>",
                       "boundingBox": {"x": (n % 70) * 200, "y": (n // 70) * 140, "w": 160, "h": 80},
                       **({"style": style} if n % 2 else {"customData": [{"key": "step", "value": str(n)}]})})
        if n % 70:
            lines.append({"id": f"l{n}", "lineType": "straight",
                          "endpoint1": {"type": "shapeEndpoint", "style": "none", "shapeId": f"s{n - 1}"},
                          "endpoint2": {"type": "shapeEndpoint", "style": "arrow", "shapeId": f"s{n}"}})
    return {"version": 1, "pages": [{"id": "p1", "title": "Bench", "shapes": shapes, "lines": lines}]}


def lucid_file(document_json: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("document.json", document_json)
    return out.getvalue()


def drawio_file() -> bytes:
    """5,000 cells: vertices in a grid, every fourth cell an edge to the vertex before it."""
    cells = ['<mxCell id="0"/><mxCell id="1" parent="0"/>']
    last = None
    for n in range(CELLS):
        if n % 4 == 3 and last is not None:
            cells.append(f'<mxCell id="e{n}" value="to {n}" style="edgeStyle=orthogonalEdgeStyle;html=1;" edge="1" '
                         f'parent="1" source="{last}" target="v{n - 1}"><mxGeometry relative="1" as="geometry"/></mxCell>')
        else:
            cells.append(f'<mxCell id="v{n}" value="Cell &lt;b&gt;{n}&lt;/b&gt;" style="rounded=1;whiteSpace=wrap;html=1;'
                         f'fillColor=#dae8fc;strokeColor=#6c8ebf;" vertex="1" parent="1"><mxGeometry x="{(n % 70) * 200}" '
                         f'y="{(n // 70) * 140}" width="160" height="80" as="geometry"/></mxCell>')
            last = f"v{n}"
    return ('<mxfile host="bench"><diagram id="d1" name="Bench"><mxGraphModel><root>' + "".join(cells)
            + "</root></mxGraphModel></diagram></mxfile>").encode()


def user_headers(url: str) -> dict[str, str]:
    store = Store(url)
    store.migrate()
    account = admin.create_account(store, "bench")
    user = admin.create_user(store, account_id=account["id"], email="bench@example.com", first_name="B", last_name="M")
    client = admin.create_client(store, "bench", ["http://127.0.0.1/cb"])
    token = admin.issue_token(store, client_id=client["client_id"], user_id=user["userId"],
                              scope_list=["lucidchart.document.content"], expires_in=24 * 3600)["access_token"]
    store.dispose()
    return {"Authorization": f"Bearer {token}", "Lucid-Api-Version": "1"}


def main() -> None:
    document_json = json.dumps(lucid_document()).encode()
    lucid = lucid_file(document_json)
    drawio = drawio_file()
    print(f"Document benchmarks: SQLite; .lucid {len(lucid):,} bytes (document.json {len(document_json):,}), "
          f"draw.io {len(drawio):,} bytes; median of {RUNS} runs")
    with tempfile.TemporaryDirectory(prefix="pellucid-bench-") as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        headers = user_headers(url)
        with pellucid_server(url) as base:
            http = httpx.Client(base_url=base, headers=headers, timeout=600)

            def importing(data: bytes, kind: str, **fields: str) -> Callable[[], str]:
                def run() -> str:
                    response = http.post("/documents", files={"file": ("bench", data)}, data={"type": kind, **fields})
                    response.raise_for_status()
                    return response.json()["documentId"]
                return run

            lucid_ms = p50_ms(importing(lucid, "x-application/vnd.lucid.standardImport", product="lucidchart"), RUNS, 1)
            drawio_ms = p50_ms(importing(drawio, "x-application/vnd.lucid.drawio"), RUNS, 1)
            document_id = importing(lucid, "x-application/vnd.lucid.standardImport", product="lucidchart")()
            contents_ms = p50_ms(lambda: http.get(f"/documents/{document_id}/contents").raise_for_status(), RUNS * 4)
            resource_ms = p50_ms(lambda: http.get(f"/documents/{document_id}").raise_for_status(), RUNS * 4)
    json_ms = p50_ms(lambda: orjson.loads(document_json), RUNS * 4)
    xml_ms = p50_ms(lambda: SafeET.fromstring(drawio, forbid_dtd=True), RUNS * 4)
    with gc_paused():  # as the server parses an import: the floors without the collector's share
        json_paused_ms = p50_ms(lambda: orjson.loads(document_json), RUNS * 4)
        xml_paused_ms = p50_ms(lambda: SafeET.fromstring(drawio, forbid_dtd=True), RUNS * 4)
    table("Documents (issue 8)", [
        Row(f"import .lucid, {SHAPES:,} shapes", lucid_ms, "ms", "json.loads of document.json", json_ms,
            lucid_ms / json_ms, "<= 4"),
        Row(f"import draw.io, {CELLS:,} cells", drawio_ms, "ms", "XML parse (defusedxml)", xml_ms,
            drawio_ms / xml_ms, "<= 4"),
        Row(f"GET contents, {SHAPES:,} shapes (p50)", contents_ms, "ms", "GET Document resource p50", resource_ms,
            contents_ms / resource_ms, "report"),
    ], notes=[
        "An import is one HTTP request: multipart upload, archive checks, validation of every field "
        "(Standard Import), the mapping onto the model, and one transaction storing the document and its "
        "content. The floors are the parse alone, in this process.",
        f"The floors with the garbage collector paused, as the server runs an import: json.loads "
        f"{json_paused_ms:.2f} ms (the .lucid import is {lucid_ms / json_paused_ms:.1f} times that), the XML parse "
        f"{xml_paused_ms:.2f} ms ({drawio_ms / xml_paused_ms:.1f} times).",
    ])


if __name__ == "__main__":
    main()
