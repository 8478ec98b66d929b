"""Issue 8's export benchmark: a 500-shape page exported to PNG at 160 dpi.

    export_image (model -> SVG -> resvg -> PNG with its dpi)   vs  resvg rasterising the same SVG alone
    GET /documents/{id} with Accept: image/png (a `pellucid serve` process, SQLite)   vs  the same floor

The page is 1600 x 1200 px (2667 x 2000 px at 160 dpi): 500 shapes of eight types in a grid, each
with a label, and 200 elbow lines with arrowheads between neighbours. Each figure is the median
of a few runs; the floor is measured in the same run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import httpx

from pellucid.server.documents import export
from pellucid.server.documents.classes import class_name
from pellucid.server.documents.model import (
    BoundingBox, Content, Endpoint, Fill, Line, Page, PageSettings, Shape, Style, TextArea,
)
from pellucid.server.documents.render import page_svg

from .support import Row, bench_user, p50_ms, pellucid_server, table

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
DPI = 160
TYPES = ["process", "decision", "terminator", "circle", "database", "document", "data", "hexagon"]
COLOURS = ["#dae8fc", "#d5e8d4", "#ffe6cc", "#fff2cc", "#f8cecc", "#e1d5e7", "#ffffff", "#f5f5f5"]


def page() -> Content:
    shapes = []
    for i in range(500):
        row, col = divmod(i, 25)
        shapes.append(Shape(
            id=f"s{i}", type=TYPES[i % 8], class_name=class_name(TYPES[i % 8]),
            bbox=BoundingBox(20 + col * 63, 20 + row * 58, 52, 40),
            style=Style(fill=Fill(color=COLOURS[(i // 8) % 8])),
            text_areas=[TextArea("Text", f"Step <b>{i}</b>" if i % 3 else f"Check item {i} twice")],
        ))
    pairs = [i for i in range(0, 500, 2) if i % 25 != 24][:200]  # neighbours in a row
    lines = [Line(id=f"l{i}", line_type="elbow", endpoint1=Endpoint("shape", "none", f"s{i}", (1, 0.5)),
                  endpoint2=Endpoint("shape", "arrow", f"s{i + 1}", (0, 0.5))) for i in pairs]
    board = Page(id="p", title="Bench", settings=PageSettings(width=1600, height=1200), shapes=shapes, lines=lines)
    return Content(pages=[board])


def main() -> None:
    content = page()
    board = content.pages[0]
    region = export.region_for(board, None)
    _, width, height = export.pixel_size(region, DPI)
    svg = page_svg(content, board, region=region, size=(width, height))

    floor = p50_ms(lambda: export.rasterise(svg), RUNS)
    generate = p50_ms(lambda: page_svg(content, board, region=region, size=(width, height)), RUNS)
    whole = p50_ms(lambda: export.export_image(content, board, dpi=DPI), RUNS)
    http = _over_http(content)
    rows = [
        Row("export_image, 500 shapes, PNG 160 dpi", whole, "ms", "rasterise the same SVG", floor, whole / floor,
            "<= 1.5"),
        Row("GET /documents/{id} image/png, same page", http, "ms", "rasterise the same SVG", floor, http / floor,
            "<= 1.5"),
    ]
    table("Image export (issue 8)", rows, notes=[
        f"SVG generation alone: {generate:.1f} ms ({len(svg) / 1024:.0f} KiB of SVG); image {width} x {height} px.",
        f"Medians of {RUNS} runs; floor and figures measured in the same run.",
    ])


def _over_http(content: Content) -> float:
    """The median time of an export through a server process, its content stored as an import would."""
    from pellucid.server.store import documents

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        store, user, token = bench_user(url, ["lucidchart.document.content"])
        with store.write() as conn:
            document = documents.create(conn, account_id=user["accountId"], owner_id=user["userId"], title="Bench",
                                        product="lucidchart", parent_id=None, content=content)
        store.dispose()
        headers = {"Authorization": f"Bearer {token}", "Lucid-Api-Version": "1", "Accept": "image/png"}
        with pellucid_server(url) as base, httpx.Client(base_url=base, timeout=120) as http:
            def get() -> None:
                http.get(f"/documents/{document.id}", headers=headers).raise_for_status()

            return p50_ms(get, RUNS, warmup=1)
