"""Tables of the data connector side: extension packages, their connectors, per-user
credentials, the binding of a connector to a document (and the data source it writes),
update tokens, metadata, the action log and the Patch outbox.

Update tokens are stored as sha256 digests, credentials encrypted (see `connectors/credentials.py`).
"""

from __future__ import annotations

import sqlalchemy as sa

from .base import ID, MILLIS, id_column, metadata


extension_packages = sa.Table(
    "extension_packages", metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # the manifest's id (a UUID)
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("version", sa.Text, nullable=False),
    sa.Column("created", MILLIS, nullable=False),
    sa.Column("modified", MILLIS, nullable=False),
)

# `data_actions` NULL: registered in the short form, every action is posted to callback_base_url.
data_connectors = sa.Table(
    "data_connectors", metadata,
    id_column(),
    sa.Column("package_id", sa.String(64), sa.ForeignKey("extension_packages.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("oauth_provider_name", sa.Text),
    sa.Column("callback_base_url", sa.Text, nullable=False),
    sa.Column("data_actions", sa.Text),  # JSON object: action name -> URL suffix
    sa.UniqueConstraint("package_id", "name"),
)

connector_credentials = sa.Table(
    "connector_credentials", metadata,
    sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("package_id", sa.String(64), sa.ForeignKey("extension_packages.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("secret", sa.LargeBinary, nullable=False),  # Fernet token of the credential
    sa.Column("created", MILLIS, nullable=False),
)

# A connector used on a document: the data source it writes (made by the first update), who set
# it up, what the last update body said about the source, and the reserved actions' state.
connector_bindings = sa.Table(
    "connector_bindings", metadata,
    id_column(),
    sa.Column("connector_id", ID, sa.ForeignKey("data_connectors.id", ondelete="CASCADE"), nullable=False),
    sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("data_source_id", ID, sa.ForeignKey("data_sources.id", ondelete="SET NULL"), unique=True),
    sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),  # last to trigger an action
    sa.Column("update_filter_type", sa.String(32), nullable=False, server_default="AllUpdates"),
    sa.Column("creation_permission", sa.String(16)),
    sa.Column("upstream_config", sa.Text),  # JSON, as last received
    sa.Column("source_foreign_keys", sa.Text),  # JSON array, as last received
    sa.Column("custom_webhook_data", sa.Text),  # JSON object (customWebhookData endpoint)
    sa.Column("webhook_collections", sa.Text),  # JSON: documentCollections of the last ManageWebhook reply
    sa.Column("webhook_data", sa.Text),  # JSON: webhookData of that reply
    sa.Column("webhook_pending", sa.Boolean, nullable=False, server_default=sa.text("false")),
    sa.Column("refresh_requested", MILLIS),  # a user opened the document; HardRefresh due
    sa.Column("refresh_user_id", ID),
    sa.Column("refresh_deadline", MILLIS),  # Import/HardRefresh in flight until then
    sa.Column("last_refresh", MILLIS),
    sa.Column("last_poll", MILLIS),
    sa.Column("created", MILLIS, nullable=False),
    sa.UniqueConstraint("connector_id", "document_id"),
)

# The connector's collection id for each collection it made, and its full schema as sent.
connector_collections = sa.Table(
    "connector_collections", metadata,
    sa.Column("collection_id", ID, sa.ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("binding_id", ID, sa.ForeignKey("connector_bindings.id", ondelete="CASCADE"), nullable=False),
    sa.Column("connector_collection_id", sa.Text, nullable=False),
    sa.Column("schema", sa.Text, nullable=False),  # JSON: the "ForApi" schema object
    sa.UniqueConstraint("binding_id", "connector_collection_id"),
)

# Errors and per-item constraints a connector attached to items (or to the collection, under
# the key "__CollectionUpstreamSchemaStatus__"); overwritten, never merged, as the SDK says.
connector_item_state = sa.Table(
    "connector_item_state", metadata,
    sa.Column("collection_id", ID, sa.ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("item_key", sa.Text, primary_key=True),
    sa.Column("errors", sa.Text),  # JSON
    sa.Column("constraints", sa.Text),  # JSON: field name -> [constraint]
)

update_tokens = sa.Table(
    "update_tokens", metadata,
    sa.Column("token_hash", sa.LargeBinary(32), primary_key=True),
    sa.Column("binding_id", ID, sa.ForeignKey("connector_bindings.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("kind", sa.String(16), nullable=False),  # document | poll | patch | webhook
    sa.Column("may_create", sa.Boolean, nullable=False),
    sa.Column("expires", MILLIS),  # NULL: lives until revoked (webhook tokens)
    sa.Column("created", MILLIS, nullable=False),
)

connector_metadata = sa.Table(
    "connector_metadata", metadata,
    sa.Column("binding_id", ID, sa.ForeignKey("connector_bindings.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),  # JSON
)

# Every action sent and how it ended; the newest few per connector and document are kept.
connector_actions = sa.Table(
    "connector_actions", metadata,
    id_column(),
    sa.Column("connector_id", ID, sa.ForeignKey("data_connectors.id", ondelete="CASCADE"), nullable=False),
    sa.Column("binding_id", ID, sa.ForeignKey("connector_bindings.id", ondelete="CASCADE"), index=True),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("cause", sa.String(16), nullable=False),  # user | open | poll | edit | webhook
    sa.Column("started", MILLIS, nullable=False),
    sa.Column("finished", MILLIS),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("status", sa.Integer),  # the connector's HTTP status
    sa.Column("error", sa.Text),  # why it failed, NULL when it did not
)

# Edits made through the Data Service API to connector-backed items, waiting to be sent as Patch.
connector_patches = sa.Table(
    "connector_patches", metadata,
    id_column(),
    sa.Column("binding_id", ID, sa.ForeignKey("connector_bindings.id", ondelete="CASCADE"), nullable=False),
    sa.Column("collection_id", ID, sa.ForeignKey("collections.id", ondelete="CASCADE"), nullable=False),
    sa.Column("user_id", ID, nullable=False),
    sa.Column("patch", sa.Text, nullable=False),  # JSON: itemsAdded / itemsChanged / itemsDeleted
    sa.Column("state", sa.String(8), nullable=False),  # pending | sending | done | failed
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt", MILLIS, nullable=False),
    sa.Column("error", sa.Text),
    sa.Column("created", MILLIS, nullable=False),
    sa.Index("ix_connector_patches_due", "state", "next_attempt"),
)
