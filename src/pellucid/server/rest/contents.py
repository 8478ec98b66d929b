"""Get Document Contents (seed 002, "Document Contents"): the document's latest content version,
its linked data read from the Data Service rows, and every collection on the document — those
of the content (Standard Import CSVs) and those of data sources with a `document` grant for it
(data connectors make such sources)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..auth.policies import REST
from ..documents import contents, linked
from ..gcpause import gc_paused
from ..http import validation
from ..http.request import Request
from ..http.routing import OpenApi, RouteTable
from ..store import document_contents
from ..store import tables as t
from . import access
from .limits import CONTENTS
from .scope_branches import route_scopes

routes = RouteTable(REST, tags=("Documents",))

# Seed 002 lists the lucidchart scopes; newer Lucid adds the lucidspark ones.
SCOPES = route_scopes("content:readonly", "app.picker:readonly", "app.folder", products=("lucidchart", "lucidspark"))


def collections_on(conn: Connection, document_id: str, skip: set[int] = frozenset()) -> list[dict]:
    """Top-level collections of the data sources granted to the document, oldest first, but
    those in `skip` (Data Service ids the content already lists)."""
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
    return [{"id": str(row.id), "name": row.name, "primaryKey": primary.get(row.id, [])}
            for row in rows if row.id not in skip]


CONTENT_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "format": "uuid"}, "title": {"type": "string"}, "product": {"type": "string"},
        "pages": {"type": "array", "items": {"type": "object"}},
        "data": {"type": "object", "properties": {"collections": {"type": "array", "items": {"type": "object"}}}},
    },
}


@routes.get("/documents/{id}/contents", summary="Get Document Contents", scopes=SCOPES, limits=(CONTENTS,),
            openapi=OpenApi(response=CONTENT_SCHEMA))
def get_document_contents(request: Request, id: str) -> dict:
    """The Document Content resource: id, title, product, pages and data.collections."""
    document_id = validation.uuid_text(id, "id")
    with request.ctx.store.read() as conn, gc_paused():  # tens of thousands of small objects, none cyclic
        document = access.document_access(conn, request.principal, document_id, SCOPES).document
        content = document_contents.load(conn, document_id)
        rows = linked.linked_rows(conn, content)
        imported = {c.data_collection_id for c in content.collections if c.data_collection_id is not None}
        body = contents.resource(document.id, document.title, document.product, linked.evaluated(content, rows),
                                 rows, collections_on(conn, document.id, imported))
    request.ctx.events.document_opened.send(request, document_id)
    return body
