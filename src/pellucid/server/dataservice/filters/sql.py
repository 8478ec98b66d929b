"""Translate a filter tree into a SQLAlchemy Core WHERE clause over per-field shadow columns.

Each item field is stored with two derived columns written at insert time: its case-folded
string form (`store.values.text_key`) and its numeric coercion (`store.values.number_key`).
Filters then compare plain columns, so an index on either one serves equality and range filters.

The clause is two-valued: each comparison is `col IS NOT NULL AND <test>`, which is FALSE (never
NULL) for a null field, so SQL's NOT agrees with `evaluate.matches`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from .nodes import (
    ORDERINGS,
    And,
    ArrayConstant,
    Comparison,
    Node,
    Not,
    NumberConstant,
    Or,
    Scalar,
    StringConstant,
    chain,
)

DIALECTS = ("sqlite", "postgresql")


@dataclass(frozen=True, slots=True)
class FieldColumns:
    """The shadow columns of one field: `text_key` (NULL for null) and `number_key` (NULL when
    the value does not coerce to a number)."""

    text: ColumnElement[str]
    number: ColumnElement[float]


def to_sql(
    node: Node, resolve: Callable[[str], FieldColumns | None], dialect: str
) -> ColumnElement[bool]:
    """The WHERE clause selecting exactly the items `evaluate.matches` accepts.

    `resolve` maps a field name to its columns, or None for a field the collection does not
    have (every comparison on it is then FALSE). `dialect` is "sqlite" or "postgresql".
    """
    if dialect not in DIALECTS:
        raise ValueError(f"unsupported dialect {dialect!r}")

    def translate(node: Node) -> ColumnElement[bool]:
        match node:
            case Comparison():
                columns = resolve(node.field)
                return sa.false() if columns is None else _comparison(node, columns, dialect)
            case Not(operand=operand):
                return sa.not_(translate(operand))
            case And():
                return sa.and_(*map(translate, chain(node)))
            case Or():
                return sa.or_(*map(translate, chain(node)))
        raise TypeError(f"not a filter node: {node!r}")

    return translate(node)


def _comparison(comparison: Comparison, columns: FieldColumns, dialect: str) -> ColumnElement[bool]:
    constant = comparison.constant
    if isinstance(constant, ArrayConstant):
        return _member(constant.values, columns) if comparison.op == "IN" else sa.false()
    if comparison.op == "IN":
        return _member((constant,), columns)
    if comparison.op == "CONTAINS":
        return _contains(constant, columns.text)
    return _ordering(constant, comparison.op, columns, dialect)


def _ordering(
    constant: Scalar, op: str, columns: FieldColumns, dialect: str
) -> ColumnElement[bool]:
    if isinstance(constant, NumberConstant):
        if math.isnan(constant.value):
            return sa.false()
        return _guarded(columns.number, ORDERINGS[op](columns.number, constant.value))
    column = columns.text
    if dialect == "postgresql" and op not in ("=", "!="):
        column = column.collate("C")
    return _guarded(columns.text, ORDERINGS[op](column, constant.value.lower()))


def _member(scalars: tuple[Scalar, ...], columns: FieldColumns) -> ColumnElement[bool]:
    """IN: strings against the text column, numbers against the number column."""
    texts = sorted({s.value.lower() for s in scalars if isinstance(s, StringConstant)})
    numbers = sorted(
        {s.value for s in scalars if isinstance(s, NumberConstant) and not math.isnan(s.value)}
    )
    tests = []
    if texts:
        tests.append(_guarded(columns.text, columns.text.in_(texts)))
    if numbers:
        tests.append(_guarded(columns.number, columns.number.in_(numbers)))
    return sa.or_(sa.false(), *tests)


def _contains(constant: Scalar, text: ColumnElement[str]) -> ColumnElement[bool]:
    """CONTAINS runs in the database through the functions of `store.sqlfunctions`."""
    if isinstance(constant, StringConstant):
        test = sa.func.pellucid_contains_text(text, constant.value.lower(), type_=sa.Boolean)
    elif math.isnan(constant.value):
        return sa.false()
    else:
        needle: sa.BindParameter[float] = sa.bindparam(None, constant.value, type_=sa.Double())
        test = sa.func.pellucid_contains_number(text, needle, type_=sa.Boolean)
    return _guarded(text, test)


def _guarded(column: ColumnElement, test: ColumnElement[bool]) -> ColumnElement[bool]:
    return _Parenthesised(sa.and_(column.is_not(None), test))


class _Parenthesised(ColumnElement[bool]):
    """A boolean rendered in parentheses that an enclosing AND does not flatten into itself.

    SQLite parses `a AND b AND c ...` into a tree as deep as the chain is long and refuses
    trees deeper than 1000; a 4096-character filter can AND 511 comparisons, which as flat
    guard pairs would be 1022 terms. (SQLAlchemy's own Grouping is flattened away.)
    """

    inherit_cache = True
    _traverse_internals = [("clause", InternalTraversal.dp_clauseelement)]
    type = sa.Boolean()
    _is_implicitly_boolean = True  # else SQLite gets `(...) = 1`, which no index serves

    def __init__(self, clause: ColumnElement[bool]) -> None:
        self.clause = clause

    @property
    def _from_objects(self) -> list:
        return self.clause._from_objects


@compiles(_Parenthesised)
def _render_parenthesised(element: _Parenthesised, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.clause, **kw)})"
