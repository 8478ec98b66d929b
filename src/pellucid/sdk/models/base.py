"""`Model`: the base of every typed resource.

A model is a dataclass whose fields map to the JSON keys of Lucid's resource (camelCase by
default, as the APIs spell them). `from_json` converts what it knows (datetimes, nested models,
lists of models) from the field annotations and keeps every key it does not know in `extra`, so
fields Lucid adds later survive a round trip through `to_json`.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar, Union

M = TypeVar("M", bound="Model")

_Converter = Callable[[Any], Any]


def parse_datetime(value: Any) -> datetime | None:
    """An RFC 3339 DateTime (`2020-06-26T16:29:37Z`, with or without fractions) as aware UTC."""
    if value is None or isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def format_datetime(value: datetime) -> str:
    """The RFC 3339 form Lucid prints: UTC, `Z`, milliseconds only when there are any."""
    value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if value.microsecond:
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def camel(name: str) -> str:
    """A Python attribute name as the API's camelCase (a trailing `_` is dropped)."""
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@dataclasses.dataclass(frozen=True)
class _Field:
    attr: str
    key: str
    load: _Converter | None
    dump: _Converter | None


def _strip_optional(hint: Any) -> Any:
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def _converters(hint: Any) -> tuple[_Converter | None, _Converter | None]:
    """How to load and dump a value of this annotation; None means "as it is"."""
    hint = _strip_optional(hint)
    if hint is datetime:
        return parse_datetime, format_datetime
    if isinstance(hint, type) and issubclass(hint, Model):
        model = hint
        return (lambda v: model.from_json(v) if isinstance(v, Mapping) else v), (lambda v: v.to_json())
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint) or (Any,)
        load, dump = _converters(item)
        if load is None:
            return None, None
        return (
            (lambda v: [load(x) if x is not None else None for x in v] if isinstance(v, list) else v),
            (lambda v: [dump(x) if x is not None else None for x in v]),  # type: ignore[misc]
        )
    return None, None


@dataclasses.dataclass
class Model:
    """Base of the SDK's resource models (see the module docstring)."""

    #: JSON key spelling of the subclass's fields: "camel" (Lucid's resources) or "snake" (OAuth).
    json_case: ClassVar[str] = "camel"
    #: Explicit JSON keys for fields whose name cannot follow the rule (e.g. `class_` -> "class").
    json_keys: ClassVar[Mapping[str, str]] = {}
    _field_cache: ClassVar[list[_Field]]  # set per subclass on first use

    extra: dict[str, Any] = dataclasses.field(default_factory=dict, kw_only=True, repr=False, compare=False)

    @classmethod
    def _fields(cls) -> list[_Field]:
        cached = cls.__dict__.get("_field_cache")
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        hints = typing.get_type_hints(cls)
        fields = []
        for f in dataclasses.fields(cls):
            if f.name == "extra":
                continue
            key = cls.json_keys.get(f.name) or (camel(f.name) if cls.json_case == "camel" else f.name.rstrip("_"))
            fields.append(_Field(f.name, key, *_converters(hints[f.name])))
        cls._field_cache = fields
        return fields

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> typing.Self:
        """Build the model from a JSON object; unknown keys go to `extra`."""
        known: dict[str, Any] = {}
        keys = set()
        for f in cls._fields():
            keys.add(f.key)
            if f.key in data:
                value = data[f.key]
                known[f.attr] = f.load(value) if f.load is not None and value is not None else value
        extra = {k: v for k, v in data.items() if k not in keys}
        model = cls(**known, extra=extra)
        model.__dict__["_received"] = frozenset(data)
        return model

    def to_json(self) -> dict[str, Any]:
        """The JSON object again, unknown keys included (for "modify and send back" endpoints).

        A field that is None is left out unless the received object had it (as null)."""
        received = self.__dict__.get("_received", frozenset())
        out: dict[str, Any] = {}
        for f in self._fields():
            value = getattr(self, f.attr)
            if value is None:
                if f.key in received:
                    out[f.key] = None
                continue
            out[f.key] = f.dump(value) if f.dump is not None else value
        out.update(self.extra)
        return out
