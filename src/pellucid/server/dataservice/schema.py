"""Schemas: /collections/{id}/schema field definitions.

Schema changes reach metadata collections whose `InheritsSchemaChanges` property is "true":
an added field is added to them (empty), a renamed field is renamed in them; deletions never
propagate (seed 001, "Metadata Collections that Inherit Schema Changes").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection, Row

from ..auth.policies import DATA_SERVICE
from ..http import validation
from ..http.errors import bad_request, not_found
from ..http.request import Request
from ..http.routing import OpenApi, RouteTable
from ..store import collections, fields
from ..store.db import retrying
from . import fieldspecs, guards, links, resources
from .guards import EDIT

routes = RouteTable(DATA_SERVICE, tags=("Schema",))


def _render(request: Request, row: Row) -> dict:
    return resources.field(guards.links(request), row, fields.default_of(row))


def _load_field(conn: Connection, collection_id: int, field_id: int) -> Row:
    row = fields.get(conn, collection_id, field_id)
    if row is None:
        raise not_found(f"Field {field_id} not found in collection {collection_id}")
    return row


def _duplicate(name: str, collection_id: int):
    return bad_request(f"Collection {collection_id} already has a field named {name!r}")


def add_field(conn: Connection, collection_id: int, spec: dict[str, Any]) -> Row:
    """Add a field, and copy it to child collections that inherit the schema and lack it."""
    try:
        row = fields.create(
            conn, collection_id, name=spec["name"], field_type=spec["fieldType"], order=spec["order"],
            is_primary=spec["isPrimary"], default=spec["default"], label=spec["label"],
        )
    except fields.DuplicateField:
        raise _duplicate(spec["name"], collection_id) from None
    for child in collections.inheriting_children(conn, collection_id):
        if fields.by_name(conn, child.id, row.name) is None:
            fields.create(conn, child.id, name=row.name, field_type=row.field_type, order=row.ordinal)
            collections.touch(conn, child.id)
    return row


def update_field(conn: Connection, row: Row, changes: dict[str, Any]) -> Row:
    """Apply field changes; a rename follows into inheriting children without a clash."""
    try:
        updated = fields.update(conn, row, changes)
    except fields.DuplicateField:
        raise _duplicate(changes["name"], row.collection_id) from None
    if updated.name != row.name:
        for child in collections.inheriting_children(conn, row.collection_id):
            inherited = fields.by_name(conn, child.id, row.name)
            if inherited is not None and fields.by_name(conn, child.id, updated.name) is None:
                fields.update(conn, inherited, {"name": updated.name})
                collections.touch(conn, child.id)
    return updated


@routes.get("/collections/{collection_id:int}/schema", summary="Get all field definitions",
            openapi=OpenApi(response={"type": "array", "items": {"$ref": "#/components/schemas/FieldDefinition"}}))
def list_fields(request: Request, collection_id: int) -> list[dict]:
    """The schema fields of a collection the caller may view."""
    with request.ctx.store.read() as conn:
        guards.collection(conn, request, collection_id)
        rows = fields.list_for(conn, collection_id)
    return [_render(request, row) for row in rows]


@routes.get("/collections/{collection_id:int}/schema/{field_id:int}", summary="Get field definition",
            openapi=OpenApi(response="FieldDefinition"))
def get_field(request: Request, collection_id: int, field_id: int) -> dict:
    """404 when the field is not in this collection."""
    with request.ctx.store.read() as conn:
        guards.collection(conn, request, collection_id)
        row = _load_field(conn, collection_id, field_id)
    return _render(request, row)


@routes.patch("/collections/{collection_id:int}/schema", summary="Update field definitions (and add new ones)",
              openapi=OpenApi(body={"type": "array", "items": {"$ref": "#/components/schemas/FieldDefinition"}},
                              response={"type": "array", "items": {"$ref": "#/components/schemas/FieldDefinition"}}))
@retrying
def update_fields(request: Request, collection_id: int) -> list[dict]:
    """Entries with a `uri` update that field; entries without one add a field. Answers with those only."""
    specs = validation.expect_array(request.json())
    with request.ctx.store.write() as conn:
        guards.collection(conn, request, collection_id, EDIT)
        changed = []
        for position, spec in enumerate(specs):
            what = f"[{position}]"
            spec = validation.expect_object(spec, what)
            if spec.get("uri") is None:
                changed.append(add_field(conn, collection_id, fieldspecs.new_field(spec, position, request.ctx.settings.requests, "")))
                continue
            owner, field_id = links.parse(spec["uri"], "field", f"{what}.uri")
            if owner != collection_id:
                raise bad_request(f"{what}.uri {spec['uri']!r} is a field of collection {owner}, not {collection_id}")
            row = _load_field(conn, collection_id, field_id)
            changed.append(update_field(conn, row, fieldspecs.field_changes(spec, what, request.ctx.settings.requests)))
        collections.touch(conn, collection_id)
    return [_render(request, row) for row in changed]


@routes.patch("/collections/{collection_id:int}/schema/{field_id:int}", summary="Update field definition",
              openapi=OpenApi(body="FieldDefinition", response="FieldDefinition"))
@retrying
def update_one_field(request: Request, collection_id: int, field_id: int) -> dict:
    """Needs edit access; renames follow into inheriting metadata collections."""
    changes = fieldspecs.field_changes(validation.expect_object(request.json()), "field", request.ctx.settings.requests)
    with request.ctx.store.write() as conn:
        guards.collection(conn, request, collection_id, EDIT)
        row = update_field(conn, _load_field(conn, collection_id, field_id), changes)
        collections.touch(conn, collection_id)
    return _render(request, row)


@routes.delete("/collections/{collection_id:int}/schema", summary="Delete field definitions (and their values)",
               openapi=OpenApi(query={"fields": ("string", "Comma-separated field links, absolute or relative")},
                               response="Message"))
@retrying
def delete_fields(request: Request, collection_id: int) -> str:
    """Every `fields` link must belong to this collection; duplicates count once."""
    targets = validation.name_list(request.query.get("fields"), "fields")
    with request.ctx.store.write() as conn:
        guards.collection(conn, request, collection_id, EDIT)
        rows = []
        for link in targets:
            owner, field_id = links.parse(link, "field", "fields")
            if owner != collection_id:
                raise bad_request(f"{link!r} is a field of collection {owner}, not {collection_id}")
            rows.append(_load_field(conn, collection_id, field_id))
        for row in {row.id: row for row in rows}.values():
            fields.delete(conn, row)
        collections.touch(conn, collection_id)
    return f"Deleted {len({row.id for row in rows})} field(s)"


@routes.delete("/collections/{collection_id:int}/schema/{field_id:int}",
               summary="Delete field definition (and its values)", openapi=OpenApi(response="Message"))
@retrying
def delete_field(request: Request, collection_id: int, field_id: int) -> str:
    """Needs edit access; every value items held for the field goes with it."""
    with request.ctx.store.write() as conn:
        guards.collection(conn, request, collection_id, EDIT)
        fields.delete(conn, _load_field(conn, collection_id, field_id))
        collections.touch(conn, collection_id)
    return "Deleted 1 field(s)"
