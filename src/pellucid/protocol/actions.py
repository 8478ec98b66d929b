"""Action requests (server -> connector): the envelope and the fixed shapes of ``action.data``.

``from_json`` applies the official SDK's validators (``serializedactions.js``,
``serializedpatchtypes.js``) with JavaScript's type rules (a bool is not a number, an
array is not an object) and raises ``InvalidActionRequest`` where the SDK would answer
``404 {"error":"Bad request"}``. ``to_json`` writes what a server sends: absent members
(``None``) are left out, unknown extra members are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from pellucid.protocol.checks import (
    is_bool,
    is_num,
    is_obj,
    is_str,
    is_str_list,
    nullable_opt,
    opt,
    require,
)
from pellucid.protocol.enums import DataUpdateFilterType
from pellucid.protocol.fieldtypes import (
    FieldType,
    deserialize_field_type,
    is_serialized_field_type,
    serialize_field_type,
)
from pellucid.protocol.update import UNSET
from pellucid.protocol.values import is_serialized_fields

__all__ = [
    "ActionEnvelope",
    "action_url",
    "InvalidActionRequest",
    "ItemPatchData",
    "ManageWebhookData",
    "PatchBatch",
    "PatchEntry",
    "SchemaPatchData",
    "ThirdPartyColumn",
    "ThirdPartyColumnPatch",
    "WebhookData",
    "parse_patch",
]


def action_url(callback_base_url: str, data_actions: Mapping[str, str], action_name: str) -> str:
    """Where an action is posted: ``callbackBaseUrl + dataActions[name]`` (no slash added).

    ``"http://localhost:3001/?kind=action&name="`` + ``"Import"`` is the development form.
    """
    return callback_base_url + data_actions[action_name]


class InvalidActionRequest(ValueError):
    """The request is not one the official SDK would accept."""


_require = partial(require, error=InvalidActionRequest)


class ValidatorCrash(Exception):
    """Input on which the official SDK's validator itself throws (the request then gets a 500)."""


# ---- JavaScript type tests over parsed JSON ------------------------------------------------


def _doc_collections(v: Any) -> bool:
    return is_obj(v) and all(is_str_list(x) for x in v.values())


# ---- the envelope --------------------------------------------------------------------------

_ENVELOPE_KEYS = (
    "action",
    "packageId",
    "packageVersion",
    "dataConnectorName",
    "installationId",
    "userCredential",
    "useOutboundProxy",
    "documentUpdateToken",
    "documentCollections",
    "updateFilterType",
    "userId",
    "accountId",
    "documentId",
    "collectionProperties",
)


