"""Issue 9's viewer benchmark: the viewer page of a 500-shape document, against the image export
of the same page, both from a `pellucid serve` process (SQLite).

    GET /lucidchart/{id}/view (the rich viewer: page, inline SVG, script)   vs  GET /documents/{id} image/png
    GET /lucidchart/{id}/view?viewer=simple&image=png (the simple viewer's image, 192 dpi)  vs  the same floor

The page is `bench/export.py`'s: 500 shapes with labels and 200 elbow lines on a 1600 x 1200 page.
The browser's session is made in the store, as signing in would make it. Medians of a few runs;
the floor is measured in the same run.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx

from .export import RUNS, page
from .support import Row, bench_user, p50_ms, pellucid_server, table


def main() -> None:
    from pellucid.server.store import documents, web_sessions

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        store, user, token = bench_user(url, ["lucidchart.document.content"])
        with store.write() as conn:
            document = documents.create(conn, account_id=user["accountId"], owner_id=user["userId"], title="Bench",
                                        product="lucidchart", parent_id=None, content=page())
            session = web_sessions.create(conn, user["userId"])
        store.dispose()
        api = {"Authorization": f"Bearer {token}", "Lucid-Api-Version": "1", "Accept": "image/png"}
        with pellucid_server(url) as base, httpx.Client(base_url=base, timeout=120) as http:
            http.cookies.set("pellucid_session", session.id)
            view = f"/lucidchart/{document.id}/view"

            def get(path: str, headers: dict[str, str] | None = None) -> httpx.Response:
                response = http.get(path, headers=headers)
                response.raise_for_status()
                return response

            size = len(get(view).content)
            rich = p50_ms(lambda: get(view), RUNS, warmup=1)
            simple_page = p50_ms(lambda: get(view + "?viewer=simple"), RUNS, warmup=1)
            simple_image = p50_ms(lambda: get(view + "?viewer=simple&image=png"), RUNS, warmup=1)
            exported = p50_ms(lambda: get(f"/documents/{document.id}", api), RUNS, warmup=1)
    rows = [
        Row("rich viewer page, 500 shapes", rich, "ms", "export of the page, PNG 160 dpi", exported, rich / exported,
            "report"),
        Row("simple viewer page (HTML)", simple_page, "ms", "export of the page, PNG 160 dpi", exported,
            simple_page / exported, "report"),
        Row("simple viewer image, PNG 192 dpi", simple_image, "ms", "export of the page, PNG 160 dpi", exported,
            simple_image / exported, "report"),
    ]
    table("Document viewer (issue 9)", rows, notes=[
        f"The rich viewer page is {size / 1024:.0f} KiB of HTML (its SVG inline).",
        f"Medians of {RUNS} runs over HTTP; floor and figures measured in the same run.",
    ])
