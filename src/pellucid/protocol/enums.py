"""String and integer enumerations of the connector protocol (values exactly as on the wire)."""

from __future__ import annotations

from enum import IntEnum, StrEnum

__all__ = [
    "ActionKeys",
    "DataSourceType",
    "DataUpdateFilterType",
    "DisplayOptionType",
    "FieldConstraintType",
    "PatchErrorType",
    "SemanticCollection",
    "UpdateCreationPermission",
    "UpstreamPatchType",
    "UpstreamUpdateType",
]


class DataUpdateFilterType(StrEnum):
    """Which updates a document receives (envelope ``updateFilterType``)."""

    ALL_UPDATES = "AllUpdates"
    CURRENT_COLLECTION_UPDATES = "CurrentCollectionUpdates"
    CURRENT_ITEM_UPDATES = "CurrentItemUpdates"


class UpdateCreationPermission(StrEnum):
    """How much an update may create, most to least permissive."""

    DATA_SOURCE = "DataSource"
    COLLECTION = "Collection"
    ITEM = "Item"
    NONE = "None"


class SemanticCollection(StrEnum):
    """What a collection represents (property ``Represents``)."""

    ITEMS = "Items"
    METADATA = "Metadata"
    PATCH = "Patch"
    QUERY = "Query"


class UpstreamPatchType(IntEnum):
    NONE = 0
    MANUAL = 2
    AUTO = 3


class DataSourceType(IntEnum):
    DEPRECATED_GOOGLE_SHEETS = 0
    DEPRECATED_CSV = 1
    DEPRECATED_EXCEL = 2
    SALESFORCE = 3
    GENERATOR = 4
    DATA_SERVICE = 5
    FOREIGN_KEY_OVERRIDE = 7
    EXTENSION = 8
    UNKNOWN = 9


class UpstreamUpdateType(IntEnum):
    NONE = 0
    PULL = 1
    USER = 2
    EVENTPULL = 3


class FieldConstraintType(StrEnum):
    REQUIRED = "required"
    LOCKED = "locked"
    MIN_VALUE = "minValue"
    MAX_VALUE = "maxValue"
    SINGLE_LINE_ONLY = "singleLineOnly"
    NO_WHITESPACE = "noWhitespace"
    UNIQUE_EDIT = "uniqueEditType"
    MAX_LENGTH = "maxLength"
    MAX_DECIMAL_PLACES = "maxDecimalPlaces"
    MAX_DECIMAL_LENGTH = "maxDecimalLength"  # deprecated in the SDK, still accepted


class DisplayOptionType(StrEnum):
    DISPLAY_MULTI_USER_SELECT = "displayMultiUserSelect"
    HELPER_TEXT = "helperText"


class PatchErrorType(StrEnum):
    DEFAULT = "default"
    PERMISSIONS = "permissions"


class ActionKeys(StrEnum):
    """Action names the SDK treats specially (plus the server-called HardRefresh and Poll)."""

    PATCH = "Patch"
    UNBATCHED_PATCH = "UnbatchedPatch"
    MANAGE_WEBHOOK = "ManageWebhook"
    HARD_REFRESH = "HardRefresh"
    POLL = "Poll"
