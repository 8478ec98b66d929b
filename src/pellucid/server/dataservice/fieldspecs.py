"""Validation of Field Definition objects in request bodies (I/O-free)."""

from __future__ import annotations

from typing import Any

from ..http import validation
from ..http.errors import bad_request
from ..settings import RequestLimits

# The Data Service documents BOOLEAN, STRING, NUMBER and ANY ("Some valid values are"); the
# richer types are those data connectors declare (see pellucid.protocol), stored as given.
FIELD_TYPES = frozenset({
    "BOOLEAN", "STRING", "NUMBER", "ANY",
    "DATE", "DATEONLY", "TIMEONLY", "DATERANGE", "COLOR", "CURRENCY", "DICTIONARY", "NULL",
})


def field_type(value: Any, what: str) -> str:
    """A field type normalised to upper case; 400 naming the allowed types otherwise."""
    if not isinstance(value, str) or value.upper() not in FIELD_TYPES:
        raise bad_request(f"{what} must be one of {', '.join(sorted(FIELD_TYPES))}; got {value!r}")
    return value.upper()


def new_field(spec: Any, position: int, limits: RequestLimits, what: str = "schema") -> dict[str, Any]:
    """A field to create from `{"name", "fieldType", "default"?, "order"?, "isPrimary"?, "label"?}`."""
    label = f"{what}[{position}]"
    spec = validation.expect_object(spec, label)
    name = validation.string(spec, "name", required=True, max_length=limits.max_name_length)
    field = {
        "name": name,
        "fieldType": field_type(spec.get("fieldType"), f"{label}.fieldType"),
        "order": _order(spec) if spec.get("order") is not None else position + 1,
        "isPrimary": validation.boolean(spec, "isPrimary") or False,
        "default": validation.scalar(spec.get("default"), f"{label}.default", max_length=limits.max_value_length),
        "label": validation.string(spec, "label", required=False, allow_empty=True, max_length=limits.max_name_length),
    }
    return field


def _order(spec: dict[str, Any]) -> int | None:
    return validation.integer(spec, "order", integral_floats=True, bounds=validation.INT32)


def new_schema(value: Any, limits: RequestLimits) -> list[dict[str, Any]]:
    """A new collection's validated fields (none when absent); field names must be unique."""
    if value is None:
        return []
    fields = [new_field(spec, i, limits) for i, spec in enumerate(validation.expect_array(value, "schema"))]
    names = [f["name"] for f in fields]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise bad_request(f"schema has more than one field named {', '.join(repr(d) for d in duplicates)}")
    return fields


def field_changes(spec: dict[str, Any], what: str, limits: RequestLimits) -> dict[str, Any]:
    """The editable attributes present in a Field Definition object, validated."""
    changes: dict[str, Any] = {}
    if "name" in spec:
        changes["name"] = validation.string(spec, "name", required=True, max_length=limits.max_name_length)
    if "fieldType" in spec:
        changes["fieldType"] = field_type(spec["fieldType"], f"{what}.fieldType")
    if "isPrimary" in spec and spec["isPrimary"] is not None:
        changes["isPrimary"] = validation.boolean(spec, "isPrimary")
    if "order" in spec and spec["order"] is not None:
        changes["order"] = _order(spec)
    if "default" in spec:
        changes["default"] = validation.scalar(spec["default"], f"{what}.default", max_length=limits.max_value_length)
    if "label" in spec:
        changes["label"] = validation.string(spec, "label", required=False, allow_empty=True, max_length=limits.max_name_length)
    return changes
