"""Shared material of the filter tests: item corpora, a shadow-column item table on a real
database, and hypothesis strategies for filter trees together with a renderer to filter text."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from hypothesis import strategies as st

from pellucid.server.dataservice.filters.nodes import (
    OPERATORS,
    And,
    ArrayConstant,
    Comparison,
    Node,
    Not,
    NumberConstant,
    Or,
    StringConstant,
)
from pellucid.server.dataservice.filters.sql import FieldColumns, to_sql
from pellucid.server.store.items import NUMBER_KEY_TYPE, TEXT_KEY_TYPE
from pellucid.server.store.values import number_key, parse_java_double, text_key

# ---------------------------------------------------------------------- corpora

# Items of the docs' examples; `id` is the item's key in the assertions.
DOC_ITEMS: list[dict[str, Any]] = [
    {"id": 1, "name": "James", "age": "30", "first_name": "Chris", "last_name": "Smith",
     "as_adult": "true", "full name": "John Smith", "I can't even": "yes", "tags": "a, b ,c"},
    {"id": 2, "name": "james", "age": "21", "first_name": "chris", "last_name": "Jones",
     "as_adult": "false", "full name": "JOHN SMITH", "tags": "b"},
    {"id": 3, "name": "Peter", "age": "25", "first_name": "Anna", "last_name": "Wesson",
     "as_adult": "TRUE", "tags": "1, 2.0 ,0x3p0"},
    {"id": 4, "name": "Paul", "age": "9", "first_name": "Chris", "last_name": "Miller",
     "as_adult": "false", "tags": ""},
    {"id": 5, "name": "Mary", "age": "7", "last_name": "smith", "as_adult": "true"},
    {"id": 6, "name": "Thomas", "age": "a", "first_name": "CHRIS", "as_adult": None},
    {"id": 7, "name": "Susan", "age": "0.0", "first_name": "Chris", "last_name": "Wesson"},
    {"id": 8, "age": "0", "name": "0"},
    {"id": 9, "age": 12.5, "name": None, "as_adult": True, "tags": "x,Infinity"},
]

# Field values that probe the coercions: numeric strings in Java's spellings, text that only
# looks numeric, case and non-ASCII case folding, comma lists for CONTAINS, non-string JSON.
VALUE_POOL: list[Any] = [
    None, "", " ", "0", "0.0", "-0", "+0.0", "1e3", "1E3", "1000", "1000.0", " 12 ", "12", "\t7\n",
    "NaN", "nan", "Infinity", "-Infinity", "infinity", "0x1p3", "0X10P-1", "8d", "1.5f", "1_000",
    "١٢", "a", "A", "b", "B", "abc", "ABC", "abd", "Z", "z", "é", "É", "e", "ß", "SS", "İ", "i",
    "日本", "🙂", "a,b", "A, b ,c", ",", " , ", ",,", "1,2,3", "1, 2.0 ,0x3p0", "x,Infinity",
    "b,a", "a b", "true", "TRUE", "false", 0, 1, -3, 12, 12.5, 1e300, -1e-300, True, False,
    {"k": 1}, ["a", "b"], "a\x01", "\x1fz", "a\u00a0",
]

FIELD_NAMES = ["name", "age", "tags", "full name", "I can't even", 'q"uo`te', "not", "and", "x(y)"]
ABSENT_FIELD = "absent"  # filters may name it; the schema does not have it

STRING_CONSTANTS = [
    "", " ", "0", "0.0", "1e3", "12", " 12 ", "7", "a", "A", "b", "abc", "ABD", "z", "é", "É",
    "ss", "ß", "i̇", "日本", "🙂", "nan", "infinity", "true", "c", "2.0", "a,b", "{\"k\":1}",
]
NUMBER_TEXTS = [
    "0", "-0", "0.0", "1e3", "1000", "12", "7", "12.5", "-3", "1", "2", "3", "8", "1e300",
    "Infinity", "-Infinity", "NaN", "0x1p3", "5d", ".5", "-1e-300",
]


def make_items(seed: int, count: int) -> list[dict[str, Any]]:
    """Items drawing each field from VALUE_POOL (or leaving it out)."""
    rnd = random.Random(seed)
    items = []
    for item_id in range(1, count + 1):
        item: dict[str, Any] = {"id": item_id}
        for name in FIELD_NAMES:
            if rnd.random() < 0.85:
                item[name] = rnd.choice(VALUE_POOL)
        items.append(item)
    return items


# ---------------------------------------------------------------------- the item table


@dataclass
class ItemTable:
    """Items in one table, each field stored as its two shadow columns, as the server does."""

    engine: sa.Engine
    fields: list[str]
    table: sa.Table

    @classmethod
    def create(cls, engine: sa.Engine, name: str, fields: list[str],
               items: list[dict[str, Any]]) -> ItemTable:
        metadata = sa.MetaData()
        columns: list[sa.Column] = [sa.Column("id", sa.Integer, primary_key=True)]
        for index in range(len(fields)):
            columns += [
                sa.Column(f"f{index}_text", TEXT_KEY_TYPE, index=True),
                sa.Column(f"f{index}_number", NUMBER_KEY_TYPE, index=True),
            ]
        table = sa.Table(name, metadata, *columns)
        with engine.begin() as conn:
            metadata.drop_all(conn)
            metadata.create_all(conn)
            rows = []
            for item in items:
                row = {"id": item["id"]}
                for index, field in enumerate(fields):
                    row[f"f{index}_text"] = text_key(item.get(field))
                    row[f"f{index}_number"] = number_key(item.get(field))
                rows.append(row)
            conn.execute(table.insert(), rows)
        return cls(engine, fields, table)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def resolve(self, field: str) -> FieldColumns | None:
        if field not in self.fields:
            return None
        index = self.fields.index(field)
        return FieldColumns(self.table.c[f"f{index}_text"], self.table.c[f"f{index}_number"])

    def query(self, node: Node) -> sa.Select:
        return sa.select(self.table.c.id).where(to_sql(node, self.resolve, self.dialect))

    def select_ids(self, node: Node) -> set[int]:
        with self.engine.connect() as conn:
            return set(conn.execute(self.query(node)).scalars())


# ---------------------------------------------------------------------- generated filters

# Text that PostgreSQL can store: no NUL, no lone surrogates.
_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=4
)
strings = (st.sampled_from(STRING_CONSTANTS) | _text).map(StringConstant)
numbers = st.sampled_from(NUMBER_TEXTS).map(
    lambda text: NumberConstant(parse_java_double(text), text)
)
scalars = strings | numbers
arrays = st.lists(scalars, min_size=1, max_size=4).map(lambda values: ArrayConstant(tuple(values)))
comparisons = st.builds(
    Comparison,
    st.sampled_from([*FIELD_NAMES, ABSENT_FIELD]),
    st.sampled_from(OPERATORS),
    scalars | arrays,
)
filters = st.recursive(
    comparisons,
    lambda inner: (
        st.builds(Not, inner) | st.builds(And, inner, inner) | st.builds(Or, inner, inner)
    ),
    max_leaves=8,
)

_PRECEDENCE = {Or: 1, And: 2, Not: 3, Comparison: 4}
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def render(node: Node, rnd: random.Random) -> str:
    """Filter text that parses back to `node`, in randomly chosen spellings: quote characters,
    keyword case, spacing, bare or quoted field names."""

    def space() -> str:
        return rnd.choice([" ", "  ", "\t", "\n "])

    def keyword(word: str) -> str:
        return rnd.choice([word.upper(), word.lower(), word.title()])

    def quoted(text: str) -> str:
        quote = rnd.choice("\"'`")
        return quote + text.replace(quote, quote * 2) + quote

    def scalar(constant: StringConstant | NumberConstant) -> str:
        return constant.text if isinstance(constant, NumberConstant) else quoted(constant.value)

    def operand(child: Node, least: int) -> str:
        text = walk(child)
        return f"({text})" if _PRECEDENCE[type(child)] < least else text

    def walk(node: Node) -> str:
        match node:
            case Comparison(field=field, op=op, constant=constant):
                bare = _PLAIN_NAME.fullmatch(field) and field.lower() != "not"
                name = field if bare and rnd.random() < 0.7 else quoted(field)
                if isinstance(constant, ArrayConstant):
                    value = "(" + ("," + space()).join(map(scalar, constant.values)) + ")"
                else:
                    value = scalar(constant)
                if op.isalpha():
                    return f"{name}{space()}{keyword(op)}{space()}{value}"
                before, after = rnd.choice(["", " "]), rnd.choice(["", " "])
                return f"{name}{before}{op}{after}{value}"
            case Not(operand=inner):
                return f"{keyword('NOT')}{space()}{operand(inner, 3)}"
            case And(left=left, right=right) | Or(left=left, right=right):
                word, level = ("AND", 2) if isinstance(node, And) else ("OR", 1)
                return (f"{operand(left, level)}{space()}{keyword(word)}{space()}"
                        f"{operand(right, level + 1)}")
        raise TypeError(node)

    return walk(node)
