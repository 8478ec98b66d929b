"""The reference semantics of a filter over one item, in plain Python.

The server filters in SQL (`sql.py`); this is the oracle the translation is tested against, so
it states each rule of seed 001's "Comparisons and Type Coercion" as directly as possible.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ...store.values import contains_number, contains_text, number_key, text_key
from .nodes import (
    ORDERINGS,
    And,
    ArrayConstant,
    Comparison,
    Node,
    Not,
    Or,
    Scalar,
    StringConstant,
    chain,
)


def matches(node: Node, fields: Mapping[str, Any]) -> bool:
    """Whether an item with these field values passes the filter (a missing field is null)."""
    match node:
        case Comparison():
            return _compare(node, fields.get(node.field))
        case Not(operand=operand):
            return not matches(operand, fields)
        case And():
            return all(matches(operand, fields) for operand in chain(node))
        case Or():
            return any(matches(operand, fields) for operand in chain(node))
    raise TypeError(f"not a filter node: {node!r}")


def _compare(comparison: Comparison, value: Any) -> bool:
    constant = comparison.constant
    if isinstance(constant, ArrayConstant):
        # Only IN reads an array; IN is true when the value equals any element.
        return comparison.op == "IN" and any(_scalar(item, "=", value) for item in constant.values)
    if comparison.op == "IN":  # a lone constant is a one-element array
        return _scalar(constant, "=", value)
    if comparison.op == "CONTAINS":
        if isinstance(constant, StringConstant):
            return contains_text(text_key(value), constant.value.lower())
        return contains_number(text_key(value), constant.value)
    return _scalar(constant, comparison.op, value)


def _scalar(constant: Scalar, op: str, value: Any) -> bool:
    """One ordering against one constant: false unless the value is comparable with it."""
    if isinstance(constant, StringConstant):
        key: Any = text_key(value)
        wanted: Any = constant.value.lower()
    else:
        key, wanted = number_key(value), constant.value
        if math.isnan(wanted):  # a NaN constant is comparable with nothing, even for !=
            return False
    return key is not None and ORDERINGS[op](key, wanted)
