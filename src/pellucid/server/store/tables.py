"""Every static table. Timestamps are integer milliseconds since the epoch (UTC) on both backends.

Items are not here: each collection keeps its items in a table of its own (see `items.py`).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # INTEGER PRIMARY KEY is SQLite's rowid
MILLIS = sa.BigInteger


def _id() -> sa.Column:
    return sa.Column("id", ID, primary_key=True, autoincrement=True)


accounts = sa.Table(
    "accounts", metadata,
    _id(),
    sa.Column("name", sa.Text),
    sa.Column("license", sa.String(16), nullable=False, server_default="enterprise"),
    sa.Column("created", MILLIS, nullable=False),
)

users = sa.Table(
    "users", metadata,
    _id(),
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

oauth_clients = sa.Table(
    "oauth_clients", metadata,
    _id(),
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
)

# One row per authorization (consent or `admin issue-token`); its tokens live and die together.
oauth_grants = sa.Table(
    "oauth_grants", metadata,
    _id(),
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

# ---------------------------------------------------------------- Data Service

data_sets = sa.Table(
    "data_sets", metadata,
    _id(),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("creator_id", ID, nullable=False),
    sa.Column("created", MILLIS, nullable=False),
    sa.Column("modified", MILLIS, nullable=False),
)

data_set_properties = sa.Table(
    "data_set_properties", metadata,
    sa.Column("data_set_id", ID, sa.ForeignKey("data_sets.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),  # JSON
)

data_set_grants = sa.Table(
    "data_set_grants", metadata,
    _id(),
    sa.Column("data_set_id", ID, sa.ForeignKey("data_sets.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("permission_type", sa.String(8), nullable=False),
    sa.Column("identifier", sa.Text, nullable=False),
    sa.Column("role", sa.String(4), nullable=False),
    sa.Index("ix_data_set_grants_lookup", "permission_type", "identifier"),
)

data_sources = sa.Table(
    "data_sources", metadata,
    _id(),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("creator_id", ID, nullable=False),
    sa.Column("adapter_type", sa.String(48), nullable=False, server_default="UNKNOWN"),
    sa.Column("link_parameters", sa.Text, nullable=False, server_default="{}"),  # JSON object
    sa.Column("pending", sa.Boolean, nullable=False, server_default=sa.text("false")),
    sa.Column("data_set_id", ID, sa.ForeignKey("data_sets.id", ondelete="SET NULL"), index=True),
    sa.Column("created", MILLIS, nullable=False),
    sa.Column("last_modified", MILLIS, nullable=False),
)

source_grants = sa.Table(
    "source_grants", metadata,
    _id(),
    sa.Column("data_source_id", ID, sa.ForeignKey("data_sources.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("permission_type", sa.String(8), nullable=False),
    sa.Column("identifier", sa.Text, nullable=False),
    sa.Column("role", sa.String(4), nullable=False),
    sa.Index("ix_source_grants_lookup", "permission_type", "identifier"),
)

collections = sa.Table(
    "collections", metadata,
    _id(),
    sa.Column("data_source_id", ID, sa.ForeignKey("data_sources.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("parent_id", ID, sa.ForeignKey("collections.id", ondelete="CASCADE"), index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("metadata_type", sa.Text),
    sa.Column("created", MILLIS, nullable=False),
    sa.Column("last_modified", MILLIS, nullable=False),
    sa.Column("last_sync", MILLIS, nullable=False),
    sa.Column("version_timestamp", MILLIS, nullable=False),
    sa.Column("sync_started", MILLIS),
    sa.Column("next_seq", sa.BigInteger, nullable=False, server_default="1"),  # next item id
    sa.Column("item_count", sa.BigInteger, nullable=False, server_default="0"),
    # Items up to this id have their filter columns computed; bulk inserts leave them for the
    # first filter or key lookup to compute (store/items.py: ensure_filter_columns).
    sa.Column("filterable_through", sa.BigInteger, nullable=False, server_default="0"),
    # Moves with every change to the collection's fields, so processes can cache schemas.
    sa.Column("schema_version", sa.BigInteger, nullable=False, server_default="0"),
)

collection_properties = sa.Table(
    "collection_properties", metadata,
    sa.Column("collection_id", ID, sa.ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),  # JSON
)

fields = sa.Table(
    "fields", metadata,
    _id(),
    sa.Column("collection_id", ID, sa.ForeignKey("collections.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("field_type", sa.Text, nullable=False),
    sa.Column("is_primary", sa.Boolean, nullable=False, server_default=sa.text("false")),
    sa.Column("ordinal", sa.Integer, nullable=False),  # the API's "order"
    sa.Column("default_value", sa.Text),  # JSON, NULL when there is no default
    sa.Column("label", sa.Text),
    sa.Column("indexed", sa.Boolean, nullable=False, server_default=sa.text("false")),
    sa.UniqueConstraint("collection_id", "name"),
)

# Live item counts per block of 1024 consecutive item ids, so that the n-th item of a
# collection is found without an OFFSET scan over the items before it.
item_blocks = sa.Table(
    "item_blocks", metadata,
    sa.Column("collection_id", ID, sa.ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("block", sa.BigInteger, primary_key=True),
    sa.Column("count", sa.BigInteger, nullable=False),
)

# Key/value state of the server itself (signing keys, schema facts).
server_state = sa.Table(
    "server_state", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

# The tables of the OAuth server, the REST API and the adapters join this metadata (REST code reads them as t.*).
from . import tables_adapters, tables_oauth  # noqa: E402,F401
from .tables_rest import *  # noqa: E402,F401,F403
from . import tables_connectors  # noqa: E402,F401
