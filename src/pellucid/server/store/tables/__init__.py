"""Every static table, one module per area, all joined to one `metadata`.

Code reads tables as `t.<name>` (`from pellucid.server.store import tables as t`); a new area adds
a module here and lists its tables below. Items are not here: each collection keeps its items in
a table of its own (see `store/items.py`).
"""

from .adapters import google_credentials, google_link_requests
from .base import ID, MILLIS, id_column, metadata
from .connectors import (
    connector_actions,
    connector_bindings,
    connector_collections,
    connector_credentials,
    connector_item_state,
    connector_metadata,
    connector_patches,
    data_connectors,
    extension_packages,
    update_tokens,
)
from .dataservice import (
    collection_properties,
    collections,
    data_set_grants,
    data_set_properties,
    data_sets,
    data_sources,
    fields,
    item_blocks,
    source_grants,
)
from .document_content import document_blobs, document_contents
from .identity import accounts, users
from .oauth import (
    oauth_clients,
    oauth_codes,
    oauth_grants,
    oauth_spent_tokens,
    oauth_tokens,
    web_sessions,
)
from .oauth1 import oauth1_access_tokens, oauth1_consumers, oauth1_nonces, oauth1_request_tokens
from .rest import (
    document_user_shares,
    documents,
    embeds,
    folder_group_shares,
    folder_user_shares,
    folders,
    group_members,
    groups,
    picked_documents,
    share_links,
    sharing_policies,
    shortcuts,
)
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
    "oauth1_consumers",
    "oauth1_request_tokens",
    "oauth1_access_tokens",
    "oauth1_nonces",
]
