"""Sending one signed action request to a connector, with bounded time and retries, and
recording how it went in `connector_actions` (what the status endpoint shows).

Never called inside a database transaction: the connector calls back into the server
(dataSource/update, metadata, webhook endpoints) while its action request is open.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import httpx
import orjson
import sqlalchemy as sa

from pellucid.protocol import ActionEnvelope
from pellucid.protocol.signature import SignedActionRequest

from ..store.db import now_ms
from ..store.tables import connectors as tc
from . import secrets
from .packages import Connector

if TYPE_CHECKING:  # pragma: no cover
    from ..app import AppContext
    from ..store.db import Store

log = logging.getLogger("pellucid.connectors")
KEEP_ACTIONS = 50  # log rows kept per connector and document
MAX_BACKOFF = 8.0


@dataclass(frozen=True)
class Reply:
    """What the connector answered: its status and body (parsed JSON, else text, None when empty)."""

    status: int
    body: Any
    attempts: int

    @property
    def ok(self) -> bool:
        """Whether the connector answered with a 2xx status."""
        return 200 <= self.status < 300


class Unreachable(Exception):
    """Every attempt failed without an answer (refused, reset, timed out)."""

    def __init__(self, reason: str, attempts: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.attempts = attempts


def decode(content: bytes) -> Any:
    """A connector's response body: JSON if it parses, else the text; None when empty."""
    if not content:
        return None
    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError:
        return content.decode("utf-8", "replace")


def backoff(attempt: int) -> float:
    """Seconds to wait before retry `attempt`: doubling from half a second, capped."""
    return min(MAX_BACKOFF, 0.5 * 2 ** attempt)


def lease_ms(ctx: "AppContext") -> int:
    """How long one action may take, every attempt and wait included (locks expire after it)."""
    knobs = ctx.settings.connectors
    attempts = knobs.action_retries + 1
    waits = sum(backoff(n) for n in range(knobs.action_retries))
    return int((attempts * knobs.action_timeout + waits) * 1000) + 5000


async def send(ctx: "AppContext", connector: Connector, envelope: ActionEnvelope, *,
               binding_id: int | None, cause: str) -> Reply:
    """POST the signed envelope to the connector's URL for the action; retries connection
    errors, timeouts and 5xx with backoff, never a 4xx. Raises Unreachable."""
    action = envelope.action_name
    log_id = await ctx.run(_started, ctx, connector.id, binding_id, action, cause)
    signed = await ctx.run(_sign, ctx, connector.url(action), envelope)
    knobs = ctx.settings.connectors
    attempts, reason, reply = 0, "", None
    async with httpx.AsyncClient(timeout=knobs.action_timeout, trust_env=False) as client:
        for attempt in range(knobs.action_retries + 1):
            if attempt:
                await asyncio.sleep(backoff(attempt - 1))
            attempts += 1
            try:
                response = await client.post(signed.url, content=signed.body, headers=signed.headers)
            except httpx.HTTPError as exc:
                reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                continue
            reply = Reply(response.status_code, decode(response.content), attempts)
            if response.status_code < 500:
                break
    if reply is None:
        count_outcome(ctx, action, "unreachable")
        await ctx.run(partial(record, ctx.store, log_id, attempts=attempts, error=f"connector unreachable: {reason}"))
        log.warning("action %s to %s failed after %d attempt(s): %s", action, connector.name, attempts, reason)
        raise Unreachable(reason, attempts)
    error = None if reply.ok else f"connector answered {reply.status}: {_short(reply.body)}{_hint(reply)}"
    count_outcome(ctx, action, "ok" if reply.ok else f"{reply.status // 100}xx")
    await ctx.run(partial(record, ctx.store, log_id, attempts=attempts, status=reply.status, error=error))
    return Reply(reply.status, reply.body, attempts)


def count_outcome(ctx: "AppContext", action: str, outcome: str) -> None:
    """Metrics: an action request "ok", answered "4xx"/"5xx", "unreachable", or "not sent"."""
    if ctx.metrics is not None:
        ctx.metrics.connector_action(action, outcome)


def _hint(reply: Reply) -> str:
    """What a connector's refusal most likely means, for the status endpoint and the log."""
    if reply.status == 404 and reply.body == {"error": "Bad request"}:
        return (" (the connector rejected the request: a signature it could not verify, or an envelope it "
                "does not accept; is it using this server's key, GET /.well-known/pem/TPCP?)")
    if reply.status >= 500 and "could not verify the request" in _short(reply.body):
        return " (the connector failed to verify the request: it could not fetch this server's public key)"
    return ""


def _short(body: Any) -> str:
    text = body if isinstance(body, str) else orjson.dumps(body).decode()
    return text if len(text) <= 500 else text[:500] + "..."


def _started(ctx: "AppContext", connector_id: int, binding_id: int | None, action: str, cause: str) -> int:
    a = tc.connector_actions
    with ctx.store.write() as conn:
        return conn.execute(sa.insert(a).values(
            connector_id=connector_id, binding_id=binding_id, action=action, cause=cause, started=now_ms(),
        ).returning(a.c.id)).scalar_one()


def _sign(ctx: "AppContext", url: str, envelope: ActionEnvelope) -> SignedActionRequest:
    return secrets.signer(ctx.store).sign_request(url, envelope)


def record(store: "Store", log_id: int, **values: Any) -> None:
    """Complete a log row (and keep only the newest rows of its connector and document)."""
    a = tc.connector_actions
    with store.write() as conn:
        row = conn.execute(sa.update(a).where(a.c.id == log_id).values(finished=now_ms(), **values)
                           .returning(a.c.connector_id, a.c.binding_id)).one()
        same = sa.and_(a.c.connector_id == row.connector_id,
                       a.c.binding_id == row.binding_id if row.binding_id is not None else a.c.binding_id.is_(None))
        newest = sa.select(a.c.id).where(same).order_by(a.c.id.desc()).limit(KEEP_ACTIONS)
        conn.execute(sa.delete(a).where(same, a.c.id.not_in(newest)))


def note_error(store: "Store", connector_id: int, binding_id: int | None, action: str, cause: str, error: str) -> None:
    """Record an action that could not even be sent (no credential, nothing to send it to)."""
    a = tc.connector_actions
    now = now_ms()
    with store.write() as conn:
        conn.execute(sa.insert(a).values(connector_id=connector_id, binding_id=binding_id, action=action,
                                         cause=cause, started=now, finished=now, error=error))
