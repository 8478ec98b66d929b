"""Request pieces every adapter shares: the grant a new source gets, its target, the answer."""

from __future__ import annotations

from sqlalchemy.engine import Connection, Row

from ...auth.policies import DATA_SERVICE
from ...http.errors import bad_request
from ...http.request import Request
from ...http.routing import RouteTable
from ...store import collections, datasources
from .. import guards, links, resources
from ..guards import EDIT

routes = RouteTable(DATA_SERVICE, tags=("Adapters",))

PERMISSION_TYPES = ("user", "account", "document")
MULTIPART = "multipart/form-data"

GRANT_QUERY = {
    "permissionType": ("string", 'Grant on the new data source: "user" (default), "account" or "document"'),
    "document": ("string", "The document id a permissionType=document grant names (required with it)"),
}
FILE_BODY = {
    "type": "object",
    "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary", "description": "The file, with its filename"}},
}


def grant(request: Request) -> tuple[str, str]:
    """(permission type, identifier) of the new source's edit grant, from `permissionType`."""
    kind = request.query.get("permissionType") or "user"
    principal = request.principal
    if kind == "user":
        return kind, str(principal.user_id)
    if kind == "account":
        return kind, str(principal.account_id)
    if kind == "document":
        document = (request.query.get("document") or "").strip()
        if not document:
            raise bad_request("permissionType=document needs the document query parameter: the id of the "
                              "document whose users get access")
        return kind, document
    raise bad_request(f"permissionType must be one of {', '.join(PERMISSION_TYPES)}; got {kind!r}")


def source_id_of(request: Request) -> int:
    """The data source id from the required `?dataSource=` link; 400 when missing or malformed."""
    link = request.query.get("dataSource")
    if not link:
        raise bad_request("The dataSource query parameter is required, e.g. ?dataSource=/dataSources/12")
    return links.parse_id(link, "data source", "dataSource")


def render(request: Request, row: Row) -> dict:
    """The data source as the API shows it; link parameters only when the caller created it."""
    return resources.data_source(guards.links(request), row, request.principal.user_id, datasources.link_parameters(row))


def writable_source(conn: Connection, request: Request, data_source_id: int) -> Row:
    """The data source an adapter writes into: the caller needs edit access, else 404/403."""
    return guards.data_source(conn, request, data_source_id, EDIT)


def single_collection(conn: Connection, request: Request, data_source_id: int, collection_id: int | None) -> Row:
    """The collection a CSV overwrites: the named one (of this source), else the source's only one."""
    if collection_id is None:
        rows = collections.of_source(conn, data_source_id)
        if len(rows) != 1:
            what = "no collection" if not rows else f"{len(rows)} collections"
            raise bad_request(f"Data source {data_source_id} has {what}; name the collection to overwrite "
                              "with the collection query parameter")
        return guards.unlocked(rows[0])
    row = guards.collection(conn, request, collection_id, EDIT)
    if row.data_source_id != data_source_id:
        raise bad_request(f"Collection {collection_id} does not belong to data source {data_source_id}")
    if row.parent_id is not None:
        raise bad_request(f"Collection {collection_id} is a metadata collection; name a top-level collection")
    return guards.unlocked(row)
