"""Collection schemas: field definitions, constraints, display options, ``declare_schema``.

``to_json`` gives the camelCase "ForApi" form the ``dataSource/update`` body carries
(``serializeSchemaForApi`` in the official SDK); ``from_json`` reads it back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

from pellucid.protocol.enums import DisplayOptionType, FieldConstraintType
from pellucid.protocol.fieldtypes import FieldType, deserialize_field_type, serialize_field_type
from pellucid.protocol.jsjson import js_object
from pellucid.protocol.keys import FormattedPrimaryKey

__all__ = [
    "DeclaredSchema",
    "DisplayOption",
    "Field",
    "FieldConstraint",
    "FieldDefinition",
    "SchemaDefinition",
    "declare_schema",
]


@dataclass(frozen=True)
class FieldConstraint:
    """A constraint on a field (``{"type", "details"?, "reason"?}`` on the wire)."""

    type: str
    value: float | int | None = None
    reason: str | None = None

    @classmethod
    def required(cls, reason: str | None = None) -> FieldConstraint:
        """The field must have a value."""
        return cls(FieldConstraintType.REQUIRED, reason=reason)

    @classmethod
    def locked(cls, reason: str | None = None) -> FieldConstraint:
        """The field cannot be edited in Lucid."""
        return cls(FieldConstraintType.LOCKED, reason=reason)

    @classmethod
    def min_value(cls, value: float, reason: str | None = None) -> FieldConstraint:
        """Numbers below `value` are refused."""
        return cls(FieldConstraintType.MIN_VALUE, value, reason)

    @classmethod
    def max_value(cls, value: float, reason: str | None = None) -> FieldConstraint:
        """Numbers above `value` are refused."""
        return cls(FieldConstraintType.MAX_VALUE, value, reason)

    @classmethod
    def max_length(cls, value: int, reason: str | None = None) -> FieldConstraint:
        """Text longer than `value` characters is refused."""
        return cls(FieldConstraintType.MAX_LENGTH, value, reason)

    @classmethod
    def max_decimal_places(cls, value: int, reason: str | None = None) -> FieldConstraint:
        """Numbers with more than `value` decimal places are refused."""
        return cls(FieldConstraintType.MAX_DECIMAL_PLACES, value, reason)

    @classmethod
    def single_line_only(cls, reason: str | None = None) -> FieldConstraint:
        """Text may not contain line breaks."""
        return cls(FieldConstraintType.SINGLE_LINE_ONLY, reason=reason)

    @classmethod
    def no_whitespace(cls, reason: str | None = None) -> FieldConstraint:
        """Text may not contain whitespace."""
        return cls(FieldConstraintType.NO_WHITESPACE, reason=reason)

    @classmethod
    def unique_edit(cls, reason: str | None = None) -> FieldConstraint:
        """An edit must keep the value unique in the collection."""
        return cls(FieldConstraintType.UNIQUE_EDIT, reason=reason)

    def to_json(self) -> dict[str, Any]:
        """The constraint in its wire form; `details` and `reason` only when set."""
        out: dict[str, Any] = {"type": str(self.type)}
        if self.value is not None:
            out["details"] = self.value
        if self.reason is not None:
            out["reason"] = self.reason
        return out

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> FieldConstraint:
        """A constraint from its wire form."""
        return cls(obj["type"], obj.get("details"), obj.get("reason"))


@dataclass(frozen=True)
class DisplayOption:
    """How the editor shows a field (``{"type", "details"?}``)."""

    type: str
    value: Any = None

    @classmethod
    def helper_text(cls, text: str) -> DisplayOption:
        """Helper text shown with the field in Lucid."""
        return cls(DisplayOptionType.HELPER_TEXT, text)

    @classmethod
    def multi_user_select(cls) -> DisplayOption:
        """Show the field as a picker of several users."""
        return cls(DisplayOptionType.DISPLAY_MULTI_USER_SELECT)

    def to_json(self) -> dict[str, Any]:
        """The option in its wire form; `details` only when set."""
        out: dict[str, Any] = {"type": str(self.type)}
        if self.value is not None:
            out["details"] = self.value
        return out

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> DisplayOption:
        """A display option from its wire form."""
        return cls(obj["type"], obj.get("details"))


@dataclass(frozen=True)
class Field:
    """A field's definition without its name, for ``declare_schema``."""

    type: FieldType
    constraints: Sequence[FieldConstraint] | None = None
    mapping: Sequence[str] | None = None
    display_options: Sequence[DisplayOption] | None = None
    sync_schema: str | None = None


