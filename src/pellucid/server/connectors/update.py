"""`POST /data/dataSource/update` (what the SDK calls) and `/v1/data/dataSource/update` (the
forum's path): a connector writes collections into a document with a `data-update-token`."""

from __future__ import annotations

from pellucid.protocol import DataSourceRequest, InvalidUpdateBody

from ..auth import update_tokens
from ..auth.policies import DATA_UPDATE
from ..dataservice.links import Links
from ..gcpause import gc_paused
from ..http.errors import ApiError, bad_request
from ..http.request import Request
from ..http.responses import Response, empty
from ..http.routing import OpenApi, RouteTable
from ..store.db import retrying
from . import apply, bindings

routes = RouteTable(DATA_UPDATE, tags=("Data connectors",))

UPDATE_RESULT = {
    "type": "object",
    "properties": {
        "dataSource": {"type": "string", "description": "Data Service link of the document's data source"},
        "collections": {"type": "object", "additionalProperties": {"type": "string"},
                        "description": "Connector collection id -> Data Service collection link"},
    },
}


def parse(body: object) -> DataSourceRequest:
    """The connector's update body; any malformation is one 400 with the reason."""
    try:
        return DataSourceRequest.from_json(body)
    except (InvalidUpdateBody, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise bad_request(f"The update body is not well-formed: {exc}") from None


@routes.post("/data/dataSource/update", summary="Create or update the document's data source (data connectors)",
             openapi=OpenApi(body={"type": "object", "description": "The dataSource/update body of lucid-extension-sdk"},
                             response=UPDATE_RESULT,
                             headers={"Lucid-Api-Version": "1 (optional)"}))
@retrying
def update_data_source(request: Request) -> Response | dict:
    """Applies the whole body in one transaction, or nothing: collections by the connector's
    id, schema, items (inexhaustive or exhaustive, rekeying, deletions), errors, per-item
    constraints and properties. Webhook tokens get an empty 200, as Lucid answers them."""
    with gc_paused():
        return _apply(request)


def _apply(request: Request) -> Response | dict:
    update = parse(request.json())
    grant = request.principal
    with request.ctx.store.write() as conn:
        binding = bindings.get(conn, grant.binding_id)
        allowed = None
        if grant.kind == update_tokens.WEBHOOK:
            allowed = set(bindings.loads(binding.webhook_collections, {}))
        try:
            applied = apply.update(conn, binding, grant.may_create, update, allowed)
        except apply.Refused as refused:
            code = "badRequest" if refused.status == 400 else "accessForbidden"
            raise ApiError(refused.status, code, refused.message) from None
    if grant.kind == update_tokens.WEBHOOK:
        return empty(200)
    links = Links(request.ctx.base_url)
    return {"dataSource": links.data_source(applied.data_source_id),
            "collections": {cid: links.collection(collection_id) for cid, collection_id in applied.collections.items()}}
