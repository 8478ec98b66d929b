"""Connector packages: each data connector, where it is used on documents the user can read,
and how each of its actions last went (status, failures); a document's full status is what
`GET /extensions/{packageId}/dataConnectors/{name}/status?documentId=` answers."""

from __future__ import annotations

from ...auth.policies import PUBLIC
from ...connectors import status
from ...connectors.trigger import connector_status
from ...http.request import Request
from ...http.routing import RouteTable
from ..visitors import Visitor
from .page import HTML_PAGE, Page, console_page

routes = RouteTable(PUBLIC, tags=("Console",))


@routes.get("/console/connectors", summary="Console: data connectors and their actions' last outcomes",
            openapi=HTML_PAGE)
@console_page
def connectors(request: Request, visitor: Visitor) -> Page:
    """The state of the data connectors on the user's documents."""
    with request.ctx.store.read() as conn:
        states = status.overview(conn, visitor.user.id)
    return Page("console/connectors.html", "connectors", connectors=states)


@routes.get("/console/connectors/{package_id}/{connector_name}",
            summary="Console: what a data connector did on one document (documentId)", openapi=HTML_PAGE)
@console_page
def connector(request: Request, visitor: Visitor, package_id: str, connector_name: str) -> Page:
    """The status endpoint's own answer, with its access check, for the visitor."""
    report = connector_status(request, package_id, connector_name)
    return Page("console/connector.html", "connectors", report=report)
