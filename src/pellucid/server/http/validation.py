"""Checks on request input that answer one clear 400 per mistake, naming the offending field.

Every API validates through this module. Whether a field is required, and whether `3.0` counts
as an integer, is stated at each call site: the APIs differ there, so no default decides it.
"""

from __future__ import annotations

import re
import uuid
from typing import Any, Iterable

from .errors import bad_request, too_many_items
from .request import Request

_MISSING = object()
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
INT32 = (-(2**31), 2**31 - 1)  # an INTEGER column on PostgreSQL
INT64 = (-(2**63), 2**63 - 1)  # a BIGINT column, and any integer SQLite stores
# A JSON string, or (group 1) the `},{` between two objects of an array.
_STRING_OR_SEPARATOR = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|(}\s*,\s*{)')


def body(request: Request) -> dict[str, Any]:
    """The request's JSON object body (400 when it is empty, not JSON, or not an object)."""
    return expect_object(request.json())


def expect_object(value: Any, what: str = "The request body") -> dict[str, Any]:
    """`value` when it is a JSON object."""
    if not isinstance(value, dict):
        raise bad_request(f"{what} must be a JSON object")
    return value


def expect_array(value: Any, what: str = "The request body") -> list[Any]:
    """`value` when it is a JSON array."""
    if not isinstance(value, list):
        raise bad_request(f"{what} must be a JSON array")
    return value


def object_array(request: Request, limit: int) -> list[Any]:
    """The request's JSON array body of at most `limit` entries (413 beyond). Counted before the
    body is parsed when it might be over: parsed, a body of small objects (`[{},{},...]`) takes
    ~25 times its size in memory, so a 3 MB body would cost 80 MB before the count could say no."""
    if _more_objects_than(request.body, limit):
        raise too_many_items(limit)
    entries = expect_array(request.json())
    if len(entries) > limit:
        raise too_many_items(limit, len(entries))
    return entries


def _more_objects_than(body: bytes, limit: int) -> bool:
    """Whether a JSON array of objects holds more than `limit` of them. Outside strings `},{`
    only separates objects, so this is exact for a valid body; it stops at the limit, holding
    one match at a time."""
    if body.count(b"{") <= limit:
        return False
    separators = 0
    for match in _STRING_OR_SEPARATOR.finditer(body):
        if match.lastindex:
            separators += 1
            if separators == limit:
                return True
    return False


def at_most(count: int, limit: int) -> None:
    """A 413 when a request names more than `limit` items."""
    if count > limit:
        raise too_many_items(limit, count)


def string(data: dict[str, Any], field: str, *, required: bool, allow_empty: bool = False,
           max_length: int | None = None) -> str | None:
    """A string member; None when absent or null and not `required`."""
    value = data.get(field, _MISSING)
    if value is _MISSING or value is None:
        if required:
            raise bad_request(f"{field} is required")
        return None
    if not isinstance(value, str):
        raise bad_request(f"{field} must be a string")
    if not allow_empty and not value.strip():
        raise bad_request(f"{field} must not be empty")
    if max_length is not None:
        text_length(value, field, max_length)
    return value


def choice(data: dict[str, Any], field: str, options: Iterable[str], *, required: bool) -> str | None:
    """A member that must be one of `options`; None when absent or null and not `required`."""
    options = tuple(options)
    value = data.get(field)
    if value is None:
        if required:
            raise bad_request(f"{field} is required; one of: {', '.join(options)}")
        return None
    if value not in options:
        raise bad_request(f"{field} must be one of: {', '.join(options)}; got {value!r}")
    return value


def boolean(data: dict[str, Any], field: str) -> bool | None:
    """A true/false member, or None when absent or null."""
    value = data.get(field)
    if value is not None and not isinstance(value, bool):
        raise bad_request(f"{field} must be true or false")
    return value


def integer(data: dict[str, Any], field: str, *, integral_floats: bool, bounds: tuple[int, int]) -> int | None:
    """An integer member within `bounds` (inclusive: what its column holds), or None when absent
    or null. `integral_floats`: accept `3.0` as 3 (the Data Service reads numbers that way; the
    REST API wants an integer literal)."""
    value = data.get(field)
    if value is None:
        return None
    if isinstance(value, float) and integral_floats and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f"{field} must be an integer")
    if not bounds[0] <= value <= bounds[1]:
        raise bad_request(f"{field} must be an integer from {bounds[0]} to {bounds[1]}; got {value}")
    return value


def obj(data: dict[str, Any], field: str) -> dict | None:
    """A JSON object member, or None when absent or null."""
    value = data.get(field)
    if value is not None and not isinstance(value, dict):
        raise bad_request(f"{field} must be a JSON object")
    return value


def scalar(value: Any, what: str, *, max_length: int) -> Any:
    """A field value: a JSON string of at most `max_length` characters, number, boolean or null."""
    if value.__class__ is str:
        text_length(value, what, max_length)
        return value
    if value is None or isinstance(value, (bool, int, float)):
        return value
    raise bad_request(f"{what} must be a string, number, boolean or null")


def text_length(value: str, what: str, max_length: int) -> None:
    """A 400 naming the limit when `value` is longer than `max_length` characters."""
    if len(value) > max_length:
        raise bad_request(f"{what} must be at most {max_length} characters; got {len(value)}")


def properties(value: Any, what: str = "properties", *, max_name_length: int) -> dict[str, Any]:
    """A property map: string keys (at most `max_name_length` characters) to JSON values (the
    doc's Map[String, JsValue])."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise bad_request(f"{what} must be a JSON object of property names to values")
    for name in value:
        text_length(name, f"A name in {what}", max_name_length)
    return value


def name_list(text: str | None, parameter: str) -> list[str]:
    """A comma-separated query parameter such as `?properties=a,b`."""
    names = [part.strip() for part in (text or "").split(",") if part.strip()]
    if not names:
        raise bad_request(f"the {parameter} query parameter is required, e.g. ?{parameter}=a,b")
    return names


def uuid_text(value: Any, field: str) -> str:
    """A canonical lower-case UUID string; 400 for anything else."""
    if isinstance(value, str) and len(value) == 36:
        try:
            return str(uuid.UUID(value))
        except ValueError:
            pass
    raise bad_request(f"{field} must be a UUID such as 110808fd-4553-4316-bccf-4f25ff59a532; got {value!r}")


def is_digits(text: str, max_digits: int = 18) -> bool:
    """1 to `max_digits` ASCII digits: `str.isdigit()` alone also takes "²" and "١", which
    int() then refuses or reads as another number."""
    return 0 < len(text) <= max_digits and text.isascii() and text.isdigit()


def number_id(value: str, field: str) -> int:
    """A numeric path id (users, folders, groups); 400 when it is not a number."""
    if not is_digits(value):
        raise bad_request(f"{field} must be a number; got {value!r}")
    return int(value)


def email(value: Any, field: str) -> str:
    """A plausible email address, trimmed."""
    if not isinstance(value, str) or not EMAIL.match(value.strip()):
        raise bad_request(f"{field} must be an email address; got {value!r}")
    return value.strip()
