"""Get Document Contents (seed 002, "Document Contents"), with what documents hold today: their
pages (no shapes, lines, groups or layers yet) and the collections on the document, which are
the collections of every data source with a `document` grant for it (data connectors make such
sources). A later issue fills the pages."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..http import validation
from ..auth.policies import REST
from ..http.request import Request
from ..http.routing import RouteTable
from ..store import tables as t
from ..store.document_contents import blank_page_id
from . import access
from .limits import CONTENTS
from .scope_branches import route_scopes

routes = RouteTable(REST, tags=("Documents",))

SCOPES = route_scopes("content:readonly", "app.picker:readonly", "app.folder", products=("lucidchart",))


def _page(document_id: str, index: int) -> dict:
    return {"id": blank_page_id(document_id, index), "title": f"Page {index + 1}", "index": index,
            "items": {"shapes": [], "lines": [], "groups": [], "layers": []}, "customData": [], "linkedData": []}


def collections_on(conn: Connection, document_id: str) -> list[dict]:
    """Top-level collections of the data sources granted to the document, oldest first."""
    c, g, f = t.collections, t.source_grants, t.fields
    rows = conn.execute(
        sa.select(c.c.id, c.c.name).where(
            c.c.parent_id.is_(None),
            c.c.data_source_id.in_(sa.select(g.c.data_source_id).where(
                g.c.permission_type == "document", g.c.identifier == document_id)),
        ).order_by(c.c.id)
    ).all()
    primary: dict[int, list[str]] = {}
    if rows:
        for collection_id, name in conn.execute(
                sa.select(f.c.collection_id, f.c.name).where(f.c.collection_id.in_([r.id for r in rows]), f.c.is_primary)
                .order_by(f.c.collection_id, f.c.ordinal, f.c.id)):
            primary.setdefault(collection_id, []).append(name)
    return [{"id": str(row.id), "name": row.name, "primaryKey": primary.get(row.id, [])} for row in rows]


CONTENT_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "format": "uuid"}, "title": {"type": "string"}, "product": {"type": "string"},
        "pages": {"type": "array", "items": {"type": "object"}},
        "data": {"type": "object", "properties": {"collections": {"type": "array", "items": {"type": "object"}}}},
    },
}


@routes.get("/documents/{id}/contents", summary="Get Document Contents", scopes=SCOPES, limits=(CONTENTS,),
            openapi={"response": CONTENT_SCHEMA})
def get_document_contents(request: Request, id: str) -> dict:
    """The Document Content resource: id, title, product, pages and data.collections."""
    document_id = validation.uuid_text(id, "id")
    with request.ctx.store.read() as conn:
        document = access.document_access(conn, request.principal, document_id, SCOPES).document
        body = {"id": document.id, "title": document.title, "product": document.product,
                "pages": [_page(document.id, index) for index in range(document.page_count)],
                "data": {"collections": collections_on(conn, document.id)}}
    request.ctx.events.document_opened.send(request, document_id)
    return body
