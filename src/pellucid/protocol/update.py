"""The ``POST {api}data/dataSource/update`` body a connector sends (``formatBody`` of the SDK).

``DataSourceRequest.to_json()`` builds exactly what ``DataSourceClient.update`` sends, key
order included; ``DataSourceRequest.from_json()`` reads such a body back (for the server).
Item maps are ``{itemKey: fields}`` dicts, keys from ``FormattedPrimaryKey``; their values
are passed through untouched (the SDK does not check them against the schema either).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Union

from pellucid.protocol.checks import is_objects, is_str_list, require
from pellucid.protocol.enums import DataSourceType, UpstreamUpdateType
from pellucid.protocol.jsjson import is_array_index, js_object, stringify
from pellucid.protocol.schema import FieldConstraint, SchemaDefinition

__all__ = [
    "COLLECTION_UPSTREAM_SCHEMA_STATUS",
    "UNSET",
    "CollectionPatch",
    "DataSourceConfiguration",
    "DataSourceRequest",
    "HierarchicalFilterConfig",
    "InvalidUpdateBody",
    "ItemsPatch",
    "ItemsPatchExhaustive",
    "ItemsPatchInexhaustive",
    "SourceForeignKey",
    "items_patch_from_json",
    "schema_ok_status",
    "schema_out_of_sync_status",
    "validate_update_body",
]

COLLECTION_UPSTREAM_SCHEMA_STATUS = "__CollectionUpstreamSchemaStatus__"


class _Unset:
    """Marks "leave unchanged" where ``None`` means "clear" (JS undefined vs null)."""

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()

ConstraintsPerItem = Mapping[str, Mapping[str, Sequence[FieldConstraint]]]


def _item_map_json(items: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """An item map as JS writes it: Map order -> object order, and item objects whose field
    names are array indices ("0", "2023") reordered like JS objects (checked once, at C speed)."""
    out = js_object(items)
    names = set().union(*out.values()) if out else set()
    if any(k[:1].isdigit() and is_array_index(k) for k in names if isinstance(k, str)):
        return {key: js_object(fields) for key, fields in out.items()}
    return out


def _constraints_per_item_json(cpi: ConstraintsPerItem) -> dict[str, Any]:
    return js_object(
        {
            key: js_object({name: [c.to_json() for c in cs] for name, cs in fields.items()})
            for key, fields in cpi.items()
        }
    )


def _constraints_per_item_from_json(
    obj: Mapping[str, Any],
) -> dict[str, dict[str, list[FieldConstraint]]]:
    return {
        k: {f: [FieldConstraint.from_json(c) for c in cs] for f, cs in v.items()}
        for k, v in obj.items()
    }


@dataclass
class ItemsPatchInexhaustive:
    """An incremental update: add or change ``items`` (full or sparse), delete ``items_deleted``."""

    items: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    items_deleted: Sequence[str] | None = None
    errors: Mapping[str, Any] | None = None
    field_constraints_per_item: ConstraintsPerItem | None = None

    def to_json(self) -> dict[str, Any]:
        """The patch in its wire form: item changes by key, deletions, errors when any."""
        out: dict[str, Any] = {
            "items": _item_map_json(self.items),
            "itemsDeleted": list(self.items_deleted or ()),
        }
        if self.errors is not None:
            out["errors"] = js_object(self.errors)
        if self.field_constraints_per_item is not None:
            out["fieldConstraintsPerItem"] = _constraints_per_item_json(
                self.field_constraints_per_item
            )
        return out


@dataclass
class ItemsPatchExhaustive:
    """The collection becomes exactly ``items``; keys may be renamed first (``rekeying_map``)."""

    items: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    rekeying_map: Mapping[str, str | None] | None = None
    field_names_changed: Mapping[str, str | None] | None = None
    errors: Mapping[str, Any] | None = None
    field_constraints_per_item: ConstraintsPerItem | None = None

    def to_json(self) -> dict[str, Any]:
        """The patch in its wire form: every item there is, with rekeying and renames when any."""
        out: dict[str, Any] = {"exhaustiveItems": _item_map_json(self.items)}
        if self.rekeying_map is not None:
            out["rekeyingMap"] = js_object(self.rekeying_map)
        if self.field_names_changed is not None:
            out["fieldNamesChanged"] = js_object(self.field_names_changed)
        if self.errors is not None:
            out["errors"] = js_object(self.errors)
        if self.field_constraints_per_item is not None:
            out["fieldConstraintsPerItem"] = _constraints_per_item_json(
                self.field_constraints_per_item
            )
        return out


ItemsPatch = Union[ItemsPatchInexhaustive, ItemsPatchExhaustive]


def items_patch_from_json(obj: Mapping[str, Any]) -> ItemsPatch:
    """Read an ``itemsPatch`` (either kind)."""
    cpi = obj.get("fieldConstraintsPerItem")
    cpi = _constraints_per_item_from_json(cpi) if cpi is not None else None
    if "exhaustiveItems" in obj:
        return ItemsPatchExhaustive(
            dict(obj["exhaustiveItems"]),
            obj.get("rekeyingMap"),
            obj.get("fieldNamesChanged"),
            obj.get("errors"),
            cpi,
        )
    return ItemsPatchInexhaustive(
        dict(obj.get("items") or {}), list(obj.get("itemsDeleted") or ()), obj.get("errors"), cpi
    )


def schema_ok_status() -> tuple[str, dict[str, Any]]:
    """An ``errors`` entry clearing the upstream-schema warning (``schemaOKStatus``)."""
    return COLLECTION_UPSTREAM_SCHEMA_STATUS, {
        "dict": {"status": "ok", "onDocumentKey": None, "upstreamKey": None}
    }


def schema_out_of_sync_status(
    old_primary_key: Sequence[str], new_primary_key: Sequence[str]
) -> tuple[str, dict[str, Any]]:
    """An ``errors`` entry: the document's key no longer matches (``schemaOutOfSyncStatus``)."""
    return COLLECTION_UPSTREAM_SCHEMA_STATUS, {
        "dict": {
            "status": "broken",
            "onDocumentKey": stringify(list(old_primary_key)),
            "upstreamKey": stringify(list(new_primary_key)),
        }
    }


