"""The site's own pages for people in a browser: sign-in, the document viewer.

The building blocks every page uses: `session.py` (the one browser session, CSRF),
`signin.py` (checking a sign-in form), `pages.py` (templates, security headers, error pages),
`visitors.py` (`require_user`), `urls.py` (safe `next=` redirects). Templates live in
`templates/`; pages extend `layout.html`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import login, viewer

if TYPE_CHECKING:  # pragma: no cover
    from ..app import AppContext

ROUTE_TABLES = [login.routes, viewer.routes]


def install(ctx: AppContext) -> None:
    """Serve the site's pages."""
    ctx.router.include(*ROUTE_TABLES)
