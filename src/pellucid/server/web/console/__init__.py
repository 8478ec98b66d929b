"""The console: a signed-in user's home (`/`) and pages (`/console/...`) for their documents,
data, connectors and authorised apps, and for team admins their account's users and groups.

Pages read through the API's own access rules and store queries, with the visitor as the
principal (`page.console_page`), so they show nothing the user could not read through the API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import apps, connectors, data, home, team

if TYPE_CHECKING:  # pragma: no cover
    from ...app import AppContext

ROUTE_TABLES = [home.routes, data.routes, connectors.routes, apps.routes, team.routes]
PAGES = [home.pages]  # at paths an API route also answers


def install(ctx: AppContext) -> None:
    """Serve the console's pages."""
    ctx.router.include(*ROUTE_TABLES)
    ctx.router.include_pages(*PAGES)
