"""Build Data Service item filters without hand-quoting: `field("age") > 21 & ~field("name").in_(["A"])`.

The filter language (seed 001/002, "Data Item Filters") compares a field with a constant:
`=`, `!=`, `>`, `>=`, `<`, `<=`, `IN`, `CONTAINS`, combined with `NOT`, `AND`, `OR` and
parentheses. Field names and strings are quoted here with `"`, inner quotes doubled, so any
name or value is safe. Strings compare case-insensitively; a number constant compares numerically.
`str(filter)` is the text to pass as `filter=` (the items methods accept a `Filter` directly).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

Constant = str | int | float | bool


def quote(text: str) -> str:
    """A string literal of the filter language: double quotes, doubled inside."""
    return '"' + text.replace('"', '""') + '"'


def constant(value: Constant) -> str:
    """A constant as filter text; booleans compare as strings, non-finite floats by name."""
    if isinstance(value, bool):  # booleans compare through their string form
        return quote("true" if value else "false")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
        return repr(value)
    if isinstance(value, str):
        return quote(value)
    raise TypeError(f"a filter constant is a string or a number, not {type(value).__name__}")


class Filter:
    """A filter expression; combine with `&` (AND), `|` (OR) and `~` (NOT)."""

    def __init__(self, text: str, compound: bool = False) -> None:
        self.text = text
        self._compound = compound

    def _operand(self) -> str:
        return f"({self.text})" if self._compound else self.text

    def __and__(self, other: Filter) -> Filter:
        return Filter(f"{self._operand()} AND {other._operand()}", compound=True)

    def __or__(self, other: Filter) -> Filter:
        return Filter(f"{self._operand()} OR {other._operand()}", compound=True)

    def __invert__(self) -> Filter:
        return Filter(f"NOT {self._operand()}", compound=True)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Filter({self.text!r})"


class Field:
    """A field of the collection's schema, to compare with constants."""

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, name: str) -> None:
        self.name = name

    def _compare(self, operator: str, value: str) -> Filter:
        return Filter(f"{quote(self.name)} {operator} {value}")

    def __eq__(self, value: Constant) -> Filter:  # type: ignore[override]
        return self._compare("=", constant(value))

    def __ne__(self, value: Constant) -> Filter:  # type: ignore[override]
        return self._compare("!=", constant(value))

    def __gt__(self, value: Constant) -> Filter:
        return self._compare(">", constant(value))

    def __ge__(self, value: Constant) -> Filter:
        return self._compare(">=", constant(value))

    def __lt__(self, value: Constant) -> Filter:
        return self._compare("<", constant(value))

    def __le__(self, value: Constant) -> Filter:
        return self._compare("<=", constant(value))

    def in_(self, values: Iterable[Constant]) -> Filter:
        """True when the field equals one of `values`."""
        values = list(values)
        if not values:
            raise ValueError("IN needs at least one value")
        return self._compare("IN", "(" + ", ".join(constant(v) for v in values) + ")")

    def contains(self, value: Constant) -> Filter:
        """True when one of the field's comma-separated parts equals `value`."""
        return self._compare("CONTAINS", constant(value))


def field(name: str) -> Field:
    """A field reference to build filter expressions from, e.g. `field("Age") > 30`."""
    return Field(name)
