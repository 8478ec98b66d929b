"""What a data connector did on a document, for the status endpoint and `pellucid admin
connector-status`: the binding's state, its collections with item errors, queued Patches and
the newest action log rows. And across documents, for the console: each action's last outcome
and its failures, on the documents a user can read."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..dataservice.links import Links
from ..dataservice.resources import timestamp
from ..store import permissions
from ..store import tables as t
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
    """A connector's state on a document: its data source, collections and latest actions."""
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


# ------------------------------------------------------------------ across documents (the console)

@dataclass(frozen=True, slots=True)
class ActionState:
    """One action of a binding: its newest log row, and the failures among the kept rows."""

    action: str
    last: Any  # the newest connector_actions row
    failures: int
    last_failure: Any  # the newest row with an error, None without one


@dataclass
class BindingState:
    """A connector used on a document, and how each of its actions last went."""

    binding: Any  # connector_bindings row, with the document's title and product
    actions: list[ActionState] = field(default_factory=list)


@dataclass
class ConnectorState:
    connector: Any  # data_connectors row with the package's name and version
    bindings: list[BindingState] = field(default_factory=list)


def overview(conn: Connection, user_id: int) -> list[ConnectorState]:
    """Every registered connector (by package and name) with its bindings on the untrashed
    documents the user can view, each with the last outcome and failures of every action."""
    p, c, b, d, a = (tc.extension_packages.c, tc.data_connectors.c, tc.connector_bindings.c, t.documents.c,
                     tc.connector_actions.c)
    connectors = conn.execute(
        sa.select(tc.data_connectors, p.name.label("package_name"), p.version)
        .join(tc.extension_packages, p.id == c.package_id).order_by(p.name, p.id, c.name)
    ).all()
    states = {row.id: ConnectorState(row) for row in connectors}
    bound = conn.execute(
        sa.select(tc.connector_bindings, d.title, d.product)
        .join(t.documents, d.id == b.document_id)
        .where(d.id.in_(permissions.reachable_documents(user_id)), d.trashed.is_(None))
        .order_by(d.title, b.id)
    ).all()
    by_id = {row.id: BindingState(row) for row in bound}
    for row in bound:
        states[row.connector_id].bindings.append(by_id[row.id])
    if not by_id:
        return list(states.values())
    ids = list(by_id)
    newest = sa.select(sa.func.max(a.id)).where(a.binding_id.in_(ids)).group_by(a.binding_id, a.action)
    failed = sa.select(sa.func.max(a.id)).where(a.binding_id.in_(ids), a.error.is_not(None)).group_by(a.binding_id, a.action)
    last_failures = {(row.binding_id, row.action): row
                     for row in conn.execute(sa.select(tc.connector_actions).where(a.id.in_(failed)))}
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for row in conn.execute(sa.select(a.binding_id, a.action, sa.func.count()).where(a.binding_id.in_(ids), a.error.is_not(None))
                            .group_by(a.binding_id, a.action)):
        counts[(row.binding_id, row.action)] = row[2]
    for row in conn.execute(sa.select(tc.connector_actions).where(a.id.in_(newest)).order_by(a.action)):
        key = (row.binding_id, row.action)
        by_id[row.binding_id].actions.append(ActionState(row.action, row, counts[key], last_failures.get(key)))
    return list(states.values())
