"""Data set grants (/dataSetGrants) and data source grants (/sourceGrants).

Both kinds share one implementation, `GrantKind`; the routes below are thin declarations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import sqlalchemy as sa

from ..auth.policies import DATA_SERVICE
from ..http import validation
from ..http.errors import bad_request, not_found
from ..http.request import Request
from ..http.routing import OpenApi, RouteTable
from ..store import grants
from ..store import tables as t
from . import guards, links, resources
from .guards import EDIT


@dataclass(frozen=True)
class GrantKind:
    table: sa.Table
    owner: str  # "data set" | "data source": the link kind of the owner
    owner_key: str  # the owner's key in bodies and query strings: "dataSet" | "dataSource"
    owner_column: str
    load_owner: Callable[..., Any]
    render: Callable[..., dict]
    label: str  # "Data set grant" | "Source grant", as messages name them

    def _load(self, conn, request: Request, grant_id: int, need: str):
        grant = grants.get(conn, self.table, grant_id)
        if grant is None:
            raise not_found(f"{self.label} {grant_id} not found")
        self.load_owner(conn, request, getattr(grant, self.owner_column), need)
        return grant

    def list(self, request: Request) -> list[dict]:
        """The grants on the owner named by the required query parameter; viewing it is enough."""
        owner_link = request.query.get(self.owner_key)
        if not owner_link:
            raise bad_request(f"the {self.owner_key} query parameter is required, e.g. ?{self.owner_key}=<{self.owner} link>")
        owner_id = links.parse_id(owner_link, self.owner, self.owner_key)
        with request.ctx.store.read() as conn:
            self.load_owner(conn, request, owner_id)
            rows = grants.list_for(conn, self.table, owner_id)
        return [self.render(guards.links(request), row) for row in rows]

    def get(self, request: Request, grant_id: int) -> dict:
        """A grant, visible to whoever may view its owner."""
        with request.ctx.store.read() as conn:
            grant = self._load(conn, request, grant_id, guards.VIEW)
        return self.render(guards.links(request), grant)

    def create(self, request: Request) -> dict:
        """Needs edit access to the owner; user and account identifiers must be numeric ids."""
        body = validation.expect_object(request.json())
        owner_id = links.parse_id(body.get(self.owner_key), self.owner, self.owner_key)
        permission_type = validation.choice(body, "permissionType", grants.PERMISSION_TYPES, required=True)
        identifier = validation.string(body, "identifier", required=True)
        if permission_type in ("user", "account") and not validation.is_digits(identifier):
            raise bad_request(f"identifier of a {permission_type} grant must be a {permission_type} id, got {identifier!r}")
        role = validation.choice(body, "role", grants.ROLES, required=True)
        with request.ctx.store.write() as conn:
            self.load_owner(conn, request, owner_id, EDIT)
            grant = grants.create(conn, self.table, owner_id, permission_type, identifier, role)
        return self.render(guards.links(request), grant)

    def delete(self, request: Request, grant_id: int) -> str:
        """Needs edit access to the owner; the owner's last grant cannot be deleted (400)."""
        with request.ctx.store.write() as conn:
            grant = self._load(conn, request, grant_id, EDIT)
            try:
                grants.delete(conn, self.table, grant)
            except grants.LastGrant:
                raise bad_request(
                    f"{self.label} {grant_id} is the last grant of {self.owner} "
                    f"{getattr(grant, self.owner_column)}, which must keep at least one"
                ) from None
        return f"{self.label} {grant_id} deleted"


DATA_SET_GRANTS = GrantKind(
    t.data_set_grants, "data set", "dataSet", "data_set_id", guards.data_set, resources.data_set_grant, "Data set grant",
)
SOURCE_GRANTS = GrantKind(
    t.source_grants, "data source", "dataSource", "data_source_id", guards.data_source, resources.source_grant, "Source grant",
)

routes = RouteTable(DATA_SERVICE, tags=("Grants",))


@routes.get("/dataSetGrants", summary="Get all data set grants",
            openapi=OpenApi(query={"dataSet": ("string", "Data set link")}, response={"type": "array", "items": {"$ref": "#/components/schemas/DataSetGrant"}}))
def list_data_set_grants(request: Request) -> list[dict]:
    """The data set grants on data sets the caller may view."""
    return DATA_SET_GRANTS.list(request)


@routes.get("/dataSetGrants/{grant_id:int}", summary="Get data set grant", openapi=OpenApi(response="DataSetGrant"))
def get_data_set_grant(request: Request, grant_id: int) -> dict:
    """404/403 follow the granted data set's visibility, not the grant's."""
    return DATA_SET_GRANTS.get(request, grant_id)


@routes.post("/dataSetGrants", summary="Create data set grant",
             openapi=OpenApi(body="DataSetGrantCreate", response="DataSetGrant"))
def create_data_set_grant(request: Request) -> dict:
    """Needs edit access to the data set being shared."""
    return DATA_SET_GRANTS.create(request)


@routes.delete("/dataSetGrants/{grant_id:int}", summary="Delete data set grant (never the last one)",
               openapi=OpenApi(response="Message"))
def delete_data_set_grant(request: Request, grant_id: int) -> str:
    """Needs edit access to the data set; its last grant cannot be deleted (400)."""
    return DATA_SET_GRANTS.delete(request, grant_id)


@routes.get("/sourceGrants", summary="Get all source grants",
            openapi=OpenApi(query={"dataSource": ("string", "Data source link")}, response={"type": "array", "items": {"$ref": "#/components/schemas/SourceGrant"}}))
def list_source_grants(request: Request) -> list[dict]:
    """The source grants on data sources the caller may view."""
    return SOURCE_GRANTS.list(request)


@routes.get("/sourceGrants/{grant_id:int}", summary="Get source grant", openapi=OpenApi(response="SourceGrant"))
def get_source_grant(request: Request, grant_id: int) -> dict:
    """404/403 follow the granted data source's visibility, not the grant's."""
    return SOURCE_GRANTS.get(request, grant_id)


@routes.post("/sourceGrants", summary="Create source grant",
             openapi=OpenApi(body="SourceGrantCreate", response="SourceGrant"))
def create_source_grant(request: Request) -> dict:
    """Needs edit access to the data source being shared."""
    return SOURCE_GRANTS.create(request)


@routes.delete("/sourceGrants/{grant_id:int}", summary="Delete source grant (never the last one)",
               openapi=OpenApi(response="Message"))
def delete_source_grant(request: Request, grant_id: int) -> str:
    """Needs edit access to the data source; its last grant cannot be deleted (400)."""
    return SOURCE_GRANTS.delete(request, grant_id)
