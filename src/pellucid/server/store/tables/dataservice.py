"""Tables of the Data Service: data sets, data sources, their grants and properties, collections,
schema fields and item block counts.

Items are not here: each collection keeps its items in a table of its own (see `store/items.py`).
"""

from __future__ import annotations

import sqlalchemy as sa

from .base import ID, MILLIS, id_column, metadata

data_sets = sa.Table(
    "data_sets", metadata,
    id_column(),
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
    id_column(),
    sa.Column("data_set_id", ID, sa.ForeignKey("data_sets.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("permission_type", sa.String(8), nullable=False),
    sa.Column("identifier", sa.Text, nullable=False),
    sa.Column("role", sa.String(4), nullable=False),
    sa.Index("ix_data_set_grants_lookup", "permission_type", "identifier"),
)

data_sources = sa.Table(
    "data_sources", metadata,
    id_column(),
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
    id_column(),
    sa.Column("data_source_id", ID, sa.ForeignKey("data_sources.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("permission_type", sa.String(8), nullable=False),
    sa.Column("identifier", sa.Text, nullable=False),
    sa.Column("role", sa.String(4), nullable=False),
    sa.Index("ix_source_grants_lookup", "permission_type", "identifier"),
)

collections = sa.Table(
    "collections", metadata,
    id_column(),
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
    # Items up to this id have their filter columns computed; bulk inserts leave them for a
    # background build (store/items.py: build_filter_columns).
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
    id_column(),
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