@dataclass
class ActionEnvelope:
    """The JSON body of every action request."""

    action_name: str
    package_id: str
    data_connector_name: str
    update_filter_type: str = DataUpdateFilterType.ALL_UPDATES
    document_collections: dict[str, list[str]] = field(default_factory=dict)
    action_data: Any = UNSET  # UNSET: no "data" member
    package_version: str | None = None
    installation_id: str | None = None
    user_credential: str | None = None
    use_outbound_proxy: bool | None = None
    document_update_token: str | None = None
    user_id: int | float | None = None
    account_id: int | float | None = None
    document_id: str | None = None
    collection_properties: dict[str, dict[str, Any]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # members this SDK does not know

    def to_json(self) -> dict[str, Any]:
        """The envelope as sent to the connector; unset members are left out, unknown ones kept."""
        action: dict[str, Any] = {"name": self.action_name}
        if self.action_data is not UNSET:
            action["data"] = _to_json(self.action_data)
        values = (
            action,
            self.package_id,
            self.package_version,
            self.data_connector_name,
            self.installation_id,
            self.user_credential,
            self.use_outbound_proxy,
            self.document_update_token,
            self.document_collections,
            str(self.update_filter_type),
            self.user_id,
            self.account_id,
            self.document_id,
            self.collection_properties,
        )
        out = {k: v for k, v in zip(_ENVELOPE_KEYS, values) if v is not None}
        out.update(self.extra)
        return out

    @classmethod
    def from_json(cls, obj: Any) -> ActionEnvelope:
        """Validate like ``serializedActionsBaseValidator``; else raise InvalidActionRequest."""
        _require(is_obj(obj), "body is not an object")
        action = obj.get("action")
        _require(is_obj(action) and is_str(action.get("name")), "action")
        _require(is_str(obj.get("packageId")), "packageId")
        _require(nullable_opt(obj, "packageVersion", is_str), "packageVersion")
        _require(is_str(obj.get("dataConnectorName")), "dataConnectorName")
        _require(nullable_opt(obj, "installationId", is_str), "installationId")
        _require(nullable_opt(obj, "userCredential", is_str), "userCredential")
        _require(opt(obj, "useOutboundProxy", is_bool), "useOutboundProxy")
        _require(nullable_opt(obj, "documentUpdateToken", is_str), "documentUpdateToken")
        _require(_doc_collections(obj.get("documentCollections")), "documentCollections")
        _require(
            obj.get("updateFilterType") in DataUpdateFilterType._value2member_map_
            and is_str(obj.get("updateFilterType")),
            "updateFilterType",
        )
        _require(nullable_opt(obj, "userId", is_num), "userId")
        _require(nullable_opt(obj, "accountId", is_num), "accountId")
        _require(nullable_opt(obj, "documentId", is_str), "documentId")
        _require(
            opt(
                obj,
                "collectionProperties",
                lambda v: is_obj(v) and all(is_serialized_fields(x) for x in v.values()),
            ),
            "collectionProperties",
        )
        return cls(
            action_name=action["name"],
            action_data=action["data"] if "data" in action else UNSET,
            package_id=obj["packageId"],
            package_version=obj.get("packageVersion"),
            data_connector_name=obj["dataConnectorName"],
            installation_id=obj.get("installationId"),
            user_credential=obj.get("userCredential"),
            use_outbound_proxy=obj.get("useOutboundProxy"),
            document_update_token=obj.get("documentUpdateToken"),
            document_collections=obj["documentCollections"],
            update_filter_type=obj["updateFilterType"],
            user_id=obj.get("userId"),
            account_id=obj.get("accountId"),
            document_id=obj.get("documentId"),
            collection_properties=obj.get("collectionProperties"),
            extra={k: v for k, v in obj.items() if k not in _ENVELOPE_KEYS},
        )


def _to_json(v: Any) -> Any:
    return v.to_json() if hasattr(v, "to_json") else v


# ---- Patch / UnbatchedPatch ----------------------------------------------------------------


@dataclass
class ItemPatchData:
    """An item patch made in Lucid (``patchItemValidator``)."""

    sync_source_id: str
    sync_collection_id: str
    items_added: dict[str, dict[str, Any]] = field(default_factory=dict)
    items_changed: dict[str, dict[str, Any]] = field(default_factory=dict)
    items_deleted: list[str] = field(default_factory=list)
    item_order_changed: list[list[str | None]] | None = None
    sync_schema: Any = None

    def to_json(self) -> dict[str, Any]:
        """The item patch in its wire form (camelCase keys)."""
        out = {
            "itemsAdded": self.items_added,
            "itemsChanged": self.items_changed,
            "itemsDeleted": self.items_deleted,
            "itemOrderChanged": self.item_order_changed,
            "syncSourceId": self.sync_source_id,
            "syncCollectionId": self.sync_collection_id,
            "adapterType": "EXTENSION_API",
        }
        if self.sync_schema is not None:
            out["syncSchema"] = self.sync_schema
        return out

    @classmethod
    def is_valid(cls, p: Any) -> bool:
        """Whether `p` has the shape of an item patch, without raising."""
        if not is_obj(p):
            return False
        order = p.get("itemOrderChanged")
        return (
            is_obj(p.get("itemsAdded"))
            and all(_is_object_unsafe(v) for v in p["itemsAdded"].values())
            and is_obj(p.get("itemsChanged"))
            and all(_is_object_unsafe(v) for v in p["itemsChanged"].values())
            and is_str_list(p.get("itemsDeleted"))
            and _is_patch_envelope(p, order)
        )

    @classmethod
    def from_json(cls, p: Any) -> ItemPatchData:
        """An item patch from its wire form; a malformed one raises."""
        _require(cls.is_valid(p), "item patch")
        return cls(
            p["syncSourceId"],
            p["syncCollectionId"],
            p["itemsAdded"],
            p["itemsChanged"],
            p["itemsDeleted"],
            p.get("itemOrderChanged"),
            p.get("syncSchema"),
        )


def _is_object_unsafe(v: Any) -> bool:
    return isinstance(v, (dict, list))  # JS typeof "object" (arrays included), null excluded


def _is_order_pair(x: Any) -> bool:
    if x is None:
        raise ValidatorCrash("itemOrderChanged entry is null")  # the SDK reads null.length
    return isinstance(x, list) and len(x) == 2 and is_str(x[0]) and (x[1] is None or is_str(x[1]))


def _is_patch_envelope(p: dict, order: Any) -> bool:
    """What item and schema patches share: an optional ordering, their sync ids, the adapter."""
    return (
        (order is None or (isinstance(order, list) and all(_is_order_pair(x) for x in order)))
        and is_str(p.get("syncSourceId"))
        and is_str(p.get("syncCollectionId"))
        and p.get("adapterType") == "EXTENSION_API"
    )


@dataclass
class ThirdPartyColumn:
    name: str
    field_type: FieldType

    def to_json(self) -> dict[str, Any]:
        """The added column as the wire shows it, its field type serialized."""
        return {"name": self.name, "fieldType": serialize_field_type(self.field_type)}


@dataclass
class ThirdPartyColumnPatch:
    name: str | None = None
    field_type: FieldType | None = None

    def to_json(self) -> dict[str, Any]:
        """The column change as the wire shows it: only what changed."""
        out: dict[str, Any] = {}
        if self.name is not None:
            out["name"] = self.name
        if self.field_type is not None:
            out["fieldType"] = serialize_field_type(self.field_type)
        return out


@dataclass
class SchemaPatchData:
    """A schema patch made in Lucid (``patchSchemaValidator``); only with a schema patch parser."""

    sync_source_id: str
    sync_collection_id: str
    columns_added: list[ThirdPartyColumn] = field(default_factory=list)
    columns_changed: dict[str, ThirdPartyColumnPatch] = field(default_factory=dict)
    columns_deleted: list[str] = field(default_factory=list)
    column_ordering: list[list[str | None]] | None = None

    def to_json(self) -> dict[str, Any]:
        """The schema patch in its wire form (camelCase keys)."""
        return {
            "columnsAdded": [c.to_json() for c in self.columns_added],
            "columnsChanged": {k: c.to_json() for k, c in self.columns_changed.items()},
            "columnsDeleted": self.columns_deleted,
            "columnOrdering": self.column_ordering,
            "syncSourceId": self.sync_source_id,
            "syncCollectionId": self.sync_collection_id,
            "adapterType": "EXTENSION_API",
        }

    @classmethod
    def is_valid(cls, p: Any) -> bool:
        """Whether `p` has the shape of a schema patch, without raising."""
        if not is_obj(p):
            return False
        order = p.get("columnOrdering")
        return (
            isinstance(p.get("columnsAdded"), list)
            and all(
                is_obj(c) and is_str(c.get("name")) and is_serialized_field_type(c.get("fieldType"))
                for c in p["columnsAdded"]
            )
            and is_obj(p.get("columnsChanged"))
            and all(
                is_obj(c)
                and nullable_opt(c, "name", is_str)
                and nullable_opt(c, "fieldType", is_serialized_field_type)
                for c in p["columnsChanged"].values()
            )
            and is_str_list(p.get("columnsDeleted"))
            and _is_patch_envelope(p, order)
        )

    @classmethod
    def from_json(cls, p: Any) -> SchemaPatchData:
        """A schema patch from its wire form; a malformed one raises."""
        _require(cls.is_valid(p), "schema patch")
        return cls(
            p["syncSourceId"],
            p["syncCollectionId"],
            [
                ThirdPartyColumn(c["name"], deserialize_field_type(c["fieldType"]))
                for c in p["columnsAdded"]
            ],
            {
                k: ThirdPartyColumnPatch(
                    c.get("name"),
                    deserialize_field_type(c["fieldType"])
                    if c.get("fieldType") is not None
                    else None,
                )
                for k, c in p["columnsChanged"].items()
            },
            p["columnsDeleted"],
            p.get("columnOrdering"),
        )


def parse_patch(p: Any, kinds: str = "item") -> ItemPatchData | SchemaPatchData:
    """Parse one ``patches[].patch``; ``kinds``: "item" (SDK default), "schema" or "generic"."""
    if kinds in ("item", "generic") and ItemPatchData.is_valid(p):
        return ItemPatchData.from_json(p)
    if kinds in ("schema", "generic") and SchemaPatchData.is_valid(p):
        return SchemaPatchData.from_json(p)
    raise InvalidActionRequest("patch")


@dataclass
class PatchEntry:
    id: str
    patch: Any  # the raw patch JSON; see parse_patch

    def to_json(self) -> dict[str, Any]:
        """The entry as the wire shows it: the patch and its id."""
        return {"patch": _to_json(self.patch), "id": self.id}


@dataclass
class PatchBatch:
    """One element of a ``Patch`` action's data (or the whole data of ``UnbatchedPatch``)."""

    package_version: str
    user_credential: str
    document_update_token: str
    patches: list[PatchEntry] = field(default_factory=list)
    use_outbound_proxy: bool | None = None

    def to_json(self) -> dict[str, Any]:
        """The batch as sent to the connector; `useOutboundProxy` only when set."""
        out: dict[str, Any] = {
            "packageVersion": self.package_version,
            "patches": [p.to_json() for p in self.patches],
            "userCredential": self.user_credential,
        }
        if self.use_outbound_proxy is not None:
            out["useOutboundProxy"] = self.use_outbound_proxy
        out["documentUpdateToken"] = self.document_update_token
        return out

    @classmethod
    def from_json(cls, b: Any) -> PatchBatch:
        """A patch batch from its wire form; the update token and credential are required."""
        _require(
            is_obj(b)
            and is_str(b.get("packageVersion"))
            and is_str(b.get("userCredential"))
            and is_str(b.get("documentUpdateToken"))
            and opt(b, "useOutboundProxy", is_bool)
            and isinstance(b.get("patches"), list)
            and all(is_obj(p) and is_str(p.get("id")) for p in b["patches"]),
            "patch batch",
        )
        return cls(
            b["packageVersion"],
            b["userCredential"],
            b["documentUpdateToken"],
            [PatchEntry(p["id"], p.get("patch")) for p in b["patches"]],
            b.get("useOutboundProxy"),
        )


# ---- ManageWebhook -------------------------------------------------------------------------


@dataclass
class WebhookData:
    document_collections: dict[str, list[str]]
    webhook_data: Any = UNSET

    def to_json(self) -> dict[str, Any]:
        """The webhook data as the wire shows it; `webhookData` only when set."""
        out: dict[str, Any] = {"documentCollections": self.document_collections}
        if self.webhook_data is not UNSET:
            out["webhookData"] = self.webhook_data
        return out


@dataclass
class ManageWebhookData:
    webhook_token: str
    webhooks: list[WebhookData] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The manage-webhook request as sent to the connector."""
        return {
            "webhookToken": self.webhook_token,
            "webhooks": [w.to_json() for w in self.webhooks],
        }

    @classmethod
    def from_json(cls, d: Any) -> ManageWebhookData:
        """Manage-webhook data from its wire form; a malformed one raises."""
        _require(
            is_obj(d)
            and is_str(d.get("webhookToken"))
            and isinstance(d.get("webhooks"), list)
            and all(
                is_obj(w) and _doc_collections(w.get("documentCollections")) for w in d["webhooks"]
            ),
            "ManageWebhook data",
        )
        return cls(
            d["webhookToken"],
            [
                WebhookData(w["documentCollections"], w.get("webhookData", UNSET))
                for w in d["webhooks"]
            ],
        )
