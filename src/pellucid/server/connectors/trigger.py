"""What Lucid's editor does with `performDataAction`, as an endpoint of ours:

    POST /extensions/{packageId}/dataConnectors/{connectorName}/actions
    {"documentId", "action": {"name", "data"}, "asynchronous": true, "userCredential"?}

with a REST user token that can edit the document; answers `{"status", "body"}` with what the
connector answered. And `GET .../status?documentId=` shows what happened since (the action
log, refresh and poll times, item errors, queued Patches).
"""

from __future__ import annotations

from typing import Any

from ..auth import update_tokens
from ..auth.policies import REST
from ..http import validation
from ..http.errors import ApiError, bad_request, not_found
from ..http.request import Request
from ..http.routing import OpenApi, RouteTable
from ..rest import access, roles
from ..rest.scope_branches import route_scopes
from . import actions, bindings, dispatch, packages, status

routes = RouteTable(REST, tags=("Data connectors",))

EDIT_SCOPES = route_scopes("content", "app.folder", "app.picker")
READ_SCOPES = route_scopes("content:readonly", "app.picker:readonly", "app.folder")
SENT_BY_THE_SERVER = ("Patch", "UnbatchedPatch", "ManageWebhook")  # fixed data shapes; see scheduler

TRIGGER_BODY = {
    "type": "object", "required": ["documentId", "action"],
    "properties": {
        "documentId": {"type": "string", "format": "uuid"},
        "action": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "data": {}}},
        "asynchronous": {"type": "boolean", "default": True,
                         "description": "Send a documentUpdateToken so the connector can write to the document"},
        "userCredential": {"type": "string", "description": "OAuth token for the package's provider; "
                                                              "default: the one stored for the user"},
    },
}
TRIGGER_RESULT = {"type": "object", "properties": {"status": {"type": "integer"}, "body": {}}}


def _connector(conn, package_id: str, name: str) -> packages.Connector:
    connector = packages.find(conn, package_id, name)
    if connector is None:
        what = "package" if not packages.package_exists(conn, package_id) else "data connector"
        raise not_found(f"No {what} {package_id}/{name} is registered")
    return connector


def _parse(request: Request) -> tuple[str, str, Any, bool, str | None]:
    data = validation.body(request)
    document_id = validation.uuid_text(data.get("documentId"), "documentId")
    action = validation.obj(data, "action")
    if action is None or not isinstance(action.get("name"), str) or not action["name"]:
        raise bad_request('action must be {"name": <action name>, "data": <any JSON>}')
    asynchronous = validation.boolean(data, "asynchronous")
    credential = validation.string(data, "userCredential", required=False)
    return document_id, action["name"], action.get("data"), asynchronous is not False, credential


def _prepare(request: Request, package_id: str, name: str) -> actions.Job:
    document_id, action, data, asynchronous, credential = _parse(request)
    if action in SENT_BY_THE_SERVER:
        raise bad_request(f"{action} is sent by the server itself (Data Service edits, new collections)")
    user_id = request.principal.user_id
    store = request.ctx.store
    with store.read() as conn:
        grant = access.document_access(conn, request.principal, document_id, EDIT_SCOPES, need=roles.EDIT)
        if not grant.can_edit:
            raise ApiError(403, "accessForbidden", "The access token cannot edit this document")
        connector = _connector(conn, package_id, name)
    if not connector.declares(action):
        raise bad_request(f"Action {action!r} is not among the dataActions of {package_id}/{name}")
    credential = credential or packages.credential(store, user_id, package_id)
    if not credential:
        raise bad_request(f"No userCredential was given and user {user_id} has none stored for package "
                          f"{package_id} (`pellucid admin set-credential`)")
    with store.write() as conn:
        binding = bindings.ensure(conn, connector.id, document_id, user_id)
    return actions.Job(connector, binding.id, action, "user", user_id, credential, data,
                       token_kind=update_tokens.DOCUMENT if asynchronous else None)


@routes.post("/extensions/{package_id}/dataConnectors/{connector_name}/actions",
             summary="Run a data connector action on a document (what the editor's performDataAction does)",
             scopes=EDIT_SCOPES, openapi=OpenApi(body=TRIGGER_BODY, response=TRIGGER_RESULT))
async def trigger_action(request: Request, package_id: str, connector_name: str) -> dict:
    """Signs and posts the action; an asynchronous one carries a documentUpdateToken for the
    document (valid for the configured time, reusable). The connector's status and body are
    relayed as they are; a connector that never answers is a 502 naming the cause."""
    job = await request.ctx.run(_prepare, request, package_id, connector_name)
    try:
        reply = await actions.run(request.ctx, job)
    except dispatch.Unreachable as failed:
        raise ApiError(502, "connectorUnavailable", f"The data connector did not answer: {failed.reason}",
                       {"attempts": failed.attempts}) from None
    return {"status": reply.status, "body": reply.body}


@routes.get("/extensions/{package_id}/dataConnectors/{connector_name}/status",
            summary="What a data connector did on a document: actions, errors, refresh and poll times",
            scopes=READ_SCOPES,
            openapi=OpenApi(query={"documentId": ("string", "The document")}, response={"type": "object"}))
def connector_status(request: Request, package_id: str, connector_name: str) -> dict:
    """Reading the document is enough; a document never imported shows empty lists."""
    document_id = validation.uuid_text(request.query.get("documentId"), "documentId")
    with request.ctx.store.read() as conn:
        access.document_access(conn, request.principal, document_id, READ_SCOPES)
        connector = _connector(conn, package_id, connector_name)
        return status.render(conn, request.ctx.base_url, connector, document_id)