_PROPERTY_KEYS = (
    "Represents",
    "Name",
    "IsHiddenFromDataPanel",
    "QueryCollectionError",
    "QueryCollectionLastExecutionTimestamp",
)


@dataclass
class CollectionPatch:
    """One collection of an update: schema (required when new), items patch, properties."""

    patch: ItemsPatch
    schema: SchemaDefinition | None = None
    represents: Sequence[str] | None = None
    name: str | None = None
    hide_from_data_panel: bool | None = None
    query_error: str | None = UNSET  # None clears the error, UNSET leaves it
    query_last_execution_timestamp: int | float | None = None
    other_properties: Mapping[str, Any] | None = None  # properties this SDK does not model

    def properties_json(self) -> dict[str, Any] | None:
        """The collection's `properties` as the wire names them; None when there are none."""
        props: dict[str, Any] = {}
        if self.represents is not None:
            props["Represents"] = [str(r) for r in self.represents]
        if isinstance(self.name, str):
            props["Name"] = self.name
        if self.hide_from_data_panel is not None:
            props["IsHiddenFromDataPanel"] = self.hide_from_data_panel
        if self.query_error is not UNSET:
            props["QueryCollectionError"] = self.query_error
        if self.query_last_execution_timestamp is not None:
            props["QueryCollectionLastExecutionTimestamp"] = self.query_last_execution_timestamp
        props.update(self.other_properties or {})
        return props or None

    def to_json(self) -> dict[str, Any]:
        """The collection patch in its wire form; `schema` and `properties` only when set."""
        out: dict[str, Any] = {}
        if self.schema is not None:
            out["schema"] = self.schema.to_json()
        out["itemsPatch"] = self.patch.to_json()
        props = self.properties_json()
        if props is not None:
            out["properties"] = props
        return out

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> CollectionPatch:
        """A collection patch from its wire form, its properties unpacked."""
        props = obj.get("properties") or {}
        return cls(
            patch=items_patch_from_json(obj["itemsPatch"]),
            schema=SchemaDefinition.from_json(obj["schema"])
            if obj.get("schema") is not None
            else None,
            represents=props.get("Represents"),
            name=props.get("Name"),
            hide_from_data_panel=props.get("IsHiddenFromDataPanel"),
            query_error=props["QueryCollectionError"] if "QueryCollectionError" in props else UNSET,
            query_last_execution_timestamp=props.get("QueryCollectionLastExecutionTimestamp"),
            other_properties={k: v for k, v in props.items() if k not in _PROPERTY_KEYS} or None,
        )


