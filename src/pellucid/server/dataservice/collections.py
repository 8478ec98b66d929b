"""Collections: /collections, their metadata collections and properties."""

from __future__ import annotations

from ..auth.policies import DATA_SERVICE
from ..http import validation
from ..http.errors import bad_request
from ..http.request import Request
from ..http.routing import OpenApi, RouteTable
from ..store import collections
from ..store import tables as t
from . import fieldspecs, guards, links, resources
from .guards import EDIT
from .listing import count_header, kept_params, paginated, parent_filter, requested_range
from .property_bags import PropertyBag

routes = RouteTable(DATA_SERVICE, tags=("Collections",))


def _source_filter(request: Request, conn) -> int | None:
    return parent_filter(request, conn, "dataSource", "data source", guards.data_source)


@routes.head("/collections", summary="Get all collections count (metadata collections excluded)",
             openapi=OpenApi(query={"dataSource": "string"}, response_headers={"Lucid-Collections-Total": "Number of collections you can access"}))
def count_collections(request: Request):
    """Counts only the collections the caller can see, optionally of one data source."""
    with request.ctx.store.read() as conn:
        total = collections.count(conn, guards.grantee(request), _source_filter(request, conn))
    return count_header("Lucid-Collections-Total", total)


@routes.get("/collections", summary="Get all collections (metadata collections excluded)",
            openapi=OpenApi(query={"start": "integer", "end": "integer", "dataSource": ("string", "Only collections of this data source")},
                            response="CollectionList"))
def list_collections(request: Request) -> dict:
    """One page of the caller's visible top-level collections; `dataSource` narrows it."""
    window = requested_range(request)
    links_ = guards.links(request)
    with request.ctx.store.read() as conn:
        data_source_id = _source_filter(request, conn)
        total = collections.count(conn, guards.grantee(request), data_source_id)
        rows = collections.page(conn, guards.grantee(request), window.offset, window.size, data_source_id)
    return paginated(request, "collections", f"{request.ctx.base_url}/collections", window, total,
                     [resources.collection(links_, row) for row in rows], kept_params(request, "dataSource"))


@routes.get("/collections/{collection_id:int}", summary="Get collection", openapi=OpenApi(response="Collection"))
def get_collection(request: Request, collection_id: int) -> dict:
    """404 when it does not exist, 403 when it exists but the caller may not view it."""
    with request.ctx.store.read() as conn:
        row = guards.collection(conn, request, collection_id)
    return resources.collection(guards.links(request), row)


@routes.post("/collections", summary="Create collection",
             openapi=OpenApi(body="CollectionCreate", response="Collection"))
def create_collection(request: Request) -> dict:
    """Needs edit access to the data source named in the body; the schema is validated first."""
    body = validation.expect_object(request.json())
    data_source_id = links.parse_id(body.get("dataSource"), "data source", "dataSource")
    name = validation.string(body, "name", required=True, max_length=request.ctx.settings.requests.max_name_length)
    schema = fieldspecs.new_schema(body.get("schema"), request.ctx.settings.requests)
    props = validation.properties(body.get("properties"), max_name_length=request.ctx.settings.requests.max_name_length)
    with request.ctx.store.write() as conn:
        guards.data_source(conn, request, data_source_id, EDIT)
        row = collections.create(conn, data_source_id=data_source_id, name=name, schema=schema, props=props)
    return resources.collection(guards.links(request), row)


@routes.patch("/collections/{collection_id:int}", summary="Update collection name and/or data source",
              openapi=OpenApi(body="CollectionUpdate", response="Collection"))
