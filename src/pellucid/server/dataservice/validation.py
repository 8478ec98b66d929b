"""Checks on request bodies that answer 400 with a message naming the offending field."""

from __future__ import annotations

from typing import Any, Iterable

from ..http.errors import bad_request

_MISSING = object()


def expect_object(body: Any, what: str = "The request body") -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad_request(f"{what} must be a JSON object")
    return body


def expect_array(body: Any, what: str = "The request body") -> list[Any]:
    if not isinstance(body, list):
        raise bad_request(f"{what} must be a JSON array")
    return body


def string(body: dict[str, Any], name: str, *, required: bool = True, allow_empty: bool = False) -> str | None:
    value = body.get(name, _MISSING)
    if value is _MISSING or value is None:
        if required:
            raise bad_request(f"{name} is required")
        return None
    if not isinstance(value, str):
        raise bad_request(f"{name} must be a string")
    if not allow_empty and not value.strip():
        raise bad_request(f"{name} must not be empty")
    return value


def boolean(body: dict[str, Any], name: str) -> bool | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise bad_request(f"{name} must be true or false")
    return value


def integer(body: dict[str, Any], name: str) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or int(value) != value:
        raise bad_request(f"{name} must be an integer")
    return int(value)


def choice(body: dict[str, Any], name: str, allowed: Iterable[str], *, required: bool = True) -> str | None:
    value = string(body, name, required=required)
    allowed = tuple(allowed)
    if value is not None and value not in allowed:
        raise bad_request(f"{name} must be one of {', '.join(repr(a) for a in allowed)}; got {value!r}")
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
