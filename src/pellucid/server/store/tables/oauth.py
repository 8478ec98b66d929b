"""Tables of the OAuth 2.0 authorization server: clients, grants, tokens, codes, browser sessions,
spent refresh tokens.

Like every credential, codes and session ids are stored only as sha256 digests.
"""

from __future__ import annotations

import sqlalchemy as sa

from .base import ID, MILLIS, id_column, metadata

oauth_clients = sa.Table(
    "oauth_clients", metadata,
    id_column(),
    # A Client ID Metadata Document client's id is the URL of its document.
    sa.Column("client_id", sa.String(2048), nullable=False, unique=True),
    sa.Column("secret_hash", sa.LargeBinary(32), nullable=False),  # random bytes for public clients
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("redirect_uris", sa.Text, nullable=False),  # JSON array
    sa.Column("created", MILLIS, nullable=False),
    # "none" for public clients (PKCE, no secret); confidential ones authenticate by post or basic.
    sa.Column("auth_method", sa.String(32), nullable=False, server_default="client_secret_basic"),
    # "native" clients may use a loopback redirect URI on any port (RFC 8252 7.3).
    sa.Column("application_type", sa.String(8), nullable=False, server_default="web"),
    sa.Column("registration", sa.String(8), nullable=False, server_default="admin"),  # admin|dynamic|document
    sa.Column("metadata", sa.Text),  # JSON: the RFC 7591 metadata as registered or fetched
    sa.Column("document_expires", MILLIS),  # when a fetched metadata document goes stale
    # Origins allowed to frame this client's direct embeds (`/embeds/link`): JSON array.
    sa.Column("embed_domains", sa.Text, nullable=False, server_default="[]"),
)

# One row per authorization (consent or `admin issue-token`); its tokens live and die together.
oauth_grants = sa.Table(
    "oauth_grants", metadata,
    id_column(),
    sa.Column("client_id", ID, sa.ForeignKey("oauth_clients.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("token_type", sa.String(8), nullable=False),  # "user" | "account"
    sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE")),
    sa.Column("account_id", ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("scopes", sa.Text, nullable=False),  # space-separated, as granted
    sa.Column("created", MILLIS, nullable=False),
    sa.Column("revoked", MILLIS),
    sa.Column("resource", sa.Text),  # RFC 8707: the resource its tokens are for; NULL: Lucid's APIs
)

oauth_tokens = sa.Table(
    "oauth_tokens", metadata,
    sa.Column("token_hash", sa.LargeBinary(32), primary_key=True),  # sha256 of the bearer string
    sa.Column("grant_id", ID, sa.ForeignKey("oauth_grants.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("kind", sa.String(8), nullable=False),  # "access" | "refresh"
    sa.Column("expires", MILLIS, nullable=False),
    sa.Column("created", MILLIS, nullable=False),
    sa.Column("resource", sa.Text),  # the token's audience (RFC 8707); NULL: Lucid's APIs
)

# One row, moved by database triggers whenever a row of oauth_tokens or oauth_grants is updated
# or deleted (revocation, refresh, cascades): a process may trust the token lookups it cached
# while the number stays the same (auth/tokens.py; triggers in migration 1101).
oauth_token_generation = sa.Table(
    "oauth_token_generation", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

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
