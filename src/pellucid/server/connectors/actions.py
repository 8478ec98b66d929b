"""Running one action for a binding: envelope, token, refresh lock, send, unlock.

The envelope carries everything the official SDK insists on (non-empty packageVersion and
userCredential, dataConnectorName, documentCollections, updateFilterType) and the
documentUpdateToken of the right kind. The database work happens in short transactions
before and after the request; none is open while the connector runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from pellucid.protocol import ActionEnvelope
from pellucid.protocol.update import UNSET

from ..auth import update_tokens
from ..store import tables as t
from ..store.db import now_ms
from . import bindings, dispatch
from .packages import Connector

if TYPE_CHECKING:  # pragma: no cover
    from ..app import AppContext

REFRESHING = ("Import", "HardRefresh")  # their collections are locked (syncStarted) while in flight


@dataclass
class Job:
    connector: Connector
    binding_id: int
    action: str
    cause: str  # user | open | poll | edit | webhook
    user_id: int
    credential: str
    data: Any = UNSET
    token_kind: str | None = None  # the envelope's documentUpdateToken, if any
    build_data: Callable[[Connection, Row], Any] | None = None  # data that needs the transaction

    @property
    def locks(self) -> bool:
        """Whether the job locks the collections: refreshes run on a document token do."""
        return self.action in REFRESHING and self.token_kind == update_tokens.DOCUMENT


def token_ttl_ms(ctx: "AppContext") -> int:
    """How long an update token issued for an action stays valid, in milliseconds."""
    return int(ctx.settings.connectors.update_token_ttl * 1000)


def _begin(ctx: "AppContext", job: Job) -> ActionEnvelope:
    with ctx.store.write() as conn:
        binding = bindings.get(conn, job.binding_id)
        token = None
        if job.token_kind is not None:
            token = update_tokens.issue(conn, binding.id, job.token_kind, token_ttl_ms(ctx))
        if job.locks:
            bindings.lock(conn, binding.id, now_ms() + dispatch.lease_ms(ctx))
        data = job.build_data(conn, binding) if job.build_data is not None else job.data
        account_id = conn.execute(sa.select(t.users.c.account_id).where(t.users.c.id == job.user_id)).scalar_one()
        return ActionEnvelope(
            job.action, job.connector.package_id, job.connector.name,
            update_filter_type=binding.update_filter_type,
            document_collections=bindings.document_collections(conn, binding),
            action_data=data,
            package_version=job.connector.package_version,
            installation_id=f"{job.connector.package_id}:{account_id}",
            user_credential=job.credential,
            document_update_token=token,
            user_id=job.user_id,
            account_id=account_id,
            document_id=binding.document_id,
        )


def _end(ctx: "AppContext", binding_id: int, refreshed: bool) -> None:
    with ctx.store.write() as conn:
        bindings.unlock(conn, binding_id, refreshed)


async def run(ctx: "AppContext", job: Job) -> dispatch.Reply:
    """Send the job's action; raises dispatch.Unreachable when the connector never answered."""
    envelope = await ctx.run(_begin, ctx, job)
    reply = None
    try:
        reply = await dispatch.send(ctx, job.connector, envelope, binding_id=job.binding_id, cause=job.cause)
        return reply
    finally:
        if job.locks:
            await ctx.run(_end, ctx, job.binding_id, reply is not None and reply.ok)
