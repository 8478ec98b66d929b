"""The Data Item filter language: parser, reference evaluator and SQL translation.

    node = parse('age > 21 AND NOT last_name IN ("Smith", "Wesson")')  # FilterSyntaxError
    where = to_sql(node, resolve, "sqlite")  # resolve(field) -> FieldColumns | None
    matches(node, {"age": "30", "last_name": "Jones"})  # the reference, for tests
"""

from .evaluate import matches
from .nodes import (
    And,
    ArrayConstant,
    Comparison,
    Constant,
    Node,
    Not,
    NumberConstant,
    Or,
    StringConstant,
    field_names,
)
from .parser import MAX_DEPTH, MAX_FILTER_LENGTH, FilterSyntaxError, parse
from .sql import FieldColumns, to_sql

__all__ = [
    "MAX_DEPTH",
    "MAX_FILTER_LENGTH",
    "And",
    "ArrayConstant",
    "Comparison",
    "Constant",
    "FieldColumns",
    "FilterSyntaxError",
    "Node",
    "Not",
    "NumberConstant",
    "Or",
    "StringConstant",
    "matches",
    "parse",
    "field_names",
    "to_sql",
]
