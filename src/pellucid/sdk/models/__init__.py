"""Typed models of the REST API, OAuth 2.0 and the Data Service."""

from .base import Model
from .contents import (
    ContentCollection,
    ContentData,
    DataPair,
    DocumentContent,
    Endpoint,
    Group,
    Layer,
    Line,
    LinkedData,
    Page,
    PageItems,
    Shape,
    TextArea,
)
from .data import (
    Collection,
    DataItem,
    DataSet,
    DataSetGrant,
    DataSource,
    FieldDefinition,
    Outcome,
    RateLimits,
    SourceGrant,
    link_id,
)
from .documents import (
    CustomAttribute,
    Document,
    DocumentOwner,
    LinkDescription,
    LinkDocument,
    LinkInvitation,
)
from .embeds import Embed, EmbedDocument
from .folders import Folder, FolderContent
from .oauth import AuthorizationServerMetadata, OAuthToken, TokenIntrospection
from .sharing import (
    DocumentCollaborator,
    FolderCollaborator,
    FolderGroupCollaborator,
    LinkSecurity,
    ShareLink,
)
from .users import Account, Profile, User

__all__ = [
    "Account", "AuthorizationServerMetadata", "Collection", "ContentCollection", "ContentData",
    "CustomAttribute", "DataItem", "DataPair", "DataSet", "DataSetGrant", "DataSource", "Document",
    "DocumentCollaborator", "DocumentContent", "DocumentOwner", "Embed", "EmbedDocument", "Endpoint",
    "FieldDefinition", "Folder", "FolderCollaborator", "FolderContent", "FolderGroupCollaborator", "Group",
    "Layer", "Line", "LinkDescription", "LinkDocument", "LinkInvitation", "LinkSecurity", "LinkedData",
    "Model", "OAuthToken", "Outcome", "Page", "PageItems", "Profile", "RateLimits", "Shape", "ShareLink",
    "SourceGrant", "TextArea", "TokenIntrospection", "User", "link_id",
]
