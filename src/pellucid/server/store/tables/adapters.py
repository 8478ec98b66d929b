"""Tables of the Google Sheets adapter: linked Google accounts and pending link requests.

Google tokens must be sent back to Google, so they cannot be hashed: they are encrypted (Fernet,
keyed from the configured Google client secret) and never returned by any endpoint. The state
and browser-binding values of a link request are stored only as sha256 digests.
"""

from __future__ import annotations

import sqlalchemy as sa

from .base import ID, MILLIS, metadata

google_credentials = sa.Table(
    "google_credentials", metadata,
    sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("access_token", sa.LargeBinary, nullable=False),  # encrypted
    sa.Column("access_expires", MILLIS, nullable=False),
    sa.Column("refresh_token", sa.LargeBinary),  # encrypted; NULL when Google gave none
    sa.Column("scope", sa.Text, nullable=False),
    sa.Column("created", MILLIS, nullable=False),
    sa.Column("updated", MILLIS, nullable=False),
)

# One row per started link: consumed by the callback, or expired after ten minutes.
google_link_requests = sa.Table(
    "google_link_requests", metadata,
    sa.Column("state_hash", sa.LargeBinary(32), primary_key=True),
    sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("verifier", sa.LargeBinary, nullable=False),  # encrypted PKCE code verifier
    sa.Column("browser_hash", sa.LargeBinary(32)),  # the browser that opened the link, once it has
    sa.Column("created", MILLIS, nullable=False),
    sa.Column("expires", MILLIS, nullable=False, index=True),
)
