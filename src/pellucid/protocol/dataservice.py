"""The one mapping between connector field types and the Data Service's ``fieldType`` strings.

The Data Service documents four field types, BOOLEAN, STRING, NUMBER and ANY, used only by
clients ("the type does not affect how the data is interpreted"). Connector schemas are
richer, so the server maps them like this (and nothing else should re-derive it):

* NULL members of a union are dropped: the Data Service has no nullability, ``[NUMBER, NULL]``
  is a NUMBER field.
* NUMBER, BOOLEAN, STRING, ANY map to themselves.
* Literals map to the scalar of their value (``%open`` -> STRING, ``3`` -> NUMBER,
  ``true`` -> BOOLEAN).
* A collection enum holds item keys of another collection: STRING. A map enum holds the
  chosen id: STRING when every id is a string, NUMBER when every id is a number, else ANY.
* DATE, DATEONLY, TIMEONLY, DATERANGE, COLOR, CURRENCY, DICTIONARY and both array types
  carry JSON objects or lists, which none of BOOLEAN/STRING/NUMBER describes: ANY.
  (There is no DATE in the Data Service vocabulary; inventing one would break clients that
  validate against the documented four.)
* A union whose remaining members map to one type maps to it; any other union -> ANY.

The reverse direction (a Data Service collection seen by connector code) maps each string to
the scalar of the same name, unknown strings to ANY.
"""

from __future__ import annotations

from typing import Any

from pellucid.protocol.fieldtypes import (
    CollectionEnumFieldType,
    FieldType,
    LiteralFieldType,
    MapEnumFieldType,
    ScalarFieldType,
    deserialize_field_type,
)

__all__ = ["DATA_SERVICE_FIELD_TYPES", "data_service_field_type", "field_type_from_data_service"]

DATA_SERVICE_FIELD_TYPES = ("BOOLEAN", "STRING", "NUMBER", "ANY")

_SCALARS = {
    ScalarFieldType.ANY: "ANY",
    ScalarFieldType.NUMBER: "NUMBER",
    ScalarFieldType.BOOLEAN: "BOOLEAN",
    ScalarFieldType.STRING: "STRING",
}


def data_service_field_type(t: FieldType | Any) -> str:
    """The Data Service ``fieldType`` for a connector field type (see module docstring).

    Takes a field type object or its wire JSON (as found in a ``dataSource/update`` schema).
    """
    if isinstance(t, (str, dict)) or (
        isinstance(t, list) and any(isinstance(x, (str, dict)) for x in t)
    ):
        t = deserialize_field_type(t)
    members = list(t) if isinstance(t, (list, tuple)) else [t]
    members = [m for m in members if not _is_null(m)]
    kinds = {_base(m) for m in members}
    return kinds.pop() if len(kinds) == 1 else "ANY"


def _is_null(t: Any) -> bool:
    return isinstance(t, int) and not isinstance(t, bool) and t == ScalarFieldType.NULL


def _base(t: Any) -> str:
    if isinstance(t, int) and not isinstance(t, bool):
        return _SCALARS.get(ScalarFieldType(t), "ANY")
    if isinstance(t, LiteralFieldType):
        v = t.literal
        return "BOOLEAN" if isinstance(v, bool) else "STRING" if isinstance(v, str) else "NUMBER"
    if isinstance(t, CollectionEnumFieldType):
        return "STRING"
    if isinstance(t, MapEnumFieldType):
        ids = {("STRING" if isinstance(k, str) else "NUMBER") for k in t.entries}
        return ids.pop() if len(ids) == 1 else "ANY"
    return "ANY"


def field_type_from_data_service(field_type: str) -> ScalarFieldType:
    """The connector scalar for a Data Service ``fieldType`` string (unknown -> ANY)."""
    return (
        ScalarFieldType.__members__.get(field_type.upper(), ScalarFieldType.ANY)
        if field_type.upper() in DATA_SERVICE_FIELD_TYPES
        else ScalarFieldType.ANY
    )
