"""Accounts and their users."""

from __future__ import annotations

import sqlalchemy as sa

from .base import ID, MILLIS, id_column, metadata

accounts = sa.Table(
    "accounts", metadata,
    id_column(),
    sa.Column("name", sa.Text),
    sa.Column("license", sa.String(16), nullable=False, server_default="enterprise"),
    sa.Column("created", MILLIS, nullable=False),
)

users = sa.Table(
    "users", metadata,
    id_column(),
    sa.Column("account_id", ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("email_lower", sa.Text, nullable=False, unique=True),
    sa.Column("username", sa.Text, nullable=False),
    sa.Column("username_lower", sa.Text, nullable=False, unique=True),
    sa.Column("first_name", sa.Text, nullable=False),
    sa.Column("last_name", sa.Text, nullable=False),
    sa.Column("password_hash", sa.Text),
    sa.Column("roles", sa.Text, nullable=False, server_default="[]"),  # JSON array
    sa.Column("created", MILLIS, nullable=False),
)
