"""Data sources: /dataSources."""

from __future__ import annotations

import re
from typing import Any

from ..auth.policies import DATA_SERVICE
from ..http import validation
from ..http.errors import bad_request, forbidden
from ..http.request import Request
from ..http.routing import OpenApi, RouteTable
from ..store import datasources
from . import guards, links, resources
from .guards import EDIT
from .listing import count_header, kept_params, paginated, parent_filter, requested_range

routes = RouteTable(DATA_SERVICE, tags=("Data sources",))

# "there is an enum in the js client and in the Data Service of available values. Some of the
# valid values are: ..." -- the list is open, so any upper-case enum-like name is accepted.
_ADAPTER_TYPE = re.compile(r"[A-Z][A-Z0-9_]{0,47}")


def _adapter_type(body: dict[str, Any]) -> str | None:
    value = validation.string(body, "adapterType", required=False)
    if value is not None and not _ADAPTER_TYPE.fullmatch(value):
        raise bad_request(f"adapterType must be an upper-case adapter name such as DATA_API or CSV, got {value!r}")
    return value


def _render(request: Request, row) -> dict:
    return resources.data_source(guards.links(request), row, request.principal.user_id, datasources.link_parameters(row))


def _data_set_filter(request: Request, conn) -> int | None:
    return parent_filter(request, conn, "dataSet", "data set", guards.data_set)


@routes.head("/dataSources", summary="Get all data sources count",
             openapi=OpenApi(query={"dataSet": "string"}, response_headers={"Lucid-DataSources-Total": "Number of data sources you can access"}))
def count_data_sources(request: Request):
    """Counts only the data sources the caller can see, optionally of one data set."""
    with request.ctx.store.read() as conn:
        total = datasources.count(conn, guards.grantee(request), _data_set_filter(request, conn))
    return count_header("Lucid-DataSources-Total", total)


@routes.get("/dataSources", summary="Get all data sources (pending ones are hidden)",
            openapi=OpenApi(query={"start": "integer", "end": "integer", "dataSet": ("string", "Only sources of this data set")},
                            response="DataSourceList"))
def list_data_sources(request: Request) -> dict:
    """One page of the caller's visible data sources; `dataSet` narrows it."""
    window = requested_range(request)
    with request.ctx.store.read() as conn:
        data_set_id = _data_set_filter(request, conn)
        total = datasources.count(conn, guards.grantee(request), data_set_id)
        rows = datasources.page(conn, guards.grantee(request), window.offset, window.size, data_set_id)
    return paginated(request, "dataSources", f"{request.ctx.base_url}/dataSources", window, total,
                     [_render(request, row) for row in rows], kept_params(request, "dataSet"))


@routes.get("/dataSources/{data_source_id:int}", summary="Get data source", openapi=OpenApi(response="DataSource"))
def get_data_source(request: Request, data_source_id: int) -> dict:
    """Link parameters are shown only to the data source's creator."""
    with request.ctx.store.read() as conn:
        row = guards.data_source(conn, request, data_source_id)
    return _render(request, row)


@routes.post("/dataSources", summary="Create data source",
             openapi=OpenApi(body="DataSourceCreate", response="DataSource"))
def create_data_source(request: Request) -> dict:
    """Creates a data source and a source grant (edit) for the caller."""
    body = validation.expect_object(request.json())
    name = validation.string(body, "name", required=True, max_length=request.ctx.settings.requests.max_name_length)
    adapter_type = _adapter_type(body) or "UNKNOWN"
    pending = validation.boolean(body, "pending") or False
    data_set_link = body.get("dataSet")
    with request.ctx.store.write() as conn:
        data_set_id = None
        if data_set_link is not None:
            data_set_id = links.parse_id(data_set_link, "data set", "dataSet")
            guards.data_set(conn, request, data_set_id, EDIT)
        row = datasources.create(
            conn, name=name, creator_id=request.principal.user_id, adapter_type=adapter_type,
            pending=pending, data_set_id=data_set_id,
        )
    return _render(request, row)


@routes.patch("/dataSources/{data_source_id:int}", summary="Update data source",
              openapi=OpenApi(body="DataSourceUpdate", response="DataSource"))
def update_data_source(request: Request, data_source_id: int) -> dict:
    """Updates name (also accepted as `Name`), adapterType, linkParameters (creator only), pending, dataSet."""
    body = validation.expect_object(request.json())
    changes: dict[str, Any] = {}
    name_key = "name" if "name" in body else "Name"
    if name_key in body:
        changes["name"] = validation.string(body, name_key, required=True, max_length=request.ctx.settings.requests.max_name_length)
    adapter_type = _adapter_type(body)
    if adapter_type is not None:
        changes["adapter_type"] = adapter_type
    if body.get("pending") is not None:
        changes["pending"] = validation.boolean(body, "pending")
    if "linkParameters" in body:
        parameters = body["linkParameters"] if body["linkParameters"] is not None else {}
        if not isinstance(parameters, dict) or not all(isinstance(v, str) for v in parameters.values()):
            raise bad_request("linkParameters must be a JSON object of strings")
        changes["link_parameters"] = parameters
    with request.ctx.store.write() as conn:
        row = guards.data_source(conn, request, data_source_id, EDIT)
        if "link_parameters" in changes and row.creator_id != request.principal.user_id:
            raise forbidden("Only the creator of a data source can update its linkParameters")
        if "dataSet" in body:
            if body["dataSet"] is None:
                changes["data_set_id"] = None
            else:
                data_set_id = links.parse_id(body["dataSet"], "data set", "dataSet")
                guards.data_set(conn, request, data_set_id, EDIT)
                changes["data_set_id"] = data_set_id
        row = datasources.update(conn, data_source_id, changes)
    return _render(request, row)


@routes.delete("/dataSources/{data_source_id:int}", summary="Delete data source and everything in it",
               openapi=OpenApi(response="Message"))
def delete_data_source(request: Request, data_source_id: int) -> str:
    """Needs edit access; its collections, items, grants and link parameters go with it."""
    with request.ctx.store.write() as conn:
        guards.data_source(conn, request, data_source_id, EDIT)
        datasources.delete(conn, data_source_id)
    return f"Data source {data_source_id} deleted"
