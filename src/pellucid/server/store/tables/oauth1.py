"""Tables of the legacy OAuth 1.0a provider (seed 002 "Legacy APIs"): consumers, request and
access tokens, and the nonces seen within the timestamp window.

HMAC signatures need the plain consumer and token secrets at verification time, so those are
encrypted at rest (Fernet, with the server's credential key, as connector credentials are);
tokens and verifiers, which are only ever compared, are stored as sha256 digests.
"""

from __future__ import annotations

import sqlalchemy as sa

from .base import ID, MILLIS, metadata

oauth1_consumers = sa.Table(
    "oauth1_consumers", metadata,
    sa.Column("id", ID, primary_key=True, autoincrement=True),
    sa.Column("consumer_key", sa.String(64), nullable=False, unique=True),
    sa.Column("secret", sa.LargeBinary, nullable=False),  # encrypted consumer secret
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("callback_uris", sa.Text, nullable=False),  # JSON array
    sa.Column("rsa_public_key", sa.Text),  # PEM, for RSA-SHA1 signatures
    sa.Column("created", MILLIS, nullable=False),
)

# Temporary credentials: made by /oauth/requestToken, authorized by a user on the
# authorization page (user_id and verifier set), exchanged once at /oauth/accessToken.
oauth1_request_tokens = sa.Table(
    "oauth1_request_tokens", metadata,
    sa.Column("token_hash", sa.LargeBinary(32), primary_key=True),
    sa.Column("consumer_id", ID, sa.ForeignKey("oauth1_consumers.id", ondelete="CASCADE"), nullable=False),
    sa.Column("secret", sa.LargeBinary, nullable=False),  # encrypted token secret
    sa.Column("callback", sa.Text, nullable=False),
    sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE")),
    sa.Column("verifier_hash", sa.LargeBinary(32)),
    sa.Column("created", MILLIS, nullable=False),
    sa.Column("expires", MILLIS, nullable=False, index=True),
)

# Token credentials: they act as their user and never expire; the user or an operator revokes them.
oauth1_access_tokens = sa.Table(
    "oauth1_access_tokens", metadata,
    sa.Column("id", ID, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.LargeBinary(32), nullable=False, unique=True),
    sa.Column("consumer_id", ID, sa.ForeignKey("oauth1_consumers.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("secret", sa.LargeBinary, nullable=False),  # encrypted token secret
    sa.Column("created", MILLIS, nullable=False),
)

# Nonces seen (a digest of consumer key, token, timestamp and nonce), kept while their timestamp
# is inside the window; with `--redis-url` they live in Redis instead. `expires` follows from the
# timestamp inside the digest, so the key is as unique as the digest alone; led by the expiry, it
# makes the table one b-tree (no rowid on SQLite) written at its end and purged from its start:
# every signed request writes a nonce, and this halves what that write costs (migration 1102).
oauth1_nonces = sa.Table(
    "oauth1_nonces", metadata,
    sa.Column("expires", MILLIS, primary_key=True),
    sa.Column("nonce_hash", sa.LargeBinary(32), primary_key=True),
    sqlite_with_rowid=False,
)
