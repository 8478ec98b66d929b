"""The reserved actions, sent as the real service sends them, by one background loop per
server process (started and stopped with the app):

* HardRefresh when a user opened a document more than `refresh_age` after its last refresh
  (`opening.py` marks the binding; the loop sends it);
* Poll every `poll_interval` for every document with connector data;
* ManageWebhook after an update made new collections (the document starts tracking them);
* Patch for edits made through the Data Service API (`edits.py` queues them).

Work is claimed with compare-and-set updates, so several server processes over one database
never send the same action twice; at most `concurrency` actions run at once per process.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Awaitable, Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from pellucid.protocol import (
    ManageWebhookData,
    ManageWebhookReply,
    PatchBatch,
    PatchEntry,
    PatchReply,
)
from pellucid.protocol.actions import ItemPatchData, WebhookData
from pellucid.protocol.update import UNSET

from ..auth import update_tokens
from ..http.validation import is_digits
from ..store.db import now_ms
from ..store.tables import connectors as tc
from . import actions, apply, bindings, dispatch, packages

if TYPE_CHECKING:  # pragma: no cover
    from ..app import AppContext

log = logging.getLogger("pellucid.connectors")
b, p = tc.connector_bindings, tc.connector_patches
MAX_CLAIMS = 100  # jobs claimed per tick
PRUNE_EVERY_MS = 60_000


@dataclass(frozen=True)
class Claim:
    kind: str  # HardRefresh | Poll | ManageWebhook | Patch
    binding_id: int
    user_id: int | None = None  # whose credential (HardRefresh: the user who opened the document)
    patch_ids: tuple[int, ...] = ()


def _cas(conn: Connection, table: sa.Table, row_id: int, guard: sa.ColumnElement[bool], **values: Any) -> bool:
    """Claim a row: update it only if `guard` still holds (another process may have claimed it)."""
    return conn.execute(sa.update(table).where(table.c.id == row_id, guard).values(**values)).rowcount == 1


def claim(ctx: "AppContext", busy: set[tuple[str, int]], prune: bool) -> list[Claim]:
    """Due work: expired locks released, then refreshes, polls, webhooks and patches claimed."""
    knobs = ctx.settings.connectors
    now = now_ms()
    claims: list[Claim] = []
    with ctx.store.write() as conn:
        for row in conn.execute(sa.select(b.c.id).where(b.c.refresh_deadline < now)).all():
            bindings.unlock(conn, row.id, refreshed=False)
        if prune:
            update_tokens.prune(conn)
        idle = b.c.refresh_deadline.is_(None)
        for row in conn.execute(sa.select(b.c.id, b.c.refresh_user_id, b.c.user_id)
                                .where(b.c.refresh_requested.is_not(None), idle).limit(MAX_CLAIMS)).all():
            if ("HardRefresh", row.id) not in busy and _cas(conn, b, row.id, b.c.refresh_requested.is_not(None),
                                                             refresh_requested=None):
                claims.append(Claim("HardRefresh", row.id, row.refresh_user_id or row.user_id))
        if knobs.poll_interval > 0:
            last = sa.func.coalesce(b.c.last_poll, b.c.last_refresh, b.c.created)
            due = now - int(knobs.poll_interval * 1000)
            for row in conn.execute(sa.select(b.c.id, b.c.user_id).where(
                    b.c.data_source_id.is_not(None), idle, last <= due).limit(MAX_CLAIMS)).all():
                if ("Poll", row.id) not in busy and _cas(conn, b, row.id, last <= due, last_poll=now):
                    claims.append(Claim("Poll", row.id, row.user_id))
        for row in conn.execute(sa.select(b.c.id, b.c.user_id).where(b.c.webhook_pending.is_(True), idle)
                                .limit(MAX_CLAIMS)).all():
            if _cas(conn, b, row.id, b.c.webhook_pending.is_(True), webhook_pending=False):
                claims.append(Claim("ManageWebhook", row.id, row.user_id))
        lease = now + dispatch.lease_ms(ctx)
        due_patches: dict[int, list[int]] = {}
        for row in conn.execute(sa.select(p.c.id, p.c.binding_id, p.c.next_attempt).where(
                p.c.state.in_(("pending", "sending")), p.c.next_attempt <= now).order_by(p.c.id).limit(MAX_CLAIMS)).all():
            if ("Patch", row.binding_id) not in busy and _cas(conn, p, row.id, p.c.next_attempt == row.next_attempt,
                                                              state="sending", next_attempt=lease,
                                                              attempts=p.c.attempts + 1):
                due_patches.setdefault(row.binding_id, []).append(row.id)
        claims += [Claim("Patch", binding_id, patch_ids=tuple(ids)) for binding_id, ids in due_patches.items()]
    return claims


class Scheduler:
    def __init__(self, ctx: "AppContext") -> None:
        self.ctx = ctx
        knobs = ctx.settings.connectors
        self.tick = min(1.0, knobs.poll_interval) if knobs.poll_interval > 0 else 1.0
        self.slots = asyncio.Semaphore(max(1, knobs.concurrency))
        self.busy: set[tuple[str, int]] = set()
        self.tasks: set[asyncio.Task] = set()
        self.loop_task: asyncio.Task | None = None
        self.pruned = 0

    async def start(self) -> None:
        """Start the loop that claims and runs due connector jobs."""
        self.loop_task = asyncio.create_task(self._loop(), name="pellucid-connectors")

    async def stop(self) -> None:
        """Cancel the loop and the jobs in flight, and wait for them to end."""
        for task in [self.loop_task, *self.tasks]:
            if task is not None:
                task.cancel()
        await asyncio.gather(*[t for t in [self.loop_task, *self.tasks] if t is not None], return_exceptions=True)

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # noqa: BLE001 - the loop must outlive one bad tick
                log.exception("connector scheduler tick failed")
            await asyncio.sleep(self.tick)

    async def run_once(self) -> None:
        """Claim the due jobs not already running and start them; prune old records now and then."""
        prune = now_ms() - self.pruned > PRUNE_EVERY_MS
        if prune:
            self.pruned = now_ms()
        for job in await self.ctx.run(claim, self.ctx, set(self.busy), prune):
            key = (job.kind, job.binding_id)
            self.busy.add(key)
            task = asyncio.create_task(self._guarded(key, JOBS[job.kind](self.ctx, job)))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    async def _guarded(self, key: tuple[str, int], work: Awaitable[None]) -> None:
        try:
            async with self.slots:
                await work
        except dispatch.Unreachable:
            pass  # recorded by dispatch
        except Exception:  # noqa: BLE001
            log.exception("connector job %s failed", key)
        finally:
            self.busy.discard(key)


# ------------------------------------------------------------------------------ jobs


def _context(ctx: "AppContext", claim_: Claim) -> tuple[Row, packages.Connector, int, str | None]:
    """(binding, connector, user, credential): the claim's user's credential, else the binding
    owner's (the user who last ran an action there)."""
    with ctx.store.read() as conn:
        binding = bindings.get(conn, claim_.binding_id)
        connector = packages.get(conn, binding.connector_id)
    for user_id in dict.fromkeys([claim_.user_id or binding.user_id, binding.user_id]):
        credential = packages.credential(ctx.store, user_id, connector.package_id)
        if credential:
            return binding, connector, user_id, credential
    return binding, connector, binding.user_id, None


