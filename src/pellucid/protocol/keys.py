"""Item keys: ``FormattedPrimaryKey`` of the official SDK, reproduced to the character.

A key is ``JSON.stringify([v1, v2, ...])`` without the outer brackets, over the key fields
sorted in JS default order (UTF-16 code units). Keys are opaque strings compared exactly, so
JS number and string formatting matter: ``15``, ``"a1"`` (quotes included), ``"John","Smith",7``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from pellucid.protocol.jsjson import JsOrdered, js_number, stringify

__all__ = ["FormattedPrimaryKey", "format_key", "js_sorted"]

_MAX_SAFE = 2**53
_MAX_INDEX = 4294967294


def js_sorted(names: Iterable[str]) -> list[str]:
    """Sort like JS ``Array.prototype.sort()`` on strings (UTF-16 code unit order)."""
    return sorted(names, key=lambda s: s.encode("utf-16-be", "surrogatepass"))


def _value(v: Any) -> str:
    c = v.__class__
    if c is int and -_MAX_SAFE <= v <= _MAX_SAFE:
        return str(v)
    if c is str and v.isprintable() and '"' not in v and "\\" not in v:
        return '"' + v + '"'  # isprintable() is False for every char JSON must escape
    if c is float:
        return js_number(v)
    return stringify(v)


def _fast_keys(values: list) -> tuple[Iterable[str], bool] | None:
    """Keys for all-int or all-plain-string values without a per-item Python call, and
    whether they are already in JS object order (ascending array indices)."""
    kinds = set(map(type, values))
    if kinds == {int} and -_MAX_SAFE <= min(values) and max(values) <= _MAX_SAFE:
        ordered = (
            values[0] >= 0 and values[-1] <= _MAX_INDEX and all(map(int.__lt__, values, values[1:]))
        )
        return map(str, values), ordered
    if kinds == {str}:
        joined = "".join(values)
        if joined.isprintable() and '"' not in joined and "\\" not in joined:
            return map('"{}"'.format, values), True  # never array indices: JS keeps insertion order
    return None


def format_key(values: Sequence[Any]) -> str:
    """``FormattedPrimaryKey.serializeList``: join the JSON of each value with commas."""
    return ",".join(_value(v) for v in values)


class FormattedPrimaryKey:
    """Turns items into their key strings for a given set of key fields."""

    __slots__ = ("elements", "_single")

    def __init__(self, *elements: str) -> None:
        self.elements: tuple[str, ...] = tuple(js_sorted(elements))
        self._single = self.elements[0] if len(self.elements) == 1 else None

    def key_map(self, items: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
        """``{for_item(item): item}`` (a later duplicate wins, in the first one's place), in
        JS object order. Single-field integer or plain-string keys take a C-speed path."""
        items = items if isinstance(items, list) else list(items)
        if self._single is not None and items:
            try:
                values = list(map(itemgetter(self._single), items))
            except (KeyError, TypeError):
                values = None
            fast = _fast_keys(values) if values is not None else None
            if fast is not None:
                keys, ordered = fast
                out = (JsOrdered if ordered else dict)(zip(keys, items))
                return out if len(out) == len(items) else dict(out)
        return {self.for_item(item): item for item in items}

    def for_item(self, item: Mapping[str, Any]) -> str:
        """The key of one item; a missing key field counts as null."""
        if self._single is not None:
            return _value(item.get(self._single))
        return ",".join(_value(item.get(f)) for f in self.elements)

    def __repr__(self) -> str:
        return f"FormattedPrimaryKey{self.elements!r}"
