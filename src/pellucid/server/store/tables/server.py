"""The server's own state."""

from __future__ import annotations

import sqlalchemy as sa

from .base import metadata

# Key/value state of the server itself (signing keys, schema facts).
server_state = sa.Table(
    "server_state", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