CAUSES = {"HardRefresh": "open", "Poll": "poll", "ManageWebhook": "webhook", "Patch": "edit"}


async def _prepared(ctx: "AppContext", claim_: Claim) -> tuple[Row, packages.Connector, int, str] | None:
    binding, connector, user_id, credential = await ctx.run(_context, ctx, claim_)
    if not connector.declares(claim_.kind):
        return None
    if credential is None:
        dispatch.count_outcome(ctx, claim_.kind, "not sent")
        await ctx.run(dispatch.note_error, ctx.store, connector.id, binding.id, claim_.kind, CAUSES[claim_.kind],
                      f"no credential stored for user {user_id} and package {connector.package_id}")
        return None
    return binding, connector, user_id, credential


async def refresh_or_poll(ctx: "AppContext", claim_: Claim) -> None:
    """Run a claimed hard refresh or poll; a document token for refreshes, a poll token else."""
    prepared = await _prepared(ctx, claim_)
    if prepared is not None:
        _, connector, user_id, credential = prepared
        kind = update_tokens.DOCUMENT if claim_.kind == "HardRefresh" else update_tokens.POLL
        await actions.run(ctx, actions.Job(connector, claim_.binding_id, claim_.kind, CAUSES[claim_.kind],
                                           user_id, credential, None, token_kind=kind))


async def manage_webhook(ctx: "AppContext", claim_: Claim) -> None:
    """Ask the connector to (re)register its webhook, with a fresh webhook token."""
    prepared = await _prepared(ctx, claim_)
    if prepared is None:
        return
    _, connector, user_id, credential = prepared

    def data(conn: Connection, binding: Row) -> ManageWebhookData:
        update_tokens.revoke(conn, binding.id, update_tokens.WEBHOOK)
        token = update_tokens.issue(conn, binding.id, update_tokens.WEBHOOK, None)
        kept = bindings.loads(binding.webhook_collections)
        hooks = [] if kept is None else [WebhookData(kept, bindings.loads(binding.webhook_data))]
        return ManageWebhookData(token, hooks)

    reply = await actions.run(ctx, actions.Job(connector, claim_.binding_id, "ManageWebhook", "webhook",
                                               user_id, credential, build_data=data))
    if reply.ok:
        await ctx.run(_keep_webhook, ctx, connector.id, claim_.binding_id, reply.body)


