"""What a data connector did on a document, for the status endpoint and `pellucid admin
connector-status`: the binding's state, its collections with item errors, queued Patches and
the newest action log rows."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..dataservice.links import Links
from ..dataservice.resources import timestamp
from ..store.tables import connectors as tc
from . import bindings
from .packages import Connector

SHOWN_ACTIONS = 20


def _errors(conn: Connection, collection_id: int) -> dict[str, Any]:
    s = tc.connector_item_state.c
    rows = conn.execute(sa.select(s.item_key, s.errors, s.constraints)
                        .where(s.collection_id == collection_id).order_by(s.item_key)).all()
    return {row.item_key: {"errors": bindings.loads(row.errors), "constraints": bindings.loads(row.constraints)}
            for row in rows}


def render(conn: Connection, base_url: str, connector: Connector, document_id: str) -> dict[str, Any]:
    links = Links(base_url)
    body: dict[str, Any] = {"packageId": connector.package_id, "dataConnectorName": connector.name,
                            "documentId": document_id}
    binding = bindings.find(conn, connector.id, document_id)
    if binding is None:
        return {**body, "dataSource": None, "collections": [], "actions": []}
    a, p = tc.connector_actions.c, tc.connector_patches.c
    logged = conn.execute(sa.select(tc.connector_actions).where(a.binding_id == binding.id)
                          .order_by(a.id.desc()).limit(SHOWN_ACTIONS)).all()
    patches = conn.execute(sa.select(p.id, p.state, p.attempts, p.error, p.created)
                           .where(p.binding_id == binding.id, p.state != "done").order_by(p.id)).all()
    webhook = bindings.loads(binding.webhook_collections)
    return {
        **body,
        "dataSource": links.data_source(binding.data_source_id) if binding.data_source_id else None,
        "refreshing": binding.refresh_deadline is not None,
        "lastRefresh": timestamp(binding.last_refresh),
        "lastPoll": timestamp(binding.last_poll),
        "updateFilterType": binding.update_filter_type,
        "creationPermission": binding.creation_permission,
        "upstreamConfig": bindings.loads(binding.upstream_config),
        "sourceForeignKeys": bindings.loads(binding.source_foreign_keys, []),
        "webhook": None if webhook is None else {"documentCollections": webhook,
                                                  "webhookData": bindings.loads(binding.webhook_data)},
        "collections": [
            {"id": row.connector_collection_id, "collection": links.collection(row.id), "name": row.name,
             "syncStarted": timestamp(row.sync_started), "items": _errors(conn, row.id)}
            for row in bindings.collections(conn, binding.id)
        ],
        "patches": [{"id": row.id, "state": row.state, "attempts": row.attempts, "error": row.error,
                     "created": timestamp(row.created)} for row in patches],
        "actions": [{"action": row.action, "cause": row.cause, "started": timestamp(row.started),
                     "finished": timestamp(row.finished), "attempts": row.attempts, "status": row.status,
                     "error": row.error} for row in logged],
    }