@dataclass
class HierarchicalFilterConfig:
    show_only_if_has_inward: bool | None = None
    skip_outward_relationships: bool | None = None  # deprecated upstream
    show_only_if_has_outward: bool | None = None
    suppress_linked_items: str | None = None  # "outward" | "inward" | "both"

    _WIRE = (
        ("ShowOnlyIfHasInward", "show_only_if_has_inward"),
        ("SkipOutwardRelationships", "skip_outward_relationships"),
        ("ShowOnlyIfHasOutward", "show_only_if_has_outward"),
        ("SuppressLinkedItems", "suppress_linked_items"),
    )

    def to_json(self) -> dict[str, Any]:
        """The config in its PascalCase wire form, only the members set."""
        return {w: getattr(self, a) for w, a in self._WIRE if getattr(self, a) is not None}

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> HierarchicalFilterConfig:
        """A hierarchical filter config from its wire form."""
        return cls(**{a: obj.get(w) for w, a in cls._WIRE})


@dataclass
class SourceForeignKey:
    """A relationship between collections of the data source (``sourceForeignKeys[]``)."""

    id: str
    source_fields: Sequence[str]
    outward_label: str
    inward_label: str
    relationship_type: str | None = None
    represents: str | None = None
    target_fields: Sequence[str] | None = None
    is_bidirectional: bool | None = None
    hierarchical_filter_config: HierarchicalFilterConfig | None = None

    def to_json(self) -> dict[str, Any]:
        """The foreign key in its PascalCase wire form, only the members set."""
        pairs = (
            ("Id", self.id),
            ("SourceFields", list(self.source_fields)),
            ("RelationshipType", self.relationship_type),
            ("Represents", self.represents),
            ("OutwardLabel", self.outward_label),
            ("InwardLabel", self.inward_label),
            ("TargetFields", list(self.target_fields) if self.target_fields is not None else None),
            ("IsBidirectional", self.is_bidirectional),
            (
                "HierarchicalFilterConfig",
                self.hierarchical_filter_config.to_json()
                if self.hierarchical_filter_config
                else None,
            ),
        )
        return {k: v for k, v in pairs if v is not None}

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> SourceForeignKey:
        """A foreign key from its wire form."""
        hfc = obj.get("HierarchicalFilterConfig")
        return cls(
            obj["Id"],
            obj["SourceFields"],
            obj["OutwardLabel"],
            obj["InwardLabel"],
            obj.get("RelationshipType"),
            obj.get("Represents"),
            obj.get("TargetFields"),
            obj.get("IsBidirectional"),
            HierarchicalFilterConfig.from_json(hfc) if hfc else None,
        )


@dataclass
class DataSourceConfiguration:
    patch_type: int  # UpstreamPatchType


@dataclass
class DataSourceRequest:
    """Everything ``DataSourceClient.update`` takes (``DataSourceRequest`` of the SDK)."""

    data_source_name: str
    collections: Mapping[str, CollectionPatch]
    update_filter_type: str | None = None
    data_source_configuration: DataSourceConfiguration | None = None
    source_foreign_keys: Sequence[SourceForeignKey] | None = None
    creation_permission: str | None = None

    def upstream_config_json(self) -> dict[str, Any]:
        """`upstreamConfig`: always a Data Service source updated by event pull."""
        out: dict[str, Any] = {
            "SourceType": int(DataSourceType.DATA_SERVICE),
            "UpdateType": int(UpstreamUpdateType.EVENTPULL),
        }
        if self.data_source_configuration is not None:
            out["PatchType"] = int(self.data_source_configuration.patch_type)
        out["SourceConfig"] = (
            {"UpdateFilterType": str(self.update_filter_type)} if self.update_filter_type else {}
        )
        return out

    def to_json(self) -> dict[str, Any]:
        """The request in its wire form, as a connector sends it to the update endpoint."""
        out: dict[str, Any] = {
            "updateData": js_object({cid: cp.to_json() for cid, cp in self.collections.items()}),
            "name": self.data_source_name,
            "upstreamConfig": self.upstream_config_json(),
            "sourceForeignKeys": [fk.to_json() for fk in self.source_foreign_keys or ()],
        }
        if self.creation_permission is not None:
            out["creationPermission"] = str(self.creation_permission)
        return out

    @classmethod
    def from_json(cls, obj: Any) -> DataSourceRequest:
        """Read an update body; InvalidUpdateBody (a ValueError) when it is not well-formed."""
        validate_update_body(obj)
        upstream = obj.get("upstreamConfig") or {}
        patch_type = upstream.get("PatchType")
        return cls(
            data_source_name=obj.get("name"),
            collections={
                cid: CollectionPatch.from_json(cp)
                for cid, cp in (obj.get("updateData") or {}).items()
            },
            update_filter_type=(upstream.get("SourceConfig") or {}).get("UpdateFilterType"),
            data_source_configuration=DataSourceConfiguration(patch_type)
            if patch_type is not None
            else None,
            source_foreign_keys=[
                SourceForeignKey.from_json(fk) for fk in obj.get("sourceForeignKeys") or ()
            ],
            creation_permission=obj.get("creationPermission"),
        )


