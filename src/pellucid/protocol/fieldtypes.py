"""Field type definitions of collection schemas and their wire encoding.

Mirrors ``core/data/fieldtypedefinition/*`` of lucid-extension-sdk: a field type is a
scalar (``ScalarFieldType``, an int on the wire), a literal, an array type, a collection
enum, a map enum, or a union of those (a Python list/tuple -> a JSON array).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Union

from pellucid.protocol.checks import is_num
from pellucid.protocol.jsjson import js_number_to_string

__all__ = [
    "BaseFieldType",
    "CollectionEnumFieldType",
    "EnumEntry",
    "FieldType",
    "FieldTypeArray",
    "LiteralFieldType",
    "MapEnumFieldType",
    "NDimensionalFieldTypeArray",
    "ScalarFieldType",
    "deserialize_field_type",
    "is_serialized_field_type",
    "serialize_field_type",
]


class ScalarFieldType(IntEnum):
    """``ScalarFieldTypeEnum``: the integer codes of the basic field types."""

    ANY = 0
    NUMBER = 1
    BOOLEAN = 2
    STRING = 3
    COLOR = 4
    DATE = 5
    NULL = 6
    DICTIONARY = 7
    CURRENCY = 8
    DATEONLY = 9
    TIMEONLY = 10
    DATERANGE = 11


@dataclass(frozen=True)
class LiteralFieldType:
    """A field that may hold exactly one value (``"%open"``, ``"3"``, ``"true"`` on the wire).

    Takes the literal value itself. (The TypeScript constructor expects a string literal to
    carry a leading ``%``, which it strips; ``LiteralFieldType.from_json`` is that reading.)
    """

    literal: str | float | int | bool

    def to_json(self) -> str:
        """The literal as Lucid writes it: `true`/`false`, `%text`, or a JS-formatted number."""
        if isinstance(self.literal, bool):
            return "true" if self.literal else "false"
        if isinstance(self.literal, str):
            return "%" + self.literal
        return js_number_to_string(self.literal)

    @classmethod
    def from_json(cls, s: str) -> LiteralFieldType:
        """``deserializeLiteralFieldType``: ``%x`` -> "x", a finite number, else ``s == "true"``."""
        if s.startswith("%"):
            return cls(s[1:])
        number = _js_number_from_string(s)
        if number is None or not math.isfinite(number):
            return cls(s == "true")
        return cls(int(number) if number.is_integer() and abs(number) <= 2**53 else number)


def _js_number_from_string(s: str) -> float | None:
    """JS ``Number(s)`` for the decimal forms; None where JS gives NaN."""
    t = s.strip()
    if t == "":
        return 0.0
    if t.lower().startswith(("0x", "0o", "0b")):
        try:
            return float(int(t, 0))
        except ValueError:
            return None
    if t in ("Infinity", "+Infinity", "-Infinity"):
        return math.inf if not t.startswith("-") else -math.inf
    if any(ch.isalpha() and ch not in "eE" for ch in t):
        return None  # rejects "nan", "inf", "1_0" style forms Python accepts
    try:
        return float(t.replace("_", "!"))
    except ValueError:
        return None


@dataclass(frozen=True)
class CollectionEnumFieldType:
    """Values are item keys of another collection (``{"COLLECTION_ENUM": id}``)."""

    collection_id: str

    def to_json(self) -> dict[str, str]:
        """The enum as a reference to the collection holding its values."""
        return {"COLLECTION_ENUM": self.collection_id}


@dataclass(frozen=True)
class EnumEntry:
    """One option of a map enum; None members are left out of the JSON."""

    name: str | None = None
    description: str | None = None
    color: str | None = None
    icon_url: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class MapEnumFieldType:
    """``DeserializedMapEnumFieldType``: a fixed set of options keyed by id (str or number)."""

    entries: dict[str | int | float, EnumEntry] = field(default_factory=dict)

    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        """The enum as `ValidItems`, each entry with only the attributes it sets."""
        valid = []
        for key, e in self.entries.items():
            entry: dict[str, Any] = {"Id": key}
            for wire, value in (
                ("Name", e.name),
                ("Description", e.description),
                ("Color", e.color),
                ("IconUrl", e.icon_url),
                ("Category", e.category),
            ):
                if value is not None:
                    entry[wire] = value
            valid.append(entry)
        return {"ValidItems": valid}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> MapEnumFieldType:
        """A map enum from its `ValidItems` wire form."""
        return cls(
            {
                e["Id"]: EnumEntry(
                    e.get("Name"),
                    e.get("Description"),
                    e.get("Color"),
                    e.get("IconUrl"),
                    e.get("Category"),
                )
                for e in obj["ValidItems"]
            }
        )


@dataclass(frozen=True)
class FieldTypeArray:
    """A list value whose elements have one of ``valid_types`` (``{"ND": false, ...}``)."""

    valid_types: tuple[BaseFieldType, ...]

    def __init__(self, valid_types: list | tuple) -> None:
        object.__setattr__(self, "valid_types", tuple(valid_types))

    def to_json(self) -> dict[str, Any]:
        """The array type as the wire shows it: `ND` false, a flat list."""
        return {"ND": False, "validTypes": [serialize_field_type(t) for t in self.valid_types]}


@dataclass(frozen=True)
class NDimensionalFieldTypeArray:
    """Arbitrarily nested lists of scalars or literals (``{"ND": true, ...}``)."""

    valid_types: tuple[ScalarFieldType | LiteralFieldType, ...]

    def __init__(self, valid_types: list | tuple) -> None:
        object.__setattr__(self, "valid_types", tuple(valid_types))

    def to_json(self) -> dict[str, Any]:
        """The array type as the wire shows it (`ND` true: any dimensions)."""
        return {"ND": True, "validTypes": [serialize_field_type(t) for t in self.valid_types]}


BaseFieldType = Union[
    ScalarFieldType,
    LiteralFieldType,
    FieldTypeArray,
    NDimensionalFieldTypeArray,
    CollectionEnumFieldType,
    MapEnumFieldType,
]
FieldType = Union[BaseFieldType, list, tuple]  # a list/tuple of base types is a union


def serialize_field_type(t: Any) -> Any:
    """``serializeFieldTypeDefinition``: the JSON of a field type."""
    if isinstance(t, (list, tuple)):
        return [serialize_field_type(x) for x in t]
    if isinstance(t, bool):
        raise TypeError("a bool is not a field type; use LiteralFieldType(True)")
    if isinstance(t, int):
        return int(ScalarFieldType(t))
    if hasattr(t, "to_json"):
        return t.to_json()
    raise TypeError(f"not a field type: {t!r}")


def deserialize_field_type(j: Any) -> FieldType:
    """``deserializeFieldTypeDefinition``; raises ValueError for what the SDK would not accept."""
    if isinstance(j, list):
        return [_deserialize_base(x) for x in j]
    return _deserialize_base(j)


def _deserialize_base(j: Any) -> BaseFieldType:
    if not _is_serialized_base(j):
        raise ValueError(f"not a serialized field type: {j!r}")
    if isinstance(j, str):
        return LiteralFieldType.from_json(j)
    if is_num(j):
        return ScalarFieldType(int(j))
    if isinstance(j.get("COLLECTION_ENUM"), str):
        return CollectionEnumFieldType(j["COLLECTION_ENUM"])
    if j.get("ND") is False:
        return FieldTypeArray([_deserialize_base(x) for x in j["validTypes"]])
    if j.get("ND") is True:
        return NDimensionalFieldTypeArray([_deserialize_base(x) for x in j["validTypes"]])
    return MapEnumFieldType.from_json(j)


def _is_serialized_base(j: Any) -> bool:
    """``isSerializedBaseFieldTypeDefinition`` (same recogniser order)."""
    if is_num(j) and j in ScalarFieldType._value2member_map_:
        return True
    if isinstance(j, str):
        return True
    if not isinstance(j, dict):
        return False
    if isinstance(j.get("COLLECTION_ENUM"), str):
        return True
    valid = j.get("validTypes")
    if (
        j.get("ND") is False
        and isinstance(valid, list)
        and all(_is_serialized_base(v) for v in valid)
    ):
        return True
    if (
        j.get("ND") is True
        and isinstance(valid, list)
        and all(
            isinstance(v, str) or (is_num(v) and v in ScalarFieldType._value2member_map_)
            for v in valid
        )
    ):
        return True
    items = j.get("ValidItems")
    return isinstance(items, list) and all(_is_enum_entry(e) for e in items)


def _is_enum_entry(e: Any) -> bool:
    if not isinstance(e, dict) or not (isinstance(e.get("Id"), str) or is_num(e.get("Id"))):
        return False
    return all(
        e.get(k) is None or isinstance(e.get(k), str)
        for k in ("Name", "Description", "Color", "IconUrl", "Category")
    )


def is_serialized_field_type(j: Any) -> bool:
    """``isSerializedFieldTypeDefinition``: would the SDK accept this JSON as a field type?"""
    if isinstance(j, list):
        return all(_is_serialized_base(x) for x in j)
    return _is_serialized_base(j)