@dataclass(frozen=True)
class FieldDefinition:
    """One schema field: ``{"name", "type", "constraints", "mapping"?, "syncSchema"?,
    "displayOptions"?}``."""

    name: str
    type: FieldType
    constraints: Sequence[FieldConstraint] | None = None
    mapping: Sequence[str] | None = None
    sync_schema: str | None = None
    display_options: Sequence[DisplayOption] | None = None

    def to_json(self) -> dict[str, Any]:
        """The field in its wire form, its type serialized; optional members only when set."""
        out: dict[str, Any] = {
            "name": self.name,
            "type": serialize_field_type(self.type),
            "constraints": [c.to_json() for c in self.constraints or ()],
        }
        if self.mapping is not None:
            out["mapping"] = list(self.mapping)
        if self.sync_schema is not None:
            out["syncSchema"] = self.sync_schema
        if self.display_options is not None:
            out["displayOptions"] = [d.to_json() for d in self.display_options]
        return out

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> FieldDefinition:
        """A field definition from its wire form."""
        return cls(
            obj["name"],
            deserialize_field_type(obj["type"]),
            [FieldConstraint.from_json(c) for c in obj.get("constraints") or ()],
            obj.get("mapping"),
            obj.get("syncSchema"),
            [DisplayOption.from_json(d) for d in obj["displayOptions"]]
            if obj.get("displayOptions") is not None
            else None,
        )


@dataclass(frozen=True)
class SchemaDefinition:
    """A collection schema: fields, primary key field names, optional label overrides."""

    fields: Sequence[FieldDefinition]
    primary_key: Sequence[str]
    field_labels: Mapping[str, str] | None = None

    def to_json(self) -> dict[str, Any]:
        """The schema in its wire form; label overrides only when set."""
        out: dict[str, Any] = {
            "fields": [f.to_json() for f in self.fields],
            "primaryKey": list(self.primary_key),
        }
        if self.field_labels is not None:
            out["fieldLabelOverrides"] = js_object(dict(self.field_labels))
        return out

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> SchemaDefinition:
        """A schema from its wire form."""
        return cls(
            [FieldDefinition.from_json(f) for f in obj["fields"]],
            list(obj["primaryKey"]),
            obj.get("fieldLabelOverrides"),
        )


@dataclass(frozen=True)
class DeclaredSchema:
    """What ``declare_schema`` returns (the official ``declareSchema`` result)."""

    fields: tuple[FieldDefinition, ...]
    primary_key: FormattedPrimaryKey
    field_labels: Mapping[str, str] | None = field(default=None)

    @property
    def schema(self) -> SchemaDefinition:
        """``{fields: schema.array, primaryKey: schema.primaryKey.elements}`` as one object."""
        return SchemaDefinition(self.fields, list(self.primary_key.elements), self.field_labels)

    def from_items(self, items: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
        """Items keyed by their formatted primary key, like the SDK's Map (later duplicates win)."""
        return self.primary_key.key_map(items)

    from_items_sparse = from_items


FieldSpec = Union[Field, FieldType]


def declare_schema(
    primary_key: Sequence[str],
    fields: Mapping[str, FieldSpec],
    field_labels: Mapping[str, str] | None = None,
) -> DeclaredSchema:
    """Declare a schema once; get its field list, key formatter and ``from_items``.

    ``fields`` maps names to a ``Field`` or just a field type. Field order follows JS
    object order (names that are array indices first), as ``declareSchema`` gives it.
    """
    ordered = js_object(fields.items())
    defs = tuple(
        FieldDefinition(
            name, spec.type, spec.constraints, spec.mapping, spec.sync_schema, spec.display_options
        )
        if isinstance(spec, Field)
        else FieldDefinition(name, spec)
        for name, spec in ordered.items()
    )
    return DeclaredSchema(defs, FormattedPrimaryKey(*primary_key), field_labels)
