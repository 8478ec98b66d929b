"""Every static table, one module per area, all joined to one `metadata`.

Code reads tables as `t.<name>` (`from pellucid.server.store import tables as t`); a new area adds
a module here and lists its tables below. Items are not here: each collection keeps its items in
a table of its own (see `store/items.py`).
"""

from .base import ID, MILLIS, id_column, metadata
from .identity import accounts, users
from .oauth import (
    oauth_clients,
    oauth_grants,
    oauth_tokens,
    oauth_codes,
    web_sessions,
    oauth_spent_tokens,
)
from .dataservice import (
    data_sets,
    data_set_properties,
    data_set_grants,
    data_sources,
    source_grants,
    collections,
    collection_properties,
    fields,
    item_blocks,
)
from .rest import (
    folders,
    documents,
    document_user_shares,
    folder_user_shares,
    groups,
    group_members,
    folder_group_shares,
    shortcuts,
    picked_documents,
    sharing_policies,
    share_links,
    embeds,
)
from .adapters import google_credentials, google_link_requests
from .connectors import (
    extension_packages,
    data_connectors,
    connector_credentials,
    connector_bindings,
    connector_collections,
    connector_item_state,
    update_tokens,
    connector_metadata,
    connector_actions,
    connector_patches,
)
from .document_content import document_blobs, document_contents
from .server import server_state

__all__ = [
    "ID",
    "MILLIS",
    "id_column",
    "metadata",
    "accounts",
    "users",
    "oauth_clients",
    "oauth_grants",
    "oauth_tokens",
    "oauth_codes",
    "web_sessions",
    "oauth_spent_tokens",
    "data_sets",
    "data_set_properties",
    "data_set_grants",
    "data_sources",
    "source_grants",
    "collections",
    "collection_properties",
    "fields",
    "item_blocks",
    "folders",
    "documents",
    "document_user_shares",
    "folder_user_shares",
    "groups",
    "group_members",
    "folder_group_shares",
    "shortcuts",
    "picked_documents",
    "sharing_policies",
    "share_links",
    "embeds",
    "google_credentials",
    "google_link_requests",
    "extension_packages",
    "data_connectors",
    "connector_credentials",
    "connector_bindings",
    "connector_collections",
    "connector_item_state",
    "update_tokens",
    "connector_metadata",
    "connector_actions",
    "connector_patches",
    "document_contents",
    "document_blobs",
    "server_state",
]
