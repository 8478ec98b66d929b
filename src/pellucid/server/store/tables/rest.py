"""Tables of the REST API: folders, documents, collaborators, groups, share links, embeds.

Timestamps are integer milliseconds since the epoch, like every other table.
"""

from __future__ import annotations

import sqlalchemy as sa

from .base import ID, MILLIS, id_column, metadata


def _fk(name: str, target: str, *, nullable: bool = False, **kw) -> sa.Column:
    return sa.Column(name, ID, sa.ForeignKey(target, ondelete="CASCADE"), nullable=nullable, **kw)


# A folder lives in its owner's "My Documents" (parent NULL), in another folder, or is a team
# folder (type "team", no parent, no owner: it belongs to the account). `app_client_id` marks
# the app-specific folder a client gets for one user (document.app.folder scopes).
# Trashing marks a whole subtree with the same `trash_root`, so restore undoes exactly it.
folders = sa.Table(
    "folders", metadata,
    id_column(),
    _fk("account_id", "accounts.id", index=True),
    _fk("owner_id", "users.id", nullable=True),
    sa.Column("type", sa.String(8), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("parent_id", ID, sa.ForeignKey("folders.id"), index=True),
    _fk("app_client_id", "oauth_clients.id", nullable=True),
    sa.Column("created", MILLIS, nullable=False),
    sa.Column("trashed", MILLIS),
    sa.Column("trash_root", ID),
    sa.Index("ix_folders_owner_parent", "owner_id", "parent_id"),
)

documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.String(36), primary_key=True),  # UUID text
    _fk("account_id", "accounts.id", index=True),
    _fk("owner_id", "users.id"),
    sa.Column("creator_id", ID, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("product", sa.String(16), nullable=False),
    sa.Column("parent_id", ID, sa.ForeignKey("folders.id"), index=True),
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.Column("page_count", sa.Integer, nullable=False),
    sa.Column("status", sa.Text),
    sa.Column("custom_tags", sa.Text, nullable=False, server_default="[]"),  # JSON array
    sa.Column("bootstrap", sa.Text),  # JSON object: extensionBootstrapData
    sa.Column("created", MILLIS, nullable=False),
    sa.Column("last_modified", MILLIS, nullable=False),
    sa.Column("last_modified_user_id", ID, nullable=False),
    sa.Column("trashed", MILLIS),
    sa.Column("trash_root", ID),
    sa.Index("ix_documents_owner_parent", "owner_id", "parent_id"),
)

document_user_shares = sa.Table(
    "document_user_shares", metadata,
    sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("created", MILLIS, nullable=False),
)

folder_user_shares = sa.Table(
    "folder_user_shares", metadata,
    sa.Column("folder_id", ID, sa.ForeignKey("folders.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("created", MILLIS, nullable=False),
)

groups = sa.Table(
    "groups", metadata,
    id_column(),
    _fk("account_id", "accounts.id", index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("created", MILLIS, nullable=False),
)

group_members = sa.Table(
    "group_members", metadata,
    sa.Column("group_id", ID, sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)

folder_group_shares = sa.Table(
    "folder_group_shares", metadata,
    sa.Column("folder_id", ID, sa.ForeignKey("folders.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("group_id", ID, sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True, index=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("created", MILLIS, nullable=False),
)

# A shortcut shows a document or folder inside another folder without granting any access.
shortcuts = sa.Table(
    "shortcuts", metadata,
    id_column(),
    _fk("folder_id", "folders.id", index=True),
    sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id", ondelete="CASCADE")),
    _fk("target_folder_id", "folders.id", nullable=True),
    sa.Column("created", MILLIS, nullable=False),
)

# Documents a user picked for a client (document.app.picker scopes).
picked_documents = sa.Table(
    "picked_documents", metadata,
    sa.Column("client_id", ID, sa.ForeignKey("oauth_clients.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)

# What an account allows share links to be: the longest expiry and whether links stay inside it.
sharing_policies = sa.Table(
    "sharing_policies", metadata,
    sa.Column("account_id", ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("max_link_expiry_days", sa.Integer),
    sa.Column("restrict_links_to_account", sa.Boolean, nullable=False, server_default=sa.text("false")),
)

share_links = sa.Table(
    "share_links", metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # "inv_" + UUID
    sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    _fk("client_id", "oauth_clients.id"),
    sa.Column("created_by", ID, nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("restrict_to_account", sa.Boolean, nullable=False),
    sa.Column("expires", MILLIS),
    sa.Column("passcode", sa.Text),
    sa.Column("allow_anonymous", sa.Boolean, nullable=False),
    sa.Column("created", MILLIS, nullable=False),
    sa.Column("last_modified", MILLIS, nullable=False),
)

# An embed belongs to the principal that made it: a user, or an account for account tokens.
embeds = sa.Table(
    "embeds", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    _fk("owner_account_id", "accounts.id"),
    _fk("owner_user_id", "users.id", nullable=True),
    sa.Column("version", sa.String(16), nullable=False),
    sa.Column("snapshot_title", sa.Text),
    sa.Column("snapshot_page_count", sa.Integer),
    sa.Column("snapshot_version", sa.BigInteger),  # the document version a snapshot shows
    sa.Column("viewer_type", sa.String(8)),  # "rich"/"simple" once the user chose; NULL: the session's default
    sa.Column("created", MILLIS, nullable=False),
    sa.Column("modified", MILLIS, nullable=False),
)
