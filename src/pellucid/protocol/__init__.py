"""The data connector wire protocol, I/O-free: shared by the Python SDK and pellucid's server.

Modules: ``jsjson`` (JSON exactly as JavaScript writes it), ``fieldtypes`` and ``values``
(schema field types and item values), ``keys`` (item key strings), ``schema``, ``update``
(the ``dataSource/update`` body), ``actions`` (the action request envelope and its data),
``replies`` (Patch and ManageWebhook replies), ``signature`` (sign and verify), ``enums``,
and ``dataservice`` (the mapping to the Data Service's ``fieldType`` strings).
"""

from pellucid.protocol.actions import (
    ActionEnvelope,
    InvalidActionRequest,
    ItemPatchData,
    ManageWebhookData,
    PatchBatch,
    PatchEntry,
    SchemaPatchData,
    WebhookData,
    action_url,
)
from pellucid.protocol.dataservice import data_service_field_type, field_type_from_data_service
from pellucid.protocol.enums import (
    DataUpdateFilterType,
    PatchErrorType,
    SemanticCollection,
    UpdateCreationPermission,
    UpstreamPatchType,
)
from pellucid.protocol.fieldtypes import (
    CollectionEnumFieldType,
    EnumEntry,
    FieldTypeArray,
    LiteralFieldType,
    MapEnumFieldType,
    NDimensionalFieldTypeArray,
    ScalarFieldType,
)
from pellucid.protocol.keys import FormattedPrimaryKey
from pellucid.protocol.replies import (
    ManageWebhookReply,
    PatchChange,
    PatchCollectionChange,
    PatchReply,
)
from pellucid.protocol.schema import (
    DisplayOption,
    Field,
    FieldConstraint,
    FieldDefinition,
    SchemaDefinition,
    declare_schema,
)
from pellucid.protocol.signature import ActionRequestSigner, SignedActionRequest
from pellucid.protocol.update import (
    UNSET,
    CollectionPatch,
    DataSourceConfiguration,
    DataSourceRequest,
    HierarchicalFilterConfig,
    InvalidUpdateBody,
    ItemsPatchExhaustive,
    ItemsPatchInexhaustive,
    SourceForeignKey,
    schema_ok_status,
    schema_out_of_sync_status,
)

__all__ = [
    "UNSET",
    "ActionEnvelope",
    "ActionRequestSigner",
    "CollectionEnumFieldType",
    "CollectionPatch",
    "DataSourceConfiguration",
    "DataSourceRequest",
    "DataUpdateFilterType",
    "DisplayOption",
    "EnumEntry",
    "Field",
    "FieldConstraint",
    "FieldDefinition",
    "FieldTypeArray",
    "FormattedPrimaryKey",
    "HierarchicalFilterConfig",
    "InvalidActionRequest",
    "InvalidUpdateBody",
    "ItemPatchData",
    "ItemsPatchExhaustive",
    "ItemsPatchInexhaustive",
    "LiteralFieldType",
    "ManageWebhookData",
    "ManageWebhookReply",
    "MapEnumFieldType",
    "NDimensionalFieldTypeArray",
    "PatchBatch",
    "PatchChange",
    "PatchCollectionChange",
    "PatchEntry",
    "PatchErrorType",
    "PatchReply",
    "ScalarFieldType",
    "SchemaDefinition",
    "SchemaPatchData",
    "SemanticCollection",
    "SignedActionRequest",
    "SourceForeignKey",
    "UpdateCreationPermission",
    "UpstreamPatchType",
    "WebhookData",
    "action_url",
    "data_service_field_type",
    "declare_schema",
    "field_type_from_data_service",
    "schema_ok_status",
    "schema_out_of_sync_status",
]
