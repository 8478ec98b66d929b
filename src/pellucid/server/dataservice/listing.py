"""The shape every Data Service list shares: a ranged page, its total, prev/next links."""

from __future__ import annotations

from typing import Any

from ..http.request import Request
from ..http.responses import Response, empty
from . import links
from .pagination import Range, page_links, parse_range


def requested_range(request: Request) -> Range:
    """The page the request asks for with `start`/`end`, clamped to the page limit."""
    return parse_range(request.query.get("start"), request.query.get("end"))


def paginated(
    request: Request, key: str, url: str, window: Range, total: int, entries: list[Any],
    params: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A list body with `total` and `prev`/`next` links that keep the request's filters."""
    previous, following = page_links(url, params or {}, window, total)
    return {key: entries, "total": total, "prev": previous, "next": following}


def count_header(header: str, total: int) -> Response:
    """A HEAD count: the number in a header, no body."""
    return empty(200, {header: str(total)})


def kept_params(request: Request, *names: str) -> dict[str, str]:
    """Query parameters a list keeps in its prev/next links (filters such as dataSet)."""
    return {name: request.query[name] for name in names if request.query.get(name)}




def parent_filter(request: Request, conn, parameter: str, kind: str, load) -> int | None:
    """The id in an optional `?dataSet=` / `?dataSource=` list filter, checked for access."""
    link = request.query.get(parameter)
    if not link:
        return None
    parent_id = links.parse_id(link, kind, parameter)
    load(conn, request, parent_id)
    return parent_id
