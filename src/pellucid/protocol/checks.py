"""JavaScript type tests over parsed JSON, as the official SDK's validators write them
(`isString`, `isNumber`, `option(...)`, `nullableOption(...)`), shared by the protocol's
validators so each rule exists once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Check = Callable[[Any], bool]


def is_str(v: Any) -> bool:
    """``isString``."""
    return isinstance(v, str)


def is_num(v: Any) -> bool:
    """``isNumber``: a JSON number, never a boolean."""
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def is_bool(v: Any) -> bool:
    """``isBoolean``."""
    return isinstance(v, bool)


def is_obj(v: Any) -> bool:
    """``isObject`` over parsed JSON: a JSON object."""
    return isinstance(v, dict)


def is_str_list(v: Any) -> bool:
    """``isTypedArray(isString)``."""
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def is_objects(v: Any) -> bool:
    """A JSON object whose every value is an object (``isRecord(isObject)``)."""
    return isinstance(v, dict) and all(isinstance(x, dict) for x in v.values())


def opt(obj: Mapping, key: str, check: Check) -> bool:
    """``option(check)``: the key may be missing, but null does not pass."""
    return key not in obj or check(obj[key])


def nullable_opt(obj: Mapping, key: str, check: Check) -> bool:
    """``nullableOption(check)``: missing or null pass."""
    return obj.get(key) is None or check(obj[key])


def require(ok: bool, what: str, error: type[Exception]) -> None:
    """Raise `error(what)` unless `ok`."""
    if not ok:
        raise error(what)
