"""Connector replies with a fixed shape: the Patch reply and the ManageWebhook reply."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pellucid.protocol.enums import PatchErrorType
from pellucid.protocol.jsjson import js_object
from pellucid.protocol.schema import SchemaDefinition
from pellucid.protocol.update import UNSET, ItemsPatch, items_patch_from_json

__all__ = [
    "PATCH_ERROR_TOOLTIP_FIELD",
    "ManageWebhookReply",
    "PatchChange",
    "PatchCollectionChange",
    "PatchReply",
]

PATCH_ERROR_TOOLTIP_FIELD = "__canvasTooltipDataSyncError__"


@dataclass
class PatchCollectionChange:
    """What a patch changed in one collection, reported back to Lucid."""

    collection_id: str
    items_patch: ItemsPatch
    schema: SchemaDefinition | None = None

    def to_json(self) -> dict[str, Any]:
        """The change in its wire form; `schema` only when it changes."""
        out: dict[str, Any] = {
            "collectionId": self.collection_id,
            "itemsPatch": self.items_patch.to_json(),
        }
        if self.schema is not None:
            out["schema"] = self.schema.to_json()
        return out

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> PatchCollectionChange:
        """A collection change from its wire form."""
        schema = obj.get("schema")
        return cls(
            obj["collectionId"],
            items_patch_from_json(obj["itemsPatch"]),
            SchemaDefinition.from_json(schema) if schema is not None else None,
        )


@dataclass
class PatchChange:
    """The result of applying one patch (``PatchChange`` of the SDK); errors are per item/field."""

    patch_id: str
    sync_id: str
    collections: Sequence[PatchCollectionChange] = ()
    creation_permission: str | None = None
    errors: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def set_field_error_or_default_to_tooltip(
        self,
        primary_key: str,
        error: str,
        field_name: str | None = None,
        type: str = PatchErrorType.DEFAULT,
    ) -> None:
        """Report an error on an item's field, or on the item's tooltip when no field is given."""
        self.errors.setdefault(primary_key, {})[field_name or PATCH_ERROR_TOOLTIP_FIELD] = {
            "message": error,
            "type": str(type),
        }

    def to_json(self) -> dict[str, Any]:
        """The change in its wire form; `creationPermission` only when set."""
        out: dict[str, Any] = {
            "syncId": self.sync_id,
            "collections": [c.to_json() for c in self.collections],
        }
        if self.creation_permission is not None:
            out["creationPermission"] = str(self.creation_permission)
        return out


@dataclass
class PatchReply:
    """The body of a Patch/UnbatchedPatch response: ``{"changes": [...], "errors": {...}}``."""

    changes: list[dict[str, Any]]
    errors: dict[str, dict[str, dict[str, dict[str, str]]]]

    @classmethod
    def from_changes(cls, per_batch: Iterable[Iterable[PatchChange]]) -> PatchReply:
        """``serializePatchChanges``: changes flattened over batches, errors keyed by patch id."""
        batches = [list(b) for b in per_batch]
        errors: dict[str, dict[str, dict[str, Any]]] = {}
        for batch in batches:
            for change in batch:
                for key, fields in js_object(change.errors).items():
                    for name, err in js_object(fields).items():
                        errors.setdefault(change.patch_id, {}).setdefault(key, {})[name] = err
        ordered = js_object(
            {
                pid: js_object({k: js_object(f) for k, f in keys.items()})
                for pid, keys in errors.items()
            }
        )
        return cls([c.to_json() for batch in batches for c in batch], ordered)

    def to_json(self) -> dict[str, Any]:
        """The reply in its wire form: the changes and per-patch errors."""
        return {"changes": self.changes, "errors": self.errors}

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> PatchReply:
        """A patch reply from its wire form; missing lists and maps read as empty."""
        return cls(list(obj.get("changes") or []), dict(obj.get("errors") or {}))

    def collection_changes(self) -> list[tuple[str, PatchCollectionChange]]:
        """Each reported collection change with its syncId (for a server applying the reply)."""
        return [
            (c["syncId"], PatchCollectionChange.from_json(col))
            for c in self.changes
            for col in c["collections"]
        ]


@dataclass
class ManageWebhookReply:
    """``{"documentCollections", "webhookData"}``: the webhooks Lucid should keep."""

    document_collections: Mapping[str, Sequence[str]] | None
    webhook_data: Any = UNSET

    def to_json(self) -> dict[str, Any]:
        """The reply in its wire form, only with the members set."""
        out: dict[str, Any] = {}
        if self.document_collections is not None:
            out["documentCollections"] = self.document_collections
        if self.webhook_data is not UNSET:
            out["webhookData"] = self.webhook_data
        return out

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> ManageWebhookReply:
        """A manage-webhook reply from its wire form; an absent `webhookData` stays unset."""
        return cls(obj.get("documentCollections"), obj.get("webhookData", UNSET))
