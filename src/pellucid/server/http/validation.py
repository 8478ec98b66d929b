"""Checks on request input that answer one clear 400 per mistake, naming the offending field.

Every API validates through this module. Whether a field is required, and whether `3.0` counts
as an integer, is stated at each call site: the APIs differ there, so no default decides it.
"""

from __future__ import annotations

import re
import uuid
from typing import Any, Iterable

from .errors import bad_request
from .request import Request

_MISSING = object()
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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
    if max_length is not None and len(value) > max_length:
        raise bad_request(f"{field} must be at most {max_length} characters")
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


def integer(data: dict[str, Any], field: str, *, integral_floats: bool) -> int | None:
    """An integer member, or None when absent or null. `integral_floats`: accept `3.0` as 3 (the
    Data Service reads numbers that way; the REST API wants an integer literal)."""
    value = data.get(field)
    if value is None:
        return None
    if isinstance(value, bool):
        raise bad_request(f"{field} must be an integer")
    if isinstance(value, int):
        return value
    if integral_floats and isinstance(value, float) and value.is_integer():
        return int(value)
    raise bad_request(f"{field} must be an integer")


def obj(data: dict[str, Any], field: str) -> dict | None:
    """A JSON object member, or None when absent or null."""
    value = data.get(field)
    if value is not None and not isinstance(value, dict):
        raise bad_request(f"{field} must be a JSON object")
    return value


def scalar(value: Any, what: str) -> Any:
    """A field value: a JSON string, number, boolean or null."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise bad_request(f"{what} must be a string, number, boolean or null")


def properties(value: Any, what: str = "properties") -> dict[str, Any]:
    """A property map: string keys to JSON values (the doc's Map[String, JsValue])."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise bad_request(f"{what} must be a JSON object of property names to values")
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


def number_id(value: str, field: str) -> int:
    """A numeric path id (users, folders, groups); 400 when it is not a number."""
    if not value.isdigit() or len(value) > 18:
        raise bad_request(f"{field} must be a number; got {value!r}")
    return int(value)


def email(value: Any, field: str) -> str:
    """A plausible email address, trimmed."""
    if not isinstance(value, str) or not EMAIL.match(value.strip()):
        raise bad_request(f"{field} must be an email address; got {value!r}")
    return value.strip()