def _keep_webhook(ctx: "AppContext", connector_id: int, binding_id: int, body: Any) -> None:
    """Honour the reply: the webhook token then covers exactly the collections it names."""
    try:
        kept = ManageWebhookReply.from_json(body)
        collections = kept.document_collections
        if collections is not None and not (isinstance(collections, dict) and
                                            all(isinstance(v, list) for v in collections.values())):
            raise ValueError("documentCollections")
    except (AttributeError, TypeError, ValueError):
        dispatch.note_error(ctx.store, connector_id, binding_id, "ManageWebhook", "webhook",
                            "reply not understood: expected {documentCollections, webhookData}")
        return
    with ctx.store.write() as conn:
        webhook_data = None if kept.webhook_data is UNSET else bindings.dumps(kept.webhook_data)
        bindings.update(conn, binding_id, webhook_collections=bindings.dumps(collections) if collections else None,
                        webhook_data=webhook_data)
        if not collections:
            update_tokens.revoke(conn, binding_id, update_tokens.WEBHOOK)


async def send_patches(ctx: "AppContext", claim_: Claim) -> None:
    """Send pending patches; without a Patch action or credential they are closed as not sent."""
    prepared = await _prepared(ctx, claim_)
    if prepared is None:
        await ctx.run(_finish_patches, ctx, claim_.patch_ids, "not sent: the connector declares no Patch action "
                                                              "or no credential is stored")
        return
    _, connector, user_id, credential = prepared

    def data(conn: Connection, binding: Row) -> list[PatchBatch]:
        token = update_tokens.issue(conn, binding.id, update_tokens.PATCH, actions.token_ttl_ms(ctx))
        cc = tc.connector_collections.c
        rows = conn.execute(sa.select(p.c.id, p.c.patch, cc.connector_collection_id)
                            .join(tc.connector_collections, cc.collection_id == p.c.collection_id)
                            .where(p.c.id.in_(claim_.patch_ids)).order_by(p.c.id)).all()
        entries = []
        for row in rows:
            edit = bindings.loads(row.patch)
            entries.append(PatchEntry(str(row.id), ItemPatchData(
                str(binding.data_source_id), row.connector_collection_id, edit["itemsAdded"],
                edit["itemsChanged"], edit["itemsDeleted"])))
        return [PatchBatch(connector.package_version, credential, token, entries)]

    try:
        reply = await actions.run(ctx, actions.Job(connector, claim_.binding_id, "Patch", "edit",
                                                   user_id, credential, build_data=data))
    except dispatch.Unreachable as failed:
        await ctx.run(_finish_patches, ctx, claim_.patch_ids, f"connector unreachable: {failed.reason}")
        raise
    if not reply.ok:
        await ctx.run(_finish_patches, ctx, claim_.patch_ids, f"connector answered {reply.status}")
        return
    await ctx.run(_apply_patch_reply, ctx, connector.id, claim_, reply.body)


def _finish_patches(ctx: "AppContext", patch_ids: tuple[int, ...], error: str | None) -> None:
    """Done patches are forgotten; failed ones stay, with why, for the status endpoint."""
    with ctx.store.write() as conn:
        if error is None:
            conn.execute(sa.delete(p).where(p.c.id.in_(patch_ids)))
        else:
            conn.execute(sa.update(p).where(p.c.id.in_(patch_ids)).values(state="failed", error=error))


def _apply_patch_reply(ctx: "AppContext", connector_id: int, claim_: Claim, body: Any) -> None:
    """The connector's changes, applied like an update (nothing when any part is refused), and
    its errors attached to the items they name."""
    try:
        with ctx.store.write() as conn:
            binding = bindings.get(conn, claim_.binding_id)
            reply = PatchReply.from_json(body)
            for _, change in reply.collection_changes():
                apply.collection(conn, binding, binding.data_source_id, change.collection_id, change.items_patch,
                                 change.schema, None, may_create=False)
            collection_of = dict(conn.execute(sa.select(p.c.id, p.c.collection_id)
                                              .where(p.c.id.in_(claim_.patch_ids))).all())
            for patch_id, item_errors in reply.errors.items():
                collection_id = collection_of.get(int(patch_id)) if is_digits(str(patch_id)) else None
                if collection_id is not None:
                    apply.item_state(conn, collection_id, dict(item_errors), None)
            conn.execute(sa.delete(p).where(p.c.id.in_(claim_.patch_ids)))
    except (apply.Refused, AttributeError, KeyError, TypeError, ValueError) as exc:
        reason = exc.message if isinstance(exc, apply.Refused) else f"reply not understood ({type(exc).__name__})"
        _finish_patches(ctx, claim_.patch_ids, reason)
        dispatch.note_error(ctx.store, connector_id, claim_.binding_id, "Patch", "edit", reason)


JOBS: dict[str, Callable[["AppContext", Claim], Awaitable[None]]] = {
    "HardRefresh": refresh_or_poll,
    "Poll": refresh_or_poll,
    "ManageWebhook": manage_webhook,
    "Patch": send_patches,
}


def install(ctx: "AppContext") -> None:
    """Start the loop with the app and stop it with it."""
    scheduler = Scheduler(ctx)
    ctx.on_startup.append(scheduler.start)
    ctx.on_shutdown.insert(0, scheduler.stop)