class InvalidUpdateBody(ValueError):
    """A ``dataSource/update`` body that is not well-formed (answer 400)."""


_check = partial(require, error=InvalidUpdateBody)


def validate_update_body(obj: Any) -> None:
    """Check the shape of an update body (types of every member this module reads).

    Item values are not checked against the schema, as Lucid's SDK does not either; a
    server applies its own rules to them.
    """
    _check(isinstance(obj, dict), "body")
    _check(isinstance(obj.get("name"), str), "name")
    _check(isinstance(obj.get("upstreamConfig", {}), dict), "upstreamConfig")
    _check(
        isinstance((obj.get("upstreamConfig") or {}).get("SourceConfig", {}), dict), "SourceConfig"
    )
    fks = obj.get("sourceForeignKeys", [])
    _check(
        isinstance(fks, list)
        and all(
            isinstance(fk, dict)
            and isinstance(fk.get("Id"), str)
            and is_str_list(fk.get("SourceFields"))
            and isinstance(fk.get("OutwardLabel"), str)
            and isinstance(fk.get("InwardLabel"), str)
            for fk in fks
        ),
        "sourceForeignKeys",
    )
    permission = obj.get("creationPermission")
    _check(
        permission is None or permission in ("DataSource", "Collection", "Item", "None"),
        "creationPermission",
    )
    _check(is_objects(obj.get("updateData")), "updateData")
    for cid, patch in obj["updateData"].items():
        _validate_collection_patch(cid, patch)


def _validate_collection_patch(cid: str, patch: dict) -> None:
    from pellucid.protocol.fieldtypes import is_serialized_field_type

    schema = patch.get("schema")
    if schema is not None:
        fields = schema.get("fields") if isinstance(schema, dict) else None
        _check(
            isinstance(fields, list)
            and all(
                isinstance(f, dict)
                and isinstance(f.get("name"), str)
                and is_serialized_field_type(f.get("type"))
                and isinstance(f.get("constraints", []), list)
                and all(
                    isinstance(c, dict) and isinstance(c.get("type"), str)
                    for c in f.get("constraints", [])
                )
                for f in fields
            ),
            f"{cid}: schema.fields",
        )
        _check(is_str_list(schema.get("primaryKey")), f"{cid}: schema.primaryKey")
        labels = schema.get("fieldLabelOverrides")
        _check(labels is None or isinstance(labels, dict), f"{cid}: schema.fieldLabelOverrides")
    items: Any = patch.get("itemsPatch")
    _check(isinstance(items, dict), f"{cid}: itemsPatch")
    if "exhaustiveItems" in items:
        _check(is_objects(items["exhaustiveItems"]), f"{cid}: exhaustiveItems")
        for key in ("rekeyingMap", "fieldNamesChanged"):
            m = items.get(key)
            _check(
                m is None
                or (
                    isinstance(m, dict) and all(v is None or isinstance(v, str) for v in m.values())
                ),
                f"{cid}: {key}",
            )
    else:
        _check(is_objects(items.get("items")), f"{cid}: items")
        _check(is_str_list(items.get("itemsDeleted", [])), f"{cid}: itemsDeleted")
    _check(items.get("errors") is None or isinstance(items["errors"], dict), f"{cid}: errors")
    cpi = items.get("fieldConstraintsPerItem")
    _check(
        cpi is None
        or (
            is_objects(cpi)
            and all(
                isinstance(cs, list)
                and all(isinstance(c, dict) and isinstance(c.get("type"), str) for c in cs)
                for fields in cpi.values()
                for cs in fields.values()
            )
        ),
        f"{cid}: fieldConstraintsPerItem",
    )
    props = patch.get("properties")
    _check(props is None or isinstance(props, dict), f"{cid}: properties")
