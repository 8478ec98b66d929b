"""The console's data pages: data sources, their collections, and a collection's schema,
metadata collections and items as a paged, filterable table.

Every read goes through the Data Service's own guards and store queries with the signed-in
user as the principal, so a page shows exactly what `GET /dataSources`, `/collections` and
`/collections/{id}/items` would answer that user, and pages and filters items the same way;
each page counts against the user's Data Service rate limit, as the API call would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import orjson

from ...auth.policies import PUBLIC, count_data_request
from ...dataservice import guards, items
from ...dataservice.item_queries import load_schema
from ...dataservice.pagination import Range, parse_range
from ...http.errors import ApiError
from ...http.request import Request
from ...http.routing import RouteTable
from ...store import collections, datasources, fields
from ..visitors import Visitor
from .page import HTML_PAGE, Page, console_page

routes = RouteTable(PUBLIC, tags=("Console",))

ROWS = 50  # items per page of the table: a laptop screen's worth
LISTED = 100  # data sources or collections per page


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a ranged page sits among `total` entries, and the links to its neighbours."""

    window: Range
    total: int
    shown: int
    params: dict[str, str]

    @property
    def first(self) -> int:
        """The 1-based position of the first entry shown; 0 when none are."""
        return self.window.start if self.shown else 0

    @property
    def last(self) -> int:
        """The 1-based position of the last entry shown."""
        return self.window.start + self.shown - 1

    def _link(self, start: int) -> str:
        return "?" + urlencode({**self.params, "start": start})

    @property
    def previous(self) -> str | None:
        """The link to the previous page; None on the first."""
        return self._link(max(1, self.window.start - self.window.size)) if self.window.start > 1 else None

    @property
    def next(self) -> str | None:
        """The link to the next page; None on the last."""
        return self._link(self.window.end) if self.window.end <= self.total else None


def _window(request: Request, size: int) -> Range:
    """`size` entries from `start` (1-based, as the Data Service counts), checked as it checks them."""
    start = request.query.get("start") or "1"
    return parse_range(start, str(int(start) + size) if start.isdigit() else None, limit=size)


@routes.get("/console/data", summary="Console: the data sources the signed-in user can read", openapi=HTML_PAGE)
@console_page
def data_sources(request: Request, visitor: Visitor) -> Page:
    """Counts against the data request limit like the API; data sets show as ids."""
    count_data_request(request, visitor.principal)
    window = _window(request, LISTED)
    grantee = guards.grantee(request)
    with request.ctx.store.read() as conn:
        total = datasources.count(conn, grantee)
        rows = datasources.page(conn, grantee, window.offset, window.size)
    # A source's data set shows as its id, as the API's `dataSet` link does: its name may be
    # behind grants the user lacks.
    return Page("console/data_sources.html", "data", sources=rows,
                pager=Pager(window, total, len(rows), {}))


@routes.get("/console/data/sources/{data_source_id:int}", summary="Console: a data source and its collections", openapi=HTML_PAGE)
@console_page
def data_source(request: Request, visitor: Visitor, data_source_id: int) -> Page:
    """Counts against the data request limit like the API; 404/403 as the API answers."""
    count_data_request(request, visitor.principal)
    window = _window(request, LISTED)
    grantee = guards.grantee(request)
    with request.ctx.store.read() as conn:
        source = guards.data_source(conn, request, data_source_id)
        total = collections.count(conn, grantee, data_source_id)
        rows = collections.page(conn, grantee, window.offset, window.size, data_source_id)
    return Page("console/data_source.html", "data", source=source, collections=rows,
                pager=Pager(window, total, len(rows), {}))


@dataclass(frozen=True, slots=True)
class Field:
    """A schema field as the console's schema table shows it."""

    name: str
    type: str
    primary: bool
    label: str | None
    default: str


def _field(row) -> Field:
    return Field(row.name, row.field_type, bool(row.is_primary), row.label, cell(fields.default_of(row)))


def cell(value: Any) -> str:
    """A value as table text: strings as they are, anything else as its JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


@routes.get("/console/data/collections/{collection_id:int}",
            summary="Console: a collection's schema, metadata collections and items (start, filter)", openapi=HTML_PAGE)
@console_page
def collection(request: Request, visitor: Visitor, collection_id: int) -> Page:
    """The items table pages with `start` and filters with `filter`, read as the API reads them."""
    count_data_request(request, visitor.principal)
    text = (request.query.get("filter") or "").strip() or None
    window = _window(request, ROWS)
    with request.ctx.store.read() as conn:
        row = guards.collection(conn, request, collection_id)
        source = datasources.get(conn, row.data_source_id)
        parent = collections.get(conn, row.parent_id) if row.parent_id is not None else None
        metadata = collections.children(conn, collection_id)
        schema = load_schema(conn, row)
    problem, status, page = None, 200, None
    try:
        page = items.read_page(request, collection_id, window, text)
    except ApiError as error:  # a filter that does not parse (400), a refresh under way (423)
        if error.status not in (400, 423):
            raise
        problem, status = error.message, error.status
    names = [spec.name for spec in schema.specs]
    rows = [(seq, [cell(data.get(str(spec.id))) for spec in schema.specs]) for seq, data in page.found] if page else []
    pager = Pager(window, page.total, len(rows), {"filter": text} if text else {}) if page else None
    return Page("console/collection.html", "data", status, collection=row, source=source, parent=parent,
                metadata=metadata, fields=[_field(r) for r in schema.rows], columns=names, rows=rows,
                filter=text or "", problem=problem, pager=pager)