def update_collection(request: Request, collection_id: int) -> dict:
    """Only top-level collections can be updated; metadata collections cannot."""
    body = validation.expect_object(request.json())
    name = validation.string(body, "name", required=False, max_length=request.ctx.settings.requests.max_name_length)
    target = body.get("dataSource")
    with request.ctx.store.write() as conn:
        row = guards.collection(conn, request, collection_id, EDIT)
        if row.parent_id is not None:
            raise bad_request(f"Collection {collection_id} is a metadata collection; metadata collections cannot be updated")
        data_source_id = None
        if target is not None:
            data_source_id = links.parse_id(target, "data source", "dataSource")
            guards.data_source(conn, request, data_source_id, EDIT)
        row = collections.update(conn, collection_id, name=name, data_source_id=data_source_id)
    return resources.collection(guards.links(request), row)


@routes.delete("/collections/{collection_id:int}", summary="Delete collection, its metadata collections, schema and items",
               openapi=OpenApi(response="Message"))
def delete_collection(request: Request, collection_id: int) -> str:
    """Needs edit access; deleting a metadata collection touches its parent's modified time."""
    with request.ctx.store.write() as conn:
        row = guards.collection(conn, request, collection_id, EDIT)
        collections.delete(conn, collection_id)
        if row.parent_id is not None:
            collections.touch(conn, row.parent_id)
    return f"Collection {collection_id} deleted"


@routes.get("/collections/{collection_id:int}/metadata", summary="Get all metadata collections",
            openapi=OpenApi(response={"type": "array", "items": {"$ref": "#/components/schemas/Collection"}}))
def list_metadata_collections(request: Request, collection_id: int) -> list[dict]:
    """The metadata collections hanging off a collection the caller may view."""
    links_ = guards.links(request)
    with request.ctx.store.read() as conn:
        guards.collection(conn, request, collection_id)
        rows = collections.children(conn, collection_id)
    return [resources.collection(links_, row) for row in rows]


@routes.post("/collections/{collection_id:int}/metadata", summary="Create metadata collection",
             openapi=OpenApi(body="MetadataCollectionCreate", response="Collection"))
def create_metadata_collection(request: Request, collection_id: int) -> dict:
    """Needs edit access; the name defaults to the metadata type, and nesting is refused."""
    body = validation.expect_object(request.json())
    metadata_type = validation.string(body, "metadataType", required=True, max_length=request.ctx.settings.requests.max_name_length)
    name = validation.string(body, "name", required=False, max_length=request.ctx.settings.requests.max_name_length) or metadata_type
    schema = fieldspecs.new_schema(body.get("schema"), request.ctx.settings.requests)
    props = validation.properties(body.get("properties"), max_name_length=request.ctx.settings.requests.max_name_length)
    with request.ctx.store.write() as conn:
        parent = guards.collection(conn, request, collection_id, EDIT)
        if parent.parent_id is not None:
            raise bad_request(f"Collection {collection_id} is itself a metadata collection")
        row = collections.create(
            conn, data_source_id=parent.data_source_id, name=name, schema=schema, props=props,
            parent_id=collection_id, metadata_type=metadata_type,
        )
    return resources.collection(guards.links(request), row)


BAG = PropertyBag(t.collection_properties, guards.collection, collections.touch)


@routes.get("/collections/{collection_id:int}/properties", summary="Get collection properties",
            openapi=OpenApi(response="Properties"))
def get_collection_properties(request: Request, collection_id: int) -> dict:
    """The collection's property bag; viewing the collection is enough."""
    return BAG.get(request, collection_id)


@routes.patch("/collections/{collection_id:int}/properties", summary="Update collection properties",
              openapi=OpenApi(body="Properties", response="Properties"))
def update_collection_properties(request: Request, collection_id: int) -> dict:
    """Adds or replaces the given properties; answers with only those."""
    return BAG.patch(request, collection_id)


@routes.delete("/collections/{collection_id:int}/properties", summary="Delete collection properties",
               openapi=OpenApi(query={"properties": ("string", "Comma-separated property names")}, response="Message"))
def delete_collection_properties(request: Request, collection_id: int) -> str:
    """Deletes the properties named in `?properties=`; needs edit access to the collection."""
    return BAG.delete(request, collection_id)
