"""Embeds in the browser (seed 002, "Document Embedding", "Direct Embed"): the document picker,
an embed's viewer and settings inside the app's <iframe> (`pages.py`), direct embeds by the
browser's session (`direct.py`), and the page where a person revokes what they picked
(`picks.py`). What a session may do is `sessions.py`; the parent-window messages `events.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import direct, pages, picks

if TYPE_CHECKING:  # pragma: no cover
    from ..app import AppContext

ROUTE_TABLES = [pages.routes, direct.routes, picks.routes]


def install(ctx: AppContext) -> None:
    """Serve the embed pages."""
    ctx.router.include(*ROUTE_TABLES)
