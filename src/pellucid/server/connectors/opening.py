"""A document opened long enough after its last refresh gets a HardRefresh: this marks its
bindings (with the user who opened it, whose credential is then used) for the scheduler,
which sends it in the background; the opening request does not wait."""

from __future__ import annotations

import sqlalchemy as sa

from ..http.request import Request
from ..store.tables import connectors as tc
from ..store.db import now_ms

b = tc.connector_bindings


def on_document_opened(request: Request, document_id: str) -> None:
    """Mark the document's stale bindings for a HardRefresh with the opening user's credential."""
    if request.principal is None or request.principal.user_id is None:
        return  # the refresh is sent with the opening user's credential: account tokens have none
    now = now_ms()
    age_ms = int(request.ctx.settings.connectors.refresh_age * 1000)
    stale = sa.and_(
        b.c.document_id == document_id, b.c.data_source_id.is_not(None), b.c.refresh_requested.is_(None),
        b.c.refresh_deadline.is_(None), sa.func.coalesce(b.c.last_refresh, b.c.created) <= now - age_ms,
    )
    with request.ctx.store.read() as conn:
        if conn.execute(sa.select(b.c.id).where(stale).limit(1)).first() is None:
            return
    with request.ctx.store.write() as conn:
        conn.execute(sa.update(b).where(stale).values(refresh_requested=now, refresh_user_id=request.principal.user_id))
