"""The data-sync endpoints the SDK calls with a `data-update-token` (spec §5), under
`{public}/dataSync/` (Lucid's real base is not public; connectors get ours as `urls.dataSync`):

* `GET webhookAuthorization`: the webhook's shared secret (a JSON string), webhook tokens only;
* `GET`/`PATCH customWebhookData`: a JSON object kept per binding, patched as a JSON merge patch;
* `GET`/`PATCH dataSource/metadata`: key/value records with compare-and-set writes (409 and the
  current values when an `oldValue` does not match).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import orjson
import sqlalchemy as sa

from ..auth import update_tokens
from ..auth.policies import DATA_UPDATE
from ..http.errors import bad_request, forbidden
from ..http.request import Request
from ..http.responses import Response, json_response
from ..http.routing import OpenApi, RouteTable
from ..store import server_state
from ..store.tables import connectors as tc
from . import bindings

PREFIX = "/dataSync"
routes = RouteTable(DATA_UPDATE, tags=("Data connectors",))
m = tc.connector_metadata

RECORDS = {"type": "array", "items": {"type": "object", "properties": {"key": {"type": "string"}, "value": {}}}}
PATCHES = {"type": "array", "items": {"type": "object", "required": ["key"],
                                      "properties": {"key": {"type": "string"}, "oldValue": {}, "newValue": {}}}}


def _webhook_grant(request: Request) -> update_tokens.UpdateGrant:
    grant = request.principal
    if grant.kind != update_tokens.WEBHOOK:
        raise forbidden("Only the webhookToken of a ManageWebhook action reaches the webhook endpoints")
    return grant


@routes.get(f"{PREFIX}/webhookAuthorization", summary="Shared secret of a connector's webhook",
            openapi=OpenApi(headers={"webhook-validation-secret": "JSON, e.g. {\"oauth2\": {\"clientId\", \"clientSecret\"}}"},
                            response={"type": "string"}))
def webhook_authorization(request: Request) -> Response:
    """A secret stable for the binding and the validation secret the connector presents."""
    grant = _webhook_grant(request)
    presented = request.headers.get("webhook-validation-secret")
    if presented is None:
        raise bad_request("The webhook-validation-secret header is required")
    key = server_state.get_or_create(request.ctx.store, "connector-webhook-key")
    secret = hmac.new(key.encode(), f"{grant.binding_id}\n{presented}".encode(), hashlib.sha256).hexdigest()
    return json_response(secret)


@routes.get(f"{PREFIX}/customWebhookData", summary="Custom data kept for a connector's webhook",
            openapi=OpenApi(response={"type": "object"}))
def get_custom_webhook_data(request: Request) -> dict:
    """The binding's custom webhook data as last stored; an empty object before any."""
    grant = _webhook_grant(request)
    with request.ctx.store.read() as conn:
        return bindings.loads(bindings.get(conn, grant.binding_id).custom_webhook_data, {})


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: objects merge recursively, null removes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


@routes.patch(f"{PREFIX}/customWebhookData", summary="Patch the custom data of a connector's webhook",
              openapi=OpenApi(body={"type": "object"}, response={"type": "object"}))
def patch_custom_webhook_data(request: Request) -> dict:
    """A JSON merge patch (RFC 7386); answers with the whole object after it."""
    grant = _webhook_grant(request)
    patch = request.json()
    if not isinstance(patch, dict):
        raise bad_request("The body must be a JSON object")
    with request.ctx.store.write() as conn:
        current = bindings.loads(bindings.get(conn, grant.binding_id).custom_webhook_data, {})
        merged = merge_patch(current, patch)
        bindings.update(conn, grant.binding_id, custom_webhook_data=bindings.dumps(merged))
    return merged


@routes.get(f"{PREFIX}/dataSource/metadata", summary="Read metadata records of the connector's data source",
            openapi=OpenApi(query={"metadataKeys": ("string", "A key to read; repeatable"),
                               "metadataPrefixes": ("string", "Every key with this prefix; repeatable")},
                            response=RECORDS))
def get_metadata(request: Request) -> list[dict]:
    """The binding's metadata whose key is listed or starts with a listed prefix."""
    keys = request.query_list("metadataKeys")
    prefixes = request.query_list("metadataPrefixes")
    with request.ctx.store.read() as conn:
        rows = conn.execute(sa.select(m.c.key, m.c.value).where(m.c.binding_id == request.principal.binding_id)
                            .order_by(m.c.key)).all()
    return [{"key": key, "value": orjson.loads(value)} for key, value in rows
            if key in keys or any(key.startswith(prefix) for prefix in prefixes)]


def _patches(body: Any) -> list[dict]:
    if not isinstance(body, list) or not all(isinstance(p, dict) and isinstance(p.get("key"), str) for p in body):
        raise bad_request('The body must be an array of {"key", "oldValue", "newValue"}')
    return body


@routes.patch(f"{PREFIX}/dataSource/metadata", summary="Compare-and-set metadata records",
              status=204, openapi=OpenApi(body=PATCHES))
def patch_metadata(request: Request) -> Response | None:
    """All or nothing: when any record's value is not its `oldValue` (absent = null), 409 with
    the current values of the patched keys; else each becomes its `newValue` (null removes it)."""
    patches = _patches(request.json())
    binding_id = request.principal.binding_id
    with request.ctx.store.write() as conn:
        keys = [p["key"] for p in patches]
        current = {key: orjson.loads(value) for key, value in conn.execute(
            sa.select(m.c.key, m.c.value).where(m.c.binding_id == binding_id, m.c.key.in_(keys)))}
        if any(current.get(p["key"]) != p.get("oldValue") for p in patches):
            return json_response([{"key": key, "value": current.get(key)} for key in dict.fromkeys(keys)], status=409)
        conn.execute(sa.delete(m).where(m.c.binding_id == binding_id, m.c.key.in_(keys)))
        final = {p["key"]: p.get("newValue") for p in patches}
        rows = [{"binding_id": binding_id, "key": key, "value": orjson.dumps(value).decode()}
                for key, value in final.items() if value is not None]
        if rows:
            conn.execute(sa.insert(m), rows)
    return None
