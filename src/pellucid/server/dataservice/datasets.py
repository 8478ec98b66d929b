"""Data sets: /dataSets and their properties."""

from __future__ import annotations

from ..auth.policies import DATA_SERVICE
from ..http import validation
from ..http.request import Request
from ..http.routing import OpenApi, RouteTable
from ..store import datasets
from ..store import tables as t
from . import guards, resources
from .guards import EDIT
from .listing import count_header, paginated, requested_range
from .property_bags import PropertyBag

routes = RouteTable(DATA_SERVICE, tags=("Data sets",))


@routes.head("/dataSets", summary="Get all data sets count",
             openapi=OpenApi(response_headers={"Lucid-DataSets-Total": "Number of data sets you can access"}))
def count_data_sets(request: Request):
    """Counts only the data sets the caller can see through a grant or ownership."""
    with request.ctx.store.read() as conn:
        return count_header("Lucid-DataSets-Total", datasets.count(conn, guards.grantee(request)))


@routes.get("/dataSets", summary="Get all data sets",
            openapi=OpenApi(query={"start": "integer", "end": "integer"}, response="DataSetList"))
def list_data_sets(request: Request) -> dict:
    """One page of the data sets the caller can see."""
    window = requested_range(request)
    links = guards.links(request)
    with request.ctx.store.read() as conn:
        total = datasets.count(conn, guards.grantee(request))
        rows = datasets.page(conn, guards.grantee(request), window.offset, window.size)
    return paginated(request, "dataSets", links.data_sets(), window, total,
                     [resources.data_set(links, row) for row in rows])


@routes.get("/dataSets/{data_set_id:int}", summary="Get data set", openapi=OpenApi(response="DataSet"))
def get_data_set(request: Request, data_set_id: int) -> dict:
    """404 when it does not exist, 403 when it exists but the caller may not view it."""
    with request.ctx.store.read() as conn:
        row = guards.data_set(conn, request, data_set_id)
    return resources.data_set(guards.links(request), row)


@routes.post("/dataSets", summary="Create data set",
             openapi=OpenApi(body="DataSetCreate", response="DataSet"))
def create_data_set(request: Request) -> dict:
    """Creates a data set and a data set grant (edit) for the caller."""
    body = validation.expect_object(request.json())
    name = validation.string(body, "name", required=True, max_length=request.ctx.settings.requests.max_name_length)
    props = validation.properties(body.get("properties"), max_name_length=request.ctx.settings.requests.max_name_length)
    with request.ctx.store.write() as conn:
        row = datasets.create(conn, name, request.principal.user_id, props)
    return resources.data_set(guards.links(request), row)


@routes.patch("/dataSets/{data_set_id:int}", summary="Update data set name",
              openapi=OpenApi(body="DataSetUpdate", response="DataSet"))
def rename_data_set(request: Request, data_set_id: int) -> dict:
    """Only the name changes; needs edit access."""
    body = validation.expect_object(request.json())
    name = validation.string(body, "name", required=True, max_length=request.ctx.settings.requests.max_name_length)
    with request.ctx.store.write() as conn:
        guards.data_set(conn, request, data_set_id, EDIT)
        row = datasets.rename(conn, data_set_id, name)
    return resources.data_set(guards.links(request), row)


@routes.delete("/dataSets/{data_set_id:int}", summary="Delete data set", openapi=OpenApi(response="Message"))
def delete_data_set(request: Request, data_set_id: int) -> str:
    """Removes the data set, its grants and properties; its data sources stay, outside any set."""
    with request.ctx.store.write() as conn:
        guards.data_set(conn, request, data_set_id, EDIT)
        datasets.delete(conn, data_set_id)
    return f"Data set {data_set_id} deleted"


BAG = PropertyBag(t.data_set_properties, guards.data_set, datasets.touch)


@routes.get("/dataSets/{data_set_id:int}/properties", summary="Get data set properties",
            openapi=OpenApi(response="Properties"))
def get_data_set_properties(request: Request, data_set_id: int) -> dict:
    """The data set's property bag; viewing the data set is enough."""
    return BAG.get(request, data_set_id)


@routes.patch("/dataSets/{data_set_id:int}/properties", summary="Update data set properties",
              openapi=OpenApi(body="Properties", response="Properties"))
def update_data_set_properties(request: Request, data_set_id: int) -> dict:
    """Adds or replaces the given properties; answers with only those."""
    return BAG.patch(request, data_set_id)


@routes.delete("/dataSets/{data_set_id:int}/properties", summary="Delete data set properties",
               openapi=OpenApi(query={"properties": ("string", "Comma-separated property names")}, response="Message"))
def delete_data_set_properties(request: Request, data_set_id: int) -> str:
    """Deletes the properties named in `?properties=`; needs edit access to the data set."""
    return BAG.delete(request, data_set_id)
