"""Request body validation with one clear 400 per mistake."""

from __future__ import annotations

import re
import uuid
from typing import Any, Iterable

from ..http.errors import bad_request
from ..http.request import Request

_MISSING = object()
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def body(request: Request, *, required: bool = True) -> dict[str, Any]:
    """The JSON object body; `{}` for an empty body when it is optional."""
    if not request.body.strip() and not required:
        return {}
    data = request.json()
    if not isinstance(data, dict):
        raise bad_request("The request body must be a JSON object")
    return data


def string(data: dict, field: str, *, required: bool = False, allow_empty: bool = False,
           max_length: int | None = None) -> str | None:
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


def choice(data: dict, field: str, options: Iterable[str], *, required: bool = False) -> str | None:
    options = tuple(options)
    value = data.get(field)
    if value is None:
        if required:
            raise bad_request(f"{field} is required; one of: {', '.join(options)}")
        return None
    if value not in options:
        raise bad_request(f"{field} must be one of: {', '.join(options)}; got {value!r}")
    return value


def boolean(data: dict, field: str) -> bool | None:
    value = data.get(field)
    if value is not None and not isinstance(value, bool):
        raise bad_request(f"{field} must be true or false")
    return value


def integer(data: dict, field: str) -> int | None:
    value = data.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f"{field} must be an integer")
    return value


def obj(data: dict, field: str) -> dict | None:
    value = data.get(field)
    if value is not None and not isinstance(value, dict):
        raise bad_request(f"{field} must be a JSON object")
    return value


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
    if not isinstance(value, str) or not EMAIL.match(value.strip()):
        raise bad_request(f"{field} must be an email address; got {value!r}")
    return value.strip()
