"""Tables of the OAuth 2.0 authorization server: codes, browser sessions, spent refresh tokens.

Like every credential, codes and session ids are stored only as sha256 digests.
"""

from __future__ import annotations

import sqlalchemy as sa

from .tables import ID, MILLIS, metadata

# One row per authorization code; kept a day past expiry so that a replay still finds the grant
# the code produced and can revoke it (RFC 6749 §4.1.2).
oauth_codes = sa.Table(
    "oauth_codes", metadata,
    sa.Column("code_hash", sa.LargeBinary(32), primary_key=True),
    sa.Column("client_id", ID, sa.ForeignKey("oauth_clients.id", ondelete="CASCADE"), nullable=False),
    sa.Column("token_type", sa.String(8), nullable=False),  # "user" | "account"
    sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE")),  # NULL for account tokens
    sa.Column("account_id", ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("scopes", sa.Text, nullable=False),  # space-separated, canonical
    sa.Column("redirect_uri", sa.Text, nullable=False),
    sa.Column("code_challenge", sa.String(128)),
    sa.Column("code_challenge_method", sa.String(8)),  # "S256" | "plain"
    sa.Column("resource", sa.Text),  # RFC 8707 resource indicator of the request
    sa.Column("created", MILLIS, nullable=False),
    sa.Column("expires", MILLIS, nullable=False, index=True),
    sa.Column("used", MILLIS),
    sa.Column("grant_id", ID, sa.ForeignKey("oauth_grants.id", ondelete="SET NULL")),
)

# Browser sessions of the authorization pages. `user_id` is NULL until the visitor logs in;
# `csrf` is the per-session token every form must echo.
web_sessions = sa.Table(
    "web_sessions", metadata,
    sa.Column("id_hash", sa.LargeBinary(32), primary_key=True),
    sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE")),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created", MILLIS, nullable=False),
    sa.Column("expires", MILLIS, nullable=False, index=True),
)

# Refresh tokens already exchanged. Presenting one again means two parties hold the grant's
# credentials, so the grant is revoked (refresh token reuse detection).
oauth_spent_tokens = sa.Table(
    "oauth_spent_tokens", metadata,
    sa.Column("token_hash", sa.LargeBinary(32), primary_key=True),
    sa.Column("grant_id", ID, sa.ForeignKey("oauth_grants.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("expires", MILLIS, nullable=False, index=True),
)
