"""The immutable syntax tree of a Data Item filter, shared by the evaluator and the SQL
translation."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class StringConstant:
    value: str


@dataclass(frozen=True, slots=True)
class NumberConstant:
    # Compared by its text: a NaN value would otherwise make equal trees unequal.
    value: float = field(compare=False)
    text: str


Scalar = StringConstant | NumberConstant


@dataclass(frozen=True, slots=True)
class ArrayConstant:
    # Seed 001 documents arrays of strings; numbers are accepted too and compare numerically,
    # like the one-element array a number constant makes with IN.
    values: tuple[Scalar, ...]


Constant = Scalar | ArrayConstant

OPERATORS = ("=", "!=", ">", ">=", "<", "<=", "IN", "CONTAINS")

# The six orderings, applicable alike to Python keys and to SQLAlchemy column expressions.
ORDERINGS: dict[str, Callable[[Any, Any], Any]] = {
    "=": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}


@dataclass(frozen=True, slots=True)
class Comparison:
    field: str
    op: str  # one of OPERATORS; IN and CONTAINS upper-case
    constant: Constant


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class And:
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Or:
    left: Node
    right: Node


Node = Comparison | Not | And | Or


def chain(node: And | Or) -> list[Node]:
    """The operands of a run of one binary operator, left to right, without recursion.

    `a AND b AND c ...` parses left-deep and a 4096-character filter chains hundreds of them,
    so consumers walk the run flat instead of recursing through it.
    """
    kind = type(node)
    operands: list[Node] = []
    pending: list[Node] = [node]
    while pending:
        current = pending.pop()
        if type(current) is kind:
            pending += (current.right, current.left)  # type: ignore[union-attr]
        else:
            operands.append(current)
    return operands


def field_names(node: Node) -> list[str]:
    """Every field a filter compares, once each, in order of appearance."""
    names: dict[str, None] = {}
    pending: list[Node] = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, Comparison):
            names.setdefault(current.field)
        elif isinstance(current, Not):
            pending.append(current.operand)
        else:
            pending += (current.right, current.left)
    return list(names)
